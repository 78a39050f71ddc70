import { withSessionToken } from '../backend-process/runner-transport'
import type { BackendState } from '../backend-process/backend-state'
import type { HopContext } from '../sim/hop-context'
import { HOSTS, runnerHost } from '../net/hosts'
import type { TurnInfo } from '../turns/turns'
import { NetworkError } from '../net/client'
import { openHop } from '../net/hop-client'
import { stringifyJson } from '../net/json-text'
import { loggedUser } from '../trace/logged-user'
import { sseJsonEvents } from '../../shared/sse'
import type { AguiEvent } from '../agui/agui-event'
import type { AguiLog } from './agui-log'
import type { ProxyParts } from './proxy-parts'

export interface RunnerCall {
  info: TurnInfo
  /** The input as the backend re-marshals it for the runner. */
  body: Record<string, unknown>
  /** gin userID the run acts for; for a hardened schedule, the owner. */
  principal: string
  userId: string
  userName: string
  /** The raw Authorization of the sender, when the proxy may forward it (docs/platform/proxy.md#what-the-proxy-does-at-aguirun). */
  callerToken: string
  /** X-Forwarded-Access-Token of the sender: a browser session has only this. */
  accessToken: string
  /** The session's own ServiceAccount sent the run (a schedule). */
  scheduled: boolean
}

const MAX_ATTEMPTS = 15

/**
 * `proxyRunnerStream` and `connectToRunner` (docs/platform/proxy.md#the-headers-to-the-runner): the POST to the session's runner with the
 * user headers, retries on connection errors, the relayed AG-UI stream, and what happens at the
 * end of the run.
 */
export async function proxyRunnerStream(sim: HopContext, { state, log, turns }: ProxyParts, call: RunnerCall): Promise<void> {
  const { info } = call
  const sessionKey = `${info.project}/${info.session}`
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'text/event-stream' }
  // Flaw site PR1: before PR #989 the proxy sent no user context, so every turn ran as the owner.
  const forwardUser = !sim.flaws.has('pr1-owner-credentials-for-every-sender')
  const { userId, callerHeader } = runIdentity(sim, state, call)
  if (forwardUser && userId) headers['X-Current-User-ID'] = userId
  // Flaw site PR9: before 5f34173b1 the name went out even without an id.
  if (forwardUser && call.userName && (userId || sim.flaws.has('pr9-user-name-without-id'))) {
    headers['X-Current-User-Name'] = call.userName
  }
  if (forwardUser && callerHeader) headers['X-Caller-Token'] = callerHeader
  const url = `http://${runnerHost(info.project, info.session)}:${HOSTS.runnerPort}/`
  sim.trace.emit('proxy', {
    kind: 'log',
    level: 'info',
    text: `AGUI Proxy: connecting to runner at ${url} (user=${loggedUser(sim.flaws, call.userId)})`
  })
  const body = stringifyJson(call.body)
  let status: 'finished' | 'error' = 'error'
  let error: string | undefined
  try {
    const response = await connectToRunner(sim, url, headers, body)
    if (!response) {
      error = 'Runner is not available'
      runFailed(log, sessionKey, info, error)
    } else if (response.status !== 200) {
      error = `Runner error: HTTP ${response.status}`
      response.stream.resume()
      runFailed(log, sessionKey, info, error)
    } else {
      let sawError = false
      for await (const event of sseJsonEvents(response.stream)) {
        const agui = persisted(sim, turns, info.turn, event as AguiEvent)
        if (agui.type === 'RUN_ERROR') {
          sawError = true
          error = typeof agui.message === 'string' ? agui.message : 'runner error'
        }
        log.append(sessionKey, agui)
      }
      status = sawError ? 'error' : 'finished'
    }
  } catch (cause) {
    // The platform logs a stream read error and ends the run with what it relayed.
    error = `stream read error: ${cause instanceof Error ? cause.message : String(cause)}`
    sim.trace.emit('proxy', { kind: 'log', level: 'warning', text: `AGUI Proxy: ${error}` })
  } finally {
    // Flaw site R1: the active-user entry outlives the run (hardened clears the entry this run set).
    if (!sim.flaws.has('r1-active-user-not-cleared') && call.principal) {
      if (state.activeUsers.get(info.project, info.session) === call.principal) {
        state.activeUsers.clear(info.project, info.session, `run ${info.turn} ended`)
      }
    }
    state.runTokens.revokeTurn(info.turn)
    await turns.proxyEnded(info.turn, status, error ?? null)
  }
}

/**
 * What the proxy keeps of one relayed event: the platform persists and broadcasts it as it came,
 * so a secret the runner let through is told as an event-log finding (docs/platform/flaws.md#h9-event-redaction-misses-secrets),
 * and credscope keeps and shows it masked.
 */
function persisted(sim: HopContext, turns: ProxyParts['turns'], turn: string, event: AguiEvent): AguiEvent {
  const refs = sim.registry.scan(stringifyJson(event))
  if (refs.length > 0) turns.secretLine(turn, { sink: 'event-log', refs, record: event.type })
  return sim.redactor.redactDeep(event)
}

/**
 * Who the runner runs as and with which token: the sender and the sender's own Authorization at
 * MERGE (R20), or the run's principal (the owner, for a schedule) and a token bound to this run
 * that can only read credentials (hardened).
 */
function runIdentity(sim: HopContext, state: BackendState, call: RunnerCall): { userId: string; callerHeader: string } {
  // Flaw site R11: only an Authorization header counts; a browser session (X-Forwarded-Access-Token
  // only) leaves the runner without a caller token, and its fetches fall back to the owner's.
  const accessToken = sim.flaws.has('r11-no-caller-token-owner-fallback') || !call.userId ? '' : call.accessToken
  // Flaw site R20: the caller's full OAuth bearer token is forwarded into the runner pod.
  if (sim.flaws.has('r20-caller-token-in-runner')) {
    return { userId: call.userId, callerHeader: call.callerToken || (accessToken ? `Bearer ${accessToken}` : '') }
  }
  if (!call.principal || !(call.callerToken || accessToken || call.scheduled)) return { userId: call.userId, callerHeader: '' }
  const minted = state.runTokens.mint(call.info.project, call.info.session, call.info.turn, call.principal)
  return { userId: call.principal, callerHeader: `Bearer ${minted.token}` }
}

async function connectToRunner(sim: HopContext, url: string, headers: Record<string, string>, body: string) {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      return await openHop(sim, 'proxy', 'runner', { method: 'POST', url, headers: withSessionToken(sim, url, headers), body, timeoutMs: 0 })
    } catch (error) {
      const retryable = error instanceof NetworkError && (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND')
      if (!retryable) return null
      // The platform backs off 500 ms ×1.5 up to 5 s; virtual time does not need to wait for it.
    }
  }
  return null
}

function runFailed(log: AguiLog, sessionKey: string, info: TurnInfo, message: string): void {
  log.append(sessionKey, { type: 'RUN_STARTED', threadId: info.thread, runId: info.turn })
  log.append(sessionKey, { type: 'RUN_ERROR', threadId: info.thread, runId: info.turn, message })
}
