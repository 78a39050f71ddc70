import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')
/** The built CLI; `npm test` builds before it tests. */
export const CLI = join(ROOT, 'out/main/cli.js')

export interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  /** The child's whole environment; by default the test's own. */
  env?: NodeJS.ProcessEnv
  /** How long it may run: a CLI that wrongly starts serving would never exit, and this turns that into a failure. */
  boundMs?: number
}

/** Runs the built CLI to its exit, from the checkout unless told otherwise. */
export function runCli(args: string[], options: CliOptions = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const bound = setTimeout(() => child.kill('SIGKILL'), options.boundMs ?? 25_000)
    child.once('error', fail)
    child.once('close', (code) => {
      clearTimeout(bound)
      done({ code, stdout, stderr })
    })
  })
}
