import type { ReadyLine } from '../src/shared/ready-line'
import { mixedTurn } from './turn-mix'

/** Turns in flight at once: enough to keep every hop busy without queueing behind the turn lock. */
const IN_FLIGHT = 8

export interface LiveFill {
  ms: number
  finished: number
  /** Turns that did not finish, by HTTP status or turn status. */
  unfinished: Map<string, number>
}

/**
 * Sends `count` turns into the live session of a running `credscope serve` through its control
 * API (`POST /control/turns`), as a script or a reviewer with curl does: every hop, real HTTP.
 */
export async function sendLiveTurns(ready: ReadyLine, count: number): Promise<LiveFill> {
  const started = performance.now()
  const fill: LiveFill = { ms: 0, finished: 0, unfinished: new Map() }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const { sender, thread, message } = mixedTurn(next++)
      const response = await fetch(`${ready.controlUrl}/turns`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ready.controlToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ as: sender, thread, message })
      })
      const body = (await response.json()) as { turn?: { status?: string } | null }
      const key = response.status !== 200 ? `HTTP ${response.status}` : body.turn?.status === 'finished' ? null : `turn ${body.turn?.status ?? 'none'}`
      if (key === null) fill.finished++
      else fill.unfinished.set(key, (fill.unfinished.get(key) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker))
  fill.ms = performance.now() - started
  return fill
}
