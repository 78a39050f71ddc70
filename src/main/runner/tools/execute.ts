import { type FetchKind, mcpSlot } from '../../../shared/providers'
import type { CredentialRef } from '../../../shared/events'
import { formatDuration } from '../../../shared/duration'
import { formatToolCall, type ToolCall } from '../../../shared/tools'
import { currentContext } from '../../sim/context'
import { HOSTS, mcpUpstreamHost } from '../../net/hosts'
import { callHop } from '../../net/hop-client'
import { expandShell } from '../env'
import { GIT_CREDENTIAL_HELPER, GITHUB_TOKEN_FILE, GOOGLE_CREDENTIALS_FILE, googleCredentialsFile, type RunnerPod } from '../pod'
import type { Worker } from '../session-manager'
import { describeRef } from './describe'
import { hopOfHost } from './hop-of-host'
import { kubeSecret } from './kube-secret'
import { kubeWhoami } from './kubectl'
import { requestCpToken } from '../cp-token'
import { JIRA_SERVER } from '../credential-mcp'
import type { McpServerConfig } from '../mcp-config'
import { podHost } from '../pod-local'
import { remoteWhoami } from './remote-mcp'

/** Where `cp.token` leaves the token it got, for a later line to read with `$(cat …)`. */
export const CP_TOKEN_FILE = '/tmp/cp-token'

export interface ToolOutcome {
  ok: boolean
  /** The user the provider says the call acted as, or whose credential came back. */
  actedAs: string | null
  slot: FetchKind | null
  summary: string
  /** What the agent prints, secrets included: the runner's redaction and the proxy decide what is stored. */
  content: string
  /** The credential the tool authenticated with, when it found one. */
  used?: CredentialRef
}

export interface ToolHooks {
  refreshCredentials(): Promise<{ ok: boolean; text: string }>
}

/** Runs one scripted tool call inside the runner, in the worker of the turn's thread. */
export async function executeTool(pod: RunnerPod, worker: Worker, call: ToolCall, hooks: ToolHooks): Promise<ToolOutcome> {
  switch (call.tool) {
    case 'github.whoami':
      return whoami(pod, 'github', worker.env.get('GITHUB_TOKEN'), 'GITHUB_TOKEN in the CLI env', (token) => ({
        url: `https://${HOSTS.github}/user`,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json' },
        who: (body) => text(body.login)
      }))
    case 'gitlab.whoami':
      return whoami(pod, 'gitlab', worker.env.get('GITLAB_TOKEN'), 'GITLAB_TOKEN in the CLI env', (token) => ({
        url: `https://${HOSTS.gitlab}/api/v4/user`,
        headers: { 'PRIVATE-TOKEN': token },
        who: (body) => text(body.username)
      }))
    case 'jira.myself': {
      const server = worker.mcpServers[JIRA_SERVER]
      if (server?.url !== undefined) return viaRemoteServer(pod, { ...server, url: server.url }, 'jira', JIRA_SERVER)
      const env = server?.env ?? {}
      return whoami(pod, 'jira', env.JIRA_API_TOKEN, 'JIRA_API_TOKEN of the jira MCP server', (token) => ({
        url: `https://${HOSTS.jira}/rest/api/3/myself`,
        headers: { Authorization: `Basic ${Buffer.from(`${env.JIRA_USERNAME ?? ''}:${token}`).toString('base64')}` },
        who: (body) => text(body.accountId).replace(/^acct-/, '')
      }))
    }
    case 'google.whoami': {
      // At HEAD workspace-mcp reads the file named by the email it was spawned with (docs/platform/runner.md#populate-and-clear-at-head).
      const server = worker.mcpServers['google-workspace']
      // HEAD builds workspace-mcp only for a Google credential the control plane bound (docs/platform/runner.md#credential-mcp-servers-at-head).
      if (!server) return { ...fail('no google-workspace MCP server was built for this worker'), slot: 'google' }
      if (server.url !== undefined) return viaRemoteServer(pod, { ...server, url: server.url }, 'google', 'google-workspace')
      const path = pod.sim.platform === 'head' ? googleCredentialsFile(server.env.USER_GOOGLE_EMAIL ?? '') : GOOGLE_CREDENTIALS_FILE
      const file = await pod.workspace.read(path)
      let token: string | undefined
      try {
        token = file ? text((JSON.parse(file) as { token?: unknown }).token) : undefined
      } catch {
        token = undefined
      }
      return whoami(pod, 'google', token, 'the credentials file workspace-mcp reads', (t) => ({
        url: `https://${HOSTS.googleApi}/oauth2/v3/tokeninfo?access_token=${encodeURIComponent(t)}`,
        headers: {},
        who: () => pod.sim.registry.refOf(t)?.owner ?? ''
      }))
    }
    case 'coderabbit.whoami':
      return whoami(pod, 'coderabbit', worker.env.get('CODERABBIT_API_KEY'), 'CODERABBIT_API_KEY in the CLI env', (key) => ({
        url: `https://${HOSTS.coderabbit}/api/v1/users/me`,
        headers: { 'x-coderabbitai-api-key': key },
        who: (body) => text(body.username)
      }))
    case 'gerrit.whoami':
      return gerritWhoami(pod, worker)
    case 'kubectl.whoami':
      return kubeWhoami(pod, worker.env.get('KUBECONFIG'), 'KUBECONFIG in the CLI env')
    case 'git.whoami': {
      const { token, source } = await githubTokenFor(pod, worker, 'git')
      return whoami(pod, 'github', token, source, (t) => ({
        url: `https://${HOSTS.github}/user`,
        headers: { Authorization: `Basic ${Buffer.from(`x-access-token:${t}`).toString('base64')}` },
        who: (body) => text(body.login)
      }))
    }
    case 'gh.whoami': {
      const { token, source } = await githubTokenFor(pod, worker, 'gh')
      return whoami(pod, 'github', token, source, (t) => ({
        url: `https://${HOSTS.github}/user`,
        headers: { Authorization: `token ${t}` },
        who: (body) => text(body.login)
      }))
    }
    case 'mcp.whoami': {
      const server = worker.mcpServers[call.server]
      if (!server) return fail(`no MCP server "${call.server}" was spawned for this worker`)
      if (server.url !== undefined) return viaRemoteServer(pod, { ...server, url: server.url }, sidecarSlot(call.server), call.server)
      // kubernetes-mcp-server authenticates with the kubeconfig its `--kubeconfig` names.
      const kubeconfigAt = server.args?.indexOf('--kubeconfig') ?? -1
      if (kubeconfigAt >= 0) return kubeWhoami(pod, server.args?.[kubeconfigAt + 1], `the ${call.server} MCP server's --kubeconfig`)
      const token = Object.values(server.env).find((v) => v.startsWith('mcpk_'))
      return whoami(pod, `mcp:${call.server}`, token, `the credential in the ${call.server} MCP server's env`, (t) => ({
        url: `https://${mcpUpstreamHost(call.server)}/whoami`,
        headers: { Authorization: `Bearer ${t}` },
        who: (body) => text(body.owner)
      }))
    }
    case 'env.dump': {
      const lines = [...pod.env].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`)
      return { ok: true, actedAs: null, slot: null, summary: `${lines.length} variables${holding(pod, lines.join('\n'))}`, content: lines.join('\n') }
    }
    case 'fs.read': {
      const text = await pod.workspace.read(call.path)
      if (text === null) return fail(`cat: ${call.path}: No such file or directory`)
      return { ok: true, actedAs: null, slot: null, summary: `${text.length} bytes${holding(pod, text)}`, content: text }
    }
    case 'fs.list': {
      const roots = call.path === '/' ? ['/workspace', '/tmp', '/root'] : [call.path]
      const lines: string[] = []
      for (const root of roots) {
        for (const file of await pod.workspace.list(root)) {
          const text = (await pod.workspace.read(file)) ?? ''
          const mode = await pod.workspace.mode(file)
          const refs = pod.sim.registry.scan(text)
          const holds = refs.length > 0 ? `  holds ${[...new Set(refs.map(describeRef))].join(', ')}` : ''
          lines.push(`${(mode ?? 0).toString(8).padStart(4, '0')} ${file}${holds}`)
        }
      }
      return { ok: true, actedAs: null, slot: null, summary: `${lines.length} files`, content: lines.join('\n') || '(no files)' }
    }
    case 'refresh_credentials': {
      const result = await hooks.refreshCredentials()
      return { ok: result.ok, actedAs: null, slot: null, summary: result.text, content: result.text }
    }
    case 'sleep':
      pod.sim.clock.advance(call.ms)
      // Background processes that came due meanwhile ran while the agent slept.
      await pod.background.settled()
      return { ok: true, actedAs: null, slot: null, summary: `slept ${call.ms} ms of virtual time`, content: 'done' }
    case 'bg': {
      const startedBy = { turn: currentContext().turn ?? '', sender: pod.context.currentUserId }
      pod.background.start({ due: pod.sim.clock.now() + call.ms, call: call.call, worker: { ...worker, env: new Map(worker.env) }, startedBy })
      const summary = `left running in the background: ${formatToolCall(call.call)} in ${formatDuration(call.ms)}`
      return { ok: true, actedAs: null, slot: null, summary, content: `[1] ${summary}` }
    }
    case 'http':
      return http(pod, call)
    case 'kube.secret':
      return kubeSecret(pod, call.name)
    case 'cp.token': {
      if (!pod.env.get('AMBIENT_CP_TOKEN_URL')) return fail('no AMBIENT_CP_TOKEN_URL: this pod was not created by the control plane')
      try {
        const token = await requestCpToken(pod, call.plaintext || undefined)
        await pod.workspace.write(CP_TOKEN_FILE, token, 0o600)
        const ref = pod.sim.registry.refOf(token)
        return { ok: true, actedAs: null, slot: null, summary: `got ${ref ? describeRef(ref) : 'a token'}, written to ${CP_TOKEN_FILE}`, content: `token written to ${CP_TOKEN_FILE}` }
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error))
      }
    }
    case 'fail':
      throw new Error(call.message)
  }
}

/**
 * Which GitHub token git (through the credential helper) or gh (through its wrapper) uses: at
 * HEAD, once installed, they read the token file at call time and fall back to the CLI's env;
 * without them, the CLI's env (docs/platform/runner.md#the-git-credential-helper-and-the-gh-wrapper).
 */
async function githubTokenFor(pod: RunnerPod, worker: Worker, via: 'git' | 'gh'): Promise<{ token: string | undefined; source: string }> {
  const installed = via === 'git' ? await pod.workspace.exists(GIT_CREDENTIAL_HELPER) : (worker.env.get('PATH') ?? '').includes('/ambient-gh-')
  if (installed) {
    const file = ((await pod.workspace.read(GITHUB_TOKEN_FILE)) ?? '').trim()
    if (file) return { token: file, source: `${GITHUB_TOKEN_FILE}, read by the ${via === 'git' ? 'git credential helper' : 'gh wrapper'} now` }
  }
  return { token: worker.env.get('GITHUB_TOKEN'), source: 'GITHUB_TOKEN in the CLI env' }
}

/** The provider a credential sidecar's server acts for, by its name; any other remote server is its own MCP slot. */
function sidecarSlot(server: string): FetchKind {
  switch (server) {
    case 'github':
      return 'github'
    case JIRA_SERVER:
      return 'jira'
    case 'openshift':
      return 'kubeconfig'
    case 'google-workspace':
      return 'google'
    default:
      return mcpSlot(server)
  }
}

/** A whoami through a remote MCP server (a credential sidecar): the runner never sees the credential, only whom the server acted as. */
async function viaRemoteServer(pod: RunnerPod, server: McpServerConfig & { url: string }, slot: FetchKind, name: string): Promise<ToolOutcome> {
  try {
    const answer = await remoteWhoami(pod, server)
    if (!answer.ok) return { ...fail(`the ${name} MCP server at ${server.url}: ${answer.reason}`), slot }
    return { ok: true, actedAs: answer.login, slot, summary: `acted as ${answer.login} (the ${name} MCP server at ${server.url}, with the credential it holds)`, content: `authenticated as ${answer.login}` }
  } catch (error) {
    return { ...fail(`the ${name} MCP server at ${server.url}: ${error instanceof Error ? error.message : String(error)}`), slot }
  }
}

/** The gerrit MCP server authenticates with the HTTP token in the config file GERRIT_CONFIG_PATH names. */
async function gerritWhoami(pod: RunnerPod, worker: Worker): Promise<ToolOutcome> {
  const path = worker.mcpServers.gerrit?.env.GERRIT_CONFIG_PATH
  if (!path) return { ...fail('no gerrit MCP server: there was no Gerrit config when the servers were built'), slot: 'gerrit' }
  let host: { authentication?: { username?: unknown; auth_token?: unknown } } | undefined
  try {
    host = (JSON.parse((await pod.workspace.read(path)) ?? '') as { gerrit_hosts?: Array<typeof host> }).gerrit_hosts?.[0]
  } catch {
    host = undefined
  }
  const user = text(host?.authentication?.username)
  return whoami(pod, 'gerrit', text(host?.authentication?.auth_token) || undefined, `the first host in ${path}`, (t) => ({
    url: `https://${HOSTS.gerrit}/a/accounts/self`,
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${t}`).toString('base64')}` },
    who: (body) => text(body.username)
  }))
}

/** ` holding alice's github, …` when the printed text carries known secrets: the summary names whose, never the value. */
function holding(pod: RunnerPod, printed: string): string {
  const refs = pod.sim.registry.scan(printed)
  return refs.length > 0 ? `, holding ${[...new Set(refs.map(describeRef))].join(', ')}` : ''
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function fail(summary: string): ToolOutcome {
  return { ok: false, actedAs: null, slot: null, summary, content: summary }
}

interface WhoamiRequest {
  url: string
  headers: Record<string, string>
  who: (body: Record<string, unknown>) => string
}

async function whoami(
  pod: RunnerPod,
  slot: FetchKind,
  token: string | undefined,
  source: string,
  build: (token: string) => WhoamiRequest
): Promise<ToolOutcome> {
  if (!token) return { ...fail(`no credential: ${source} is empty`), slot }
  const request = build(token)
  try {
    const response = await callHop(pod.sim, 'runner', 'provider', { method: 'GET', url: request.url, headers: request.headers })
    if (response.status !== 200) return { ...fail(`the provider refused the credential (HTTP ${response.status})`), slot }
    // Gerrit prefixes its JSON with `)]}'` against XSSI.
    const who = request.who(JSON.parse(response.body.replace(/^\)\]\}'\n/, '')) as Record<string, unknown>) || null
    const used = pod.sim.registry.refOf(token) ?? undefined
    return { ok: true, actedAs: who, slot, summary: `acted as ${who ?? 'nobody'} (${source})`, content: `authenticated as ${who}`, ...(used ? { used } : {}) }
  } catch (error) {
    return { ...fail(`request failed: ${error instanceof Error ? error.message : String(error)}`), slot }
  }
}

async function http(pod: RunnerPod, call: Extract<ToolCall, { tool: 'http' }>): Promise<ToolOutcome> {
  const expand = (text: string): Promise<string> => expandShell(text, pod.env, (file) => pod.workspace.read(file))
  const url = await expand(call.url)
  const headers: Record<string, string> = {}
  for (const [name, value] of call.headers) headers[name] = await expand(value)
  const body = call.body === undefined ? undefined : await expand(call.body)
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    return fail(`not a URL after expansion: ${pod.sim.redactor.redact(url)}`)
  }
  try {
    const response = await callHop(pod.sim, 'runner', hopOfHost(host), { method: call.method, url, headers, body, podHost: podHost(pod) })
    const refs = pod.sim.registry.scan(response.body).filter((r) => r.slot !== 'bearer')
    const first = refs[0]
    return {
      ok: response.status < 400,
      actedAs: first ? first.owner : null,
      slot: first && first.slot !== 'bearer' ? first.slot : null,
      summary: `HTTP ${response.status}${refs.length > 0 ? `: got ${[...new Set(refs.map(describeRef))].join(', ')}` : ''}`,
      content: `HTTP ${response.status}\n${response.body}`
    }
  } catch (error) {
    return fail(`request failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
