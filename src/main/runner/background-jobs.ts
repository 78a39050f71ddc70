import type { BackgroundOrigin } from '../../shared/events'
import type { ToolCall } from '../../shared/tools'
import type { Worker } from './session-manager'

/** A process the agent left running: what it will run, when, with which env, and which turn started it. */
export interface BackgroundJob {
  due: number
  call: ToolCall
  /** What the process inherited from the CLI that spawned it: a copy of the worker's env and MCP servers. */
  worker: Worker
  startedBy: BackgroundOrigin
}

/**
 * The runner pod's background processes (docs/platform/flaws.md#h1-files-read-by-lingering-processes).
 * Each runs once virtual time reaches its due time, whatever turn is running then; the jobs run
 * one after the other, and `settled` is when every one that came due so far has run.
 */
export class BackgroundJobs {
  private jobs: BackgroundJob[] = []
  private running: Promise<void> = Promise.resolve()

  constructor(private readonly run: (job: BackgroundJob) => Promise<void>) {}

  start(job: BackgroundJob): void {
    this.jobs.push(job)
  }

  /** Kills the processes a turn started; how many there were. */
  reap(turn: string): number {
    const before = this.jobs.length
    this.jobs = this.jobs.filter((job) => job.startedBy.turn !== turn)
    return before - this.jobs.length
  }

  /** Runs, in due order, every job due by `now`. */
  runDue(now: number): Promise<void> {
    const due = this.jobs.filter((job) => job.due <= now).sort((a, b) => a.due - b.due)
    if (due.length === 0) return this.running
    this.jobs = this.jobs.filter((job) => !due.includes(job))
    this.running = this.running.then(async () => {
      for (const job of due) await this.run(job)
    })
    return this.running
  }

  settled(): Promise<void> {
    return this.running
  }
}
