import { collectScenarioFiles } from '../src/main/scenarios/collect'
import { loadScenarioFile, type LoadedScenario } from '../src/main/scenarios/load'
import { demonstratedFlaws } from '../src/main/scenarios/run'
import { explore, STRATEGIES, type Strategy } from '../src/main/explore/explore'
import { flawVersions, shortFlawId } from '../src/shared/flaw-ids'
import { PLATFORM_VERSIONS } from '../src/shared/platform-versions'
import { configOf } from '../src/shared/profiles'
import type { Measurement, MeasurementResult } from './measurement'
import { formatTable } from './report'
import { summarize } from './stats'

const LIBRARY = ['resources/scenarios', 'docs/examples']
/** The targets of docs/explore.md#speed: found within this, shrunk to at most that many preemptions. */
const FIND_TARGET_MS = 10_000
const PREEMPTION_TARGET = 2
/** How long the hardened sweep may spend on one scenario at one version before it reports what it covered. */
const SWEEP_BUDGET_MS = 300_000

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/** A scenario whose concurrent steps can interleave: it has a parallel step. */
function concurrent(scenario: LoadedScenario): boolean {
  return scenario.spec.steps.some((step) => 'parallel' in step)
}

/** The scenario with its pinned seed taken out: explore must find the interleaving itself. */
function unseeded(scenario: LoadedScenario): LoadedScenario {
  const spec = { ...scenario.spec }
  delete spec.seed
  return { ...scenario, spec }
}

/**
 * `credscope explore` against the library: the time to find each race flaw from its scenario
 * with no seed (median of 5 by strategy) and the preemptions of the shrunk schedule; then every
 * concurrent scenario under hardened, explored exhaustively within 2 preemptions, with how many
 * schedules that was and how many ran per second.
 */
export const exploreMeasurement: Measurement = {
  name: 'explore',
  title: 'credscope explore: time to find each race flaw, and hardened within 2 preemptions',
  async run(context): Promise<MeasurementResult> {
    const scenarios = (await Promise.all((await collectScenarioFiles(LIBRARY)).map((file) => loadScenarioFile(file)))).filter(concurrent).map(unseeded)
    const failures: string[] = []
    const findRows: string[][] = []
    let missed = 0
    for (const scenario of scenarios) {
      for (const flaw of demonstratedFlaws(scenario.spec.flaw)) {
        for (const platform of flawVersions(flaw).filter((v) => !scenario.spec.platform || v === scenario.spec.platform)) {
          for (const strategy of STRATEGIES) {
            const times: number[] = []
            const preemptions: number[] = []
            let schedules = 0
            for (let round = 1; round <= 5; round++) {
              const report = await explore(scenario, { config: configOf({ platform, profile: 'hardened', flaws: [flaw] }), strategy, preemptions: PREEMPTION_TARGET, budget: { runs: null, ms: FIND_TARGET_MS * 3 }, shard: { index: 0, count: 1 }, seed: round })
              context.memory.sample()
              schedules += report.schedules
              if (report.counterexample) {
                times.push(report.durationMs)
                preemptions.push(report.counterexample.lanes.preemptions)
              }
            }
            const median = times.length === 5 ? summarize(times).median : null
            const met = median !== null && median <= FIND_TARGET_MS && Math.max(...preemptions) <= PREEMPTION_TARGET
            if (!met) missed += 1
            findRows.push([scenario.spec.scenario, shortFlawId(flaw), platform, strategy, `${times.length}/5`, median === null ? '—' : seconds(median), String(Math.round(schedules / 5)), preemptions.length > 0 ? String(Math.max(...preemptions)) : '—', met ? 'met' : 'MISSED'])
          }
        }
      }
    }
    const sweepRows: string[][] = []
    let totalSchedules = 0
    let totalMs = 0
    for (const scenario of scenarios) {
      for (const platform of PLATFORM_VERSIONS.filter((v) => !scenario.spec.platform || v === scenario.spec.platform)) {
        const report = await explore(scenario, { config: configOf({ platform, profile: 'hardened' }), strategy: 'dfs' satisfies Strategy, preemptions: PREEMPTION_TARGET, budget: { runs: null, ms: SWEEP_BUDGET_MS }, shard: { index: 0, count: 1 }, seed: 1 })
        context.memory.sample()
        totalSchedules += report.schedules
        totalMs += report.durationMs
        if (report.counterexample) failures.push(`hardened: ${scenario.spec.scenario} at ${platform} fails under schedule ${report.counterexample.schedule.map((d) => `${d.at}:${d.flow}`).join(',') || '-'}`)
        sweepRows.push([scenario.spec.scenario, platform, String(report.schedules), report.space === null ? 'not reached' : String(report.space), String(report.traces.length), seconds(report.durationMs), (report.schedules / (report.durationMs / 1000)).toFixed(1), report.counterexample ? 'FAILS' : report.exhausted ? 'none, all run' : 'none in budget'])
      }
    }
    return {
      lines: [
        `Each race flaw over hardened, from its scenario with its seed taken out; 5 rounds per strategy (explore seeds 1-5), budget ${seconds(FIND_TARGET_MS * 3)} each.`,
        ...formatTable(['scenario', 'flaw', 'version', 'strategy', 'found', 'median time', 'schedules', 'max preemptions', `≤ ${seconds(FIND_TARGET_MS)}, ≤ ${PREEMPTION_TARGET}`], findRows, [1, 2, 3]),
        `target (found in ≤ ${seconds(FIND_TARGET_MS)}, median of 5, shrunk to ≤ ${PREEMPTION_TARGET} preemptions): ${missed === 0 ? 'met for every race flaw and strategy' : `missed in ${missed} of ${findRows.length} rows`}`,
        '',
        `Every concurrent scenario under hardened, dfs within ${PREEMPTION_TARGET} preemptions (budget ${seconds(SWEEP_BUDGET_MS)} each):`,
        ...formatTable(['scenario', 'version', 'schedules', 'space', 'distinct traces', 'wall', 'schedules/s', 'failing schedule'], sweepRows, [1, 7]),
        `${totalSchedules} schedules in all, ${(totalSchedules / (totalMs / 1000)).toFixed(1)} schedules/s; target (no failure under hardened): ${failures.length === 0 ? 'met' : 'MISSED'}`
      ],
      failures
    }
  }
}
