import type { ServerResponse } from 'node:http'
import type { CredentialRef } from '../../shared/events'
import type { HopContext } from '../sim/hop-context'
import { bearerValue } from '../net/bearer'
import { HOSTS } from '../net/hosts'
import { sendGoError, sendJson } from '../net/http-error'
import { Router } from '../net/router'
import { listen, type Listener } from '../net/server'
import type { ControlPlane, CpCredential } from '../world/control-plane'
import { type Caller, callerOf } from './api-caller'
import { listMessages, pushMessage } from './session-messages'
import type { Turns } from '../turns/turns'
import { cpCredentialsPerBinding } from '../flaws/policies'

const NOT_FOUND = { kind: 'Error', reason: 'Not Found' }

/**
 * The api-server's credential token endpoints, `GET /api/ambient/v1/credentials/{cred_id}/token`
 * and `GET /api/ambient/v1/projects/{id}/credentials/{cred_id}/token`, answering
 * `{"credential_id","provider","token"}`. The control plane's own token is a service caller with
 * a global binding, so it reads every credential; a user reads the credentials they created.
 * Also its sessions' messages, which a runner's gRPC listener runs as turns.
 */
export async function startApiServer(sim: HopContext, cp: ControlPlane, turns: Turns): Promise<Listener> {
  const token = (req: Parameters<Parameters<Router['get']>[1]>[0], res: ServerResponse): Promise<void> => credentialToken(sim, cp, req.params.cred ?? '', req.header('authorization'), req.header('x-runner-current-user'), res)
  const router = new Router()
    .get('/api/ambient/v1/credentials', (req, res) => listCredentials(sim, cp, req.header('authorization'), res))
    .get('/api/ambient/v1/credentials/:cred', (req, res) => credentialMetadata(sim, cp, req.params.cred ?? '', req.header('authorization'), res))
    .get('/api/ambient/v1/credentials/:cred/token', token)
    .get('/api/ambient/v1/projects/:project/credentials/:cred/token', token)
    .get('/api/ambient/v1/sessions/:id/messages', (req, res) => listMessages(sim, cp, req, res))
    .post('/api/ambient/v1/sessions/:id/messages', (req, res) => pushMessage(sim, cp, turns, req, res))
  const listener = await listen('ambient-api-server', async (raw, res) => {
    const matched = router.match(raw)
    // gorilla/mux's answer to a path no route matches.
    if (!matched) return sendGoError(res, 404, '404 page not found')
    return matched.handler(matched.req, res)
  })
  sim.net.register(HOSTS.apiServer, HOSTS.apiServerPort, listener.port)
  return listener
}

async function credentialToken(sim: HopContext, cp: ControlPlane, id: string, authorization: string, runUser: string, res: ServerResponse): Promise<void> {
  const caller = await callerOf(sim, cp, bearerValue(authorization))
  if (!caller) return sendJson(res, 401, { kind: 'Error', reason: 'Unauthorized' })
  const credential = cp.credentials.get(id)
  if (!credential) return sendMissing(res, caller, id)
  if (!mayRead(cp, caller, credential)) return sendJson(res, 404, NOT_FOUND)
  // Flaw site H8: the control plane's identity reads the session's bound credential whoever the
  // run is for; hardened reads it for a named user only when that user created it.
  if (caller.kind !== 'user' && runUser && runUser !== platformIdOf(sim, credential.owner) && !cpCredentialsPerBinding(sim.flaws)) {
    sim.trace.emit('control-plane', { kind: 'log', level: 'warning', text: `credential ${id} of ${credential.owner} refused for the run of ${runUser}` })
    return sendJson(res, 403, { kind: 'Error', reason: 'Forbidden' })
  }
  const value = await tokenOf(sim, credential)
  const refs: CredentialRef[] = sim.registry.scan(value)
  sim.trace.emit('control-plane', { kind: 'credential.served', slot: credential.provider, owner: credential.owner, source: 'stored', credentials: refs })
  sendJson(res, 200, { credential_id: credential.id, provider: credential.provider, token: value })
}

/**
 * `GET /api/ambient/v1/credentials/{cred_id}`: the credential without its token (`PresentCredential`),
 * with the url and email its creator stored, which the token answer lacks; the sidecars read it.
 */
async function credentialMetadata(sim: HopContext, cp: ControlPlane, id: string, authorization: string, res: ServerResponse): Promise<void> {
  const caller = await callerOf(sim, cp, bearerValue(authorization))
  if (!caller) return sendJson(res, 401, { kind: 'Error', reason: 'Unauthorized' })
  const credential = cp.credentials.get(id)
  if (!credential) return sendMissing(res, caller, id)
  if (!mayRead(cp, caller, credential)) return sendJson(res, 404, NOT_FOUND)
  const stored = credential.provider === 'kubeconfig' ? null : await sim.credentials.read(credential.owner, credential.provider)
  const details = stored?.provider === 'jira' ? { url: `https://${HOSTS.jira}`, email: stored.email } : {}
  sendJson(res, 200, { id: credential.id, kind: 'Credential', href: `/api/ambient/v1/credentials/${credential.id}`, name: `${credential.owner}-${credential.provider}`, provider: credential.provider, ...details })
}

/** A credential id nobody has: a global caller reaches the handler, whose Get finds nothing; anyone else is told nothing exists. */
function sendMissing(res: ServerResponse, caller: Caller, id: string): void {
  sendJson(res, 404, caller.kind === 'service' ? { kind: 'Error', id: '404', code: 'API-404', reason: `Credential with id='${id}' not found` } : NOT_FOUND)
}

/** `GET /api/ambient/v1/credentials`: the credentials the caller's bindings cover, without their tokens. */
async function listCredentials(sim: HopContext, cp: ControlPlane, authorization: string, res: ServerResponse): Promise<void> {
  const caller = await callerOf(sim, cp, bearerValue(authorization))
  if (!caller) return sendJson(res, 401, { kind: 'Error', reason: 'Unauthorized' })
  const items = [...cp.credentials.values()].filter((c) => mayRead(cp, caller, c)).map((c) => ({ kind: 'Credential', id: c.id, name: `${c.owner}-${c.provider}`, provider: c.provider }))
  sendJson(res, 200, { kind: 'CredentialList', page: 1, size: items.length, total: items.length, items })
}

/** The RBAC of a credential sub-resource GET: a global binding, or a binding on that credential. */
function mayRead(cp: ControlPlane, caller: Caller, credential: CpCredential): boolean {
  switch (caller.kind) {
    case 'service':
      return true
    case 'session':
      return Object.values(cp.credentialIds.get(caller.session) ?? {}).includes(credential.id)
    case 'user':
      return credential.owner === caller.userId
  }
}

/**
 * The credential's token: a kubeconfig's text, or what its creator stored for the provider (a Jira
 * credential's API token, a Google credential's access token: the one string the api-server keeps).
 */
async function tokenOf(sim: HopContext, credential: CpCredential): Promise<string> {
  if (credential.provider === 'kubeconfig') return credential.value ?? ''
  const stored = await sim.credentials.read(credential.owner, credential.provider)
  switch (stored?.provider) {
    case 'github':
    case 'gitlab':
      return stored.token
    case 'jira':
      return stored.apiToken
    case 'google':
      return stored.accessToken
    default:
      return ''
  }
}

/** The id the runner names a user by (X-Runner-Current-User): the backend's userID of the world user. */
function platformIdOf(sim: HopContext, userId: string): string {
  const user = sim.cluster.users.get(userId)
  return user ? sim.cluster.platformId(user) : userId
}
