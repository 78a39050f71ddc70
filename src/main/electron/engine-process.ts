import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { ReadyLine } from '../../shared/ready-line'


/**
 * The engine for the desktop window: `credscope serve` in a plain Node process, so the native
 * modules (keytar, better-sqlite3) stay built for Node and the window only speaks HTTP to it.
 */
export async function startEngineProcess(nodePath: string, cliPath: string, args: string[]): Promise<{ ready: ReadyLine; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(nodePath, [cliPath, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout ?? process.stdin })
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as ReadyLine)
      } catch {
        reject(new Error(`credscope serve printed something other than its ready line: ${line.slice(0, 200)}`))
      }
    })
    child.once('exit', (code) => reject(new Error(stderr.trim() || `credscope serve exited with code ${code ?? 'unknown'}`)))
    child.once('error', reject)
  })
  return {
    ready,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
