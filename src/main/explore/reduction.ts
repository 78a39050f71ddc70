import type { ChoiceRecord, FlowInfo } from './choices'

/**
 * The events after which setting a flow aside can change what another flow sees: each reads or
 * writes what flows share (the runner's env, files, context and workers; the backend's active
 * users; credentials served and used). A preemption right after any other event (a log line, an
 * HTTP exchange, a snapshot) runs the same shared steps in the same order as one at the next of
 * these, so the explorer preempts only here: a reduction of the schedule space that keeps every
 * order of the shared steps (docs/explore.md#reduction).
 */
export const SHARED_STEP_KINDS: ReadonlySet<string> = new Set([
  'active-user',
  'credential.served',
  'identity',
  'rbac',
  'runner.env',
  'runner.fetch',
  'runner.step',
  'sweep',
  'tool.call',
  'tool.result',
  'turn.started',
  'turn.finished'
])

/** Whether the explorer tries other flows at this choice point. */
export function explored(record: ChoiceRecord): boolean {
  return record.yielded === null || SHARED_STEP_KINDS.has(record.after?.kind ?? '')
}

/**
 * Who a flow acts for: its turn, or the flow itself when it serves none (a scenario's request).
 * The explorer does not reorder the flows of one actor among themselves (a turn's parallel
 * credential fetches all carry its sender), and of several ready flows of another actor it tries
 * the longest-waiting one.
 */
export function actorOf(flow: number, flows: ReadonlyMap<number, FlowInfo>): string {
  const turn = flows.get(flow)?.turn
  return turn ? `turn ${turn}` : `flow ${flow}`
}
