import type { Provider } from '../../shared/providers'
import { googleFileKeptAtClear, tokenFilesAndHelper } from '../flaws/policies'
import { PermissionError } from './fetch-client'
import { mcpEnvName, readMcpConfig } from './mcp-config'
import { GERRIT_CONFIG_DIR, GIT_CONFIG_FILE, GITHUB_TOKEN_FILE, GITLAB_TOKEN_FILE, GOOGLE_CREDENTIALS_DIR, GOOGLE_CREDENTIALS_FILE, googleCredentialsFile, KUBECONFIG_FILE, type RunnerPod } from './pod'
import { populateAtHead } from './populate-head'
import { configureGitIdentity, dict, fetchAll, googleCredentialsJson, gitConfigWithout, installCredentialHelper, installGhWrapper, PLACEHOLDER_EMAIL, str, type Written } from './populate-parts'

/** The env keys clear removes at MERGE (docs/platform/runner.md#populate-and-clear). */
export const CLEARED_KEYS = ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'JIRA_API_TOKEN', 'JIRA_URL', 'JIRA_EMAIL', 'USER_GOOGLE_EMAIL'] as const
/** HEAD clears two more keys (docs/platform/runner.md#populate-and-clear-at-head). */
export const CLEARED_KEYS_HEAD = [...CLEARED_KEYS, 'CODERABBIT_API_KEY', 'KUBECONFIG'] as const
/** The token files git's credential helper and the gh wrapper read: written by populate, removed by clear, at HEAD and wherever F1068 is fixed. */
export const TOKEN_FILES = [GITHUB_TOKEN_FILE, GITLAB_TOKEN_FILE, KUBECONFIG_FILE] as const

/**
 * Populate on a turn's own path (`_setup_platform`, `_initialize_run`). Flaw site H10: at HEAD
 * the PermissionError of any one provider ends the turn before the agent runs; hardened logs it
 * and runs the turn with what came back (docs/platform/flaws.md#h10-refused-provider-fails-turn).
 */
export async function populateForTurn(pod: RunnerPod): Promise<void> {
  try {
    await populateRuntimeCredentials(pod)
  } catch (error) {
    if (!(error instanceof PermissionError) || pod.sim.flaws.has('h10-refused-provider-fails-turn')) throw error
    pod.log('warning', `The turn goes on without the refused credentials: ${error.message}`)
  }
}

/** `populate_runtime_credentials` (docs/platform/runner.md#populate-and-clear). Never raises at MERGE; at HEAD a 401/403 raises PermissionError. */
export async function populateRuntimeCredentials(pod: RunnerPod): Promise<void> {
  // HEAD fetches seven providers into env, token files and config files (docs/platform/runner.md#populate-and-clear-at-head).
  if (pod.sim.platform === 'head') return populateAtHead(pod)
  const { env, workspace } = pod
  const order: readonly Provider[] = ['google', 'jira', 'gitlab', 'github']
  const [google, jira, gitlab, github] = (await fetchAll(pod, order)).map(dict)
  const out: Written = { keys: [], files: [] }
  const set = (key: string, value: string): void => {
    env.set(key, value)
    out.keys.push(key)
  }
  let gitName = ''
  let gitEmail = ''
  if (google && str(google.accessToken)) {
    try {
      await workspace.write(GOOGLE_CREDENTIALS_FILE, googleCredentialsJson(pod, google, str(google.expiresAt)), 0o600)
      out.files.push(GOOGLE_CREDENTIALS_FILE)
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
  // Flaw F1068 (read from flaws/policies.ts): the fix writes the token files the helper reads.
  const files = tokenFilesAndHelper(pod.sim.flaws)
  if (gitlab && str(gitlab.token)) {
    set('GITLAB_TOKEN', str(gitlab.token))
    if (files) await writeTokenFile(pod, GITLAB_TOKEN_FILE, str(gitlab.token), out)
    gitName = str(gitlab.userName) || gitName
    gitEmail = str(gitlab.email) || gitEmail
  }
  if (github && str(github.token)) {
    set('GITHUB_TOKEN', str(github.token))
    if (files) await writeTokenFile(pod, GITHUB_TOKEN_FILE, str(github.token), out)
    gitName = str(github.userName) || gitName
    gitEmail = str(github.email) || gitEmail
  }
  await configureGitIdentity(pod, gitName, gitEmail, out)
  if (files) await installCredentialHelper(pod, out)
  // Flaw site F1185: before 865dd9d2a gh read the GITHUB_TOKEN the CLI was spawned with.
  if (!pod.sim.flaws.has('f1185-gh-uses-spawn-time-token')) installGhWrapper(pod, out)
  pod.sim.trace.emit('runner', { kind: 'runner.env', op: 'populated', keys: out.keys, files: out.files })
}

async function writeTokenFile(pod: RunnerPod, path: string, token: string, out: Written): Promise<void> {
  try {
    await pod.workspace.write(path, token, 0o600)
    out.files.push(path)
  } catch (error) {
    pod.log('warning', `Failed to write ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** `populate_mcp_server_credentials`: one fetch per server whose env refers to `${MCP_…}`; it never raises. */
export async function populateMcpServerCredentials(pod: RunnerPod): Promise<void> {
  const config = await readMcpConfig(pod)
  const servers = Object.entries(config)
    .filter(([, server]) => Object.values(server.env).some((value) => value.includes('${MCP_')))
    .map(([name]) => name)
  if (servers.length === 0) return
  const results = await fetchAll(pod, servers.map((s) => `mcp:${s}` as const))
  const keys: string[] = []
  servers.forEach((server, i) => {
    const result = results[i]
    // Each server's exception is caught and logged (docs/platform/runner.md#populate-and-clear-at-head).
    if (result instanceof Error) return pod.log('warning', `Failed to fetch MCP credentials for ${server}: ${result.message}`)
    const fields = dict(result).fields
    if (typeof fields !== 'object' || fields === null) return
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      const key = `MCP_${mcpEnvName(server)}_${field.toUpperCase()}`
      pod.env.set(key, String(value))
      keys.push(key)
    }
  })
  if (keys.length > 0) pod.sim.trace.emit('runner', { kind: 'runner.env', op: 'populated', keys, files: [] })
}

/**
 * `clear_runtime_credentials` (docs/platform/runner.md#populate-and-clear), with the flaw sites of
 * what it leaves. HEAD clears more keys and the token files; since 9605012b0 the Google files stay.
 */
export async function clearRuntimeCredentials(pod: RunnerPod): Promise<void> {
  const { env, workspace, sim } = pod
  const head = sim.platform === 'head'
  const keys: string[] = []
  const files: string[] = []
  // Read before the key goes: it names the Google file populate wrote for this turn's sender.
  const googleEmail = env.get('USER_GOOGLE_EMAIL') ?? ''
  for (const key of head ? CLEARED_KEYS_HEAD : CLEARED_KEYS) if (env.delete(key)) keys.push(key)
  if (head || tokenFilesAndHelper(sim.flaws)) for (const file of TOKEN_FILES) if (await workspace.remove(file)) files.push(file)
  // Flaw site PR6: before 58f46edc5/124c59eb4, MCP_* keys and the Google file survived the clear.
  const cleansMcpAndGoogle = !sim.flaws.has('pr6-incomplete-cleanup')
  if (cleansMcpAndGoogle) {
    for (const key of [...env.keys()]) {
      if (key.startsWith('MCP_') && key.split('_').length - 1 >= 2 && key !== 'MCP_CONFIG_FILE') {
        env.delete(key)
        keys.push(key)
      }
    }
    // Flaw F1222 (read from flaws/policies.ts): the merge deletes the file workspace-mcp reads between turns.
    if (!googleFileKeptAtClear(sim.flaws) && (await workspace.remove(GOOGLE_CREDENTIALS_FILE))) files.push(GOOGLE_CREDENTIALS_FILE)
  }
  // Flaw site R15: the previous sender's files outlive the turn: the git identity at both
  // versions, every Google file ever written, and at HEAD the Gerrit config, replaced only at the
  // next populate (docs/platform/flaws.md#r15-git-identity-persists). Hardened keeps only the
  // Google file of the sender it just cleared, for workspace-mcp (issue #1222).
  const identityPersists = sim.flaws.has('r15-git-identity-persists')
  if (!identityPersists) {
    for (const key of ['GIT_USER_NAME', 'GIT_USER_EMAIL']) if (env.delete(key)) keys.push(key)
    const rest = await gitConfigWithout(pod, 'user')
    if (rest.trim()) await workspace.write(GIT_CONFIG_FILE, rest)
    else if (await workspace.remove(GIT_CONFIG_FILE)) files.push(GIT_CONFIG_FILE)
    const sendersOwn = googleEmail ? (head ? googleCredentialsFile(googleEmail) : GOOGLE_CREDENTIALS_FILE) : null
    if (cleansMcpAndGoogle) for (const file of await workspace.list(GOOGLE_CREDENTIALS_DIR)) if (file !== sendersOwn && (await workspace.remove(file))) files.push(file)
    if (head) {
      for (const file of await workspace.list(GERRIT_CONFIG_DIR)) if (await workspace.remove(file)) files.push(file)
      await workspace.removeTree(GERRIT_CONFIG_DIR)
      if (env.delete('GERRIT_CONFIG_PATH')) keys.push('GERRIT_CONFIG_PATH')
    }
  }
  // The merge removes the emptied directory with the file; HEAD's clear leaves it.
  if (!googleFileKeptAtClear(sim.flaws) || !identityPersists) await workspace.removeDirIfEmpty(GOOGLE_CREDENTIALS_DIR)
  sim.trace.emit('runner', { kind: 'runner.env', op: 'cleared', keys, files })
}
