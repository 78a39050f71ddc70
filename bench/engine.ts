import { Engine } from '../src/main/engine/engine'
import type { Store } from '../src/main/store/store'
import { MemoryVault } from '../src/main/vault/vault'
import type { WorldSpecInput } from '../src/main/world/spec'
import { configOf, type ProfileInput } from '../src/shared/profiles'

export interface BenchEngineOptions {
  profile: ProfileInput
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
    // The figures are the merge's, comparable with earlier rounds.
    config: configOf({ platform: options.profile === 'merged' ? undefined : 'merge', profile: options.profile }),
    vault: new MemoryVault('credscope-bench'),
    world: options.world,
    mode: 'free',
    seed: options.seed ?? 7,
    store: options.store ?? null
  })
}
