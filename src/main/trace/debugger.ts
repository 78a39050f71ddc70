import type { BreakpointKind } from '../../shared/debugger-kinds'
import type { TraceEvent } from '../../shared/events'

export interface DebuggerState {
  paused: boolean
  breakpoints: BreakpointKind[]
  /** The events held at a gate, oldest first; the first is the one a step releases. */
  held: TraceEvent[]
  /** The event whose breakpoint paused the run, until the next step or continue; null when paused by hand. */
  stoppedBy: TraceEvent | null
}

interface Held {
  event: TraceEvent
  release: () => void
}

/**
 * The gates of the step-through: every gated hop event passes here before its hop acts. Headless
 * runs never pause, so the gate costs one check.
 */
export class Debugger {
  private paused = false
  private breakpoints = new Set<BreakpointKind>()
  private held: Held[] = []
  private stoppedBy: TraceEvent | null = null
  /** The event whose breakpoint paused the run (kept while stepping); null when paused by hand. */
  private pausedFor: TraceEvent | null = null
  private listeners = new Set<(state: DebuggerState) => void>()

  constructor(private readonly isForeignCredential: (event: TraceEvent) => boolean = () => false) {}

  /**
   * Sees every event as it is emitted. Most breakpoint kinds (a denial, a served credential, a
   * leak, a cleanup) are not gated themselves, so hitting one pauses the run and the next gated
   * hop event is held: the run stops just after the event that matched.
   */
  observe(event: TraceEvent): void {
    if (this.paused || this.breakpoints.size === 0 || !this.hitsBreakpoint(event)) return
    this.paused = true
    this.stoppedBy = event
    this.pausedFor = event
    this.notify()
  }

  gate(event: TraceEvent): Promise<void> {
    if (!this.paused && !this.hitsBreakpoint(event)) return Promise.resolve()
    if (!this.paused) this.pausedFor = event
    this.paused = true
    return new Promise((release) => {
      this.held.push({ event, release })
      this.notify()
    })
  }

  pause(): void {
    this.paused = true
    this.stoppedBy = null
    this.pausedFor = null
    this.notify()
  }

  /** Releases the oldest held event; the next gated event stops again. */
  step(): void {
    this.stoppedBy = null
    this.held.shift()?.release()
    this.notify()
  }

  resume(): void {
    this.paused = false
    this.stoppedBy = null
    this.pausedFor = null
    const held = this.held
    this.held = []
    for (const h of held) h.release()
    this.notify()
  }

  /** Sets the breakpoints; a pause that a breakpoint no longer set caused lets the run go on. */
  setBreakpoints(kinds: readonly BreakpointKind[]): void {
    this.breakpoints = new Set(kinds)
    if (this.pausedFor && !this.hitsBreakpoint(this.pausedFor)) this.resume()
    else this.notify()
  }

  state(): DebuggerState {
    return { paused: this.paused, breakpoints: [...this.breakpoints], held: this.held.map((h) => h.event), stoppedBy: this.stoppedBy }
  }

  onChange(listener: (state: DebuggerState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private notify(): void {
    const state = this.state()
    for (const listener of this.listeners) listener(state)
  }

  private hitsBreakpoint(event: TraceEvent): boolean {
    for (const kind of this.breakpoints) {
      switch (kind) {
        case 'credential-denied':
          if (event.kind === 'rbac' && !event.allow) return true
          break
        case 'foreign-credential':
          if (this.isForeignCredential(event)) return true
          break
        case 'leak':
          if (event.kind === 'leak') return true
          break
        case 'cleanup':
          if (event.kind === 'runner.env' && event.op === 'cleared') return true
          break
      }
    }
    return false
  }
}
