import { collectScenarioFiles } from '../src/main/scenarios/collect'
import { loadScenarioFile } from '../src/main/scenarios/load'
import { demonstratedFlaws, runScenario } from '../src/main/scenarios/run'
import { configLabel, configOf, profileTable } from '../src/shared/profiles'
import type { Measurement, MeasurementResult } from './measurement'
import { formatTable, ms } from './report'

const LIBRARY = 'resources/scenarios'

/**
 * The whole built-in scenario library under each version and profile: wall time, and the pass/fail split,
 * which must be all-pass under hardened and exactly the residual flaws' scenarios under merged.
 */
export const scenariosMeasurement: Measurement = {
  name: 'scenarios',
  title: 'The built-in scenario library under each profile',
  async run(context): Promise<MeasurementResult> {
    const scenarios = await Promise.all((await collectScenarioFiles([LIBRARY])).map((file) => loadScenarioFile(file)))
    const rows: string[][] = []
    const failures: string[] = []
    for (const { platform, profile } of profileTable()) {
      const config = configOf({ platform, profile })
      const { flaws } = config
      const started = performance.now()
      const failing: string[] = []
      for (const scenario of scenarios.filter((s) => !s.spec.platform || s.spec.platform === platform)) {
        const result = await runScenario(scenario, { config })
        context.memory.sample()
        if (!result.passed) failing.push(scenario.spec.scenario)
      }
      const wall = performance.now() - started
      const expected = scenarios
        .filter((s) => (!s.spec.platform || s.spec.platform === platform) && ((platform === 'merge' && profile === 'as-is' && s.spec.fixed !== undefined) || demonstratedFlaws(s.spec.flaw).some((id) => flaws.includes(id))))
        .map((s) => s.spec.scenario)
      rows.push([configLabel(config), String(scenarios.length), String(scenarios.length - failing.length), String(failing.length), ms(wall), ms(wall / scenarios.length)])
      if (profile === 'hardened' && failing.length > 0) failures.push(`${configLabel(config)} fails ${failing.join(', ')}`)
      if (profile === 'as-is' && failing.sort().join() !== expected.sort().join()) failures.push(`${configLabel(config)} fails ${failing.length} scenarios, the residual flaws' are ${expected.length}`)
    }
    return {
      lines: [
        ...formatTable(['profile', 'scenarios', 'passed', 'failed', 'wall', 'per scenario'], rows),
        '(hardened must pass all at each version; as-is must fail exactly the scenarios of that version\'s residual flaws)'
      ],
      failures
    }
  }
}
