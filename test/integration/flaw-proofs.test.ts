import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { collectScenarioFiles } from '../../src/main/scenarios/collect'
import { loadScenarioFile, type LoadedScenario } from '../../src/main/scenarios/load'
import { report } from '../../src/main/scenarios/reporters'
import { demonstratedFlaws, runScenario } from '../../src/main/scenarios/run'
import { FLAW_IDS, type FlawId } from '../../src/shared/flaw-ids'
import { FLAWS } from '../../src/shared/flaws'
import { PROFILES } from '../../src/shared/profiles'

// The suite proves it can catch each bug: every flaw's demonstration fails with that flaw alone
// switched on over hardened and passes with it off; the profiles fail exactly where they should.
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

describe.each(FLAW_IDS.map((id) => [id]))('%s', (id) => {
  it('fails with the flaw alone switched on over hardened, naming its invariant', async () => {
    for (const scenario of demonstrating(id)) {
      const result = await runScenario(scenario, { profile: 'hardened', flaws: [id] })
      expect(result.passed, `${scenario.file} passed with ${id} on`).toBe(false)
      expect(result.error).toBeNull()
      const flaw = FLAWS.find((f) => f.id === id)
      expect(report('pretty', [result])).toContain(`invariant of ${id}: ${flaw?.invariant ?? ''}`)
    }
  })

  it('passes with the flaw off (hardened)', async () => {
    for (const scenario of demonstrating(id)) {
      const result = await runScenario(scenario, { profile: 'hardened', flaws: [] })
      expect(result.steps.flatMap((s) => s.failures), scenario.file).toEqual([])
      expect(result.passed).toBe(true)
    }
  })
})

describe('the profiles over the whole library', () => {
  it('hardened passes every scenario', async () => {
    const failed: string[] = []
    for (const scenario of scenarios) {
      const result = await runScenario(scenario, { profile: 'hardened', flaws: [] })
      if (!result.passed) failed.push(`${scenario.file}: ${result.steps.flatMap((s) => s.failures)[0] ?? result.error}`)
    }
    expect(failed).toEqual([])
  })

  it('merged fails exactly the scenarios of residual flaws', async () => {
    const failing: string[] = []
    const expected: string[] = []
    for (const scenario of scenarios) {
      const result = await runScenario(scenario, { profile: 'merged', flaws: [...PROFILES.merged.flaws] })
      if (!result.passed) failing.push(scenario.file)
      if (demonstratedFlaws(scenario.spec.flaw).some((id) => PROFILES.merged.flaws.includes(id))) expected.push(scenario.file)
    }
    expect(failing.sort()).toEqual(expected.sort())
  })

  it("pre-fix shows the original bug: a collaborator's turn runs with the owner's identity", async () => {
    const plan = scenarios.find((s) => s.spec.scenario === 'pr-test-plan')
    expect(plan).toBeDefined()
    const result = await runScenario(plan as LoadedScenario, { profile: 'pre-fix', flaws: [...PROFILES['pre-fix'].flaws] })
    expect(result.passed).toBe(false)
    const bobActedAsAlice = result.events.some((e) => e.kind === 'tool.result' && e.actedAs === 'alice' && result.events.some((s) => s.kind === 'turn.started' && s.turn === e.turn && s.senderId === 'bob'))
    expect(bobActedAsAlice).toBe(true)
  })
})
