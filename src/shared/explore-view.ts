import type { ScenarioRunView } from './api'

/** How `credscope explore` picks schedules (docs/explore.md#strategies). */
export const EXPLORE_STRATEGIES = ['dfs', 'pct', 'random'] as const
export type ExploreStrategy = (typeof EXPLORE_STRATEGIES)[number]

/** What an exploration may spend when the user names no budget: enough for the library's races, bounded for a CI step. */
export const DEFAULT_EXPLORE_BUDGET = '60s'

/** A schedule as bundles and the run history keep it: its deviations from the default as `credscope explore` writes them (`12:7,40:9`, `-`). */
export interface RecordedSchedule {
  strategy: string
  deviations: string
  preemptions: number
}

/** One flow of a run, as a lane: what it ran and for whose turn. */
export interface Lane {
  flow: number
  label: string
  /** The sender and thread of the turn it served, when it served one. */
  turn: { id: string; sender: string; thread: string } | null
}

/** A point where control changed hands between actors, or the schedule deviated from the default. */
export interface HandOver {
  /** The choice point (its index in the run). */
  at: number
  /** The event after which it happened (its seq and kind); none for a flow that waited or ended. */
  after: { seq: number; kind: string } | null
  from: number | null
  to: number
  preemption: boolean
}

/** The lanes and hand-overs of a schedule's run, for the CLI and the app. */
export interface LaneView {
  lanes: Lane[]
  handOvers: HandOver[]
  preemptions: number
  choicePoints: number
}

/** How far an exploration has got, pushed to the app as it runs. */
export interface ExploreProgressView {
  schedules: number
  runs: number
  distinctTraces: number
  elapsedMs: number
}

/** An exploration as the app shows it; the counterexample is a stored run, opened as any other. */
export interface ExploreView {
  scenario: string
  strategy: ExploreStrategy
  preemptions: number
  schedules: number
  runs: number
  distinctTraces: number
  /** The size of the schedule space within the bound, once DFS enumerated it. */
  space: number | null
  exhausted: boolean
  stopped: boolean
  durationMs: number
  counterexample: {
    /** `12:7,40:9`, or `-` for the default schedule. */
    schedule: string
    deviations: number
    foundWith: number
    shrinkRuns: number
    lanes: LaneView
    result: ScenarioRunView
  } | null
}
