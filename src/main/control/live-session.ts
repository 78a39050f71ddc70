import type { ApiInput, ApiOutput, AppState, DebuggerView, ServerPush } from '../../shared/api'
import { maskSecret } from '../../shared/mask'
import { parseDuration } from '../../shared/duration'
import { resolveConfig, type RunConfig } from '../../shared/profiles'
import type { CredentialSlot } from '../../shared/providers'
import { Engine } from '../engine/engine'
import { applyFault } from '../engine/faults'
import type { Store } from '../store/store'
import { secretLabel } from '../trace/token-shapes'
import { makeCredential } from '../vault/canary-values'
import type { Vault } from '../vault/vault'
import type { WorldSpecInput } from '../world/spec'
import { ApiFailure } from './api-failure'
import { applyTokenAction } from '../world/user-tokens'
import { worldVersionProblem } from '../world/build-world'
import { runMatrix } from './matrix'
import { maskWorld } from './views'
import { LiveTitle } from './live-title'

export interface LiveSessionOptions {
  vault: Vault
  store: Store
  world?: WorldSpecInput
  seed?: number
  /** The per-launch control token: no event may hold it, not even masked. */
  controlToken?: string
}

/** The live engine the app drives: started, restarted under another profile, and acted on. */
export class LiveSession {
  private current: Engine
  private title: LiveTitle
  private detach: Array<() => void> = []
  private readonly faults = new Set<string>()
  /** Where the control API listens, once it does; shown in the world view. */
  controlUrl = ''

  private constructor(
    private readonly options: LiveSessionOptions,
    started: { engine: Engine; title: LiveTitle },
    private readonly push: (push: ServerPush) => void
  ) {
    this.current = started.engine
    this.title = started.title
    this.attach()
  }

  static async start(options: LiveSessionOptions, config: RunConfig, push: (push: ServerPush) => void): Promise<LiveSession> {
    return new LiveSession(options, await startEngine(options, config), push)
  }

  get engine(): Engine {
    return this.current
  }

  private attach(): void {
    this.detach = [
      this.current.sim.trace.subscribe((event) => this.push({ type: 'event', event })),
      this.current.sim.trace.subscribe((event) => this.title.observe(event, this.options.store, this.current.runId)),
      this.current.debugger.onChange((state) => this.push({ type: 'debugger', state })),
      this.current.onTurnSummary((summary) => this.push({ type: 'turn', summary }))
    ]
  }

  async stop(): Promise<void> {
    for (const d of this.detach) d()
    await this.current.stop()
  }

  async state(): Promise<AppState> {
    const engine = this.current
    return {
      live: { runId: engine.runId, platform: engine.options.config.platform, profile: engine.options.config.profile, flaws: engine.sim.flaws.list() },
      world: maskWorld(await engine.world(), this.controlUrl),
      debugger: engine.debugger.state(),
      faults: [...this.faults],
      store: this.options.store.health()
    }
  }

  /** A new engine under another profile, on the same front door and backend ports. */
  async restart(input: ApiInput<'restart'>): Promise<AppState> {
    const config = resolveConfig(input)
    if ('error' in config) throw new ApiFailure('bad-input', config.error)
    // Refused before the running engine stops: a world of HEAD's features cannot run at the merge.
    const unfit = worldVersionProblem(this.current.sim.world, config.platform)
    if (unfit) throw new ApiFailure('bad-input', unfit)
    const ports = { frontDoor: this.current.frontDoor.port, backend: this.current.backend.port }
    await this.stop()
    this.faults.clear()
    const started = await startEngine(this.options, config, ports)
    this.current = started.engine
    this.title = started.title
    this.attach()
    const state = await this.state()
    this.push({ type: 'restarted', state })
    return state
  }

  async sendTurn(input: ApiInput<'sendTurn'>): Promise<ApiOutput<'sendTurn'>> {
    const engine = this.current
    this.requireSession(input.project, input.session)
    if (input.sender.kind === 'user' && !engine.sim.cluster.users.has(input.sender.userId)) throw new ApiFailure('not-found', `no user "${input.sender.userId}"`)
    try {
      const outcome = await engine.sendTurn({ sender: input.sender, project: input.project, session: input.session, thread: input.thread, message: input.message })
      return {
        status: outcome.status,
        body: engine.sim.redactor.redact(outcome.body),
        turn: outcome.turn ? (engine.summaries.get(outcome.turn.turn) ?? null) : null
      }
    } catch (error) {
      throw new ApiFailure('not-found', error instanceof Error ? error.message : String(error))
    }
  }

  advanceClock(input: ApiInput<'advanceClock'>): ApiOutput<'advanceClock'> {
    const ms = parseDuration(input.by)
    if (ms === null) throw new ApiFailure('bad-input', 'a duration such as 90s, 10m or 1h')
    const { clock } = this.current.sim
    clock.advance(ms)
    return { now: new Date(clock.now()).toISOString() }
  }

  async tokenAction(input: ApiInput<'tokenAction'>): Promise<ApiOutput<'tokenAction'>> {
    const engine = this.current
    if (!engine.sim.cluster.users.has(input.user)) throw new ApiFailure('not-found', `no user "${input.user}"`)
    const applied = await applyTokenAction(engine.sim, input.user, input.action)
    if ('error' in applied) throw new ApiFailure('bad-input', applied.error)
    engine.sim.trace.emit('harness', { kind: 'fault', fault: `token:${input.action}`, detail: input.user }, null)
    return { user: input.user, action: input.action, token: maskSecret(applied.token) }
  }

  setFault(input: ApiInput<'setFault'>): ApiOutput<'setFault'> {
    const engine = this.current
    const label = input.fault === 'google-refresh' && input.user ? `${input.fault}:${input.user}` : input.fault
    if (input.fault === 'google-refresh' && !input.user) throw new ApiFailure('bad-input', 'google-refresh needs a user')
    const problem = applyFault(engine, input.fault, input.on, { user: input.user, project: '', session: '' })
    if (problem) throw new ApiFailure('bad-input', problem)
    if (input.on) this.faults.add(label)
    else this.faults.delete(label)
    engine.sim.trace.emit('harness', { kind: 'fault', fault: label, detail: input.on ? 'on' : 'off' }, null)
    return { faults: [...this.faults] }
  }

  debugger(input: ApiInput<'debugger'>): DebuggerView {
    const dbg = this.current.debugger
    switch (input.action) {
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

  setBreakpoints(input: ApiInput<'setBreakpoints'>): DebuggerView {
    this.current.debugger.setBreakpoints(input.kinds)
    return this.current.debugger.state()
  }

  async credentialAction(input: ApiInput<'credentialAction'>): Promise<ApiOutput<'credentialAction'>> {
    const { sim } = this.current
    const user = sim.cluster.users.get(input.user)
    if (!user) throw new ApiFailure('not-found', `no user "${input.user}"`)
    const slot = input.slot as CredentialSlot
    if (input.action === 'delete') await sim.credentials.remove(user.id, slot)
    else await sim.credentials.write(user.id, slot, makeCredential(sim.random, slot, user.email, sim.clock.now()))
    sim.trace.emit('vault', { kind: 'note', text: `${input.action} ${user.id}/${slot} in the ${sim.credentials.vault.backend} vault` }, null)
    return (await this.state()).world.users
  }

  matrix(input: ApiInput<'matrix'>): Promise<ApiOutput<'matrix'>> {
    this.requireSession(input.project, input.session)
    return runMatrix(this.current, input.project, input.session, input.turn)
  }

  private requireSession(project: string, session: string): void {
    if (!this.current.sim.cluster.session(project, session)) throw new ApiFailure('not-found', `no session ${project}/${session}`)
  }
}

async function startEngine(options: LiveSessionOptions, config: RunConfig, ports?: { frontDoor: number; backend: number }): Promise<{ engine: Engine; title: LiveTitle }> {
  const title = new LiveTitle(config)
  const engine = await Engine.start({
    ports,
    world: options.world,
    config,
    vault: options.vault,
    reuseVault: true,
    seed: options.seed,
    mode: 'free',
    store: options.store,
    run: { kind: 'live', title: title.initial }
  })
  // Sent to a hop by mistake (curl with the wrong URL), it must not reach an event, not even in part.
  if (options.controlToken) engine.sim.redactor.addLabelled(options.controlToken, secretLabel('credscope control token'))
  return { engine, title }
}
