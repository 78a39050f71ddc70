import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLEANED_SINKS, endOfRunHoldingFindings, leftoverDeliveryFindings, leftoverLineFindings, leftoverLingeringFindings, recordFileFinding, turnFindings } from '../../src/main/ledger/leak-detector'
import { secretsInFile } from '../../src/main/ledger/record-scan'
import type { EndedTurn, TurnInfo } from '../../src/main/turns/turns'
import { Redactor } from '../../src/main/trace/redactor'
import { CanaryRegistry } from '../../src/main/vault/canaries'
import type { CredentialRef, EventOf, SinkHolding, SinkKind } from '../../src/shared/events'

// The leak detector on its own: an ended turn's evidence in, findings out. Each rule has a case
// that fails if the rule breaks: whose credential may be seen, where, and what cleanup must empty.

const ref = (owner: string, slot: CredentialRef['slot'] = 'github'): CredentialRef => ({ owner, slot, field: 'token', fingerprint: `fp-${owner}-${slot}`, length: 40 })
const hold = (sink: SinkKind, where: string, owner: string): SinkHolding => ({ sink, where, credential: ref(owner) })

function served(owner: string, slot: CredentialRef['slot'] = 'github'): EventOf<'credential.served'> {
  return { kind: 'credential.served', slot: slot === 'bearer' ? 'github' : slot, owner, source: 'stored', credentials: [ref(owner, slot)], seq: 1, runId: 'r', at: 0, hop: 'backend', turn: 't' }
}

function ended(over: Partial<EndedTurn> & { expectedOwner?: string | null; thread?: string } = {}): EndedTurn {
  const info: TurnInfo = {
    turn: 't',
    project: 'demo',
    session: 'shared-1',
    thread: over.thread ?? 'shared-1',
    sender: { kind: 'user', userId: 'bob' },
    expectedOwner: over.expectedOwner === undefined ? 'bob' : over.expectedOwner,
    senderPlatformId: 'bob',
    startedAt: 0,
    finishedAt: 1,
    status: 'finished',
    error: null
  }
  return { info, holdings: over.holdings ?? [], served: over.served ?? [], secretLines: over.secretLines ?? [], deliveries: over.deliveries ?? [], lingering: over.lingering ?? [] }
}

describe('turnFindings: what the backend served', () => {
  it("finds a credential of anyone but the sender served into the turn, with the fetch it answered", () => {
    expect(turnFindings(ended({ served: [served('bob'), served('alice', 'mcp:docs')] }))).toEqual([
      {
        invariant: 'foreign-credential',
        sink: 'runner-env',
        where: 'served for the mcp:docs fetch',
        owner: 'alice',
        provider: 'mcp:docs',
        fingerprint: 'fp-alice-mcp:docs',
        length: 40,
        sender: 'bob',
        message: "the backend served alice's mcp:docs credential into bob's turn"
      }
    ])
  })

  it("accepts the sender's own credentials and the platform's (session and API-key ServiceAccounts, platform secrets)", () => {
    expect(turnFindings(ended({ served: [served('bob'), served('sa:demo/ambient-session-shared-1'), served('platform:google-oauth-client')] }))).toEqual([])
  })

  it('finds every person\'s credential in a turn nobody is expected for, and says the turn is unattributed', () => {
    const found = turnFindings(ended({ expectedOwner: null, served: [served('bob')] }))
    expect(found.map((f) => [f.owner, f.sender, f.message])).toEqual([['bob', null, "the backend served bob's github credential into an unattributed turn"]])
  })

  it('finds a project-wide token served to a non-owner (R13): it is nobody\'s own', () => {
    expect(turnFindings(ended({ served: [served('project:demo')] })).map((f) => f.owner)).toEqual(['project:demo'])
  })
})

describe('turnFindings: what the api-server served', () => {
  it("names the control plane's api-server as the one that served a foreign credential", () => {
    const event = { ...served('alice'), hop: 'control-plane' as const }
    expect(turnFindings(ended({ served: [event] })).map((f) => f.message)).toEqual(["the api-server served alice's github credential into bob's turn"])
  })
})

describe('turnFindings: what the pod held as the turn ended', () => {
  it("finds anyone else's credential in a sink the turn could reach", () => {
    const found = turnFindings(ended({ holdings: [hold('runner-env', 'GITHUB_TOKEN', 'alice'), hold('mcp-config', 'docs.API_KEY', 'alice')] }))
    expect(found.map((f) => [f.invariant, f.sink, f.message])).toEqual([
      ['foreign-credential', 'runner-env', "alice's github credential sits in runner-env (GITHUB_TOKEN) after bob's turn"],
      ['foreign-credential', 'mcp-config', "alice's github credential sits in mcp-config (docs.API_KEY) after bob's turn"]
    ])
  })

  it("judges a worker's and its MCP servers' env only for the turn's own thread", () => {
    const holdings = [hold('worker-env', 'thread other: GITHUB_TOKEN', 'alice'), hold('mcp-env', 'thread other: docs.API_KEY', 'alice'), hold('worker-env', 'thread shared-1: GITHUB_TOKEN', 'alice'), hold('mcp-env', 'thread shared-1: docs.API_KEY', 'alice')]
    expect(turnFindings(ended({ holdings })).map((f) => f.where)).toEqual(['thread shared-1: GITHUB_TOKEN', 'thread shared-1: docs.API_KEY'])
  })

  it(`finds even the sender's own credential left in the sinks cleanup must empty (${CLEANED_SINKS.join(', ')}), and nowhere else`, () => {
    const holdings = [hold('runner-env', 'GITHUB_TOKEN', 'bob'), hold('workspace-file', '/workspace/.google/credentials.json', 'bob'), hold('runner-context', 'caller_token', 'bob'), hold('worker-env', 'thread shared-1: GITHUB_TOKEN', 'bob'), hold('mcp-env', 'thread shared-1: docs.API_KEY', 'bob'), hold('mcp-config', 'docs.API_KEY', 'bob')]
    const found = turnFindings(ended({ holdings }))
    expect(found.map((f) => [f.invariant, f.sink])).toEqual([
      ['left-after-cleanup', 'runner-env'],
      ['left-after-cleanup', 'workspace-file'],
      ['left-after-cleanup', 'runner-context']
    ])
    expect(found[2]?.message).toBe("bob's github credential is still in runner-context (caller_token) after cleanup")
  })

  it("never counts the platform's own secrets, in any sink", () => {
    expect(turnFindings(ended({ holdings: [hold('runner-env', 'BOT_TOKEN', 'sa:demo/ambient-session-shared-1'), hold('runner-env', 'GOOGLE_OAUTH_CLIENT_SECRET', 'platform:google-oauth-client')] }))).toEqual([])
  })

  it('looks at no pod at all for a turn the runner never took', () => {
    expect(turnFindings({ ...ended(), holdings: null })).toEqual([])
  })
})

describe('turnFindings: what a custom MCP server received', () => {
  it("finds every credential a custom MCP endpoint received, the sender's own and the platform's too, by url", () => {
    const deliveries = [{ url: 'https://mcp.bob.example/mcp', refs: [ref('bob'), ref('alice', 'jira'), ref('sa:demo/ambient-session-shared-1', 'bearer')] }]
    expect(turnFindings(ended({ deliveries })).map((f) => [f.invariant, f.sink, f.where, f.owner, f.sender, f.message])).toEqual([
      ['sent-to-custom-server', 'mcp-remote', 'https://mcp.bob.example/mcp', 'bob', 'bob', "bob's github token was sent to the custom MCP server at https://mcp.bob.example/mcp in bob's turn"],
      ['sent-to-custom-server', 'mcp-remote', 'https://mcp.bob.example/mcp', 'alice', 'bob', "alice's jira token was sent to the custom MCP server at https://mcp.bob.example/mcp in bob's turn"],
      ['sent-to-custom-server', 'mcp-remote', 'https://mcp.bob.example/mcp', 'sa:demo/ambient-session-shared-1', 'bob', "sa:demo/ambient-session-shared-1's bearer token was sent to the custom MCP server at https://mcp.bob.example/mcp in bob's turn"]
    ])
  })

  it('reports a delivery no turn claimed at the end of the run, with no sender', () => {
    expect(leftoverDeliveryFindings([{ url: 'https://mcp.bob.example/mcp', refs: [ref('carol')] }])).toEqual([
      { invariant: 'sent-to-custom-server', sink: 'mcp-remote', where: 'https://mcp.bob.example/mcp', owner: 'carol', provider: 'github', fingerprint: 'fp-carol-github', length: 40, sender: null, message: "carol's github token was sent to the custom MCP server at https://mcp.bob.example/mcp outside any turn" }
    ])
  })
})

describe('turnFindings: records and duplicates', () => {
  it('finds every secret a log or audit line of the turn carried', () => {
    const found = turnFindings(ended({ secretLines: [{ sink: 'audit', refs: [ref('bob'), ref('alice', 'jira')] }] }))
    expect(found.map((f) => [f.invariant, f.sink, f.where, f.owner, f.sender, f.message])).toEqual([
      ['secret-in-record', 'audit', 'audit line', 'bob', 'bob', "an audit line carried bob's github secret"],
      ['secret-in-record', 'audit', 'audit line', 'alice', 'bob', "an audit line carried alice's jira secret"]
    ])
  })

  it('finds every secret an AG-UI event carried, named by the event type, and one outside any turn', () => {
    const found = turnFindings(ended({ secretLines: [{ sink: 'event-log', refs: [ref('bob', 'coderabbit')], record: 'TOOL_CALL_RESULT' }] }))
    expect(found.map((f) => [f.invariant, f.sink, f.where, f.owner, f.sender, f.message])).toEqual([
      ['secret-in-record', 'event-log', 'AG-UI TOOL_CALL_RESULT event', 'bob', 'bob', "an AG-UI TOOL_CALL_RESULT event sent to the browser and kept in the session's event log carried bob's coderabbit secret"]
    ])
    expect(leftoverLineFindings([{ sink: 'event-log', refs: [ref('bob')], record: 'MESSAGES_SNAPSHOT' }]).map((f) => f.where)).toEqual(['AG-UI MESSAGES_SNAPSHOT event outside any turn'])
  })

  it('reports one secret in one place once, however often it was seen there', () => {
    const found = turnFindings(ended({ served: [served('alice'), served('alice')], holdings: [hold('runner-env', 'GITHUB_TOKEN', 'alice'), hold('runner-env', 'GITHUB_TOKEN', 'alice'), hold('runner-env', 'GH_TOKEN', 'alice')] }))
    expect(found.map((f) => f.where)).toEqual(['served for the github fetch', 'GITHUB_TOKEN', 'GH_TOKEN'])
  })
})

describe('turnFindings: what a background process used', () => {
  const use = (sender: string, ...refs: CredentialRef[]) => ({ startedBy: { turn: 'turn-b-0123456', sender }, line: 'git.whoami', refs })

  it("finds a credential of anyone but the process's starter, naming the turn that left it running", () => {
    const found = turnFindings(ended({ expectedOwner: 'alice', lingering: [use('bob', ref('alice'), ref('bob'), ref('sa:demo/x'))] }))
    expect(found).toEqual([
      {
        invariant: 'foreign-credential',
        sink: 'background-process',
        where: 'git.whoami (left running by turn turn-b-0)',
        owner: 'alice',
        provider: 'github',
        fingerprint: 'fp-alice-github',
        length: 40,
        sender: 'bob',
        message: "a background process bob's turn left running (git.whoami) used alice's github credential during alice's turn"
      }
    ])
  })

  it('counts every user credential as foreign to a process no user started, and tells one outside any turn', () => {
    expect(leftoverLingeringFindings([use('', ref('carol'))]).map((f) => [f.sender, f.message])).toEqual([[null, "a background process no user's turn left running (git.whoami) used carol's github credential outside any turn"]])
  })
})

describe('the end of the run', () => {
  it('reports lines no turn claimed as outside any turn, with no sender', () => {
    expect(leftoverLineFindings([{ sink: 'log', refs: [ref('carol')] }])).toEqual([
      { invariant: 'secret-in-record', sink: 'log', where: 'log line outside any turn', owner: 'carol', provider: 'github', fingerprint: 'fp-carol-github', length: 40, sender: null, message: "a log line carried carol's github secret" }
    ])
  })

  it('reports what a runner still holds in the cleaned sinks, and only there', () => {
    const found = endOfRunHoldingFindings('demo/shared-1', [hold('runner-env', 'GITHUB_TOKEN', 'bob'), hold('worker-env', 'thread x: GITHUB_TOKEN', 'bob'), hold('runner-env', 'BOT_TOKEN', 'sa:demo/x')])
    expect(found.map((f) => [f.invariant, f.sink, f.sender, f.message])).toEqual([['left-after-cleanup', 'runner-env', null, "bob's github credential is still in demo/shared-1's runner-env (GITHUB_TOKEN) at the end of the run"]])
  })

  it('names a secret found in a record file by the file, never by its value', () => {
    expect(recordFileFinding('store', 'runs.db', ref('alice'))).toMatchObject({ invariant: 'secret-in-record', sink: 'store', where: 'runs.db', owner: 'alice', message: "the run's store holds alice's github secret in plain text" })
  })

  it('finds a secret in a file larger than a chunk, even across a chunk border, and nothing in a missing file', async () => {
    const redactor = new Redactor()
    const registry = new CanaryRegistry(redactor)
    const secret = `ghp_${'Ab1'.repeat(12)}`
    registry.register(secret, { owner: 'alice', slot: 'github', field: 'token' })
    const dir = await mkdtemp(join(tmpdir(), 'credscope-scan-'))
    try {
      const path = join(dir, 'store.db')
      const border = 8 * 1024 * 1024
      const bytes = Buffer.alloc(border + 4096, 'x')
      bytes.write(secret, border - 10, 'latin1')
      await writeFile(path, bytes)
      expect((await secretsInFile(path, (t) => registry.scan(t))).map((r) => r.owner)).toEqual(['alice'])
      expect(await secretsInFile(join(dir, 'none.db'), (t) => registry.scan(t))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
