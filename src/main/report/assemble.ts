import type { TurnSummary } from '../../shared/api'
import type { LeakFinding, TraceEvent } from '../../shared/events'
import { flawById } from '../../shared/flaws'
import { isForeignCredential } from '../../shared/owners'
import { PLATFORMS, platformLabel, type PlatformVersion } from '../../shared/platform-versions'
import { configLabel } from '../../shared/profiles'
import type { Outcome, RanFacts, ReportModel, ReportTurn, Rerun } from './model'
import { redactModel } from './redact'
import { turnLine, turnReport } from './turn-report'

/** How many turns a run's report tells in full; `--turn` tells any other. */
export const FULL_TURNS = 20
/** How many turns the run's list shows, and how many leak findings the verdict lists. */
export const LISTED_TURNS = 500
export const LISTED_LEAKS = 200

/** What a report is made from, whether a stored run or a bundle. */
export interface ReportInput {
  title: string
  /** The stem of the file name, without the turn. */
  name: string
  source: string
  credscope: string
  run: { kind: 'scenario' | 'live'; runId: string | null; file: string | null; platform: PlatformVersion; profile: string; flaws: readonly string[]; seed: number; startedAt: string | null; endedAt: string | null }
  outcome: Outcome
  failures: string[]
  leaks: ReadonlyArray<LeakFinding & { turn: string | null }>
  /** Every turn of the run, in order. */
  summaries: readonly TurnSummary[]
  /** The turn the report is about, when it is about one. */
  only: TurnSummary | null
  /** A turn's events and lead-in, read only for the turns told in full. */
  detail: (summary: TurnSummary) => { events: TraceEvent[]; leadIn: TraceEvent[] }
  rerun: Rerun
  scenario: { file: string; source: string } | null
  now?: Date
}

/** The report's facts, masked: the turns told in full chosen, the verdict worded. */
export function assembleReport(input: ReportInput): ReportModel {
  const numberOf = new Map(input.summaries.map((s, i) => [s.turn, i + 1]))
  const { told, omitted } = chooseTurns(input)
  const turns: ReportTurn[] = told.map((summary) => {
    const { events, leadIn } = input.detail(summary)
    return turnReport(numberOf.get(summary.turn) ?? 0, summary, events, leadIn)
  })
  const leaks = input.leaks.map(({ turn, ...finding }) => ({ ...finding, turnNumber: turn === null ? null : (numberOf.get(turn) ?? null) }))
  const { run } = input
  const ran: RanFacts = {
    kind: run.kind,
    runId: run.runId,
    file: run.file,
    platform: run.platform,
    platformLabel: platformLabel(run.platform),
    platformSummary: PLATFORMS[run.platform].summary,
    profile: run.profile,
    config: configLabel(run),
    flaws: run.flaws.map((id) => ({ id, title: flawById(id)?.title ?? '' })),
    seed: run.seed,
    startedAt: run.startedAt,
    endedAt: run.endedAt
  }
  return redactModel({
    title: input.only ? `${input.title}: turn ${numberOf.get(input.only.turn) ?? ''}` : input.title,
    name: input.only ? `${input.name}.turn-${numberOf.get(input.only.turn) ?? ''}` : input.name,
    source: input.source,
    generatedAt: (input.now ?? new Date()).toISOString(),
    credscope: input.credscope,
    ran,
    verdict: {
      outcome: input.outcome,
      headline: headline(input.outcome, input.failures.length, leaks.length, input.summaries.length),
      failures: input.failures,
      leaks: leaks.slice(0, LISTED_LEAKS),
      moreLeaks: Math.max(0, leaks.length - LISTED_LEAKS)
    },
    turnList: input.summaries.slice(0, LISTED_TURNS).map((s, i) => turnLine(i + 1, s)),
    turnCount: input.summaries.length,
    turns,
    omitted,
    rerun: input.rerun,
    scenario: input.scenario
  })
}

/**
 * The turns told in full: the one asked for; else all of a short run; else, of a long one, the
 * turns with something to see (a leak, a foreign credential, a denial, an error) first.
 */
function chooseTurns(input: ReportInput): { told: TurnSummary[]; omitted: string | null } {
  const all = input.summaries
  const listedNote = all.length > LISTED_TURNS ? ` The list of turns stops at ${LISTED_TURNS} of ${all.length}.` : ''
  if (input.only) return { told: [input.only], omitted: all.length > 1 ? `This report tells turn ${all.indexOf(input.only) + 1} of ${all.length} in full.${listedNote}` : null }
  if (all.length <= FULL_TURNS) return { told: [...all], omitted: null }
  const flagged = all.filter((s) => s.leaks > 0 || s.denied > 0 || s.status === 'error' || s.served.some((c) => isForeignCredential(c.owner, s.expectedOwner)))
  const chosen = new Set((flagged.length >= FULL_TURNS ? flagged : [...flagged, ...all.filter((s) => !flagged.includes(s))]).slice(0, FULL_TURNS))
  const told = all.filter((s) => chosen.has(s))
  return { told, omitted: `${told.length} of ${all.length} turns are told in full, those with findings first; credscope report <run> --turn N tells any other.${listedNote}` }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** What the run came to, after its outcome's word (`FAILED: 6 expectations failed; 4 leak findings.`). */
function headline(outcome: Outcome, failures: number, leaks: number, turns: number): string {
  const found = leaks === 0 ? 'no leak found' : plural(leaks, 'leak finding')
  switch (outcome) {
    case 'passed':
      return `every expectation held; ${found}.`
    case 'failed':
      return `${failures === 0 ? 'the scenario did not run to its end' : `${plural(failures, 'expectation')} failed`}; ${found}.`
    case 'finished':
      return `a live session of ${plural(turns, 'turn')}, ended: no expectations to check; ${found}.`
    case 'incomplete':
      return `the process ended while the run was going (${plural(turns, 'turn')} recorded); ${found}.`
    case 'running':
      return `still running when this report was made (${plural(turns, 'turn')} so far); ${found}.`
  }
}
