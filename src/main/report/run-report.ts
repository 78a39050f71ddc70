import { basename, isAbsolute, relative, sep } from 'node:path'
import { rerunCommand } from '../scenarios/bundle'
import { sourceOfRun } from '../scenarios/from-run'
import type { RunRow } from '../store/rows'
import type { Store } from '../store/store'
import { assembleReport } from './assemble'
import type { ReportModel } from './model'
import { ReportError } from './report-error'
import { storedTurn, summaryOfRow } from './stored-turn'
import { findTurn } from './turn-ref'

export interface RunReportOptions {
  credscope: string
  /** The built-in scenario library: its scenarios are named `resources/scenarios/…`, as from the checkout. */
  scenariosDir: string
  /** The one turn to report: its number in the run, its id, or the start of its id. */
  turn?: string
  now?: Date
}

/** The report of a run in the history: its configuration, verdict and turns, read from the store. */
export async function reportOfRun(store: Store, runId: string, options: RunReportOptions): Promise<ReportModel> {
  const run = store.run(runId)
  if (!run) throw new ReportError('not-found', `no run ${runId}`)
  const summaries = store.turns(runId).map(summaryOfRow)
  const only = options.turn === undefined ? null : findTurn(summaries, options.turn)
  const short = `live-${run.id.slice(0, 8)}`
  const file = run.kind === 'live' ? `${short}.yaml` : scenarioFile(run, options.scenariosDir)
  // A scenario file moved or deleted since leaves the report without its source, not without a report.
  const source = await sourceOfRun(store, run).catch(() => null)
  const leaks = store.eventsOfKinds(runId, ['leak']).flatMap((e) => (e.kind === 'leak' ? [{ ...e.finding, turn: e.turn }] : []))
  return assembleReport({
    title: run.title,
    name: run.kind === 'live' ? short : basename(file ?? run.id).replace(/\.(ya?ml|json)$/, ''),
    source: `run ${run.id}`,
    credscope: options.credscope,
    run: { kind: run.kind, runId: run.id, file: run.kind === 'live' ? null : file, platform: run.platform, profile: run.profile, flaws: run.flaws, seed: run.seed, startedAt: run.createdAt, endedAt: run.endedAt },
    outcome: run.status,
    failures: failuresOf(run),
    leaks,
    summaries,
    only,
    detail: (summary) => storedTurn(store, runId, summary),
    rerun: rerunOf(run, file, source !== null),
    scenario: source && file ? { file, source: source.source } : null,
    now: options.now
  })
}

/**
 * The scenario file as a re-run names it: a built-in one from the checkout, a relative path as
 * it was run, and only the name of any other (its folder is on someone else's machine).
 */
function scenarioFile(run: RunRow, scenariosDir: string): string | null {
  if (!run.scenario) return null
  if (!isAbsolute(run.scenario)) return run.scenario
  const inLibrary = relative(scenariosDir, run.scenario)
  if (!inLibrary.startsWith('..') && !isAbsolute(inLibrary)) return ['resources', 'scenarios', ...inLibrary.split(sep)].join('/')
  return basename(run.scenario)
}

function rerunOf(run: RunRow, file: string | null, hasSource: boolean): ReportModel['rerun'] {
  if (!file) return { command: `credscope run <scenario> --platform ${run.platform} --seed ${run.seed}`, note: 'The history does not say which scenario file this run ran.' }
  const command = rerunCommand(file, run)
  if (run.kind === 'live') return { command, note: `A live run has no scenario file: save its re-enactment (below) as ${file} first. It sends the run's turns in order, concurrent ones one after another.` }
  if (!hasSource) return { command, note: `The scenario file is no longer where the run read it, and the history has no copy.` }
  return { command, note: file.startsWith('resources/scenarios/') ? 'From the credscope checkout; the scenario is also below.' : `The scenario is below, should ${file} not be at hand.` }
}

/** The expectations a scenario run failed, as the engine stored them when the run ended. */
function failuresOf(run: RunRow): string[] {
  const summary = run.summary as { failures?: unknown } | null
  return Array.isArray(summary?.failures) ? summary.failures.filter((f): f is string => typeof f === 'string') : []
}
