import { GERRIT_CONFIG_DIR, GERRIT_CONFIG_FILE, type RunnerPod } from './pod'

const GITCOOKIES_FILE = `${GERRIT_CONFIG_DIR}/.gitcookies`

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * `generate_gerrit_config` at HEAD (docs/platform/runner.md#populate-and-clear-at-head): removes
 * the old config directory, then writes one host per instance and points GERRIT_CONFIG_PATH at it;
 * no instances unset GERRIT_CONFIG_PATH. Returns the env keys and files it wrote.
 */
export async function generateGerritConfig(pod: RunnerPod, instances: readonly unknown[]): Promise<{ keys: string[]; files: string[] }> {
  await pod.workspace.removeTree(GERRIT_CONFIG_DIR)
  if (instances.length === 0) {
    pod.env.delete('GERRIT_CONFIG_PATH')
    return { keys: [], files: [] }
  }
  const hosts: Array<Record<string, unknown>> = []
  const cookies: string[] = []
  for (const raw of instances) {
    const instance = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
    const host: Record<string, unknown> = { name: str(instance.instanceName), external_url: str(instance.url) }
    if (instance.authMethod === 'http_basic') {
      host.authentication = { type: 'http_basic', username: str(instance.username), auth_token: str(instance.httpToken) }
    } else if (instance.authMethod === 'git_cookies') {
      host.authentication = { type: 'git_cookies', gitcookies_path: GITCOOKIES_FILE }
      if (str(instance.gitcookiesContent)) cookies.push(str(instance.gitcookiesContent).trim())
    }
    hosts.push(host)
  }
  const files: string[] = []
  if (cookies.length > 0) {
    await pod.workspace.write(GITCOOKIES_FILE, `${cookies.join('\n')}\n`, 0o600)
    files.push(GITCOOKIES_FILE)
  }
  const first = typeof instances[0] === 'object' && instances[0] !== null ? (instances[0] as Record<string, unknown>) : {}
  await pod.workspace.write(GERRIT_CONFIG_FILE, JSON.stringify({ gerrit_hosts: hosts, default_gerrit_base_url: str(first.url) }, null, 2), 0o600)
  files.push(GERRIT_CONFIG_FILE)
  pod.env.set('GERRIT_CONFIG_PATH', GERRIT_CONFIG_FILE)
  return { keys: ['GERRIT_CONFIG_PATH'], files }
}
