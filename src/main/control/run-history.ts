import { readFile } from 'node:fs/promises'
import type { ApiInput, ApiOutput, OpenedRun, RunView, ScenarioRunView, TurnSummary } from '../../shared/api'
import { recordedConfig } from '../../shared/profiles'
import { buildLedger } from '../../shared/ledger'
import { LEAD_IN_AFTER, LEAD_IN_BEFORE, leadInOf } from '../../shared/lead-in'
import { makeBundle } from '../scenarios/bundle'
import { scenarioFromRun } from '../scenarios/from-run'
import { parseScenario } from '../scenarios/load'
import { runScenario } from '../scenarios/run'
import type { RunRow } from '../store/rows'
import type { Store } from '../store/store'
import { ApiFailure } from './api-failure'
import type { ScenarioLibrary } from './scenario-library'
import { runView, scenarioView, summaryOfRow } from './views'

/** The live run's summaries, which are newer than the store's while it runs. */
export interface LiveSummaries {
  runId: string
  summaries: ReadonlyMap<string, TurnSummary>
}

/** The runs in the store: listed, opened, turn by turn, exported as a bundle, replayed. */
export class RunHistory {
  constructor(
    private readonly store: Store,
    private readonly scenariosDir: string,
    private readonly scenarios: ScenarioLibrary,
    private readonly version: string,
    private readonly live: () => LiveSummaries
  ) {}

  list(): RunView[] {
    return this.store.listRuns().map((run) => runView(run, this.scenariosDir))
  }

  open(runId: string): OpenedRun {
    return { run: runView(this.row(runId), this.scenariosDir), turns: this.storedTurns(runId) }
  }

  turns(runId: string): TurnSummary[] {
    const live = this.live()
    if (runId === live.runId && live.summaries.size > 0) return [...live.summaries.values()]
    return this.storedTurns(runId)
  }

  turn(input: ApiInput<'getTurn'>): ApiOutput<'getTurn'> {
    const events = this.store.turnEvents(input.runId, input.turn)
    if (events.length === 0) throw new ApiFailure('not-found', `no turn ${input.turn} in run ${input.runId}`)
    const live = this.live()
    const current = input.runId === live.runId ? live.summaries.get(input.turn) : undefined
    // One row by key: parsing every summary of a 10,000-turn run to find one cost ~0.2 s a click.
    const stored = current ? null : this.store.turn(input.runId, input.turn)
    const summary = current ?? (stored ? summaryOfRow(stored) : undefined)
    if (!summary) throw new ApiFailure('not-found', `no turn ${input.turn} in run ${input.runId}`)
    const ledger = buildLedger(events, input.turn)
    ledger.expectedOwner = summary.expectedOwner
    // The lead-in sits just before the turn's first event; its answers a little after.
    const from = Math.max(0, (events[0]?.seq ?? 0) - LEAD_IN_BEFORE)
    const leadIn = leadInOf(this.store.events(input.runId, from, LEAD_IN_BEFORE + LEAD_IN_AFTER), input.turn)
    return { summary, events, leadIn, ledger }
  }

  async exportBundle(runId: string): Promise<ApiOutput<'exportBundle'>> {
    const run = this.row(runId)
    const { name, source } = await this.sourceOf(run)
    const loaded = parseScenario(name, source)
    const config = recordedConfig(run)
    if ('error' in config) throw new ApiFailure('bad-input', config.error)
    const result = await runScenario(loaded, { config, seed: run.seed })
    const filename = `${loaded.spec.scenario}.credscope-bundle.json`
    return { filename, content: `${JSON.stringify(makeBundle(result, source, this.version, filename), null, 2)}\n` }
  }

  async replay(runId: string): Promise<ScenarioRunView> {
    const run = this.row(runId)
    const { name, source } = await this.sourceOf(run)
    return scenarioView(await this.scenarios.run(parseScenario(name, source), run, run.seed))
  }

  private row(runId: string): RunRow {
    const run = this.store.run(runId)
    if (!run) throw new ApiFailure('not-found', `no run ${runId}`)
    return run
  }

  private storedTurns(runId: string): TurnSummary[] {
    return this.store.turns(runId).map(summaryOfRow)
  }

  /** The scenario source of a run: the file it ran, or a re-enactment of a live run. */
  private async sourceOf(run: RunRow): Promise<{ name: string; source: string }> {
    const stored = this.store.scenarioSource(run.id)
    if (stored) return { name: run.scenario ?? `${run.id}.yaml`, source: stored }
    if (run.kind === 'scenario' && run.scenario) return { name: run.scenario, source: await readFile(run.scenario, 'utf8') }
    return { name: `live-${run.id.slice(0, 8)}.yaml`, source: scenarioFromRun(run, this.store.events(run.id)) }
  }
}
