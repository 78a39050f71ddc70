import type { TurnSummary } from '../../shared/api'
import type { CredentialRef, LeakFinding, TraceEvent } from '../../shared/events'
import type { BackendState } from '../backend-process/backend-state'
import type { LeakRecord } from '../ledger/leak-record'
import type { Listener } from '../net/server'
import type { AguiLog } from '../proxy/agui-log'
import type { CustomMcpEndpoints } from '../providers/custom-mcp-endpoint'
import { startStaleSweep } from '../proxy/stale-sweep'
import type { Runner } from '../runner/runner'
import type { Debugger } from '../trace/debugger'
import type { TurnInfo, Turns } from '../turns/turns'
import type { FaultableVault } from '../vault/vault'
import { assemble, type EngineOptions, type EngineParts } from './assembly'
import { endOfRunFindings } from './end-of-run'
import type { HopContext } from '../sim/hop-context'
import { TurnClient, type TurnOutcome, type TurnRequest } from './turn-client'
import type { TurnSummaries } from './turn-summaries'
import { vaultCredentials, type WorldView, worldView } from './world-view'

export type { EngineOptions } from './assembly'

/**
 * The engine: the simulated world with every hop listening on loopback. The Electron main
 * process, the CLI and the web shell are thin shells over this class; nothing here imports
 * electron.
 */
export class Engine {
  readonly sim: HopContext
  readonly state: BackendState
  readonly aguiLog: AguiLog
  readonly providerFaults: { googleRefreshFails: Set<string> }
  readonly frontDoor: Listener
  readonly backend: Listener
  readonly providers: Listener
  /** The endpoints of custom MCP servers and what each received (redacted). */
  readonly customMcp: CustomMcpEndpoints
  readonly kubeApi: Listener
  private readonly controlPlaneListeners: Listener[]
  readonly debugger: Debugger
  readonly leaks: LeakRecord
  readonly turns: Turns
  readonly runners: Map<string, Runner>
  /** Rotates a session's BOT token, as the operator does when it re-mints it (a world event). */
  readonly rotateBotToken: (project: string, session: string) => Promise<void>
  private readonly vault: FaultableVault
  private readonly turnSummaries: TurnSummaries
  private readonly client: TurnClient
  private readonly stopSweep: () => void
  private stopped = false
  /** What the end-of-run check found, once the engine has stopped. */
  endOfRunFindings: LeakFinding[] = []
  private endChecked = false

  private constructor(
    parts: EngineParts,
    readonly options: EngineOptions
  ) {
    this.sim = parts.sim
    this.state = parts.state
    this.aguiLog = parts.aguiLog
    this.providerFaults = parts.providerFaults
    this.frontDoor = parts.frontDoor
    this.backend = parts.backend
    this.providers = parts.providers
    this.customMcp = parts.customMcp
    this.kubeApi = parts.kubeApi
    this.controlPlaneListeners = parts.controlPlaneListeners
    this.debugger = parts.debugger
    this.leaks = parts.leaks
    this.turns = parts.turns
    this.runners = parts.runners
    this.rotateBotToken = parts.rotateBotToken
    this.vault = parts.vault
    this.turnSummaries = parts.summaries
    this.client = new TurnClient(parts.sim, parts.turns)
    this.stopSweep = startStaleSweep(parts.sim, parts.state)
  }

  static async start(options: EngineOptions): Promise<Engine> {
    return new Engine(await assemble(options), options)
  }

  get seed(): number {
    return this.sim.random.seed
  }

  get runId(): string {
    return this.sim.trace.runId
  }

  /** Each ended turn's summary, by turn id. */
  get summaries(): ReadonlyMap<string, TurnSummary> {
    return this.turnSummaries.byTurn
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
  sendTurn(request: TurnRequest): Promise<TurnOutcome> {
    return this.client.send(request)
  }

  /** Resolves when the turn has ended and the leak detector has looked at it. */
  waitForTurn(turn: string): Promise<TurnInfo> {
    return this.client.waitFor(turn)
  }

  userToken(userId: string): string {
    return this.client.userToken(userId)
  }

  saToken(namespace: string, name: string): string {
    return this.client.saToken(namespace, name)
  }

  /** Up to `count` of the most recent events, oldest first. */
  recentEvents(count: number): TraceEvent[] {
    return this.turnSummaries.recentEvents(count)
  }

  /** Called with each turn's summary once the turn has ended and been checked for leaks. */
  onTurnSummary(listener: (summary: TurnSummary) => void): () => void {
    return this.turnSummaries.onSummary(listener)
  }

  async world(): Promise<WorldView> {
    return worldView(this.sim, {
      runId: this.runId,
      platform: this.options.config.platform,
      profile: this.options.config.profile,
      vault: this.vaultInfo,
      urls: { frontDoor: this.frontDoor.url, backend: this.backend.url },
      credentials: await vaultCredentials(this.sim),
      runnerUrl: (project, session) => this.runner(project, session)?.url ?? ''
    })
  }

  /** The leak detector's end-of-run check, once (runners in `cutShort` never ran their cleanup). */
  async checkEndOfRun(cutShort: ReadonlySet<string> = new Set()): Promise<LeakFinding[]> {
    if (this.endChecked) return this.endOfRunFindings
    this.endChecked = true
    const found = await endOfRunFindings(this.sim, this.turns, this.runners.values(), this.options.store ?? null, cutShort)
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
    const cut = this.turns.abandon('credscope stopped before the turn ended')
    this.aguiLog.closeAll()
    await this.checkEndOfRun(new Set(cut.map((t) => `${t.project}/${t.session}`)))
    for (const runner of this.runners.values()) await runner.stop()
    await Promise.all([this.providers.close(), this.customMcp.listener.close(), this.kubeApi.close(), ...this.controlPlaneListeners.map((l) => l.close())])
    this.sim.trace.close()
    this.options.store?.finishRun(this.runId, status, summary)
  }
}
