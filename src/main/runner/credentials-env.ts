import type { CredentialSlot, Provider } from '../../shared/providers'
import { fetchCredential } from './fetch-client'
import { mcpEnvName, readMcpConfig } from './mcp-config'
import { GIT_CONFIG_FILE, GOOGLE_CREDENTIALS_DIR, GOOGLE_CREDENTIALS_FILE, type RunnerPod } from './pod'

const PLACEHOLDER_EMAIL = 'user@example.com'
const DEFAULT_GIT_NAME = 'Ambient Code Bot'
const DEFAULT_GIT_EMAIL = 'bot@ambient-code.local'

/** The env keys clear removes at MERGE (docs/platform/runner.md#populate-and-clear). */
export const CLEARED_KEYS = ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN', 'JIRA_URL', 'JIRA_EMAIL', 'USER_GOOGLE_EMAIL'] as const

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Runs the four fetches as concurrent flows, as `asyncio.gather` does; results in a fixed order. */
async function fetchAll(pod: RunnerPod, slots: readonly CredentialSlot[]): Promise<Array<Record<string, unknown>>> {
  const { scheduler } = pod.sim
  return scheduler.block(Promise.all(slots.map((slot) => scheduler.spawn(`fetch ${slot}`, () => fetchCredential(pod, slot)))))
}

/** `populate_runtime_credentials` at MERGE (docs/platform/runner.md#populate-and-clear). Never raises. */
export async function populateRuntimeCredentials(pod: RunnerPod): Promise<void> {
  const { env, workspace } = pod
  const order: readonly Provider[] = ['google', 'jira', 'gitlab', 'github']
  const [google, jira, gitlab, github] = await fetchAll(pod, order)
  const keys: string[] = []
  const files: string[] = []
  const set = (key: string, value: string): void => {
    env.set(key, value)
    keys.push(key)
  }
  let gitName = ''
  let gitEmail = ''
  if (google && str(google.accessToken)) {
    const file = {
      token: str(google.accessToken),
      refresh_token: str(google.refreshToken),
      token_uri: 'https://oauth2.googleapis.com/token',
      client_id: env.get('GOOGLE_OAUTH_CLIENT_ID') ?? '',
      client_secret: env.get('GOOGLE_OAUTH_CLIENT_SECRET') ?? '',
      scopes: Array.isArray(google.scopes) ? google.scopes : [],
      expiry: str(google.expiresAt)
    }
    try {
      await workspace.write(GOOGLE_CREDENTIALS_FILE, JSON.stringify(file, null, 2), 0o600)
      files.push(GOOGLE_CREDENTIALS_FILE)
      const email = str(google.email)
      if (email && email !== PLACEHOLDER_EMAIL) set('USER_GOOGLE_EMAIL', email)
    } catch (error) {
      // As the platform does: a failed write is a warning, not a failed turn (a concurrent clear can race it, R2).
      pod.log('warning', `Failed to write Google credentials: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (jira && str(jira.apiToken)) {
    set('JIRA_URL', str(jira.url))
    set('JIRA_API_TOKEN', str(jira.apiToken))
    set('JIRA_EMAIL', str(jira.email))
  }
  if (gitlab && str(gitlab.token)) {
    set('GITLAB_TOKEN', str(gitlab.token))
    gitName = str(gitlab.userName) || gitName
    gitEmail = str(gitlab.email) || gitEmail
  }
  if (github && str(github.token)) {
    set('GITHUB_TOKEN', str(github.token))
    gitName = str(github.userName) || gitName
    gitEmail = str(github.email) || gitEmail
  }
  set('GIT_USER_NAME', gitName || DEFAULT_GIT_NAME)
  set('GIT_USER_EMAIL', gitEmail || DEFAULT_GIT_EMAIL)
  try {
    await workspace.write(GIT_CONFIG_FILE, `[user]\n\tname = ${gitName || DEFAULT_GIT_NAME}\n\temail = ${gitEmail || DEFAULT_GIT_EMAIL}\n`)
    files.push(GIT_CONFIG_FILE)
  } catch (error) {
    pod.log('warning', `git config --global failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  pod.sim.trace.emit('runner', { kind: 'runner.env', op: 'populated', keys, files })
}

/** `populate_mcp_server_credentials`: one fetch per server whose env refers to `${MCP_…}`. */
export async function populateMcpServerCredentials(pod: RunnerPod): Promise<void> {
  const config = await readMcpConfig(pod)
  const servers = Object.entries(config)
    .filter(([, server]) => Object.values(server.env).some((value) => value.includes('${MCP_')))
    .map(([name]) => name)
  if (servers.length === 0) return
  const results = await fetchAll(pod, servers.map((s) => `mcp:${s}` as const))
  const keys: string[] = []
  servers.forEach((server, i) => {
    const fields = results[i]?.fields
    if (typeof fields !== 'object' || fields === null) return
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      const key = `MCP_${mcpEnvName(server)}_${field.toUpperCase()}`
      pod.env.set(key, String(value))
      keys.push(key)
    }
  })
  if (keys.length > 0) pod.sim.trace.emit('runner', { kind: 'runner.env', op: 'populated', keys, files: [] })
}

/** `clear_runtime_credentials` at MERGE (docs/platform/runner.md#populate-and-clear), with the flaw sites of what it leaves. */
export async function clearRuntimeCredentials(pod: RunnerPod): Promise<void> {
  const { env, workspace, sim } = pod
  const keys: string[] = []
  const files: string[] = []
  for (const key of CLEARED_KEYS) if (env.delete(key)) keys.push(key)
  // Flaw site PR6: before 58f46edc5/124c59eb4, MCP_* keys and the Google file survived the clear.
  if (!sim.flaws.has('pr6-incomplete-cleanup')) {
    for (const key of [...env.keys()]) {
      if (key.startsWith('MCP_') && key.split('_').length - 1 >= 2 && key !== 'MCP_CONFIG_FILE') {
        env.delete(key)
        keys.push(key)
      }
    }
    if (await workspace.remove(GOOGLE_CREDENTIALS_FILE)) files.push(GOOGLE_CREDENTIALS_FILE)
    await workspace.removeDirIfEmpty(GOOGLE_CREDENTIALS_DIR)
  }
  // Flaw site R15: the git identity of the previous sender outlives the turn.
  if (!sim.flaws.has('r15-git-identity-persists')) {
    for (const key of ['GIT_USER_NAME', 'GIT_USER_EMAIL']) if (env.delete(key)) keys.push(key)
    if (await workspace.remove(GIT_CONFIG_FILE)) files.push(GIT_CONFIG_FILE)
  }
  sim.trace.emit('runner', { kind: 'runner.env', op: 'cleared', keys, files })
}
