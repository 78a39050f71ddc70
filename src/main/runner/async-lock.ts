import type { Scheduler } from '../sim/scheduler'

/** An `asyncio.Lock`: waiting for it lets other flows run. */
export class AsyncLock {
  private locked = false
  private waiters: Array<() => void> = []

  constructor(private readonly scheduler: Scheduler) {}

  get isLocked(): boolean {
    return this.locked
  }

  async acquire(): Promise<() => void> {
    if (this.locked) {
      await this.scheduler.block(new Promise<void>((resolve) => this.waiters.push(resolve)))
    }
    this.locked = true
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiters.shift()
      if (next) next()
      else this.locked = false
    }
  }
}
