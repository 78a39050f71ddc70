import { randomUUID } from 'node:crypto'
import { isForeignCredential } from '../../shared/owners'
import type { RunConfig } from '../../shared/profiles'
import { BackendState } from '../backend-process/backend-state'
import { startBackendService } from '../backend/backend-service'
import { FlawSet } from '../flaws/flaw-set'
import { startFrontDoor } from '../frontdoor/front-door'
import { LeakRecord } from '../ledger/leak-record'
import { ClusterNet } from '../net/cluster-net'
import { HOSTS } from '../net/hosts'
import { startKubeApiServer } from '../kube/kube-api-server'
import type { Listener } from '../net/server'
import { Operator, RECONCILE_INTERVAL_MS } from '../operator/operator'
import { Idp } from '../world/idp'
import { issueUserToken } from '../world/user-tokens'
import { registerMcpUpstream, startFakeProviders } from '../providers/fake-providers'
import { type CustomMcpEndpoints, startCustomMcpEndpoints } from '../providers/custom-mcp-endpoint'
import { startCredentialSidecars } from '../controlplane/credential-sidecar'
import { AguiLog } from '../proxy/agui-log'
import { aguiRoutes } from '../proxy/agui-proxy'
import { Runner } from '../runner/runner'
import { BOT_TOKEN_FILE } from '../runner/pod'
import { DEFAULT_EPOCH, VirtualClock } from '../sim/clock'
import { freshSeed, Random } from '../sim/random'
import { FreeScheduler, type ScheduleChooser, SerialScheduler } from '../sim/scheduler'
import { HopTimers, type TimerHost } from '../sim/timers'
import type { RunKind } from '../store/rows'
import type { Store } from '../store/store'
import { Debugger } from '../trace/debugger'
import { Redactor } from '../trace/redactor'
import { Trace } from '../trace/trace'
import { Turns } from '../turns/turns'
import { CanaryRegistry } from '../vault/canaries'
import { CredentialStore } from '../vault/credential-store'
import { FaultableVault, type Vault } from '../vault/vault'
import { populateCluster, refreshFailures, seedCredentials, usesControlPlane, worldVersionProblem } from '../world/build-world'
import { ControlPlane } from '../world/control-plane'
import { startControlPlane } from '../controlplane/services'
import { remoteUrls } from '../world/custom-mcp'
import { Cluster, type ClusterFault } from '../world/cluster'
import { DEFAULT_WORLD } from '../world/default-world'
import { type WorldSpec, type WorldSpecInput, worldSpec } from '../world/spec'
import type { HopContext } from '../sim/hop-context'
import { TurnSummaries } from './turn-summaries'

export interface EngineOptions {
  world?: WorldSpecInput
  /** The platform version, the profile and every flaw switched on. */
  config: RunConfig
  vault: Vault
  /** Keep keychain entries that already exist (serve), instead of seeding fresh canaries. */
  reuseVault?: boolean
  /** Prefix of every keychain account this engine writes (scenario runs wipe it afterwards). */
  vaultPrefix?: string
  seed?: number
  /** `serial` runs one flow at a time in a seeded order (scenarios); `free` is real concurrency. */
  mode?: 'free' | 'serial'
  /** In serial mode, who picks the next flow where several could run: an explorer's schedule instead of the seed. */
  chooser?: ScheduleChooser
  store?: Store | null
  run?: { kind: RunKind; title: string; scenario?: string; scenarioName?: string }
  epoch?: number
  /** Faults of the simulated API server that are on before the operator starts the runners. */
  startFaults?: readonly ClusterFault[]
  /** Fixed loopback ports for the front door and the backend (a restarted live engine keeps its URLs). */
  ports?: { frontDoor: number; backend: number }
  /** Where the hops' wall-clock timeouts come from (tests drive them by hand). */
  timerHost?: TimerHost
}

/** Everything an engine is made of once its world is built and every hop listens. */
export interface EngineParts {
  sim: HopContext
  state: BackendState
  aguiLog: AguiLog
  vault: FaultableVault
  providerFaults: { googleRefreshFails: Set<string> }
  frontDoor: Listener
  backend: Listener
  providers: Listener
  /** The endpoints of custom MCP servers (HEAD), outside the platform, with what each received. */
  customMcp: CustomMcpEndpoints
  /** The Kubernetes API server's REST surface, `kubernetes.default.svc` inside the cluster. */
  kubeApi: Listener
  /** The control plane's token server and api-server; none in a world without its sessions. */
  controlPlaneListeners: Listener[]
  debugger: Debugger
  leaks: LeakRecord
  /** The owner of every turn's lifecycle: the proxy and the runner report to it, the ledger reads from it. */
  turns: Turns
  summaries: TurnSummaries
  /** The runner of each session that has one, by `project/session`. */
  runners: Map<string, Runner>
  /** The operator rotates a session's BOT token; kubelet carries it into the pod's mounted file. */
  rotateBotToken: (project: string, session: string) => Promise<void>
}

/** Builds the simulated world from the options and starts every hop on loopback. */
export async function assemble(options: EngineOptions): Promise<EngineParts> {
  const { sim, turns, vault, debugger: dbg } = buildSim(options)
  const { cluster, registry, random, credentials, trace } = sim
  const { world } = sim
  if (options.store) {
    options.store.createRun({
      id: trace.runId,
      kind: options.run?.kind ?? 'live',
      title: options.run?.title ?? 'live session',
      platform: options.config.platform,
      profile: options.config.profile,
      flaws: [...options.config.flaws],
      seed: random.seed,
      world,
      scenario: options.run?.scenario,
      scenarioName: options.run?.scenarioName,
      startedAt: sim.clock.now()
    })
    trace.addSink(options.store)
  }
  const leaks = new LeakRecord(trace)
  const summaries = new TurnSummaries(trace, leaks, options.store ?? null, turns)
  for (const fault of options.startFaults ?? []) cluster.faults.add(fault)
  populateCluster(cluster, world, registry, random)
  // In an SSO world each user has signed in once: one access JWT each.
  for (const user of cluster.users.values()) if (sim.sso) await issueUserToken(sim, user.id)
  await seedCredentials(credentials, world, random, sim.clock.now(), options.reuseVault ?? false)
  const googleClientSecret = `GOCSPX-${random.string(28)}`
  registry.register(googleClientSecret, { owner: 'platform:google-oauth-client', slot: 'bearer', field: 'client-secret' })
  cluster.onTokenIssued((record) => {
    if (record.subject.kind === 'sa') registry.register(record.token, { owner: `sa:${record.subject.namespace}/${record.subject.name}`, slot: 'bearer', field: 'sa-token' })
    else if (record.purpose === 'kubeconfig') registry.register(record.token, { owner: record.subject.userId, slot: 'kubeconfig', field: 'kubeconfig token' })
    else registry.register(record.token, { owner: record.subject.userId, slot: 'bearer', field: 'oauth-token' })
  })
  const state = new BackendState(sim)
  const aguiLog = new AguiLog()
  const runners = new Map<string, Runner>()
  const providerFaults = { googleRefreshFails: refreshFailures(world) }
  const providers = await startFakeProviders(sim, providerFaults)
  const customMcp = await startCustomMcpEndpoints(sim, (turn, delivery) => turns.delivered(turn, delivery))
  const kubeApi = await startKubeApiServer(sim)
  const cpListeners = sim.controlPlane ? await startControlPlane(sim, sim.controlPlane, turns) : []
  const operator = new Operator(sim, (session, botToken) => Runner.start(sim, turns, session, botToken, googleClientSecret))
  const startRunnerFor = async (project: string, name: string): Promise<void> => {
    const session = cluster.session(project, name)
    if (!session) return
    for (const server of session.mcpServers) registerMcpUpstream(sim, providers, server)
    for (const url of [...remoteUrls(cluster.projectMcpServers.get(project) ?? null), ...remoteUrls(session.customMcpServers)]) customMcp.register(url)
    try {
      runners.set(`${project}/${name}`, await operator.startRunner(session))
      // The pod's credential sidecars start beside the runner container (docs/platform/control-plane.md#credential-sidecars).
      if (sim.controlPlane && session.controlPlane) cpListeners.push(...(await startCredentialSidecars(sim, sim.controlPlane, project, name)))
    } catch {
      // TokenProvisionFailed is on the trace; the session simply has no runner.
    }
  }
  const frontDoor = await startFrontDoor(sim, options.ports?.frontDoor)
  const backend = await startBackendService(sim, state, aguiRoutes(sim, { state, log: aguiLog, turns }), startRunnerFor, options.ports?.backend)
  sim.net.register(HOSTS.frontDoor, HOSTS.frontDoorPort, frontDoor.port)
  for (const session of [...cluster.sessions.values()]) await startRunnerFor(session.project, session.name)
  // Kubelet's part: a mounted Secret follows the Secret; an env var does not (docs/platform/runner.md#the-bot-token-at-head).
  const mountToken = (project: string, name: string, token: string): void => {
    const runner = runners.get(`${project}/${name}`)
    if (runner?.botTokenMounted) runner.workspace.replaceNow(BOT_TOKEN_FILE, token)
  }
  const rotateBotToken = async (project: string, name: string): Promise<void> => {
    const session = cluster.session(project, name)
    if (!session) throw new Error(`no session ${project}/${name}`)
    mountToken(project, name, operator.rotateRunnerToken(session))
  }
  // The operator reconciles each Running session every 30 s and re-mints a BOT token 45 min old.
  sim.clock.every(RECONCILE_INTERVAL_MS, () => {
    for (const key of runners.keys()) {
      const session = cluster.session(...(key.split('/') as [string, string]))
      const token = session?.phase === 'Running' ? operator.ensureFreshRunnerToken(session) : null
      if (session && token) mountToken(session.project, session.name, token)
    }
  })
  return { sim, state, aguiLog, vault, providerFaults, frontDoor, backend, providers, customMcp, kubeApi, controlPlaneListeners: cpListeners, debugger: dbg, leaks, turns, summaries, runners, rotateBotToken }
}

/** The hops' shared context, with the trace wired to the turns it tells about. */
function buildSim(options: EngineOptions): { sim: HopContext; turns: Turns; vault: FaultableVault; debugger: Debugger } {
  const world: WorldSpec = worldSpec.parse(options.world ?? DEFAULT_WORLD)
  const random = new Random(options.seed ?? freshSeed())
  const clock = new VirtualClock(options.epoch ?? DEFAULT_EPOCH)
  const redactor = new Redactor()
  const registry = new CanaryRegistry(redactor)
  const scheduler = options.mode === 'serial' ? new SerialScheduler(random, options.chooser ?? null) : new FreeScheduler()
  // The reporter runs only when a turn ends, long after the trace exists.
  const turns = new Turns(
    () => clock.now(),
    (info, status, by) => trace.emit(by, { kind: 'turn.finished', status, error: info.error ?? undefined }, info.turn)
  )
  const dbg = new Debugger((event) => {
    const info = event.turn ? turns.get(event.turn) : undefined
    return event.kind === 'credential.served' && info !== undefined && event.credentials.some((c) => isForeignCredential(c.owner, info.expectedOwner))
  })
  const trace = new Trace(randomUUID(), clock, redactor, scheduler, dbg)
  const timers = new HopTimers(options.timerHost)
  dbg.onChange((state) => (state.paused ? timers.suspend() : timers.resume()))
  const vault = new FaultableVault(options.vault)
  // A keychain failure is told on the trace, in the turn it hit, which then ends in error.
  const credentials = new CredentialStore(vault, registry, options.vaultPrefix ?? '', (error) =>
    trace.emit('vault', { kind: 'fault', fault: 'keychain', detail: error.message })
  )
  const unfit = worldVersionProblem(world, options.config.platform)
  if (unfit) throw new Error(unfit)
  const sso = world.identity === 'sso' ? new Idp(clock, random.fork('sso')) : null
  const controlPlane = usesControlPlane(world) ? new ControlPlane(random.fork('control-plane'), registry) : null
  const sim: HopContext = { world, cluster: new Cluster(clock, random), sso, controlPlane, credentials, registry, redactor, trace, clock, scheduler, platform: options.config.platform, flaws: new FlawSet(options.config.flaws), net: new ClusterNet(), random, timers }
  // The evidence of each turn is gathered as it happens, in the turn it belongs to.
  trace.addRawTap((body, turn) => {
    if (body.kind !== 'log' && body.kind !== 'audit') return
    const refs = registry.scan(body.text)
    if (refs.length > 0) turns.secretLine(turn, { sink: body.kind, refs })
  })
  trace.subscribe((event) => {
    if (event.kind === 'credential.served') turns.served(event)
    else if (event.kind === 'fault' && event.fault === 'keychain') turns.vaultFailed(event.turn, event.detail)
  })
  clock.onAdvance((by, to) => trace.emit('harness', { kind: 'clock', by, to }))
  return { sim, turns, vault, debugger: dbg }
}
