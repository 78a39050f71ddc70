import { randomUUID } from 'node:crypto'
import type { TurnSummary } from '../../shared/api'
import type { CredentialRef, LeakFinding, TraceEvent } from '../../shared/events'
import { isForeignCredential } from '../../shared/owners'
import { summarizeTurn } from '../../shared/turn-summary'
import type { FlawId } from '../../shared/flaw-ids'
import { maskSecret } from '../../shared/mask'
import { secretFields } from '../../shared/providers'
import { BackendState } from '../backend/backend-state'
import { startBackendService } from '../backend/backend-service'
import { FlawSet } from '../flaws/flaw-set'
import { startFrontDoor } from '../frontdoor/front-door'
import { endOfRunHoldingFindings, leftoverLineFindings, recordFileFinding, turnFindings } from '../ledger/leak-detector'
import { LeakRecord } from '../ledger/leak-record'
import { secretsInFile } from '../ledger/record-scan'
import { ClusterNet } from '../net/cluster-net'
import { callHop } from '../net/hop-client'
import type { Listener } from '../net/server'
import { Operator } from '../operator/operator'
import { registerMcpUpstream, startFakeProviders } from '../providers/fake-providers'
import { AguiLog } from '../proxy/agui-log'
import { aguiRoutes } from '../proxy/agui-proxy'
import { startStaleSweep } from '../proxy/stale-sweep'
import type { Runner } from '../runner/runner'
import { DEFAULT_EPOCH, VirtualClock } from '../sim/clock'
import { freshSeed, Random } from '../sim/random'
import { FreeScheduler, SerialScheduler } from '../sim/scheduler'
import { HopTimers, type TimerHost } from '../sim/timers'
import type { Store, RunKind } from '../store/store'
import { Debugger } from '../trace/debugger'
import { Redactor } from '../trace/redactor'
import { Trace } from '../trace/trace'
import { CanaryRegistry } from '../vault/canaries'
import { CredentialStore } from '../vault/credential-store'
import { FaultableVault, type Vault } from '../vault/vault'
import { populateCluster, refreshFailures, seedCredentials, slotsOf } from '../world/build-world'
import { Cluster, type ClusterFault } from '../world/cluster'
import { DEFAULT_WORLD } from '../world/default-world'
import { apiKeySaName, sessionSaName } from '../world/identity'
import { type WorldSpec, type WorldSpecInput, worldSpec } from '../world/spec'
import { type EndedTurn, type TurnInfo, Turns } from '../turns/turns'
import type { Sim } from './sim'
import type { WorldView } from './world-view'

/** The front door's public name in traces. */
export const FRONT_DOOR_HOST = 'ambient.example.com'

export interface EngineOptions {
  world?: WorldSpecInput
  profile: string
  flaws: readonly FlawId[]
  vault: Vault
  /** Keep keychain entries that already exist (serve), instead of seeding fresh canaries. */
  reuseVault?: boolean
  /** Prefix of every keychain account this engine writes (scenario runs wipe it afterwards). */
  vaultPrefix?: string
  seed?: number
  /** `serial` runs one flow at a time in a seeded order (scenarios); `free` is real concurrency. */
  mode?: 'free' | 'serial'
  store?: Store | null
  run?: { kind: RunKind; title: string; scenario?: string }
  epoch?: number
  /** Faults of the simulated API server that are on before the operator starts the runners. */
  startFaults?: readonly ClusterFault[]
  /** Fixed loopback ports for the front door and the backend (a restarted live engine keeps its URLs). */
  ports?: { frontDoor: number; backend: number }
  /** Where the hops' wall-clock timeouts come from (tests drive them by hand). */
  timerHost?: TimerHost
}

/** Who sends a turn, in the harness's terms. */
export type TurnSender = { kind: 'user'; userId: string; browserSession?: boolean } | { kind: 'apikey'; key: string } | { kind: 'scheduled' }

export interface TurnRequest {
  sender: TurnSender
  project: string
  session: string
  thread?: string
  message: string
}

export interface TurnOutcome {
  /** The status of `POST /agui/run`. */
  status: number
  body: string
  turn: TurnInfo | null
}

/**
 * The engine: the simulated world with every hop listening on loopback. The Electron main
 * process, the CLI and the web shell are thin shells over this class; nothing here imports
 * electron.
 */
export class Engine {
  readonly debugger: Debugger
  readonly leaks: LeakRecord
  readonly runners = new Map<string, Runner>()
  private readonly vault: FaultableVault
  private readonly stopSweep: () => void
  /** Events of turns still running, for their summary; dropped once summarised. */
  private readonly turnEvents = new Map<string, TraceEvent[]>()
  readonly summaries = new Map<string, TurnSummary>()
  /** The last events of the run, newest last, for callers that look just behind them. */
  private readonly recent: TraceEvent[] = []
  private readonly summaryListeners = new Set<(summary: TurnSummary) => void>()
  private stopped = false
  /** What the end-of-run check found, once the engine has stopped. */
  endOfRunFindings: LeakFinding[] = []
  private endChecked = false

  private constructor(
    readonly sim: Sim,
    readonly state: BackendState,
    readonly options: EngineOptions,
    readonly aguiLog: AguiLog,
    vault: FaultableVault,
    readonly providerFaults: { googleRefreshFails: Set<string> },
    readonly frontDoor: Listener,
    readonly backend: Listener,
    readonly providers: Listener,
    stepDebugger: Debugger,
    leaks: LeakRecord
  ) {
    this.vault = vault
    this.debugger = stepDebugger
    this.leaks = leaks
    this.stopSweep = startStaleSweep(sim, state)
    sim.trace.subscribe((event) => {
      this.recent.push(event)
      if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 1000)
      if (!event.turn) return
      const list = this.turnEvents.get(event.turn)
      if (list) list.push(event)
      else if (event.kind === 'turn.started') this.turnEvents.set(event.turn, [event])
    })
    sim.turns.onEnded((ended) => this.afterTurn(ended))
    sim.clock.onAdvance((by, to) => sim.trace.emit('harness', { kind: 'clock', by, to }))
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const world: WorldSpec = worldSpec.parse(options.world ?? DEFAULT_WORLD)
    const seed = options.seed ?? freshSeed()
    const random = new Random(seed)
    const clock = new VirtualClock(options.epoch ?? DEFAULT_EPOCH)
    const redactor = new Redactor()
    const registry = new CanaryRegistry(redactor)
    const scheduler = options.mode === 'serial' ? new SerialScheduler(random) : new FreeScheduler()
    const runId = randomUUID()
    const cluster = new Cluster(clock, random)
    // The reporter runs only when a turn ends, long after the trace exists.
    const turns = new Turns(
      () => clock.now(),
      (info, status, by) => trace.emit(by, { kind: 'turn.finished', status, error: info.error ?? undefined }, info.turn)
    )
    const dbg = new Debugger((event) => {
      const info = event.turn ? turns.get(event.turn) : undefined
      return event.kind === 'credential.served' && info !== undefined && event.credentials.some((c) => isForeignCredential(c.owner, info.expectedOwner))
    })
    const trace = new Trace(runId, clock, redactor, scheduler, dbg)
    const timers = new HopTimers(options.timerHost)
    dbg.onChange((state) => (state.paused ? timers.suspend() : timers.resume()))
    const vault = new FaultableVault(options.vault)
    // A keychain failure is told on the trace, in the turn it hit, which then ends in error.
    const credentials = new CredentialStore(vault, registry, options.vaultPrefix ?? '', (error) =>
      trace.emit('vault', { kind: 'fault', fault: 'keychain', detail: error.message })
    )
    const sim: Sim = {
      world,
      cluster,
      credentials,
      registry,
      redactor,
      trace,
      clock,
      scheduler,
      flaws: new FlawSet(options.flaws),
      net: new ClusterNet(),
      random,
      turns,
      timers
    }
    const leaks = new LeakRecord(trace)
    // The evidence of each turn is gathered as it happens, in the turn it belongs to.
    trace.addRawTap((body, turn) => {
      if (body.kind !== 'log' && body.kind !== 'audit') return
      const refs = registry.scan(body.text)
      if (refs.length > 0) sim.turns.secretLine(turn, { sink: body.kind, refs })
    })
    trace.subscribe((event) => {
      if (event.kind === 'credential.served') sim.turns.served(event)
      else if (event.kind === 'fault' && event.fault === 'keychain') sim.turns.vaultFailed(event.turn, event.detail)
    })
    if (options.store) {
      options.store.createRun({
        id: runId,
        kind: options.run?.kind ?? 'live',
        title: options.run?.title ?? 'live session',
        profile: options.profile,
        flaws: [...options.flaws],
        seed,
        world,
        scenario: options.run?.scenario,
        startedAt: clock.now()
      })
      trace.addSink(options.store)
    }
    for (const fault of options.startFaults ?? []) cluster.faults.add(fault)
    populateCluster(cluster, world, registry, random)
    await seedCredentials(credentials, world, random, clock.now(), options.reuseVault ?? false)
    const googleClientSecret = `GOCSPX-${random.string(28)}`
    registry.register(googleClientSecret, { owner: 'platform:google-oauth-client', slot: 'bearer', field: 'client-secret' })
    cluster.onTokenIssued((record) => {
      if (record.subject.kind === 'sa') registry.register(record.token, { owner: `sa:${record.subject.namespace}/${record.subject.name}`, slot: 'bearer', field: 'sa-token' })
      else registry.register(record.token, { owner: record.subject.userId, slot: 'bearer', field: 'oauth-token' })
    })
    const state = new BackendState(sim)
    const aguiLog = new AguiLog()
    let startRunnerFor: (project: string, name: string) => Promise<void> = async () => {}
    const providerFaults = { googleRefreshFails: refreshFailures(world) }
    const providers = await startFakeProviders(sim, providerFaults)
    const engine = new Engine(
      sim,
      state,
      options,
      aguiLog,
      vault,
      providerFaults,
      await startFrontDoor(sim, options.ports?.frontDoor),
      await startBackendService(sim, state, aguiRoutes(sim, state, aguiLog), (project, name) => startRunnerFor(project, name), options.ports?.backend),
      providers,
      dbg,
      leaks
    )
    sim.net.register(FRONT_DOOR_HOST, 443, engine.frontDoor.port)
    const operator = new Operator(sim, googleClientSecret)
    startRunnerFor = async (project, name) => {
      const session = cluster.session(project, name)
      if (!session) return
      for (const server of session.mcpServers) registerMcpUpstream(sim, providers, server)
      try {
        engine.runners.set(`${project}/${name}`, await operator.startRunner(session))
      } catch {
        // TokenProvisionFailed is on the trace; the session simply has no runner.
      }
    }
    for (const session of [...cluster.sessions.values()]) await startRunnerFor(session.project, session.name)
    return engine
  }

  get seed(): number {
    return this.sim.random.seed
  }

  get runId(): string {
    return this.sim.trace.runId
  }

  /** Whether the vault fails every call, as a locked keychain does (a fault). */
  set vaultFailing(failing: boolean) {
    this.vault.failing = failing
  }

  get vaultInfo(): { backend: 'keychain' | 'memory'; service: string } {
    return { backend: this.vault.backend, service: this.vault.service }
  }

  runner(project: string, session: string): Runner | null {
    return this.runners.get(`${project}/${session}`) ?? null
  }

  whose(value: string): CredentialRef[] {
    return this.sim.registry.whose(value)
  }

  /** Sends a turn through the front door (or, for a schedule, straight to the backend) and waits for it. */
  async sendTurn(request: TurnRequest): Promise<TurnOutcome> {
    const { sim } = this
    const path = `/api/projects/${encodeURIComponent(request.project)}/agentic-sessions/${encodeURIComponent(request.session)}/agui/run`
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    let url = `https://${FRONT_DOOR_HOST}${path}`
    const sender = request.sender
    switch (sender.kind) {
      case 'user': {
        const token = this.userToken(sender.userId)
        if (sender.browserSession) headers.Cookie = `_oauth_proxy=${token}`
        else headers.Authorization = `Bearer ${token}`
        break
      }
      case 'apikey':
        headers.Authorization = `Bearer ${this.saToken(request.project, apiKeySaName(sender.key))}`
        break
      case 'scheduled':
        headers.Authorization = `Bearer ${this.saToken(request.project, sessionSaName(request.session))}`
        url = `http://backend-service.ambient-code.svc.cluster.local:8080${path}`
        break
    }
    const body = JSON.stringify({
      threadId: request.thread ?? request.session,
      messages: [{ id: sim.random.uuid(), role: 'user', content: request.message }]
    })
    const response = await callHop(sim, 'client', sender.kind === 'scheduled' ? 'backend' : 'frontdoor', { method: 'POST', url, headers, body })
    if (response.status !== 200) return { status: response.status, body: response.body, turn: null }
    const { runId } = JSON.parse(response.body) as { runId: string }
    return { status: response.status, body: response.body, turn: await this.waitForTurn(runId) }
  }

  /** Resolves when the turn has ended and the leak detector has looked at it. */
  waitForTurn(turn: string): Promise<TurnInfo> {
    const ended = this.sim.turns.ended(turn)
    if (!ended) return Promise.reject(new Error(`no turn ${turn} in this run`))
    return this.sim.scheduler.block(ended)
  }

  /** The verdict on an ended turn: the pod as the runner left it, the findings, the summary. */
  private async afterTurn(ended: EndedTurn): Promise<void> {
    const { info } = ended
    if (ended.holdings) this.sim.trace.emit('harness', { kind: 'snapshot', label: 'after-turn', holdings: ended.holdings }, info.turn)
    else this.sim.trace.emit('harness', { kind: 'note', text: 'The turn never reached its runner: there is no pod state of this turn to inspect.' }, info.turn)
    this.leaks.add(info.turn, turnFindings(ended))
    const summary = summarizeTurn(info, this.turnEvents.get(info.turn) ?? [])
    this.turnEvents.delete(info.turn)
    this.summaries.set(info.turn, summary)
    this.options.store?.setTurnSummary(this.runId, info.turn, summary)
    for (const listener of this.summaryListeners) listener(summary)
  }

  /** Up to `count` of the most recent events, oldest first. */
  recentEvents(count: number): TraceEvent[] {
    return this.recent.slice(-count)
  }

  /** Called with each turn's summary once the turn has ended and been checked for leaks. */
  onTurnSummary(listener: (summary: TurnSummary) => void): () => void {
    this.summaryListeners.add(listener)
    return () => this.summaryListeners.delete(listener)
  }

  userToken(userId: string): string {
    const user = this.sim.cluster.users.get(userId)
    if (!user) throw new Error(`no user "${userId}" in this world`)
    const live = this.sim.cluster.tokensOf({ kind: 'user', userId }).filter((t) => this.sim.cluster.authenticate(t.token))
    const token = live.at(-1) ?? this.sim.cluster.tokensOf({ kind: 'user', userId }).at(-1)
    if (!token) throw new Error(`user "${userId}" has no token`)
    return token.token
  }

  saToken(namespace: string, name: string): string {
    const token = this.sim.cluster.tokensOf({ kind: 'sa', namespace, name }).at(-1)
    if (!token) throw new Error(`ServiceAccount ${namespace}/${name} has no token`)
    return token.token
  }

  async world(): Promise<WorldView> {
    const { cluster, world, clock } = this.sim
    const users = []
    for (const spec of world.users) {
      const user = cluster.users.get(spec.id)
      if (!user) continue
      const record = cluster.tokensOf({ kind: 'user', userId: user.id }).at(-1)
      const credentials = []
      for (const { slot } of slotsOf(spec)) {
        const cred = await this.sim.credentials.read(user.id, slot).catch(() => null)
        const first = cred ? secretFields(cred)[0] : undefined
        if (first) credentials.push({ slot, masked: maskSecret(first.value), fingerprint: this.sim.registry.refOf(first.value)?.fingerprint ?? '' })
      }
      users.push({
        id: user.id,
        name: user.name,
        email: user.email,
        username: user.username,
        userID: cluster.platformId(user),
        token: record?.token ?? '',
        tokenExpiresAt: record?.expiresAt ? new Date(record.expiresAt).toISOString() : null,
        credentials
      })
    }
    const sessions = [...cluster.sessions.values()].map((s) => {
      const sa = cluster.serviceAccount(s.project, sessionSaName(s.name))
      const ownerUser = cluster.userByPlatformId(s.userContext.userId)
      return {
        project: s.project,
        name: s.name,
        owner: ownerUser?.id ?? s.userContext.userId,
        ownerUserID: s.userContext.userId,
        sharedWith: Object.fromEntries(cluster.shares.get(`${s.project}/${s.name}`) ?? []),
        runner: s.runner,
        phase: s.phase,
        serviceAccount: sessionSaName(s.name),
        annotations: sa?.annotations ?? {},
        botToken: cluster.tokensOf({ kind: 'sa', namespace: s.project, name: sessionSaName(s.name) }).at(-1)?.token ?? '',
        runnerUrl: this.runner(s.project, s.name)?.url ?? '',
        runnerClusterUrl: `http://session-${s.name}.${s.project}.svc.cluster.local:8001/`,
        env: s.env
      }
    })
    const apiKeys = world.projects.flatMap((p) =>
      p.apiKeys.map((k) => ({
        project: p.name,
        name: k.name,
        creator: k.creator,
        role: k.role,
        serviceAccount: apiKeySaName(k.name),
        token: cluster.tokensOf({ kind: 'sa', namespace: p.name, name: apiKeySaName(k.name) }).at(-1)?.token ?? ''
      }))
    )
    const serviceAccounts = world.projects.flatMap((p) =>
      p.serviceAccounts.map((sa) => ({
        project: p.name,
        name: sa.name,
        role: sa.role,
        annotations: sa.annotations,
        token: cluster.tokensOf({ kind: 'sa', namespace: p.name, name: sa.name }).at(-1)?.token ?? ''
      }))
    )
    return {
      runId: this.runId,
      profile: this.options.profile,
      flaws: this.sim.flaws.list(),
      vault: this.vaultInfo,
      now: new Date(clock.now()).toISOString(),
      urls: { frontDoor: this.frontDoor.url, backend: this.backend.url },
      users,
      projects: world.projects.map((p) => ({ name: p.name, members: p.members })),
      sessions,
      apiKeys,
      serviceAccounts,
      schedules: world.projects.flatMap((p) => p.schedules.map((s) => ({ project: p.name, name: s.name, session: s.session })))
    }
  }

  /**
   * The leak detector's end-of-run check, once: stray log lines, the cleaned sinks of every
   * runner (except those whose turns were cut short by the stop: their cleanup never ran), and
   * the run's record files.
   */
  async checkEndOfRun(cutShort: ReadonlySet<string> = new Set()): Promise<LeakFinding[]> {
    if (this.endChecked) return this.endOfRunFindings
    this.endChecked = true
    const found = leftoverLineFindings(this.sim.turns.takeLeftoverLines())
    for (const runner of this.runners.values()) {
      const name = `${runner.project}/${runner.session}`
      if (cutShort.has(name)) this.sim.trace.emit('harness', { kind: 'note', text: `End-of-run check skipped the runner of ${name}: credscope stopped during one of its turns, so its cleanup never ran.` }, null)
      else found.push(...endOfRunHoldingFindings(name, await runner.holdings()))
    }
    this.options.store?.flush()
    const storePath = this.options.store?.path
    if (storePath && storePath !== ':memory:') {
      for (const path of [storePath, `${storePath}-wal`]) {
        const file = path.split(/[\\/]/).pop() ?? path
        for (const ref of await secretsInFile(path, (text) => this.sim.registry.scan(text))) found.push(recordFileFinding('store', file, ref))
      }
    }
    this.leaks.add(null, found)
    this.endOfRunFindings = found
    return found
  }

  /**
   * Stops every hop. Turns still running end as incomplete and are not judged (their evidence is
   * partial); nothing waits for them. The run is marked finished in the store.
   */
  async stop(status: 'finished' | 'passed' | 'failed' = 'finished', summary?: unknown): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.stopSweep()
    // No new work from outside first; then held events go on and running turns end.
    await Promise.all([this.frontDoor.close(), this.backend.close()])
    this.debugger.resume()
    const cut = this.sim.turns.abandon('credscope stopped before the turn ended')
    this.aguiLog.closeAll()
    await this.checkEndOfRun(new Set(cut.map((t) => `${t.project}/${t.session}`)))
    for (const runner of this.runners.values()) await runner.stop()
    await this.providers.close()
    this.sim.trace.close()
    this.options.store?.finishRun(this.runId, status, summary)
  }
}
