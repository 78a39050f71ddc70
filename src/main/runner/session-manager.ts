import type { Scheduler } from '../sim/scheduler'
import { AsyncLock } from './async-lock'
import { connectRemoteMcpServers } from './mcp-connect'
import type { McpConfig } from './mcp-config'
import type { RunnerPod } from './pod'

/**
 * A worker: the Claude CLI subprocess of one thread. Its env, and that of the MCP servers it
 * spawned, are copies taken at spawn time; clearing the runner's env does not reach them.
 */
export interface Worker {
  thread: string
  env: Map<string, string>
  mcpServers: McpConfig
  cliSessionId: string
  spawnedForUser: string
}

export interface WorkerOptions {
  mcpServers: McpConfig
  resumeFrom: string | null
}

/** `SessionManager`: a worker and an `asyncio.Lock` per thread (docs/platform/runner.md#one-turn). */
export class SessionManager {
  private readonly workers = new Map<string, Worker>()
  private readonly locks = new Map<string, AsyncLock>()
  private readonly savedSessionIds = new Map<string, string>()
  failNextCreate = false

  constructor(
    private readonly pod: RunnerPod,
    private readonly scheduler: Scheduler
  ) {}

  getExisting(thread: string): Worker | null {
    return this.workers.get(thread) ?? null
  }

  async getOrCreate(thread: string, options: WorkerOptions): Promise<Worker> {
    const existing = this.workers.get(thread)
    if (existing) return existing
    if (this.failNextCreate) {
      this.failNextCreate = false
      throw new Error('failed to start the Claude CLI subprocess (fault injected)')
    }
    const worker: Worker = {
      thread,
      env: new Map(this.pod.env),
      mcpServers: structuredClone(options.mcpServers),
      cliSessionId: options.resumeFrom ?? this.pod.sim.random.uuid(),
      spawnedForUser: this.pod.context.currentUserId
    }
    this.workers.set(thread, worker)
    this.pod.sim.trace.emit('runner', {
      kind: 'runner.step',
      step: 'worker-created',
      detail: `thread=${thread}${options.resumeFrom ? ' (--resume)' : ''}, MCP servers: ${Object.keys(worker.mcpServers).join(', ') || 'none'}`
    })
    // The CLI connects to its remote MCP servers as it starts, with what their config was expanded to.
    await connectRemoteMcpServers(this.pod, thread, worker.mcpServers)
    return worker
  }

  /** Stops the worker and keeps its CLI session id for `--resume`; drops the thread's lock. */
  async destroy(thread: string, why: string): Promise<void> {
    const worker = this.workers.get(thread)
    if (!worker) return
    this.savedSessionIds.set(thread, worker.cliSessionId)
    this.workers.delete(thread)
    this.locks.delete(thread)
    this.pod.sim.trace.emit('runner', { kind: 'runner.step', step: 'worker-destroyed', detail: `thread=${thread}: ${why}` })
  }

  async destroyAll(why: string): Promise<void> {
    for (const thread of [...this.workers.keys()]) await this.destroy(thread, why)
  }

  getLock(thread: string): AsyncLock {
    let lock = this.locks.get(thread)
    if (!lock) {
      lock = new AsyncLock(this.scheduler)
      this.locks.set(thread, lock)
    }
    return lock
  }

  popSavedSessionId(thread: string): string | null {
    const saved = this.savedSessionIds.get(thread) ?? null
    this.savedSessionIds.delete(thread)
    return saved ?? this.workers.get(thread)?.cliSessionId ?? null
  }

  all(): Worker[] {
    return [...this.workers.values()]
  }
}
