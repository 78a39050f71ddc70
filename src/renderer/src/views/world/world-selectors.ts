import type { WorldSummary } from '../../../../shared/api'
import { type CredentialSlot, PROVIDERS } from '../../../../shared/providers'
import { formatSpan } from '../../components/format'

type User = WorldSummary['users'][number]

/** Every keychain slot any user has, providers first in their usual order, then MCP servers. */
export function slotsOf(users: readonly User[]): CredentialSlot[] {
  const mcp = new Set<CredentialSlot>()
  for (const u of users) for (const c of u.credentials) if (c.slot.startsWith('mcp:')) mcp.add(c.slot)
  return [...PROVIDERS, ...[...mcp].sort()]
}

/** A token's remaining life on the virtual clock: `expires in 24 h`, `expired 5 min ago`. */
export function expiryText(expiresAt: string | null, now: string): { text: string; expired: boolean } {
  if (!expiresAt) return { text: 'no expiry', expired: false }
  const left = Date.parse(expiresAt) - Date.parse(now)
  if (left <= 0) return { text: `expired ${formatSpan(-left)} ago`, expired: true }
  return { text: `expires in ${formatSpan(left)}`, expired: false }
}

/** What a user is to a session: its owner, a sharing role, a project member, or nobody. */
export function roleIn(world: WorldSummary, user: string, project: string, session: string): string {
  const s = world.sessions.find((x) => x.project === project && x.name === session)
  if (s?.owner === user) return 'owner'
  const shared = s?.sharedWith[user]
  if (shared) return shared === 'edit' ? 'editor' : shared === 'view' ? 'viewer' : shared
  const member = world.projects.find((p) => p.name === project)?.members[user]
  return member ? `project ${member}` : 'no member'
}
