import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { snap, textOf } from '../support/app-page'
import { type ServedApp, startServedApp } from '../support/serve-process'

// The web shell takes the per-launch token from its URL fragment only; without it, or with a
// wrong one, the page must say what to do instead of going blank or spinning forever.

let app: ServedApp
let browser: Browser

beforeAll(async () => {
  app = await startServedApp()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** The app page at `url` in a fresh context, so no token kept in sessionStorage carries over. */
async function openBare(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await page.goto(url)
  return page
}

describe('web shell token', () => {
  it('opened without #token= it explains that the appUrl printed by credscope serve is needed, and never reaches the engine', async () => {
    const controlCalls: string[] = []
    const page = await openBare('about:blank')
    page.on('request', (r) => {
      if (r.url().includes('/control/')) controlCalls.push(r.url())
    })
    await page.goto(app.ready.appUrl.replace(/#.*$/, ''))
    const fatal = page.locator('[data-app-state="error"]')
    await fatal.waitFor()
    expect(await textOf(fatal.locator('h1'))).toBe('credscope')
    expect(await textOf(fatal.locator('p'))).toBe('This page needs the per-launch token: open the appUrl that `credscope serve` printed (it ends in #token=…).')
    expect(await page.getByTestId('nav-session').count()).toBe(0)
    expect(controlCalls).toEqual([])
    await snap(page, 'token-1-missing')
  })

  it('opened with a stale or wrong token it says the engine refused it and to reopen the appUrl, instead of spinning on "Connecting"', async () => {
    const page = await openBare(app.ready.appUrl.replace(/#.*$/, '#token=not-the-launch-token'))
    const fatal = page.locator('[data-app-state="error"]')
    await fatal.waitFor()
    expect(await textOf(fatal.locator('p'))).toBe(
      "The engine refused this page's token: it belongs to another launch of credscope serve. Open the appUrl this launch printed (it ends in #token=…)."
    )
    expect(await page.locator('[data-app-state="loading"]').count()).toBe(0)
    // The fragment is taken out of the address bar either way, so the token never lingers there.
    expect(page.url()).not.toContain('#token=')
    await snap(page, 'token-2-wrong')
  })
})
