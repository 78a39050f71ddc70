import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunConfig } from '../../shared/profiles'
import type { ReadyLine } from '../../shared/ready-line'
import { AppService } from '../control/app-service'
import { startControlServer } from '../control/control-server'
import { Store } from '../store/store'
import { openVault, type VaultKind } from '../vault/open-vault'
import type { WorldSpecInput } from '../world/spec'
import { readyFile } from './env-command'
import { VERSION } from './help'

/** A path inside the credscope checkout: found from this module upwards, built or not. */
export function packagePath(relativePath: string): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return join(dir, relativePath)
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the credscope checkout around this module')
    dir = parent
  }
}

export interface ServeOptions {
  port: number
  vault: VaultKind
  service: string
  db: string
  config: RunConfig
  world?: WorldSpecInput
  seed?: number
}


export interface RunningServe {
  ready: ReadyLine
  /** What the control API drives: the live engine, its history, the scenario library. */
  app: AppService
  stop(): Promise<void>
}

/**
 * `credscope serve`: the engine, the control API and (with the app) the web shell, all on
 * 127.0.0.1, until stopped.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const vault = await openVault(options.vault, options.service)
  const store = Store.open(options.db)
  store.onLost((health) => {
    if (!health.ok) process.stderr.write(`credscope serve: ${health.message}\n`)
  })
  const token = randomBytes(24).toString('base64url')
  let app: AppService
  try {
    app = await AppService.start({
      controlToken: token,
      vault,
      store,
      config: options.config,
      world: options.world,
      seed: options.seed,
      scenariosDir: packagePath('resources/scenarios'),
      version: VERSION
    })
  } catch (error) {
    store.close()
    throw error
  }
  const control = await startControlServer(app, token, packagePath('out/renderer'), options.port)
  const base = control.listener.url
  const ready: ReadyLine = {
    ready: true,
    appUrl: `${base}/#token=${token}`,
    frontDoorUrl: app.live.frontDoor.url,
    backendUrl: app.live.backend.url,
    controlUrl: `${base}/control`,
    controlToken: token
  }
  // Beside the run history, readable by its owner only: `credscope env` reads it to find this serve.
  const file = readyFile(options.db)
  writeFileSync(file, `${JSON.stringify(ready)}\n`, { mode: 0o600 })
  return {
    ready,
    app,
    async stop() {
      await control.listener.close()
      await app.stop()
      store.close()
      // Another serve may have started on the same history since: its line stays.
      if (existsSync(file) && readFileSync(file, 'utf8').includes(token)) rmSync(file, { force: true })
    }
  }
}
