import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startEngineProcess } from '../../src/main/electron/engine-process'
import type { ReadyLine } from '../../src/shared/ready-line'

const ROOT = resolve(import.meta.dirname, '../..')
/** The built CLI; `npm test` builds before it tests. */
export const CLI_PATH = join(ROOT, 'out/main/cli.js')

export interface ServedApp {
  ready: ReadyLine
  /** The run history of this serve, in its own temporary directory. */
  db: string
  stop(): Promise<void>
}

/**
 * `credscope serve` as a user starts it, with a memory vault and a throwaway run history, so
 * browser tiers drive the same web shell a person opens. Extra arguments go to serve.
 */
export async function startServedApp(args: string[] = []): Promise<ServedApp> {
  const dir = await mkdtemp(join(tmpdir(), 'credscope-app-'))
  const db = join(dir, 'runs.db')
  const served = await startEngineProcess(process.execPath, CLI_PATH, ['--vault', 'memory', '--db', db, ...args])
  return {
    ready: served.ready,
    db,
    stop: async () => {
      await served.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
