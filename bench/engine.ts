import { Engine } from '../src/main/engine/engine'
import type { Store } from '../src/main/store/store'
import { MemoryVault } from '../src/main/vault/vault'
import type { WorldSpecInput } from '../src/main/world/spec'
import type { PlatformVersion } from '../src/shared/platform-versions'
import { configOf, type ProfileInput } from '../src/shared/profiles'

export interface BenchEngineOptions {
  profile: ProfileInput
  /** The platform version; the merge unless told, so earlier rounds' figures stay comparable. */
  platform?: PlatformVersion
  world?: WorldSpecInput
  seed?: number
  /** Where the run is recorded; none by default, as the speed of a turn is measured without one. */
  store?: Store
}

/**
 * An engine as `serve` runs it (free scheduling, no store unless given), with a memory vault so
 * the bench never touches the keychain. Mirrors test/support/engine.ts without importing test code.
 */
export function startBenchEngine(options: BenchEngineOptions): Promise<Engine> {
  return Engine.start({
    config: configOf({ platform: options.profile === 'merged' ? undefined : (options.platform ?? 'merge'), profile: options.profile }),
    vault: new MemoryVault('credscope-bench'),
    world: options.world,
    mode: 'free',
    seed: options.seed ?? 7,
    store: options.store ?? null
  })
}
