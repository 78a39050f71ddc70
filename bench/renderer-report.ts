import type { LiveFill } from './live-fill'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CLI_PATH } from '../test/support/serve-process'
import { type ColdLoad, type FrameLog, SCROLL_STEP_PX, type TimelineTimings } from './renderer-page'
import { formatTable, mb, ms } from './report'
import type { SavedRun } from './saved-run'
import { summarize } from './stats'

/** What "smooth" means here; reported as met or not, never a failure of the bench. */
export const RENDERER_TARGETS = {
  firstRowMs: 1000,
  endMs: 2000,
  frameP95Ms: 50,
  openTurnMs: 1000,
  /** Well under what the run's events would take: the page must hold summaries, not every event. */
  heapBytes: 100 * 1024 * 1024
}

export interface LiveResult {
  fill: LiveFill
  /** The page showing the live session while the turns streamed in. */
  streaming: FrameLog
  timings: TimelineTimings
}

type Row = { label: string; value: (t: TimelineTimings) => string; within?: (t: TimelineTimings) => boolean; target?: string }

function frameP95(t: TimelineTimings): number {
  return summarize(t.scroll.frames).p95
}

const ROWS: Row[] = [
  { label: 'first contentful paint (Performance API)', value: (t) => (t.fcpMs === null ? '-' : ms(t.fcpMs)) },
  { label: 'first timeline row on screen', value: (t) => ms(t.firstRowMs), within: (t) => t.firstRowMs <= RENDERER_TARGETS.firstRowMs, target: `≤ ${RENDERER_TARGETS.firstRowMs} ms` },
  { label: "last turn's number on screen (the list opens at its end)", value: (t) => ms(t.endMs), within: (t) => t.endMs <= RENDERER_TARGETS.endMs, target: `≤ ${RENDERER_TARGETS.endMs} ms` },
  { label: 'listTurns answer: request to last byte, body', value: (t) => (t.facts.listTurns ? `${ms(t.facts.listTurns.ms)}, ${mb(t.facts.listTurns.bytes)}` : '-') },
  { label: `scroll top → end, ${SCROLL_STEP_PX} px a frame: frames, wall`, value: (t) => `${t.scroll.frames.length}, ${ms(t.scroll.totalMs)}` },
  { label: '  frame time p50 / p95 / max', value: (t) => framesCell(t.scroll.frames), within: (t) => frameP95(t) <= RENDERER_TARGETS.frameP95Ms, target: `p95 ≤ ${RENDERER_TARGETS.frameP95Ms} ms` },
  { label: '  long tasks (> 50 ms), longest', value: (t) => `${t.scroll.longTasks}, ${ms(t.scroll.longestTaskMs)}` },
  { label: 'jump from the top to the end until the last number shows', value: (t) => ms(t.jumpToEndMs), within: (t) => t.jumpToEndMs <= RENDERER_TARGETS.endMs, target: `≤ ${RENDERER_TARGETS.endMs} ms` },
  { label: "open the last turn: its header and sequence diagram", value: (t) => ms(t.openLastTurnMs), within: (t) => t.openLastTurnMs <= RENDERER_TARGETS.openTurnMs, target: `≤ ${RENDERER_TARGETS.openTurnMs} ms` },
  { label: 'renderer JS heap after GC', value: (t) => mb(t.heapBytes), within: (t) => t.heapBytes <= RENDERER_TARGETS.heapBytes, target: `≤ ${mb(RENDERER_TARGETS.heapBytes)}` },
  { label: 'timeline rows in the DOM / all elements', value: (t) => `${t.facts.timelineRows} / ${t.facts.domElements}` }
]

function framesCell(frames: readonly number[]): string {
  if (frames.length === 0) return '-'
  const s = summarize(frames)
  return `${s.median.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.max.toFixed(1)} ms`
}

function met(cases: ReadonlyArray<readonly [string, TimelineTimings]>, within: (t: TimelineTimings) => boolean): string {
  const missed = cases.filter(([, t]) => !within(t)).map(([name]) => name)
  return missed.length === 0 ? 'yes' : `NO (${missed.join(', ')})`
}

/** The renderer section: one column per case, each targeted row marked met or not. */
export function rendererLines(saved: SavedRun, savedTimings: TimelineTimings, live: LiveResult | null, errors: readonly string[]): string[] {
  const cases: Array<readonly [string, TimelineTimings]> = [['saved run', savedTimings]]
  if (live) cases.push(['live session', live.timings])
  const lines = [
    `saved run: ${saved.turns.toLocaleString('en')} turns, ${saved.events.toLocaleString('en')} events in the run history; ${Math.min(saved.turns, 50)} real turns sent through every hop in ${(saved.templateMs / 1000).toFixed(1)} s, repeated with fresh ids through the Store in ${(saved.writeMs / 1000).toFixed(1)} s; timed from the click on Open in the Runs view`
  ]
  if (live) {
    const turnsPerSecond = live.fill.finished / (live.fill.ms / 1000)
    lines.push(
      `live session: ${live.fill.finished.toLocaleString('en')} turns sent through every hop (POST /control/turns) in ${(live.fill.ms / 1000).toFixed(1)} s, ${turnsPerSecond.toFixed(1)} turns/s; timed from navigation to the app`
    )
  }
  lines.push(
    '',
    ...formatTable(
      ['', ...cases.map(([name]) => name), 'target', 'met'],
      ROWS.map((row) => [row.label, ...cases.map(([, t]) => row.value(t)), row.target ?? '', row.within ? met(cases, row.within) : ''])
    )
  )
  if (live) {
    const p95 = live.streaming.frames.length > 0 ? summarize(live.streaming.frames).p95 : 0
    lines.push(
      '',
      `while the ${live.fill.finished.toLocaleString('en')} live turns streamed into the open Session view: ${live.streaming.frames.length} frames, frame time p50 / p95 / max ${framesCell(live.streaming.frames)}, ${live.streaming.longTasks} long tasks (longest ${ms(live.streaming.longestTaskMs)}); target p95 ≤ ${RENDERER_TARGETS.frameP95Ms} ms: ${p95 <= RENDERER_TARGETS.frameP95Ms ? 'met' : 'NOT MET'}`
    )
  }
  if (errors.length > 0) lines.push('', `the page reported ${errors.length} error(s):`, ...errors.slice(0, 10).map((e) => `  ${e}`))
  return lines
}

/** The built renderer's chunks: name, bytes, gzip bytes. */
export function bundleFiles(): Array<{ name: string; bytes: number; gzip: number }> {
  const dir = join(CLI_PATH, '../../renderer/assets')
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => {
      const content = readFileSync(join(dir, name))
      return { name, bytes: content.length, gzip: gzipSync(content).length }
    })
    .sort((a, b) => b.bytes - a.bytes)
}

/** The web shell's cold load beside what it ships, chunk by chunk. */
export function coldLoadLines(cold: ColdLoad, files: ReadonlyArray<{ name: string; bytes: number; gzip: number }>): string[] {
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`
  return [
    `web shell cold load (a fresh browser context, nothing cached): app ready in ${ms(cold.readyMs)}, first contentful paint ${cold.fcpMs === null ? '-' : ms(cold.fcpMs)}; fetched ${kb(cold.scriptBytes)} of scripts and ${kb(cold.styleBytes)} of styles`,
    `renderer chunks (minified): ${files.map((f) => `${f.name} ${kb(f.bytes)} (gzip ${kb(f.gzip)})`).join(', ')}`
  ]
}
