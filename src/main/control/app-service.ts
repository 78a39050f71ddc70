import { readFile } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import type {
  ApiInput,
  ApiMethod,
  ApiOutput,
  AppState,
  DebuggerView,
  OpenedRun,
  RunView,
  ScenarioInfo,
  ScenarioRunView,
  ServerPush,
  StoreHealthView,
  TurnSummary,
  WorldSummary
} from '../../shared/api'
import { isFlawId, type FlawId } from '../../shared/flaw-ids'
import { flawById } from '../../shared/flaws'
import { buildLedger } from '../../shared/ledger'
import { LEAD_IN_AFTER, LEAD_IN_BEFORE, leadInOf } from '../../shared/lead-in'
import { maskSecret } from '../../shared/mask'
import { parseDuration } from '../../shared/duration'
import { resolveFlaws } from '../../shared/profiles'
import { summarizeTurn } from '../../shared/turn-summary'
import type { CredentialSlot } from '../../shared/providers'
import { Engine, type TurnSender } from '../engine/engine'
import type { WorldView } from '../engine/world-view'
import { makeBundle } from '../scenarios/bundle'
import { collectScenarioFiles } from '../scenarios/collect'
import { firstDivergence } from '../scenarios/diff'
import { loadScenarioFile, parseScenario, ScenarioError, type LoadedScenario } from '../scenarios/load'
import type { ScenarioResult } from '../scenarios/results'
import { demonstratedFlaws, runScenario } from '../scenarios/run'
import { scenarioFromRun } from '../scenarios/from-run'
import type { RunRow, Store, TurnRow } from '../store/store'
import { makeCredential } from '../vault/canary-values'
import type { Vault } from '../vault/vault'
import type { WorldSpecInput } from '../world/spec'
import { secretLabel } from '../trace/token-shapes'
import { runMatrix } from './matrix'

/** The calls whose work the store records. */
const RECORDING_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['restart', 'sendTurn', 'runScenario', 'diffScenario', 'replayRun'])

/** A failure an API call reports with a stable code. */
export class ApiFailure extends Error {
  constructor(
    readonly code: 'bad-input' | 'not-found' | 'unavailable' | 'failed',
    message: string
  ) {
    super(message)
  }
}

export interface AppServiceOptions {
  vault: Vault
  store: Store
  profile: string
  flaws: FlawId[]
  world?: WorldSpecInput
  seed?: number
  /** Where the built-in scenarios live. */
  scenariosDir: string
  version: string
  /** The per-launch control token: no event may hold it, not even masked. */
  controlToken?: string
}

/**
 * What the app (desktop or web shell) drives: the live engine, the run history, the scenario
 * library. Every method answers with masked values only.
 */
export class AppService {
  private engine: Engine
  private readonly pushListeners = new Set<(push: ServerPush) => void>()
  private detach: Array<() => void> = []
  private readonly faults = new Set<string>()
  /** Where the control API listens, once it does; shown in the world view. */
  controlUrl = ''

  private constructor(
    private readonly options: AppServiceOptions,
    engine: Engine
  ) {
    this.engine = engine
    this.attach()
    options.store.onLost((health) => this.push({ type: 'store', health }))
  }

  static async start(options: AppServiceOptions): Promise<AppService> {
    return new AppService(options, await AppService.startEngine(options, options.profile, options.flaws))
  }

  private static async startEngine(options: AppServiceOptions, profile: string, flaws: FlawId[], ports?: { frontDoor: number; backend: number }): Promise<Engine> {
    const engine = await Engine.start({
      ports,
      world: options.world,
      profile,
      flaws,
      vault: options.vault,
      reuseVault: true,
      seed: options.seed,
      mode: 'free',
      store: options.store,
      run: { kind: 'live', title: `live session (${profile}${flaws.length > 0 ? `, ${flaws.length} flaws` : ''})` }
    })
    // Sent to a hop by mistake (curl with the wrong URL), it must not reach an event, not even in part.
    if (options.controlToken) engine.sim.redactor.addLabelled(options.controlToken, secretLabel('credscope control token'))
    return engine
  }

  get live(): Engine {
    return this.engine
  }

  subscribe(listener: (push: ServerPush) => void): () => void {
    this.pushListeners.add(listener)
    return () => this.pushListeners.delete(listener)
  }

  private push(push: ServerPush): void {
    for (const listener of this.pushListeners) listener(push)
  }

  private attach(): void {
    this.detach = [
      this.engine.sim.trace.subscribe((event) => this.push({ type: 'event', event })),
      this.engine.debugger.onChange((state) => this.push({ type: 'debugger', state })),
      this.engine.onTurnSummary((summary) => this.push({ type: 'turn', summary }))
    ]
  }

  async stop(): Promise<void> {
    for (const d of this.detach) d()
    await this.engine.stop()
  }

  /** Dispatches one API call; the input has been checked against its schema. */
  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    if (RECORDING_METHODS.has(method)) this.requireRecording()
    return (await this.dispatch(method, input)) as ApiOutput<M>
  }

  /** Work that would be recorded is refused once the store cannot record: nothing pretends to. */
  requireRecording(): void {
    const health = this.options.store.health()
    if (!health.ok) throw new ApiFailure('unavailable', health.message)
  }

  storeHealth(): StoreHealthView {
    return this.options.store.health()
  }

  private async dispatch(method: ApiMethod, input: unknown): Promise<unknown> {
    switch (method) {
      case 'getState':
        return this.state()
      case 'restart':
        return this.restart(input as ApiInput<'restart'>)
      case 'sendTurn':
        return this.sendTurn(input as ApiInput<'sendTurn'>)
      case 'listTurns':
        return this.listTurns((input as ApiInput<'listTurns'>).runId)
      case 'getTurn':
        return this.getTurn(input as ApiInput<'getTurn'>)
      case 'advanceClock': {
        const ms = parseDuration((input as ApiInput<'advanceClock'>).by)
        if (ms === null) throw new ApiFailure('bad-input', 'a duration such as 90s, 10m or 1h')
        this.engine.sim.clock.advance(ms)
        return { now: new Date(this.engine.sim.clock.now()).toISOString() }
      }
      case 'tokenAction':
        return this.tokenAction(input as ApiInput<'tokenAction'>)
      case 'setFault':
        return this.setFault(input as ApiInput<'setFault'>)
      case 'debugger':
        return this.debuggerAction((input as ApiInput<'debugger'>).action)
      case 'setBreakpoints':
        this.engine.debugger.setBreakpoints((input as ApiInput<'setBreakpoints'>).kinds ?? [])
        return this.engine.debugger.state()
      case 'credentialAction':
        return this.credentialAction(input as ApiInput<'credentialAction'>)
      case 'matrix': {
        const { project, session, turn } = input as ApiInput<'matrix'>
        if (!this.engine.sim.cluster.session(project, session)) throw new ApiFailure('not-found', `no session ${project}/${session}`)
        return runMatrix(this.engine, project, session, turn)
      }
      case 'listScenarios':
        return this.listScenarios()
      case 'runScenario': {
        const { scenario, config, seed } = input as ApiInput<'runScenario'>
        return this.runLoaded(await this.loadScenario(scenario), config.profile, config.flaws, seed)
      }
      case 'diffScenario':
        return this.diffScenario(input as ApiInput<'diffScenario'>)
      case 'listRuns':
        return this.options.store.listRuns().map((run) => runView(run, this.options.scenariosDir))
      case 'openRun':
        return this.openRun((input as ApiInput<'openRun'>).runId)
      case 'exportBundle':
        return this.exportBundle((input as ApiInput<'exportBundle'>).runId)
      case 'replayRun':
        return this.replayRun((input as ApiInput<'replayRun'>).runId)
    }
  }

  async state(): Promise<AppState> {
    return {
      live: { runId: this.engine.runId, profile: this.engine.options.profile, flaws: this.engine.sim.flaws.list() },
      world: maskWorld(await this.engine.world(), this.controlUrl),
      debugger: this.engine.debugger.state(),
      faults: [...this.faults],
      store: this.options.store.health()
    }
  }

  private async restart(input: ApiInput<'restart'>): Promise<AppState> {
    const resolved = resolveFlaws(input.profile, input.flaws)
    if ('error' in resolved) throw new ApiFailure('bad-input', resolved.error)
    for (const d of this.detach) d()
    const ports = { frontDoor: this.engine.frontDoor.port, backend: this.engine.backend.port }
    await this.engine.stop()
    this.faults.clear()
    this.engine = await AppService.startEngine(this.options, input.profile, resolved.flaws, ports)
    this.attach()
    const state = await this.state()
    this.push({ type: 'restarted', state })
    return state
  }

  private async sendTurn(input: ApiInput<'sendTurn'>): Promise<ApiOutput<'sendTurn'>> {
    const sender: TurnSender = input.sender
    this.requireSession(input.project, input.session)
    if (sender.kind === 'user' && !this.engine.sim.cluster.users.has(sender.userId)) throw new ApiFailure('not-found', `no user "${sender.userId}"`)
    try {
      const outcome = await this.engine.sendTurn({ sender, project: input.project, session: input.session, thread: input.thread, message: input.message })
      return {
        status: outcome.status,
        body: this.engine.sim.redactor.redact(outcome.body),
        turn: outcome.turn ? (this.engine.summaries.get(outcome.turn.turn) ?? null) : null
      }
    } catch (error) {
      throw new ApiFailure('not-found', error instanceof Error ? error.message : String(error))
    }
  }

  private requireSession(project: string, session: string): void {
    if (!this.engine.sim.cluster.session(project, session)) throw new ApiFailure('not-found', `no session ${project}/${session}`)
  }

  private listTurns(runId: string): TurnSummary[] {
    if (runId === this.engine.runId && this.engine.summaries.size > 0) return [...this.engine.summaries.values()]
    return this.storedTurns(runId)
  }

  private storedTurns(runId: string): TurnSummary[] {
    return this.options.store.turns(runId).map(summaryOfRow)
  }

  private getTurn(input: ApiInput<'getTurn'>): ApiOutput<'getTurn'> {
    const events = this.options.store.turnEvents(input.runId, input.turn)
    if (events.length === 0) throw new ApiFailure('not-found', `no turn ${input.turn} in run ${input.runId}`)
    const live = input.runId === this.engine.runId ? this.engine.summaries.get(input.turn) : undefined
    // One row by key: parsing every summary of a 10,000-turn run to find one cost ~0.2 s a click.
    const stored = live ? null : this.options.store.turn(input.runId, input.turn)
    const summary = live ?? (stored ? summaryOfRow(stored) : undefined)
    if (!summary) throw new ApiFailure('not-found', `no turn ${input.turn} in run ${input.runId}`)
    const ledger = buildLedger(events, input.turn)
    ledger.expectedOwner = summary.expectedOwner
    // The lead-in sits just before the turn's first event; its answers a little after.
    const from = Math.max(0, (events[0]?.seq ?? 0) - LEAD_IN_BEFORE)
    const leadIn = leadInOf(this.options.store.events(input.runId, from, LEAD_IN_BEFORE + LEAD_IN_AFTER), input.turn)
    return { summary, events, leadIn, ledger }
  }

  private tokenAction(input: ApiInput<'tokenAction'>): ApiOutput<'tokenAction'> {
    const { cluster, world } = this.engine.sim
    if (!cluster.users.has(input.user)) throw new ApiFailure('not-found', `no user "${input.user}"`)
    let token: string
    if (input.action === 'issue') token = cluster.issueUserToken(input.user, world.tokenLifetimeMs)
    else {
      token = this.engine.userToken(input.user)
      if (input.action === 'expire') cluster.expire(token)
      else cluster.revoke(token)
    }
    this.engine.sim.trace.emit('harness', { kind: 'fault', fault: `token:${input.action}`, detail: input.user }, null)
    return { user: input.user, action: input.action, token: maskSecret(token) }
  }

  private setFault(input: ApiInput<'setFault'>): ApiOutput<'setFault'> {
    const { sim } = this.engine
    const label = input.fault === 'google-refresh' && input.user ? `${input.fault}:${input.user}` : input.fault
    switch (input.fault) {
      case 'self-subject-review':
      case 'token-review':
      case 'access-review':
        if (input.on) sim.cluster.faults.add(input.fault)
        else sim.cluster.faults.delete(input.fault)
        break
      case 'keychain-locked':
        this.engine.vaultFailing = input.on
        break
      case 'google-refresh':
        if (!input.user) throw new ApiFailure('bad-input', 'google-refresh needs a user')
        if (input.on) this.engine.providerFaults.googleRefreshFails.add(input.user)
        else this.engine.providerFaults.googleRefreshFails.delete(input.user)
        break
    }
    if (input.on) this.faults.add(label)
    else this.faults.delete(label)
    sim.trace.emit('harness', { kind: 'fault', fault: label, detail: input.on ? 'on' : 'off' }, null)
    return { faults: [...this.faults] }
  }

  private debuggerAction(action: 'pause' | 'step' | 'resume' | 'get'): DebuggerView {
    const dbg = this.engine.debugger
    switch (action) {
      case 'pause':
        dbg.pause()
        break
      case 'step':
        dbg.step()
        break
      case 'resume':
        dbg.resume()
        break
      case 'get':
        break
    }
    return dbg.state()
  }

  private async credentialAction(input: ApiInput<'credentialAction'>): Promise<ApiOutput<'credentialAction'>> {
    const { sim } = this.engine
    const user = sim.cluster.users.get(input.user)
    if (!user) throw new ApiFailure('not-found', `no user "${input.user}"`)
    const slot = input.slot as CredentialSlot
    if (input.action === 'delete') await sim.credentials.remove(user.id, slot)
    else await sim.credentials.write(user.id, slot, makeCredential(sim.random, slot, user.email, sim.clock.now()))
    sim.trace.emit('vault', { kind: 'note', text: `${input.action} ${user.id}/${slot} in the ${sim.credentials.vault.backend} vault` }, null)
    return (await this.state()).world.users
  }

  private async listScenarios(): Promise<ScenarioInfo[]> {
    const files = await collectScenarioFiles([this.options.scenariosDir])
    const out: ScenarioInfo[] = []
    for (const file of files) {
      try {
        const loaded = await loadScenarioFile(file)
        out.push({
          file: relative(this.options.scenariosDir, file),
          scenario: loaded.spec.scenario,
          title: loaded.spec.title ?? loaded.spec.scenario,
          description: loaded.spec.description ?? '',
          demonstrates: demonstratedFlaws(loaded.spec.flaw)
        })
      } catch {
        // A broken file in the library is reported by `credscope run`, not listed here.
      }
    }
    return out
  }

  private async loadScenario(ref: ApiInput<'runScenario'>['scenario']): Promise<LoadedScenario> {
    try {
      if (ref.source !== undefined) return parseScenario(ref.name ?? 'opened.yaml', ref.source)
      const known = (await this.listScenarios()).find((s) => s.file === ref.file)
      if (!known) throw new ApiFailure('not-found', `no built-in scenario "${ref.file ?? ''}"`)
      return await loadScenarioFile(join(this.options.scenariosDir, known.file))
    } catch (error) {
      if (error instanceof ScenarioError) throw new ApiFailure('bad-input', error.message)
      throw error
    }
  }

  private async runLoaded(loaded: LoadedScenario, profile: string, flaws: string[], seed?: number): Promise<ScenarioRunView> {
    const resolved = resolveFlaws(profile, flaws)
    if ('error' in resolved) throw new ApiFailure('bad-input', resolved.error)
    const result = await runScenario(loaded, { profile, flaws: resolved.flaws, seed, store: this.options.store })
    this.options.store.setScenarioSource(result.runId, loaded.source)
    return scenarioView(result)
  }

  private async diffScenario(input: ApiInput<'diffScenario'>): Promise<ApiOutput<'diffScenario'>> {
    const loaded = await this.loadScenario(input.scenario)
    const ra = await this.resultOf(loaded, input.a.profile, input.a.flaws, input.seed)
    const rb = await this.resultOf(loaded, input.b.profile, input.b.flaws, input.seed)
    return { a: scenarioView(ra), b: scenarioView(rb), divergence: firstDivergence(ra.events, rb.events) }
  }

  private async resultOf(loaded: LoadedScenario, profile: string, flaws: string[], seed?: number): Promise<ScenarioResult> {
    const resolved = resolveFlaws(profile, flaws)
    if ('error' in resolved) throw new ApiFailure('bad-input', resolved.error)
    const result = await runScenario(loaded, { profile, flaws: resolved.flaws, seed, store: this.options.store })
    this.options.store.setScenarioSource(result.runId, loaded.source)
    return result
  }

  private openRun(runId: string): OpenedRun {
    const run = this.options.store.run(runId)
    if (!run) throw new ApiFailure('not-found', `no run ${runId}`)
    return { run: runView(run, this.options.scenariosDir), turns: this.storedTurns(runId) }
  }

  /** The scenario source of a run: the file it ran, or a re-enactment of a live run. */
  private async sourceOf(run: RunRow): Promise<{ name: string; source: string }> {
    const stored = this.options.store.scenarioSource(run.id)
    if (stored) return { name: run.scenario ?? `${run.id}.yaml`, source: stored }
    if (run.kind === 'scenario' && run.scenario) return { name: run.scenario, source: await readFile(run.scenario, 'utf8') }
    return { name: `live-${run.id.slice(0, 8)}.yaml`, source: scenarioFromRun(run, this.options.store.events(run.id)) }
  }

  private async exportBundle(runId: string): Promise<ApiOutput<'exportBundle'>> {
    const run = this.options.store.run(runId)
    if (!run) throw new ApiFailure('not-found', `no run ${runId}`)
    const { name, source } = await this.sourceOf(run)
    const loaded = parseScenario(name, source)
    const flaws = run.flaws.filter(isFlawId)
    const result = await runScenario(loaded, { profile: run.profile, flaws, seed: run.seed })
    const filename = `${loaded.spec.scenario}.credscope-bundle.json`
    return { filename, content: `${JSON.stringify(makeBundle(result, source, this.options.version, filename), null, 2)}\n` }
  }

  private async replayRun(runId: string): Promise<ScenarioRunView> {
    const run = this.options.store.run(runId)
    if (!run) throw new ApiFailure('not-found', `no run ${runId}`)
    const { name, source } = await this.sourceOf(run)
    return this.runLoaded(parseScenario(name, source), run.profile, run.flaws, run.seed)
  }
}

/** A stored turn's summary; a turn that never ended has none stored, so it gets a bare one. */
function summaryOfRow(t: TurnRow): TurnSummary {
  if (t.summary) return t.summary as TurnSummary
  return summarizeTurn(
    { turn: t.turn, project: t.project, session: t.session, thread: t.thread, sender: t.sender, senderPlatformId: t.senderId, expectedOwner: null, startedAt: t.startedAt, finishedAt: t.finishedAt, status: t.status },
    []
  )
}

/** A run as the app lists it; a built-in scenario is named from the library, not by where it is installed. */
function runView(run: RunRow, scenariosDir: string): RunView {
  const inLibrary = run.scenario !== null && isAbsolute(run.scenario) && !relative(scenariosDir, run.scenario).startsWith('..')
  return {
    id: run.id,
    kind: run.kind,
    title: run.title,
    profile: run.profile,
    flaws: run.flaws,
    seed: run.seed,
    scenario: inLibrary && run.scenario ? relative(scenariosDir, run.scenario) : run.scenario,
    createdAt: run.createdAt,
    endedAt: run.endedAt,
    status: run.status,
    turnCount: run.turnCount,
    eventCount: run.eventCount
  }
}

function scenarioView(result: ScenarioResult): ScenarioRunView {
  const invariant = result.demonstrates.map((id) => flawById(id)).filter((f) => f !== undefined).map((f) => `${f.id}: ${f.invariant}`).join('; ')
  return {
    runId: result.runId,
    file: result.file,
    scenario: result.scenario,
    title: result.title,
    profile: result.profile,
    flaws: result.flaws,
    seed: result.seed,
    passed: result.passed,
    error: result.error,
    invariant: invariant || null,
    steps: result.steps,
    leaks: result.leaks,
    durationMs: result.durationMs
  }
}

/** The world with every token masked: what the renderer may hold. */
export function maskWorld(view: WorldView, control: string): WorldSummary {
  return {
    ...view,
    urls: { ...view.urls, control },
    users: view.users.map((u) => ({ ...u, token: u.token ? maskSecret(u.token) : '' })),
    sessions: view.sessions.map(({ env: _env, runnerUrl: _runnerUrl, ...s }) => ({ ...s, botToken: s.botToken ? maskSecret(s.botToken) : '' })),
    apiKeys: view.apiKeys.map((k) => ({ ...k, token: maskSecret(k.token) })),
    serviceAccounts: view.serviceAccounts.map((sa) => ({ ...sa, token: maskSecret(sa.token) }))
  }
}
