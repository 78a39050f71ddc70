import { basename } from 'node:path'
import { parse } from 'yaml'
import type { TurnSummary } from '../../shared/api'
import type { EventOf, TraceEvent } from '../../shared/events'
import { leadInOf } from '../../shared/lead-in'
import { summarizeTurn } from '../../shared/turn-summary'
import { rerunCommand, type Bundle } from '../scenarios/bundle'
import { assembleReport } from './assemble'
import type { ReportModel } from './model'
import { findTurn } from './turn-ref'

export interface BundleReportOptions {
  credscope: string
  /** The one turn to report: its number in the run, its id, or the start of its id. */
  turn?: string
  now?: Date
}

/** The report of a repro bundle: the run it recorded, read from its redacted trace. */
export function reportOfBundle(bundle: Bundle, file: string, options: BundleReportOptions): ReportModel {
  const trace = bundle.trace
  const summaries = summariesOf(trace)
  const only = options.turn === undefined ? null : findTurn(summaries, options.turn)
  const name = basename(file)
  return assembleReport({
    title: titleOf(bundle),
    name: name.replace(/(\.credscope-bundle)?\.json$/, ''),
    source: `bundle ${name}`,
    credscope: options.credscope,
    run: {
      kind: 'scenario',
      runId: trace[0]?.runId ?? null,
      file: bundle.scenario.file,
      platform: bundle.platform,
      profile: bundle.profile,
      flaws: bundle.flaws,
      seed: bundle.seed,
      startedAt: bundle.createdAt ?? null,
      endedAt: null
    },
    outcome: bundle.result.passed ? 'passed' : 'failed',
    failures: bundle.result.failures,
    leaks: trace.flatMap((e) => (e.kind === 'leak' ? [{ ...e.finding, turn: e.turn }] : [])),
    summaries,
    only,
    detail: (summary) => ({ events: trace.filter((e) => e.turn === summary.turn), leadIn: leadInOf(trace, summary.turn) }),
    rerun: { command: rerunCommand(name, bundle), note: `Run it beside ${name}; credscope replay ${name} also checks the new trace against this one, event for event.` },
    scenario: { file: bundle.scenario.file, source: bundle.scenario.source },
    now: options.now
  })
}

/** The scenario's title from its source, else its name. */
function titleOf(bundle: Bundle): string {
  try {
    const spec = parse(bundle.scenario.source) as { title?: unknown } | null
    if (typeof spec?.title === 'string' && spec.title.trim()) return spec.title
  } catch {
    // A source that does not parse still has a name.
  }
  return bundle.scenario.name
}

/** Each turn's summary, from its events alone, as the engine makes it when a turn ends. */
function summariesOf(trace: readonly TraceEvent[]): TurnSummary[] {
  const byTurn = new Map<string, TraceEvent[]>()
  for (const e of trace) {
    if (!e.turn) continue
    const list = byTurn.get(e.turn)
    if (list) list.push(e)
    else byTurn.set(e.turn, [e])
  }
  return trace
    .filter((e): e is EventOf<'turn.started'> => e.kind === 'turn.started' && e.turn !== null)
    .map((started) => {
      const turn = started.turn ?? ''
      const events = byTurn.get(turn) ?? []
      const finished = events.find((e): e is EventOf<'turn.finished'> => e.kind === 'turn.finished')
      return summarizeTurn(
        {
          turn,
          project: started.project,
          session: started.session,
          thread: started.thread,
          sender: started.sender,
          senderPlatformId: started.senderId,
          expectedOwner: started.expectedOwner,
          startedAt: started.at,
          finishedAt: finished?.at ?? null,
          status: finished?.status ?? 'incomplete',
          error: finished?.error ?? null
        },
        events
      )
    })
}
