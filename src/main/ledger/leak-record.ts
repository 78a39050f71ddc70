import type { LeakFinding } from '../../shared/events'
import type { Trace } from '../trace/trace'

/** A finding with the turn it was found after (null: at the end of the run). */
export type RecordedFinding = LeakFinding & { turn: string | null }

/** The run's leak findings, each also told on the trace as a `leak` event of its turn. */
export class LeakRecord {
  readonly findings: RecordedFinding[] = []

  constructor(private readonly trace: Trace) {}

  add(turn: string | null, found: readonly LeakFinding[]): void {
    for (const finding of found) {
      this.findings.push({ ...finding, turn })
      this.trace.emit('harness', { kind: 'leak', finding }, turn)
    }
  }

  of(turn: string): RecordedFinding[] {
    return this.findings.filter((f) => f.turn === turn)
  }
}
