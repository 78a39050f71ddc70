import type { FlawSet } from '../flaws/flaw-set'

/**
 * How a log line names a user. Flaw site R19: the merged code still logs user IDs in the proxy
 * connect line, `Run user context`, the RBAC violation line and handler failures.
 */
export function loggedUser(flaws: FlawSet, userId: string): string {
  return flaws.has('r19-user-ids-in-logs') ? userId : '[redacted]'
}
