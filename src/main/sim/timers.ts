/** Where wall-clock timers come from: Node's, or a hand-driven one in tests. */
export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

export const NODE_TIMERS: TimerHost = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now()
}

interface Timer {
  remaining: number
  startedAt: number
  handle: unknown
  onExpire: () => void
}

/**
 * The wall-clock timeouts of the hops (an HTTP call gives up after 10 s). While the step-through
 * debugger holds the run they stand still, so a pause can never change what it observes: time
 * spent paused is not time the work took.
 */
export class HopTimers {
  private readonly active = new Set<Timer>()
  private suspended = false

  constructor(private readonly host: TimerHost = NODE_TIMERS) {}

  /** Calls `onExpire` after `ms` of unpaused time; returns the cancel. */
  start(ms: number, onExpire: () => void): () => void {
    const timer: Timer = { remaining: ms, startedAt: this.host.now(), handle: null, onExpire }
    this.active.add(timer)
    if (!this.suspended) this.arm(timer)
    return () => {
      this.active.delete(timer)
      if (timer.handle !== null) this.host.clearTimeout(timer.handle)
      timer.handle = null
    }
  }

  /** Stops every running timer where it is. */
  suspend(): void {
    if (this.suspended) return
    this.suspended = true
    const now = this.host.now()
    for (const timer of this.active) {
      if (timer.handle === null) continue
      this.host.clearTimeout(timer.handle)
      timer.handle = null
      timer.remaining = Math.max(0, timer.remaining - (now - timer.startedAt))
    }
  }

  /** Lets every timer run on with the time it had left. */
  resume(): void {
    if (!this.suspended) return
    this.suspended = false
    for (const timer of this.active) this.arm(timer)
  }

  /** Timers waiting to expire (running or suspended). */
  get pending(): number {
    return this.active.size
  }

  private arm(timer: Timer): void {
    timer.startedAt = this.host.now()
    timer.handle = this.host.setTimeout(() => {
      this.active.delete(timer)
      timer.handle = null
      timer.onExpire()
    }, timer.remaining)
  }
}
