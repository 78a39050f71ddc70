import { cpCredentialsPerBinding } from '../flaws/policies'
import { expandVars } from './env'
import type { McpConfig, McpServerConfig } from './mcp-config'
import type { RunnerPod } from './pod'

/**
 * HEAD's `_CREDENTIAL_MCP_REGISTRY` (a1fa9ff28): the server a bound credential of a provider gets
 * when the runner holds it itself (docs/platform/runner.md#credential-mcp-servers-at-head).
 */
const SUBPROCESS_SERVERS: Readonly<Record<string, { name: string; server: McpServerConfig }>> = {
  jira: {
    name: 'mcp-atlassian',
    server: {
      command: 'uvx',
      args: ['mcp-atlassian'],
      env: {
        JIRA_URL: '${JIRA_URL}',
        JIRA_USERNAME: '${JIRA_EMAIL}',
        JIRA_API_TOKEN: '${JIRA_API_TOKEN}',
        JIRA_SSL_VERIFY: 'true',
        READ_ONLY_MODE: '${JIRA_READ_ONLY_MODE:-true}'
      }
    }
  },
  kubeconfig: {
    name: 'openshift',
    server: { command: 'uvx', args: ['kubernetes-mcp-server@latest', '--kubeconfig', '/tmp/.ambient_kubeconfig', '--disable-multi-cluster'], env: {} }
  },
  google: {
    name: 'google-workspace',
    server: {
      command: 'uvx',
      args: ['workspace-mcp@1.17.1', '--permissions', 'gmail:send', 'drive:full'],
      env: {
        GOOGLE_MCP_CREDENTIALS_DIR: '${GOOGLE_MCP_CREDENTIALS_DIR}',
        MCP_SINGLE_USER_MODE: '1',
        GOOGLE_OAUTH_CLIENT_ID: '${GOOGLE_OAUTH_CLIENT_ID}',
        GOOGLE_OAUTH_CLIENT_SECRET: '${GOOGLE_OAUTH_CLIENT_SECRET}',
        GOOGLE_OAUTH_REDIRECT_URI: '${GOOGLE_OAUTH_REDIRECT_URI}',
        USER_GOOGLE_EMAIL: '${USER_GOOGLE_EMAIL:-user@example.com}'
      }
    }
  }
}

/** `_CREDENTIAL_SIDECAR_REGISTRY` (720c8d7b1): the name of each provider's sidecar server; any other provider keeps its own name. */
const SIDECAR_SERVER_NAMES: Readonly<Record<string, string>> = { github: 'github', jira: 'mcp-atlassian', kubeconfig: 'openshift', google: 'google-workspace' }

/** The Jira server of both registries, which the env fallback adds when no binding made one. */
export const JIRA_SERVER = 'mcp-atlassian'

/**
 * `build_credential_mcp_servers` at HEAD: with CREDENTIAL_MCP_URLS, one SSE server per sidecar at
 * `<url>/sse`; else one subprocess server per provider of CREDENTIAL_IDS the registry knows, its
 * env templates expanded now, an unset variable left as written (`_expand_env_vars`).
 */
export function credentialMcpServers(pod: RunnerPod): McpConfig {
  const urls = (pod.env.get('CREDENTIAL_MCP_URLS') ?? '').trim()
  if (urls) return sidecarServers(pod)
  const ids = parseObject(pod, 'CREDENTIAL_IDS')
  const servers: McpConfig = {}
  for (const provider of Object.keys(ids ?? {})) {
    const entry = SUBPROCESS_SERVERS[provider]
    if (!entry) continue
    servers[entry.name] = expandRegistryEntry(entry.server, pod)
    pod.log('info', `Configured ${entry.name} MCP server for bound credential (provider: ${provider})`)
  }
  return servers
}

/**
 * The Jira fallback of `build_mcp_servers`: no Jira server yet, and JIRA_URL and JIRA_API_TOKEN
 * set in the env *at build time*, so a sender whose Jira populate put there gets one built with it.
 */
export function jiraFallbackServer(pod: RunnerPod, built: McpConfig): McpServerConfig | null {
  if (built[JIRA_SERVER] || !pod.env.get('JIRA_URL')?.trim() || !pod.env.get('JIRA_API_TOKEN')?.trim()) return null
  const entry = SUBPROCESS_SERVERS.jira
  if (!entry) return null
  return expandRegistryEntry(entry.server, pod)
}

/** `_expand_env_vars` over a registry entry's env: `${VAR:-default}` as usual, an unset `${VAR}` left as written. */
function expandRegistryEntry(server: McpServerConfig, pod: RunnerPod): McpServerConfig {
  return { ...server, env: Object.fromEntries(Object.entries(server.env).map(([k, v]) => [k, expandVars(v, pod.env, 'keep')])) }
}

function sidecarServers(pod: RunnerPod): McpConfig {
  const urls = parseObject(pod, 'CREDENTIAL_MCP_URLS')
  if (!urls) return {}
  const servers: McpConfig = {}
  for (const [provider, url] of Object.entries(urls)) {
    if (typeof url !== 'string' || !url.trim()) {
      pod.log('warning', `Skipping credential sidecar ${provider}: invalid URL`)
      continue
    }
    const name = SIDECAR_SERVER_NAMES[provider] ?? provider
    servers[name] = { type: 'sse', url: `${url.replace(/\/+$/, '')}/sse`, env: {} }
    // Flaw H8's runner side: hardened names the sender to the sidecar, which then asks the api-server for that user's credential.
    const sender = pod.context.currentUserId
    if (!cpCredentialsPerBinding(pod.sim.flaws) && sender) servers[name].headers = { 'X-Runner-Current-User': sender }
    pod.log('info', `Configured ${name} credential sidecar (sse) at ${url}`)
  }
  return servers
}

/**
 * `_parse_credential_mcp_urls`: the providers CREDENTIAL_MCP_URLS gives a sidecar (a non-empty JSON
 * object), which populate does not fetch: their tokens never enter the runner.
 */
export function sidecarProviders(pod: RunnerPod): ReadonlySet<string> {
  try {
    const value: unknown = JSON.parse((pod.env.get('CREDENTIAL_MCP_URLS') ?? '').trim() || '{}')
    return new Set(value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [])
  } catch {
    return new Set()
  }
}

/** A JSON object env var, or null with the platform's warning when it is not one. */
function parseObject(pod: RunnerPod, variable: 'CREDENTIAL_IDS' | 'CREDENTIAL_MCP_URLS'): Record<string, unknown> | null {
  const raw = (pod.env.get(variable) ?? '').trim()
  if (!raw) return null
  try {
    const value: unknown = JSON.parse(raw)
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
    pod.log('warning', `${variable} is not a JSON object — skipping credential MCP servers`)
  } catch {
    pod.log('warning', `Failed to parse ${variable} — skipping credential MCP servers`)
  }
  return null
}
