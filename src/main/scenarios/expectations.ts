import { minimatch } from 'minimatch'
import type { TraceEvent } from '../../shared/events'
import { isPlatformOwner } from '../../shared/owners'
import { formatToolCall, parseToolLine } from '../../shared/tools'
import type { Engine } from '../engine/engine'
import type { TurnOutcome } from '../engine/turn-client'
import type { TurnInfo } from '../turns/turns'
import type { TurnExpect } from './schema'
import { JIRA_SERVER } from '../runner/credential-mcp'

/** The events of one turn, in order. */
export function turnEvents(events: readonly TraceEvent[], turn: string): TraceEvent[] {
  return events.filter((e) => e.turn === turn)
}

const fp = (c: { fingerprint: string; length: number }): string => `fingerprint ${c.fingerprint}, ${c.length} chars`

/** `bob` matches bob; `not alice` matches anyone (or no one) but alice. */
export function ownerMatches(expected: string, actual: string | null): boolean {
  if (expected.startsWith('not ')) return actual !== expected.slice(4).trim()
  return actual === expected
}

function ownerPhrase(expected: string): string {
  return expected.startsWith('not ') ? `anyone's but ${expected.slice(4).trim()}'s` : `${expected}'s`
}

/** A response body as JSON when it is JSON, else as text. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Whether `actual` contains everything in `expected`: objects by subset, recursively; the rest equal. */
export function bodyMatches(actual: unknown, expected: Record<string, unknown>, path = 'body'): string | null {
  if (typeof actual !== 'object' || actual === null) return `${path}: expected a JSON object, got ${JSON.stringify(actual)}`
  for (const [key, value] of Object.entries(expected)) {
    const got = (actual as Record<string, unknown>)[key]
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const inner = bodyMatches(got, value as Record<string, unknown>, `${path}.${key}`)
      if (inner) return inner
    } else if (JSON.stringify(got) !== JSON.stringify(value)) {
      return `${path}.${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got)}`
    }
  }
  return null
}

/**
 * Checks a turn's expectations against its trace and the pod after it. Each failure is one line
 * naming what was expected and the redacted evidence (owner, provider, sink, fingerprint).
 */
export async function checkTurn(engine: Engine, expect: TurnExpect, outcome: TurnOutcome, events: readonly TraceEvent[]): Promise<string[]> {
  const failures: string[] = []
  const info: TurnInfo | null = outcome.turn
  if (expect.status !== undefined && outcome.status !== expect.status) {
    failures.push(`status: expected ${expect.status} from agui/run, got ${outcome.status} ${engine.sim.redactor.redact(outcome.body).slice(0, 200)}`)
  }
  if (expect.body) {
    const problem = bodyMatches(parseBody(outcome.body), expect.body)
    if (problem) failures.push(problem)
  }
  if (!info) {
    if (expect.status === undefined) failures.push(`the turn did not start: agui/run answered ${outcome.status} ${engine.sim.redactor.redact(outcome.body).slice(0, 200)}`)
    return failures
  }
  const mine = turnEvents(events, info.turn)
  if (expect.outcome && info.status !== expect.outcome) failures.push(`outcome: expected the turn to end ${expect.outcome}, it ended ${info.status}`)

  for (const [slot, owner] of Object.entries(expect.credentials ?? {})) {
    const served = mine.filter((e): e is Extract<TraceEvent, { kind: 'credential.served' }> => e.kind === 'credential.served' && e.slot === slot)
    if (owner === 'none') {
      for (const e of served) failures.push(`credentials.${slot}: expected none, the backend served ${e.owner}'s ${slot} credential (${e.credentials[0] ? fp(e.credentials[0]) : 'no value'})`)
      continue
    }
    if (served.length === 0 && !owner.startsWith('not ')) failures.push(`credentials.${slot}: expected ${owner}'s ${slot} credential, the backend served none`)
    for (const e of served) {
      if (!ownerMatches(owner, e.owner)) failures.push(`credentials.${slot}: expected ${ownerPhrase(owner)} ${slot} credential, the backend served ${e.owner}'s (${e.credentials[0] ? fp(e.credentials[0]) : 'no value'}, via ${e.source})`)
    }
  }

  const results = pairToolResults(mine)
  for (const [tool, owner] of Object.entries(expect['acted-as'] ?? {})) {
    const matching = results.filter((r) => r.line === normalTool(tool) || r.tool === tool)
    if (matching.length === 0) failures.push(`acted-as.${tool}: the tool did not run in this turn`)
    for (const r of matching) {
      const acted = r.actedAs ?? 'nobody'
      if (!ownerMatches(owner, acted)) failures.push(`acted-as.${tool}: expected to act as ${owner}, it acted as ${acted} (${r.summary})`)
    }
  }

  for (const [tool, check] of Object.entries(expect.results ?? {})) {
    const calls = toolWindows(mine).filter((w) => w.line === normalTool(tool) || w.result.tool === tool)
    if (calls.length === 0) failures.push(`results.${tool}: the tool did not run in this turn`)
    for (const { result, fetches } of calls) {
      if (check === 'truthful') {
        const refused = refusedFetches(fetches)
        if (result.ok && refused.length > 0) failures.push(`results.${tool}: it reported "${result.summary}" while the backend refused ${refused.map((f) => `${f.slot} (HTTP ${f.status ?? '?'})`).join(', ')}`)
        if (!result.ok && refused.length === 0) failures.push(`results.${tool}: it reported an error ("${result.summary}") though no fetch was refused`)
        continue
      }
      if (check.ok !== undefined && result.ok !== check.ok) failures.push(`results.${tool}: expected ${check.ok ? 'a result' : 'an error'}, it ${result.ok ? 'succeeded' : 'failed'}: "${result.summary}"`)
      if (check.contains !== undefined && !result.summary.includes(check.contains)) failures.push(`results.${tool}: expected the result to contain "${check.contains}", it is "${result.summary}"`)
    }
  }

  for (const [slot, check] of Object.entries(expect.fetches ?? {})) {
    const fetches = mine.filter((e): e is Extract<TraceEvent, { kind: 'runner.fetch' }> => e.kind === 'runner.fetch' && e.slot === slot)
    const last = fetches.at(-1)
    if (!last) {
      failures.push(`fetches.${slot}: the runner made no ${slot} fetch`)
      continue
    }
    if (check.auth !== undefined && last.auth !== check.auth) failures.push(`fetches.${slot}: expected the fetch to authenticate with ${check.auth}, it used ${last.auth}`)
    if (check.header !== undefined && (last.currentUserHeader ?? 'absent') !== check.header) {
      failures.push(`fetches.${slot}: expected X-Runner-Current-User ${check.header}, it was ${last.currentUserHeader ?? 'absent'}`)
    }
    if (check.fallback !== undefined && fetches.some((f) => f.fallback) !== check.fallback) {
      failures.push(`fetches.${slot}: expected ${check.fallback ? 'a' : 'no'} BOT_TOKEN fallback, there was ${check.fallback ? 'none' : 'one'}`)
    }
  }

  const toRunner = mine.find((e): e is Extract<TraceEvent, { kind: 'http.request' }> => e.kind === 'http.request' && e.from === 'proxy' && e.to === 'runner')
  for (const [header, presence] of Object.entries(expect['runner-headers'] ?? {})) {
    const value = toRunner ? Object.entries(toRunner.headers).find(([k]) => k.toLowerCase() === header.toLowerCase())?.[1] : undefined
    const present = value !== undefined && value !== ''
    if (present !== (presence === 'present')) failures.push(`runner-headers.${header}: expected ${presence}, it was ${present ? `present (${value})` : 'absent'}`)
  }

  if (expect['runner-token']) {
    const token = toRunner ? Object.entries(toRunner.headers).find(([k]) => k.toLowerCase() === 'x-caller-token')?.[1] : undefined
    const kind = !token ? 'absent' : /^Bearer crun_/.test(token) ? 'run-bound' : 'oauth'
    if (kind !== expect['runner-token']) failures.push(`runner-token: expected the runner to get ${expect['runner-token']} as X-Caller-Token, it got ${kind === 'absent' ? 'none' : `${kind} (${token})`}`)
  }

  const runner = engine.runner(info.project, info.session)
  if (!runner && (expect['env-after'] || expect['files-after'] || expect['mcp-env-after'])) failures.push(`${info.project}/${info.session} has no runner, so there is no env or file to check`)
  if (expect['env-after'] && runner) {
    for (const key of expect['env-after'].absent) {
      if (runner.env.has(key)) {
        const refs = engine.sim.registry.scan(runner.env.get(key) ?? '')
        failures.push(`env-after: expected ${key} absent after the turn, it holds ${refs[0] ? `${refs[0].owner}'s ${refs[0].slot} credential (runner-env, ${fp(refs[0])})` : 'a value'}`)
      }
    }
    for (const key of expect['env-after'].present) if (!runner.env.has(key)) failures.push(`env-after: expected ${key} present after the turn, it is absent`)
  }
  if (expect['files-after'] && runner) {
    for (const file of expect['files-after'].absent) {
      if (await runner.workspace.exists(file)) {
        const refs = engine.sim.registry.scan((await runner.workspace.read(file)) ?? '')
        failures.push(`files-after: expected ${file} gone after the turn, it holds ${refs[0] ? `${refs[0].owner}'s ${refs[0].slot} credential (workspace-file, ${fp(refs[0])})` : 'data'}`)
      }
    }
    for (const file of expect['files-after'].present) if (!(await runner.workspace.exists(file))) failures.push(`files-after: expected ${file} present after the turn, it is absent`)
    for (const [file, text] of Object.entries(expect['files-after']['not-contains'])) {
      if (((await runner.workspace.read(file)) ?? '').includes(text)) failures.push(`files-after: expected ${file} not to contain "${text}" after the turn, it does`)
    }
    const everyFile = await runner.workspace.list('/')
    for (const [pattern, owner] of Object.entries(expect['files-after'].holds)) {
      const matching = everyFile.filter((file) => minimatch(file, pattern, { dot: true }))
      // A user's credential: the platform's own (the OAuth client secret in the Google file) is no one's.
      const refs = engine.sim.registry.scan((await Promise.all(matching.map((file) => runner.workspace.read(file)))).join('\n')).filter((r) => !isPlatformOwner(r.owner))
      const owners = [...new Set(refs.map((r) => r.owner))]
      const met = owner === 'none' ? owners.length === 0 : owner.startsWith('not ') ? owners.every((o) => ownerMatches(owner, o)) : owners.length === 1 && owners[0] === owner
      if (!met) {
        const held = refs.length > 0 ? refs.map((r) => `${r.owner}'s ${r.slot} (${fp(r)})`).join(', ') : matching.length > 0 ? 'no credential' : 'nothing: no file matches'
        failures.push(`files-after: expected ${owner === 'none' ? 'no credential' : `${ownerPhrase(owner)} credential`} in ${pattern} after the turn, it holds ${held}`)
      }
    }
  }
  if (expect['mcp-env-after'] && runner) {
    const worker = runner.bridge.sessionManager.getExisting(info.thread)
    for (const [key, owner] of Object.entries(expect['mcp-env-after'])) {
      // `jira` was credscope's name for the platform's `mcp-atlassian`; files written with it still mean that server.
      const server = key === 'jira' ? JIRA_SERVER : key
      const env = worker?.mcpServers[server]?.env ?? {}
      const refs = engine.sim.registry.scan(Object.values(env).join('\n')).filter((r) => r.slot !== 'bearer')
      const owners = [...new Set(refs.map((r) => r.owner))]
      if (owner === 'none' ? owners.length > 0 : owners.length !== 1 || owners[0] !== owner) {
        failures.push(`mcp-env-after.${key}: expected ${owner === 'none' ? 'no credential' : `${owner}'s credential`} in the ${server} MCP server, it holds ${owners.length > 0 ? refs.map((r) => `${r.owner}'s ${r.slot} (${fp(r)})`).join(', ') : 'none'}`)
      }
    }
  }
  if (expect.retained === 'none') {
    const snapshot = mine.filter((e): e is Extract<TraceEvent, { kind: 'snapshot' }> => e.kind === 'snapshot').at(-1)
    for (const h of snapshot?.holdings ?? []) {
      if (!['worker-env', 'mcp-env', 'mcp-config'].includes(h.sink)) continue
      if (isPlatformOwner(h.credential.owner)) continue
      failures.push(`retained: expected nothing kept after the turn, ${h.sink} (${h.where}) keeps ${h.credential.owner}'s ${h.credential.slot} credential (${fp(h.credential)})`)
    }
  }
  const texts = (kind: 'audit' | 'log'): string[] => mine.filter((e): e is Extract<TraceEvent, { kind: typeof kind }> => e.kind === kind).map((e) => e.text)
  for (const [name, check] of [['audit', expect.audit], ['logs', expect.logs]] as const) {
    if (!check) continue
    const lines = texts(name === 'audit' ? 'audit' : 'log')
    for (const needle of check.contains) if (!lines.some((l) => l.includes(needle))) failures.push(`${name}: expected a line containing "${needle}", none does`)
    for (const needle of check['not-contains']) {
      const line = lines.find((l) => l.includes(needle))
      if (line) failures.push(`${name}: expected no line containing "${needle}", got "${line}"`)
    }
    if (check['no-user-ids']) {
      for (const user of engine.sim.cluster.users.values()) {
        const pattern = new RegExp(`(^|[^A-Za-z0-9@._-])${user.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9@._-])`)
        const line = lines.find((l) => pattern.test(l))
        if (line) failures.push(`${name}: expected no user IDs, "${line}" names ${user.id}`)
      }
    }
  }
  if (expect.leaks === 'none') {
    for (const leak of engine.leaks.findings.filter((f) => f.turn === info.turn)) {
      failures.push(`leaks: ${leak.invariant}: ${leak.message} (owner ${leak.owner}, provider ${leak.provider}, sink ${leak.sink}: ${leak.where}, fingerprint ${leak.fingerprint}, ${leak.length} chars)`)
    }
  }
  // A credential served twice in a turn (set-up and populate) would otherwise fail twice alike.
  return [...new Set(failures)]
}

/** A tool line as the runner writes it in `tool.call`, so `acted-as` keys match however they were typed. */
function normalTool(line: string): string {
  const call = parseToolLine(line)
  return call !== null && typeof call !== 'string' ? formatToolCall(call) : line
}

interface ToolResultRow {
  line: string
  tool: string
  actedAs: string | null
  summary: string
}

type FetchEvent = Extract<TraceEvent, { kind: 'runner.fetch' }>

/** Each tool call with its result and the fetches made between them. */
function toolWindows(events: readonly TraceEvent[]): Array<{ line: string; result: Extract<TraceEvent, { kind: 'tool.result' }>; fetches: FetchEvent[] }> {
  const windows: ReturnType<typeof toolWindows> = []
  let open: { line: string; fetches: FetchEvent[] } | null = null
  for (const e of events) {
    if (e.kind === 'tool.call') open = { line: e.args, fetches: [] }
    else if (e.kind === 'runner.fetch') open?.fetches.push(e)
    else if (e.kind === 'tool.result') {
      windows.push({ line: open?.line ?? e.tool, result: e, fetches: open?.fetches ?? [] })
      open = null
    }
  }
  return windows
}

/** The kinds whose last fetch in a window ended 401/403: what the backend finally refused. */
function refusedFetches(fetches: readonly FetchEvent[]): FetchEvent[] {
  const last = new Map<string, FetchEvent>()
  for (const f of fetches) last.set(f.slot, f)
  return [...last.values()].filter((f) => f.status === 401 || f.status === 403)
}

function pairToolResults(events: readonly TraceEvent[]): ToolResultRow[] {
  const rows: ToolResultRow[] = []
  let pending: string | null = null
  for (const e of events) {
    if (e.kind === 'tool.call') pending = e.args
    else if (e.kind === 'tool.result') {
      rows.push({ line: pending ?? e.tool, tool: e.tool, actedAs: e.actedAs, summary: e.summary })
      pending = null
    }
  }
  return rows
}
