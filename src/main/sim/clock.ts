/** Time as every hop sees it. Virtual, so expiry, caches and sweeps are reproducible. */
export interface Clock {
  now(): number
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void
  /** Calls fn every intervalMs of virtual time, first at start + intervalMs. Returns a cancel. */
  every(intervalMs: number, fn: (at: number) => void): () => void
  onAdvance(listener: (by: number, to: number) => void): () => void
}

interface Timer {
  id: number
  due: number
  interval: number
  fn: (at: number) => void
}

/** The default epoch: the day PR #989 was merged, so traces read like the platform's own. */
export const DEFAULT_EPOCH = Date.parse('2026-03-24T12:00:00Z')

export class VirtualClock implements Clock {
  private current: number
  private timers: Timer[] = []
  private nextId = 1
  private listeners = new Set<(by: number, to: number) => void>()

  constructor(start: number = DEFAULT_EPOCH) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`)
    const target = this.current + ms
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0]
      if (!next) break
      this.current = next.due
      next.due += next.interval
      next.fn(this.current)
    }
    this.current = target
    for (const listener of this.listeners) listener(ms, target)
  }

  every(intervalMs: number, fn: (at: number) => void): () => void {
    // A zero or negative interval would fire forever within one advance.
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`a timer needs a positive interval, not ${intervalMs} ms`)
    const timer: Timer = { id: this.nextId++, due: this.current + intervalMs, interval: intervalMs, fn }
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((t) => t !== timer)
    }
  }

  onAdvance(listener: (by: number, to: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
