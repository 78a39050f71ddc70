import type { FlawConfig } from '../components/flaw-config'
import type { ProfileName } from '../../../shared/profiles'
import type { PlatformVersion } from '../../../shared/platform-versions'
import type { FlawId } from '../../../shared/flaw-ids'
import type {
  AppState,
  CredscopeApi,
  DebuggerView,
  JunitSuiteView,
  MatrixResult,
  OpenedFile,
  RunDiffView,
  RunView,
  ScenarioDiffView,
  ScenarioInfo,
  ScenarioRunView,
  ServerPush,
  TurnDetail,
  TurnSummary
} from '../../../shared/api'
import type { TraceEvent } from '../../../shared/events'
import type { ReportFormat } from '../../../shared/report-format'
import type { GlossaryId } from '../../../shared/glossary'
import type { EventRef } from '../../../shared/divergence'
import type { ExploreProgressView, ExploreStrategy, ExploreView } from '../../../shared/explore-view'

export type ViewName = 'session' | 'world' | 'matrix' | 'scenarios' | 'explore' | 'runs' | 'compare' | 'help'

export interface ConnectionSlice {
  api: CredscopeApi | null
  fatal: string | null
  /** The last API error, shown as a banner until dismissed. */
  error: string | null
  state: AppState | null
  view: ViewName
  /** The term the Help view shows first and highlights; null shows the whole glossary from the top. */
  helpTerm: GlossaryId | null
  connect: (api: CredscopeApi) => Promise<void>
  setView: (view: ViewName) => void
  /** Opens the Help view at a term (a click on a <Term>). */
  openHelp: (term: GlossaryId | null) => void
  setError: (error: string | null) => void
  refreshState: () => Promise<void>
  restart: (config: { platform: PlatformVersion; profile: ProfileName; flaws: FlawId[] }) => Promise<void>
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
  /** The diagram's share of the height it splits with the inspector, 0.25–0.8 (the user drags the divider). */
  diagramShare: number
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
  setDiagramShare: (share: number) => void
  sendTurn: (input: Parameters<CredscopeApi['sendTurn']>[0]) => Promise<void>
}

export interface DebuggerSlice {
  debugger: DebuggerView
  debugAction: (action: 'pause' | 'step' | 'resume') => Promise<void>
  setBreakpoints: (kinds: DebuggerView['breakpoints']) => Promise<void>
}

export interface WorldSlice {
  /**
   * Revocations done from this window. The world summary shows a token's expiry but not whether it
   * was revoked, so the view remembers which masked token it revoked until a new one is issued.
   */
  revokedTokens: Readonly<Record<string, string>>
  markRevoked: (user: string, maskedToken: string) => void
  advanceClock: (by: string) => Promise<void>
  tokenAction: (user: string, action: 'expire' | 'revoke' | 'issue') => Promise<void>
  setFault: (fault: Parameters<CredscopeApi['setFault']>[0]) => Promise<void>
  credentialAction: (user: string, slot: string, action: 'add' | 'rotate' | 'delete') => Promise<void>
}

/** The Matrix view's own choices, kept across view switches. */
export interface MatrixUi {
  session: string | null
  turn: string | null
  onlyFindings: boolean
  selected: string | null
  /** The live configuration a matrix ran against, captured when it was run, with the result it belongs to. */
  ranAgainst: { matrix: MatrixResult; config: string } | null
}

export interface MatrixSlice {
  matrix: MatrixResult | null
  matrixBusy: boolean
  matrixUi: MatrixUi
  setMatrixUi: (patch: Partial<MatrixUi>) => void
  /** The result, or null when the call failed (the error is in the banner). */
  runMatrix: (project: string, session: string, turn?: string) => Promise<MatrixResult | null>
}

/** What the Scenarios view runs: a built-in file, or YAML text opened from disk (kept, it is no secret). */
export type ScenarioChoice = { kind: 'builtin'; file: string } | { kind: 'opened'; name: string; source: string }

/** The Scenarios view's form, kept across view switches. */
export interface ScenarioForm {
  choice: ScenarioChoice | null
  mode: 'run' | 'diff'
  config: FlawConfig
  a: FlawConfig
  b: FlawConfig
  seed: string
  /** The last run's or diff's error (a scenario file's `file:line:col: message`), shown inline. */
  runError: string | null
}

export interface ScenarioSlice {
  scenarios: ScenarioInfo[]
  scenarioResult: ScenarioRunView | null
  scenarioDiff: ScenarioDiffView | null
  scenarioBusy: boolean
  scenarioForm: ScenarioForm
  setScenarioForm: (patch: Partial<ScenarioForm>) => void
  loadScenarios: () => Promise<void>
  /** Each answers its result, or null when the call failed (the error is in the banner). */
  runScenario: (input: Parameters<CredscopeApi['runScenario']>[0]) => Promise<ScenarioRunView | null>
  diffScenario: (input: Parameters<CredscopeApi['diffScenario']>[0]) => Promise<ScenarioDiffView | null>
  /** Re-runs a stored run as a scenario; its result becomes the Scenarios view's. */
  replayRun: (runId: string) => Promise<ScenarioRunView | null>
}

/** The Runs view's filters and which row is open, kept across view switches. */
export interface RunsUi {
  kind: 'all' | 'scenario' | 'live'
  text: string
  expanded: string | null
  /** The last export, shown beside the row. */
  exported: { runId: string; filename: string } | null
  /** Runs ticked for Compare, oldest tick first; at most two. */
  picked: string[]
}

export interface RunsSlice {
  runs: RunView[]
  runsUi: RunsUi
  setRunsUi: (patch: Partial<RunsUi>) => void
  loadRuns: () => Promise<void>
  exportBundle: (runId: string) => Promise<{ filename: string; content: string } | null>
  /** Gives a run a title of the user's; false when it was refused (the banner says why). */
  renameRun: (runId: string, title: string) => Promise<boolean>
  /** A run, or one turn of it, as a report file (HTML page or Markdown); null when refused (the banner says why). */
  exportReport: (runId: string, format: ReportFormat, turn?: string) => Promise<{ filename: string; content: string } | null>
  /** A JUnit report of several scenarios, waiting for the user to pick one. */
  junitPick: { name: string; content: string; suites: JunitSuiteView[] } | null
  /** What the last opened file became, said once where it landed. */
  openNotice: string | null
  setOpenNotice: (notice: string | null) => void
  /**
   * Opens a scenario, bundle or JUnit file: a scenario goes to Scenarios, a run to Session, a
   * report of several scenarios to the pick list; null when the file was refused (the banner says why).
   */
  openFile: (name: string, content: string, suite?: string) => Promise<OpenedFile | null>
}

/** The event a comparison shows side by side: its turn in each run, from the store. */
export interface CompareFocus {
  a: EventRef | null
  b: EventRef | null
  eventsA: TraceEvent[]
  eventsB: TraceEvent[]
}

/** The Compare view: two stored runs, where they part, and the difference shown side by side. */
export interface CompareState {
  a: string | null
  b: string | null
  diff: RunDiffView | null
  busy: boolean
  /** Every difference listed, not only whose credential differs first. */
  all: boolean
  focus: CompareFocus | null
}

export interface CompareSlice {
  compare: CompareState
  setCompare: (patch: Partial<CompareState>) => void
  /** Compares two runs and shows the credential divergence side by side. */
  compareRuns: (a: string, b: string) => Promise<void>
  focusDifference: (a: EventRef | null, b: EventRef | null) => Promise<void>
}

/** The Explorer's form: a built-in scenario, a configuration, a strategy, a bound and a budget. */
export interface ExploreForm {
  file: string
  config: FlawConfig
  strategy: ExploreStrategy
  preemptions: number
  budget: string
}

/** The Explorer view: the form, the count as it runs, and the last exploration. */
export interface ExploreSlice {
  exploreForm: ExploreForm
  exploreBusy: boolean
  exploreProgress: ExploreProgressView | null
  exploreResult: ExploreView | null
  setExploreForm: (patch: Partial<ExploreForm>) => void
  setExploreProgress: (progress: ExploreProgressView) => void
  runExplore: () => Promise<void>
  stopExplore: () => Promise<void>
}

export type AppStore = ConnectionSlice & RunSlice & DebuggerSlice & WorldSlice & MatrixSlice & ScenarioSlice & RunsSlice & CompareSlice & ExploreSlice
