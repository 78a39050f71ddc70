import type { TurnSummary, WorldSummary } from '../../../../shared/api'
// The diagram's lanes and labels are shared with reports (src/shared/sequence.ts).
export { hopLabel, interestingHeaders, LANES, laneOf, shortPath, statusText, toolLabel } from '../../../../shared/sequence'

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

/** The host of a URL, for the inspector. */
export function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/]+)/i.exec(url)?.[1] ?? ''
}

export function statusTone(status: number | null | undefined): 'ok' | 'bad' | 'warn' | 'muted' {
  if (status === null || status === undefined) return 'muted'
  if (status < 300) return 'ok'
  if (status < 400) return 'warn'
  return 'bad'
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
