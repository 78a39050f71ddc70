import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Locator, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import type { ApiMethod, ApiOutput } from '../../src/shared/api'
import { launchChromium } from './browser'
import { type ServedApp, startServedApp } from './serve-process'

const ROOT = resolve(import.meta.dirname, '../..')

/** Where the browser tier leaves its screenshots and downloads; `test-results/` is gitignored. */
export const E2E_ARTIFACTS = join(ROOT, 'test-results/e2e')

/** A desktop-sized window, so screenshots show the app as people see it. */
const VIEWPORT = { width: 1440, height: 900 }

/** How long the UI may take to reflect a turn, a scenario run or a restart of the engine. */
const UI_WAIT_MS = 30_000

/** A fresh browser context (no sessionStorage carried over) with the app loaded and connected. */
export async function openApp(browser: Browser, appUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(appUrl)
  await page.locator('[data-app-state="ready"]').waitFor()
  return page
}

/** A served app with one Chromium page open on it; `close` stops both. */
export interface AppInChromium {
  app: ServedApp
  page: Page
  close(): Promise<void>
}

/** `credscope serve` (memory vault, temp store) and Debian's Chromium with the app loaded. */
export async function startAppInChromium(): Promise<AppInChromium> {
  const app = await startServedApp()
  const browser = await launchChromium().catch(async (error: unknown) => {
    await app.stop()
    throw error
  })
  return {
    app,
    page: await openApp(browser, app.ready.appUrl),
    async close() {
      await browser.close()
      await app.stop()
    }
  }
}

/**
 * For a test file: starts the app in Chromium before its tests and stops it after; the returned
 * handle's `app` and `page` are there once the tests run.
 */
export function useAppInChromium(): { readonly app: ServedApp; readonly page: Page } {
  let under: AppInChromium | undefined
  beforeAll(async () => {
    under = await startAppInChromium()
  })
  afterAll(() => under?.close())
  const started = (): AppInChromium => {
    if (!under) throw new Error('the app is not started yet: use it inside a test or hook')
    return under
  }
  return {
    get app() {
      return started().app
    },
    get page() {
      return started().page
    }
  }
}

/** A full-page PNG under test-results/e2e/, named after the flow and the moment. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(E2E_ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(E2E_ARTIFACTS, `${name}.png`), fullPage: true })
}

/** expect.poll with a wait long enough for real HTTP turns; vitest's default second is too short. */
export function poll<T>(read: () => Promise<T> | T): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout: UI_WAIT_MS })
}

/** The text of an element with its layout whitespace folded, as a person reads it. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim()
}

/**
 * Ticks or unticks a checkbox whose state comes back from the engine. Playwright's check()
 * insists the box flips at once, but these follow the server's answer a round trip later.
 */
export async function setChecked(box: Locator, on: boolean): Promise<void> {
  if ((await box.isChecked()) !== on) await box.click()
  await poll(() => box.isChecked()).toBe(on)
}

/** Sets the Explore view's form: a built-in scenario under hardened, with one flaw on or none. */
export async function setUpExplore(page: Page, file: string, flaw: string | null): Promise<void> {
  await page.getByTestId('nav-explore').click()
  await page.getByTestId('view-explore').waitFor()
  await page.getByTestId('explore-scenario').selectOption(file)
  await page.getByTestId('explore-config-profile-hardened').click()
  await page.getByTestId('explore-config-flaws').click()
  const on = page.locator('[data-testid^="explore-config-flaw-"]:checked')
  while ((await on.count()) > 0) await setChecked(page.getByTestId((await on.first().getAttribute('data-testid')) ?? ''), false)
  if (flaw) await setChecked(page.getByTestId(`explore-config-flaw-${flaw}`), true)
  await page.getByTestId('explore-config-flaws').click()
}

/** Waits for the app's next call of one API method and reads its answer. */
export function nextRpc<M extends ApiMethod>(page: Page, method: M): Promise<ApiOutput<M>> {
  return page
    .waitForResponse((r: Response) => r.url().endsWith(`/control/rpc/${method}`) && r.request().method() === 'POST', { timeout: UI_WAIT_MS * 2 })
    .then(async (r) => {
      expect(r.status(), `${method} answered ${r.status()}`).toBe(200)
      return (await r.json()) as ApiOutput<M>
    })
}

/** Picks the sender and types the message (one tool call per line) in the Session view's composer. */
export async function composeTurn(page: Page, sender: string, message: string): Promise<void> {
  await page.getByTestId('composer-sender').selectOption(sender)
  await page.getByTestId('composer-message').fill(message)
}
