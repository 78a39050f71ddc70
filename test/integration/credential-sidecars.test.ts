/**
 * HEAD's credential MCP servers (docs/platform/runner.md#credential-mcp-servers-at-head) and the
 * control plane's credential sidecars (docs/platform/control-plane.md#credential-sidecars): which
 * servers a worker gets, and whose credential a tool call through each acts with; kubeconfig and
 * Google bindings (docs/platform/control-plane.md#kubeconfig-and-google-bindings).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { API_SERVER_URL } from '../../src/main/net/hosts'
import type { PlatformVersion } from '../../src/shared/platform-versions'
import type { ProfileName } from '../../src/shared/profiles'
import type { WorldSpecInput } from '../../src/main/world/spec'
import { recordEvents, request, startTestEngine } from '../support/engine'

type Bindings = { github?: string; gitlab?: string; jira?: string; kubeconfig?: string; google?: string }

function world(bindings: Bindings | null, sidecars = false): WorldSpecInput {
  return {
    users: [
      { id: 'alice', email: 'alice@example.com', credentials: { mcp: [] } },
      { id: 'bob', email: 'bob@example.com', credentials: { mcp: [] } }
    ],
    projects: [
      {
        name: 'demo',
        members: { alice: 'admin' },
        sessions: [{ name: 's-1', owner: 'alice', sharedWith: { bob: 'edit' }, mcpServers: [], ...(bindings ? { controlPlane: { bindings, sidecars } } : {}) }]
      }
    ]
  }
}

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function start(spec: WorldSpecInput, profile: ProfileName = 'as-is', platform: PlatformVersion = 'head'): Promise<Engine> {
  engine = await startTestEngine({ platform, profile, world: spec })
  return engine
}

async function turn(e: Engine, user: string, message: string): Promise<string> {
  const outcome = await e.sendTurn({ sender: { kind: 'user', userId: user }, project: 'demo', session: 's-1', message })
  return outcome.turn?.turn ?? ''
}

/** The servers of the worker that ran a turn, as the worker-created step names them. */
function workerServers(events: ReturnType<typeof recordEvents>, t: string): string {
  return events.of('runner.step', t).find((s) => s.step === 'worker-created')?.detail.replace(/^thread=\S+, MCP servers: /, '') ?? ''
}

describe('the MCP servers a worker gets', () => {
  it("at the merge: the image's mcp-atlassian and google-workspace, whatever was fetched", async () => {
    const e = await start(world(null), 'as-is', 'merge')
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'jira.myself\ngoogle.whoami')
    expect(workerServers(events, t)).toBe('mcp-atlassian, google-workspace')
    expect(events.of('tool.result', t).map((r) => [r.tool, r.actedAs])).toEqual([['jira.myself', 'bob'], ['google.whoami', 'bob']])
  })

  it('at HEAD outside the control plane: Jira from the env at build time, no workspace-mcp at all', async () => {
    const e = await start(world(null))
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'jira.myself\ngoogle.whoami')
    expect(workerServers(events, t)).toBe('mcp-atlassian, gerrit')
    expect(events.of('log', t).map((l) => l.text)).toContain('Added Jira MCP server (credentials available via session endpoint)')
    const results = events.of('tool.result', t)
    expect(results.map((r) => [r.tool, r.actedAs])).toEqual([['jira.myself', 'bob'], ['google.whoami', null]])
    expect(results[1]?.summary).toBe('no google-workspace MCP server was built for this worker')
  })

  it('at HEAD, a sender without Jira gets no Jira server: the fallback needs JIRA_URL and JIRA_API_TOKEN in the env', async () => {
    const spec = world(null)
    spec.users[1] = { id: 'bob', credentials: { jira: false, mcp: [] } }
    const e = await start(spec)
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'jira.myself')
    expect(workerServers(events, t)).toBe('gerrit')
    expect(events.of('tool.result', t).map((r) => r.summary)).toEqual(['no credential: JIRA_API_TOKEN of the jira MCP server is empty'])
  })

  it("with CREDENTIAL_IDS: the registry's server for a bound Jira credential, its env expanded now from what populate set (the control plane's answer has no url or email)", async () => {
    const e = await start(world({ jira: 'alice' }))
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'jira.myself')
    expect(events.of('log', t).map((l) => l.text)).toContain('Configured mcp-atlassian MCP server for bound credential (provider: jira)')
    const worker = e.runner('demo', 's-1')?.bridge.sessionManager.getExisting('s-1')
    const env = worker?.mcpServers['mcp-atlassian']?.env ?? {}
    expect({ ...env, JIRA_API_TOKEN: e.sim.registry.refOf(env.JIRA_API_TOKEN ?? '')?.owner }).toEqual({
      JIRA_URL: '',
      JIRA_USERNAME: '',
      JIRA_API_TOKEN: 'alice',
      JIRA_SSL_VERIFY: 'true',
      READ_ONLY_MODE: 'true'
    })
  })
})

describe('credential sidecars', () => {
  it('give the runner CREDENTIAL_MCP_URLS and CREDENTIAL_SIDECAR_MODE, no CREDENTIAL_IDS; a GitLab binding, with no sidecar, reaches nothing', async () => {
    const e = await start(world({ github: 'alice', gitlab: 'alice', jira: 'alice' }, true))
    const env = e.runner('demo', 's-1')?.env
    expect(env?.get('CREDENTIAL_MCP_URLS')).toBe('{"github":"http://localhost:8091","jira":"http://localhost:8092"}')
    expect(env?.get('CREDENTIAL_SIDECAR_MODE')).toBe('true')
    expect(env?.has('CREDENTIAL_IDS')).toBe(false)
    const events = recordEvents(e)
    const t = await turn(e, 'alice', 'gitlab.whoami\ngithub.whoami')
    expect(events.of('tool.result', t).map((r) => r.actedAs)).toEqual([null, null])
    // Populate fetches no provider a sidecar handles, and installs no git helper or gh wrapper for GitHub's.
    expect([...new Set(events.of('runner.fetch', t).map((f) => f.slot))].sort()).toEqual(['coderabbit', 'gerrit', 'gitlab', 'google', 'kubeconfig'])
    expect(await e.runner('demo', 's-1')?.workspace.exists('/tmp/git-credential-ambient')).toBe(false)
  })

  it("fetch their credential and its metadata at pod start; each call acts with it, for alice and, as HEAD is, for bob (h8)", async () => {
    const e = await start(world({ github: 'alice', jira: 'alice' }, true))
    const events = recordEvents(e)
    const alice = await turn(e, 'alice', 'mcp.github.whoami\njira.myself')
    expect(workerServers(events, alice)).toBe('github, mcp-atlassian')
    expect(events.of('tool.result', alice).map((r) => [r.tool, r.actedAs])).toEqual([['mcp.whoami', 'alice'], ['jira.myself', 'alice']])
    // The runner asked the api-server for nothing: the sidecars hold the credentials.
    expect(events.of('credential.served', alice)).toEqual([])
    const bob = await turn(e, 'bob', 'mcp.github.whoami\njira.myself')
    expect(events.of('tool.result', bob).map((r) => r.actedAs)).toEqual(['alice', 'alice'])
    // As HEAD is, no call names its sender to a sidecar.
    const toSidecars = events.of('http.request', bob).filter((r) => r.url.startsWith('http://localhost:809'))
    expect(toSidecars.map((r) => [r.method, r.url, r.headers['X-Runner-Current-User']])).toEqual([
      ['GET', 'http://localhost:8091/sse', undefined],
      ['GET', 'http://localhost:8092/sse', undefined],
      ['GET', 'http://localhost:8091/sse', undefined],
      ['POST', expect.stringMatching(/^http:\/\/localhost:8091\/messages\/\?session_id=/), undefined],
      ['GET', 'http://localhost:8092/sse', undefined],
      ['POST', expect.stringMatching(/^http:\/\/localhost:8092\/messages\/\?session_id=/), undefined]
    ])
  })

  it('hardened: the runner names the sender to each sidecar, which asks the api-server for that user and is refused for bob', async () => {
    const e = await start(world({ github: 'alice', jira: 'alice' }, true), 'hardened')
    const events = recordEvents(e)
    const alice = await turn(e, 'alice', 'mcp.github.whoami')
    expect(events.of('tool.result', alice).map((r) => r.actedAs)).toEqual(['alice'])
    const bob = await turn(e, 'bob', 'mcp.github.whoami\njira.myself')
    const results = events.of('tool.result', bob)
    expect(results.map((r) => r.actedAs)).toEqual([null, null])
    expect(results[0]?.summary).toBe('the github MCP server at http://localhost:8091/sse: credential refused for bob: credential token fetch: HTTP 403 (response length: 37)')
    expect(events.of('log', bob).map((l) => l.text)).toContain('credential cred-alice-github of alice refused for the run of bob')
  })

  it('the api-server answers GET /credentials/{id} with the metadata the sidecars merge in (Jira url and email), never the token', async () => {
    const e = await start(world({ jira: 'alice' }, true))
    const cp = e.sim.controlPlane
    if (!cp) throw new Error('no control plane')
    const parsed = new URL(`${API_SERVER_URL}/api/ambient/v1/credentials/cred-alice-jira`)
    const url = `http://127.0.0.1:${e.sim.net.resolve(parsed) ?? 0}${parsed.pathname}`
    const meta = await request(url, { headers: { Authorization: `Bearer ${cp.apiToken}` } })
    expect(meta.json).toEqual({ id: 'cred-alice-jira', kind: 'Credential', href: '/api/ambient/v1/credentials/cred-alice-jira', name: 'alice-jira', provider: 'jira', url: 'https://acme.atlassian.net', email: 'alice@example.com' })
    expect((await request(url, {})).status).toBe(401)
  })
})

describe('kubeconfig and Google bindings', () => {
  it("with CREDENTIAL_IDS: the kubeconfig lands in /tmp/.ambient_kubeconfig, kubectl and the openshift server act as its creator for anyone, and clear removes it", async () => {
    const e = await start(world({ kubeconfig: 'alice' }))
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'kubectl.whoami\nmcp.openshift.whoami')
    expect(workerServers(events, t)).toBe('openshift')
    const results = events.of('tool.result', t)
    expect(results.map((r) => [r.tool, r.actedAs, r.slot])).toEqual([['kubectl.whoami', 'alice', 'kubeconfig'], ['mcp.whoami', 'alice', 'kubeconfig']])
    expect(results[0]?.summary).toBe('acted as alice (the kubeconfig at /tmp/.ambient_kubeconfig, from KUBECONFIG in the CLI env)')
    expect(events.of('credential.served', t).map((s) => [s.slot, s.owner, s.credentials.map((c) => c.field)])).toContainEqual(['kubeconfig', 'alice', ['kubeconfig token']])
    expect(await e.runner('demo', 's-1')?.workspace.exists('/tmp/.ambient_kubeconfig')).toBe(false)
    expect(events.of('runner.env', t).find((r) => r.op === 'cleared')?.keys).toContain('KUBECONFIG')
  })

  it('hardened: the api-server refuses bob the kubeconfig bound to the session, so kubectl has none', async () => {
    const e = await start(world({ kubeconfig: 'alice' }), 'hardened')
    const events = recordEvents(e)
    const alice = await turn(e, 'alice', 'kubectl.whoami')
    expect(events.of('tool.result', alice).map((r) => r.actedAs)).toEqual(['alice'])
    const bob = await turn(e, 'bob', 'kubectl.whoami')
    expect(events.of('tool.result', bob).map((r) => [r.actedAs, r.summary])).toEqual([[null, 'no credential: KUBECONFIG in the CLI env is empty']])
  })

  it("an expired kubeconfig token is refused by the API server's SelfSubjectReview", async () => {
    const e = await start(world({ kubeconfig: 'alice' }))
    const events = recordEvents(e)
    const kubeconfig = e.sim.cluster.tokensOf({ kind: 'user', userId: 'alice' }).find((r) => r.purpose === 'kubeconfig')
    e.sim.cluster.expire(kubeconfig?.token ?? '')
    const t = await turn(e, 'alice', 'kubectl.whoami')
    expect(events.of('tool.result', t).map((r) => r.summary)).toEqual(['the API server refused the credential (HTTP 401)'])
  })

  it("with CREDENTIAL_IDS, a Google credential's one string is written as service-account JSON to credentials.json, which the workspace-mcp built for it cannot read", async () => {
    const e = await start(world({ google: 'alice' }))
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'google.whoami')
    expect(workerServers(events, t)).toBe('google-workspace')
    expect(events.of('tool.result', t).map((r) => [r.actedAs, r.summary])).toEqual([[null, 'no credential: the credentials file workspace-mcp reads is empty']])
    const file = (await e.runner('demo', 's-1')?.workspace.read('/workspace/.google_workspace_mcp/credentials/credentials.json')) ?? ''
    expect(e.sim.registry.refOf(file)).toMatchObject({ owner: 'alice', slot: 'google' })
  })

  it("with sidecars: credential-k8s acts with the kubeconfig it fetched; credential-google reads accessToken, which no api-server answer has, so it has nothing; the runner gets no KUBECONFIG", async () => {
    const e = await start(world({ kubeconfig: 'alice', google: 'alice' }, true))
    expect(e.runner('demo', 's-1')?.env.get('CREDENTIAL_MCP_URLS')).toBe('{"google":"http://localhost:8094","kubeconfig":"http://localhost:8093"}')
    const events = recordEvents(e)
    const t = await turn(e, 'bob', 'mcp.openshift.whoami\nmcp.google-workspace.whoami\nkubectl.whoami')
    expect(workerServers(events, t)).toBe('google-workspace, openshift')
    expect(events.of('tool.result', t).map((r) => [r.actedAs, r.slot, r.summary])).toEqual([
      ['alice', 'kubeconfig', 'acted as alice (the openshift MCP server at http://localhost:8093/sse, with the credential it holds)'],
      [null, 'google', "the google-workspace MCP server at http://localhost:8094/sse: no google credential in the sidecar's env"],
      [null, 'kubeconfig', 'no credential: KUBECONFIG in the CLI env is empty']
    ])
  })
})
