import type { Sender, TraceEvent } from '../../shared/events'
import { isPlatformVersion, type PlatformVersion } from '../../shared/platform-versions'
import { MERGED_ALIAS } from '../../shared/profiles'

export type RunKind = 'live' | 'scenario'
export type RunStatus = 'running' | 'finished' | 'passed' | 'failed' | 'incomplete'

export interface RunRow {
  id: string
  kind: RunKind
  title: string
  platform: PlatformVersion
  profile: string
  flaws: string[]
  seed: number
  world: unknown
  scenario: string | null
  /** A scenario run's `scenario:` name; null for live runs and runs recorded before it was kept. */
  scenarioName: string | null
  createdAt: string
  startedAt: number
  endedAt: string | null
  status: RunStatus
  summary: unknown
  turnCount: number
  eventCount: number
}

export interface TurnRow {
  /** Computed when the turn ended (see summarizeTurn); null for a turn that never ended. */
  summary: unknown
  turn: string
  project: string
  session: string
  thread: string
  sender: Sender | null
  senderId: string
  startedAt: number
  finishedAt: number | null
  status: string
}

/** What a run is created with; the rest of its row comes as it runs. */
export type NewRun = Pick<RunRow, 'id' | 'kind' | 'title' | 'platform' | 'profile' | 'flaws' | 'seed' | 'world' | 'startedAt'> & { scenario?: string; scenarioName?: string }

/** The columns of a row as SQLite gives them back. */
export interface RawRun {
  id: string
  kind: RunKind
  title: string
  platform: string
  profile: string
  flaws: string
  seed: number
  world: string
  scenario: string | null
  scenario_name: string | null
  created_at: string
  started_at: number
  ended_at: string | null
  status: RunStatus
  summary: string | null
  turn_count: number
  event_count: number
}

export interface RawEvent {
  run_id: string
  seq: number
  turn: string | null
  at: number
  hop: TraceEvent['hop']
  body: string
}

/** The event from its columns and its body (older rows carry the envelope in the body too). */
export function toEvent(r: RawEvent): TraceEvent {
  return { ...(JSON.parse(r.body) as object), seq: r.seq, runId: r.run_id, at: r.at, hop: r.hop, turn: r.turn } as TraceEvent
}

export interface RawTurn {
  summary: string | null
  turn: string
  project: string
  session: string
  thread: string
  sender: string | null
  sender_id: string
  started_at: number
  finished_at: number | null
  status: string
}

export function toTurnRow(r: RawTurn): TurnRow {
  return {
    summary: r.summary ? (JSON.parse(r.summary) as unknown) : null,
    turn: r.turn,
    project: r.project,
    session: r.session,
    thread: r.thread,
    sender: r.sender ? (JSON.parse(r.sender) as Sender | null) : null,
    senderId: r.sender_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status
  }
}

export function toRunRow(r: RawRun): RunRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    platform: isPlatformVersion(r.platform) ? r.platform : 'merge',
    // Runs recorded before versions existed say `merged`: the merge as-is.
    profile: r.profile === MERGED_ALIAS ? 'as-is' : r.profile,
    flaws: JSON.parse(r.flaws) as string[],
    seed: r.seed,
    world: JSON.parse(r.world) as unknown,
    scenario: r.scenario,
    scenarioName: r.scenario_name,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status,
    summary: r.summary ? (JSON.parse(r.summary) as unknown) : null,
    turnCount: r.turn_count,
    eventCount: r.event_count
  }
}
