import { join, relative } from 'node:path'
import type { ApiInput, ApiOutput, ScenarioInfo } from '../../shared/api'
import { recordedConfig, resolveConfig, type RunConfig } from '../../shared/profiles'
import type { RunRow } from '../store/rows'
import { collectScenarioFiles } from '../scenarios/collect'
import { firstDivergence } from '../scenarios/diff'
import { loadScenarioFile, parseScenario, ScenarioError, type LoadedScenario } from '../scenarios/load'
import type { ScenarioResult } from '../scenarios/results'
import { demonstratedFlaws, runScenario, scenarioConfig } from '../scenarios/run'
import type { Store } from '../store/store'
import { ApiFailure } from './api-failure'
import { chooserOf } from '../explore/recorded'
import type { RecordedSchedule } from '../../shared/explore-view'
import { scenarioView } from './views'

type ScenarioRef = ApiInput<'runScenario'>['scenario']
/** What the app asks for (a version may be left to the file), or a stored run to repeat. */
type ConfigRequest = ApiInput<'runScenario'>['config'] | RunRow

/** The scenario library the app offers, and scenario runs recorded in the store. */
export class ScenarioLibrary {
  constructor(
    private readonly scenariosDir: string,
    private readonly store: Store
  ) {}

  async list(): Promise<ScenarioInfo[]> {
    const files = await collectScenarioFiles([this.scenariosDir])
    const out: ScenarioInfo[] = []
    for (const file of files) {
      try {
        const loaded = await loadScenarioFile(file)
        out.push({
          file: relative(this.scenariosDir, file),
          scenario: loaded.spec.scenario,
          title: loaded.spec.title ?? loaded.spec.scenario,
          description: loaded.spec.description ?? '',
          demonstrates: demonstratedFlaws(loaded.spec.flaw),
          seed: loaded.spec.seed ?? null
        })
      } catch {
        // A broken file in the library is reported by `credscope run`, not listed here.
      }
    }
    return out
  }

  /** A built-in scenario by its file in the library, or YAML text the user opened. */
  async load(ref: ScenarioRef): Promise<LoadedScenario> {
    try {
      if (ref.source !== undefined) return parseScenario(ref.name ?? 'opened.yaml', ref.source)
      const known = (await this.list()).find((s) => s.file === ref.file)
      if (!known) throw new ApiFailure('not-found', `no built-in scenario "${ref.file ?? ''}"`)
      return await loadScenarioFile(join(this.scenariosDir, known.file))
    } catch (error) {
      if (error instanceof ScenarioError) throw new ApiFailure('bad-input', error.message)
      throw error
    }
  }

  /**
   * Runs a scenario under a configuration and records it with its source, so it can be replayed.
   * A recorded run (with its version) runs exactly as recorded; otherwise the file's version applies when none is named.
   */
  async run(loaded: LoadedScenario, request: ConfigRequest, seed?: number, schedule?: RecordedSchedule | null): Promise<ScenarioResult> {
    return this.runWith(loaded, 'kind' in request ? recordedConfig(request) : scenarioConfig(loaded, request), seed, schedule)
  }

  /** A schedule (from `credscope explore`) orders the concurrent steps instead of the seed, and is recorded with the run. */
  private async runWith(loaded: LoadedScenario, config: RunConfig | { error: string }, seed?: number, schedule?: RecordedSchedule | null): Promise<ScenarioResult> {
    if ('error' in config) throw new ApiFailure('bad-input', config.error)
    const result = await runScenario(loaded, { config, seed, store: this.store, chooser: chooserOf(schedule) })
    this.store.setScenarioSource(result.runId, loaded.source)
    if (schedule) this.store.setSchedule(result.runId, schedule)
    return result
  }

  async diff(input: ApiInput<'diffScenario'>): Promise<ApiOutput<'diffScenario'>> {
    const loaded = await this.load(input.scenario)
    // A diff compares exactly the two versions it names, whatever the file is written for.
    const pinned = (side: ApiInput<'diffScenario'>['a']): RunConfig | { error: string } => resolveConfig({ ...side, platform: side.platform ?? loaded.spec.platform })
    const a = await this.runWith(loaded, pinned(input.a), input.seed)
    const b = await this.runWith(loaded, pinned(input.b), input.seed)
    return { a: scenarioView(a), b: scenarioView(b), divergence: firstDivergence(a.events, b.events) }
  }
}
