import { describe, expect, it } from 'vitest'
import { collectScenarioFiles } from '../../src/main/scenarios/collect'
import { loadScenarioFile } from '../../src/main/scenarios/load'
import { runScenario } from '../../src/main/scenarios/run'
import { configOf } from '../../src/shared/profiles'

// docs/scenarios.md quotes these files; they must keep doing what it says.
describe('the example scenarios of docs/scenarios.md', () => {
  it('each passes under hardened and fails under merged', async () => {
    const files = await collectScenarioFiles(['docs/examples'])
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const scenario = await loadScenarioFile(file)
      const hardened = await runScenario(scenario, { config: configOf({ profile: 'hardened' }) })
      expect(hardened.steps.flatMap((s) => s.failures), file).toEqual([])
      const merged = await runScenario(scenario, { config: configOf({ profile: 'merged' }) })
      expect(merged.passed, `${file} under merged`).toBe(false)
    }
  })
})
