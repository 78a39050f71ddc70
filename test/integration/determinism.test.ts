import { beforeAll, describe, expect, it } from 'vitest'
import { loadScenarioFile, type LoadedScenario } from '../../src/main/scenarios/load'
import type { ScenarioResult } from '../../src/main/scenarios/results'
import { runScenario } from '../../src/main/scenarios/run'
import type { TraceEvent } from '../../src/shared/events'
import { configOf, type ProfileInput } from '../../src/shared/profiles'
import { signatures } from '../../src/shared/signature'

// The determinism promise: the same scenario, profile and seed give the same trace, event
// for event. Replay, diff and bundles all rest on it, and the parallel scenarios are where a
// scheduler that let Node's timing leak in would show first.

const PARALLEL = ['resources/scenarios/concurrent-turns.yaml', 'resources/scenarios/flaws/r2-no-turn-lock.yaml', 'resources/scenarios/flaws/pr4-context-set-before-lock.yaml']
const SERIAL = ['resources/scenarios/pr-test-plan.yaml', 'resources/scenarios/expiry-mid-run.yaml', 'resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml']
const PROFILE_NAMES: ProfileInput[] = ['merged', 'hardened']

const loaded = new Map<string, LoadedScenario>()

beforeAll(async () => {
  for (const file of [...PARALLEL, ...SERIAL]) loaded.set(file, await loadScenarioFile(file))
})

function run(file: string, profile: ProfileInput, seed?: number): Promise<ScenarioResult> {
  const scenario = loaded.get(file)
  if (!scenario) throw new Error(`${file} was not loaded`)
  return runScenario(scenario, { config: configOf({ platform: 'merge', profile }), ...(seed === undefined ? {} : { seed }) })
}

/** An event as JSON without its run id, the one field that names the run rather than what happened. */
function withoutRunId(event: TraceEvent): string {
  const rest: Partial<TraceEvent> = { ...event }
  delete rest.runId
  return JSON.stringify(rest)
}

/** Which turn each event belongs to, numbered by first appearance: the interleaving of the flows. */
function interleaving(events: readonly TraceEvent[]): string {
  const order = new Map<string, number>()
  return events
    .map((e) => {
      if (e.turn === null) return '-'
      if (!order.has(e.turn)) order.set(e.turn, order.size + 1)
      return String(order.get(e.turn))
    })
    .join('')
}

describe.each(PROFILE_NAMES)('under %s', (profile) => {
  it.each([...PARALLEL, ...SERIAL])('%s gives the same trace event for event on two runs with the same seed', async (file) => {
    const first = await run(file, profile)
    const second = await run(file, profile)
    expect(first.runId).not.toBe(second.runId)
    expect(first.events.length).toBeGreaterThan(0)
    expect(signatures(second.events)).toEqual(signatures(first.events))
    const a = first.events.map(withoutRunId)
    const b = second.events.map(withoutRunId)
    // The first differing event, not a 300-event dump, is what someone fixing this needs to see.
    const at = a.findIndex((event, i) => event !== b[i])
    expect(at === -1 ? null : { at: at + 1, first: a[at], second: b[at] }).toBeNull()
    expect(b).toHaveLength(a.length)
    expect(second.passed).toBe(first.passed)
    expect(second.steps.map((s) => s.failures)).toEqual(first.steps.map((s) => s.failures))
  })

  it('gives the same trace for an explicit seed as for the scenario\'s own seed when they are equal', async () => {
    const file = PARALLEL[0] as string
    const own = loaded.get(file)?.spec.seed
    expect(own).toBeDefined()
    const implicit = await run(file, profile)
    const explicit = await run(file, profile, own)
    expect(explicit.seed).toBe(implicit.seed)
    expect(explicit.events.map(withoutRunId)).toEqual(implicit.events.map(withoutRunId))
  })
})

describe('the seed', () => {
  it('chooses the interleaving of a parallel step: another seed runs the same turns in another order', async () => {
    const seen = new Set<string>()
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const result = await run('resources/scenarios/concurrent-turns.yaml', 'hardened', seed)
      expect(result.passed, `seed ${seed}: ${result.steps.flatMap((s) => s.failures).join('; ')}`).toBe(true)
      seen.add(interleaving(result.events))
    }
    expect(seen.size).toBeGreaterThan(1)
  })

  it('changes the trace of every parallel scenario for some other seed, and repeats it for the same seed', async () => {
    for (const file of PARALLEL) {
      const base = signatures((await run(file, 'merged', 1)).events).join('\n')
      const others = await Promise.all([2, 3, 4].map(async (seed) => signatures((await run(file, 'merged', seed)).events).join('\n')))
      expect(others.some((o) => o !== base), file).toBe(true)
      expect(signatures((await run(file, 'merged', 3)).events).join('\n')).toBe(others[1])
    }
  })
})
