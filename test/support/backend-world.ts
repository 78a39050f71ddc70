import type { Engine } from '../../src/main/engine/engine'
import type { WorldSpecInput } from '../../src/main/world/spec'
import type { EventOf, TraceEvent } from '../../src/shared/events'
import { type HttpResult, request } from './engine'

/**
 * The default world plus what the backend's prelude and bot rows need: `solo`, a session of
 * alice's shared with nobody; `ci-bot`, an API key alice created (its ServiceAccount carries her
 * created-by annotation); `rogue`, a ServiceAccount without that annotation.
 */
export const BACKEND_WORLD: WorldSpecInput = {
  users: [
    { id: 'alice', name: 'Alice Owner', email: 'alice@example.com' },
    { id: 'bob', name: 'Bob Editor', email: 'bob@example.com' },
    { id: 'carol', name: 'Carol Viewer', email: 'carol@example.com' },
    { id: 'mallory', name: 'Mallory Outsider', email: 'mallory@example.com' }
  ],
  projects: [
    {
      name: 'demo',
      members: { alice: 'admin' },
      sessions: [
        { name: 'shared-1', owner: 'alice', sharedWith: { bob: 'edit', carol: 'view' } },
        { name: 'solo', owner: 'alice' }
      ],
      apiKeys: [{ name: 'ci-bot', creator: 'alice', role: 'edit' }],
      serviceAccounts: [{ name: 'rogue', role: 'edit' }]
    }
  ]
}

export interface Principals {
  user(id: string): string
  botToken: string
  apiKey: string
  rogue: string
}

export async function principalsOf(e: Engine): Promise<Principals> {
  const world = await e.world()
  return {
    user: (id) => world.users.find((u) => u.id === id)!.token,
    botToken: world.sessions.find((s) => s.project === 'demo' && s.name === 'shared-1')!.botToken,
    apiKey: world.apiKeys.find((k) => k.name === 'ci-bot')!.token,
    rogue: world.serviceAccounts.find((sa) => sa.name === 'rogue')!.token
  }
}

export interface CredentialCall {
  /** `backend` is how a runner reaches the service (no OAuth proxy); `frontDoor` adds X-Forwarded-*. */
  via?: 'backend' | 'frontDoor'
  provider?: string
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  /** X-Runner-Current-User, the header H of the RBAC table. */
  as?: string
  headers?: Record<string, string>
  project?: string
  session?: string
}

/** One GET of a per-session credential endpoint over real loopback HTTP. */
export async function fetchCredential(e: Engine, call: CredentialCall): Promise<HttpResult> {
  const base = call.via === 'frontDoor' ? e.frontDoor.url : e.backend.url
  const url = `${base}/api/projects/${call.project ?? 'demo'}/agentic-sessions/${call.session ?? 'shared-1'}/credentials/${call.provider ?? 'github'}`
  const headers: Record<string, string> = { ...call.headers }
  if (call.token) headers.Authorization = `Bearer ${call.token}`
  if (call.as !== undefined) headers['X-Runner-Current-User'] = call.as
  return request(url, { headers })
}

/** What the backend told the trace about one request from outside (no turn). */
export interface Told {
  identities: Array<Pick<EventOf<'identity'>, 'userID' | 'source' | 'isBot' | 'detail'>>
  projectChecks: Array<Pick<EventOf<'project.checked'>, 'project' | 'status' | 'reason'>>
  decisions: Array<EventOf<'rbac'>>
  /** `level: text` of each log line. */
  logs: string[]
  audits: string[]
  notes: string[]
}

/** Sends one request and collects the backend's events about it. */
export async function told(e: Engine, send: () => Promise<HttpResult>): Promise<{ res: HttpResult; told: Told }> {
  const all: TraceEvent[] = []
  const unsubscribe = e.sim.trace.subscribe((ev) => all.push(ev))
  const res = await send().finally(unsubscribe)
  const outside = all.filter((ev) => ev.turn === null && ev.hop === 'backend')
  return {
    res,
    told: {
      identities: outside.flatMap((ev) => (ev.kind === 'identity' ? [{ userID: ev.userID, source: ev.source, isBot: ev.isBot, detail: ev.detail }] : [])),
      projectChecks: outside.flatMap((ev) => (ev.kind === 'project.checked' ? [{ project: ev.project, status: ev.status, reason: ev.reason }] : [])),
      decisions: outside.flatMap((ev) => (ev.kind === 'rbac' ? [ev] : [])),
      logs: outside.flatMap((ev) => (ev.kind === 'log' ? [`${ev.level}: ${ev.text}`] : [])),
      audits: outside.flatMap((ev) => (ev.kind === 'audit' ? [ev.text] : [])),
      notes: outside.flatMap((ev) => (ev.kind === 'note' ? [ev.text] : []))
    }
  }
}
