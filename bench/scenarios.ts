import { collectScenarioFiles } from '../src/main/scenarios/collect'
import { loadScenarioFile } from '../src/main/scenarios/load'
import { demonstratedFlaws, runScenario } from '../src/main/scenarios/run'
import { PROFILE_NAMES, PROFILES } from '../src/shared/profiles'
import type { Measurement, MeasurementResult } from './measurement'
import { formatTable, ms } from './report'

const LIBRARY = 'resources/scenarios'

/**
 * The whole built-in scenario library under each profile: wall time, and the pass/fail split,
 * which must be all-pass under hardened and exactly the residual flaws' scenarios under merged.
 */
export const scenariosMeasurement: Measurement = {
  name: 'scenarios',
  title: 'The built-in scenario library under each profile',
  async run(context): Promise<MeasurementResult> {
    const scenarios = await Promise.all((await collectScenarioFiles([LIBRARY])).map((file) => loadScenarioFile(file)))
    const rows: string[][] = []
    const failures: string[] = []
    for (const profile of PROFILE_NAMES) {
      const flaws = [...PROFILES[profile].flaws]
      const started = performance.now()
      const failing: string[] = []
      for (const scenario of scenarios) {
        const result = await runScenario(scenario, { profile, flaws })
        context.memory.sample()
        if (!result.passed) failing.push(scenario.spec.scenario)
      }
      const wall = performance.now() - started
      const expected = scenarios.filter((s) => demonstratedFlaws(s.spec.flaw).some((id) => flaws.includes(id))).map((s) => s.spec.scenario)
      rows.push([profile, String(scenarios.length), String(scenarios.length - failing.length), String(failing.length), ms(wall), ms(wall / scenarios.length)])
      if (profile === 'hardened' && failing.length > 0) failures.push(`hardened fails ${failing.join(', ')}`)
      if (profile === 'merged' && failing.sort().join() !== expected.sort().join()) failures.push(`merged fails ${failing.length} scenarios, the residual flaws' are ${expected.length}`)
    }
    return {
      lines: [
        ...formatTable(['profile', 'scenarios', 'passed', 'failed', 'wall', 'per scenario'], rows),
        '(hardened must pass all; merged must fail exactly the scenarios of residual flaws)'
      ],
      failures
    }
  }
}
