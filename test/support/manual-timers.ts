import type { TimerHost } from '../../src/main/sim/timers'

/** Wall-clock timers driven by hand: `advance` fires what falls due, so a test needs no sleep. */
export class ManualTimers implements TimerHost {
  private at = 0
  private readonly due = new Map<number, { when: number; fn: () => void }>()
  private next = 1

  now(): number {
    return this.at
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++
    this.due.set(id, { when: this.at + ms, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number)
  }

  /** Timers armed and not yet fired. */
  get armed(): number {
    return this.due.size
  }

  advance(ms: number): void {
    this.at += ms
    for (const [id, timer] of [...this.due].sort(([, a], [, b]) => a.when - b.when)) {
      if (timer.when > this.at) continue
      this.due.delete(id)
      timer.fn()
    }
  }
}
