/**
 * The runner at HEAD (docs/platform/runner.md#populate-and-clear-at-head,
 * docs/platform/runner.md#_fetch_credential-at-head) on a real runner pod: the seven fetches, the
 * token files, the email-named Google file, the Gerrit config, the helper and the wrapper; what
 * the clear removes and keeps; PermissionError on a 401/403 its fallback cannot mend.
 */
import { podOf } from '../support/runner-pod'
import { afterEach, describe, expect, it } from 'vitest'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { Engine } from '../../src/main/engine/engine'
import { RunnerContext } from '../../src/main/runner/context'
import { CLEARED_KEYS_HEAD, clearRuntimeCredentials, populateForTurn, populateRuntimeCredentials, TOKEN_FILES } from '../../src/main/runner/credentials-env'
import { fetchCredential, PermissionError } from '../../src/main/runner/fetch-client'
import {
  BOT_TOKEN_FILE,
  GERRIT_CONFIG_DIR,
  GERRIT_CONFIG_FILE,
  GIT_CONFIG_FILE,
  GIT_CREDENTIAL_HELPER,
  GITHUB_TOKEN_FILE,
  GITLAB_TOKEN_FILE,
  GOOGLE_CREDENTIALS_DIR,
  googleCredentialsFile,
  type RunnerPod
} from '../../src/main/runner/pod'
import { recordEvents, startTestEngine } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

interface Pod {
  engine: Engine
  pod: RunnerPod
  events: ReturnType<typeof recordEvents>
  whose(value: string | null | undefined): string | null
}

/** shared-1's runner at HEAD with a context of our own: `user`, and their own token unless told. */
async function headPod(options: { user?: string; callerToken?: string; profile?: 'hardened' | 'as-is'; flaws?: FlawId[]; env?: Record<string, string> } = {}): Promise<Pod> {
  const started = await startTestEngine({ platform: 'head', profile: options.profile ?? 'hardened', flaws: options.flaws })
  engine = started
  const runner = started.runner('demo', 'shared-1')
  if (!runner) throw new Error('shared-1 has no runner')
  const user = options.user ?? 'bob'
  const context = new RunnerContext('shared-1', '/workspace')
  context.setCurrentUser(user, '', options.callerToken ?? `Bearer ${started.userToken(user)}`)
  for (const [key, value] of Object.entries(options.env ?? {})) runner.env.set(key, value)
  const pod: RunnerPod = podOf(runner, { context })
  return { engine: started, pod, events: recordEvents(started), whose: (value) => (value ? (started.whose(value).find((r) => r.slot !== 'bearer')?.owner ?? null) : null) }
}

describe('populate at HEAD', () => {
  it("writes bob's token files, env keys, email-named Google file, Gerrit config, helper and wrapper", async () => {
    const { pod, whose, events } = await headPod()
    await populateRuntimeCredentials(pod)
    const file = async (path: string): Promise<string> => (await pod.workspace.read(path)) ?? ''
    expect(whose(await file(GITHUB_TOKEN_FILE))).toBe('bob')
    expect(whose(await file(GITLAB_TOKEN_FILE))).toBe('bob')
    expect(await pod.workspace.mode(GITHUB_TOKEN_FILE)).toBe(0o600)
    for (const key of ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN', 'CODERABBIT_API_KEY']) expect(whose(pod.env.get(key)), key).toBe('bob')
    expect(pod.env.get('USER_GOOGLE_EMAIL')).toBe('bob@example.com')
    const google = JSON.parse(await file(googleCredentialsFile('bob@example.com'))) as { token: string; expiry: string; token_uri: string }
    expect(whose(google.token)).toBe('bob')
    expect(google.expiry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    expect(google.token_uri).toBe('https://oauth2.googleapis.com/token')
    // hardened unwraps the backend's {"instances": [...]}.
    const gerrit = JSON.parse(await file(GERRIT_CONFIG_FILE)) as { gerrit_hosts: Array<{ name: string; external_url: string; authentication: { type: string; username: string; auth_token: string } }>; default_gerrit_base_url: string }
    expect(gerrit.gerrit_hosts).toHaveLength(1)
    expect(gerrit.gerrit_hosts[0]).toMatchObject({ name: 'review', authentication: { type: 'http_basic', username: 'bob' } })
    expect(whose(gerrit.gerrit_hosts[0]?.authentication.auth_token)).toBe('bob')
    expect(gerrit.default_gerrit_base_url).toBe(gerrit.gerrit_hosts[0]?.external_url)
    expect(pod.env.get('GERRIT_CONFIG_PATH')).toBe(GERRIT_CONFIG_FILE)
    expect(pod.env.has('KUBECONFIG')).toBe(false)
    // There was no legacy credentials.json to replace, so nothing says it was removed.
    expect(events.of('log').map((l) => l.text).filter((t) => t.startsWith('Removed legacy'))).toEqual([])
    expect(await pod.workspace.mode(GIT_CREDENTIAL_HELPER)).toBe(0o755)
    expect(await file(GIT_CONFIG_FILE)).toContain(`[credential]\n\thelper = ${GIT_CREDENTIAL_HELPER}\n`)
    expect(await file(GIT_CONFIG_FILE)).toContain('name = Bob Editor')
    expect(pod.env.get('PATH')).toMatch(/^\/tmp\/ambient-gh-[a-z0-9]{8}:\/usr\/local\/bin/)
    const fetched = events.of('runner.fetch').map((e) => e.slot)
    expect(fetched.sort()).toEqual(['coderabbit', 'gerrit', 'github', 'gitlab', 'google', 'jira', 'kubeconfig'])
    const populated = events.of('runner.env').filter((e) => e.op === 'populated')
    expect(populated.at(-1)?.files).toEqual(expect.arrayContaining([GITHUB_TOKEN_FILE, GITLAB_TOKEN_FILE, GERRIT_CONFIG_FILE, GIT_CREDENTIAL_HELPER]))
  })

  it('installs the helper and the wrapper once per process', async () => {
    const { pod } = await headPod()
    await populateRuntimeCredentials(pod)
    const path = pod.env.get('PATH')
    await populateRuntimeCredentials(pod)
    expect(pod.env.get('PATH')).toBe(path)
    expect(((await pod.workspace.read(GIT_CONFIG_FILE)) ?? '').match(/\[credential\]/g)).toHaveLength(1)
  })

  it('h5: takes the backend\'s {"instances": [...]} as one empty host', async () => {
    const { pod } = await headPod({ flaws: ['h5-gerrit-instances-not-unwrapped'] })
    await populateRuntimeCredentials(pod)
    expect(JSON.parse((await pod.workspace.read(GERRIT_CONFIG_FILE)) ?? '{}')).toEqual({ gerrit_hosts: [{ name: '', external_url: '' }], default_gerrit_base_url: '' })
  })

  it('replaces a legacy credentials.json with the email-named file', async () => {
    const { pod } = await headPod()
    await pod.workspace.write(googleCredentialsFile(''), '{}', 0o600)
    await populateRuntimeCredentials(pod)
    expect(await pod.workspace.exists(googleCredentialsFile(''))).toBe(false)
    expect(await pod.workspace.exists(googleCredentialsFile('bob@example.com'))).toBe(true)
  })

  it('raises one PermissionError naming every refused provider, after applying what came back', async () => {
    // A caller token the backend refuses, and the BOT fallback naming bob refused too (R6: the BOT is alice).
    const { pod } = await headPod({ profile: 'as-is', callerToken: 'Bearer not-a-token' })
    const error = await populateRuntimeCredentials(pod).then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(PermissionError)
    const refused = (slot: string): string => `${slot} authentication failed: caller token expired and BOT_TOKEN fallback also failed`
    expect((error as Error).message).toBe(
      `Credential refresh failed due to authentication errors: ${['google', 'jira', 'gitlab', 'github', 'coderabbit', 'gerrit'].map(refused).join('; ')}`
    )
    // The git identity was still configured before the raise.
    expect(pod.env.get('GIT_USER_NAME')).toBe('Ambient Code Bot')
  })
})

describe('_fetch_credential at HEAD', () => {
  it('reads the BOT token from the mounted file, with no X-Runner-Current-User on the first request', async () => {
    const { pod, events, whose } = await headPod({ profile: 'as-is', callerToken: '' })
    expect(pod.env.has('BOT_TOKEN')).toBe(false)
    expect(await pod.workspace.exists(BOT_TOKEN_FILE)).toBe(true)
    const answer = (await fetchCredential(pod, 'github')) as { token?: string }
    // r6 as-is: the BOT_TOKEN is the owner.
    expect(whose(answer.token)).toBe('alice')
    expect(events.of('runner.fetch').at(-1)).toMatchObject({ auth: 'bot', currentUserHeader: null, status: 200, fallback: false })
  })

  it('retries a refused BOT_TOKEN request once naming the user, and raises PermissionError with the retry\'s status', async () => {
    const { pod, events } = await headPod({ callerToken: '' })
    const error = await fetchCredential(pod, 'github').then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(PermissionError)
    expect((error as Error).message).toBe('github authentication failed with HTTP 403')
    const fetches = events.of('runner.fetch')
    expect(fetches.at(-1)).toMatchObject({ auth: 'bot', currentUserHeader: 'bob', status: 403, outcome: 'denied', fallback: true })
  })

  it('mends a refused BOT_TOKEN request when the retry naming the run user is allowed', async () => {
    const { pod, engine: e, whose } = await headPod({ callerToken: '' })
    // bob's turn is the session's active run: a BOT request naming him is his (hardened row 3).
    e.state.activeUsers.set('demo', 'shared-1', 'bob', 'test: bob sent the run')
    const answer = (await fetchCredential(pod, 'github')) as { token?: string }
    expect(whose(answer.token)).toBe('bob')
  })

  it('accepts a list as the answer (Gerrit\'s shape) and gives {} for a 404 route', async () => {
    const { pod } = await headPod()
    expect(await fetchCredential(pod, 'kubeconfig')).toEqual({})
  })

  it('r9b at HEAD also accepts a *.svc BACKEND_API_URL; hardened refuses it', async () => {
    for (const [flaws, outcome] of [[['r9b-backend-host-allowlist-broad'], 'error'], [[], 'refused-host']] as const) {
      const { pod, events } = await headPod({ flaws: [...flaws], env: { BACKEND_API_URL: 'http://collector.attacker.svc:8080/api' } })
      await fetchCredential(pod, 'github')
      expect(events.of('runner.fetch').at(-1)?.outcome, flaws.join() || 'hardened').toBe(outcome)
      await engine?.stop()
      engine = null
    }
  })
})

describe('clear at HEAD', () => {
  it("removes the HEAD keys and the token files, and under hardened anyone else's Google file and the Gerrit config too", async () => {
    const { pod } = await headPod()
    await pod.workspace.write(googleCredentialsFile('alice@example.com'), '{}', 0o600)
    await populateRuntimeCredentials(pod)
    await clearRuntimeCredentials(pod)
    for (const key of CLEARED_KEYS_HEAD) expect(pod.env.has(key), key).toBe(false)
    for (const file of TOKEN_FILES) expect(await pod.workspace.exists(file), file).toBe(false)
    // bob's own file stays for workspace-mcp between turns (issue #1222); alice's goes.
    expect(await pod.workspace.exists(googleCredentialsFile('bob@example.com'))).toBe(true)
    expect(await pod.workspace.exists(googleCredentialsFile('alice@example.com'))).toBe(false)
    expect(await pod.workspace.exists(GERRIT_CONFIG_DIR)).toBe(false)
    expect(pod.env.has('GERRIT_CONFIG_PATH')).toBe(false)
    // The helper's registration stays; the identity goes.
    expect((await pod.workspace.read(GIT_CONFIG_FILE)) ?? '').toBe(`[credential]\n\thelper = ${GIT_CREDENTIAL_HELPER}\n`)
    // The next turn's clear, before its populate, names no sender: bob's file goes then.
    await clearRuntimeCredentials(pod)
    expect(await pod.workspace.exists(googleCredentialsFile('bob@example.com'))).toBe(false)
    expect(await pod.workspace.exists(GOOGLE_CREDENTIALS_DIR)).toBe(false)
  })

  it('r15 at HEAD keeps the Google file, the Gerrit config and the git identity', async () => {
    const { pod } = await headPod({ flaws: ['r15-git-identity-persists'] })
    await populateRuntimeCredentials(pod)
    await clearRuntimeCredentials(pod)
    expect(await pod.workspace.exists(googleCredentialsFile('bob@example.com'))).toBe(true)
    expect(await pod.workspace.exists(GERRIT_CONFIG_FILE)).toBe(true)
    expect(pod.env.get('GIT_USER_NAME')).toBe('Bob Editor')
    for (const file of TOKEN_FILES) expect(await pod.workspace.exists(file), file).toBe(false)
  })
})

describe('what the HEAD fetch tells', () => {
  it('logs the refresh-retry and its failure, and the caller-token fallback and its failure', async () => {
    const noCaller = await headPod({ callerToken: '' })
    await fetchCredential(noCaller.pod, 'github').catch(() => undefined)
    const logs = noCaller.events.of('log').filter((e) => e.hop === 'runner').map((e) => e.text)
    expect(logs).toContain('github got 403 with cached BOT_TOKEN — refreshing from CP endpoint and retrying')
    expect(logs).toContain('github retry with fresh BOT_TOKEN failed: HTTP Error 403')
    await engine?.stop()
    const badCaller = await headPod({ profile: 'as-is', callerToken: 'Bearer not-a-token' })
    await fetchCredential(badCaller.pod, 'gitlab').catch(() => undefined)
    const more = badCaller.events.of('log').filter((e) => e.hop === 'runner').map((e) => e.text)
    expect(more).toContain('Caller token expired for gitlab, falling back to BOT_TOKEN')
    expect(more).toContain('gitlab BOT_TOKEN fallback also failed: HTTP Error 403')
    expect(badCaller.events.of('runner.fetch').at(-1)).toMatchObject({ auth: 'bot', currentUserHeader: 'bob', status: 403, outcome: 'denied', fallback: true })
  })

  it('reads a rotated BOT token from the file at every request', async () => {
    const { pod, engine: e, whose } = await headPod({ profile: 'as-is', callerToken: '' })
    await e.rotateBotToken('demo', 'shared-1')
    const answer = (await fetchCredential(pod, 'github')) as { token?: string }
    expect(whose(answer.token)).toBe('alice')
  })
})

describe('the merge as it is and with its later fixes', () => {
  it('the merge keeps no token files (f1068) and refuses a *.svc host even with r9b; with the fixes it writes and clears them', async () => {
    const asShipped = await startTestEngine({ platform: 'merge', profile: 'as-is' })
    engine = asShipped
    const runner = asShipped.runner('demo', 'shared-1')!
    const context = new RunnerContext('shared-1', '/workspace')
    context.setCurrentUser('bob', '', `Bearer ${asShipped.userToken('bob')}`)
    const pod: RunnerPod = podOf(runner, { env: new Map(runner.env), context, installed: { credentialHelper: false, ghWrapperDir: null } })
    await populateRuntimeCredentials(pod)
    for (const file of TOKEN_FILES) expect(await pod.workspace.exists(file), file).toBe(false)
    expect(await pod.workspace.exists(GIT_CREDENTIAL_HELPER)).toBe(false)
    pod.env.set('BACKEND_API_URL', 'http://collector.attacker.svc:8080/api')
    const events = recordEvents(asShipped)
    await fetchCredential(pod, 'github')
    expect(events.of('runner.fetch').at(-1)?.outcome).toBe('refused-host')
    await asShipped.stop()

    const fixed = await startTestEngine({ platform: 'merge', profile: 'hardened' })
    engine = fixed
    const r2 = fixed.runner('demo', 'shared-1')!
    const c2 = new RunnerContext('shared-1', '/workspace')
    c2.setCurrentUser('bob', '', `Bearer ${fixed.userToken('bob')}`)
    const p2: RunnerPod = podOf(r2, { context: c2 })
    expect(p2.env.has('BOT_TOKEN')).toBe(false)
    await populateRuntimeCredentials(p2)
    expect(fixed.whose((await p2.workspace.read(GITHUB_TOKEN_FILE)) ?? '')[0]?.owner).toBe('bob')
    expect(await p2.workspace.exists(GIT_CREDENTIAL_HELPER)).toBe(true)
    expect(p2.env.get('PATH')).toMatch(/^\/tmp\/ambient-gh-/)
    await clearRuntimeCredentials(p2)
    for (const file of TOKEN_FILES) expect(await p2.workspace.exists(file), file).toBe(false)
    expect((await p2.workspace.read(GIT_CONFIG_FILE)) ?? '').toBe(`[credential]\n\thelper = ${GIT_CREDENTIAL_HELPER}\n`)
  })

  it('clear tells what it removed at HEAD: the Gerrit path and files', async () => {
    const { pod, events } = await headPod()
    await populateRuntimeCredentials(pod)
    await clearRuntimeCredentials(pod)
    const cleared = events.of('runner.env').filter((e) => e.op === 'cleared').at(-1)
    expect(cleared?.keys).toEqual(expect.arrayContaining([...CLEARED_KEYS_HEAD.filter((k) => k !== 'KUBECONFIG'), 'GERRIT_CONFIG_PATH', 'GIT_USER_NAME']))
    expect(cleared?.files).toEqual(expect.arrayContaining([GITHUB_TOKEN_FILE, GITLAB_TOKEN_FILE, GERRIT_CONFIG_FILE]))
    expect(cleared?.files).not.toContain(googleCredentialsFile('bob@example.com'))
  })
})

describe('populate at HEAD, in detail', () => {
  it('writes every field of the Google file from the answer and the pod env, and says what it replaced', async () => {
    const { pod, events, engine: e } = await headPod()
    await pod.workspace.write(googleCredentialsFile(''), '{}', 0o600)
    await populateRuntimeCredentials(pod)
    const file = JSON.parse((await pod.workspace.read(googleCredentialsFile('bob@example.com'))) ?? '{}') as Record<string, unknown>
    expect(file.client_id).toBe(pod.env.get('GOOGLE_OAUTH_CLIENT_ID'))
    expect(file.client_secret).toBe(pod.env.get('GOOGLE_OAUTH_CLIENT_SECRET'))
    expect(String(file.client_secret).length).toBeGreaterThan(0)
    const stored = await e.sim.credentials.read('bob', 'google')
    expect(file.scopes).toEqual(stored?.provider === 'google' ? stored.scopes : null)
    expect(file.refresh_token).toBe(stored?.provider === 'google' ? stored.refreshToken : null)
    const logs = events.of('log').filter((l) => l.hop === 'runner' && l.level === 'info').map((l) => l.text)
    expect(logs).toContain('Removed legacy credentials.json in favor of bob@example.com.json')
    const populated = events.of('runner.env').filter((x) => x.op === 'populated').at(-1)
    expect(populated?.keys).toEqual(expect.arrayContaining(['USER_GOOGLE_EMAIL', 'JIRA_URL', 'JIRA_API_TOKEN', 'JIRA_EMAIL', 'GITLAB_TOKEN', 'GITHUB_TOKEN', 'CODERABBIT_API_KEY', 'GERRIT_CONFIG_PATH', 'GIT_USER_NAME', 'GIT_USER_EMAIL', 'PATH']))
    expect(populated?.files).toContain(googleCredentialsFile('bob@example.com'))
  })

  it('sets nothing for providers the sender has none of, and keeps the bot identity', async () => {
    const started = await startTestEngine({
      platform: 'head',
      profile: 'hardened',
      world: {
        users: [{ id: 'dana', name: 'Dana', email: 'dana@example.com', credentials: { github: false, gitlab: false, jira: false, google: false, coderabbit: false, gerrit: false, mcp: [] } }],
        projects: [{ name: 'demo', members: { dana: 'admin' }, sessions: [{ name: 'shared-1', owner: 'dana', mcpServers: [] }] }]
      }
    })
    engine = started
    const runner = started.runner('demo', 'shared-1')!
    const context = new RunnerContext('shared-1', '/workspace')
    context.setCurrentUser('dana', '', `Bearer ${started.userToken('dana')}`)
    const pod: RunnerPod = podOf(runner, { context })
    await populateRuntimeCredentials(pod)
    for (const key of ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_URL', 'JIRA_API_TOKEN', 'USER_GOOGLE_EMAIL', 'CODERABBIT_API_KEY', 'GERRIT_CONFIG_PATH', 'KUBECONFIG']) expect(pod.env.has(key), key).toBe(false)
    for (const file of [GITHUB_TOKEN_FILE, GITLAB_TOKEN_FILE, GERRIT_CONFIG_FILE, googleCredentialsFile('dana@example.com'), googleCredentialsFile('')]) expect(await pod.workspace.exists(file), file).toBe(false)
    expect(pod.env.get('GIT_USER_NAME')).toBe('Ambient Code Bot')
    expect(pod.env.get('GIT_USER_EMAIL')).toBe('bot@ambient-code.local')
  })

  it('after a refused populate logs each refused provider and writes no Gerrit config', async () => {
    const { pod, events } = await headPod({ profile: 'as-is', callerToken: 'Bearer not-a-token' })
    await populateRuntimeCredentials(pod).catch(() => undefined)
    const logs = events.of('log').filter((l) => l.hop === 'runner' && l.level === 'warning').map((l) => l.text)
    // One warning per refused provider, in the order of the gather, worded as auth.py words each.
    const refused = (slot: string): string => `${slot} authentication failed: caller token expired and BOT_TOKEN fallback also failed`
    expect(logs.filter((l) => l.startsWith('Failed to'))).toEqual([
      `Failed to refresh Google credentials: ${refused('google')}`,
      `Failed to refresh Jira credentials: ${refused('jira')}`,
      `Failed to refresh GitLab credentials: ${refused('gitlab')}`,
      `Failed to refresh GitHub credentials: ${refused('github')}`,
      `Failed to refresh CodeRabbit credentials: ${refused('coderabbit')}`,
      `Failed to fetch Gerrit credentials: ${refused('gerrit')}`
    ])
    expect(await pod.workspace.exists(GERRIT_CONFIG_FILE)).toBe(false)
    expect(pod.env.has('GERRIT_CONFIG_PATH')).toBe(false)
    expect(pod.env.has('CODERABBIT_API_KEY')).toBe(false)
    expect(pod.env.has('GITHUB_TOKEN')).toBe(false)
    expect(await pod.workspace.exists(GITHUB_TOKEN_FILE)).toBe(false)
    const populated = events.of('runner.env').filter((x) => x.op === 'populated').at(-1)
    expect(populated?.keys).toEqual(expect.arrayContaining(['GIT_USER_NAME', 'GIT_USER_EMAIL']))
    expect(populated?.keys).not.toContain('GITHUB_TOKEN')
  })
})

describe('populate at HEAD, when something is missing or in the way', () => {
  /** shared-1 at HEAD owned by bob, who holds only the named credentials. */
  async function onlyWith(credentials: Partial<Record<'github' | 'gitlab', boolean>>): Promise<Pod> {
    const started = await startTestEngine({
      platform: 'head',
      profile: 'hardened',
      world: {
        users: [{ id: 'bob', name: 'Bob Editor', email: 'bob@example.com', credentials: { github: false, gitlab: false, jira: false, google: false, coderabbit: false, gerrit: false, mcp: [], ...credentials } }],
        projects: [{ name: 'demo', members: { bob: 'admin' }, sessions: [{ name: 'shared-1', owner: 'bob', mcpServers: [] }] }]
      }
    })
    engine = started
    const runner = started.runner('demo', 'shared-1')!
    const context = new RunnerContext('shared-1', '/workspace')
    context.setCurrentUser('bob', '', `Bearer ${started.userToken('bob')}`)
    const pod: RunnerPod = podOf(runner, { context })
    return { engine: started, pod, events: recordEvents(started), whose: (value) => (value ? (started.whose(value).find((r) => r.slot !== 'bearer')?.owner ?? null) : null) }
  }

  it.each([['gitlab'], ['github']] as const)('takes the git identity from %s when it is the only provider that answers', async (provider) => {
    const { pod } = await onlyWith({ [provider]: true })
    await populateRuntimeCredentials(pod)
    expect([pod.env.get('GIT_USER_NAME'), pod.env.get('GIT_USER_EMAIL')]).toEqual(['Bob Editor', 'bob@example.com'])
  })

  it('tells exactly what it wrote when the sender has nothing: the bot identity, the helper and the wrapper', async () => {
    const { pod, events } = await onlyWith({})
    await populateRuntimeCredentials(pod)
    const populated = events.of('runner.env').filter((e) => e.op === 'populated')
    expect(populated.map((e) => [e.hop, e.keys, e.files])).toEqual([['runner', ['GIT_USER_NAME', 'GIT_USER_EMAIL', 'PATH'], [GIT_CONFIG_FILE, GIT_CREDENTIAL_HELPER]]])
  })

  it.each([['user@example.com'], ['']])('writes credentials.json and sets no USER_GOOGLE_EMAIL for the Google email %j', async (email) => {
    const { pod, events, engine: e } = await headPod()
    const stored = await e.sim.credentials.read('bob', 'google')
    if (stored?.provider !== 'google') throw new Error('bob has no Google credential')
    await e.sim.credentials.write('bob', 'google', { ...stored, email })
    await pod.workspace.write(googleCredentialsFile('bob@example.com'), '{}', 0o600)
    await populateRuntimeCredentials(pod)
    expect(pod.env.has('USER_GOOGLE_EMAIL')).toBe(false)
    expect(await pod.workspace.exists(googleCredentialsFile(''))).toBe(true)
    // Only an email-named file replaces the legacy one; another email's file is left alone.
    expect(await pod.workspace.exists(googleCredentialsFile('bob@example.com'))).toBe(true)
    expect(events.of('log').map((l) => l.text).filter((t) => t.startsWith('Removed legacy'))).toEqual([])
  })

  it('logs a file it cannot write with its pod path, keeps the env key, and sets no Google email for an unwritten file', async () => {
    const { pod, events, whose } = await headPod()
    const googleFile = googleCredentialsFile('bob@example.com')
    // A directory where each file should go: the write fails as it would on the pod.
    for (const path of [GITHUB_TOKEN_FILE, GITLAB_TOKEN_FILE, googleFile]) await pod.workspace.write(`${path}/in-the-way`, '')
    await populateRuntimeCredentials(pod)
    const logs = events.of('log').filter((l) => l.hop === 'runner' && l.level === 'warning').map((l) => l.text)
    expect(logs.filter((l) => l.startsWith('Failed to write'))).toEqual([
      `Failed to write Google credentials: [Errno 21] Is a directory: '${googleFile}'`,
      `Failed to write GitLab token file: [Errno 21] Is a directory: '${GITLAB_TOKEN_FILE}'`,
      `Failed to write GitHub token file: [Errno 21] Is a directory: '${GITHUB_TOKEN_FILE}'`
    ])
    expect(whose(pod.env.get('GITHUB_TOKEN'))).toBe('bob')
    expect(whose(pod.env.get('GITLAB_TOKEN'))).toBe('bob')
    expect(pod.env.has('USER_GOOGLE_EMAIL')).toBe(false)
    const populated = events.of('runner.env').filter((e) => e.op === 'populated').at(-1)
    expect(populated?.files).not.toEqual(expect.arrayContaining([GITHUB_TOKEN_FILE]))
    expect(populated?.files).not.toEqual(expect.arrayContaining([googleFile]))
  })
})

describe('populate on the turn path at HEAD (h10)', () => {
  it('hardened logs a refused populate and goes on with what came back', async () => {
    const { pod, events } = await headPod({ flaws: ['r17-google-refresh-failure-401'], callerToken: 'Bearer not-a-token' })
    await expect(populateForTurn(pod)).resolves.toBeUndefined()
    const warnings = events.of('log').filter((l) => l.hop === 'runner' && l.level === 'warning').map((l) => l.text)
    expect(warnings.at(-1)).toMatch(/^The turn goes on without the refused credentials: Credential refresh failed due to authentication errors: /)
  })

  it('with h10 the PermissionError ends the turn', async () => {
    const { pod } = await headPod({ flaws: ['h10-refused-provider-fails-turn'], callerToken: 'Bearer not-a-token' })
    await expect(populateForTurn(pod)).rejects.toBeInstanceOf(PermissionError)
  })

  it('any other error ends the turn under hardened too: only a refusal is told and passed over', async () => {
    const { pod, events } = await headPod()
    await pod.workspace.write(googleCredentialsFile(''), '{}', 0o600)
    const workspace = Object.assign(Object.create(pod.workspace) as typeof pod.workspace, {
      remove: (): Promise<boolean> => Promise.reject(new TypeError('the disk went away'))
    })
    await expect(populateForTurn({ ...pod, workspace })).rejects.toThrow('the disk went away')
    expect(events.of('log').map((l) => l.text).filter((t) => t.startsWith('The turn goes on'))).toEqual([])
  })
})

describe("the session's environmentVariables at HEAD", () => {
  it('replace BACKEND_API_URL but not AGUI_TOKEN, which the operator sets from the Secret', async () => {
    const started = await startTestEngine({
      platform: 'head',
      profile: 'as-is',
      world: {
        users: [{ id: 'alice', credentials: { mcp: [] } }],
        projects: [{ name: 'demo', members: { alice: 'admin' }, sessions: [{ name: 'shared-1', owner: 'alice', mcpServers: [], env: { AGUI_TOKEN: 'chosen-by-an-editor', BACKEND_API_URL: 'http://collector.example.svc:8080/api' } }] }]
      }
    })
    engine = started
    const runner = started.runner('demo', 'shared-1')!
    expect(runner.env.get('AGUI_TOKEN')).toBe(started.sim.cluster.secret('demo', 'ambient-runner-token-shared-1')?.['agui-token'])
    expect(runner.env.get('BACKEND_API_URL')).toBe('http://collector.example.svc:8080/api')
  })
})

describe("the session's SDK_OPTIONS at HEAD", () => {
  it('reach the adapter without the keys the platform controls: an env override of GITHUB_TOKEN is dropped and bob acts as bob', async () => {
    const sdkOptions = JSON.stringify({ env: { GITHUB_TOKEN: 'ghp_planted' }, cli_path: '/tmp/capture', model: 'claude-x' })
    const world = {
      users: [{ id: 'alice', credentials: { mcp: [] } }, { id: 'bob', credentials: { mcp: [] } }],
      projects: [{ name: 'demo', members: { alice: 'admin' as const }, sessions: [{ name: 'shared-1', owner: 'alice', sharedWith: { bob: 'edit' as const }, mcpServers: [], env: { SDK_OPTIONS: sdkOptions } }] }]
    }
    for (const platform of ['head', 'merge'] as const) {
      const e = await startTestEngine({ platform, profile: 'as-is', world })
      engine = e
      const events = recordEvents(e)
      const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob', browserSession: false }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
      const turn = outcome.turn?.turn
      expect(events.of('tool.result', turn).map((r) => r.actedAs), platform).toEqual(['bob'])
      const built = events.of('runner.step', turn).find((s) => s.step === 'adapter-built')?.detail
      const denied = events.of('log', turn).map((l) => l.text).filter((t) => t.includes('is denied'))
      if (platform === 'head') {
        expect(built).toBe('adapter built with the current MCP servers; SDK_OPTIONS: model')
        expect(denied).toEqual(["SDK_OPTIONS key 'env' is denied — skipping", "SDK_OPTIONS key 'cli_path' is denied — skipping"])
      } else {
        // The merge has no SDK_OPTIONS.
        expect([built, denied]).toEqual(['adapter built with the current MCP servers', []])
      }
      await e.stop()
      engine = null
    }
  })
})
