import type { LeakFinding, RbacRow } from '../../shared/events'
import type { PlatformVersion } from '../../shared/platform-versions'
import type { RbacRowText } from '../../shared/rbac-rows'

/**
 * What a report says, laid out by neither format: the HTML page and the Markdown are two
 * renderings of these facts. Every string in it has been masked (see redact.ts).
 */
export interface ReportModel {
  title: string
  /** The stem of the report's file name: the scenario's, `live-<id>`, the bundle's; `.turn-N` for one turn. */
  name: string
  /** What the report was made from: `run <id>` or `bundle <file>`. */
  source: string
  generatedAt: string
  credscope: string
  ran: RanFacts
  verdict: Verdict
  /** Every turn of the run at a glance, in order (up to LISTED_TURNS). */
  turnList: TurnLine[]
  /** How many turns the run has. */
  turnCount: number
  /** The turns told in full: every one up to a limit, or the one asked for. */
  turns: ReportTurn[]
  /** Why fewer turns are told in full (or listed) than the run has; null when all are. */
  omitted: string | null
  rerun: Rerun
  /** The scenario the run ran (for a live run, its re-enactment), so the re-run needs nothing else. */
  scenario: { file: string; source: string } | null
}

export interface RanFacts {
  kind: 'scenario' | 'live'
  runId: string | null
  /** The scenario file, as the re-run names it; null for a live run. */
  file: string | null
  platform: PlatformVersion
  /** `head (0b59fe7de)` */
  platformLabel: string
  platformSummary: string
  profile: string
  /** `head · as-is` */
  config: string
  flaws: Array<{ id: string; title: string }>
  seed: number
  startedAt: string | null
  endedAt: string | null
}

export type Outcome = 'passed' | 'failed' | 'finished' | 'incomplete' | 'running'

export interface Verdict {
  outcome: Outcome
  /** What the run came to, in one sentence after the outcome's word: `6 expectations failed; 4 leak findings.` */
  headline: string
  /** The scenario's expectations that failed, `step 1: …`. */
  failures: string[]
  leaks: ReportLeak[]
  /** Leak findings beyond those listed. */
  moreLeaks: number
}

export type ReportLeak = LeakFinding & { turnNumber: number | null }

/** A turn in the run's list: who sent it, whose credentials it got, how it ended. */
export interface TurnLine {
  number: number
  turn: string
  sender: string
  expectedOwner: string | null
  status: string
  served: Array<{ slot: string; owner: string; foreign: boolean }>
  leaks: number
  denied: number
}

export interface ReportTurn extends TurnLine {
  senderId: string
  project: string
  session: string
  thread: string
  error: string | null
  /** The tool lines of the turn's message, as the agent ran them. */
  message: string[]
  credentials: ReportCredential[]
  actedAs: Array<{ line: string; owner: string | null; foreign: boolean; ok: boolean; summary: string; startedBy: string | null }>
  decisions: ReportDecision[]
  leakFindings: LeakFinding[]
  hops: ReportHop[]
  /** Bookkeeping events (logs, audit lines, runner steps, …) the diagram leaves out. */
  hiddenHops: number
}

/** One credential the turn touched (a ledger entry), in words. */
export interface ReportCredential {
  slot: string
  owner: string
  foreign: boolean
  fingerprints: string[]
  /** `caller token as bob`, `BOT_TOKEN, no header (fallback)`; null when the runner's fetch is not on the trace. */
  fetchedWith: string | null
  /** `row 10 · allow`, `outside the table · allow`; null when no decision is on the trace. */
  decision: string | null
  reason: string | null
  wentTo: string[]
  /** Sinks still holding it after cleanup; empty when cleanup removed it. */
  leftIn: string[]
}

/** One distinct RBAC decision of the turn, with the row of the table that made it. */
export interface ReportDecision {
  slot: string
  row: RbacRow | null
  allow: boolean
  status: number
  reason: string
  /** The row as docs/platform/rbac.md spells it; null when decided outside the table. */
  rowText: RbacRowText | null
  inputs: { A: string; H: string; O: string; E: string; M: string; bot: boolean }
  /** How many times the turn asked the same and got the same answer. */
  times: number
}

export type HopTone = 'ok' | 'bad' | 'warn' | 'plain'

/** One row of the sequence diagram: an arrow between lanes (HTTP) or a mark on one lane. */
export type ReportHop =
  | {
      kind: 'arrow'
      seq: number
      from: number
      to: number
      /** `runner → backend` */
      between: string
      /** `GET …/credentials/github`, or for an answer `200 ← GET …/credentials/github` */
      label: string
      /** The answer's status; null while none came (or an event stream). */
      status: number | null
      response: boolean
      headers: Array<[string, string]>
      /** The first fields of an answer's body, masked as they came. */
      peek: string | null
      tone: HopTone
    }
  | { kind: 'mark'; seq: number; lane: number; hop: string; tag: string; text: string; tone: HopTone }

/** How to run it again: the command, and what to do first when it needs a file. */
export interface Rerun {
  command: string
  note: string | null
}
