import type { EventBody, Hop, TraceEvent } from '../../shared/events'
import { currentContext } from '../sim/context'
import type { Clock } from '../sim/clock'
import type { Scheduler } from '../sim/scheduler'
import type { Debugger } from './debugger'
import type { Redactor } from './redactor'

/** Where events go before anyone sees them (the store), so any run can be reopened. */
export interface EventSink {
  append(event: TraceEvent): void
}

/**
 * The one bus every hop emits on. An event is redacted, numbered, persisted and only then shown
 * to listeners. `step` is the gated form: the hop waits there for the debugger and the scheduler
 * before it acts.
 */
export class Trace {
  private seq = 0
  private exchanges = 0
  private listeners = new Set<(event: TraceEvent) => void>()
  private rawTaps: Array<(body: EventBody, turn: string | null) => void> = []
  /** After the engine stopped: work it cut short may still emit, and nothing records or shows that. */
  private closed = false

  constructor(
    readonly runId: string,
    private readonly clock: Clock,
    private readonly redactor: Redactor,
    private readonly scheduler: Scheduler,
    private readonly debuggerGate: Debugger,
    private readonly sinks: EventSink[] = []
  ) {}

  emit(hop: Hop, body: EventBody, turn?: string | null): TraceEvent {
    const turnId = turn === undefined ? currentContext().turn : turn
    if (this.closed) return { ...body, seq: this.seq, runId: this.runId, at: this.clock.now(), hop, turn: turnId }
    for (const tap of this.rawTaps) tap(body, turnId)
    // The fields added here are the engine's own ids and numbers, never a secret: only the body is redacted (into a new object).
    const event: TraceEvent = Object.assign(this.redactor.redactDeep<EventBody>(body), { seq: ++this.seq, runId: this.runId, at: this.clock.now(), hop, turn: turnId })
    // A credential header is masked whatever it holds, known to us or not.
    if (event.kind === 'http.request') event.headers = this.redactor.redactHeaders(event.headers)
    for (const sink of this.sinks) sink.append(event)
    this.debuggerGate.observe(event)
    for (const listener of this.listeners) listener(event)
    return event
  }

  async step(hop: Hop, body: EventBody, turn?: string | null): Promise<TraceEvent> {
    const event = this.emit(hop, body, turn)
    if (this.closed) return event
    await this.debuggerGate.gate(event)
    await this.scheduler.yield({ kind: event.kind, seq: event.seq })
    return event
  }

  /** A new id pairing a request with its response; per run, so traces repeat exactly. */
  nextExchange(prefix: string): string {
    this.exchanges += 1
    return `${prefix}-${this.exchanges}`
  }

  subscribe(listener: (event: TraceEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Sees each event body before redaction; only the leak detector needs this. */
  addRawTap(tap: (body: EventBody, turn: string | null) => void): void {
    this.rawTaps.push(tap)
  }

  addSink(sink: EventSink): void {
    this.sinks.push(sink)
  }

  /** Stops recording and showing: called once the engine has stopped. */
  close(): void {
    this.closed = true
    this.listeners.clear()
    this.sinks.length = 0
  }

  get lastSeq(): number {
    return this.seq
  }
}
