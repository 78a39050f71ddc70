import { randomBytes } from 'node:crypto'
import type { FlawId } from '../../shared/flaw-ids'
import { startControlServer } from '../control/control-server'
import { Engine } from '../engine/engine'
import { Store } from '../store/store'
import { openVault, type VaultKind } from '../vault/open-vault'
import type { WorldSpecInput } from '../world/spec'

export interface ServeOptions {
  port: number
  vault: VaultKind
  service: string
  db: string
  profile: string
  flaws: FlawId[]
  world?: WorldSpecInput
  seed?: number
}

/** What `serve` prints on stdout when ready, as one JSON line (DESIGN.md). */
export interface ReadyLine {
  ready: true
  appUrl: string
  frontDoorUrl: string
  backendUrl: string
  controlUrl: string
  controlToken: string
}

export interface RunningServe {
  ready: ReadyLine
  stop(): Promise<void>
}

/**
 * `credscope serve`: the engine, the control API and (with the app) the web shell, all on
 * 127.0.0.1, until stopped.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const vault = await openVault(options.vault, options.service)
  const store = Store.open(options.db)
  let engine: Engine
  try {
    engine = await Engine.start({
      world: options.world,
      profile: options.profile,
      flaws: options.flaws,
      vault,
      reuseVault: true,
      seed: options.seed,
      mode: 'free',
      store,
      run: { kind: 'live', title: `serve (${options.profile})` }
    })
  } catch (error) {
    store.close()
    throw error
  }
  const token = randomBytes(24).toString('base64url')
  const control = await startControlServer(engine, token, options.port)
  const base = control.listener.url
  return {
    ready: {
      ready: true,
      appUrl: `${base}/#token=${token}`,
      frontDoorUrl: engine.frontDoor.url,
      backendUrl: engine.backend.url,
      controlUrl: `${base}/control`,
      controlToken: token
    },
    async stop() {
      await control.listener.close()
      await engine.stop()
      store.close()
    }
  }
}
