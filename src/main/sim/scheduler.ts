import { currentContext, runInContext } from './context'
import type { Random } from './random'

/**
 * Decides which flow (logical thread of control: a turn, a credential fetch, a scenario step)
 * runs next. In `free` mode everything runs as Node schedules it, which is what `serve` and the
 * desktop use. In `serial` mode exactly one flow holds the baton at a time and hands it on only
 * at yield points, picking the next flow from a seeded random source, so that the same seed gives
 * the same interleaving of concurrent turns, event for event.
 */
export interface Scheduler {
  readonly mode: 'free' | 'serial'
  /** Runs fn as a new flow attributed to the given turn (default: the caller's turn). */
  spawn<T>(label: string, fn: () => Promise<T>, turn?: string | null): Promise<T>
  /** A point where another flow may take over. */
  yield(): Promise<void>
  /** Waits for something only other flows can bring about, letting them run meanwhile. */
  block<T>(waitFor: Promise<T>): Promise<T>
}

export class FreeScheduler implements Scheduler {
  readonly mode = 'free' as const
  private nextFlow = 1

  spawn<T>(_label: string, fn: () => Promise<T>, turn?: string | null): Promise<T> {
    const context = { flow: this.nextFlow++, turn: turn === undefined ? currentContext().turn : turn }
    return runInContext(context, fn)
  }

  async yield(): Promise<void> {}

  block<T>(waitFor: Promise<T>): Promise<T> {
    return waitFor
  }
}

interface Waiting {
  flow: number
  grant: () => void
}

export class SerialScheduler implements Scheduler {
  readonly mode = 'serial' as const
  private holder: number | null = null
  private ready: Waiting[] = []
  private nextFlow = 1

  constructor(private readonly random: Random) {}

  spawn<T>(_label: string, fn: () => Promise<T>, turn?: string | null): Promise<T> {
    const flow = this.nextFlow++
    const context = { flow, turn: turn === undefined ? currentContext().turn : turn }
    return runInContext(context, async () => {
      await this.acquire(flow)
      try {
        return await fn()
      } finally {
        this.release(flow)
      }
    })
  }

  async yield(): Promise<void> {
    const { flow } = currentContext()
    if (flow === null || this.holder !== flow) return
    this.holder = null
    const granted = this.enqueue(flow)
    this.dispatch()
    await granted
  }

  async block<T>(waitFor: Promise<T>): Promise<T> {
    const { flow } = currentContext()
    if (flow === null || this.holder !== flow) return waitFor
    this.holder = null
    this.dispatch()
    try {
      return await waitFor
    } finally {
      await this.acquire(flow)
    }
  }

  private acquire(flow: number): Promise<void> {
    if (this.holder === null && this.ready.length === 0) {
      this.holder = flow
      return Promise.resolve()
    }
    const granted = this.enqueue(flow)
    this.dispatch()
    return granted
  }

  private enqueue(flow: number): Promise<void> {
    return new Promise((grant) => this.ready.push({ flow, grant }))
  }

  private release(flow: number): void {
    if (this.holder !== flow) return
    this.holder = null
    this.dispatch()
  }

  private dispatch(): void {
    if (this.holder !== null || this.ready.length === 0) return
    const [next] = this.ready.splice(this.random.int(this.ready.length), 1)
    if (!next) return
    this.holder = next.flow
    next.grant()
  }
}
