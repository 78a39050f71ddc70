import type { ChoicePoint, ScheduleChooser, YieldPoint } from '../sim/scheduler'

/** At the `at`-th choice point of a run, `flow` runs instead of the flow the default would pick. */
export interface Deviation {
  at: number
  flow: number
}

/** One choice point of a run, as it was met and decided. */
export interface ChoiceRecord {
  at: number
  ready: readonly number[]
  /** The flow that offered the baton at a yield point and could go on; null at a free switch (it blocked or ended). */
  yielded: number | null
  after: YieldPoint | null
  /** The flow that ran last before this point. */
  previous: number | null
  /** What the default schedule would run here. */
  default: number
  chosen: number
}

/**
 * The default schedule, the one no deviation changes: the flow that yielded goes on (no
 * preemption); at a free switch the flow that has waited longest runs.
 */
export function defaultPick(point: ChoicePoint): number {
  return point.yielded ?? point.ready[0] ?? 0
}

/** A preemption: a flow that could go on was set aside for another. */
export function isPreemption(record: ChoiceRecord): boolean {
  return record.yielded !== null && record.chosen !== record.yielded
}

/** Each deviation of a run from the default schedule: the schedule that replays it. */
export function deviationsOf(records: readonly ChoiceRecord[]): Deviation[] {
  return records.filter((r) => r.chosen !== r.default).map((r) => ({ at: r.at, flow: r.chosen }))
}

/** A flow's label and turn, as the scheduler spawned it. */
export interface FlowInfo {
  label: string
  turn: string | null
}

/**
 * A chooser that writes down every choice point and the flows it saw spawned; a strategy says
 * which flow to run at each point.
 */
export abstract class RecordingChooser implements ScheduleChooser {
  readonly records: ChoiceRecord[] = []
  readonly flows = new Map<number, FlowInfo>()

  choose(point: ChoicePoint): number {
    const at = this.records.length
    const fallback = defaultPick(point)
    const wanted = this.pick(at, point, fallback)
    const chosen = point.ready.includes(wanted) ? wanted : fallback
    this.records.push({ at, ready: [...point.ready], yielded: point.yielded, after: point.after, previous: point.previous, default: fallback, chosen })
    return point.ready.indexOf(chosen)
  }

  spawned(flow: number, label: string, turn: string | null): void {
    this.flows.set(flow, { label, turn })
  }

  /** The flow to run at the `at`-th choice point; one that is not ready means the default. */
  protected abstract pick(at: number, point: ChoicePoint, fallback: number): number
}

/** Replays a schedule: the default everywhere but at its deviations. */
export class ScriptedChooser extends RecordingChooser {
  private readonly byPoint: Map<number, number>

  constructor(deviations: readonly Deviation[]) {
    super()
    this.byPoint = new Map(deviations.map((d) => [d.at, d.flow]))
  }

  protected pick(at: number, _point: ChoicePoint, fallback: number): number {
    return this.byPoint.get(at) ?? fallback
  }
}
