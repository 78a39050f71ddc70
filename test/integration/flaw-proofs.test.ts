import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { collectScenarioFiles } from '../../src/main/scenarios/collect'
import { loadScenarioFile, type LoadedScenario } from '../../src/main/scenarios/load'
import { report } from '../../src/main/scenarios/reporters'
import { demonstratedFlaws, runScenario } from '../../src/main/scenarios/run'
import { FLAW_IDS, flawVersions, type FlawId } from '../../src/shared/flaw-ids'
import { FLAWS } from '../../src/shared/flaws'
import { PLATFORM_VERSIONS, type PlatformVersion } from '../../src/shared/platform-versions'
import { configOf } from '../../src/shared/profiles'

// The suite proves it can catch each bug: at every version where a flaw exists, its demonstration
// fails with that flaw alone switched on over hardened and passes with it off; the profiles fail
// exactly where they should at each version.
const LIBRARY = 'resources/scenarios'
let scenarios: LoadedScenario[] = []

beforeAll(async () => {
  scenarios = await Promise.all((await collectScenarioFiles([LIBRARY])).map((file) => loadScenarioFile(file)))
})

function demonstrating(id: FlawId): LoadedScenario[] {
  return scenarios.filter((s) => demonstratedFlaws(s.spec.flaw).includes(id))
}

describe('the flaw catalog', () => {
  it('has one entry per flaw id, each with a demonstration scenario file that names it', () => {
    expect(FLAWS.map((f) => f.id).sort()).toEqual([...FLAW_IDS].sort())
    for (const flaw of FLAWS) {
      const file = join(LIBRARY, flaw.scenario)
      expect(existsSync(file), `${flaw.id}: ${file} is missing`).toBe(true)
      expect(demonstrating(flaw.id).map((s) => s.file), flaw.id).toContain(file)
    }
  })
})

/** The versions a scenario runs at: its own `platform:`, else both. */
function versionsOf(scenario: LoadedScenario): readonly PlatformVersion[] {
  return scenario.spec.platform ? [scenario.spec.platform] : PLATFORM_VERSIONS
}

/** Each flaw at each version where it exists, with the scenarios that demonstrate it there. */
const PROOFS = FLAW_IDS.flatMap((id) => flawVersions(id).map((platform) => [id, platform] as const))

describe.each(PROOFS)('%s at %s', (id, platform) => {
  const at = (): LoadedScenario[] => demonstrating(id).filter((s) => versionsOf(s).includes(platform))

  it('has a demonstration at this version', () => {
    expect(at().length, `${id} has no scenario that runs at ${platform}`).toBeGreaterThan(0)
  })

  it('fails with the flaw alone switched on over hardened, naming its invariant', async () => {
    for (const scenario of at()) {
      const result = await runScenario(scenario, { config: configOf({ platform, profile: 'hardened', flaws: [id] }) })
      expect(result.passed, `${scenario.file} passed at ${platform} with ${id} on`).toBe(false)
      expect(result.error).toBeNull()
      const flaw = FLAWS.find((f) => f.id === id)
      expect(report('pretty', [result])).toContain(`invariant of ${id}: ${flaw?.invariant ?? ''}`)
    }
  })

  it('passes with the flaw off (hardened)', async () => {
    for (const scenario of at()) {
      const result = await runScenario(scenario, { config: configOf({ platform, profile: 'hardened' }) })
      expect(result.steps.flatMap((s) => s.failures), `${scenario.file} at ${platform}`).toEqual([])
      expect(result.passed).toBe(true)
    }
  })
})

describe.each(PLATFORM_VERSIONS.map((v) => [v]))('the profiles over the whole library at %s', (platform) => {
  it('hardened passes every scenario', async () => {
    const failed: string[] = []
    for (const scenario of scenarios.filter((s) => versionsOf(s).includes(platform))) {
      const result = await runScenario(scenario, { config: configOf({ platform, profile: 'hardened' }) })
      if (!result.passed) failed.push(`${scenario.file}: ${result.steps.flatMap((s) => s.failures)[0] ?? result.error}`)
    }
    expect(failed).toEqual([])
  })

  it('as-is fails exactly the scenarios of the residual flaws of this version', async () => {
    const config = configOf({ platform, profile: 'as-is' })
    const failing: string[] = []
    const expected: string[] = []
    for (const scenario of scenarios.filter((s) => versionsOf(s).includes(platform))) {
      const result = await runScenario(scenario, { config })
      if (!result.passed) failing.push(scenario.file)
      // A bug fixed after the merge that no flaw switches fails at the merge as it is.
      const fixedBug = platform === 'merge' && scenario.spec.fixed !== undefined
      if (fixedBug || demonstratedFlaws(scenario.spec.flaw).some((id) => config.flaws.includes(id))) expected.push(scenario.file)
    }
    expect(failing.sort()).toEqual(expected.sort())
  })
})

/** The scenarios of bugs the platform fixed after the merge: the f* flaws' and those marked `fixed:`. */
function fixedBugs(): LoadedScenario[] {
  return scenarios.filter((s) => s.spec.fixed !== undefined || demonstratedFlaws(s.spec.flaw).some((id) => id.startsWith('f')))
}

describe('the bugs fixed after the merge', () => {
  it('each fails at the merge as it is, and passes at HEAD as it is and under hardened at both versions', async () => {
    expect(fixedBugs().length).toBeGreaterThanOrEqual(5)
    for (const scenario of fixedBugs()) {
      expect((await runScenario(scenario, { config: configOf({ platform: 'merge', profile: 'as-is' }) })).passed, `${scenario.file} at merge as-is`).toBe(false)
      for (const [platform, profile] of [['head', 'as-is'], ['head', 'hardened'], ['merge', 'hardened']] as const) {
        const result = await runScenario(scenario, { config: configOf({ platform, profile }) })
        expect(result.steps.flatMap((s) => s.failures), `${scenario.file} at ${platform} ${profile}`).toEqual([])
      }
    }
  })
})

describe('pre-fix', () => {
  it("shows the original bug: a collaborator's turn runs with the owner's identity", async () => {
    const plan = scenarios.find((s) => s.spec.scenario === 'pr-test-plan')
    expect(plan).toBeDefined()
    const result = await runScenario(plan as LoadedScenario, { config: configOf({ platform: 'merge', profile: 'pre-fix' }) })
    expect(result.passed).toBe(false)
    const bobActedAsAlice = result.events.some((e) => e.kind === 'tool.result' && e.actedAs === 'alice' && result.events.some((s) => s.kind === 'turn.started' && s.turn === e.turn && s.senderId === 'bob'))
    expect(bobActedAsAlice).toBe(true)
  })
})
