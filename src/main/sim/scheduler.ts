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
  /** A point where another flow may take over, after the given event. */
  yield(after?: YieldPoint): Promise<void>
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

/** The event a flow emitted just before it offered the baton. */
export interface YieldPoint {
  kind: string
  seq: number
}

/** One point where more than one flow could run next: what a schedule chooser is asked. */
export interface ChoicePoint {
  /** The runnable flows, in the order they began to wait. */
  ready: readonly number[]
  /** The flow that gave the baton up at a yield point and could go on, if one did. */
  yielded: number | null
  /** The event that flow emitted just before it yielded. */
  after: YieldPoint | null
  /** The flow that held the baton last, whether it yielded, waits or ended. */
  previous: number | null
}

/** Picks the flow that runs next at a choice point: the seeded default, or an explorer's schedule. */
export interface ScheduleChooser {
  /** An index into `point.ready`. */
  choose(point: ChoicePoint): number
  /** A flow began, with its label and turn. */
  spawned?(flow: number, label: string, turn: string | null): void
}

export class SerialScheduler implements Scheduler {
  readonly mode = 'serial' as const
  private holder: number | null = null
  private ready: Waiting[] = []
  private nextFlow = 1
  private yielded: { flow: number; after: YieldPoint | null } | null = null
  private lastHolder: number | null = null

  /** Without a chooser the seed picks, as scenarios always have (one draw per hand-over). */
  constructor(
    private readonly random: Random,
    private readonly chooser: ScheduleChooser | null = null
  ) {}

  spawn<T>(label: string, fn: () => Promise<T>, turn?: string | null): Promise<T> {
    const flow = this.nextFlow++
    const context = { flow, turn: turn === undefined ? currentContext().turn : turn }
    this.chooser?.spawned?.(flow, label, context.turn)
    return runInContext(context, async () => {
      await this.acquire(flow)
      try {
        return await fn()
      } finally {
        this.release(flow)
      }
    })
  }

  async yield(after?: YieldPoint): Promise<void> {
    const { flow } = currentContext()
    if (flow === null || this.holder !== flow) return
    this.holder = null
    const granted = this.enqueue(flow)
    this.yielded = { flow, after: after ?? null }
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
      this.lastHolder = flow
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
    const yielded = this.yielded
    this.yielded = null
    const at = this.chooser ? this.choice(yielded) : this.random.int(this.ready.length)
    const [next] = this.ready.splice(at, 1)
    if (!next) return
    this.holder = next.flow
    this.lastHolder = next.flow
    next.grant()
  }

  /** The chooser's pick where there is a choice; the only runnable flow otherwise. */
  private choice(yielded: { flow: number; after: YieldPoint | null } | null): number {
    if (this.ready.length === 1 || !this.chooser) return 0
    const ready = this.ready.map((w) => w.flow)
    const by = yielded && ready.includes(yielded.flow) ? yielded : null
    return this.chooser.choose({ ready, yielded: by?.flow ?? null, after: by?.after ?? null, previous: this.lastHolder })
  }
}
