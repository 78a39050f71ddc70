import { randomUUID } from 'node:crypto'
import type { ApiInput, JunitSuiteView, OpenedFile } from '../../shared/api'
import type { TraceEvent } from '../../shared/events'
import { nearest } from '../../shared/nearest'
import { configLabel, recordedConfig } from '../../shared/profiles'
import { summarizeTurn } from '../../shared/turn-summary'
import { BUNDLE_FORMAT, parseBundle, type Bundle } from '../scenarios/bundle'
import { looksLikeJunit, readJunit, type JunitSuite } from '../scenarios/junit-read'
import { redactModel } from '../report/redact'
import { parseScenario, ScenarioError } from '../scenarios/load'
import type { Store } from '../store/store'
import { ApiFailure } from './api-failure'
import type { ScenarioLibrary } from './scenario-library'

/**
 * Files the app opens, whatever they are: a scenario (to run), a repro bundle (stored as a run,
 * its recorded trace as it is), or a JUnit report of `credscope run` (each scenario opened from
 * the history that recorded it, else re-run here from the scenario the report carries).
 */
export class RunImport {
  constructor(
    private readonly store: Store,
    private readonly scenarios: ScenarioLibrary
  ) {}

  async open(input: ApiInput<'openFile'>): Promise<OpenedFile> {
    const text = input.content
    if (looksLikeJunit(text)) return this.openJunit(input.name, text, input.suite)
    if (/^\s*\{/.test(text)) return this.openBundle(input.name, text)
    try {
      parseScenario(input.name, text)
    } catch (error) {
      if (error instanceof ScenarioError) throw new ApiFailure('bad-input', error.excerpt ? `${error.message}\n${error.excerpt}` : error.message)
      throw error
    }
    return { kind: 'scenario', name: input.name, source: text }
  }

  private openBundle(name: string, text: string): OpenedFile {
    const bundle = parseBundle(text)
    if (typeof bundle === 'string') throw new ApiFailure('bad-input', `${name}: ${bundle} (the app opens scenarios (.yaml), repro bundles (${BUNDLE_FORMAT}) and JUnit reports of credscope run)`)
    const runId = this.storeBundle(name, bundle)
    return { kind: 'run', runId, title: bundle.scenario.name, note: `${name}: the run as recorded in the bundle (${configLabel(bundle)}, seed ${bundle.seed}, ${bundle.result.passed ? 'passed' : 'failed'}, ${bundle.trace.length} events)` }
  }

  /** The bundle's trace as a stored run of its own: its events as recorded, its turns summarised as the engine does. */
  private storeBundle(name: string, bundle: Bundle): string {
    const runId = randomUUID()
    // A bundle's trace is redacted when credscope writes it, but a file from elsewhere may have been
    // edited: what goes into the history is masked by shape once more, as a report is.
    const trace = bundle.trace.map((event): TraceEvent => ({ ...redactModel(event), runId }))
    const startedAt = trace[0]?.at ?? 0
    this.store.createRun({
      id: runId,
      kind: 'scenario',
      title: `${bundle.scenario.name} (bundle ${name})`,
      platform: bundle.platform,
      profile: bundle.profile,
      flaws: bundle.flaws,
      seed: bundle.seed,
      world: null,
      startedAt,
      scenario: bundle.scenario.file,
      scenarioName: bundle.scenario.name
    })
    this.store.batch(() => {
      for (const event of trace) this.store.append(event)
      for (const turn of this.store.turns(runId)) {
        const events = trace.filter((e) => e.turn === turn.turn)
        const started = events.find((e) => e.kind === 'turn.started')
        const finished = events.find((e) => e.kind === 'turn.finished')
        const expectedOwner = started?.kind === 'turn.started' ? started.expectedOwner : null
        const facts = { turn: turn.turn, project: turn.project, session: turn.session, thread: turn.thread, sender: turn.sender, senderPlatformId: turn.senderId, expectedOwner, startedAt: turn.startedAt, finishedAt: finished?.at ?? null, status: turn.status }
        this.store.setTurnSummary(runId, turn.turn, summarizeTurn(facts, events))
      }
    })
    this.store.setScenarioSource(runId, bundle.scenario.source)
    if (bundle.schedule) this.store.setSchedule(runId, bundle.schedule)
    this.store.finishRun(runId, bundle.result.passed ? 'passed' : 'failed', redactModel({ passed: bundle.result.passed, failures: bundle.result.failures }))
    return runId
  }

  private async openJunit(name: string, text: string, suiteName: string | undefined): Promise<OpenedFile> {
    const suites = readJunit(text)
    if (typeof suites === 'string') throw new ApiFailure('bad-input', `${name}: ${suites}`)
    const views = suites.map(({ runId, source, ...suite }): JunitSuiteView => ({ ...suite, openable: this.known(runId) || source !== null }))
    // One scenario opens at once; a report of several is offered as a list, failures first.
    const only = suites.length === 1 ? suites[0] : undefined
    const chosen = suiteName === undefined ? only : suites.find((s) => s.name === suiteName)
    if (suiteName !== undefined && !chosen) {
      const near = nearest(suiteName, suites.map((s) => s.name))
      throw new ApiFailure('not-found', `${name} has no scenario "${suiteName}"${near ? `; did you mean "${near}"?` : ''}`)
    }
    if (!chosen) return { kind: 'junit', name, suites: views.sort((x, y) => Number(x.passed) - Number(y.passed)) }
    return this.openSuite(name, chosen)
  }

  private known(runId: string | null): boolean {
    return runId !== null && /^[0-9a-f-]{36}$/.test(runId) && this.store.run(runId) !== null
  }

  private async openSuite(name: string, suite: JunitSuite): Promise<OpenedFile> {
    if (suite.runId !== null && this.known(suite.runId)) {
      return { kind: 'run', runId: suite.runId, title: suite.name, note: `${name}: ${suite.name} as this history recorded it` }
    }
    if (suite.source === null) {
      throw new ApiFailure('bad-input', `${name}: ${suite.name} ran elsewhere and the report does not carry its scenario (a report from an older credscope); re-run it with this one, or open its bundle`)
    }
    const config = recordedConfig(suite)
    if ('error' in config) throw new ApiFailure('bad-input', `${name}: ${suite.name}: ${config.error}`)
    let loaded
    try {
      loaded = parseScenario(`${suite.name}.yaml`, suite.source)
    } catch (error) {
      if (error instanceof ScenarioError) throw new ApiFailure('bad-input', `${name}: ${suite.name}: ${error.message}`)
      throw error
    }
    // The same scenario, setting and seed give the same trace event for event: the run CI saw.
    const result = await this.scenarios.run(loaded, { platform: config.platform, profile: config.profile, flaws: config.flaws }, suite.seed)
    const same = result.passed === suite.passed
    return {
      kind: 'run',
      runId: result.runId,
      title: suite.name,
      note: `${name}: ${suite.name} re-run here under ${configLabel(config)}, seed ${suite.seed}: ${result.passed ? 'passed' : 'failed'}${same ? ', as in the report' : `, but the report says it ${suite.passed ? 'passed' : 'failed'}`}`
    }
  }
}
