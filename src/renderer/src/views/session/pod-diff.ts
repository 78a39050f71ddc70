import type { WorldSummary } from '../../../../shared/api'
import type { EventOf, SinkHolding, SinkKind, TraceEvent } from '../../../../shared/events'
import { heldAfterTurn, type Ledger } from '../../../../shared/ledger'
import { isPlatformOwner } from '../../../../shared/owners'
import { whoseMasked, type Whose } from './format'

/**
 * The runner pod as a turn found it and left it, key by key, with whose each credential is.
 * Everything here is read off the turn's events: `pod` at turn-start and turn-end, `runner.env`
 * in between, the after-turn snapshot, and the served fetches' answers.
 */

export type Change = 'added' | 'removed' | 'changed' | 'same'

export interface EnvRow {
  key: string
  before: string | null
  after: string | null
  change: Change
  /** What the runner did to the key during the turn. */
  during: Array<'populated' | 'cleared'>
  whose: Whose | null
}

export interface FileRow {
  path: string
  before: boolean
  after: boolean
  change: Change
  during: Array<'written' | 'removed'>
  whose: Whose | null
}

export interface McpServerRow {
  /** `<thread>/<server>`. */
  name: string
  change: Change
  env: EnvRow[]
}

/** One credential still in an env-like sink when the turn ended, named as the Ledger names it. */
export interface HeldRow {
  sink: SinkKind
  where: string
  credential: SinkHolding['credential']
}

/**
 * The sinks the Env diff answers for: the runner's env and the copies of it the cleanup does not
 * reach (a thread's worker, its MCP servers, the built MCP config). Files have their own tab.
 */
export const ENV_SINKS: readonly SinkKind[] = ['runner-env', 'worker-env', 'mcp-env', 'mcp-config']

export interface PodDiff {
  start: EventOf<'pod'> | null
  end: EventOf<'pod'> | null
  /** The turn has not reached its end snapshot yet: nothing can be compared. */
  running: boolean
  env: EnvRow[]
  files: FileRow[]
  mcp: McpServerRow[]
  /** People's credentials the env-like sinks still held after the turn (the Ledger's "left in"). */
  held: HeldRow[]
}

function pods(events: readonly TraceEvent[]): { start: EventOf<'pod'> | null; end: EventOf<'pod'> | null } {
  let start: EventOf<'pod'> | null = null
  let end: EventOf<'pod'> | null = null
  for (const e of events) {
    if (e.kind !== 'pod') continue
    if (e.label === 'turn-start' && !start) start = e
    if (e.label === 'turn-end') end = e
  }
  return { start, end }
}

function changeOf(before: string | null, after: string | null, comparing: boolean): Change {
  if (!comparing) return 'same'
  // Set and cleared within the turn: the same at both ends; the `during` column tells the rest.
  if (before === null && after === null) return 'same'
  if (before === null) return 'added'
  if (after === null) return 'removed'
  return before === after ? 'same' : 'changed'
}

/** Masked credential values this turn's fetches answered with, and whose they were. */
function servedMasks(events: readonly TraceEvent[]): Map<string, Whose> {
  const out = new Map<string, Whose>()
  const requests = new Map<string, EventOf<'http.request'>>()
  for (const e of events) {
    if (e.kind === 'http.request') requests.set(e.exchange, e)
    if (e.kind !== 'http.response' || e.from !== 'backend' || !e.body) continue
    const request = requests.get(e.exchange)
    const slot = request ? /\/credentials\/(?:mcp\/)?([a-z0-9-]+)$/.exec(request.url.replace(/\?.*$/, ''))?.[1] : undefined
    if (!request || !slot) continue
    const served = events.find(
      (s): s is EventOf<'credential.served'> => s.kind === 'credential.served' && s.seq > request.seq && s.seq < e.seq && (s.slot === slot || s.slot === `mcp:${slot}`)
    )
    if (!served) continue
    for (const m of e.body.matchAll(/"([^"]*…[^"]*)"/g)) if (m[1]) out.set(m[1], { owner: served.owner, what: `${served.owner}'s ${served.slot} credential, served in this turn` })
  }
  return out
}

function holdingWhose(h: SinkHolding): Whose {
  return { owner: h.credential.owner, what: `${h.credential.owner}'s ${h.credential.slot} ${h.credential.field} (${h.credential.fingerprint}, ${h.credential.length} chars)` }
}

export function podDiff(events: readonly TraceEvent[], ledger: Ledger | null, world: WorldSummary | null): PodDiff {
  const { start, end } = pods(events)
  // Until the turn-end snapshot arrives, a key missing at the end is unknown, not removed.
  const comparing = end !== null
  const masks = servedMasks(events)
  const holdings = heldAfterTurn(events)
  const held = (sink: SinkHolding['sink'], where: string): Whose | null => {
    // A file HEAD keeps on purpose is still a file of the pod.
    const h = holdings.find((x) => (x.sink === sink || (sink === 'workspace-file' && x.sink === 'kept-file')) && x.where === where)
    return h ? holdingWhose(h) : null
  }
  const whose = (value: string | null): Whose | null => (value ? (masks.get(value) ?? whoseMasked(value, world)) : null)
  const envOps = events.filter((e): e is EventOf<'runner.env'> => e.kind === 'runner.env')

  const keys = new Set<string>([...Object.keys(start?.env ?? {}), ...Object.keys(end?.env ?? {})])
  for (const op of envOps) for (const k of op.keys) keys.add(k)
  const env: EnvRow[] = [...keys].map((key) => {
    const before = start?.env[key] ?? null
    const after = end?.env[key] ?? null
    const during = envOps.filter((op) => op.keys.includes(key)).map((op) => op.op)
    const entry = ledger?.entries.find((e) => e.wentTo.includes(`env ${key}`))
    const fromLedger = entry ? { owner: entry.owner, what: `${entry.owner}'s ${entry.slot} credential (ledger)` } : null
    return { key, before, after, change: changeOf(before, after, comparing), during, whose: held('runner-env', key) ?? whose(after) ?? whose(before) ?? fromLedger }
  })

  const paths = new Set<string>([...(start?.files ?? []), ...(end?.files ?? [])])
  for (const op of envOps) for (const f of op.files) paths.add(f)
  const files: FileRow[] = [...paths].map((path) => {
    const before = start?.files.includes(path) ?? false
    const after = end?.files.includes(path) ?? false
    return {
      path,
      before,
      after,
      change: !comparing || before === after ? 'same' : after ? 'added' : 'removed',
      during: envOps.filter((op) => op.files.includes(path)).map((op) => (op.op === 'populated' ? 'written' : 'removed')),
      whose: held('workspace-file', path)
    }
  })

  const servers = new Set<string>([...Object.keys(start?.mcp ?? {}), ...Object.keys(end?.mcp ?? {})])
  const mcp: McpServerRow[] = [...servers].map((name) => {
    const b = start?.mcp[name] ?? null
    const a = end?.mcp[name] ?? null
    const envKeys = new Set<string>([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])
    const [thread = '', server = ''] = name.split('/')
    const rows: EnvRow[] = [...envKeys].map((key) => {
      const before = b?.[key] ?? null
      const after = a?.[key] ?? null
      return { key, before, after, change: changeOf(before, after, comparing), during: [], whose: held('mcp-env', `thread ${thread}: ${server}.${key}`) ?? whose(after) ?? whose(before) }
    })
    const change: Change = !comparing ? 'same' : b === null ? 'added' : a === null ? 'removed' : rows.some((r) => r.change !== 'same') ? 'changed' : 'same'
    return { name, change, env: rows }
  })
  const stayed = holdings
    .filter((h) => ENV_SINKS.includes(h.sink) && !isPlatformOwner(h.credential.owner))
    .map(({ sink, where, credential }) => ({ sink, where, credential }))
    .sort((x, y) => ENV_SINKS.indexOf(x.sink) - ENV_SINKS.indexOf(y.sink) || x.where.localeCompare(y.where))
  return { start, end, running: start !== null && end === null, env: sortRows(env), files: sortRows(files), mcp, held: stayed }
}

const ORDER: Record<Change, number> = { added: 0, changed: 1, removed: 2, same: 3 }

/** Changes first, then keys the turn touched, then the rest, each alphabetically. */
function sortRows<T extends { change: Change; during: readonly string[] } & ({ key: string } | { path: string })>(rows: T[]): T[] {
  const name = (r: T): string => ('key' in r ? r.key : r.path)
  const rank = (r: T): number => (r.change !== 'same' ? ORDER[r.change] : r.during.length > 0 ? 3 : 4)
  return rows.sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)))
}
