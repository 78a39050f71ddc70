import type { TraceEvent } from '../../shared/events'
import { isFlawId, type FlawId } from '../../shared/flaw-ids'
import { parseDuration } from '../../shared/duration'
import { resolveConfig, type RunConfig } from '../../shared/profiles'
import { Engine } from '../engine/engine'
import { applyFault } from '../engine/faults'
import type { TurnOutcome } from '../engine/turn-client'
import { senderFromName, type TurnSender } from '../../shared/sender'
import type { Store } from '../store/store'
import type { ScheduleChooser } from '../sim/scheduler'
import { type Vault, MemoryVault } from '../vault/vault'
import { DEFAULT_WORLD } from '../world/default-world'
import { applyTokenAction } from '../world/user-tokens'
import { checkTurn } from './expectations'
import { requestLabel, runRequest } from './request-step'
import { resolveSession } from './session-ref'
import type { LoadedScenario } from './load'
import type { ScenarioResult, StepKind, StepResult } from './results'
import type { FaultSpec, StepSpec, TurnSpec } from './schema'

export const DEFAULT_SEED = 1

/** A scenario's `flaw:` as a list. */
export function demonstratedFlaws(flaw: string | string[] | undefined): FlawId[] {
  const list = flaw === undefined ? [] : Array.isArray(flaw) ? flaw : [flaw]
  return list.filter(isFlawId)
}

/**
 * A scenario's configuration: the file's `platform:` when it names one (it is written for that
 * version), else the version the caller names, else head; the caller's profile and flaws. A
 * message when they do not fit together.
 */
export function scenarioConfig(loaded: LoadedScenario, request: { platform?: string; profile?: string; flaws?: readonly string[] }): RunConfig | { error: string } {
  return resolveConfig({ ...request, platform: loaded.spec.platform ?? request.platform })
}

export interface RunOptions {
  /** The platform version, profile and flaws, resolved (scenarioConfig gives it from a file and flags). */
  config: RunConfig
  /** Overrides the scenario's own seed. */
  seed?: number
  vault?: Vault
  store?: Store | null
  /** Who picks the next flow where concurrent steps could interleave (credscope explore); the seed otherwise. */
  chooser?: ScheduleChooser
}

/**
 * Runs one scenario in a fresh engine in serial mode: one flow at a time, interleavings chosen
 * by the seed, so the same scenario, profile and seed give the same trace event for event.
 */
export async function runScenario(loaded: LoadedScenario, options: RunOptions): Promise<ScenarioResult> {
  const { spec } = loaded
  const seed = options.seed ?? spec.seed ?? DEFAULT_SEED
  const started = performance.now()
  // The scenario's `with-flaws` are part of its setting: on whatever the profile.
  const withFlaws = resolveConfig({ ...options.config, flaws: [...options.config.flaws, ...spec['with-flaws']] })
  const config = 'error' in withFlaws ? options.config : withFlaws
  const engine = await Engine.start({
    world: spec.world ?? DEFAULT_WORLD,
    config,
    vault: options.vault ?? new MemoryVault('credscope-scenario'),
    seed,
    mode: 'serial',
    chooser: options.chooser,
    startFaults: spec['start-faults'],
    store: options.store ?? null,
    run: { kind: 'scenario', title: spec.title ?? spec.scenario, scenario: loaded.file, scenarioName: spec.scenario }
  })
  // From the engine's first event: the trace of a result, a bundle and the run history are the same list.
  const events: TraceEvent[] = engine.recentEvents(Number.MAX_SAFE_INTEGER)
  engine.sim.trace.subscribe((e) => events.push(e))
  const steps: StepResult[] = []
  let error: string | null = 'error' in withFlaws ? `with-flaws: ${withFlaws.error}` : null
  try {
    if (error === null) {
      await engine.sim.scheduler.spawn(
        `scenario ${spec.scenario}`,
        async () => {
          for (const [index, step] of spec.steps.entries()) {
            steps.push(await runStep(engine, loaded, index, step, events))
          }
        },
        null
      )
    }
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
    source: loaded.source,
    scenario: spec.scenario,
    title: spec.title ?? spec.scenario,
    demonstrates: demonstratedFlaws(spec.flaw),
    platform: config.platform,
    profile: config.profile,
    flaws: config.flaws,
    seed,
    passed,
    steps,
    stepLines: loaded.stepLines,
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
          scheduler.spawn(
            `step ${index + 1}, branch ${i + 1}: ${'turn' in entry ? turnLabel(engine, entry.turn) : requestLabel(entry.request)}`,
            async (): Promise<TurnOutcome | string[]> => ('turn' in entry ? sendTurn(engine, entry.turn) : runRequest(engine, entry.request, events)),
            null
          )
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
    const applied = await applyTokenAction(engine.sim, user, action)
    return result('token', `${action} ${user}'s token`, 'error' in applied ? [`token: ${applied.error}`] : [])
  }
  if ('bot-token' in step) {
    const { project, session } = resolveSession(engine, step['bot-token'].session)
    await engine.rotateBotToken(project, session)
    return result('bot-token', `rotate the BOT token of ${project}/${session}`, [])
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
  return engine.sendTurn({ sender: toSender(turn.as), project, session, thread: turn.thread, message: turn.tools.join('\n'), via: turn.via })
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

function setFault(engine: Engine, fault: FaultSpec, on: boolean): string | null {
  if (typeof fault === 'string') return applyFault(engine, fault, on, resolveSession(engine, undefined))
  return applyFault(engine, fault.name, on, { user: fault.user, ...resolveSession(engine, fault.session) })
}
