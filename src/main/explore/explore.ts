import { createHash } from 'node:crypto'
import { signatures } from '../../shared/signature'
import type { RunConfig } from '../../shared/profiles'
import type { ExploreStrategy as Strategy } from '../../shared/explore-view'
import { Random } from '../sim/random'
import type { LoadedScenario } from '../scenarios/load'
import type { ScenarioResult } from '../scenarios/results'
import { runScenario } from '../scenarios/run'
import { type ChoiceRecord, type Deviation, deviationsOf, type FlowInfo, isPreemption, type RecordingChooser, ScriptedChooser } from './choices'
import type { LaneView } from '../../shared/explore-view'
import { laneView } from './lanes'
import { PctChooser } from './pct-chooser'
import { RandomChooser } from './random-chooser'
import { actorOf, explored } from './reduction'
import { scheduleKey, shardOf } from './schedule-key'
import { shrink } from './shrink'

export { EXPLORE_STRATEGIES as STRATEGIES, type ExploreStrategy as Strategy } from '../../shared/explore-view'

export interface ExploreOptions {
  config: RunConfig
  strategy: Strategy
  /** DFS: at most this many deviations from the default schedule; PCT: bug depth minus one. */
  preemptions: number
  /** Stop after this many runs or milliseconds, whichever comes first; null for no limit. */
  budget: { runs: number | null; ms: number | null }
  /** This machine explores shard `index` (0-based) of `count`. */
  shard: { index: number; count: number }
  /** The engine's seed (tokens and ids); PCT and random draw their schedules from it too. */
  seed: number
  onProgress?: (progress: ExploreProgress) => void
  /** Asked before each run: true stops the exploration (the app's Stop). */
  stopped?: () => boolean
}

export interface ExploreProgress {
  schedules: number
  runs: number
  distinctTraces: number
  elapsedMs: number
}

/** One run under one schedule. */
export interface ScheduleRun {
  schedule: Deviation[]
  result: ScenarioResult
  records: ChoiceRecord[]
  flows: ReadonlyMap<number, FlowInfo>
}

export interface Counterexample {
  /** The shrunk schedule, and what it took: runs spent shrinking, deviations before and after. */
  schedule: Deviation[]
  found: { deviations: number; preemptions: number }
  shrinkRuns: number
  failures: string[]
  lanes: LaneView
  run: ScheduleRun
}

export interface ExploreReport {
  scenario: string
  file: string
  platform: RunConfig['platform']
  profile: RunConfig['profile']
  flaws: RunConfig['flaws']
  strategy: Strategy
  preemptions: number
  shard: { index: number; count: number }
  seed: number
  /** Schedules of this shard run and judged. */
  schedules: number
  /** Engine runs in all, those that only opened the tree to this shard and shrinking's included. */
  runs: number
  /** Hashes of the distinct traces the judged schedules gave (events without ids and masked tails). */
  traces: string[]
  /** The size of the whole schedule space within the bound, once DFS has enumerated it; null when unknown. */
  space: number | null
  /** Every schedule of this shard was run (DFS only). */
  exhausted: boolean
  durationMs: number
  /** The keys of the schedules this shard judged (DFS), so shards can be checked against the whole. */
  keys: string[]
  counterexample: Counterexample | null
}

/** Explores the schedules of a scenario's concurrent steps, judging each by the scenario's expectations. */
export async function explore(loaded: LoadedScenario, options: ExploreOptions): Promise<ExploreReport> {
  const started = performance.now()
  const traces = new Set<string>()
  const keys: string[] = []
  let runs = 0
  let schedules = 0
  const elapsed = (): number => performance.now() - started
  const outOfBudget = (): boolean =>
    (options.budget.runs !== null && runs >= options.budget.runs) || (options.budget.ms !== null && elapsed() >= options.budget.ms) || (options.stopped?.() ?? false)
  const runWith = async (chooser: RecordingChooser): Promise<ScheduleRun> => {
    runs += 1
    const result = await runScenario(loaded, { config: options.config, seed: options.seed, chooser })
    return { schedule: deviationsOf(chooser.records), result, records: chooser.records, flows: chooser.flows }
  }
  const judge = (run: ScheduleRun): boolean => {
    schedules += 1
    keys.push(scheduleKey(run.schedule))
    traces.add(traceHash(run.result))
    options.onProgress?.({ schedules, runs, distinctTraces: traces.size, elapsedMs: Math.round(elapsed()) })
    return !run.result.passed
  }
  const owned = (schedule: readonly Deviation[]): boolean => shardOf(schedule, options.shard.count) === options.shard.index

  let failing: ScheduleRun | null = null
  let space: number | null = null
  let exhausted = false
  if (options.strategy === 'dfs') {
    // Breadth by number of deviations: the first failure found has the fewest.
    let frontier: Deviation[][] = [[]]
    let size = 1
    search: for (let depth = 0; depth <= options.preemptions && frontier.length > 0; depth++) {
      const next: Deviation[][] = []
      for (const schedule of frontier) {
        const mine = owned(schedule)
        const opens = depth < options.preemptions
        if (!mine && !opens) continue
        if (outOfBudget()) break search
        const run = await runWith(new ScriptedChooser(schedule))
        if (mine && judge(run)) {
          failing = run
          break search
        }
        if (opens) for (const child of children(schedule, run.records, run.flows)) next.push(child)
      }
      size += next.length
      frontier = next
      if (depth === options.preemptions || next.length === 0) {
        exhausted = true
        space = size
      }
    }
  } else {
    // PCT places its priority drops within the length of a run: one unjudged run of the default
    // schedule measures it. Neither strategy judges the default itself; DFS does.
    const length = options.strategy === 'pct' ? (await runWith(new ScriptedChooser([]))).records.length : 0
    const random = new Random(options.seed)
    for (let index = 1; failing === null && !outOfBudget(); index++) {
      if (index % options.shard.count !== options.shard.index) continue
      const source = random.fork(`${options.strategy} ${index}`)
      const chooser = options.strategy === 'pct' ? new PctChooser(source, options.preemptions + 1, length) : new RandomChooser(source)
      const run = await runWith(chooser)
      if (judge(run)) failing = run
    }
  }

  let counterexample: Counterexample | null = null
  if (failing) {
    const found = failing
    const shrunk = await shrink(found, (schedule) => runWith(new ScriptedChooser(schedule)))
    counterexample = {
      schedule: shrunk.best.schedule,
      found: { deviations: found.schedule.length, preemptions: found.records.filter(isPreemption).length },
      shrinkRuns: shrunk.runs,
      failures: shrunk.best.result.steps.flatMap((s) => s.failures),
      lanes: laneView(shrunk.best.records, shrunk.best.flows, shrunk.best.result.events, shrunk.best.schedule),
      run: shrunk.best
    }
  }
  return {
    scenario: loaded.spec.scenario,
    file: loaded.file,
    platform: options.config.platform,
    profile: options.config.profile,
    flaws: options.config.flaws,
    strategy: options.strategy,
    preemptions: options.preemptions,
    shard: options.shard,
    seed: options.seed,
    schedules,
    runs,
    traces: [...traces],
    space,
    exhausted: exhausted && failing === null,
    durationMs: Math.round(elapsed()),
    keys,
    counterexample
  }
}

/**
 * The schedules one deviation further than `schedule`: at each explored choice point after its
 * last deviation, the longest-waiting ready flow of each other actor (docs/explore.md#reduction).
 */
export function children(schedule: readonly Deviation[], records: readonly ChoiceRecord[], flows: ReadonlyMap<number, FlowInfo>): Deviation[][] {
  const last = schedule.at(-1)?.at ?? -1
  const out: Deviation[][] = []
  for (const record of records) {
    if (record.at <= last || !explored(record)) continue
    const seen = new Set([actorOf(record.chosen, flows)])
    for (const flow of record.ready) {
      const actor = actorOf(flow, flows)
      if (seen.has(actor)) continue
      seen.add(actor)
      out.push([...schedule, { at: record.at, flow }])
    }
  }
  return out
}

/** A trace without its ids, masked tails and times: equal for runs that behaved alike. */
function traceHash(result: ScenarioResult): string {
  return createHash('sha256').update(signatures(result.events).join('\n')).update(result.passed ? 'passed' : 'failed').digest('hex').slice(0, 16)
}
