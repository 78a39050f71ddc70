import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { composeTurn, E2E_ARTIFACTS, nextRpc, setUpExplore, useAppInChromium } from '../support/app-page'

// Every view at a laptop's 1280×800 and a desktop's 1440×900, with real content in it: nothing
// that matters runs off the window or is cut inside it, the debugger's key hints are all on
// screen, and the sequence diagram keeps most of the room. Screenshots land in test-results/e2e/.

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 }
] as const

const FLAW = 'r12-mcp-credentials-owner-only'

const ui = useAppInChromium()

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(E2E_ARTIFACTS, { recursive: true })
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 }
  await page.screenshot({ path: join(E2E_ARTIFACTS, `layout-${name}-${width}x${height}.png`) })
}

/** What the checks read of an element (the tests compile without the DOM's types). */
interface Measured {
  scrollWidth: number
  clientWidth: number
  getBoundingClientRect(): { right: number }
  ownerDocument: { defaultView: { innerWidth: number } | null }
}

/** An element that scrolls sideways. */
interface Scroller {
  scrollWidth: number
  scrollTo(to: { left: number }): void
}

/** Each match shows its whole width: nothing scrolls sideways inside it, and it ends inside the window. */
async function fitsWidth(locator: Locator, what: string): Promise<void> {
  const all = await locator.all()
  expect(all.length, `${what} is on the page`).toBeGreaterThan(0)
  for (const [i, el] of all.entries()) {
    const m = await el.evaluate((e: Measured) => ({ scroll: e.scrollWidth, client: e.clientWidth, right: e.getBoundingClientRect().right, window: e.ownerDocument.defaultView?.innerWidth ?? 0 }))
    expect(m.scroll, `${what} #${i} is cut: ${m.scroll} px of content in ${m.client} px`).toBeLessThanOrEqual(m.client + 1)
    expect(m.right, `${what} #${i} ends past the window`).toBeLessThanOrEqual(m.window + 1)
  }
}

/** Each match is wholly inside the window. */
async function inWindow(locator: Locator, what: string): Promise<void> {
  const all = await locator.all()
  expect(all.length, `${what} is on the page`).toBeGreaterThan(0)
  const size = ui.page.viewportSize()!
  for (const [i, el] of all.entries()) {
    const box = await el.boundingBox()
    expect(box, `${what} #${i} is drawn`).not.toBeNull()
    expect(box!.x, `${what} #${i} starts left of the window`).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width, `${what} #${i} ends right of the window`).toBeLessThanOrEqual(size.width + 1)
    expect(box!.y + box!.height, `${what} #${i} ends below the window`).toBeLessThanOrEqual(size.height + 1)
  }
}

async function open(view: string): Promise<void> {
  await ui.page.getByTestId(`nav-${view}`).click()
  await ui.page.getByTestId(`view-${view}`).waitFor()
}

/** Two turns in alice's session, the matrix run, and R12's demonstration run: every view has content. */
async function fill(): Promise<void> {
  const page = ui.page
  await open('session')
  for (const who of ['user:alice', 'user:bob']) {
    const finished = page.locator('[data-testid="timeline-row"][data-status="finished"]')
    const before = await finished.count()
    await composeTurn(page, who, 'github.whoami\nmcp.docs.whoami')
    await page.getByTestId('composer-send').click()
    await finished.nth(before).waitFor()
  }
  await open('matrix')
  await page.getByTestId('matrix-run').click()
  await page.getByTestId('matrix-grid').waitFor()
  await open('scenarios')
  await page.getByTestId(`scenario-item-${FLAW}`).click()
  await page.getByTestId('scenario-mode-run').click()
  const ran = nextRpc(page, 'runScenario')
  await page.getByTestId('scenario-run').click()
  await ran
  await page.locator('[data-testid="scenario-result"]').waitFor()
}

describe('the app at laptop and desktop sizes', () => {
  beforeAll(fill)

  for (const size of SIZES) {
    it(`shows every view whole at ${size.width}×${size.height}`, async () => {
      const page = ui.page
      await page.setViewportSize(size)

      // Session: bob's turn open, an event selected, each inspector tab in turn.
      await open('session')
      await page.getByTestId('timeline-row').nth(1).click()
      await page.getByTestId('sequence-row').nth(12).click()
      await page.getByTestId('inspector-event').waitFor()
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.getByTestId('debugger-bar').locator('.sv-debugger-row'), 'the debugger bar')
      await fitsWidth(page.getByTestId('debugger-shortcuts'), 'the key hints')
      const hints = page.getByTestId('debugger-shortcuts').locator('.sv-shortcut')
      expect(await hints.count()).toBe(5)
      await inWindow(hints, 'a key hint')
      await fitsWidth(page.getByTestId('turn-header').locator('.sv-head-line'), 'a turn header line')
      await inWindow(page.getByTestId('turn-header').locator('button, input'), 'a turn header control')
      const main = (await page.locator('.main').boundingBox())!
      const diagram = (await page.getByTestId('sequence-diagram').boundingBox())!
      expect(diagram.width, 'the diagram’s share of the width').toBeGreaterThanOrEqual(main.width * 0.65)
      expect(diagram.height, 'the diagram’s share of the height').toBeGreaterThanOrEqual(size.height * 0.45)
      for (const tab of ['event', 'ledger', 'env'] as const) {
        await page.getByTestId(`inspector-tab-${tab}`).click()
        await fitsWidth(page.locator('.sv-inspector-body'), `the ${tab} tab`)
        await inWindow(page.getByTestId(`inspector-tab-${tab}`), `the ${tab} tab`)
        await shot(page, `session-${tab}`)
      }

      // World: every provider column of the users table and the opened flaw's whole title.
      await open('world')
      const expand = page.getByTestId(`flaw-expand-${FLAW}`)
      if ((await expand.getAttribute('aria-expanded')) !== 'true') await expand.click()
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.locator('.wv-main'), 'the world column')
      await fitsWidth(page.getByTestId('world-users').locator('.ui-table-wrap'), 'the users table')
      await fitsWidth(page.getByTestId('world-sessions').locator('.ui-table-wrap'), 'the sessions table')
      await inWindow(page.getByTestId('world-users').locator('th'), 'a users table heading')
      await fitsWidth(page.locator('.fl-row.open .fl-title'), 'the opened flaw’s title')
      await inWindow(page.getByTestId('profile-apply'), 'Apply and restart')
      await shot(page, 'world')

      // Matrix: its toolbar and summary fit; its 35 request columns scroll under a principal column that stays.
      await open('matrix')
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.locator('.mx-toolbar'), 'the matrix toolbar')
      await inWindow(page.getByTestId('matrix-run'), 'Run matrix')
      const grid = page.locator('.mx-grid-wrap')
      await grid.evaluate((e: Scroller) => e.scrollTo({ left: e.scrollWidth }))
      const principal = (await page.locator('.mx-principal').first().boundingBox())!
      const gridBox = (await grid.boundingBox())!
      expect(principal.x, 'the principal column stays in view while the grid scrolls').toBeLessThan(gridBox.x + 4)
      await grid.evaluate((e: Scroller) => e.scrollTo({ left: 0 }))
      await shot(page, 'matrix')

      // Scenarios: the run bar, the result with its leaks, and the picked scenario's whole title.
      await open('scenarios')
      await page.locator('[data-testid="scenario-result"]').waitFor()
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.locator('.sc-runbar'), 'the run bar')
      await fitsWidth(page.locator('.sc-content'), 'the result')
      await fitsWidth(page.getByTestId('scenario-leaks').locator('.ui-table-wrap'), 'the leaks table')
      await fitsWidth(page.locator('.sc-lib-item.active .sc-lib-title'), 'the picked scenario’s title')
      await inWindow(page.getByTestId('scenario-run'), 'Run')
      await shot(page, 'scenarios')

      // Runs: every row's actions on screen.
      await open('runs')
      await page.getByTestId('runs-table').waitFor()
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.locator('.rn-toolbar'), 'the runs toolbar')
      await fitsWidth(page.locator('.rn-body .ui-table-wrap'), 'the runs table')
      await inWindow(page.locator('.rn-actions button'), 'a run action')
      await shot(page, 'runs')

      // Explore: the form fits, and a counterexample's lanes and run fit beside the sidebar.
      await setUpExplore(page, 'flaws/r7-bot-not-bound-to-session.yaml', 'r7-bot-not-bound-to-session')
      await page.getByTestId('explore-go').click()
      await page.locator('[data-testid="explore-summary"][data-found="true"]').waitFor()
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.locator('.ex-toolbar'), 'the explore form')
      await inWindow(page.getByTestId('explore-go'), 'Explore')
      await fitsWidth(page.getByTestId('explore-lanes'), 'the lanes')
      await shot(page, 'explore')

      // Help.
      await open('help')
      await fitsWidth(page.locator('.main'), 'the view')
      await fitsWidth(page.locator('.hv-content'), 'the glossary')
      await inWindow(page.getByTestId('help-search'), 'the glossary search')
      await shot(page, 'help')
    })
  }
})
