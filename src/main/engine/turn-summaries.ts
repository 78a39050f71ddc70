import type { TurnSummary } from '../../shared/api'
import type { TraceEvent } from '../../shared/events'
import { summarizeTurn } from '../../shared/turn-summary'
import { turnFindings } from '../ledger/leak-detector'
import type { LeakRecord } from '../ledger/leak-record'
import type { Store } from '../store/store'
import type { Trace } from '../trace/trace'
import type { EndedTurn, Turns } from '../turns/turns'

/**
 * The verdict on every ended turn: the pod as the runner left it goes on the trace, the leak
 * detector judges the turn, and its summary is kept, stored and told to listeners.
 */
export class TurnSummaries {
  /** Events of turns still running, for their summary; dropped once summarised. */
  private readonly running = new Map<string, TraceEvent[]>()
  readonly byTurn = new Map<string, TurnSummary>()
  /** The last events of the run, newest last, for callers that look just behind them. */
  private readonly recent: TraceEvent[] = []
  private readonly listeners = new Set<(summary: TurnSummary) => void>()

  constructor(
    private readonly trace: Trace,
    private readonly leaks: LeakRecord,
    private readonly store: Store | null,
    turns: Turns
  ) {
    trace.subscribe((event) => this.collect(event))
    turns.onEnded((ended) => this.afterTurn(ended))
  }

  private collect(event: TraceEvent): void {
    this.recent.push(event)
    if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 1000)
    if (!event.turn) return
    const list = this.running.get(event.turn)
    if (list) list.push(event)
    else if (event.kind === 'turn.started') this.running.set(event.turn, [event])
  }

  private afterTurn(ended: EndedTurn): void {
    const { info } = ended
    if (ended.holdings) this.trace.emit('harness', { kind: 'snapshot', label: 'after-turn', holdings: ended.holdings }, info.turn)
    else this.trace.emit('harness', { kind: 'note', text: 'The turn never reached its runner: there is no pod state of this turn to inspect.' }, info.turn)
    this.leaks.add(info.turn, turnFindings(ended))
    const summary = summarizeTurn(info, this.running.get(info.turn) ?? [])
    this.running.delete(info.turn)
    this.byTurn.set(info.turn, summary)
    this.store?.setTurnSummary(this.trace.runId, info.turn, summary)
    for (const listener of this.listeners) listener(summary)
  }

  /** Up to `count` of the most recent events, oldest first. */
  recentEvents(count: number): TraceEvent[] {
    return this.recent.slice(-count)
  }

  /** Called with each turn's summary once the turn has ended and been checked for leaks. */
  onSummary(listener: (summary: TurnSummary) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
