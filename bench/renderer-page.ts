import type { Browser, Page } from 'playwright-core'
import { NAME_SHIM, pageFacts, type PageFacts, type ScrollResult, scrollTimeline, scrollTimelineToTop, type Sight, type SightTimes, startFrameRecorder, stopFrameRecorder, waitForSights } from './page-probes'

/** The window the e2e tier and the screenshots use. */
const VIEWPORT = { width: 1440, height: 900 }
/** How long anything may take to show before the bench calls the page broken. */
const SIGHT_TIMEOUT_MS = 60_000
/** Pixels scrolled per frame from top to end: forty 50-pixel rows, a brisk drag of the scrollbar. */
export const SCROLL_STEP_PX = 2000

const FIRST_ROW: Sight = { label: 'first row', selector: '[data-testid="timeline-row"]', text: null }

function lastNumber(turns: number): Sight {
  return { label: 'last turn', selector: '[data-testid="timeline-row"] .sv-turn-no', text: String(turns) }
}

/** What the renderer did with one long run on screen. */
export interface TimelineTimings {
  /** first-contentful-paint of the page load, from the Performance API. */
  fcpMs: number | null
  /** From the start (navigation, or the click on Open) to the first timeline row on screen. */
  firstRowMs: number
  /** From the same start to the last turn's number on screen (the list opens at its end). */
  endMs: number
  facts: PageFacts
  scroll: ScrollResult
  /** From the top, a jump to the end (scrollTop = scrollHeight) until the last number shows. */
  jumpToEndMs: number
  /** A click on the last turn until its header and sequence diagram show. */
  openLastTurnMs: number
  /** Used JS heap after a forced GC, from the DevTools protocol. */
  heapBytes: number
}

/**
 * `use` with a fresh page (its own context) carrying the bench's probes, closed afterwards so no
 * earlier page keeps a run in memory or listens to the push stream. The app's own errors are
 * collected into `errors` and reported, not thrown.
 */
export async function withBenchPage<T>(browser: Browser, errors: string[], use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  try {
    await context.addInitScript({ content: NAME_SHIM })
    const page = await context.newPage()
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`)
    })
    return await use(page)
  } finally {
    await context.close()
  }
}

/** The user's way to a saved run: load the app, open Runs, click the run's Open. */
export async function measureSavedRun(page: Page, appUrl: string, runId: string, turns: number): Promise<TimelineTimings> {
  await page.goto(appUrl)
  await page.locator('[data-app-state="ready"]').waitFor({ timeout: SIGHT_TIMEOUT_MS })
  await page.locator('[data-testid="nav-runs"]').click()
  const open = `[data-testid="run-open-${runId}"]`
  await page.locator(open).waitFor({ timeout: SIGHT_TIMEOUT_MS })
  const seen = await page.evaluate(waitForSights, { click: open, scrollToEnd: false, sights: [FIRST_ROW, lastNumber(turns)], timeoutMs: SIGHT_TIMEOUT_MS })
  return afterShown(page, turns, seen, 'afterAction')
}

/** The live session as it opens: navigation until its turns are on screen. */
export async function measureLiveSession(page: Page, appUrl: string, turns: number): Promise<TimelineTimings> {
  await page.goto(appUrl, { waitUntil: 'commit' })
  const seen = await page.evaluate(waitForSights, { click: null, scrollToEnd: false, sights: [FIRST_ROW, lastNumber(turns)], timeoutMs: SIGHT_TIMEOUT_MS })
  return afterShown(page, turns, seen, 'afterNavigation')
}

/** The web shell loaded in a fresh context (nothing cached): navigation until the app says it is ready, and what it fetched. */
export interface ColdLoad {
  readyMs: number
  fcpMs: number | null
  /** Bytes of the page's scripts and styles as they came over the wire. */
  scriptBytes: number
  styleBytes: number
}

export async function measureColdLoad(page: Page, appUrl: string): Promise<ColdLoad> {
  const started = performance.now()
  await page.goto(appUrl, { waitUntil: 'commit' })
  await page.locator('[data-app-state="ready"]').waitFor({ timeout: SIGHT_TIMEOUT_MS })
  const readyMs = performance.now() - started
  return {
    readyMs,
    ...(await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource') as unknown as Array<{ name: string; transferSize: number }>
      const bytes = (ext: string): number => resources.filter((r) => new URL(r.name).pathname.endsWith(ext)).reduce((n, r) => n + r.transferSize, 0)
      return { fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null, scriptBytes: bytes('.js'), styleBytes: bytes('.css') }
    }))
  }
}

export interface FrameLog {
  frames: number[]
  longTasks: number
  longestTaskMs: number
}

/** Frame times of the page, showing the live session, while `work` runs (turns streaming in). */
export async function framesDuring<T>(page: Page, appUrl: string, work: () => Promise<T>): Promise<{ log: FrameLog; result: T }> {
  await page.goto(appUrl)
  await page.locator('[data-app-state="ready"]').waitFor({ timeout: SIGHT_TIMEOUT_MS })
  await page.evaluate(startFrameRecorder)
  const result = await work()
  return { log: await page.evaluate(stopFrameRecorder), result }
}

async function afterShown(page: Page, turns: number, seen: SightTimes, clock: 'afterAction' | 'afterNavigation'): Promise<TimelineTimings> {
  const facts = await page.evaluate(pageFacts)
  const scroll = await page.evaluate(scrollTimeline, SCROLL_STEP_PX)
  if (scroll.lastNumber !== String(turns)) throw new Error(`scrolled to the end of the timeline but the last row shown is ${scroll.lastNumber ?? 'none'}, not ${turns}`)
  await page.evaluate(scrollTimelineToTop)
  await page.locator('[data-testid="timeline-row"] .sv-turn-no', { hasText: /^1$/ }).waitFor({ timeout: SIGHT_TIMEOUT_MS })
  const jump = await page.evaluate(waitForSights, { click: null, scrollToEnd: true, sights: [lastNumber(turns)], timeoutMs: SIGHT_TIMEOUT_MS })
  const lastRow = page.locator('[data-testid="timeline-row"]', { has: page.locator('.sv-turn-no', { hasText: new RegExp(`^${turns}$`) }) })
  const lastTurn = await lastRow.getAttribute('data-turn')
  if (!lastTurn) throw new Error('the last row names no turn')
  const opened = await page.evaluate(waitForSights, {
    click: `[data-testid="timeline-row"][data-turn="${lastTurn}"]`,
    scrollToEnd: false,
    sights: [
      { label: 'turn header', selector: `[data-testid="turn-header"][data-turn="${lastTurn}"]`, text: null },
      { label: 'sequence diagram', selector: '[data-testid="sequence-row"]', text: null }
    ],
    timeoutMs: SIGHT_TIMEOUT_MS
  })
  return {
    fcpMs: facts.fcpMs,
    firstRowMs: seen[FIRST_ROW.label]?.[clock] ?? NaN,
    endMs: seen[lastNumber(turns).label]?.[clock] ?? NaN,
    facts,
    scroll,
    jumpToEndMs: jump[lastNumber(turns).label]?.afterAction ?? NaN,
    openLastTurnMs: Math.max(...Object.values(opened).map((t) => t.afterAction)),
    heapBytes: await usedHeap(page)
  }
}

async function usedHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    return (await cdp.send('Runtime.getHeapUsage')).usedSize
  } finally {
    await cdp.detach()
  }
}
