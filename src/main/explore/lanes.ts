import type { TraceEvent } from '../../shared/events'
import type { HandOver, LaneView } from '../../shared/explore-view'
import { type ChoiceRecord, type Deviation, type FlowInfo, isPreemption } from './choices'
import { actorOf } from './reduction'

export function laneView(records: readonly ChoiceRecord[], flows: ReadonlyMap<number, FlowInfo>, events: readonly TraceEvent[], schedule: readonly Deviation[]): LaneView {
  const deviated = new Set(schedule.map((d) => d.at))
  const actor = (flow: number | null): string => (flow === null ? '' : actorOf(flow, flows))
  // Control changing hands between actors (turns, a scenario's requests); a turn's own flows handing on among themselves is left out.
  const handOvers: HandOver[] = records
    .filter((r) => deviated.has(r.at) || isPreemption(r) || (r.previous !== null && actor(r.previous) !== actor(r.chosen)))
    .map((r) => ({ at: r.at, after: r.after ? { seq: r.after.seq, kind: r.after.kind } : null, from: r.yielded ?? r.previous, to: r.chosen, preemption: isPreemption(r) }))
  const starts = new Map<string, { sender: string; thread: string }>()
  for (const e of events) if (e.kind === 'turn.started' && e.turn) starts.set(e.turn, { sender: e.senderId || '(no sender)', thread: e.thread })
  const involved = new Set(handOvers.flatMap((h) => (h.from === null ? [h.to] : [h.from, h.to])))
  const lanes = [...involved].sort((a, b) => a - b).map((flow) => {
    const info = flows.get(flow)
    const start = info?.turn ? starts.get(info.turn) : undefined
    return { flow, label: info?.label ?? `flow ${flow}`, turn: info?.turn && start ? { id: info.turn, ...start } : null }
  })
  return { lanes, handOvers, preemptions: records.filter(isPreemption).length, choicePoints: records.length }
}

/** The lanes as text: one line per flow, then each hand-over. */
export function formatLanes(view: LaneView): string {
  const name = (flow: number | null): string => (flow === null ? '(a flow that waited)' : `f${flow}`)
  const lines = ['lanes:']
  for (const lane of view.lanes) lines.push(`  f${lane.flow}  ${lane.label}${lane.turn ? `  (${lane.turn.sender}'s turn, thread ${lane.turn.thread})` : ''}`)
  lines.push(`hand-overs (${view.preemptions} preemption${view.preemptions === 1 ? '' : 's'}, ${view.choicePoints} choice points in the run):`)
  for (const h of view.handOvers) {
    const after = h.after ? `after seq ${h.after.seq} ${h.after.kind}` : 'as it waited or ended'
    lines.push(`  ${after.padEnd(30)} ${name(h.from)} → ${name(h.to)}${h.preemption ? '   preempted' : ''}`)
  }
  return lines.join('\n')
}
