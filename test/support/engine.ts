import { Engine, type EngineOptions } from '../../src/main/engine/engine'
import type { EventKind, EventOf, TraceEvent } from '../../src/shared/events'
import { configOf, type ProfileInput } from '../../src/shared/profiles'
import type { PlatformVersion } from '../../src/shared/platform-versions'
import { FLAW_IDS, type FlawId } from '../../src/shared/flaw-ids'
import { MemoryVault } from '../../src/main/vault/vault'
import type { WorldSpecInput } from '../../src/main/world/spec'

export interface TestEngineOptions {
  /** The platform version; `merged` (the default profile) implies merge. */
  platform?: PlatformVersion
  profile?: ProfileInput
  /** Flaws on top of the profile. */
  flaws?: FlawId[]
  world?: WorldSpecInput
  mode?: 'free' | 'serial'
  seed?: number
  store?: EngineOptions['store']
  timerHost?: EngineOptions['timerHost']
}

/**
 * The merge's own bugs that the platform fixed later (`f*`): a test of the merge's code paths
 * switches them on over hardened, so it sees the runner as merged rather than with those fixes.
 */
export const MERGE_AS_SHIPPED: FlawId[] = FLAW_IDS.filter((id) => id.startsWith('f'))

/** An engine with a memory vault and a fixed seed; stop it in afterEach. */
export async function startTestEngine(options: TestEngineOptions = {}): Promise<Engine> {
  const profile = options.profile ?? (options.platform ? 'as-is' : 'merged')
  // The tests were written against the merge: a test of HEAD says so.
  const platform = options.platform ?? (profile === 'merged' ? undefined : 'merge')
  return Engine.start({
    config: configOf({ platform, profile, flaws: options.flaws ?? [] }),
    vault: new MemoryVault('credscope-test'),
    world: options.world,
    mode: options.mode ?? 'free',
    seed: options.seed ?? 7,
    store: options.store ?? null,
    timerHost: options.timerHost
  })
}

export interface HttpResult {
  status: number
  text: string
  json: Record<string, unknown>
}

/** A plain HTTP request from outside the simulation, as curl would send it. */
export async function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body })
  const text = await response.text()
  return { status: response.status, text, json: parseObject(text) }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** `{backendUrl}/api/projects/<p>/agentic-sessions/<s>/credentials/<provider>` */
export function credentialUrl(engine: Engine, provider: string, project = 'demo', session = 'shared-1'): string {
  return `${engine.backend.url}/api/projects/${project}/agentic-sessions/${session}/credentials/${provider}`
}

/** Whose canary a credential response carries, by the fingerprint map. */
export function ownerOfResponse(engine: Engine, body: Record<string, unknown>): string | null {
  const refs = engine.whose(JSON.stringify(body)).filter((r) => r.slot !== 'bearer')
  return refs[0]?.owner ?? null
}


/** Records every event of an engine from now on; `of(kind)` filters them. */
export function recordEvents(engine: Engine): { all: TraceEvent[]; of<K extends EventKind>(kind: K, turn?: string): Array<EventOf<K>> } {
  const all: TraceEvent[] = []
  engine.sim.trace.subscribe((event) => all.push(event))
  return {
    all,
    of<K extends EventKind>(kind: K, turn?: string): Array<EventOf<K>> {
      return all.filter((e): e is EventOf<K> => e.kind === kind && (turn === undefined || e.turn === turn))
    }
  }
}
