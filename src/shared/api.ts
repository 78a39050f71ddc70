import { z } from 'zod'
import { BREAKPOINT_KINDS, type BreakpointKind } from './debugger-kinds'
import type { LeakFinding, Sender, TraceEvent } from './events'
import type { FlawId } from './flaw-ids'
import type { Ledger } from './ledger'
import type { ApiMethodName } from './api-methods'
import type { Divergence } from './divergence'
import type { CredentialSlot } from './providers'
import { PLATFORM_VERSIONS, type PlatformVersion } from './platform-versions'
import { MERGED_ALIAS, PROFILE_NAMES } from './profiles'
import { REPORT_FORMATS } from './report-format'
import { turnSenderSchema } from './sender'
import { EXPLORE_STRATEGIES, type ExploreProgressView, type ExploreView } from './explore-view'

/**
 * The one API the renderer talks to. The web client implements it over the control API's RPC
 * route; the Electron preload implements it over IPC, and main forwards to the same route. Every
 * input is checked against its schema here, in main, and by the server; no output ever carries a
 * secret, only masked forms and fingerprints.
 */

const flawId = z.string().min(1).max(80)
const userId = z.string().min(1).max(253)
const sessionRef = { project: z.string().min(1).max(63), session: z.string().min(1).max(63) }
/** A configuration as the app asks for it: a version (else the scenario's, else head), a profile and flaws on top. */
const config = z.object({ platform: z.enum(PLATFORM_VERSIONS).optional(), profile: z.enum([...PROFILE_NAMES, MERGED_ALIAS]), flaws: z.array(flawId).max(64) }).strict()
const runRef = z.object({ runId: z.string().uuid() }).strict()
const scenarioSource = z
  .object({ file: z.string().min(1).max(300).optional(), source: z.string().max(200_000).optional(), name: z.string().max(200).optional() })
  .strict()
  .refine((v) => (v.file === undefined) !== (v.source === undefined), 'give either file (a built-in scenario) or source (YAML text)')

export const API_INPUTS = {
  getState: z.object({}).strict(),
  restart: config,
  sendTurn: z.object({ sender: turnSenderSchema, ...sessionRef, thread: z.string().min(1).max(63).optional(), message: z.string().max(20_000) }).strict(),
  listTurns: runRef,
  getTurn: z.object({ runId: z.string().uuid(), turn: z.string().min(1).max(100) }).strict(),
  advanceClock: z.object({ by: z.string().regex(/^(\d+(ms|s|m|h|d))+$/, 'a duration such as 90s, 10m or 1h') }).strict(),
  tokenAction: z.object({ user: userId, action: z.enum(['expire', 'revoke', 'issue']) }).strict(),
  setFault: z
    .object({
      fault: z.enum(['self-subject-review', 'token-review', 'access-review', 'keychain-locked', 'google-refresh']),
      on: z.boolean(),
      user: userId.optional()
    })
    .strict(),
  debugger: z.object({ action: z.enum(['pause', 'step', 'resume', 'get']) }).strict(),
  setBreakpoints: z.object({ kinds: z.array(z.enum(BREAKPOINT_KINDS)).max(BREAKPOINT_KINDS.length) }).strict(),
  credentialAction: z
    .object({ user: userId, slot: z.string().regex(/^(github|gitlab|jira|google|mcp:[a-z0-9][a-z0-9-]{0,62})$/), action: z.enum(['add', 'rotate', 'delete']) })
    .strict(),
  matrix: z.object({ ...sessionRef, turn: z.string().min(1).max(100).optional() }).strict(),
  listScenarios: z.object({}).strict(),
  runScenario: z.object({ scenario: scenarioSource, config, seed: z.number().int().nonnegative().optional() }).strict(),
  diffScenario: z.object({ scenario: scenarioSource, a: config, b: config, seed: z.number().int().nonnegative().optional() }).strict(),
  listRuns: z.object({}).strict(),
  openRun: runRef,
  exportBundle: runRef,
  /** A run (or one turn of it) as a self-contained HTML page or GitHub Markdown, masked like every export. */
  exportReport: z.object({ runId: z.string().uuid(), turn: z.string().min(1).max(100).optional(), format: z.enum(REPORT_FORMATS) }).strict(),
  replayRun: runRef,
  renameRun: z.object({ runId: z.string().uuid(), title: z.string().trim().min(1, 'a title cannot be empty').max(200) }).strict(),
  openFile: z.object({ name: z.string().min(1).max(255), content: z.string().max(900_000), suite: z.string().max(300).optional() }).strict(),
  diffRuns: z.object({ a: z.string().uuid(), b: z.string().uuid() }).strict(),
  /** Runs a scenario under many schedules of its concurrent steps (docs/explore.md); the count is pushed as it goes. */
  exploreScenario: z
    .object({
      scenario: scenarioSource,
      config,
      strategy: z.enum(EXPLORE_STRATEGIES),
      preemptions: z.number().int().min(0).max(10),
      budget: z.string().regex(/^(\d+|(\d+(ms|s|m|h))+)$/, 'a duration (60s, 5m) or a number of runs (500)'),
      seed: z.number().int().nonnegative().optional()
    })
    .strict(),
  stopExplore: z.object({}).strict()
} as const

export type ApiMethod = keyof typeof API_INPUTS
export type ApiInput<M extends ApiMethod> = z.input<(typeof API_INPUTS)[M]>
export const API_METHODS = Object.keys(API_INPUTS) as ApiMethod[]

// The preload's list of names must be exactly the contract's methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const METHOD_NAMES_MATCH: Same<ApiMethod, ApiMethodName> = true

/** A world as the renderer may see it: tokens masked. */
export interface WorldSummary {
  runId: string
  platform: PlatformVersion
  profile: string
  flaws: FlawId[]
  vault: { backend: 'keychain' | 'memory'; service: string }
  now: string
  /** How users sign in: the OAuth proxy (`legacy`) or five-minute SSO JWTs (HEAD only). */
  identity: 'legacy' | 'sso'
  urls: { frontDoor: string; backend: string; control: string }
  users: Array<{
    id: string
    name: string
    email: string
    username: string
    userID: string
    token: string
    tokenExpiresAt: string | null
    credentials: Array<{ slot: CredentialSlot; masked: string; fingerprint: string }>
  }>
  projects: Array<{ name: string; members: Record<string, string> }>
  sessions: Array<{
    project: string
    name: string
    owner: string
    ownerUserID: string
    sharedWith: Record<string, string>
    runner: string
    phase: string
    serviceAccount: string
    annotations: Record<string, string>
    botToken: string
    /** The session's agui-token (HEAD, and the merge with f1378 fixed): what a direct POST to its runner must send as X-Ambient-Session-Token; '' when there is none. */
    aguiToken: string
    runnerClusterUrl: string
  }>
  apiKeys: Array<{ project: string; name: string; creator: string; role: string; serviceAccount: string; token: string }>
  serviceAccounts: Array<{ project: string; name: string; role: string; annotations: Record<string, string>; token: string }>
  schedules: Array<{ project: string; name: string; session: string }>
}

export interface DebuggerView {
  paused: boolean
  breakpoints: BreakpointKind[]
  /** Events held at a gate, oldest first; a step releases the first. */
  held: TraceEvent[]
  /** The event whose breakpoint paused the run, until the next step or continue; null when paused by hand. */
  stoppedBy: TraceEvent | null
}

export interface TurnSummary {
  turn: string
  project: string
  session: string
  thread: string
  sender: Sender | null
  senderId: string
  expectedOwner: string | null
  startedAt: number
  finishedAt: number | null
  status: string
  /** Why the turn ended in error or incomplete; null otherwise (older runs have none). */
  error?: string | null
  served: Array<{ slot: string; owner: string }>
  actedAs: Array<{ tool: string; owner: string | null }>
  denied: number
  leaks: number
}

/** Whether the run store still records; when not, why, since when, and how many events went unrecorded. */
export type StoreHealthView = { ok: true } | { ok: false; message: string; since: string; droppedEvents: number }

export interface AppState {
  live: { runId: string; platform: PlatformVersion; profile: string; flaws: FlawId[] }
  world: WorldSummary
  debugger: DebuggerView
  faults: string[]
  store: StoreHealthView
}

export interface TurnDetail {
  summary: TurnSummary
  events: TraceEvent[]
  /**
   * The turn's way in before the proxy named it: the sender's POST /agui/run through the front
   * door into the backend and its answer. These events carry no turn id (see shared/lead-in.ts).
   */
  leadIn: TraceEvent[]
  ledger: Ledger
}

/** One cell of the authorization matrix: principal × provider × header variant. */
export interface MatrixCell {
  principal: string
  slot: CredentialSlot
  header: string
  status: number
  /** Whose credential came back, if any. */
  owner: string | null
  /** Whose credential the secure design allows, or null for none. */
  expected: string | null
  verdict: 'ok' | 'violation' | 'denied-expected' | 'broken'
  row: number | null
  reason: string
}

export interface MatrixResult {
  project: string
  session: string
  owner: string
  principals: string[]
  headers: string[]
  slots: CredentialSlot[]
  cells: MatrixCell[]
  /** When replaying a turn: the fetches of that turn the matrix re-sends. */
  replayedFrom: string | null
}

export interface ScenarioInfo {
  file: string
  scenario: string
  title: string
  description: string
  demonstrates: FlawId[]
  /** The file's `seed:`, which a run uses unless it is given one; null when the file names none (1). */
  seed: number | null
}

export interface ScenarioStepView {
  index: number
  line: number
  kind: string
  label: string
  passed: boolean
  failures: string[]
  turns: string[]
}

export interface ScenarioRunView {
  runId: string
  file: string
  scenario: string
  title: string
  platform: PlatformVersion
  profile: string
  flaws: FlawId[]
  seed: number
  passed: boolean
  error: string | null
  invariant: string | null
  steps: ScenarioStepView[]
  leaks: Array<LeakFinding & { turn: string | null }>
  durationMs: number
  /** The YAML it ran: a replayed live run or an opened file has no other copy in the app. */
  source: string
}

export interface ScenarioDiffView {
  a: ScenarioRunView
  b: ScenarioRunView
  divergence: Divergence
}

/** Two stored runs of any kind (live, scenario, CLI, imported bundle) and where they part. */
export interface RunDiffView {
  a: RunView
  b: RunView
  divergence: Divergence
}

/** One scenario of a JUnit report, as the app offers it for opening. */
export interface JunitSuiteView {
  name: string
  platform: string
  profile: string
  flaws: string[]
  seed: number
  passed: boolean
  /** Its failing testcases' names and messages, as CI showed them. */
  failures: string[]
  /** Whether the app can show it: it is in this history, or the report carries its scenario. */
  openable: boolean
}

/** A file the app opened: a scenario to run, a run it now holds (a bundle, a JUnit scenario), or a JUnit report's scenarios to pick from. */
export type OpenedFile =
  | { kind: 'scenario'; name: string; source: string }
  | { kind: 'run'; runId: string; title: string; note: string }
  | { kind: 'junit'; name: string; suites: JunitSuiteView[] }

export interface RunView {
  id: string
  kind: 'live' | 'scenario'
  title: string
  platform: PlatformVersion
  profile: string
  flaws: string[]
  seed: number
  /** The scenario file: relative to the built-in library when it is one of those, else as it was run. */
  scenario: string | null
  /** The scenario's `scenario:` name, which the Runs filter matches too; null for live runs and older runs. */
  scenarioName: string | null
  createdAt: string
  endedAt: string | null
  status: string
  turnCount: number
  eventCount: number
}

export interface OpenedRun {
  run: RunView
  turns: TurnSummary[]
}

export interface ApiOutputs {
  getState: AppState
  restart: AppState
  sendTurn: { status: number; body: string; turn: TurnSummary | null }
  listTurns: TurnSummary[]
  getTurn: TurnDetail
  advanceClock: { now: string }
  tokenAction: { user: string; action: string; token: string }
  setFault: { faults: string[] }
  debugger: DebuggerView
  setBreakpoints: DebuggerView
  credentialAction: WorldSummary['users']
  matrix: MatrixResult
  listScenarios: ScenarioInfo[]
  runScenario: ScenarioRunView
  diffScenario: ScenarioDiffView
  listRuns: RunView[]
  openRun: OpenedRun
  exportBundle: { filename: string; content: string }
  exportReport: { filename: string; content: string }
  replayRun: ScenarioRunView
  renameRun: RunView
  openFile: OpenedFile
  diffRuns: RunDiffView
  exploreScenario: ExploreView
  stopExplore: { stopping: boolean }
}

export type ApiOutput<M extends ApiMethod> = ApiOutputs[M]

/** What the engine pushes to the renderer. */
export type ServerPush =
  | { type: 'event'; event: TraceEvent }
  | { type: 'debugger'; state: DebuggerView }
  | { type: 'turn'; summary: TurnSummary }
  | { type: 'restarted'; state: AppState }
  | { type: 'store'; health: StoreHealthView }
  | { type: 'explore'; progress: ExploreProgressView }

/** The interface both the web client and the Electron preload implement. */
export type CredscopeApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>>
} & {
  /** Subscribes to pushes; returns the unsubscribe. */
  subscribe(listener: (push: ServerPush) => void): () => void
}

/** The error every transport turns a failure into. */
export interface ApiError {
  code: 'bad-input' | 'not-found' | 'unauthorized' | 'unavailable' | 'failed'
  message: string
}
