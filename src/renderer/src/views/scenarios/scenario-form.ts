import type { ScenarioChoice } from '../../store/types'

/** The scenario part of a runScenario/diffScenario input. */
export function scenarioInput(choice: ScenarioChoice): { file: string } | { source: string; name: string } {
  return choice.kind === 'builtin' ? { file: choice.file } : { source: choice.source, name: choice.name }
}

/** The seed as the API wants it: a non-negative integer, or left out. */
export function seedInput(seed: string): { seed?: number } {
  const n = Number(seed.trim())
  return seed.trim() !== '' && Number.isInteger(n) && n >= 0 ? { seed: n } : {}
}
