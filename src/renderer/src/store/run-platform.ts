import type { PlatformVersion } from '../../../shared/platform-versions'
import type { AppStore } from './types'

/**
 * The platform version a run ran at, from what the app has loaded: the live engine, the Runs list,
 * or a scenario result; null when none of them names the run.
 */
export function selectRunPlatform(s: AppStore, runId: string): PlatformVersion | null {
  if (s.state?.live.runId === runId) return s.state.live.platform
  const run = s.runs.find((r) => r.id === runId)
  if (run) return run.platform
  return [s.scenarioResult, s.scenarioDiff?.a, s.scenarioDiff?.b].find((r) => r?.runId === runId)?.platform ?? null
}
