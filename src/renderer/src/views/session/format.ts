import type { TurnSummary, WorldSummary } from '../../../../shared/api'
import type { Hop } from '../../../../shared/events'

/** The lanes of the sequence diagram, left to right; operator, Kubernetes API, control plane and vault events draw on the harness lane. */
export const LANES: ReadonlyArray<{ hop: Hop; label: string; title: string }> = [
  { hop: 'client', label: 'client', title: 'The sender: a browser, an API key, or the scheduler' },
  { hop: 'frontdoor', label: 'front door', title: 'The OAuth proxy: validates the bearer, adds X-Forwarded-*' },
  { hop: 'backend', label: 'backend', title: 'Identity middleware, credential endpoints, RBAC table, audit' },
  { hop: 'proxy', label: 'AG-UI proxy', title: 'POST …/agui/run: active-user map, headers to the runner' },
  { hop: 'runner', label: 'runner', title: "The session's pod: env, files, workers, MCP servers" },
  { hop: 'provider', label: 'providers', title: 'Fake GitHub, GitLab, Jira, Google and MCP upstreams' },
  { hop: 'harness', label: 'harness', title: 'credscope itself: leak checks, snapshots, the clock, faults' }
]

/** How the inspector names a hop: its lane's label, or its own name when it draws on the harness lane. */
export function hopLabel(hop: Hop): string {
  return LANES.find((l) => l.hop === hop)?.label ?? (hop === 'kube' ? 'Kubernetes API' : hop === 'control-plane' ? 'control plane' : hop)
}

/** The lane an event of this hop is drawn on. */
export function laneOf(hop: Hop): number {
  const at = LANES.findIndex((l) => l.hop === hop)
  return at >= 0 ? at : LANES.length - 1
}

/** The flag beside a foreign credential: whose turn it is not. */
export function foreignFlag(expected: string | null): string {
  return expected === null ? 'nobody’s turn' : `not ${expected}’s`
}

/** The owners of a turn's served credentials, each with the slots served. */
export function servedByOwner(summary: TurnSummary): Array<{ owner: string; slots: string[] }> {
  const groups: Array<{ owner: string; slots: string[] }> = []
  for (const s of summary.served) {
    const group = groups.find((g) => g.owner === s.owner)
    if (group) group.slots.push(s.slot)
    else groups.push({ owner: s.owner, slots: [s.slot] })
  }
  return groups
}

/** A URL's path with the project/session prefix shortened, for labels: `…/credentials/github`. */
export function shortPath(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '') || '/'
  return path.replace(/^\/api\/projects\/[^/]+\/agentic-sessions\/[^/]+/, '…')
}

/** The host of a URL, for the inspector. */
export function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/]+)/i.exec(url)?.[1] ?? ''
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable'
}

export function statusText(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status)
}

export function statusTone(status: number | null | undefined): 'ok' | 'bad' | 'warn' | 'muted' {
  if (status === null || status === undefined) return 'muted'
  if (status < 300) return 'ok'
  if (status < 400) return 'warn'
  return 'bad'
}

/** The headers that decide whose credentials flow; the rest (content types) stay in the inspector. */
const INTERESTING = ['authorization', 'x-runner-current-user', 'x-forwarded-user', 'x-forwarded-email', 'x-forwarded-preferred-username', 'x-forwarded-access-token', 'x-caller-token', 'x-current-user-id', 'x-current-user-name', 'cookie', 'private-token']

export function interestingHeaders(headers: Record<string, string>): Array<[string, string]> {
  return Object.entries(headers)
    .filter(([name]) => INTERESTING.includes(name.toLowerCase()))
    .sort(([a], [b]) => INTERESTING.indexOf(a.toLowerCase()) - INTERESTING.indexOf(b.toLowerCase()))
}

/** A JSON body's top-level fields as `key value` pairs, or null when the body is not a JSON object. */
export function bodyFields(body: string | undefined): Array<[string, string]> | null {
  if (!body) return null
  try {
    const parsed = JSON.parse(body) as unknown
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null
    return Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
  } catch {
    return null
  }
}

/** A virtual duration: `0 ms`, `1.5 s`, `10 min`, `1 h 5 min`. */
export function virtualSpan(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min${ms % 60_000 ? ` ${Math.round((ms % 60_000) / 1000)} s` : ''}`
  const m = Math.round((ms % 3_600_000) / 60_000)
  return `${Math.floor(ms / 3_600_000)} h${m ? ` ${m} min` : ''}`
}

/** The virtual wall clock, `12:00:05`. */
export function clockTime(at: number): string {
  return new Date(at).toISOString().slice(11, 19)
}

/** Whose a masked value is: the owner to colour it by, and what it is in words. */
export interface Whose {
  owner: string
  what: string
}

/**
 * Whose a masked token or credential is, by the world's masked forms: two masks are equal when
 * the values are (up to a rare clash of the last four characters), so this names the principal
 * behind `Bearer sha256~…rrOh` without ever holding the value.
 */
export function whoseMasked(value: string, world: WorldSummary | null): Whose | null {
  if (!world) return null
  const masked = value.replace(/^(Bearer|token|Basic)\s+/i, '').replace(/^_oauth_proxy=/, '')
  if (!masked.includes('…')) return null
  for (const u of world.users) {
    if (u.token && u.token === masked) return { owner: u.id, what: `${u.id}'s OAuth token` }
    for (const c of u.credentials) if (c.masked === masked) return { owner: u.id, what: `${u.id}'s ${c.slot} credential` }
  }
  for (const s of world.sessions) if (s.botToken && s.botToken === masked) return { owner: `sa:${s.project}/${s.serviceAccount}`, what: `BOT_TOKEN of session ${s.name}` }
  for (const k of world.apiKeys) if (k.token === masked) return { owner: k.creator, what: `API key ${k.name} (for ${k.creator})` }
  for (const sa of world.serviceAccounts) if (sa.token === masked) return { owner: `sa:${sa.project}/${sa.name}`, what: `ServiceAccount ${sa.name}` }
  return null
}

/** A tool as the message named it: `mcp.whoami` on slot `mcp:docs` is `mcp.docs.whoami`. */
export function toolLabel(tool: string, slot: string | null): string {
  return tool === 'mcp.whoami' && slot?.startsWith('mcp:') ? `mcp.${slot.slice(4)}.whoami` : tool
}
