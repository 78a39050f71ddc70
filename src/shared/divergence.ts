/** One event of a compared run, as a divergence points at it. */
export interface EventRef {
  /** 1-based position in its run's trace. */
  index: number
  seq: number
  turn: string | null
  /** 1-based order of its turn in the run, which is what pairs turns of two runs. */
  turnNumber: number | null
  hop: string
  text: string
}

/** The first place two runs differ in whose credential was used or left behind. */
export interface CredentialDivergence {
  /** What differs: `github credential served`, `gh.whoami acted`, `left in worker-env (github)`, a leak's invariant. */
  what: string
  /** Whose, in run a and in run b (`none` where that run has no such use). */
  a: string
  b: string
  atA: EventRef | null
  atB: EventRef | null
}

/** Events of one run with nothing matching in the other, in trace order (a stretch of a, of b, or both). */
export interface Difference {
  a: EventRef[]
  b: EventRef[]
}

/** Where two traces part: the credential first, then the first event, then every difference. */
export interface Divergence {
  /** 1-based position of the first event where the runs part, or null when they never do. */
  index: number | null
  hop: string | null
  a: string | null
  b: string | null
  credential: CredentialDivergence | null
  /** Every stretch that differs, aligned on what the two runs share; at most MAX_DIFFERENCES. */
  differences: Difference[]
  /** How many stretches differ in all (more than differences holds when capped); null when the runs differ too much to align. */
  differenceCount: number | null
  compared: number
}

export const MAX_DIFFERENCES = 500
