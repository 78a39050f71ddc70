import type { WorldSummary } from '../../shared/api'

type SessionSummary = WorldSummary['sessions'][number]

/**
 * What `/world` tells a reviewer: every principal with the token to act as it. The renderer's
 * `WorldSummary` is the same shape with tokens masked and without the runner's env.
 */
export interface WorldView extends Omit<WorldSummary, 'urls' | 'sessions'> {
  urls: Omit<WorldSummary['urls'], 'control'>
  sessions: Array<SessionSummary & { runnerUrl: string; env: Record<string, string> }>
}
