/**
 * Populate and clear (`populate_runtime_credentials`, `populate_mcp_server_credentials`,
 * `clear_runtime_credentials`, docs/platform/runner.md#populate-and-clear) on a real runner pod: which env keys and
 * files hold whose credential after populate, and exactly what the clear removes and leaves,
 * with PR6 and R15 on and off.
 */
import { podOf } from '../support/runner-pod'
import { mkdir } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventOf } from '../../src/shared/events'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { Engine } from '../../src/main/engine/engine'
import { RunnerContext } from '../../src/main/runner/context'
import { clearRuntimeCredentials, populateMcpServerCredentials, populateRuntimeCredentials } from '../../src/main/runner/credentials-env'
import { GIT_CONFIG_FILE, GOOGLE_CREDENTIALS_DIR, GOOGLE_CREDENTIALS_FILE, type RunnerPod } from '../../src/main/runner/pod'
import type { WorldSpecInput } from '../../src/main/world/spec'
import { MERGE_AS_SHIPPED, recordEvents, startTestEngine } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

interface Pod {
  engine: Engine
  pod: RunnerPod
  events: ReturnType<typeof recordEvents>
  /** Whose credential a value is (by the fingerprint map), or null. */
  whose(value: string | undefined): string | null
  envOps(op: 'populated' | 'cleared'): Array<EventOf<'runner.env'>>
}

/** The shared-1 runner with its context set to `user`'s turn (their own caller token). */
async function podFor(options: { user?: string; flaws?: FlawId[]; without?: FlawId[]; world?: WorldSpecInput } = {}): Promise<Pod> {
  const shipped = MERGE_AS_SHIPPED.filter((id) => !(options.without ?? []).includes(id))
  const started = await startTestEngine({ profile: 'hardened', flaws: [...shipped, ...(options.flaws ?? [])], world: options.world })
  engine = started
  const runner = started.runner('demo', 'shared-1')
  if (!runner) throw new Error('shared-1 has no runner')
  const user = options.user ?? 'bob'
  const context = new RunnerContext('shared-1', '/workspace')
  context.setCurrentUser(user, '', `Bearer ${started.userToken(user)}`)
  const pod: RunnerPod = podOf(runner, { context })
  const events = recordEvents(started)
  return {
    engine: started,
    pod,
    events,
    whose: (value) => (value ? (started.whose(value).find((r) => r.slot !== 'bearer')?.owner ?? null) : null),
    envOps: (op) => events.of('runner.env').filter((e) => e.op === op && e.hop === 'runner')
  }
}

/** One user in project demo who owns shared-1, with these credentials. */
function worldWith(credentials: Record<string, unknown>, email = 'dana@example.com'): WorldSpecInput {
  return {
    users: [{ id: 'dana', name: 'Dana', email, credentials }],
    projects: [{ name: 'demo', members: { dana: 'admin' }, sessions: [{ name: 'shared-1', owner: 'dana' }] }]
  }
}

describe('populate', () => {
  it("puts the sender's GitHub, GitLab and Jira credentials in the env and Google's in a file, and tells what it set", async () => {
    const p = await podFor()
    await populateRuntimeCredentials(p.pod)
    const { env, workspace } = p.pod
    for (const key of ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN']) expect(p.whose(env.get(key)), key).toBe('bob')
    expect(env.get('JIRA_URL')).toBe('https://acme.atlassian.net')
    expect(env.get('JIRA_EMAIL')).toBe('bob@example.com')
    expect(env.get('USER_GOOGLE_EMAIL')).toBe('bob@example.com')
    expect(env.get('GIT_USER_EMAIL')).toBe('bob@example.com')
    expect(env.get('GIT_USER_NAME')).toBe('Bob Editor')
    const file = JSON.parse((await workspace.read(GOOGLE_CREDENTIALS_FILE)) ?? '{}') as Record<string, unknown>
    expect(Object.keys(file)).toEqual(['token', 'refresh_token', 'token_uri', 'client_id', 'client_secret', 'scopes', 'expiry'])
    expect(p.whose(String(file.token))).toBe('bob')
    expect(p.whose(String(file.refresh_token))).toBe('bob')
    expect(file.token_uri).toBe('https://oauth2.googleapis.com/token')
    expect(file.client_id).toBe(env.get('GOOGLE_OAUTH_CLIENT_ID'))
    expect(file.client_secret).toBe(env.get('GOOGLE_OAUTH_CLIENT_SECRET'))
    expect(Array.isArray(file.scopes) && file.scopes.length > 0).toBe(true)
    expect(String(file.expiry)).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(await workspace.read(GIT_CONFIG_FILE)).toBe('[user]\n\tname = Bob Editor\n\temail = bob@example.com\n')
    expect(p.envOps('populated').map(({ keys, files }) => ({ keys, files }))).toEqual([
      {
        keys: ['USER_GOOGLE_EMAIL', 'JIRA_URL', 'JIRA_API_TOKEN', 'JIRA_EMAIL', 'GITLAB_TOKEN', 'GITHUB_TOKEN', 'GIT_USER_NAME', 'GIT_USER_EMAIL'],
        files: [GOOGLE_CREDENTIALS_FILE, GIT_CONFIG_FILE]
      }
    ])
  })

  it('sets nothing for a provider the sender has no credential for, and the default git identity when neither git host gives one', async () => {
    const p = await podFor({ user: 'dana', world: worldWith({ github: false, gitlab: false, jira: false, google: false, mcp: [] }) })
    await populateRuntimeCredentials(p.pod)
    const { env, workspace } = p.pod
    for (const key of ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN', 'JIRA_URL', 'JIRA_EMAIL', 'USER_GOOGLE_EMAIL']) expect(env.has(key), key).toBe(false)
    expect(await workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(false)
    expect([env.get('GIT_USER_NAME'), env.get('GIT_USER_EMAIL')]).toEqual(['Ambient Code Bot', 'bot@ambient-code.local'])
    expect(await workspace.read(GIT_CONFIG_FILE)).toBe('[user]\n\tname = Ambient Code Bot\n\temail = bot@ambient-code.local\n')
    expect(p.envOps('populated').map(({ keys, files }) => ({ keys, files }))).toEqual([{ keys: ['GIT_USER_NAME', 'GIT_USER_EMAIL'], files: [GIT_CONFIG_FILE] }])
  })

  it('takes the git identity from GitLab when there is no GitHub credential, and GitHub over GitLab when both are there', async () => {
    const gitlabOnly = await podFor({ user: 'dana', world: worldWith({ github: false, mcp: [] }) })
    await populateRuntimeCredentials(gitlabOnly.pod)
    expect([gitlabOnly.pod.env.get('GIT_USER_NAME'), gitlabOnly.pod.env.get('GIT_USER_EMAIL')]).toEqual(['Dana', 'dana@example.com'])
    expect(gitlabOnly.pod.env.has('GITHUB_TOKEN')).toBe(false)
    expect(gitlabOnly.whose(gitlabOnly.pod.env.get('GITLAB_TOKEN'))).toBe('dana')
  })

  it('writes an empty Google client id and secret when the pod has none', async () => {
    const p = await podFor()
    p.pod.env.delete('GOOGLE_OAUTH_CLIENT_ID')
    p.pod.env.delete('GOOGLE_OAUTH_CLIENT_SECRET')
    await populateRuntimeCredentials(p.pod)
    const file = JSON.parse((await p.pod.workspace.read(GOOGLE_CREDENTIALS_FILE)) ?? '{}') as Record<string, unknown>
    expect([file.client_id, file.client_secret]).toEqual(['', ''])
  })

  it('goes on when a file cannot be written, as the platform does, and says so in the log', async () => {
    const p = await podFor()
    // A directory where each file should go: the write fails as a full or read-only disk would.
    await mkdir(p.pod.workspace.real(GOOGLE_CREDENTIALS_FILE), { recursive: true })
    await mkdir(p.pod.workspace.real(GIT_CONFIG_FILE), { recursive: true })
    await populateRuntimeCredentials(p.pod)
    const warnings = p.events.of('log').filter((l) => l.hop === 'runner' && l.level === 'warning').map((l) => l.text)
    // Told as Python's OSError tells it, with the pod path and never the disk path under it.
    expect(warnings).toEqual([
      `Failed to write Google credentials: [Errno 21] Is a directory: '${GOOGLE_CREDENTIALS_FILE}'`,
      `git config --global failed: [Errno 21] Is a directory: '${GIT_CONFIG_FILE}'`
    ])
    expect(p.pod.env.has('USER_GOOGLE_EMAIL')).toBe(false)
    expect(p.whose(p.pod.env.get('GITHUB_TOKEN'))).toBe('bob')
    expect(p.envOps('populated')[0]?.files).toEqual([])
  })

  it('leaves USER_GOOGLE_EMAIL unset for the placeholder address', async () => {
    const p = await podFor({ user: 'dana', world: worldWith({ github: false, gitlab: false, jira: false, mcp: [] }, 'user@example.com') })
    await populateRuntimeCredentials(p.pod)
    expect(await p.pod.workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(true)
    expect(p.pod.env.has('USER_GOOGLE_EMAIL')).toBe(false)
  })

  it("fills each MCP server's ${MCP_…} env from its own credential fetch", async () => {
    const p = await podFor()
    await populateMcpServerCredentials(p.pod)
    expect(p.whose(p.pod.env.get('MCP_DOCS_API_KEY'))).toBe('bob')
    expect(p.envOps('populated').map(({ keys, files }) => ({ keys, files }))).toEqual([{ keys: ['MCP_DOCS_API_KEY'], files: [] }])
    expect(p.events.of('runner.fetch').map((f) => f.slot)).toEqual(['mcp:docs'])
  })

  it('sets no MCP env and tells nothing when no server refers to an MCP variable, or the fetch brings nothing', async () => {
    const none = await podFor({ user: 'dana', world: worldWith({ mcp: [] }) })
    await populateMcpServerCredentials(none.pod)
    expect(none.events.of('runner.fetch').map((f) => f.slot)).toEqual(['mcp:docs'])
    expect(none.envOps('populated')).toEqual([])
    expect([...none.pod.env.keys()].filter((k) => k.startsWith('MCP_') && k !== 'MCP_CONFIG_FILE')).toEqual([])
  })
})

describe('clear', () => {
  it('removes every credential key, the MCP variables, the Google file and its directory, and the git identity', async () => {
    const p = await podFor()
    await populateRuntimeCredentials(p.pod)
    await populateMcpServerCredentials(p.pod)
    p.pod.env.set('MCP_CONFIG_FILE_X', 'a server variable: two underscores, not MCP_CONFIG_FILE itself')
    p.pod.env.set('MCP_NOTE', 'one underscore: not a server variable')
    p.pod.env.set('MCP_DOCS_TOKEN', 'two underscores: a server variable')
    await clearRuntimeCredentials(p.pod)
    const { env, workspace } = p.pod
    expect([...env.keys()].filter((k) => /TOKEN$|^JIRA_|^USER_GOOGLE|^GIT_USER|^MCP_/.test(k)).sort()).toEqual(['BOT_TOKEN', 'MCP_CONFIG_FILE', 'MCP_NOTE'])
    expect(await workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(false)
    expect(await workspace.exists(GOOGLE_CREDENTIALS_DIR)).toBe(false)
    expect(await workspace.exists(GIT_CONFIG_FILE)).toBe(false)
    expect(p.envOps('cleared').map(({ keys, files }) => ({ keys: [...keys].sort(), files }))).toEqual([
      {
        keys: ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'GIT_USER_EMAIL', 'GIT_USER_NAME', 'JIRA_API_TOKEN', 'JIRA_EMAIL', 'JIRA_URL', 'MCP_CONFIG_FILE_X', 'MCP_DOCS_API_KEY', 'MCP_DOCS_TOKEN', 'USER_GOOGLE_EMAIL'],
        files: [GOOGLE_CREDENTIALS_FILE, GIT_CONFIG_FILE]
      }
    ])
  })

  it('keeps the Google directory when something else is in it, and tells only what it removed', async () => {
    // The merge as it is: it deletes credentials.json alone, and R15 leaves every other file.
    const p = await podFor({ user: 'dana', flaws: ['r15-git-identity-persists'], world: worldWith({ github: false, gitlab: false, jira: false, google: false, mcp: [] }) })
    await p.pod.workspace.write(`${GOOGLE_CREDENTIALS_DIR}/other.json`, '{}')
    await clearRuntimeCredentials(p.pod)
    expect(await p.pod.workspace.exists(`${GOOGLE_CREDENTIALS_DIR}/other.json`)).toBe(true)
    expect(p.envOps('cleared').map(({ keys, files }) => ({ keys, files }))).toEqual([{ keys: [], files: [] }])
  })

  it("without F1222 (since 9605012b0) keeps the sender's own Google file for workspace-mcp, judged kept, and removes anyone else's", async () => {
    const p = await podFor({ without: ['f1222-google-file-deleted-between-turns'] })
    await p.pod.workspace.write(`${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`, '{}')
    await populateRuntimeCredentials(p.pod)
    await clearRuntimeCredentials(p.pod)
    expect(p.whose((JSON.parse((await p.pod.workspace.read(GOOGLE_CREDENTIALS_FILE)) ?? '{}') as { token?: string }).token)).toBe('bob')
    expect(await p.pod.workspace.exists(`${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`)).toBe(false)
    expect(p.envOps('cleared')[0]?.files).toEqual([GIT_CONFIG_FILE, `${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`])
    const runner = p.engine.runner('demo', 'shared-1')
    const held = (await runner?.holdings())?.filter((h) => h.where === GOOGLE_CREDENTIALS_FILE && h.credential.slot !== 'bearer').map((h) => [h.sink, h.credential.owner])
    expect(held).toEqual([['kept-file', 'bob'], ['kept-file', 'bob']])
    // The next turn's clear runs before its populate, with no sender's email: bob's file goes.
    await clearRuntimeCredentials(p.pod)
    expect(await p.pod.workspace.exists(GOOGLE_CREDENTIALS_DIR)).toBe(false)
    expect(p.envOps('cleared')[1]?.files).toEqual([GOOGLE_CREDENTIALS_FILE])
  })

  it('F1222 without R15 fixed: the merge keeps every Google file but its own credentials.json, which it deletes', async () => {
    const p = await podFor({ flaws: ['r15-git-identity-persists'] })
    await p.pod.workspace.write(`${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`, '{}')
    await populateRuntimeCredentials(p.pod)
    await clearRuntimeCredentials(p.pod)
    expect(await p.pod.workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(false)
    expect(await p.pod.workspace.exists(`${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`)).toBe(true)
  })

  it('PR6: leaves the MCP variables and the Google files, anyone else\'s too', async () => {
    const p = await podFor({ flaws: ['pr6-incomplete-cleanup'] })
    await p.pod.workspace.write(`${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`, '{}')
    await populateRuntimeCredentials(p.pod)
    await populateMcpServerCredentials(p.pod)
    await clearRuntimeCredentials(p.pod)
    expect(p.whose(p.pod.env.get('MCP_DOCS_API_KEY'))).toBe('bob')
    expect(await p.pod.workspace.exists(GOOGLE_CREDENTIALS_FILE)).toBe(true)
    expect(await p.pod.workspace.exists(`${GOOGLE_CREDENTIALS_DIR}/alice@example.com.json`)).toBe(true)
    expect(p.pod.env.has('GITHUB_TOKEN')).toBe(false)
    expect(p.envOps('cleared')[0]?.files).toEqual([GIT_CONFIG_FILE])
  })

  it("R15: leaves the previous sender's git identity in the env and in ~/.gitconfig", async () => {
    const p = await podFor({ flaws: ['r15-git-identity-persists'] })
    await populateRuntimeCredentials(p.pod)
    await clearRuntimeCredentials(p.pod)
    expect([p.pod.env.get('GIT_USER_NAME'), p.pod.env.get('GIT_USER_EMAIL')]).toEqual(['Bob Editor', 'bob@example.com'])
    expect(await p.pod.workspace.read(GIT_CONFIG_FILE)).toContain('bob@example.com')
    expect(p.envOps('cleared')[0]?.files).toEqual([GOOGLE_CREDENTIALS_FILE])
    expect(p.envOps('cleared')[0]?.keys).not.toContain('GIT_USER_NAME')
  })
})
