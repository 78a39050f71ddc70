import type { PlatformVersion } from '../../shared/platform-versions'
import type { LeakFinding, TraceEvent } from '../../shared/events'
import type { FlawId } from '../../shared/flaw-ids'

export type StepKind = 'turn' | 'parallel' | 'advance' | 'token' | 'bot-token' | 'request' | 'fault' | 'clear-fault' | 'end-of-run'

export interface StepResult {
  index: number
  line: number
  kind: StepKind
  /** One line describing the step (`turn as bob in demo/shared-1: github.whoami`). */
  label: string
  passed: boolean
  failures: string[]
  /** The AG-UI run ids of the turns this step sent. */
  turns: string[]
}

export interface ScenarioResult {
  file: string
  /** The scenario's YAML as it ran: what a report carries so the run can be opened elsewhere. */
  source: string
  scenario: string
  title: string
  /** The flaws this scenario demonstrates (its `flaw:`), empty for a general scenario. */
  demonstrates: FlawId[]
  platform: PlatformVersion
  profile: string
  flaws: FlawId[]
  seed: number
  passed: boolean
  steps: StepResult[]
  /** The line of each of the scenario's steps, run or not: what a report lists when the run stopped early. */
  stepLines: number[]
  leaks: Array<LeakFinding & { turn: string | null }>
  runId: string
  durationMs: number
  /** Set when the scenario could not run to its end (an engine error). */
  error: string | null
  /** The redacted trace, event for event. */
  events: TraceEvent[]
}
