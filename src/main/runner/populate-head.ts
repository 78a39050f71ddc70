import type { FetchKind } from '../../shared/providers'
import { configureGitIdentity, dict, fetchAll, googleCredentialsJson, installCredentialHelper, installGhWrapper, PLACEHOLDER_EMAIL, str, type Written } from './populate-parts'
import { type Fetched, PermissionError } from './fetch-client'
import { sidecarProviders } from './credential-mcp'
import { generateGerritConfig } from './gerrit-config'
import {
  GITHUB_TOKEN_FILE,
  GITLAB_TOKEN_FILE,
  GOOGLE_CREDENTIALS_DIR,
  GOOGLE_CREDENTIALS_FILE,
  googleCredentialsFile,
  KUBECONFIG_FILE,
  type RunnerPod
} from './pod'

/** The seven fetches of HEAD's populate, in the order of its `asyncio.gather`, with what it logs when one raised. */
const HEAD_ORDER: ReadonlyArray<readonly [FetchKind, string]> = [
  ['google', 'Failed to refresh Google credentials'],
  ['jira', 'Failed to refresh Jira credentials'],
  ['gitlab', 'Failed to refresh GitLab credentials'],
  ['github', 'Failed to refresh GitHub credentials'],
  ['coderabbit', 'Failed to refresh CodeRabbit credentials'],
  ['gerrit', 'Failed to fetch Gerrit credentials'],
  ['kubeconfig', 'Failed to refresh kubeconfig credentials']
]

/**
 * `populate_runtime_credentials` at HEAD (docs/platform/runner.md#populate-and-clear-at-head):
 * everything that was fetched is applied (env, token files, the Google file named by email, the
 * Gerrit config, kubeconfig, the git identity, the credential helper and gh wrapper once per
 * process), then any provider's PermissionError is raised as one.
 */
export async function populateAtHead(pod: RunnerPod): Promise<void> {
  const { env, workspace } = pod
  // A provider a credential sidecar handles is not fetched: `{}` (Gerrit's `[]` configures the same
  // nothing), docs/platform/control-plane.md#credential-sidecars.
  const sidecars = sidecarProviders(pod)
  const fetched = await fetchAll(pod, HEAD_ORDER.map(([slot]) => slot).filter((slot) => !sidecars.has(slot)))
  const results = HEAD_ORDER.map(([slot]): Fetched | Error | undefined => (sidecars.has(slot) ? {} : fetched.shift()))
  const [google, jira, gitlab, github, coderabbit, gerrit, kubeconfig] = results
  const failures = results.filter((r): r is PermissionError => r instanceof PermissionError).map((e) => e.message)
  for (const [i, [, failed]] of HEAD_ORDER.entries()) {
    const result = results[i]
    if (result instanceof Error) pod.log('warning', `${failed}: ${result.message}`)
  }
  const out: Written = { keys: [], files: [] }
  const set = (key: string, value: string): void => {
    env.set(key, value)
    out.keys.push(key)
  }
  const writeFile = async (path: string, content: string, what: string): Promise<boolean> => {
    try {
      await workspace.write(path, content, 0o600)
      out.files.push(path)
      return true
    } catch (error) {
      pod.log('warning', `Failed to write ${what}: ${error instanceof Error ? error.message : String(error)}`)
      return false
    }
  }
  let gitName = ''
  let gitEmail = ''
  const g = dict(google)
  const email = str(g.email)
  let googleWritten = false
  if (str(g.accessToken)) {
    const path = googleCredentialsFile(email)
    const legacy = googleCredentialsFile('')
    // An email-named file replaces the legacy credentials.json (96c7843a3); the expiry loses one trailing Z.
    if (path !== legacy && (await workspace.remove(legacy))) pod.log('info', `Removed legacy credentials.json in favor of ${path.slice(GOOGLE_CREDENTIALS_DIR.length + 1)}`)
    googleWritten = await writeFile(path, googleCredentialsJson(pod, g, str(g.expiresAt).replace(/Z$/, '')), 'Google credentials')
  } else if (str(g.token)) {
    // A bare `token` (the api-server's one string) is taken for a service account's JSON (docs/platform/control-plane.md#kubeconfig-and-google-bindings).
    googleWritten = await writeFile(env.get('GOOGLE_APPLICATION_CREDENTIALS') || GOOGLE_CREDENTIALS_FILE, str(g.token), 'Google credentials')
  }
  if (googleWritten && email && email !== PLACEHOLDER_EMAIL) set('USER_GOOGLE_EMAIL', email)
  const j = dict(jira)
  if (str(j.apiToken) || str(j.token)) {
    set('JIRA_URL', str(j.url))
    set('JIRA_API_TOKEN', str(j.apiToken) || str(j.token))
    set('JIRA_EMAIL', str(j.email))
  }
  const gl = dict(gitlab)
  if (str(gl.token)) {
    set('GITLAB_TOKEN', str(gl.token))
    await writeFile(GITLAB_TOKEN_FILE, str(gl.token), 'GitLab token file')
    gitName = str(gl.userName) || gitName
    gitEmail = str(gl.email) || gitEmail
  }
  const gh = dict(github)
  if (str(gh.token)) {
    set('GITHUB_TOKEN', str(gh.token))
    await writeFile(GITHUB_TOKEN_FILE, str(gh.token), 'GitHub token file')
    gitName = str(gh.userName) || gitName
    gitEmail = str(gh.email) || gitEmail
  }
  const cr = dict(coderabbit)
  if (str(cr.apiKey)) set('CODERABBIT_API_KEY', str(cr.apiKey))
  const instances = gerritInstances(gerrit, !pod.sim.flaws.has('h5-gerrit-instances-not-unwrapped'))
  const written = await generateGerritConfig(pod, instances)
  out.keys.push(...written.keys)
  out.files.push(...written.files)
  const k = dict(kubeconfig)
  if (str(k.token) && (await writeFile(KUBECONFIG_FILE, str(k.token), 'kubeconfig file'))) set('KUBECONFIG', KUBECONFIG_FILE)
  await configureGitIdentity(pod, gitName, gitEmail, out)
  if (!sidecars.has('github')) {
    await installCredentialHelper(pod, out)
    installGhWrapper(pod, out)
  }
  pod.sim.trace.emit('runner', { kind: 'runner.env', op: 'populated', keys: out.keys, files: out.files })
  if (failures.length > 0) throw new PermissionError(`Credential refresh failed due to authentication errors: ${failures.join('; ')}`)
}

/**
 * `fetch_gerrit_credentials`: a list passes through and a non-empty dict counts as one instance,
 * so the backend's `{"instances": [...]}` becomes one empty host. Flaw site H5 (read by
 * populateAtHead): hardened unwraps `instances` (docs/platform/flaws.md#h5-gerrit-instances-not-unwrapped).
 */
export function gerritInstances(fetched: Fetched | Error | undefined, unwrap: boolean): unknown[] {
  if (Array.isArray(fetched)) return fetched
  const answer = dict(fetched)
  if (unwrap && Array.isArray(answer.instances)) return answer.instances
  return Object.keys(answer).length > 0 ? [answer] : []
}

