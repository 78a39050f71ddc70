import type { TurnSender } from '../../shared/sender'
import { callHop } from '../net/hop-client'
import { API_SERVER_URL, BACKEND_URL, FRONT_DOOR_URL } from '../net/hosts'
import { apiKeySaName, sessionSaName } from '../world/identity'
import type { TurnInfo, Turns } from '../turns/turns'
import type { HopContext } from '../sim/hop-context'
import { currentUserToken } from '../world/user-tokens'


export interface TurnRequest {
  sender: TurnSender
  project: string
  session: string
  thread?: string
  message: string
  /** `grpc`: pushed to the api-server as a session message, for the runner's gRPC listener (a control-plane session at head). */
  via?: 'agui' | 'grpc'
}

export interface TurnOutcome {
  /** The status of `POST /agui/run`. */
  status: number
  body: string
  turn: TurnInfo | null
}

/** Sends turns as a user's browser, an API key or a schedule would, with that principal's token. */
export class TurnClient {
  constructor(
    private readonly sim: HopContext,
    private readonly turns: Turns
  ) {}

  /** Sends a turn through the front door (or, for a schedule, straight to the backend) and waits for it. */
  async send(request: TurnRequest): Promise<TurnOutcome> {
    const { sim } = this
    if (request.via === 'grpc') return this.sendOverGrpc(request)
    const path = `/api/projects/${encodeURIComponent(request.project)}/agentic-sessions/${encodeURIComponent(request.session)}/agui/run`
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    let url = `${FRONT_DOOR_URL}${path}`
    const sender = request.sender
    switch (sender.kind) {
      case 'user': {
        const token = this.userToken(sender.userId)
        if (sender.browserSession) headers.Cookie = `_oauth_proxy=${token}`
        else headers.Authorization = `Bearer ${token}`
        break
      }
      case 'apikey':
        headers.Authorization = `Bearer ${this.saToken(request.project, apiKeySaName(sender.key))}`
        break
      case 'scheduled':
        headers.Authorization = `Bearer ${this.saToken(request.project, sessionSaName(request.session))}`
        url = `${BACKEND_URL}${path}`
        break
    }
    const body = JSON.stringify({
      threadId: request.thread ?? request.session,
      messages: [{ id: sim.random.uuid(), role: 'user', content: request.message }]
    })
    const response = await callHop(sim, 'client', sender.kind === 'scheduled' ? 'backend' : 'frontdoor', { method: 'POST', url, headers, body })
    if (response.status !== 200) return { status: response.status, body: response.body, turn: null }
    const { runId } = JSON.parse(response.body) as { runId: string }
    return { status: response.status, body: response.body, turn: await this.waitFor(runId) }
  }

  /**
   * A user's message pushed to the api-server with their SSO JWT, as a client of a control-plane
   * session sends it; the runner's gRPC listener takes it from there
   * (docs/platform/control-plane.md#turns-over-grpc). The run id goes in the payload so the turn can be followed.
   */
  private async sendOverGrpc(request: TurnRequest): Promise<TurnOutcome> {
    const { sim } = this
    const sessionId = sim.controlPlane?.sessionIds.get(`${request.project}/${request.session}`)
    if (!sessionId) throw new Error(`${request.project}/${request.session} takes no turns over gRPC: only a session the control plane created (controlPlane:, at head) has a gRPC listener`)
    if (request.sender.kind !== 'user' || !sim.sso) throw new Error('a turn over gRPC is a user\'s message to the api-server, which signs users in with SSO JWTs: send it as a user, in a world with identity: sso')
    const turn = sim.random.uuid()
    const payload = JSON.stringify({
      threadId: request.thread ?? sessionId,
      runId: turn,
      messages: [{ id: sim.random.uuid(), role: 'user', content: request.message }]
    })
    const response = await callHop(sim, 'client', 'control-plane', {
      method: 'POST',
      url: `${API_SERVER_URL}/api/ambient/v1/sessions/${encodeURIComponent(sessionId)}/messages`,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.userToken(request.sender.userId)}` },
      body: JSON.stringify({ event_type: 'user', payload })
    })
    if (response.status !== 201) return { status: response.status, body: response.body, turn: null }
    return { status: response.status, body: response.body, turn: await this.waitFor(turn) }
  }

  /** Resolves when the turn has ended and the leak detector has looked at it. */
  waitFor(turn: string): Promise<TurnInfo> {
    const ended = this.turns.ended(turn)
    if (!ended) return Promise.reject(new Error(`no turn ${turn} in this run`))
    return this.sim.scheduler.block(ended)
  }

  /** The user's newest token that still works, else the newest. */
  userToken(userId: string): string {
    return currentUserToken(this.sim, userId)
  }

  saToken(namespace: string, name: string): string {
    const token = this.sim.cluster.tokensOf({ kind: 'sa', namespace, name }).at(-1)
    if (!token) throw new Error(`ServiceAccount ${namespace}/${name} has no token`)
    return token.token
  }
}
