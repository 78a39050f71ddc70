import type { ScenarioRunView } from '../../../../shared/api'
import { configOf, describeConfig } from '../../components/flaw-config'

/** A scenario file path as the library names it: relative to the built-in scenarios folder. */
export function shortScenarioFile(file: string): string {
  const at = file.lastIndexOf('/scenarios/')
  return at >= 0 ? file.slice(at + '/scenarios/'.length) : file
}

/** The config a result ran under, named the way the pickers name it. */
export function runConfigLabel(result: Pick<ScenarioRunView, 'platform' | 'profile' | 'flaws'>): string {
  return describeConfig(configOf(result.platform, result.profile, result.flaws))
}
