import { create } from 'zustand'
import { configOfProfile, type FlawConfig } from '../../components/flaw-config'

/** What the Scenarios view runs: a built-in file, or YAML text opened from disk (kept, it is no secret). */
export type ScenarioChoice = { kind: 'builtin'; file: string } | { kind: 'opened'; name: string; source: string }

/** The Scenarios view's form, kept across view switches; results live in the app store. */
interface ScenarioForm {
  choice: ScenarioChoice | null
  mode: 'run' | 'diff'
  config: FlawConfig
  a: FlawConfig
  b: FlawConfig
  seed: string
  /** The last run's or diff's error (a scenario file's `file:line:col: message`), shown inline. */
  runError: string | null
  set: (patch: Partial<Omit<ScenarioForm, 'set'>>) => void
}

export const useScenarioForm = create<ScenarioForm>()((set) => ({
  choice: null,
  mode: 'run',
  config: configOfProfile('merged'),
  a: configOfProfile('merged'),
  b: configOfProfile('hardened'),
  seed: '1',
  runError: null,
  set: (patch) => set(patch)
}))

/** The scenario part of a runScenario/diffScenario input. */
export function scenarioInput(choice: ScenarioChoice): { file: string } | { source: string; name: string } {
  return choice.kind === 'builtin' ? { file: choice.file } : { source: choice.source, name: choice.name }
}

/** The seed as the API wants it: a non-negative integer, or left out. */
export function seedInput(seed: string): { seed?: number } {
  const n = Number(seed.trim())
  return seed.trim() !== '' && Number.isInteger(n) && n >= 0 ? { seed: n } : {}
}
