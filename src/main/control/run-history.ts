import type { ApiInput, ApiOutput, OpenedRun, RunView, ScenarioRunView, TurnSummary } from '../../shared/api'
import { recordedConfig } from '../../shared/profiles'
import { renderReport } from '../report/render'
import { ReportError } from '../report/report-error'
import { reportOfRun } from '../report/run-report'
import { storedTurn, summaryOfRow } from '../report/stored-turn'
import { makeBundle } from '../scenarios/bundle'
import { firstDivergence } from '../scenarios/diff'
import { sourceOfRun } from '../scenarios/from-run'
import { chooserOf } from '../explore/recorded'
import { parseScenario } from '../scenarios/load'
import { runScenario } from '../scenarios/run'
import type { RunRow } from '../store/rows'
import type { Store } from '../store/store'
import { ApiFailure } from './api-failure'
import type { ScenarioLibrary } from './scenario-library'
import { runView, scenarioView } from './views'

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

  /** Gives a run the title the user chose; a live run keeps it instead of naming itself after its turns. */
  rename(runId: string, title: string): RunView {
    const text = title.trim()
    if (!text) throw new ApiFailure('bad-input', 'a title cannot be empty')
    if (!this.store.setRunTitle(runId, text)) throw new ApiFailure('not-found', `no run ${runId}`)
    return runView(this.row(runId), this.scenariosDir)
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
    return storedTurn(this.store, input.runId, summary, events)
  }

  /** A run, or one turn of it, as a report in one format; masked like every export. */
  async exportReport(input: ApiInput<'exportReport'>): Promise<ApiOutput<'exportReport'>> {
    try {
      const model = await reportOfRun(this.store, input.runId, { credscope: this.version, scenariosDir: this.scenariosDir, turn: input.turn })
      return renderReport(model, input.format)
    } catch (error) {
      if (error instanceof ReportError) throw new ApiFailure(error.code, error.message)
      throw error
    }
  }

  async exportBundle(runId: string): Promise<ApiOutput<'exportBundle'>> {
    const run = this.row(runId)
    const { name, source } = await this.sourceOf(run)
    const loaded = parseScenario(name, source)
    const config = recordedConfig(run)
    if ('error' in config) throw new ApiFailure('bad-input', config.error)
    const schedule = this.store.schedule(run.id)
    const result = await runScenario(loaded, { config, seed: run.seed, chooser: chooserOf(schedule) })
    const filename = `${loaded.spec.scenario}.credscope-bundle.json`
    return { filename, content: `${JSON.stringify(makeBundle(result, source, this.version, filename, schedule ?? undefined), null, 2)}\n` }
  }

  /** Any two stored runs, compared: whose credential differs first, then every event that does. */
  diff(input: ApiInput<'diffRuns'>): ApiOutput<'diffRuns'> {
    const a = this.row(input.a)
    const b = this.row(input.b)
    return { a: runView(a, this.scenariosDir), b: runView(b, this.scenariosDir), divergence: firstDivergence(this.store.events(a.id), this.store.events(b.id)) }
  }

  async replay(runId: string): Promise<ScenarioRunView> {
    const run = this.row(runId)
    const { name, source } = await this.sourceOf(run)
    return scenarioView(await this.scenarios.run(parseScenario(name, source), run, run.seed, this.store.schedule(run.id)))
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
  private sourceOf(run: RunRow): Promise<{ name: string; source: string }> {
    return sourceOfRun(this.store, run)
  }
}
