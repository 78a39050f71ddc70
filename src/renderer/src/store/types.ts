import type { ProfileName } from '../../../shared/profiles'
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
  restart: (profile: ProfileName, flaws: string[]) => Promise<void>
  applyPush: (push: ServerPush) => void
  /** Applies pushes that arrived together as few store updates as their order allows. */
  applyPushes: (pushes: readonly ServerPush[]) => void
}

/** The user's latest send, from the click until the proxy names its turn (or refuses it). */
export interface PendingSend {
  /** The last live event's seq when the send began: the send's own events come after it. */
  markSeq: number
  /** Who sent it, as the timeline names senders. */
  sender: string
  status: 'sending' | 'refused'
  /** The status and (masked) body of POST /agui/run when it was refused. */
  httpStatus: number | null
  body: string | null
}

/** What the composer holds between sends; serialisable so it survives switching views. */
export interface ComposerDraft {
  /** `user:<id>`, `apikey:<name>` or `scheduled`. */
  sender: string
  /** `<project>/<session>`. */
  session: string
  thread: string
  message: string
  /** Send as a browser session (the OAuth cookie) instead of a bearer token. */
  viaCookie: boolean
}

/** The inspector's tabs: the selected event, then the turn as a whole. */
export type InspectorTab = 'event' | 'ledger' | 'env' | 'files' | 'mcp' | 'audit'

export interface RunSlice {
  /** The run the Session view shows: the live one, or a reopened one. */
  viewedRunId: string | null
  viewedIsLive: boolean
  turns: TurnSummary[]
  /** Turns of the live run that started and are not summarised yet, kept current from their events. */
  runningTurns: TurnSummary[]
  /** Events of the live run not yet part of a finished turn, newest last (bounded). */
  liveEvents: TraceEvent[]
  selectedTurn: string | null
  turnDetail: TurnDetail | null
  selectedSeq: number | null
  /** Select each new turn as it starts and the event the debugger holds (set by sending, cleared by picking another turn). */
  followLive: boolean
  pendingSend: PendingSend | null
  /** sendTurn calls still waiting for their turn to end (a paused turn keeps its call open). */
  sendsInFlight: number
  draft: ComposerDraft
  inspectorTab: InspectorTab
  /** Hide the bookkeeping events (logs, audit lines, runner steps, project checks, pod snapshots) from the diagram. */
  compactDiagram: boolean
  viewRun: (runId: string, live: boolean) => Promise<void>
  /** Selects a turn (and optionally one of its events); a finished turn's detail is fetched, a running one is drawn from live events. */
  selectTurn: (turn: string | null, seq?: number | null) => Promise<void>
  selectEvent: (seq: number | null) => void
  /** Moves the event selection through the shown turn: +1 next, -1 previous. */
  moveEvent: (delta: 1 | -1) => void
  /** Moves the turn selection through the timeline: +1 next, -1 previous. */
  moveTurn: (delta: 1 | -1) => void
  /** Goes back to following the live run: the running turn, else the newest. */
  followLatest: () => void
  /** Shows an event wherever it is (e.g. the one a breakpoint stopped on). */
  revealEvent: (event: TraceEvent) => void
  setDraft: (patch: Partial<ComposerDraft>) => void
  setInspectorTab: (tab: InspectorTab) => void
  setCompactDiagram: (compact: boolean) => void
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
