/**
 * The scenario expectations (docs/scenarios.md) against real turns: a turn that meets an
 * expectation passes it, and one that breaks it fails with the line a user reads, naming whose
 * credential, which sink and which fingerprint. Each case runs a real turn through every hop.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../src/shared/events'
import type { Engine } from '../../src/main/engine/engine'
import type { TurnOutcome } from '../../src/main/engine/turn-client'
import { bodyMatches, checkTurn, ownerMatches, parseBody, turnEvents } from '../../src/main/scenarios/expectations'
import { turnExpect } from '../../src/main/scenarios/schema'
import { DEFAULT_MCP_CONFIG_FILE } from '../../src/main/runner/pod'
import { DEFAULT_WORLD } from '../../src/main/world/default-world'
import type { TurnSender } from '../../src/shared/sender'
import { recordEvents, startTestEngine, type TestEngineOptions } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

interface Turned {
  engine: Engine
  outcome: TurnOutcome
  events: TraceEvent[]
  /** The failures of these expectations (YAML-shaped, parsed as a scenario's are) on this turn. */
  check(expectations: Record<string, unknown>): Promise<string[]>
}

async function turn(options: TestEngineOptions, sender: TurnSender, tools: string[], thread?: string): Promise<Turned> {
  const started = engine ?? (await startTestEngine(options))
  engine = started
  const recorded = recordEvents(started)
  const outcome = await started.sendTurn({ sender, project: 'demo', session: 'shared-1', thread, message: tools.join('\n') })
  return {
    engine: started,
    outcome,
    events: recorded.all,
    check: (expectations) => checkTurn(started, turnExpect.parse(expectations), outcome, recorded.all)
  }
}

const bob: TurnSender = { kind: 'user', userId: 'bob' }
/** Every Google credentials file, as the platform's own check globs them (docs/platform/runner.md#populate-and-clear-at-head). */
const GOOGLE_FILES = '/workspace/.google_workspace_mcp/credentials/*.json'

/** `fingerprint f, n chars` of the first credential the backend served for a slot in the turn. */
function servedPrint(t: Turned, slot: string): { owner: string; print: string; source: string } {
  const served = t.events.find((e) => e.kind === 'credential.served' && e.slot === slot)
  if (served?.kind !== 'credential.served' || !served.credentials[0]) throw new Error(`no ${slot} credential was served`)
  return { owner: served.owner, print: `fingerprint ${served.credentials[0].fingerprint}, ${served.credentials[0].length} chars`, source: served.source }
}

describe('owner and body matching', () => {
  it('matches an owner by name, or anyone but a name with `not`', () => {
    expect(ownerMatches('bob', 'bob')).toBe(true)
    expect(ownerMatches('bob', 'alice')).toBe(false)
    expect(ownerMatches('not alice', 'bob')).toBe(true)
    expect(ownerMatches('not alice', null)).toBe(true)
    expect(ownerMatches('not  alice ', 'alice')).toBe(false)
    expect(ownerMatches('not alice', 'alice')).toBe(false)
  })

  it('reads a body as JSON when it is JSON, else as text', () => {
    expect(parseBody('{"a":1}')).toEqual({ a: 1 })
    expect(parseBody('not json')).toBe('not json')
  })

  it('matches a body by subset, recursively, and names the first path that differs', () => {
    expect(bodyMatches({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBeNull()
    expect(bodyMatches({ a: [1, 2] }, { a: [1, 2] })).toBeNull()
    expect(bodyMatches({ a: [1, 2] }, { a: [2, 1] })).toBe('body.a: expected [2,1], got [1,2]')
    expect(bodyMatches({ b: { c: 2 } }, { b: { c: 3 } })).toBe('body.b.c: expected 3, got 2')
    expect(bodyMatches({ b: 'flat' }, { b: { c: 3 } })).toBe('body.b: expected a JSON object, got "flat"')
    expect(bodyMatches({ b: { c: 2 } }, { b: { c: 2 }, e: null })).toBe('body.e: expected null, got undefined')
    expect(bodyMatches({ a: 1 }, { a: 1, b: { c: 1 } })).toBe('body.b: expected a JSON object, got undefined')
    expect(bodyMatches(null, { a: 1 })).toBe('body: expected a JSON object, got null')
    expect(bodyMatches('text', { a: 1 }, 'response')).toBe('response: expected a JSON object, got "text"')
    expect(bodyMatches({ b: { c: 2 }, z: 1 }, { b: { c: 9 }, z: 2 })).toBe('body.b.c: expected 9, got 2')
  })

  it("keeps only one turn's events, in order", () => {
    const events = [{ turn: 'a', seq: 1 }, { turn: 'b', seq: 2 }, { turn: 'a', seq: 3 }] as unknown as TraceEvent[]
    expect(turnEvents(events, 'a').map((e) => e.seq)).toEqual([1, 3])
  })
})

describe('expectations on a hardened turn of bob', () => {
  it('pass when the turn meets them', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami', 'jira.myself'])
    expect(
      await t.check({
        status: 200,
        body: { threadId: 'shared-1' },
        outcome: 'finished',
        credentials: { github: 'bob', jira: 'not alice', 'mcp:nothing': 'none' },
        'acted-as': { 'github.whoami': 'bob', 'jira.myself': 'bob' },
        fetches: { github: { auth: 'caller', header: 'bob', fallback: false } },
        'runner-headers': { 'X-Current-User-ID': 'present', 'X-Forwarded-Access-Token': 'absent' },
        'runner-token': 'run-bound',
        'env-after': { absent: ['GITHUB_TOKEN', 'JIRA_API_TOKEN'], present: ['BACKEND_API_URL'] },
        'files-after': { absent: ['/tmp/.ambient_github_token'], present: [DEFAULT_MCP_CONFIG_FILE], holds: { [GOOGLE_FILES]: 'bob', [DEFAULT_MCP_CONFIG_FILE]: 'none', '/root/*': 'not alice' } },
        'mcp-env-after': { jira: 'none' },
        retained: 'none',
        audit: { contains: ['CREDENTIAL_ACCESS'], 'not-contains': ['password'], 'no-user-ids': true },
        logs: { contains: ['AGUI Proxy: connecting to runner'], 'not-contains': ['ghp_'] }
      })
    ).toEqual([])
  })

  it("fail naming the agui/run status and body, and the turn's outcome", async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    const body = t.engine.sim.redactor.redact(t.outcome.body).slice(0, 200)
    expect(await t.check({ status: 403, body: { threadId: 'other' }, outcome: 'error' })).toEqual([
      `status: expected 403 from agui/run, got 200 ${body}`,
      'body.threadId: expected "other", got "shared-1"',
      'outcome: expected the turn to end error, it ended finished'
    ])
  })

  it('fail naming whose credential the backend served, with its fingerprint and source', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami', 'jira.myself'])
    const github = servedPrint(t, 'github')
    const jira = servedPrint(t, 'jira')
    expect(await t.check({ credentials: { github: 'alice', jira: 'none', 'mcp:nothing': 'bob', 'mcp:other': 'not bob', gitlab: 'bob' } })).toEqual([
      `credentials.github: expected alice's github credential, the backend served bob's (${github.print}, via ${github.source})`,
      `credentials.jira: expected none, the backend served bob's jira credential (${jira.print})`,
      "credentials.mcp:nothing: expected bob's mcp:nothing credential, the backend served none"
    ])
    expect(await t.check({ credentials: { github: 'not  bob ' } })).toEqual([
      `credentials.github: expected anyone's but bob's github credential, the backend served bob's (${github.print}, via ${github.source})`
    ])
  })

  it('fail naming the tool that did not run, and whom a tool acted as', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami', 'env.dump', 'fs.list /'])
    const summary = t.events.find((e) => e.kind === 'tool.result' && e.tool === 'github.whoami')
    if (summary?.kind !== 'tool.result') throw new Error('github.whoami did not run')
    expect(await t.check({ 'acted-as': { 'github.whoami': 'alice', 'jira.myself': 'bob', 'env.dump': 'bob' } })).toEqual([
      `acted-as.github.whoami: expected to act as alice, it acted as bob (${summary.summary})`,
      'acted-as.jira.myself: the tool did not run in this turn',
      expect.stringMatching(/^acted-as\.env\.dump: expected to act as bob, it acted as nobody \(/)
    ])
    // A tool is found by the line it was written as, however it was spelled, or by its name.
    expect(await t.check({ 'acted-as': { 'fs.list /': 'nobody', 'fs.list': 'nobody', 'github.whoami': 'not alice' } })).toEqual([])
  })

  it("fail naming the runner's fetch: none made, how it authenticated, the user header, the fallback", async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    expect(
      await t.check({
        fetches: { github: { auth: 'bot', header: 'alice', fallback: true }, 'mcp:nothing': { auth: 'caller' } }
      })
    ).toEqual([
      'fetches.github: expected the fetch to authenticate with bot, it used caller',
      'fetches.github: expected X-Runner-Current-User alice, it was bob',
      'fetches.github: expected a BOT_TOKEN fallback, there was none',
      'fetches.mcp:nothing: the runner made no mcp:nothing fetch'
    ])
    expect(await t.check({ fetches: { github: { header: 'absent' } } })).toEqual(['fetches.github: expected X-Runner-Current-User absent, it was bob'])
  })

  it('fail naming the headers the proxy sent the runner and the kind of caller token', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    const sent = t.events.find((e) => e.kind === 'http.request' && e.from === 'proxy' && e.to === 'runner')
    if (sent?.kind !== 'http.request') throw new Error('the proxy never called the runner')
    const caller = sent.headers['X-Caller-Token'] ?? ''
    expect(await t.check({ 'runner-headers': { 'x-current-user-id': 'absent', 'X-Current-User-Name': 'present', 'X-Other': 'present' }, 'runner-token': 'oauth' })).toEqual([
      `runner-headers.x-current-user-id: expected absent, it was present (${sent.headers['X-Current-User-ID'] ?? ''})`,
      'runner-headers.X-Other: expected present, it was absent',
      `runner-token: expected the runner to get oauth as X-Caller-Token, it got run-bound (${caller})`
    ])
  })

  it('fail naming what the runner still holds after the turn: env, files, MCP servers', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    expect(
      await t.check({
        'env-after': { absent: ['BACKEND_API_URL'], present: ['GITHUB_TOKEN'] },
        'files-after': { absent: [DEFAULT_MCP_CONFIG_FILE], present: ['nothing-here.json'] },
        'mcp-env-after': { 'mcp-atlassian': 'bob' }
      })
    ).toEqual([
      'env-after: expected BACKEND_API_URL absent after the turn, it holds a value',
      'env-after: expected GITHUB_TOKEN present after the turn, it is absent',
      `files-after: expected ${DEFAULT_MCP_CONFIG_FILE} gone after the turn, it holds data`,
      'files-after: expected nothing-here.json present after the turn, it is absent',
      "mcp-env-after.mcp-atlassian: expected bob's credential in the mcp-atlassian MCP server, it holds none"
    ])
  })

  it('fail naming whose credentials the files a path or glob names hold after the turn', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    const failures = await t.check({ 'files-after': { holds: { [GOOGLE_FILES]: 'alice', '/workspace/**/credentials.json': 'none', '/nowhere/*.json': 'bob', [DEFAULT_MCP_CONFIG_FILE]: 'bob' } } })
    const held = /^bob's google \(fingerprint \w+, \d+ chars\), bob's google \(fingerprint \w+, \d+ chars\)$/
    expect(failures).toHaveLength(4)
    expect(failures[0]).toMatch(/^files-after: expected alice's credential in \/workspace\/\.google_workspace_mcp\/credentials\/\*\.json after the turn, it holds /)
    expect(failures[0]?.split(' it holds ')[1]).toMatch(held)
    expect(failures[1]?.split(' it holds ')[1]).toMatch(held)
    expect(failures[1]).toMatch(/^files-after: expected no credential in \/workspace\/\*\*\/credentials\.json after the turn/)
    expect(failures.slice(2)).toEqual([
      "files-after: expected bob's credential in /nowhere/*.json after the turn, it holds nothing: no file matches",
      `files-after: expected bob's credential in ${DEFAULT_MCP_CONFIG_FILE} after the turn, it holds no credential`
    ])
    expect(await t.check({ 'files-after': { holds: { [GOOGLE_FILES]: 'not alice' } } })).toEqual([])
    expect(await t.check({ 'files-after': { holds: { [GOOGLE_FILES]: 'not bob' } } })).toHaveLength(1)
  })

  it('fail naming log and audit lines that are there or missing, and user ids in them', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    const audit = t.events.filter((e) => e.kind === 'audit').map((e) => (e.kind === 'audit' ? e.text : ''))
    const line = audit.find((l) => l.includes('CREDENTIAL_ACCESS')) ?? ''
    expect(await t.check({ audit: { contains: ['no such words'], 'not-contains': ['CREDENTIAL_ACCESS'] }, logs: { contains: ['neither these'] } })).toEqual([
      'audit: expected a line containing "no such words", none does',
      `audit: expected no line containing "CREDENTIAL_ACCESS", got "${line}"`,
      'logs: expected a line containing "neither these", none does'
    ])
  })
})

describe('expectations on turns that leak (merged)', () => {
  it("name the credential left in the runner's env and files after the turn, with owner and fingerprint", async () => {
    const t = await turn({ profile: 'merged', flaws: ['pr6-incomplete-cleanup'] }, bob, ['github.whoami', 'google.whoami'])
    const failures = await t.check({ 'env-after': { absent: ['MCP_DOCS_API_KEY'] }, 'files-after': { absent: ['.google_workspace_mcp/credentials/credentials.json'] }, leaks: 'allowed' })
    const docs = servedPrint(t, 'mcp:docs')
    expect(failures[0]).toBe(`env-after: expected MCP_DOCS_API_KEY absent after the turn, it holds ${docs.owner}'s mcp:docs credential (runner-env, ${docs.print})`)
    expect(failures[1]).toMatch(/^files-after: expected \.google_workspace_mcp\/credentials\/credentials\.json gone after the turn, it holds bob's google credential \(workspace-file, fingerprint \S+, \d+ chars\)$/)
    expect(failures).toHaveLength(2)
  })

  it('name every leak finding of the turn unless leaks are allowed', async () => {
    const t = await turn({ profile: 'merged' }, bob, ['github.whoami'])
    const findings = t.engine.leaks.findings.filter((f) => f.turn === t.outcome.turn?.turn)
    expect(findings.length).toBeGreaterThan(0)
    expect(await t.check({ leaks: 'allowed' })).toEqual([])
    expect(await t.check({})).toEqual(
      findings.map(
        (leak) =>
          `leaks: ${leak.invariant}: ${leak.message} (owner ${leak.owner}, provider ${leak.provider}, sink ${leak.sink}: ${leak.where}, fingerprint ${leak.fingerprint}, ${leak.length} chars)`
      )
    )
  })

  it("name whose credential an MCP server and a worker keep after the turn, and user ids in log lines (R19)", async () => {
    const first = await turn({ profile: 'merged' }, { kind: 'user', userId: 'alice' }, ['jira.myself'], 't1')
    const kept = first.events
      .filter((e) => e.kind === 'snapshot')
      .at(-1)
    if (kept?.kind !== 'snapshot') throw new Error('no snapshot after the turn')
    const retained = kept.holdings
      .filter((h) => ['worker-env', 'mcp-env', 'mcp-config'].includes(h.sink) && !h.credential.owner.startsWith('sa:') && !h.credential.owner.startsWith('platform:'))
      .map((h) => `retained: expected nothing kept after the turn, ${h.sink} (${h.where}) keeps ${h.credential.owner}'s ${h.credential.slot} credential (fingerprint ${h.credential.fingerprint}, ${h.credential.length} chars)`)
    expect(retained.length).toBeGreaterThan(0)
    expect(kept.holdings.some((h) => !['worker-env', 'mcp-env', 'mcp-config'].includes(h.sink))).toBe(true)
    const failures = await first.check({ retained: 'none', 'mcp-env-after': { jira: 'none', docs: 'bob' }, logs: { 'no-user-ids': true }, leaks: 'allowed' })
    expect(failures.filter((f) => f.startsWith('retained:'))).toEqual([...new Set(retained)])
    expect(failures.filter((f) => f.startsWith('mcp-env-after.'))).toEqual([
      // `jira`, credscope's old name for the platform's server, still means mcp-atlassian.
      expect.stringMatching(/^mcp-env-after\.jira: expected no credential in the mcp-atlassian MCP server, it holds alice's jira \(fingerprint \S+, \d+ chars\)/),
      expect.stringMatching(/^mcp-env-after\.docs: expected bob's credential in the docs MCP server, it holds alice's mcp:docs \(fingerprint \S+, \d+ chars\)$/)
    ])
    expect(failures.filter((f) => f.startsWith('logs:'))).toEqual([expect.stringMatching(/^logs: expected no user IDs, ".*\balice\b.*" names alice$/)])
    expect(await first.check({ 'mcp-env-after': { jira: 'alice', docs: 'alice' }, leaks: 'allowed' })).toEqual([])
  })

  it("name a browser session's fetch that went without X-Runner-Current-User and without a caller token (R11)", async () => {
    const t = await turn({ profile: 'merged' }, { kind: 'user', userId: 'bob', browserSession: true }, ['github.whoami'])
    expect(await t.check({ fetches: { github: { header: 'absent', auth: 'bot' } }, 'runner-token': 'absent', leaks: 'allowed' })).toEqual([])
    expect(await t.check({ fetches: { github: { header: 'bob' } }, 'runner-token': 'oauth', leaks: 'allowed' })).toEqual([
      'fetches.github: expected X-Runner-Current-User bob, it was absent',
      'runner-token: expected the runner to get oauth as X-Caller-Token, it got none'
    ])
    // Without no-user-ids, lines naming users (R19) are no failure.
    expect(await t.check({ logs: { 'not-contains': ['nothing like this'] }, leaks: 'allowed' })).toEqual([])
  })

  it("name the sender's OAuth token handed to the runner, and a BOT_TOKEN fallback that was not expected", async () => {
    const t = await turn({ profile: 'merged' }, bob, ['github.whoami'])
    const sent = t.events.find((e) => e.kind === 'http.request' && e.from === 'proxy' && e.to === 'runner')
    const caller = sent?.kind === 'http.request' ? (sent.headers['X-Caller-Token'] ?? '') : ''
    expect(caller).toMatch(/^Bearer /)
    expect(await t.check({ 'runner-token': 'run-bound', leaks: 'allowed' })).toEqual([`runner-token: expected the runner to get run-bound as X-Caller-Token, it got oauth (${caller})`])
    await engine?.stop()
    engine = null
    const refused = await turn({ profile: 'hardened', flaws: ['pr11-caller-token-without-header'] }, bob, ['github.whoami'])
    expect(await refused.check({ fetches: { github: { fallback: false } }, leaks: 'allowed' })).toEqual(['fetches.github: expected no BOT_TOKEN fallback, there was one'])
    expect(await refused.check({ fetches: { github: { fallback: true } }, leaks: 'allowed' })).toEqual([])
  })

  it('takes an acted-as key that is not a tool line as it is written', async () => {
    const t = await turn({ profile: 'hardened' }, bob, ['github.whoami'])
    expect(await t.check({ 'acted-as': { 'github.whoami now': 'bob', 'no tool at all': 'bob' } })).toEqual([
      'acted-as.github.whoami now: the tool did not run in this turn',
      'acted-as.no tool at all: the tool did not run in this turn'
    ])
  })

  it('names a session with no runner instead of checking its env', async () => {
    const world = { users: [{ id: 'alice', name: 'A', email: 'a@example.com' }], projects: [{ name: 'demo', members: { alice: 'admin' as const }, sessions: [{ name: 'shared-1', owner: 'alice' }] }] }
    const t = await turn({ profile: 'hardened', world }, { kind: 'user', userId: 'alice' }, ['github.whoami'])
    // Stopping the runner leaves the turn's record but no pod to look into.
    const runner = t.engine.runner('demo', 'shared-1')
    t.engine.runners.delete('demo/shared-1')
    await runner?.stop()
    const none = 'demo/shared-1 has no runner, so there is no env or file to check'
    expect(await t.check({ 'env-after': { absent: ['GITHUB_TOKEN'] } })).toEqual([none])
    expect(await t.check({ 'files-after': { absent: ['x'] } })).toEqual([none])
    expect(await t.check({ 'mcp-env-after': { jira: 'none' } })).toEqual([none])
    expect(await t.check({})).toEqual([])
  })

  it('names a turn that never started, once, unless a status was expected', async () => {
    const t = await turn({ profile: 'hardened' }, { kind: 'user', userId: 'mallory' }, ['github.whoami'])
    expect(t.outcome.turn).toBeNull()
    const body = t.engine.sim.redactor.redact(t.outcome.body).slice(0, 200)
    expect(await t.check({})).toEqual([`the turn did not start: agui/run answered ${t.outcome.status} ${body}`])
    expect(await t.check({ status: t.outcome.status, credentials: { github: 'bob' } })).toEqual([])
    expect(await t.check({ status: 200 })).toEqual([`status: expected 200 from agui/run, got ${t.outcome.status} ${body}`])
  })
})

/** The failures an expectation adds, without the leak findings the turn also has (default world as-is). */
async function only(t: Turned, expectations: Record<string, unknown>): Promise<string[]> {
  const key = Object.keys(expectations)[0] ?? ''
  return (await t.check(expectations)).filter((f) => f.startsWith(`${key}`))
}

describe('results: what a tool call told the agent', () => {
  const world = { tokenLifetimeMs: 3_600_000 }

  it('truthful: a refresh that reports success while the backend refused fails, naming the refused fetches', async () => {
    // The merge as it is: bob's OAuth token expired, and so did the BOT token frozen in the env at
    // pod start an hour ago (f1050), yet "refreshed successfully".
    const t = await turn({ profile: 'merged', world: { ...DEFAULT_WORLD, ...world } }, bob, ['sleep 90m', 'refresh_credentials'])
    const failures = await only(t, { results: { refresh_credentials: 'truthful' } })
    expect(failures).toHaveLength(1)
    const [failure = ''] = failures
    expect(failure).toMatch(/^results\.refresh_credentials: it reported "Credentials refreshed successfully\." while the backend refused /)
    // The four fetches are gathered, so they are named in whatever order the loopback answered them.
    const refused = failure.replace(/^.* while the backend refused /, '').split(', ').sort()
    expect(refused).toEqual(['github (HTTP 401)', 'gitlab (HTTP 401)', 'google (HTTP 401)', 'jira (HTTP 401)'])
    expect(await only(t, { results: { refresh_credentials: { ok: true, contains: 'successfully' } } })).toEqual([])
    expect(await only(t, { results: { refresh_credentials: { ok: false } } })).toEqual(['results.refresh_credentials: expected an error, it succeeded: "Credentials refreshed successfully."'])
    expect(await only(t, { results: { refresh_credentials: { contains: 'failed' } } })).toEqual(['results.refresh_credentials: expected the result to contain "failed", it is "Credentials refreshed successfully."'])
    expect(await only(t, { results: { 'github.whoami': { ok: true } } })).toEqual(['results.github.whoami: the tool did not run in this turn'])
  })

  it('truthful: at HEAD the refusal is an error the agent sees, and an error with nothing refused fails the other way', async () => {
    const t = await turn({ platform: 'head', profile: 'as-is', world: { ...DEFAULT_WORLD, ...world } }, bob, ['sleep 90m', 'refresh_credentials'])
    expect(await only(t, { results: { refresh_credentials: 'truthful' } })).toEqual([])
    expect(await only(t, { results: { refresh_credentials: { ok: false, contains: 'Credential refresh failed: ' } } })).toEqual([])
    await engine?.stop()
    engine = null
    // A success with nothing refused is truthful; the same call declared an error is not.
    const ok = await turn({ platform: 'head', profile: 'hardened' }, bob, ['refresh_credentials'])
    expect(await only(ok, { results: { refresh_credentials: 'truthful' } })).toEqual([])
    expect(await only(ok, { results: { refresh_credentials: { ok: false } } })).toEqual(['results.refresh_credentials: expected an error, it succeeded: "Credentials refreshed successfully."'])
  })
})

describe('files-after: not-contains', () => {
  it('fails when the file holds the text, and passes when it does not or is gone', async () => {
    const t = await turn({ platform: 'head', profile: 'hardened', flaws: ['r15-git-identity-persists'] }, bob, ['github.whoami'])
    expect(await only(t, { 'files-after': { 'not-contains': { '/root/.gitconfig': 'Bob Editor' } } })).toEqual(['files-after: expected /root/.gitconfig not to contain "Bob Editor" after the turn, it does'])
    expect(await only(t, { 'files-after': { 'not-contains': { '/root/.gitconfig': 'Alice Owner', '/tmp/nothing-here': 'x' } } })).toEqual([])
  })
})
