import { describe, expect, it } from 'vitest'
import { collectScenarioFiles } from '../../src/main/scenarios/collect'
import { loadScenarioFile } from '../../src/main/scenarios/load'
import { runScenario } from '../../src/main/scenarios/run'
import { configOf } from '../../src/shared/profiles'
import { PLATFORM_VERSIONS } from '../../src/shared/platform-versions'

// docs/scenarios.md quotes these files; they must keep doing what it says.
describe('the example scenarios of docs/scenarios.md', () => {
  it.each(PLATFORM_VERSIONS.map((v) => [v]))('each passes under hardened and fails as-is, at %s', async (platform) => {
    const files = await collectScenarioFiles(['docs/examples'])
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const scenario = await loadScenarioFile(file)
      const hardened = await runScenario(scenario, { config: configOf({ platform, profile: 'hardened' }) })
      expect(hardened.steps.flatMap((s) => s.failures), `${file} at ${platform}`).toEqual([])
      const asIs = await runScenario(scenario, { config: configOf({ platform, profile: 'as-is' }) })
      expect(asIs.passed, `${file} as-is at ${platform}`).toBe(false)
    }
  })
})
