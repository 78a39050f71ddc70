import { expandVars } from './env'
import { DEFAULT_MCP_CONFIG_FILE, type RunnerPod } from './pod'

export interface McpServerConfig {
  command: string
  env: Record<string, string>
}

export type McpConfig = Record<string, McpServerConfig>

/** The `.mcp.json` the operator mounts: jira, google-workspace and the session's own servers. */
export function defaultMcpConfig(servers: readonly string[]): { mcpServers: McpConfig } {
  const config: McpConfig = {
    jira: {
      command: 'mcp-atlassian',
      env: { JIRA_URL: '${JIRA_URL}', JIRA_USERNAME: '${JIRA_EMAIL}', JIRA_API_TOKEN: '${JIRA_API_TOKEN}' }
    },
    'google-workspace': {
      command: 'workspace-mcp',
      env: {
        USER_GOOGLE_EMAIL: '${USER_GOOGLE_EMAIL}',
        GOOGLE_OAUTH_CLIENT_ID: '${GOOGLE_OAUTH_CLIENT_ID}',
        WORKSPACE_MCP_CREDENTIALS_DIR: '/workspace/.google_workspace_mcp/credentials'
      }
    }
  }
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

/** `build_mcp_servers`: expands `${VAR}` from the env *now* and keeps the result (docs/platform/runner.md#one-turn). */
export async function buildMcpServers(pod: RunnerPod): Promise<McpConfig> {
  const config = await readMcpConfig(pod)
  const built: McpConfig = {}
  for (const [name, server] of Object.entries(config)) {
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(server.env)) env[key] = expandVars(value, pod.env)
    built[name] = { command: server.command, env }
  }
  // HEAD adds the gerrit server when GERRIT_CONFIG_PATH names a file at build time (docs/platform/runner.md#one-turn-at-head).
  const gerrit = pod.env.get('GERRIT_CONFIG_PATH')
  if (pod.sim.platform === 'head' && gerrit && (await pod.workspace.exists(gerrit))) built.gerrit = { command: 'gerrit-mcp-server', env: { GERRIT_CONFIG_PATH: gerrit } }
  return built
}
