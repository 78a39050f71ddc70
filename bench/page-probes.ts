/**
 * Functions the renderer bench runs inside the page (playwright serialises them), timed with the
 * page's own clock and animation frames, so polling from outside adds nothing to what they measure.
 * The bench compiles without the DOM library; ProbeWindow names the little of it they use.
 */

interface ProbeRect {
  top: number
  bottom: number
  height: number
}

interface ProbeElement {
  textContent: string | null
  scrollTop: number
  scrollHeight: number
  clientHeight: number
  getBoundingClientRect(): ProbeRect
  click(): void
}

interface ProbeEntry {
  name: string
  startTime: number
  duration: number
  encodedBodySize?: number
}

interface ProbeWindow {
  document: { querySelector(selector: string): ProbeElement | null; querySelectorAll(selector: string): ArrayLike<ProbeElement>; getElementsByTagName(name: string): ArrayLike<unknown> }
  innerHeight: number
  requestAnimationFrame(callback: (now: number) => void): number
  performance: { now(): number; getEntriesByName(name: string): ProbeEntry[]; getEntriesByType(type: string): ProbeEntry[] }
  PerformanceObserver: new (callback: (list: { getEntries(): ProbeEntry[] }) => void) => { observe(options: { type: string; buffered?: boolean }): void; disconnect(): void }
}

/** Injected before the app: tsx (esbuild's keepNames) wraps named functions in __name, which a page lacks. */
export const NAME_SHIM = 'globalThis.__name = (fn) => fn'

/** Something to see on screen: an element matching `selector`, with exactly `text` if given. */
export interface Sight {
  label: string
  selector: string
  text: string | null
}

export interface WaitSpec {
  /** Clicked to start the clock; null starts it at once. */
  click: string | null
  /** Scroll the turn timeline to its end to start the clock. */
  scrollToEnd: boolean
  sights: Sight[]
  timeoutMs: number
}

/** When a sight was first on screen: ms after the action, and after navigation started. */
export interface SightTime {
  afterAction: number
  afterNavigation: number
}

/** The first animation frame in which each sight (by label) was visible. */
export type SightTimes = Record<string, SightTime>

/** Does the action, then checks every animation frame until every sight is on screen. */
export function waitForSights(spec: WaitSpec): Promise<SightTimes> {
  const w = globalThis as unknown as ProbeWindow
  return new Promise((resolve, reject) => {
    const seen: SightTimes = {}
    const visible = (sight: Sight): boolean => {
      const found = w.document.querySelectorAll(sight.selector)
      for (let i = 0; i < found.length; i++) {
        const el = found[i]
        if (!el || (sight.text !== null && el.textContent?.trim() !== sight.text)) continue
        const rect = el.getBoundingClientRect()
        if (rect.height > 0 && rect.bottom > 0 && rect.top < w.innerHeight) return true
      }
      return false
    }
    const start = w.performance.now()
    if (spec.click !== null) {
      const target = w.document.querySelector(spec.click)
      if (!target) return reject(new Error(`nothing to click at ${spec.click}`))
      target.click()
    }
    if (spec.scrollToEnd) {
      const list = w.document.querySelector('[data-testid="turn-timeline"]')
      if (!list) return reject(new Error('no turn timeline to scroll'))
      list.scrollTop = list.scrollHeight
    }
    const check = (): void => {
      // The clock, not the frame's timestamp: that can predate the action that started it.
      const now = w.performance.now()
      for (const sight of spec.sights) if (seen[sight.label] === undefined && visible(sight)) seen[sight.label] = { afterAction: now - start, afterNavigation: now }
      if (spec.sights.every((s) => seen[s.label] !== undefined)) return resolve(seen)
      if (now - start > spec.timeoutMs) return reject(new Error(`after ${spec.timeoutMs} ms still not on screen: ${spec.sights.filter((s) => seen[s.label] === undefined).map((s) => s.label).join(', ')}`))
      w.requestAnimationFrame(check)
    }
    w.requestAnimationFrame(check)
  })
}

export interface ScrollResult {
  /** Time between consecutive animation frames while scrolling, one per step. */
  frames: number[]
  totalMs: number
  longTasks: number
  longestTaskMs: number
  /** The number of the last row on screen once at the end. */
  lastNumber: string | null
}

/** Scrolls the turn timeline from the top to its end, `stepPx` a frame, timing every frame. */
export async function scrollTimeline(stepPx: number): Promise<ScrollResult> {
  const w = globalThis as unknown as ProbeWindow
  const list = w.document.querySelector('[data-testid="turn-timeline"]')
  if (!list) throw new Error('no turn timeline to scroll')
  const frame = (): Promise<number> => new Promise((resolve) => w.requestAnimationFrame(resolve))
  list.scrollTop = 0
  await frame()
  await frame()
  const tasks: number[] = []
  const observer = new w.PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) tasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask' })
  const frames: number[] = []
  const start = w.performance.now()
  let last = start
  while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
    list.scrollTop = Math.min(list.scrollTop + stepPx, list.scrollHeight)
    const now = await frame()
    frames.push(now - last)
    last = now
  }
  const totalMs = w.performance.now() - start
  await frame()
  await frame()
  observer.disconnect()
  const numbers = w.document.querySelectorAll('[data-testid="timeline-row"] .sv-turn-no')
  let lastNumber: string | null = null
  for (let i = 0; i < numbers.length; i++) {
    const text = numbers[i]?.textContent ?? null
    if (text !== null && (lastNumber === null || Number(text) > Number(lastNumber))) lastNumber = text
  }
  return { frames, totalMs, longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks), lastNumber }
}

interface FrameLog {
  frames: number[]
  tasks: number[]
  stop: boolean
  observer: { disconnect(): void }
}

/** Records frame times and long tasks from now until `stopFrameRecorder`: the page's health while turns stream in. */
export function startFrameRecorder(): void {
  const w = globalThis as unknown as ProbeWindow & { __benchFrames?: FrameLog }
  const frames: number[] = []
  const tasks: number[] = []
  const observer = new w.PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) tasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask' })
  const log: FrameLog = { frames, tasks, stop: false, observer }
  w.__benchFrames = log
  let last = w.performance.now()
  const tick = (now: number): void => {
    if (log.stop) return
    frames.push(now - last)
    last = now
    w.requestAnimationFrame(tick)
  }
  w.requestAnimationFrame(tick)
}

export function stopFrameRecorder(): { frames: number[]; longTasks: number; longestTaskMs: number } {
  const log = (globalThis as unknown as { __benchFrames?: FrameLog }).__benchFrames
  if (!log) throw new Error('the frame recorder was not started')
  log.stop = true
  log.observer.disconnect()
  return { frames: log.frames, longTasks: log.tasks.length, longestTaskMs: Math.max(0, ...log.tasks) }
}

/** Puts the turn timeline back at its top. */
export function scrollTimelineToTop(): void {
  const list = (globalThis as unknown as ProbeWindow).document.querySelector('[data-testid="turn-timeline"]')
  if (!list) throw new Error('no turn timeline to scroll')
  list.scrollTop = 0
}

export interface PageFacts {
  /** first-contentful-paint from the Performance API, ms after navigation start. */
  fcpMs: number | null
  /** The last listTurns call as Resource Timing saw it: request to last byte, and the body size. */
  listTurns: { ms: number; bytes: number } | null
  timelineRows: number
  domElements: number
}

export function pageFacts(): PageFacts {
  const w = globalThis as unknown as ProbeWindow
  const fcp = w.performance.getEntriesByName('first-contentful-paint')[0]
  const rpc = w.performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/control/rpc/listTurns')).at(-1)
  return {
    fcpMs: fcp ? fcp.startTime : null,
    listTurns: rpc ? { ms: rpc.duration, bytes: rpc.encodedBodySize ?? 0 } : null,
    timelineRows: w.document.querySelectorAll('[data-testid="timeline-row"]').length,
    domElements: w.document.getElementsByTagName('*').length
  }
}
