/**
 * `credscope explore` (docs/explore.md) on real scenario runs: every schedule is a real run of
 * every hop, judged by the scenario's own expectations. What matters: a race flaw is found from
 * its scenario with no seed, shrunk, and replayed event for event; hardened within the bound has
 * no failing schedule; the shards of a run cover exactly the unsharded space.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { deviationsOf, isPreemption, type RecordingChooser, ScriptedChooser } from '../../src/main/explore/choices'
import { explore, type ExploreOptions, type ScheduleRun } from '../../src/main/explore/explore'
import { RandomChooser } from '../../src/main/explore/random-chooser'
import { shrink } from '../../src/main/explore/shrink'
import { Random } from '../../src/main/sim/random'
import { parseScheduleKey, scheduleKey } from '../../src/main/explore/schedule-key'
import { loadScenarioFile, type LoadedScenario } from '../../src/main/scenarios/load'
import { runScenario } from '../../src/main/scenarios/run'
import { firstDivergence } from '../../src/main/scenarios/diff'
import { configOf } from '../../src/shared/profiles'
import type { FlawId } from '../../src/shared/flaw-ids'

const R2 = 'resources/scenarios/flaws/r2-no-turn-lock.yaml'
const R7 = 'resources/scenarios/flaws/r7-bot-not-bound-to-session.yaml'
const loaded = new Map<string, LoadedScenario>()

beforeAll(async () => {
  for (const file of [R2, R7]) loaded.set(file, await loadScenarioFile(file))
})

function options(flaws: FlawId[], more: Partial<ExploreOptions> = {}): ExploreOptions {
  return { config: configOf({ platform: 'head', profile: 'hardened', flaws }), strategy: 'dfs', preemptions: 1, budget: { runs: 400, ms: null }, shard: { index: 0, count: 1 }, seed: 1, ...more }
}

function scenario(file: string): LoadedScenario {
  const s = loaded.get(file)
  if (!s) throw new Error(`${file} was not loaded`)
  return s
}

describe('explore', () => {
  it("finds r2's race from its scenario with no seed, and the counterexample replays event for event", async () => {
    const report = await explore(scenario(R2), options(['r2-no-turn-lock']))
    const found = report.counterexample
    expect(found).not.toBeNull()
    expect(found?.lanes.preemptions).toBeLessThanOrEqual(2)
    // Whose credential it was: bob's, in alice's turn.
    expect(found?.failures.some((f) => f.includes('(turn as alice)') && f.includes('acted as bob'))).toBe(true)
    const again = await runScenario(scenario(R2), { config: options(['r2-no-turn-lock']).config, seed: 1, chooser: new ScriptedChooser(parseScheduleKey(scheduleKey(found?.schedule ?? [])) ?? []) })
    expect(again.passed).toBe(false)
    expect(firstDivergence(found?.run.result.events ?? [], again.events).index).toBeNull()
  })

  it('finds no failing schedule under hardened, having run every schedule within the bound', async () => {
    const report = await explore(scenario(R2), options([]))
    expect(report.counterexample).toBeNull()
    expect(report.exhausted).toBe(true)
    expect(report.space).toBe(report.schedules)
    expect(report.schedules).toBeGreaterThan(5)
    expect(new Set(report.keys).size).toBe(report.schedules)
    expect(report.traces.length).toBeGreaterThan(1)
  })

  it('splits the space into shards that cover exactly the unsharded space, each schedule once', async () => {
    const whole = await explore(scenario(R2), options([]))
    const shards = []
    for (let index = 0; index < 3; index++) shards.push(await explore(scenario(R2), options([], { shard: { index, count: 3 } })))
    const keys = shards.flatMap((s) => s.keys)
    expect(new Set(keys).size).toBe(keys.length)
    expect([...keys].sort()).toEqual([...whole.keys].sort())
    for (const shard of shards) expect(shard.space).toBe(whole.space)
    expect(shards.every((s) => s.keys.length > 0)).toBe(true)
  })

  it('shrinks a failing random walk to the fewest deviations that still fail, each candidate a real run', async () => {
    const config = options(['r2-no-turn-lock']).config
    const run = async (chooser: RecordingChooser): Promise<ScheduleRun> => {
      const result = await runScenario(scenario(R2), { config, seed: 1, chooser })
      return { schedule: deviationsOf(chooser.records), result, records: chooser.records, flows: chooser.flows }
    }
    const walk = await run(new RandomChooser(new Random(7)))
    expect(walk.result.passed).toBe(false)
    expect(walk.schedule.length).toBeGreaterThan(3)
    const shrunk = await shrink(walk, (schedule) => run(new ScriptedChooser(schedule)))
    expect(shrunk.best.result.passed).toBe(false)
    expect(shrunk.best.schedule.length).toBeLessThan(walk.schedule.length)
    expect(shrunk.best.records.filter(isPreemption).length).toBeLessThanOrEqual(2)
    expect(shrunk.runs).toBeGreaterThan(0)
  })

  it('PCT finds the race too, and stops at the budget when there is none', async () => {
    expect((await explore(scenario(R7), options(['r7-bot-not-bound-to-session'], { strategy: 'pct', preemptions: 2 }))).counterexample).not.toBeNull()
    const none = await explore(scenario(R7), options([], { strategy: 'pct', preemptions: 2, budget: { runs: 6, ms: null } }))
    expect([none.counterexample, none.runs, none.exhausted, none.space]).toEqual([null, 6, false, null])
  })
})
