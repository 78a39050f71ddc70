import { readFile } from 'node:fs/promises'
import { stringify } from 'yaml'
import { formatDuration } from '../../shared/duration'
import type { TraceEvent } from '../../shared/events'
import type { RunRow } from '../store/rows'
import type { Store } from '../store/store'

/**
 * A scenario that re-enacts a live (interactive) run: its world, its turns in order with the
 * tool lines they ran, the clock advances and token actions between them. Concurrent turns
 * become sequential. With it, any session in the app can be bundled and replayed.
 */
export function scenarioFromRun(run: RunRow, events: readonly TraceEvent[]): string {
  const steps: unknown[] = []
  const tools = new Map<string, string[]>()
  for (const e of events) if (e.kind === 'tool.call' && e.turn) tools.set(e.turn, [...(tools.get(e.turn) ?? []), e.args])
  for (const e of events) {
    if (e.kind === 'turn.started' && e.turn) {
      const as = !e.sender ? 'scheduled' : e.sender.kind === 'user' ? e.sender.userId : e.sender.kind === 'apikey' ? `apikey:${e.sender.key}` : 'scheduled'
      steps.push({ turn: { as, session: `${e.project}/${e.session}`, thread: e.thread, tools: tools.get(e.turn) ?? [] } })
    } else if (e.kind === 'clock' && !e.turn) {
      steps.push({ advance: formatDuration(e.by) })
    } else if (e.kind === 'fault' && e.fault.startsWith('token:')) {
      steps.push({ token: { user: e.detail, action: e.fault.slice('token:'.length) } })
    }
  }
  const slug = `live-${run.id.slice(0, 8)}`
  const scenario = {
    scenario: slug,
    title: `Re-enactment of ${run.title} (${run.createdAt})`,
    description: 'Generated from an interactive run: its turns in order, with the tool lines they ran.',
    seed: run.seed,
    world: run.world,
    steps: steps.length > 0 ? steps : [{ advance: '1s' }]
  }
  return stringify(scenario, { lineWidth: 0 })
}

/** The scenario source of a stored run: the source it stored, the file it ran, or a re-enactment of a live run. */
export async function sourceOfRun(store: Store, run: RunRow): Promise<{ name: string; source: string }> {
  const stored = store.scenarioSource(run.id)
  if (stored) return { name: run.scenario ?? `${run.id}.yaml`, source: stored }
  if (run.kind === 'scenario' && run.scenario) return { name: run.scenario, source: await readFile(run.scenario, 'utf8') }
  // The re-enactment reads these kinds only: a long run's other million events stay on disk.
  return { name: `live-${run.id.slice(0, 8)}.yaml`, source: scenarioFromRun(run, store.eventsOfKinds(run.id, ['turn.started', 'tool.call', 'clock', 'fault'])) }
}
