import type { CredentialSlot, FetchKind } from './providers'

/** The parts of the simulated world that emit events. */
export type Hop =
  | 'client'
  | 'frontdoor'
  | 'backend'
  | 'proxy'
  | 'runner'
  | 'provider'
  | 'operator'
  /** The Kubernetes API server's REST surface, as a pod reaches it (docs/platform/operator.md#the-session-role). */
  | 'kube'
  /** The ambient control plane: its token server and the api-server's credential tokens (docs/platform/control-plane.md). */
  | 'control-plane'
  | 'vault'
  | 'harness'

export const HOPS: readonly Hop[] = [
  'client',
  'frontdoor',
  'backend',
  'proxy',
  'runner',
  'provider',
  'operator',
  'kube',
  'control-plane',
  'vault',
  'harness'
]

/** Who sent a turn: a user, an API key (acting for its creator), or a scheduled run (no sender). */
export type Sender =
  | { kind: 'user'; userId: string }
  | { kind: 'apikey'; key: string }
  | { kind: 'scheduled'; schedule: string }

/** One row of the RBAC table of docs/platform/rbac.md#the-table, or null when the decision came before the table. */
export type RbacRow = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11

/** How the backend learnt who the caller is (docs/platform/identity.md). */
export type IdentitySource =
  | 'x-forwarded-user'
  | 'sa-annotation'
  | 'self-subject-review'
  | 'run-token'
  | 'sso-jwt'
  | 'token-review'
  | 'none'

/** A credential value seen somewhere, without the value: whose it is and a hash prefix. */
export interface CredentialRef {
  owner: string
  slot: FetchKind | 'bearer'
  field: string
  fingerprint: string
  length: number
}

/** A place a credential can sit. */
/** The turn, and its sender, that left a background process running in the runner pod. */
export interface BackgroundOrigin {
  turn: string
  sender: string
}

export type SinkKind =
  | 'runner-env'
  | 'workspace-file'
  /** A file the cleanup keeps on purpose (the Google credentials since 9605012b0, issue #1222): no leak of its own sender's turn. */
  | 'kept-file'
  | 'runner-context'
  | 'worker-env'
  | 'mcp-env'
  | 'mcp-config'
  /** The endpoint of a custom MCP server, outside the platform: a secret sent there has left it (H2). */
  | 'mcp-remote'
  | 'log'
  | 'audit'
  /** The session's AG-UI event log the proxy persists and sends to every browser (H9). */
  | 'event-log'
  /** A process an earlier turn left running in the runner pod (H1). */
  | 'background-process'
  | 'store'
  | 'export'

export interface SinkHolding {
  sink: SinkKind
  /** Which env key, file path, worker thread or MCP server inside the sink. */
  where: string
  credential: CredentialRef
}

/** A leak: a credential where it must not be, with redacted evidence only. */
export interface LeakFinding {
  invariant: 'foreign-credential' | 'left-after-cleanup' | 'secret-in-record' | 'sent-to-custom-server'
  sink: SinkKind
  where: string
  owner: string
  provider: FetchKind | 'bearer'
  fingerprint: string
  length: number
  /** The turn's sender, when the check ran after a turn. */
  sender: string | null
  message: string
}

/** Steps of one turn in the runner, in the order of docs/platform/runner.md#one-turn. */
export type RunnerStep =
  | 'context-set'
  | 'setup-platform'
  | 'clear'
  | 'populate'
  | 'populate-mcp'
  | 'user-changed'
  | 'worker-destroyed'
  | 'mcp-rebuilt'
  | 'adapter-built'
  | 'worker-created'
  | 'lock-wait'
  | 'lock-acquired'
  | 'stream'
  | 'finally'
  | 'caller-token-cleared'
  /** Hardened: the turn's background processes killed with it (H1). */
  | 'background-reaped'
  | 'clear-skipped'
  | 'turn-lock-released'

export type EventBody =
  | {
      kind: 'http.request'
      exchange: string
      from: Hop
      to: Hop
      method: string
      url: string
      headers: Record<string, string>
      body?: string
    }
  | {
      kind: 'http.response'
      exchange: string
      from: Hop
      to: Hop
      status: number
      body?: string
    }
  | {
      kind: 'identity'
      userID: string
      source: IdentitySource
      isBot: boolean
      detail: string
    }
  | { kind: 'project.checked'; project: string; status: number; reason: string }
  | {
      kind: 'rbac'
      slot: CredentialSlot
      row: RbacRow | null
      allow: boolean
      status: number
      authUser: string
      isBot: boolean
      header: string | null
      owner: string
      effective: string
      active: string | null
      reason: string
    }
  | {
      kind: 'credential.served'
      slot: FetchKind
      owner: string
      source: 'stored' | 'pat' | 'app' | 'project-token' | 'refreshed'
      credentials: CredentialRef[]
    }
  | { kind: 'credential.missing'; slot: CredentialSlot; effective: string; status: number; reason: string }
  | { kind: 'active-user'; op: 'set' | 'cleared'; key: string; user: string | null; reason: string }
  | {
      kind: 'turn.started'
      project: string
      session: string
      thread: string
      sender: Sender | null
      senderId: string
      /** Whose credentials the turn should use, as the proxy decided it when the turn began. */
      expectedOwner: string | null
    }
  | { kind: 'turn.finished'; status: 'finished' | 'error' | 'incomplete'; error?: string }
  | { kind: 'runner.step'; step: RunnerStep; detail: string }
  | {
      kind: 'runner.fetch'
      slot: FetchKind
      auth: 'caller' | 'bot' | 'none'
      currentUserHeader: string | null
      status: number | null
      /** `denied`: HEAD raised PermissionError after a 401/403 that its fallback could not mend. */
      outcome: 'ok' | 'empty' | 'refused-host' | 'error' | 'skipped' | 'denied'
      fallback: boolean
    }
  | { kind: 'runner.env'; op: 'populated' | 'cleared'; keys: string[]; files: string[] }
  | { kind: 'tool.call'; tool: string; args: string; startedBy?: BackgroundOrigin }
  | {
      kind: 'tool.result'
      tool: string
      ok: boolean
      actedAs: string | null
      slot: FetchKind | null
      summary: string
      /** Set when a background process ran the tool: the turn that left it running. */
      startedBy?: BackgroundOrigin
    }
  | { kind: 'log'; level: 'debug' | 'info' | 'warning' | 'error'; text: string }
  | { kind: 'audit'; text: string }
  | { kind: 'snapshot'; label: 'after-turn' | 'end-of-run'; holdings: SinkHolding[] }
  | {
      kind: 'pod'
      /** The runner pod as the turn found it, and as it left it after cleanup. */
      label: 'turn-start' | 'turn-end'
      env: Record<string, string>
      files: string[]
      /** MCP servers of the turn's worker and their env. */
      mcp: Record<string, Record<string, string>>
    }
  | { kind: 'leak'; finding: LeakFinding }
  | { kind: 'clock'; by: number; to: number }
  | { kind: 'sweep'; stale: string[]; clearedActiveUsers: string[] }
  | { kind: 'operator'; action: string; detail: string }
  | { kind: 'fault'; fault: string; detail: string }
  | { kind: 'note'; text: string }

export type EventKind = EventBody['kind']

/** One event of a run's trace. Never carries a secret value, only masked forms and fingerprints. */
export type TraceEvent = EventBody & {
  seq: number
  runId: string
  /** Virtual time, ms since the epoch. */
  at: number
  hop: Hop
  /** The AG-UI run id of the turn this event belongs to, when it belongs to one. */
  turn: string | null
}

export type EventOf<K extends EventKind> = Extract<TraceEvent, { kind: K }>
