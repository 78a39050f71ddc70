import { describe, expect, it } from 'vitest'
import type { EventBody, TraceEvent } from '../../src/shared/events'
import { reportOfBundle } from '../../src/main/report/bundle-report'
import { renderReport } from '../../src/main/report/render'
import { ReportError } from '../../src/main/report/report-error'
import { BUNDLE_FORMAT, parseBundle, type Bundle } from '../../src/main/scenarios/bundle'
import { attr, byTag, elements, only, parseHtml, text, withAttr } from '../support/html'
import { markdownToHtml, tablesHeaded } from '../support/markdown'
import { unmaskedSecrets } from '../support/secrets'

// A hand-made bundle of two turns, as a user could have edited it: bob's turn in alice's session
// gets alice's MCP credential, its message and error are markup, and raw secrets were pasted into
// a header, an answer and a tool's output. The renderers must show the facts, escape the markup
// and mask the secrets.

const RUN = '11111111-2222-4333-8444-555555555555'
const BOB_TURN = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'
const ALICE_TURN = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff'
const SECRETS = {
  bearer: 'sha256~Qx7pL2mN9vR4tY8wK3jH6gF1dS5aZ0cB',
  gitlab: 'glpat-Mn4Bv7Cx2Zl9Kj5Hg8Fd',
  github: 'ghp_T6yU1iO9pA3sD7fG2hJ5kL8zX4cV0bN1mQ2',
  jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.Zm9vYmFyYmF6cXV4'
}
const SCRIPT_LINE = 'fs.read /tmp/<script>alert(1)</script>'
const TITLE = `<script>alert('title')</script> R12 & friends`

let seq = 0
function ev(hop: TraceEvent['hop'], body: EventBody, turn: string | null = BOB_TURN): TraceEvent {
  seq++
  return { ...body, seq, runId: RUN, at: 1_760_000_000_000 + seq, hop, turn }
}

const credential = (owner: string, slot: 'github' | 'mcp:docs', fingerprint: string): TraceEvent & { kind: 'credential.served' } =>
  ev('backend', { kind: 'credential.served', slot, owner, source: 'stored', credentials: [{ owner, slot, field: 'token', fingerprint, length: 40 }] }) as TraceEvent & { kind: 'credential.served' }

const rbac = (slot: 'github' | 'gitlab' | 'mcp:docs', row: 10 | 11 | null, allow: boolean, header: string, reason: string): TraceEvent =>
  ev('backend', { kind: 'rbac', slot, row, allow, status: allow ? 200 : 403, authUser: row === null ? '' : 'bob', isBot: false, header, owner: 'alice', effective: row === null ? 'alice' : header, active: 'bob', reason })

function trace(): TraceEvent[] {
  seq = 0
  const runPath = 'https://ambient.example.com/api/projects/demo/agentic-sessions/shared-1/agui/run'
  const credentialsPath = 'http://backend-service.ambient-code.svc.cluster.local:8080/api/projects/demo/agentic-sessions/shared-1/credentials'
  return [
    ev('client', { kind: 'http.request', exchange: 'x1', from: 'client', to: 'frontdoor', method: 'POST', url: runPath, headers: { Authorization: `Bearer ${SECRETS.bearer}` } }, null),
    ev('proxy', { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'bob' }, senderId: 'bob', expectedOwner: 'bob' }),
    ev('client', { kind: 'http.response', exchange: 'x1', from: 'frontdoor', to: 'client', status: 200, body: `{"runId":"${BOB_TURN}","threadId":"shared-1"}` }, null),
    ev('runner', { kind: 'http.request', exchange: 'x2', from: 'runner', to: 'backend', method: 'GET', url: `${credentialsPath}/github`, headers: { Authorization: `Bearer ${SECRETS.bearer}`, 'X-Runner-Current-User': 'bob' } }),
    rbac('github', 10, true, 'bob', 'the caller fetches their own credentials'),
    credential('bob', 'github', 'aaaa111122'),
    ev('runner', { kind: 'http.response', exchange: 'x2', from: 'backend', to: 'runner', status: 200, body: `{"token":"${SECRETS.gitlab}","userName":"Bob"}` }),
    ev('runner', { kind: 'runner.fetch', slot: 'github', auth: 'caller', currentUserHeader: 'bob', status: 200, outcome: 'ok', fallback: false }),
    rbac('mcp:docs', null, true, 'bob', "MCP endpoint: empty userID allowed; the owner's credentials"),
    credential('alice', 'mcp:docs', 'bbbb333344'),
    ev('runner', { kind: 'runner.fetch', slot: 'mcp:docs', auth: 'caller', currentUserHeader: 'bob', status: 200, outcome: 'ok', fallback: false }),
    rbac('gitlab', 11, false, 'carol', "the owner cannot fetch another user's credentials"),
    ev('runner', { kind: 'runner.env', op: 'populated', keys: ['GITHUB_TOKEN', 'MCP_DOCS_API_KEY'], files: [] }),
    ev('runner', { kind: 'log', level: 'info', text: `token ${SECRETS.github}` }),
    ev('runner', { kind: 'tool.call', tool: 'fs.read', args: SCRIPT_LINE }),
    ev('runner', { kind: 'tool.result', tool: 'fs.read', ok: false, actedAs: null, slot: null, summary: `cat: no such file; GITHUB_TOKEN=${SECRETS.github}` }),
    ev('runner', { kind: 'tool.call', tool: 'mcp.whoami', args: 'mcp.docs.whoami' }),
    ev('runner', { kind: 'tool.result', tool: 'mcp.whoami', ok: true, actedAs: 'alice', slot: 'mcp:docs', summary: "acted as alice (the credential in the docs MCP server's env)" }),
    ev('runner', { kind: 'runner.env', op: 'cleared', keys: ['GITHUB_TOKEN', 'MCP_DOCS_API_KEY'], files: [] }),
    ev('harness', { kind: 'snapshot', label: 'after-turn', holdings: [{ sink: 'mcp-env', where: 'thread shared-1: docs.API_KEY', credential: { owner: 'alice', slot: 'mcp:docs', field: 'token', fingerprint: 'bbbb333344', length: 40 } }] }),
    ev('harness', {
      kind: 'leak',
      finding: { invariant: 'foreign-credential', sink: 'mcp-env', where: 'thread shared-1: docs.API_KEY', owner: 'alice', provider: 'mcp:docs', fingerprint: 'bbbb333344', length: 40, sender: 'bob', message: `alice's mcp:docs credential sits in mcp-env after bob's turn (${SECRETS.jwt})` }
    }),
    ev('proxy', { kind: 'turn.finished', status: 'error', error: '<img src=x onerror=alert(2)>' }),
    ev('proxy', { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'alice' }, senderId: 'alice', expectedOwner: 'alice' }, ALICE_TURN),
    ev('proxy', { kind: 'turn.finished', status: 'finished' }, ALICE_TURN)
  ]
}

function bundle(): Bundle {
  const made = {
    format: BUNDLE_FORMAT,
    credscope: '0.1.0',
    createdAt: '2026-05-01T10:00:00.000Z',
    scenario: { file: 'xss.yaml', name: 'xss-demo', source: `scenario: xss-demo\ntitle: "${TITLE}"\nsteps: []\n` },
    platform: 'head',
    profile: 'as-is',
    flaws: ['r12-mcp-credentials-owner-only'],
    seed: 3,
    replay: 'credscope replay xss.credscope-bundle.json',
    rerun: '',
    result: { passed: false, failures: ["step 1: credentials.mcp:docs: expected bob's mcp:docs credential, the backend served alice's"] },
    leaks: [],
    trace: trace()
  }
  const parsed = parseBundle(JSON.stringify(made))
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed
}

const NOW = new Date('2026-05-02T08:00:00.000Z')
const model = (turn?: string) => reportOfBundle(bundle(), 'reports/xss.credscope-bundle.json', { credscope: '0.1.0', turn, now: NOW })
const RERUN = 'credscope run xss.credscope-bundle.json --platform head --profile hardened --flaw r12-mcp-credentials-owner-only --seed 3'

describe('the HTML report', () => {
  const { filename, content } = renderReport(model(), 'html')
  const { document, errors } = parseHtml(content)
  const fact = (name: string): string => text(only(withAttr(document, 'data-fact', name), `[data-fact=${name}]`))

  it('is one well-formed page that runs nothing and loads nothing', () => {
    expect(filename).toBe('xss.credscope-report.html')
    expect(errors).toEqual([])
    expect(byTag(document, 'script')).toEqual([])
    expect(elements(document).flatMap((e) => e.attrs.filter((a) => a.name.startsWith('on') || a.name === 'src' || (a.name === 'href' && !a.value.startsWith('#'))))).toEqual([])
    expect(byTag(document, 'link')).toEqual([])
    const policy = byTag(document, 'meta').find((m) => attr(m, 'http-equiv') === 'Content-Security-Policy')
    expect(policy && attr(policy, 'content')).toBe("default-src 'none'; style-src 'unsafe-inline'")
  })

  it('shows markup from the scenario and the turn as text', () => {
    expect(text(only(byTag(document, 'title'), 'title'))).toBe(`credscope report: ${TITLE}`)
    expect(fact('title')).toBe(TITLE)
    expect(text(only(withAttr(document, 'data-fact', 'message'), 'message'))).toBe(`${SCRIPT_LINE} mcp.docs.whoami`)
    expect(byTag(document, 'img')).toEqual([])
    expect(content).toContain('&lt;img src=x onerror=alert(2)&gt;')
  })

  it('says what ran, the verdict and the command that runs it again', () => {
    expect(fact('platform')).toBe('head (0b59fe7de) the platform as its users run it today')
    expect(fact('profile')).toBe('as-is (head · as-is)')
    expect(fact('seed')).toBe('3')
    expect(fact('flaws')).toBe("r12-mcp-credentials-owner-only MCP credentials are always the owner's")
    expect(fact('verdict')).toBe('FAILED 1 expectation failed; 1 leak finding.')
    expect(fact('failures')).toBe("step 1: credentials.mcp:docs: expected bob's mcp:docs credential, the backend served alice's")
    expect(fact('rerun')).toBe(RERUN)
  })

  it("tells bob's turn: whose credential each hop used, what cleanup left, the deciding RBAC rows", () => {
    const turn = only(withAttr(document, 'data-turn', BOB_TURN).filter((e) => e.tagName === 'article'), "bob's turn")
    expect(text(only(withAttr(turn, 'data-fact', 'sender'), 'sender'))).toBe('bob')
    expect(text(only(withAttr(turn, 'data-fact', 'expected'), 'expected owner'))).toBe('bob')
    const ledger = (slot: string) => only(withAttr(turn, 'data-slot', slot).filter((e) => e.tagName === 'tr' && attr(e, 'data-owner') !== null && attr(e, 'data-row') === null), `ledger row ${slot}`)
    expect([attr(ledger('github'), 'data-owner'), attr(ledger('github'), 'data-foreign'), attr(ledger('github'), 'data-cleaned')]).toEqual(['bob', 'false', 'true'])
    expect(text(ledger('github'))).toBe('github aaaa111122 bob caller token as bob row 10 · allow the caller fetches their own credentials env GITHUB_TOKEN nothing: cleanup removed it ✓')
    expect([attr(ledger('mcp:docs'), 'data-owner'), attr(ledger('mcp:docs'), 'data-foreign'), attr(ledger('mcp:docs'), 'data-cleaned')]).toEqual(['alice', 'true', 'false'])
    expect(text(ledger('mcp:docs'))).toContain('alice not bob’s caller token as bob outside the table · allow')
    expect(text(ledger('mcp:docs'))).toContain('mcp-env (thread shared-1: docs.API_KEY)')

    const decision = (slot: string) => only(withAttr(turn, 'data-row').filter((e) => attr(e, 'data-slot') === slot), `decision ${slot}`)
    expect(text(decision('github'))).toBe("github allow · 200 row 10: user A; header H ≠ O; A = H → allow, with H's (= A's) credentials A=bob H=bob O=alice E=bob M=bob the caller fetches their own credentials")
    expect(attr(decision('gitlab'), 'data-allow')).toBe('false')
    expect(text(decision('gitlab'))).toContain("row 11: user A; header H ≠ O; A ≠ H, including A = O → 403. The owner can't fetch another user's credentials.")
    expect(text(decision('mcp:docs'))).toContain('outside the table: no row of the table decided it A="" H=bob O=alice E=alice M=bob')
  })

  it('draws the turn as a sequence diagram: the lead-in, the arrows with their identity headers, the marks', () => {
    const turn = only(withAttr(document, 'id', 'turn-1'), 'turn 1')
    const rows = withAttr(turn, 'data-seq').filter((e) => e.tagName === 'tr')
    // Every event but the log line, in the order it happened: the lead-in's answer after the turn started.
    expect(rows.map((r) => Number(attr(r, 'data-seq')))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 21, 22])
    const row = (n: number) => text(rows.find((r) => attr(r, 'data-seq') === String(n))!)
    expect(row(1)).toBe('1 POST …/agui/run → 200 Authorization: Bearer sha256~…Z0cB')
    expect(row(4)).toBe('4 GET …/credentials/github → 200 Authorization: Bearer sha256~…Z0cB X-Runner-Current-User: bob')
    expect(row(10)).toBe('10 SERVED alice (not bob\'s turn)\'s mcp:docs (stored)')
    expect(row(18)).toBe("18 ACTED AS mcp.docs.whoami → alice (not bob's turn): acted as alice (the credential in the docs MCP server's env)")
    expect(attr(rows.find((r) => attr(r, 'data-seq') === '18')!, 'class')).toBe('t-bad')
  })

  it('lists every turn and links the ones told in full', () => {
    const list = only(byTag(document, 'table').filter((t) => attr(t, 'class') === 'turns'), 'turn list')
    expect(byTag(list, 'tr').slice(1).map(text)).toEqual([
      "1 bob bob error github bob mcp:docs alice 1 1",
      '2 alice alice finished none 0 0'
    ])
  })

  it('holds no secret whole, not even one pasted into a hand-edited bundle', () => {
    for (const secret of Object.values(SECRETS)) expect(content.includes(secret), secret.slice(0, 6)).toBe(false)
    expect(unmaskedSecrets(content)).toEqual([])
  })
})

describe('the Markdown report', () => {
  const { filename, content } = renderReport(model(), 'md')

  it('has the facts as GitHub tables', () => {
    expect(filename).toBe('xss.credscope-report.md')
    const [ledger] = tablesHeaded(content, ['Credential', 'Owner', 'Fetched with', 'Decision', 'Went to', 'Left after cleanup'])
    expect(ledger?.rows).toEqual([
      ['github aaaa111122', 'bob', 'caller token as bob', 'row 10 · allow: the caller fetches their own credentials', 'env GITHUB_TOKEN', 'nothing: cleanup removed it ✓'],
      ['mcp:docs bbbb333344', "alice (not bob's)", 'caller token as bob', "outside the table · allow: MCP endpoint: empty userID allowed; the owner's credentials", 'env MCP_DOCS_API_KEY; tool mcp.whoami', 'mcp-env (thread shared-1: docs.API_KEY)']
    ])
    const [rbac] = tablesHeaded(content, ['Credential', 'Decision', 'Deciding row', 'Inputs', 'Why'])
    expect(rbac?.rows.map((r) => r.slice(0, 3))).toEqual([
      ['github', 'allow · 200', "row 10: user A; header H ≠ O; A = H → allow, with H's (= A's) credentials"],
      ['mcp:docs', 'allow · 200', 'outside the table'],
      ['gitlab', 'deny · 403', "row 11: user A; header H ≠ O; A ≠ H, including A = O → 403. The owner can't fetch another user's credentials."]
    ])
    const [ran] = tablesHeaded(content, ['', ''])
    expect(Object.fromEntries(ran!.rows.map(([k, v]) => [k, v]))).toMatchObject({ Platform: 'head (0b59fe7de): the platform as its users run it today', Profile: 'as-is (head · as-is)', 'Flaws on': '1: r12-mcp-credentials-owner-only', Seed: '3' })
    expect(tablesHeaded(content, ['#', 'Sender', 'Should use', 'Status', 'Credentials served', 'Leaks', 'Denied'])[0]?.rows[0]).toEqual(['1', 'bob', 'bob', 'error', "github bob, mcp:docs alice (not bob's)", '1', '1'])
    expect(content).toContain(`\`\`\`sh\n${RERUN}\n\`\`\``)
  })

  it('lists the hops by event number, requests with their status and identity headers', () => {
    expect(content).toContain('- 4 · runner → backend: `GET …/credentials/github` → 200 · `Authorization: Bearer sha256~…Z0cB` `X-Runner-Current-User: bob`')
    expect(content).toContain("- 10 · backend: **SERVED alice (not bob's turn)'s mcp:docs (stored)**")
  })

  it('renders the markup of the scenario and the turn as text, never as HTML', () => {
    const { document } = parseHtml(markdownToHtml(content))
    expect(byTag(document, 'script')).toEqual([])
    expect(byTag(document, 'img')).toEqual([])
    expect(text(only(byTag(document, 'h1'), 'h1'))).toBe(`credscope report: ${TITLE}`)
    expect(text(document)).toContain(SCRIPT_LINE)
  })

  it('holds no secret whole', () => {
    for (const secret of Object.values(SECRETS)) expect(content.includes(secret), secret.slice(0, 6)).toBe(false)
    expect(unmaskedSecrets(content)).toEqual([])
  })
})

describe('a report of one turn', () => {
  it('tells that turn in full, names it in the title and the file, and lists the others', () => {
    const one = model('2')
    expect(one.title).toBe(`${TITLE}: turn 2`)
    expect(one.turns.map((t) => t.turn)).toEqual([ALICE_TURN])
    expect(one.turnList).toHaveLength(2)
    expect(renderReport(one, 'md').filename).toBe('xss.turn-2.credscope-report.md')
    expect(model('aaaaaaaa').turns.map((t) => t.number)).toEqual([1])
  })

  it('refuses a turn the run does not have, saying which it has', () => {
    expect(() => model('3')).toThrow(new ReportError('bad-input', 'turn 3: the run has turns 1 to 2'))
    expect(() => model('aaaaaaab-bbbb-4ccc-8ddd-eeeeeeeeeeee')).toThrow(`no turn aaaaaaab-bbbb-4ccc-8ddd-eeeeeeeeeeee in the run; did you mean ${BOB_TURN}?`)
  })
})
