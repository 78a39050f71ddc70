import type { ApiInput, ApiMethod, ApiOutput, ServerPush, StoreHealthView } from '../../shared/api'
import type { RunConfig } from '../../shared/profiles'
import type { Engine } from '../engine/engine'
import type { Store } from '../store/store'
import type { Vault } from '../vault/vault'
import type { WorldSpecInput } from '../world/spec'
import { ApiFailure } from './api-failure'
import { LiveSession } from './live-session'
import { RunHistory } from './run-history'
import { RunImport } from './run-import'
import { ScenarioLibrary } from './scenario-library'
import { Explorer } from './explorer'
import { scenarioView } from './views'

/** The calls whose work the store records. */
const RECORDING_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['restart', 'sendTurn', 'runScenario', 'diffScenario', 'replayRun', 'openFile', 'renameRun', 'exploreScenario'])

export interface AppServiceOptions {
  vault: Vault
  store: Store
  config: RunConfig
  world?: WorldSpecInput
  seed?: number
  /** Where the built-in scenarios live. */
  scenariosDir: string
  version: string
  /** The per-launch control token: no event may hold it, not even masked. */
  controlToken?: string
}

type Handler<M extends ApiMethod> = (input: ApiInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>
type Handlers = { [M in ApiMethod]: Handler<M> }

/**
 * What the app (desktop or web shell) drives: the live session, the scenario library and the run
 * history, one handler per API method. Every method answers with masked values only.
 */
export class AppService {
  private readonly pushListeners = new Set<(push: ServerPush) => void>()
  private readonly session: LiveSession
  private readonly scenarios: ScenarioLibrary
  private readonly history: RunHistory
  private readonly imports: RunImport
  private readonly explorer: Explorer
  private readonly handlers: Handlers

  private constructor(
    private readonly options: AppServiceOptions,
    session: LiveSession
  ) {
    this.session = session
    this.scenarios = new ScenarioLibrary(options.scenariosDir, options.store)
    this.history = new RunHistory(options.store, options.scenariosDir, this.scenarios, options.version, () => this.live)
    this.imports = new RunImport(options.store, this.scenarios)
    this.explorer = new Explorer(this.scenarios, (push) => this.push(push))
    this.handlers = this.handlerMap()
    options.store.onLost((health) => this.push({ type: 'store', health }))
  }

  static async start(options: AppServiceOptions): Promise<AppService> {
    let service: AppService | null = null
    // Pushes before the service exists have no listener to reach.
    const session = await LiveSession.start(options, options.config, (push) => service?.push(push))
    service = new AppService(options, session)
    return service
  }

  private handlerMap(): Handlers {
    const { session, scenarios, history } = this
    return {
      getState: () => session.state(),
      restart: (input) => session.restart(input),
      sendTurn: (input) => session.sendTurn(input),
      listTurns: (input) => history.turns(input.runId),
      getTurn: (input) => history.turn(input),
      advanceClock: (input) => session.advanceClock(input),
      tokenAction: (input) => session.tokenAction(input),
      setFault: (input) => session.setFault(input),
      debugger: (input) => session.debugger(input),
      setBreakpoints: (input) => session.setBreakpoints(input),
      credentialAction: (input) => session.credentialAction(input),
      matrix: (input) => session.matrix(input),
      listScenarios: () => scenarios.list(),
      runScenario: async (input) => scenarioView(await scenarios.run(await scenarios.load(input.scenario), input.config, input.seed)),
      diffScenario: (input) => scenarios.diff(input),
      listRuns: () => history.list(),
      openRun: (input) => history.open(input.runId),
      exportBundle: (input) => history.exportBundle(input.runId),
      exportReport: (input) => history.exportReport(input),
      replayRun: (input) => history.replay(input.runId),
      // A title is the user's text: a secret pasted into it is masked like any other before it is stored.
      renameRun: (input) => history.rename(input.runId, this.live.sim.redactor.redact(input.title)),
      openFile: (input) => this.imports.open(input),
      diffRuns: (input) => history.diff(input),
      exploreScenario: (input) => this.explorer.explore(input),
      stopExplore: () => this.explorer.stop()
    }
  }

  /** The live engine, for the control API's own routes. */
  get live(): Engine {
    return this.session.engine
  }

  set controlUrl(url: string) {
    this.session.controlUrl = url
  }

  subscribe(listener: (push: ServerPush) => void): () => void {
    this.pushListeners.add(listener)
    return () => this.pushListeners.delete(listener)
  }

  private push(push: ServerPush): void {
    for (const listener of this.pushListeners) listener(push)
  }

  stop(): Promise<void> {
    return this.session.stop()
  }

  /** Dispatches one API call; the input has been checked against its schema. */
  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    if (RECORDING_METHODS.has(method)) this.requireRecording()
    const handler: Handler<M> = this.handlers[method]
    return handler(input)
  }

  /** Work that would be recorded is refused once the store cannot record: nothing pretends to. */
  requireRecording(): void {
    const health = this.options.store.health()
    if (!health.ok) throw new ApiFailure('unavailable', health.message)
  }

  storeHealth(): StoreHealthView {
    return this.options.store.health()
  }
}
