import type { TurnSender } from '../../shared/sender'
import { callHop } from '../net/hop-client'
import { BACKEND_URL, FRONT_DOOR_URL } from '../net/hosts'
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
