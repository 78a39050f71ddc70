import type { CredentialSlot, FetchKind } from './providers'
import type { EventOf, LeakFinding, RbacRow, SinkHolding, TraceEvent } from './events'

/** One credential a turn touched: who fetched it, what the backend decided, where it went, what stayed. */
export interface LedgerEntry {
  slot: FetchKind
  owner: string
  fingerprints: string[]
  /** How the runner's fetch authenticated, and the header it sent. */
  fetchedWith: { auth: 'caller' | 'bot' | 'none'; header: string | null; fallback: boolean } | null
  decision: { row: RbacRow | null; allow: boolean; reason: string } | null
  /** Env keys, files, MCP servers and tool calls it reached. */
  wentTo: string[]
  /** Sinks still holding it after the turn. */
  leftIn: string[]
}

export interface Ledger {
  turn: string
  senderId: string
  expectedOwner: string | null
  entries: LedgerEntry[]
  denied: Array<{ slot: CredentialSlot; row: RbacRow | null; status: number; reason: string }>
  leaks: LeakFinding[]
  /** `startedBy`: the sender whose turn left the process running, when a background process ran the tool (H1). */
  actedAs: Array<{ tool: string; line: string; owner: string | null; ok: boolean; summary: string; startedBy: string | null }>
}

/** The ledger of one turn, read off its events alone (so a reopened run has it too). */
export function buildLedger(events: readonly TraceEvent[], turn: string): Ledger {
  const mine = events.filter((e) => e.turn === turn)
  const started = mine.find((e): e is EventOf<'turn.started'> => e.kind === 'turn.started')
  const served = mine.filter((e): e is EventOf<'credential.served'> => e.kind === 'credential.served')
  const rbac = mine.filter((e): e is EventOf<'rbac'> => e.kind === 'rbac')
  const fetches = mine.filter((e): e is EventOf<'runner.fetch'> => e.kind === 'runner.fetch')
  const populated = mine.filter((e): e is EventOf<'runner.env'> => e.kind === 'runner.env' && e.op === 'populated')
  const held = heldAfterTurn(mine)
  const byKey = new Map<string, LedgerEntry>()
  for (const e of served) {
    const key = `${e.slot}|${e.owner}`
    const entry = byKey.get(key) ?? {
      slot: e.slot,
      owner: e.owner,
      fingerprints: [],
      fetchedWith: null,
      decision: null,
      wentTo: [],
      leftIn: []
    }
    for (const c of e.credentials) if (!entry.fingerprints.includes(c.fingerprint)) entry.fingerprints.push(c.fingerprint)
    const decision = rbac.filter((r) => r.slot === e.slot && r.seq < e.seq && r.allow).at(-1)
    if (decision) entry.decision = { row: decision.row, allow: decision.allow, reason: decision.reason }
    const fetch = fetches.find((f) => f.slot === e.slot && f.seq > e.seq)
    if (fetch) entry.fetchedWith = { auth: fetch.auth, header: fetch.currentUserHeader, fallback: fetch.fallback }
    byKey.set(key, entry)
  }
  for (const entry of byKey.values()) {
    for (const p of populated) for (const key of p.keys) if (envKeyHolds(key, entry.slot) && !entry.wentTo.includes(`env ${key}`)) entry.wentTo.push(`env ${key}`)
    // The Google file's name: credentials.json at the merge, <email>.json at HEAD.
    for (const file of populated.flatMap((p) => p.files).filter((f) => f.includes('google_workspace_mcp'))) {
      const name = `file ${file.slice(file.lastIndexOf('/') + 1)}`
      if (entry.slot === 'google' && !entry.wentTo.includes(name)) entry.wentTo.push(name)
    }
    // HEAD's token files carry the git providers' tokens and the kubeconfig.
    for (const file of populated.flatMap((p) => p.files)) {
      const name = `file ${file}`
      if (((entry.slot === 'github' && file.endsWith('.ambient_github_token')) || (entry.slot === 'gitlab' && file.endsWith('.ambient_gitlab_token')) || (entry.slot === 'kubeconfig' && file.endsWith('.ambient_kubeconfig'))) && !entry.wentTo.includes(name)) entry.wentTo.push(name)
    }
    for (const h of held) {
      if (h.credential.owner === entry.owner && h.credential.slot === entry.slot) {
        const where = describeHolding(h)
        if (!entry.leftIn.includes(where)) entry.leftIn.push(where)
      }
    }
  }
  const actedAs: Ledger['actedAs'] = []
  let line = ''
  for (const e of mine) {
    if (e.kind === 'tool.call') line = e.args
    if (e.kind === 'tool.result') {
      actedAs.push({ tool: e.tool, line, owner: e.actedAs, ok: e.ok, summary: e.summary, startedBy: e.startedBy ? e.startedBy.sender || 'no user' : null })
      if (e.actedAs && e.slot) {
        const entry = byKey.get(`${e.slot}|${e.actedAs}`)
        if (entry && !entry.wentTo.includes(`tool ${e.tool}`)) entry.wentTo.push(`tool ${e.tool}`)
      }
    }
  }
  return {
    turn,
    senderId: started?.senderId ?? '',
    expectedOwner: null,
    entries: [...byKey.values()],
    denied: rbac.filter((r) => !r.allow).map((r) => ({ slot: r.slot, row: r.row, status: r.status, reason: r.reason })),
    leaks: mine.filter((e): e is EventOf<'leak'> => e.kind === 'leak').map((e) => e.finding),
    actedAs
  }
}

function envKeyHolds(key: string, slot: FetchKind): boolean {
  switch (slot) {
    case 'github':
      return key === 'GITHUB_TOKEN'
    case 'gitlab':
      return key === 'GITLAB_TOKEN'
    case 'jira':
      return key === 'JIRA_API_TOKEN'
    case 'google':
      return key === 'USER_GOOGLE_EMAIL'
    case 'kubeconfig':
      return key === 'KUBECONFIG'
    default:
      return key.startsWith(`MCP_${slot.slice(4).toUpperCase().replace(/-/g, '_')}_`)
  }
}

/** A place in a sink as every view writes it: `worker-env (thread shared-1: GITHUB_TOKEN)`. */
export function describeHolding(h: Pick<SinkHolding, 'sink' | 'where'>): string {
  return `${h.sink} (${h.where})`
}

/**
 * What the turn's last snapshot found still held, sink by sink: the one reading of "what stayed"
 * that the Ledger's "left in" and the Env diff both show.
 */
export function heldAfterTurn(events: readonly TraceEvent[]): SinkHolding[] {
  return events.filter((e): e is EventOf<'snapshot'> => e.kind === 'snapshot').at(-1)?.holdings ?? []
}
