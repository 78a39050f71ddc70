import { randomUUID } from 'node:crypto'
import { Store } from '../src/main/store/store'
import type { TraceEvent } from '../src/shared/events'
import { startBenchEngine } from './engine'
import { sendFinishedTurn } from './turn'
import { mixedTurn } from './turn-mix'

/** Real turns sent through every hop; the long run repeats them. */
const TEMPLATE_TURNS = 50

export interface SavedRun {
  runId: string
  turns: number
  events: number
  /** Sending the real template turns. */
  templateMs: number
  /** Writing the long run into the store. */
  writeMs: number
}

/** An event as JSON split around the run and turn ids it holds, so a copy only swaps those. */
type SplitEvent = string[]

/** One template turn: its events (lead-in first) and the summary the engine stored for it. */
interface TemplateTurn {
  id: string
  events: SplitEvent[]
  summary: unknown
}

/**
 * Writes a finished `turns`-turn live run into the run history at `dbPath`, as a user who ran a
 * long session has one. Sending 10,000 turns through every hop takes minutes, so 50 real turns
 * (merged profile, five kinds of sender, leaks included) are sent once and then repeated with
 * fresh turn ids and sequence numbers through the Store's own append, so the turns table, the
 * summaries and the audit lines come out as the engine writes them.
 */
export async function writeSavedRun(dbPath: string, turns: number): Promise<SavedRun> {
  const store = Store.open(dbPath)
  try {
    const started = performance.now()
    const template = await sendTemplate(store, Math.min(turns, TEMPLATE_TURNS))
    const templateMs = performance.now() - started
    const run = store.run(template.runId)
    if (!run) throw new Error('the template run was not stored')
    const runId = randomUUID()
    const writing = performance.now()
    let seq = 0
    store.createRun({ id: runId, kind: 'live', title: `bench: ${turns.toLocaleString('en')} turns (${run.profile})`, platform: run.platform, profile: run.profile, flaws: run.flaws, seed: run.seed, world: run.world, startedAt: run.startedAt })
    store.batch(() => {
      const ids = new Map<string, string>([[template.runId, runId]])
      // Odd parts of a split event are the template's ids, swapped for this copy's.
      const copy = (parts: readonly string[]): void => {
        const text = parts.map((part, i) => (i % 2 === 1 ? (ids.get(part) ?? part) : part)).join('')
        store.append({ ...(JSON.parse(text) as TraceEvent), seq: ++seq })
      }
      for (const event of template.before) copy(event)
      for (let i = 0; i < turns; i++) {
        const turn = template.turns[i % template.turns.length]
        if (!turn) throw new Error('no template turns')
        const id = randomUUID()
        ids.set(turn.id, id)
        for (const event of turn.events) copy(event)
        store.setTurnSummary(runId, id, { ...(turn.summary as object), turn: id })
      }
      for (const event of template.after) copy(event)
    })
    store.finishRun(runId, 'finished', run.summary ?? undefined)
    store.deleteRun(template.runId)
    return { runId, turns, events: seq, templateMs, writeMs: performance.now() - writing }
  } finally {
    store.close()
  }
}

/** Sends the template turns one at a time, so each turn's events (its lead-in too) are one seq range. */
async function sendTemplate(store: Store, count: number): Promise<{ runId: string; before: SplitEvent[]; turns: TemplateTurn[]; after: SplitEvent[] }> {
  const engine = await startBenchEngine({ profile: 'merged', store })
  const runId = engine.runId
  const lastSeq = (): number => engine.recentEvents(1)[0]?.seq ?? 0
  const bounds: number[] = [lastSeq()]
  try {
    for (let i = 0; i < count; i++) {
      await sendFinishedTurn(engine, mixedTurn(i))
      bounds.push(lastSeq())
    }
  } finally {
    await engine.stop()
  }
  const events = store.events(runId)
  const rows = store.turns(runId)
  const inRange = (from: number, to: number): TraceEvent[] => events.filter((e) => e.seq > from && e.seq <= to)
  const known = new RegExp(`(${[runId, ...rows.map((r) => r.turn)].join('|')})`)
  const json = (from: number, to: number): SplitEvent[] => inRange(from, to).map((e) => JSON.stringify(e).split(known))
  const turns = rows.map((row, i): TemplateTurn => ({ id: row.turn, events: json(bounds[i] ?? 0, bounds[i + 1] ?? 0), summary: row.summary }))
  const ownRange = (turn: TemplateTurn, i: number): boolean => inRange(bounds[i] ?? 0, bounds[i + 1] ?? 0).some((e) => e.kind === 'turn.started' && e.turn === turn.id)
  if (turns.length !== count || turns.some((t, i) => t.summary === null || !ownRange(t, i))) {
    throw new Error(`the template run holds ${turns.length} summarised turns, expected ${count} each in its own range`)
  }
  return { runId, before: json(0, bounds[0] ?? 0), turns, after: json(bounds.at(-1) ?? 0, Infinity) }
}
