import type {
  AppState,
  CredscopeApi,
  DebuggerView,
  MatrixResult,
  RunView,
  ScenarioDiffView,
  ScenarioInfo,
  ScenarioRunView,
  ServerPush,
  TurnDetail,
  TurnSummary
} from '../../../shared/api'
import type { TraceEvent } from '../../../shared/events'

export type ViewName = 'session' | 'world' | 'matrix' | 'scenarios' | 'runs'

export interface ConnectionSlice {
  api: CredscopeApi | null
  fatal: string | null
  /** The last API error, shown as a banner until dismissed. */
  error: string | null
  state: AppState | null
  view: ViewName
  connect: (api: CredscopeApi) => Promise<void>
  setView: (view: ViewName) => void
  setError: (error: string | null) => void
  refreshState: () => Promise<void>
  restart: (profile: 'pre-fix' | 'merged' | 'hardened', flaws: string[]) => Promise<void>
  applyPush: (push: ServerPush) => void
}

export interface RunSlice {
  /** The run the Session view shows: the live one, or a reopened one. */
  viewedRunId: string | null
  viewedIsLive: boolean
  turns: TurnSummary[]
  /** Events of the live run not yet part of a finished turn, newest last (bounded). */
  liveEvents: TraceEvent[]
  selectedTurn: string | null
  turnDetail: TurnDetail | null
  selectedSeq: number | null
  viewRun: (runId: string, live: boolean) => Promise<void>
  selectTurn: (turn: string | null) => Promise<void>
  selectEvent: (seq: number | null) => void
  sendTurn: (input: Parameters<CredscopeApi['sendTurn']>[0]) => Promise<void>
}

export interface DebuggerSlice {
  debugger: DebuggerView
  debugAction: (action: 'pause' | 'step' | 'resume') => Promise<void>
  setBreakpoints: (kinds: DebuggerView['breakpoints']) => Promise<void>
}

export interface WorldSlice {
  advanceClock: (by: string) => Promise<void>
  tokenAction: (user: string, action: 'expire' | 'revoke' | 'issue') => Promise<void>
  setFault: (fault: Parameters<CredscopeApi['setFault']>[0]) => Promise<void>
  credentialAction: (user: string, slot: string, action: 'add' | 'rotate' | 'delete') => Promise<void>
}

export interface MatrixSlice {
  matrix: MatrixResult | null
  matrixBusy: boolean
  runMatrix: (project: string, session: string, turn?: string) => Promise<void>
}

export interface ScenarioSlice {
  scenarios: ScenarioInfo[]
  scenarioResult: ScenarioRunView | null
  scenarioDiff: ScenarioDiffView | null
  scenarioBusy: boolean
  loadScenarios: () => Promise<void>
  runScenario: (input: Parameters<CredscopeApi['runScenario']>[0]) => Promise<void>
  diffScenario: (input: Parameters<CredscopeApi['diffScenario']>[0]) => Promise<void>
}

export interface RunsSlice {
  runs: RunView[]
  loadRuns: () => Promise<void>
  exportBundle: (runId: string) => Promise<{ filename: string; content: string } | null>
  replayRun: (runId: string) => Promise<void>
}

export type AppStore = ConnectionSlice & RunSlice & DebuggerSlice & WorldSlice & MatrixSlice & ScenarioSlice & RunsSlice
