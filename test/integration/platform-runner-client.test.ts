import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_FILES, CLEARED_KEYS_HEAD } from '../../src/main/runner/credentials-env'
import { BOT_TOKEN_FILE, GERRIT_CONFIG_FILE, GIT_CREDENTIAL_HELPER, googleCredentialsFile } from '../../src/main/runner/pod'
import { type ServedApp, startServedApp } from '../support/serve-process'

// The Done-when of "the platform users run today": the platform's own runner credential client
// from 0b59fe7de (auth.py, unmodified, test/fixtures/platform-head) pointed at `credscope serve
// --platform head` fetches every provider, and its populate and clear write and remove the HEAD
// env keys and files. What came back is judged by credscope's own "whose is this value".

const HARNESS = resolve(import.meta.dirname, '../fixtures/platform-head/harness.py')

interface PodState {
  env: Record<string, string>
  files: Record<string, string>
}

interface ClientRun {
  fetched: Record<string, unknown>
  populateError: string | null
  populated: PodState
  cleared: PodState
}

let app: ServedApp
let world: { users: Array<{ id: string; token: string }>; sessions: Array<{ project: string; name: string; botToken: string; aguiToken: string; runnerUrl: string }> }

beforeAll(async () => {
  app = await startServedApp(['--platform', 'head', '--seed', '7'])
  const response = await fetch(`${app.ready.controlUrl}/world`, { headers: { Authorization: `Bearer ${app.ready.controlToken}` } })
  world = (await response.json()) as typeof world
})

afterAll(async () => {
  await app?.stop()
})

/** Runs the platform's client in a fresh pod directory as `user`, with its caller token or none. */
async function runClient(user: string, callerToken: string): Promise<ClientRun> {
  const root = await mkdtemp(join(tmpdir(), 'credscope-platform-client-'))
  try {
    const bot = world.sessions.find((s) => s.name === 'shared-1')?.botToken ?? ''
    // The operator's read-only mount of the session's BOT token.
    await mkdir(dirname(join(root, BOT_TOKEN_FILE)), { recursive: true })
    await writeFile(join(root, BOT_TOKEN_FILE), bot)
    for (const dir of ['home', 'tmp', 'workspace']) await mkdir(join(root, dir), { recursive: true })
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(root, 'home'),
      TMPDIR: join(root, 'tmp'),
      BACKEND_API_URL: `${app.ready.backendUrl}/api`,
      PROJECT_NAME: 'demo',
      GOOGLE_OAUTH_CLIENT_ID: 'credscope-workspace.apps.googleusercontent.com',
      MCP_CONFIG_FILE: join(root, 'no-mcp.json'),
      // The vendored platform code stays as it was vendored: no __pycache__ beside it.
      PYTHONDONTWRITEBYTECODE: '1'
    }
    const child = spawn('python3', [HARNESS, root, 'shared-1', user, callerToken], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.on('close', done))
    expect(code, err.slice(-2000)).toBe(0)
    return JSON.parse(out) as ClientRun
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

async function whose(value: string): Promise<string | null> {
  const response = await fetch(`${app.ready.controlUrl}/whose?value=${encodeURIComponent(value)}`, { headers: { Authorization: `Bearer ${app.ready.controlToken}` } })
  return response.status === 200 ? ((await response.json()) as { owner: string }).owner : null
}

function field(value: unknown, key: string): string {
  const got = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  return typeof got === 'string' ? got : ''
}

describe("the platform's own runner credential client (auth.py at 0b59fe7de) against serve --platform head", () => {
  let bob: ClientRun

  beforeAll(async () => {
    const token = world.users.find((u) => u.id === 'bob')?.token ?? ''
    bob = await runClient('bob', `Bearer ${token}`)
  })

  it('fetches every provider as bob, coderabbit and gerrit included, and gets no kubeconfig (no backend route)', async () => {
    const { fetched } = bob
    expect(await whose(field(fetched.github, 'token'))).toBe('bob')
    expect(await whose(field(fetched.gitlab, 'token'))).toBe('bob')
    expect(await whose(field(fetched.jira, 'apiToken'))).toBe('bob')
    expect(await whose(field(fetched.google, 'accessToken'))).toBe('bob')
    expect(await whose(field(fetched.coderabbit, 'apiKey'))).toBe('bob')
    const instances = (fetched.gerrit as { instances?: Array<Record<string, unknown>> }).instances ?? []
    expect(instances).toHaveLength(1)
    expect(instances[0]).toMatchObject({ instanceName: 'review', authMethod: 'http_basic', username: 'bob' })
    expect(await whose(field(instances[0], 'httpToken'))).toBe('bob')
    expect(fetched.kubeconfig).toEqual({})
    // as-is at HEAD the MCP endpoint still serves the owner's (r12).
    expect(await whose(field((fetched['mcp/docs'] as { fields?: unknown }).fields, 'API_KEY'))).toBe('alice')
  })

  it("populates HEAD's env keys and files with bob's credentials", async () => {
    const { populated, populateError } = bob
    expect(populateError).toBeNull()
    for (const key of ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN', 'CODERABBIT_API_KEY']) expect(await whose(populated.env[key] ?? ''), key).toBe('bob')
    expect(populated.env.USER_GOOGLE_EMAIL).toBe('bob@example.com')
    expect(populated.env.GERRIT_CONFIG_PATH).toMatch(/gerrit-mcp\/gerrit_config\.json$/)
    for (const file of TOKEN_FILES.filter((f) => !f.includes('kubeconfig'))) expect(await whose(populated.files[file] ?? ''), file).toBe('bob')
    const google = JSON.parse(populated.files[googleCredentialsFile('bob@example.com')] ?? '{}') as { token?: string; expiry?: string }
    expect(await whose(google.token ?? '')).toBe('bob')
    expect(google.expiry).not.toMatch(/Z$/)
    // The backend's {"instances": [...]} arrives as one empty host: h5, as-is at HEAD.
    expect(JSON.parse(populated.files[GERRIT_CONFIG_FILE] ?? '{}')).toEqual({ gerrit_hosts: [{ name: '', external_url: '' }], default_gerrit_base_url: '' })
    expect(Object.keys(populated.files)).toContain(GIT_CREDENTIAL_HELPER)
  })

  it("clears exactly what credscope's model of HEAD clears, and keeps the Google file and the Gerrit config", () => {
    const { cleared, populated } = bob
    for (const key of CLEARED_KEYS_HEAD) expect(cleared.env[key], key).toBeUndefined()
    expect(Object.keys(populated.env).filter((k) => !(CLEARED_KEYS_HEAD as readonly string[]).includes(k)).sort()).toEqual(['GERRIT_CONFIG_PATH', 'GIT_USER_EMAIL', 'GIT_USER_NAME'])
    expect(Object.keys(cleared.env).sort()).toEqual(['GERRIT_CONFIG_PATH', 'GIT_USER_EMAIL', 'GIT_USER_NAME'])
    for (const file of TOKEN_FILES) expect(cleared.files[file], file).toBeUndefined()
    expect(Object.keys(cleared.files)).toEqual(expect.arrayContaining([googleCredentialsFile('bob@example.com'), GERRIT_CONFIG_FILE, GIT_CREDENTIAL_HELPER]))
  })

  it("without a caller token fetches with the mounted BOT token and no user header, and gets the owner's credentials (r11, r6)", async () => {
    const run = await runClient('bob', '')
    expect(await whose(field(run.fetched.github, 'token'))).toBe('alice')
    expect(await whose(run.populated.env.GITHUB_TOKEN ?? '')).toBe('alice')
  })

  it("answers a direct POST to the runner only with the session's agui-token, which /world hands the control token's holder", async () => {
    const session = world.sessions.find((s) => s.name === 'shared-1')
    expect(session?.aguiToken).toMatch(/^[0-9a-f-]{36}$/)
    const post = (headers: Record<string, string>): Promise<Response> =>
      fetch(session?.runnerUrl ?? '', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ messages: [{ role: 'user', content: 'env.dump' }] }) })
    expect((await post({})).status).toBe(401)
    const allowed = await post({ 'X-Ambient-Session-Token': session?.aguiToken ?? '' })
    expect(allowed.status).toBe(200)
    await allowed.text()
  })
})
