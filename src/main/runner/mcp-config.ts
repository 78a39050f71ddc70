import { customMcpServers, type CustomMcpServers } from '../world/custom-mcp'
import type { PlatformVersion } from '../../shared/platform-versions'
import { credentialMcpServers, JIRA_SERVER, jiraFallbackServer } from './credential-mcp'
import { expandVars } from './env'
import { DEFAULT_MCP_CONFIG_FILE, type RunnerPod } from './pod'

export interface McpServerConfig {
  /** `stdio` when absent; `http` and `sse` servers are remote: the CLI connects to `url` when it starts. */
  type?: 'stdio' | 'http' | 'sse'
  command?: string
  args?: string[]
  env: Record<string, string>
  url?: string
  headers?: Record<string, string>
}

export type McpConfig = Record<string, McpServerConfig>

/**
 * The image's `.mcp.json`, with credscope's MCP-credential servers of the session. At the merge it
 * holds `mcp-atlassian` and `google-workspace`; HEAD (a1fa9ff28) took both out: they are built
 * only for credentials bound to the session, or Jira from the env (docs/platform/runner.md#credential-mcp-servers-at-head).
 */
export function defaultMcpConfig(servers: readonly string[], platform: PlatformVersion): { mcpServers: McpConfig } {
  const config: McpConfig =
    platform === 'merge'
      ? {
          'mcp-atlassian': {
            command: 'uvx',
            args: ['mcp-atlassian'],
            env: { JIRA_URL: '${JIRA_URL}', JIRA_USERNAME: '${JIRA_EMAIL}', JIRA_API_TOKEN: '${JIRA_API_TOKEN}', JIRA_SSL_VERIFY: 'true', READ_ONLY_MODE: 'true' }
          },
          'google-workspace': {
            command: 'uvx',
            args: ['workspace-mcp@1.6.1', '--tools', 'drive'],
            env: {
              GOOGLE_MCP_CREDENTIALS_DIR: '${GOOGLE_MCP_CREDENTIALS_DIR}',
              MCP_SINGLE_USER_MODE: '1',
              GOOGLE_OAUTH_CLIENT_ID: '${GOOGLE_OAUTH_CLIENT_ID}',
              GOOGLE_OAUTH_CLIENT_SECRET: '${GOOGLE_OAUTH_CLIENT_SECRET}',
              USER_GOOGLE_EMAIL: '${USER_GOOGLE_EMAIL:-user@example.com}'
            }
          }
        }
      : {}
  for (const server of servers) {
    const prefix = `MCP_${mcpEnvName(server)}`
    config[server] = { command: `${server}-mcp`, env: { API_KEY: `\${${prefix}_API_KEY}` } }
  }
  return { mcpServers: config }
}

/** `MCP_<SERVER upper, '-'→'_'>` (docs/platform/runner.md#populate-and-clear). */
export function mcpEnvName(server: string): string {
  return server.toUpperCase().replace(/-/g, '_')
}

/** The raw `.mcp.json`, unexpanded; `populate_mcp_server_credentials` reads this file alone, never the custom servers. */
export async function readMcpConfig(pod: RunnerPod): Promise<McpConfig> {
  const text = await pod.workspace.read(pod.env.get('MCP_CONFIG_FILE') || DEFAULT_MCP_CONFIG_FILE)
  if (!text) return {}
  try {
    const parsed = JSON.parse(text) as { mcpServers?: McpConfig }
    return parsed.mcpServers ?? {}
  } catch {
    pod.log('warning', 'Failed to parse MCP config')
    return {}
  }
}

/** Where a server of the merged config comes from: the platform's `.mcp.json`, or `spec.mcpServers` of the project or the session. */
export type McpServerOrigin = 'platform' | 'custom'

export interface MergedMcpConfig {
  servers: Map<string, { origin: McpServerOrigin; config: McpServerConfig }>
  /** The `disabled` names that removed a server. */
  disabled: string[]
}

/**
 * `load_mcp_config`'s merge at HEAD (docs/platform/runner.md#custom-mcp-servers-at-head): the defaults, then the
 * project's custom servers, then the session's (a later server of the same name replaces the
 * earlier one in its place), then every name either lists as `disabled` removed.
 */
export function mergeMcpServers(defaults: McpConfig, project: CustomMcpServers | null, session: CustomMcpServers | null): MergedMcpConfig {
  const servers: MergedMcpConfig['servers'] = new Map(Object.entries(defaults).map(([name, config]) => [name, { origin: 'platform' as const, config }]))
  for (const settings of [project, session]) {
    for (const [name, server] of Object.entries(settings?.custom ?? {})) servers.set(name, { origin: 'custom', config: { ...server, env: server.env ?? {} } })
  }
  const disabled = [...(project?.disabled ?? []), ...(session?.disabled ?? [])].filter((name) => servers.delete(name))
  return { servers, disabled }
}

/** `expand_env_vars` over one server: every string (command, args, env, url, headers) from `env`; names and `type` as they are. */
export function expandMcpServer(server: McpServerConfig, env: ReadonlyMap<string, string>): McpServerConfig {
  const each = (record: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, expandVars(value, env)]))
  const out: McpServerConfig = { ...server, env: each(server.env) }
  if (server.command !== undefined) out.command = expandVars(server.command, env)
  if (server.args !== undefined) out.args = server.args.map((arg) => expandVars(arg, env))
  if (server.url !== undefined) out.url = expandVars(server.url, env)
  if (server.headers !== undefined) out.headers = each(server.headers)
  return out
}

/** Every string of a server that expansion fills, named for where it sits: `KEY` (env), `command`, `args[0]`, `url`, `headers.Name`. */
export function serverStrings(server: McpServerConfig): Array<[string, string]> {
  return [
    ...Object.entries(server.env),
    ...(server.command === undefined ? [] : [['command', server.command] as [string, string]]),
    ...(server.args ?? []).map((arg, i): [string, string] => [`args[${i}]`, arg]),
    ...(server.url === undefined ? [] : [['url', server.url] as [string, string]]),
    ...Object.entries(server.headers ?? {}).map(([name, value]): [string, string] => [`headers.${name}`, value])
  ]
}

/**
 * What the hardened design lets a custom server's `${VAR}` read: the session's own names, the same
 * for every sender and none of them a secret (docs/platform/flaws.md#h2-custom-mcp-expands-credentials).
 */
export const CUSTOM_SERVER_VARIABLES: readonly string[] = ['PROJECT_NAME', 'AGENTIC_SESSION_NAMESPACE', 'AGENTIC_SESSION_NAME', 'SESSION_ID', 'WORKSPACE_PATH']

/**
 * The env a custom server is expanded from. Flaw site H2: HEAD expands it from the whole runner
 * env, so whoever's tokens populate put there go into a server an editor chose; hardened lets it
 * see only CUSTOM_SERVER_VARIABLES, every other variable expands as unset.
 */
export function customServerEnv(pod: RunnerPod): ReadonlyMap<string, string> {
  if (pod.sim.flaws.has('h2-custom-mcp-expands-credentials')) return pod.env
  return new Map([...pod.env].filter(([name]) => CUSTOM_SERVER_VARIABLES.includes(name)))
}

/**
 * PROJECT_MCP_SERVERS or CUSTOM_MCP_SERVERS as the operator set it (JSON), or null when unset. One
 * that does not parse is logged and ignored, as the platform does with a JSON error; credscope
 * also refuses a shape its world could not have written.
 */
export function readCustomMcpServers(pod: RunnerPod, variable: 'PROJECT_MCP_SERVERS' | 'CUSTOM_MCP_SERVERS'): CustomMcpServers | null {
  const raw = pod.env.get(variable) ?? ''
  if (!raw) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (error) {
    pod.log('error', `Failed to parse ${variable}: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
  const parsed = customMcpServers.safeParse(value)
  if (parsed.success) return parsed.data
  pod.log('error', `Failed to parse ${variable}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`)
  return null
}

/**
 * `build_mcp_servers`: expands `${VAR}` from the env *now* and keeps the result (docs/platform/runner.md#one-turn).
 * At HEAD the project's and the session's custom servers are merged in first (docs/platform/runner.md#custom-mcp-servers-at-head).
 */
export async function buildMcpServers(pod: RunnerPod): Promise<McpConfig> {
  const defaults = await readMcpConfig(pod)
  const head = pod.sim.platform === 'head'
  const project = head ? readCustomMcpServers(pod, 'PROJECT_MCP_SERVERS') : null
  const session = head ? readCustomMcpServers(pod, 'CUSTOM_MCP_SERVERS') : null
  if (project) pod.log('info', `Merged ${Object.keys(project.custom).length} project-level custom MCP server(s)`)
  if (session) pod.log('info', `Merged ${Object.keys(session.custom).length} session-level custom MCP server(s)`)
  const merged = mergeMcpServers(defaults, project, session)
  for (const name of merged.disabled) pod.log('info', `Disabled MCP server: ${name}`)
  const customEnv = customServerEnv(pod)
  const built: McpConfig = {}
  for (const [name, { origin, config }] of merged.servers) built[name] = expandMcpServer(config, origin === 'platform' ? pod.env : customEnv)
  if (head) {
    // Then the servers of bound credentials, over any of the same name, and Jira from the env when none (docs/platform/runner.md#credential-mcp-servers-at-head).
    Object.assign(built, credentialMcpServers(pod))
    const jira = jiraFallbackServer(pod, built)
    if (jira) {
      built[JIRA_SERVER] = jira
      pod.log('info', 'Added Jira MCP server (credentials available via session endpoint)')
    }
  }
  // HEAD adds the gerrit server when GERRIT_CONFIG_PATH names a file at build time (docs/platform/runner.md#one-turn-at-head).
  const gerrit = pod.env.get('GERRIT_CONFIG_PATH')
  if (head && gerrit && (await pod.workspace.exists(gerrit))) built.gerrit = { command: 'gerrit-mcp-server', env: { GERRIT_CONFIG_PATH: gerrit } }
  return built
}
