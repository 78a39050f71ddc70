import type { ServerResponse } from 'node:http'
import { grpcTurnsCarrySender } from '../flaws/policies'
import { bearerValue } from '../net/bearer'
import { goTime } from '../net/go-time'
import { sendGoEncoded, sendGoError, sendJson } from '../net/http-error'
import type { Request } from '../net/router'
import type { HopContext } from '../sim/hop-context'
import type { TurnInfo, Turns } from '../turns/turns'
import type { ControlPlane } from '../world/control-plane'
import type { SessionMessage } from '../world/session-messages'
import { type Caller, callerOf } from './api-caller'

/**
 * `POST /api/ambient/v1/sessions/{id}/messages` (`plugins/sessions/message_handler.go`
 * PushMessage, docs/platform/control-plane.md#turns-over-grpc): `{"event_type","payload"}`, the
 * type `user` when empty and nothing else, answered 201 with the stored message. The payload is
 * kept as text; what the runner does with it is its listener's business. credscope reads the
 * `runId` of a payload that names one to keep the turn's evidence, as the proxy does for agui/run.
 */
export async function pushMessage(sim: HopContext, cp: ControlPlane, turns: Turns, req: Request, res: ServerResponse): Promise<void> {
  const caller = await callerOf(sim, cp, bearerValue(req.header('authorization')))
  if (!caller) return sendJson(res, 401, { kind: 'Error', reason: 'Unauthorized' })
  const id = req.params.id ?? ''
  const key = cp.sessionOf(id)
  if (!key || !mayUse(sim, caller, key)) return sendGoError(res, 404, 'session not found')
  const body = parseBody(await req.text(1 << 20))
  if (!body) return sendGoError(res, 400, 'invalid JSON body')
  const eventType = body.event_type || 'user'
  if (eventType !== 'user') return sendGoError(res, 400, 'event_type must be "user" on this endpoint')
  const sender = caller.kind === 'user' ? sim.cluster.users.get(caller.userId) ?? null : null
  const message: Omit<SessionMessage, 'seq'> = { id: sim.random.uuid(), session_id: id, event_type: eventType, payload: body.payload, created_at: goTime(new Date(sim.clock.now()).toISOString()) }
  // Flaw site H11 (with the listener): the platform's message says nothing of who pushed it.
  if (sender && grpcTurnsCarrySender(sim.flaws)) message.sender = { user_id: sim.cluster.platformId(sender), user_name: sender.name }
  const turn = runIdOf(body.payload)
  if (turn && !turns.has(turn)) {
    const refusal = turns.admission(...split(key))
    if (refusal) {
      sim.trace.emit('harness', { kind: 'log', level: 'warning', text: `message refused by credscope: ${refusal}` })
      res.setHeader('Retry-After', '1')
      return sendJson(res, 429, { kind: 'Error', reason: `credscope is at capacity: ${refusal}` })
    }
    startTurn(sim, turns, turn, key, sender?.id ?? null, sender ? sim.cluster.platformId(sender) : '')
  }
  const stored = cp.messages.append(message)
  sim.trace.emit('control-plane', { kind: 'log', level: 'info', text: `session ${id}: message seq ${stored.seq} (${eventType}) pushed by ${callerText(caller)}` })
  sendGoEncoded(res, 201, withoutSender(stored))
}

/**
 * `GET /api/ambient/v1/sessions/{id}/messages?after_seq=N`: the session's messages after a seq.
 * The runner's listener reads them over gRPC's `WatchSessionMessages`; credscope carries the watch
 * as this list, asked each time a message is appended.
 */
export async function listMessages(sim: HopContext, cp: ControlPlane, req: Request, res: ServerResponse): Promise<void> {
  const caller = await callerOf(sim, cp, bearerValue(req.header('authorization')))
  if (!caller) return sendJson(res, 401, { kind: 'Error', reason: 'Unauthorized' })
  const id = req.params.id ?? ''
  const key = cp.sessionOf(id)
  if (!key || !mayUse(sim, caller, key)) return sendGoError(res, 404, 'session not found')
  // strconv.ParseInt: anything that is not an integer is ignored.
  const raw = req.query.get('after_seq') ?? ''
  const afterSeq = /^[+-]?\d+$/.test(raw) ? Number(raw) : 0
  const messages = cp.messages.after(id, afterSeq)
  // The runner is the one reader the sender matters to; the platform's JSON has no such field.
  sendGoEncoded(res, 200, caller.kind === 'user' ? messages.map(withoutSender) : messages)
}

/** The control plane's own token reads every session; its session tokens their own; a user the sessions they may update. */
function mayUse(sim: HopContext, caller: Caller, key: string): boolean {
  switch (caller.kind) {
    case 'service':
      return true
    case 'session':
      return caller.session === key
    case 'user': {
      const [project, session] = split(key)
      return sim.cluster.allows({ kind: 'user', userId: caller.userId }, 'update', project, 'agenticsessions', session)
    }
  }
}

function startTurn(sim: HopContext, turns: Turns, turn: string, key: string, userId: string | null, platformId: string): void {
  const [project, session] = split(key)
  const sender = userId ? { kind: 'user' as const, userId } : null
  const info: TurnInfo = { turn, project, session, thread: session, sender, expectedOwner: userId, senderPlatformId: platformId, startedAt: sim.clock.now(), finishedAt: null, status: 'running', error: null }
  turns.start(info)
  sim.trace.emit('control-plane', { kind: 'turn.started', project, session, thread: session, sender, senderId: platformId, expectedOwner: userId }, turn)
}

function parseBody(text: string): { event_type: string; payload: string } | null {
  try {
    // encoding/json: `null` decodes to nothing; a null field stays empty, one of another type fails the decode.
    const parsed = (JSON.parse(text) as unknown) ?? {}
    if (typeof parsed !== 'object' || Array.isArray(parsed)) return null
    const { event_type: eventType = null, payload = null } = parsed as Record<string, unknown>
    if ((eventType !== null && typeof eventType !== 'string') || (payload !== null && typeof payload !== 'string')) return null
    return { event_type: eventType ?? '', payload: payload ?? '' }
  } catch {
    return null
  }
}

function runIdOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { runId?: unknown; run_id?: unknown }
    const id = parsed.runId ?? parsed.run_id
    return typeof id === 'string' ? id : ''
  } catch {
    return ''
  }
}

function withoutSender({ id, session_id, seq, event_type, payload, created_at }: SessionMessage): SessionMessage {
  return { id, session_id, seq, event_type, payload, created_at }
}

function split(key: string): [string, string] {
  const at = key.indexOf('/')
  return [key.slice(0, at), key.slice(at + 1)]
}

function callerText(caller: Caller): string {
  switch (caller.kind) {
    case 'service':
      return 'the control plane'
    case 'session':
      return `the token of ${caller.session}`
    case 'user':
      return caller.userId
  }
}
