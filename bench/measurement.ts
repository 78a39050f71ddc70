import type { MemoryPeak } from './memory'

/** Knobs of one bench run, from the command line. */
export interface BenchOptions {
  /** Measured turns (and floor samples) in the one-turn measurement. */
  turns: number
  /** Turns run before measuring, so the JIT and the sockets are warm. */
  warmup: number
  /** Rounds of concurrent turns per profile. */
  rounds: number
  /** Users sending at once into the shared session. */
  users: number
  /** Turns of the saved run the renderer measurement opens. */
  uiTurns: number
  /** Real turns sent into the live session before the renderer measurement opens it; 0 skips it. */
  uiLiveTurns: number
  /** Clients of the load measurement. */
  loadClients: number
  /** Seconds of its open loop, and the turns per second offered in it. */
  loadSeconds: number
  loadRate: number
  /** Seconds of its closed loop. */
  loadClosedSeconds: number
}

export interface BenchContext {
  options: BenchOptions
  /** Process-wide peak, sampled by every measurement; index.ts prints it at the end. */
  memory: MemoryPeak
}

export interface MeasurementResult {
  /** Ready-to-print lines (tables and notes). */
  lines: string[]
  /** Hard failures (e.g. a leak under hardened); any makes the bench exit non-zero. */
  failures: string[]
}

/** One self-contained measurement; index.ts runs a list of these in order. */
export interface Measurement {
  name: string
  title: string
  run(context: BenchContext): Promise<MeasurementResult>
}
