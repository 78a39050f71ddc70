import type { Random } from '../sim/random'
import type { Clock } from '../sim/clock'

/**
 * Hardened only (R20 switched off): the proxy exchanges the caller's OAuth token for a token
 * bound to one run of one session and to the run's principal, that can only read credentials
 * and dies when the run ends.
 */
export interface RunToken {
  token: string
  project: string
  session: string
  turn: string
  /** gin userID of the principal the run acts for. */
  principal: string
  expiresAt: number
  revoked: boolean
}

export const RUN_TOKEN_LIFETIME_MS = 2 * 3_600_000

export class RunTokens {
  private readonly byToken = new Map<string, RunToken>()
  /** The live tokens of each running turn, so ending a turn does not scan every token ever minted. */
  private readonly byTurn = new Map<string, RunToken[]>()

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly onMint: (token: string, principal: string) => void
  ) {}

  mint(project: string, session: string, turn: string, principal: string): RunToken {
    const record: RunToken = {
      token: `crun_${this.random.string(40)}`,
      project,
      session,
      turn,
      principal,
      expiresAt: this.clock.now() + RUN_TOKEN_LIFETIME_MS,
      revoked: false
    }
    this.byToken.set(record.token, record)
    this.byTurn.set(turn, [...(this.byTurn.get(turn) ?? []), record])
    this.onMint(record.token, principal)
    return record
  }

  /** The live record of a token, or null when it is not a run token or no longer valid. */
  lookup(token: string): RunToken | null {
    const record = this.byToken.get(token)
    if (!record || record.revoked || this.clock.now() >= record.expiresAt) return null
    return record
  }

  isRunToken(token: string): boolean {
    return this.byToken.has(token)
  }

  revokeTurn(turn: string): void {
    for (const record of this.byTurn.get(turn) ?? []) record.revoked = true
    this.byTurn.delete(turn)
  }
}
