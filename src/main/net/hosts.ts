/**
 * Every name the simulated cluster and the internet answer to (docs/platform/proxy.md,
 * docs/platform/runner.md): traces show these, never loopback ports.
 */
export const HOSTS = {
  frontDoor: 'ambient.example.com',
  frontDoorPort: 443,
  backend: 'backend-service.ambient-code.svc.cluster.local',
  backendPort: 8080,
  backendNamespace: 'ambient-code',
  runnerPort: 8001,
  github: 'api.github.com',
  gitlab: 'gitlab.com',
  jira: 'acme.atlassian.net',
  googleOauth: 'oauth2.googleapis.com',
  googleApi: 'www.googleapis.com',
  coderabbit: 'api.coderabbit.ai',
  gerrit: 'review.gerrit.example.com',
  /** The Kubernetes API server as a pod reaches it (its in-cluster Service). */
  kubeApi: 'kubernetes.default.svc',
  kubeApiPort: 443,
  /** The ambient control plane's token server (CP_TOKEN_URL in its manifest) and the api-server (docs/platform/control-plane.md). */
  cpTokenServer: 'ambient-control-plane.ambient-code.svc',
  cpTokenServerPort: 8080,
  apiServer: 'ambient-api-server.ambient-code.svc',
  apiServerPort: 8000
} as const

/** AMBIENT_CP_TOKEN_URL of a control-plane runner pod. */
export const CP_TOKEN_URL = `http://${HOSTS.cpTokenServer}:${HOSTS.cpTokenServerPort}/token`
/** BACKEND_API_URL of a control-plane runner pod: the control plane's BackendURL, the api-server. */
export const API_SERVER_URL = `http://${HOSTS.apiServer}:${HOSTS.apiServerPort}`

/** The front door as a browser reaches it. */
export const FRONT_DOOR_URL = `https://${HOSTS.frontDoor}`

/** The backend Service inside the cluster; the runner's BACKEND_API_URL is its `/api`. */
export const BACKEND_URL = `http://${HOSTS.backend}:${HOSTS.backendPort}`
export const BACKEND_API_URL = `${BACKEND_URL}/api`

/** The tag the front door puts on its sockets to the backend, which the hardened identity check reads. */
export const FRONT_DOOR_ORIGIN = 'frontdoor'

/** A session's runner Service: `session-<name>.<project>.svc.cluster.local`. */
export function runnerHost(project: string, session: string): string {
  return `session-${session}.${project}.svc.cluster.local`
}

export function runnerClusterUrl(project: string, session: string): string {
  return `http://${runnerHost(project, session)}:${HOSTS.runnerPort}/`
}

/** Cluster names of the MCP servers' upstream APIs: `<server>.mcp.example.com`. */
export function mcpUpstreamHost(server: string): string {
  return `${server}.mcp.example.com`
}

/** Hosts an attacker controls: one on the internet, one inside the cluster (R9b). */
export const COLLECTORS: ReadonlyArray<[string, number]> = [
  ['collector.example.com', 443],
  ['collector.attacker.svc.cluster.local', 80],
  ['collector.attacker.svc.cluster.local', 8080]
]
