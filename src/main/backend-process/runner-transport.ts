import { sessionTokenGate } from '../flaws/policies'
import type { HopContext } from '../sim/hop-context'
import { runnerTokenSecret } from '../world/identity'

/**
 * `NewRunnerTransport` at HEAD (docs/platform/proxy.md#the-session-token-transport-at-head): a
 * request to `session-<name>.<namespace>.svc.cluster.local` carries that session's agui-token as
 * X-Ambient-Session-Token, read from its runner-token Secret with the backend's own client on
 * every request; a missing Secret or key leaves the header out. The merge as it is (f1378) has no
 * such transport.
 */
export function withSessionToken(sim: HopContext, url: string, headers: Record<string, string>): Record<string, string> {
  if (!sessionTokenGate(sim.flaws)) return headers
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    return headers
  }
  const [first = '', namespace = ''] = host.split('.')
  if (!host.endsWith('.svc.cluster.local') || !first.startsWith('session-')) return headers
  const token = sim.cluster.secret(namespace, runnerTokenSecret(first.slice('session-'.length)))?.['agui-token'] ?? ''
  return token ? { ...headers, 'X-Ambient-Session-Token': token } : headers
}
