import type { ApiInput, ApiOutput, ServerPush } from '../../shared/api'
import { scenarioConfig, DEFAULT_SEED } from '../scenarios/run'
import { parseBudget } from '../explore/budget'
import { explore } from '../explore/explore'
import { scheduleKey } from '../explore/schedule-key'
import { ApiFailure } from './api-failure'
import type { ScenarioLibrary } from './scenario-library'
import { scenarioView } from './views'

/**
 * The app's Explorer: one exploration at a time, its count pushed as it goes, Stop between two
 * runs. The shrunk counterexample is run once more into the run history, so it opens as a
 * diagram like any run (docs/explore.md).
 */
export class Explorer {
  private running = false
  private stopRequested = false

  constructor(
    private readonly scenarios: ScenarioLibrary,
    private readonly push: (push: ServerPush) => void
  ) {}

  async explore(input: ApiInput<'exploreScenario'>): Promise<ApiOutput<'exploreScenario'>> {
    if (this.running) throw new ApiFailure('unavailable', 'an exploration is already running; stop it first')
    const loaded = await this.scenarios.load(input.scenario)
    const config = scenarioConfig(loaded, input.config)
    if ('error' in config) throw new ApiFailure('bad-input', config.error)
    const budget = parseBudget(input.budget)
    if (typeof budget === 'string') throw new ApiFailure('bad-input', `budget: ${budget}`)
    const seed = input.seed ?? loaded.spec.seed ?? DEFAULT_SEED
    this.running = true
    this.stopRequested = false
    try {
      const report = await explore(loaded, {
        config,
        strategy: input.strategy,
        preemptions: input.preemptions,
        budget,
        shard: { index: 0, count: 1 },
        seed,
        onProgress: (progress) => this.push({ type: 'explore', progress }),
        stopped: () => this.stopRequested
      })
      const found = report.counterexample
      let counterexample: ApiOutput<'exploreScenario'>['counterexample'] = null
      if (found) {
        // The shrunk schedule once more, recorded with it: the run the app opens as a diagram, and replays and exports under it.
        const schedule = { strategy: input.strategy, deviations: scheduleKey(found.schedule), preemptions: found.lanes.preemptions }
        const recorded = await this.scenarios.run(loaded, input.config, seed, schedule)
        counterexample = { schedule: schedule.deviations, deviations: found.schedule.length, foundWith: found.found.deviations, shrinkRuns: found.shrinkRuns, lanes: found.lanes, result: scenarioView(recorded) }
      }
      return {
        scenario: report.scenario,
        strategy: report.strategy,
        preemptions: report.preemptions,
        schedules: report.schedules,
        runs: report.runs,
        distinctTraces: report.traces.length,
        space: report.space,
        exhausted: report.exhausted,
        stopped: this.stopRequested,
        durationMs: report.durationMs,
        counterexample
      }
    } finally {
      this.running = false
    }
  }

  stop(): { stopping: boolean } {
    this.stopRequested = this.running
    return { stopping: this.running }
  }
}
