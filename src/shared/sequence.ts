import type { EventKind, EventOf, Hop, TraceEvent } from './events'

/**
 * How a turn is drawn as a sequence diagram, in the app and in reports: the lanes, the labels of
 * requests, and which events are bookkeeping.
 */

/** The lanes of the sequence diagram, left to right; operator, Kubernetes API, control plane and vault events draw on the harness lane. */
export const LANES: ReadonlyArray<{ hop: Hop; label: string; title: string }> = [
  { hop: 'client', label: 'client', title: 'The sender: a browser, an API key, or the scheduler' },
  { hop: 'frontdoor', label: 'front door', title: 'The OAuth proxy: validates the bearer, adds X-Forwarded-*' },
  { hop: 'backend', label: 'backend', title: 'Identity middleware, credential endpoints, RBAC table, audit' },
  { hop: 'proxy', label: 'AG-UI proxy', title: 'POST …/agui/run: active-user map, headers to the runner' },
  { hop: 'runner', label: 'runner', title: "The session's pod: env, files, workers, MCP servers" },
  { hop: 'provider', label: 'providers', title: 'Fake GitHub, GitLab, Jira, Google and MCP upstreams' },
  { hop: 'harness', label: 'harness', title: 'credscope itself: leak checks, snapshots, the clock, faults' }
]

/** How a hop is named: its lane's label, or its own name when it draws on the harness lane. */
export function hopLabel(hop: Hop): string {
  return LANES.find((l) => l.hop === hop)?.label ?? (hop === 'kube' ? 'Kubernetes API' : hop === 'control-plane' ? 'control plane' : hop)
}

/** The lane an event of this hop is drawn on. */
export function laneOf(hop: Hop): number {
  const at = LANES.findIndex((l) => l.hop === hop)
  return at >= 0 ? at : LANES.length - 1
}

/** A URL's path with the project/session prefix shortened, for labels: `…/credentials/github`. */
export function shortPath(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '') || '/'
  return path.replace(/^\/api\/projects\/[^/]+\/agentic-sessions\/[^/]+/, '…')
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable'
}

export function statusText(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status)
}

/** The headers that decide whose credentials flow; the rest (content types) stay in the inspector. */
const INTERESTING = ['authorization', 'x-runner-current-user', 'x-forwarded-user', 'x-forwarded-email', 'x-forwarded-preferred-username', 'x-forwarded-access-token', 'x-caller-token', 'x-current-user-id', 'x-current-user-name', 'cookie', 'private-token']

export function interestingHeaders(headers: Record<string, string>): Array<[string, string]> {
  return Object.entries(headers)
    .filter(([name]) => INTERESTING.includes(name.toLowerCase()))
    .sort(([a], [b]) => INTERESTING.indexOf(a.toLowerCase()) - INTERESTING.indexOf(b.toLowerCase()))
}

/** A tool as the message named it: `mcp.whoami` on slot `mcp:docs` is `mcp.docs.whoami`. */
export function toolLabel(tool: string, slot: string | null): string {
  return tool === 'mcp.whoami' && slot?.startsWith('mcp:') ? `mcp.${slot.slice(4)}.whoami` : tool
}

/** Bookkeeping a compact diagram leaves out: logs, audit lines, runner steps, project checks, pod snapshots, notes. */
export const DIAGRAM_BOOKKEEPING: ReadonlySet<EventKind> = new Set<EventKind>(['log', 'audit', 'runner.step', 'project.checked', 'pod', 'snapshot', 'note'])

/** A request whose answer is a server-sent event stream (the proxy's POST to the runner): it has no single status. */
export function isStreamRequest(event: EventOf<'http.request'>): boolean {
  return Object.entries(event.headers).some(([k, v]) => k.toLowerCase() === 'accept' && v.includes('text/event-stream'))
}

/** Each exchange's request and answer status, so a request can be labelled `METHOD path → status` and an answer can name what it answers. */
export interface Exchanges {
  statusOf: ReadonlyMap<string, number>
  requestOf: ReadonlyMap<string, EventOf<'http.request'>>
}

export function exchangesOf(events: readonly TraceEvent[]): Exchanges {
  const statusOf = new Map<string, number>()
  const requestOf = new Map<string, EventOf<'http.request'>>()
  for (const e of events) {
    if (e.kind === 'http.response') statusOf.set(e.exchange, e.status)
    if (e.kind === 'http.request') requestOf.set(e.exchange, e)
  }
  // The front door passes the backend's answer straight back; its own exchange records none.
  for (const [exchange, request] of requestOf) {
    if (statusOf.has(exchange) || request.from !== 'frontdoor') continue
    let client: EventOf<'http.request'> | null = null
    for (const c of requestOf.values()) if (c.from === 'client' && c.seq < request.seq && shortPath(c.url) === shortPath(request.url)) client = c
    const passed = client ? statusOf.get(client.exchange) : undefined
    if (passed !== undefined) statusOf.set(exchange, passed)
  }
  return { statusOf, requestOf }
}
