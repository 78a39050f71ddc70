import type { TraceEvent } from '../../shared/events'
import { isFlawId, type FlawId } from '../../shared/flaw-ids'
import { parseDuration } from '../../shared/duration'
import { Engine } from '../engine/engine'
import type { TurnOutcome } from '../engine/turn-client'
import { senderFromName, type TurnSender } from '../../shared/sender'
import { BACKEND_URL, FRONT_DOOR_URL } from '../net/hosts'
import { callHop } from '../net/hop-client'
import { expandVars } from '../runner/env'
import { hopOfHost } from '../runner/tools/hop-of-host'
import type { Store } from '../store/store'
import { type Vault, MemoryVault } from '../vault/vault'
import { DEFAULT_WORLD } from '../world/default-world'
import { apiKeySaName, sessionSaName } from '../world/identity'
import { bodyMatches, checkTurn, ownerMatches, parseBody } from './expectations'
import type { LoadedScenario } from './load'
import type { ScenarioResult, StepKind, StepResult } from './results'
import type { FaultSpec, RequestSpec, StepSpec, TurnSpec } from './schema'

export const DEFAULT_SEED = 1

/** A scenario's `flaw:` as a list. */
export function demonstratedFlaws(flaw: string | string[] | undefined): FlawId[] {
  const list = flaw === undefined ? [] : Array.isArray(flaw) ? flaw : [flaw]
  return list.filter(isFlawId)
}

export interface RunOptions {
  profile: string
  flaws: FlawId[]
  /** Overrides the scenario's own seed. */
  seed?: number
  vault?: Vault
  store?: Store | null
}

/**
 * Runs one scenario in a fresh engine in serial mode: one flow at a time, interleavings chosen
 * by the seed, so the same scenario, profile and seed give the same trace event for event.
 */
export async function runScenario(loaded: LoadedScenario, options: RunOptions): Promise<ScenarioResult> {
  const { spec } = loaded
  const seed = options.seed ?? spec.seed ?? DEFAULT_SEED
  const started = performance.now()
  const engine = await Engine.start({
    world: spec.world ?? DEFAULT_WORLD,
    profile: options.profile,
    flaws: options.flaws,
    vault: options.vault ?? new MemoryVault('credscope-scenario'),
    seed,
    mode: 'serial',
    startFaults: spec['start-faults'],
    store: options.store ?? null,
    run: { kind: 'scenario', title: spec.title ?? spec.scenario, scenario: loaded.file }
  })
  const events: TraceEvent[] = []
  engine.sim.trace.subscribe((e) => events.push(e))
  const steps: StepResult[] = []
  let error: string | null = null
  try {
    await engine.sim.scheduler.spawn(
      `scenario ${spec.scenario}`,
      async () => {
        for (const [index, step] of spec.steps.entries()) {
          steps.push(await runStep(engine, loaded, index, step, events))
        }
      },
      null
    )
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught)
  }
  await engine.checkEndOfRun()
  const endFailures = engine.endOfRunFindings.map((leak) => `leaks: ${leak.invariant}: ${leak.message} (owner ${leak.owner}, provider ${leak.provider}, sink ${leak.sink}: ${leak.where}, fingerprint ${leak.fingerprint}, ${leak.length} chars)`)
  if (endFailures.length > 0) steps.push({ index: steps.length, line: 0, kind: 'end-of-run', label: 'the end of the run', passed: false, failures: endFailures, turns: [] })
  const passed = error === null && steps.every((s) => s.passed)
  await engine.stop(passed ? 'passed' : 'failed', { passed, failures: steps.flatMap((s) => s.failures) })
  return {
    file: loaded.file,
    scenario: spec.scenario,
    title: spec.title ?? spec.scenario,
    demonstrates: demonstratedFlaws(spec.flaw),
    profile: options.profile,
    flaws: options.flaws,
    seed,
    passed,
    steps,
    leaks: [...engine.leaks.findings],
    runId: engine.runId,
    durationMs: Math.round(performance.now() - started),
    error,
    events
  }
}

async function runStep(engine: Engine, loaded: LoadedScenario, index: number, step: StepSpec, events: TraceEvent[]): Promise<StepResult> {
  const line = loaded.stepLines[index] ?? 0
  const result = (kind: StepKind, label: string, failures: string[], turns: string[] = []): StepResult => ({
    index,
    line,
    kind,
    label,
    passed: failures.length === 0,
    failures,
    turns
  })
  if ('turn' in step) {
    const { outcome, failures } = await runTurn(engine, step.turn, events)
    return result('turn', turnLabel(engine, step.turn), failures, outcome.turn ? [outcome.turn.turn] : [])
  }
  if ('parallel' in step) {
    const { scheduler } = engine.sim
    // Every branch runs as its own flow; the seed decides how they interleave.
    const outcomes = await scheduler.block(
      Promise.all(
        step.parallel.map((entry, i) =>
          scheduler.spawn(`parallel ${index}.${i}`, async (): Promise<TurnOutcome | string[]> => ('turn' in entry ? sendTurn(engine, entry.turn) : runRequest(engine, entry.request, events)), null)
        )
      )
    )
    const failures: string[] = []
    const turns: string[] = []
    for (const [i, entry] of step.parallel.entries()) {
      const outcome = outcomes[i]
      if ('turn' in entry && outcome && !Array.isArray(outcome)) {
        if (outcome.turn) turns.push(outcome.turn.turn)
        for (const f of await checkTurn(engine, entry.turn.expect, outcome, events)) failures.push(`${i + 1} (turn as ${senderName(entry.turn)}): ${f}`)
      } else if (Array.isArray(outcome)) {
        for (const f of outcome) failures.push(`${i + 1} (request): ${f}`)
      }
    }
    const labels = step.parallel.map((e) => ('turn' in e ? turnLabel(engine, e.turn) : requestLabel(e.request)))
    return result('parallel', `in parallel: ${labels.join(' | ')}`, failures, turns)
  }
  if ('advance' in step) {
    const { by, swept } = typeof step.advance === 'string' ? { by: step.advance, swept: [] } : step.advance
    const cleared = new Set<string>()
    const stop = engine.sim.trace.subscribe((e) => {
      if (e.kind === 'sweep') for (const key of e.clearedActiveUsers) cleared.add(key)
    })
    engine.sim.clock.advance(parseDuration(by) ?? 0)
    stop()
    const failures = swept
      .filter((key) => !cleared.has(key))
      .map((key) => `swept: expected the stale sweep to clear ${key}'s active user, it cleared ${[...cleared].join(', ') || 'nothing'}`)
    return result('advance', `advance the clock ${by}`, failures)
  }
  if ('token' in step) {
    const { user, action } = step.token
    const cluster = engine.sim.cluster
    if (!cluster.users.has(user)) return result('token', `${action} ${user}'s token`, [`token: no user "${user}" in this world`])
    if (action === 'issue') cluster.issueUserToken(user, engine.sim.world.tokenLifetimeMs)
    else if (action === 'expire') cluster.expire(engine.userToken(user))
    else cluster.revoke(engine.userToken(user))
    return result('token', `${action} ${user}'s token`, [])
  }
  if ('request' in step) {
    const failures = await runRequest(engine, step.request, events)
    return result('request', requestLabel(step.request), failures)
  }
  const on = 'fault' in step
  const fault = on ? step.fault : step['clear-fault']
  const problem = setFault(engine, fault, on)
  return result(on ? 'fault' : 'clear-fault', `${on ? 'fault' : 'clear fault'} ${typeof fault === 'string' ? fault : `${fault.name}${fault.user ? ` for ${fault.user}` : ''}`}`, problem ? [problem] : [])
}

async function runTurn(engine: Engine, turn: TurnSpec, events: TraceEvent[]): Promise<{ outcome: TurnOutcome; failures: string[] }> {
  const outcome = await sendTurn(engine, turn)
  return { outcome, failures: await checkTurn(engine, turn.expect, outcome, events) }
}

function sendTurn(engine: Engine, turn: TurnSpec): Promise<TurnOutcome> {
  const { project, session } = resolveSession(engine, turn.session)
  return engine.sendTurn({ sender: toSender(turn.as), project, session, thread: turn.thread, message: turn.tools.join('\n') })
}

function toSender(as: TurnSpec['as']): TurnSender {
  if (typeof as !== 'string') return { kind: 'user', userId: as.user, browserSession: as.browser }
  return senderFromName(as)
}

function senderName(turn: TurnSpec): string {
  return typeof turn.as === 'string' ? turn.as : `${turn.as.user}${turn.as.browser ? ' (browser session)' : ''}`
}

function turnLabel(engine: Engine, turn: TurnSpec): string {
  const { project, session } = resolveSession(engine, turn.session)
  return `turn as ${senderName(turn)} in ${project}/${session}${turn.thread ? ` thread ${turn.thread}` : ''}${turn.tools.length > 0 ? `: ${turn.tools.join('; ')}` : ''}`
}

function requestLabel(request: RequestSpec): string {
  return `${request.method} ${request.path} as ${request.as} from ${request.from === 'runner' ? 'inside the runner' : `outside via the ${request.via === 'frontdoor' ? 'front door' : 'backend'}`}`
}

/** `shared-1` or `demo/shared-1`; default: the first session of the world. */
export function resolveSession(engine: Engine, ref: string | undefined): { project: string; session: string } {
  if (ref?.includes('/')) {
    const [project = '', session = ''] = ref.split('/')
    return { project, session }
  }
  const sessions = [...engine.sim.cluster.sessions.values()]
  const found = ref ? sessions.find((s) => s.name === ref) : sessions[0]
  return { project: found?.project ?? 'demo', session: found?.name ?? ref ?? 'shared-1' }
}

/** A request from outside as a principal, or from inside the runner pod with its env. */
async function runRequest(engine: Engine, request: RequestSpec, events: TraceEvent[]): Promise<string[]> {
  const { project, session } = resolveSession(engine, request.session)
  const runner = engine.runner(project, session)
  const env = runner?.env ?? new Map<string, string>()
  // Only a request from inside the runner has an env; from outside, `$` is just a character.
  const expand = (text: string): string => (request.from === 'runner' ? expandVars(text, env) : text)
  const path = request.path.startsWith('credentials/') ? `/api/projects/${project}/agentic-sessions/${session}/${request.path}` : request.path
  const headers: Record<string, string> = {}
  const token = principalToken(engine, request.as, project, session)
  if (token) headers.Authorization = `Bearer ${token}`
  for (const [name, value] of Object.entries(request.headers)) headers[name] = expand(value)
  const base = request.via === 'frontdoor' ? FRONT_DOOR_URL : BACKEND_URL
  const url = /^https?:\/\//.test(expand(path)) ? expand(path) : `${base}${expand(path)}`
  const from = request.from === 'runner' ? 'runner' : 'client'
  const to = request.via === 'frontdoor' ? 'frontdoor' : hopOfHost(new URL(url).hostname)
  const failures: string[] = []
  let response
  try {
    response = await callHop(engine.sim, from, to, { method: request.method, url, headers, body: request.body === undefined ? undefined : expand(request.body) })
  } catch (error) {
    return [`request failed: ${error instanceof Error ? error.message : String(error)}`]
  }
  const { expect } = request
  const shown = engine.sim.redactor.redact(response.body).slice(0, 200)
  if (expect.status !== undefined && response.status !== expect.status) failures.push(`status: expected ${expect.status}, got ${response.status} ${shown}`)
  if (expect.body) {
    const problem = bodyMatches(parseBody(response.body), expect.body)
    if (problem) failures.push(problem)
  }
  if (expect.credential !== undefined) {
    const refs = engine.sim.registry.scan(response.body).filter((r) => r.slot !== 'bearer')
    const owners = [...new Set(refs.map((r) => r.owner))]
    const wrong =
      expect.credential === 'none'
        ? owners.length > 0
        : expect.credential.startsWith('not ')
          ? owners.some((o) => !ownerMatches(expect.credential ?? '', o))
          : !owners.includes(expect.credential) || owners.length > 1
    if (wrong) {
      failures.push(
        `credential: expected ${expect.credential === 'none' ? 'no credential' : expect.credential.startsWith('not ') ? `anyone's credential but ${expect.credential.slice(4)}'s` : `${expect.credential}'s credential`}, the response carries ${refs.length > 0 ? refs.map((r) => `${r.owner}'s ${r.slot} ${r.field} (fingerprint ${r.fingerprint}, ${r.length} chars)`).join(', ') : 'none'}`
      )
    }
  }
  if (expect.turn) {
    const runId = response.status === 200 ? parseRunId(response.body) : null
    if (!runId) failures.push(`turn: the request started no turn (HTTP ${response.status})`)
    else {
      const info = await engine.waitForTurn(runId)
      const outcome: TurnOutcome = { status: response.status, body: response.body, turn: info }
      for (const f of await checkTurn(engine, expect.turn, outcome, events)) failures.push(`turn: ${f}`)
    }
  }
  return failures
}

function parseRunId(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { runId?: unknown }
    return typeof parsed.runId === 'string' ? parsed.runId : null
  } catch {
    return null
  }
}

function principalToken(engine: Engine, as: string, project: string, session: string): string | null {
  if (as === 'none') return null
  if (as === 'bot') return engine.saToken(project, sessionSaName(session))
  if (as.startsWith('apikey:')) return engine.saToken(project, apiKeySaName(as.slice('apikey:'.length)))
  if (as.startsWith('sa:')) return engine.saToken(project, as.slice('sa:'.length))
  return engine.userToken(as)
}

function setFault(engine: Engine, fault: FaultSpec, on: boolean): string | null {
  const name = typeof fault === 'string' ? fault : fault.name
  const user = typeof fault === 'string' ? undefined : fault.user
  switch (name) {
    case 'self-subject-review':
    case 'token-review':
    case 'access-review':
    case 'sa-update':
      if (on) engine.sim.cluster.faults.add(name)
      else engine.sim.cluster.faults.delete(name)
      return null
    case 'keychain-locked':
      engine.vaultFailing = on
      return null
    case 'worker-start': {
      const { project, session } = resolveSession(engine, typeof fault === 'string' ? undefined : fault.session)
      const runner = engine.runner(project, session)
      if (!runner) return `fault worker-start: no runner for ${project}/${session}`
      runner.bridge.sessionManager.failNextCreate = on
      return null
    }
    case 'active-user-garbage': {
      // A value of the wrong type in the sync.Map, which PR flaw 22's unchecked assertion trips on.
      const { project, session } = resolveSession(engine, typeof fault === 'string' ? undefined : fault.session)
      if (on) engine.state.activeUsers.set(project, session, 42, 'fault: a non-string value')
      else engine.state.activeUsers.clear(project, session, 'fault cleared')
      return null
    }
    case 'google-refresh':
      if (!user) return 'fault google-refresh needs a user: { name: google-refresh, user: bob }'
      if (on) engine.providerFaults.googleRefreshFails.add(user)
      else engine.providerFaults.googleRefreshFails.delete(user)
      return null
  }
}

