import { sessionBotResolvesToOwner } from '../flaws/policies'
import type { ServerResponse } from 'node:http'
import type { Sender } from '../../shared/events'
import type { ProjectRoutes } from '../backend-process/project-routes'
import { extractRequestToken, type RequestIdentity, userScopedCaller } from '../backend-process/request-identity'
import type { HopContext } from '../sim/hop-context'
import type { TurnInfo, Turns } from '../turns/turns'
import type { ProxyParts } from './proxy-parts'
import { sendError, sendJson } from '../net/http-error'
import { jsonDepth } from '../net/json-text'
import { parseJson, type Request } from '../net/router'
import { apiKeySaName, parseSaUsername, sessionSaName } from '../world/identity'
import { proxyRunnerStream, type RunnerCall } from './runner-stream'
import { forwardedRunInput, proxyRunInput, withSenderMetadata } from '../agui/run-input'

/** encoding/json's maxNestingDepth: deeper input fails to bind. */
const GO_JSON_MAX_DEPTH = 10_000

/** The proxy's goroutine failed in a way the platform's does not: end the turn with the error and say so. */
async function turnCrashed(sim: HopContext, turns: Turns, turn: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error)
  sim.trace.emit('harness', { kind: 'log', level: 'error', text: `credscope failed inside this turn: ${message}` }, turn)
  await turns.proxyEnded(turn, 'error', `credscope failed inside this turn: ${message}`)
}

/** The key of the proxy's per-session maps: the bare session name at MERGE (R18). */
export function sessionMapKey(sim: HopContext, project: string, session: string): string {
  // Flaw site R18: sessionLastSeen and sessionProjectMap are keyed by the bare session name.
  return sim.flaws.has('r18-cleanup-maps-bare-session-key') ? session : `${project}/${session}`
}

/** `POST .../agui/run` and `GET .../agui/events` (docs/platform/proxy.md), mounted on the backend. */
export function aguiRoutes(sim: HopContext, proxy: ProxyParts): ProjectRoutes[] {
  return [
    {
      method: 'POST',
      pattern: '/api/projects/:projectName/agentic-sessions/:sessionName/agui/run',
      handler: (req, res, identity) => handleRun(sim, proxy, req, res, identity)
    },
    {
      method: 'GET',
      pattern: '/api/projects/:projectName/agentic-sessions/:sessionName/agui/events',
      handler: (req, res, identity) => handleEvents(sim, proxy, req, res, identity)
    }
  ]
}

async function handleRun(sim: HopContext, proxy: ProxyParts, req: Request, res: ServerResponse, identity: RequestIdentity): Promise<void> {
  const { state, turns } = proxy
  const project = req.params.projectName ?? ''
  const session = req.params.sessionName ?? ''
  const token = extractRequestToken(identity)
  if (!token) return sendError(res, 401, 'Invalid or missing token')
  if (!mayAct(sim, identity, 'update', project, session)) {
    sim.trace.emit('proxy', { kind: 'log', level: 'info', text: `agui/run refused: no update on agenticsessions/${session}` })
    return sendError(res, 403, 'Unauthorized')
  }
  const text = await req.text()
  // Go's decoder refuses nesting deeper than 10,000 before binding (docs/platform/proxy.md#post-aguirun).
  if (jsonDepth(text) > GO_JSON_MAX_DEPTH) return sendError(res, 400, 'invalid input: exceeded max depth')
  const parsed = proxyRunInput.safeParse(parseJson(text, 'invalid input: '))
  if (!parsed.success) {
    return sendError(res, 400, `invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`)
  }
  const refusal = turns.admission(project, session)
  if (refusal) {
    // credscope's own limit, not the platform's: told as the harness's, never half-run.
    sim.trace.emit('harness', { kind: 'log', level: 'warning', text: `agui/run refused by credscope: ${refusal}` })
    res.setHeader('Retry-After', '1')
    return sendError(res, 429, `credscope is at capacity: ${refusal}`)
  }
  const input = parsed.data
  const turn = input.runId || sim.random.uuid()
  if (turns.has(turn)) {
    // The platform would run it again under the same id; credscope keys a turn's evidence by it.
    sim.trace.emit('harness', { kind: 'log', level: 'warning', text: `agui/run refused by credscope: run id ${turn} is already used in this run` })
    return sendError(res, 409, `credscope keys turns by run id and ${turn} is already used in this run; send another runId or none`)
  }
  const thread = input.threadId || session
  const mapKey = sessionMapKey(sim, project, session)
  state.lastSeen.set(mapKey, sim.clock.now())
  state.projectOf.set(mapKey, project)

  const senderUserID = identity.userID
  const senderName = identity.userName
  const cr = sim.cluster.session(project, session)
  const owner = cr?.userContext.userId ?? ''
  const sessionBot = isSessionBot(sim, token, project, session)
  // Hardened: a schedule posting with the session's own token runs for the owner, explicitly.
  const principal = senderUserID || (sessionBot && !sessionBotResolvesToOwner(sim.flaws) ? owner : '')
  if (senderUserID) state.activeUsers.set(project, session, senderUserID, `run ${turn} sent by this user`)
  else if (principal) state.activeUsers.set(project, session, principal, `scheduled run ${turn}: the owner`)
  const messages = withSenderMetadata(input.messages, senderUserID, senderName)
  const authorization = req.header('Authorization') || identity.authorizationHeader
  const callerToken = authorization && senderUserID ? authorization : ''
  sim.trace.emit('proxy', {
    kind: 'log',
    level: 'info',
    text: senderUserID ? `Run with per-user credentials for ${project}/${session}` : `No userID for ${project}/${session} - will use session owner credentials`
  })
  const sender = senderOf(sim, identity, sessionBot)
  const info: TurnInfo = {
    turn,
    project,
    session,
    thread,
    sender,
    expectedOwner: expectedOwnerOf(sim, sender, owner),
    senderPlatformId: senderUserID,
    startedAt: sim.clock.now(),
    finishedAt: null,
    status: 'running',
    error: null
  }
  turns.start(info)
  sim.trace.emit('proxy', { kind: 'turn.started', project, session, thread, sender, senderId: senderUserID, expectedOwner: info.expectedOwner }, turn)
  // The turn runs on after the answer; whatever it throws ends the turn, never the process.
  const call: RunnerCall = {
    info,
    body: forwardedRunInput(input, turn, thread, messages),
    principal,
    userId: senderUserID,
    userName: senderName,
    callerToken,
    accessToken: identity.forwardedAccessToken,
    scheduled: sessionBot
  }
  void sim.scheduler.spawn(`turn ${turn}`, () => proxyRunnerStream(sim, proxy, call), turn).catch((error: unknown) => turnCrashed(sim, turns, turn, error))
  sendJson(res, 200, { runId: turn, threadId: thread })
}

async function handleEvents(sim: HopContext, { state, log }: ProxyParts, req: Request, res: ServerResponse, identity: RequestIdentity): Promise<void> {
  const project = req.params.projectName ?? ''
  const session = req.params.sessionName ?? ''
  if (!mayAct(sim, identity, 'get', project, session)) return sendError(res, 403, 'Unauthorized')
  state.lastSeen.set(sessionMapKey(sim, project, session), sim.clock.now())
  state.projectOf.set(sessionMapKey(sim, project, session), project)
  log.subscribe(`${project}/${session}`, res)
}

/** The SSAR of the AG-UI handlers; an error counts as not allowed. Run tokens read credentials only. */
function mayAct(sim: HopContext, identity: RequestIdentity, verb: 'update' | 'get', project: string, session: string): boolean {
  if (identity.runToken) return false
  try {
    return sim.cluster.accessReview(userScopedCaller(identity), verb, project, 'agenticsessions', session)
  } catch {
    return false
  }
}

function isSessionBot(sim: HopContext, token: string, project: string, session: string): boolean {
  try {
    const review = sim.cluster.tokenReview(token)
    const sa = review ? parseSaUsername(review.username) : null
    return sa !== null && sa.namespace === project && sa.name === sessionSaName(session)
  } catch {
    return false
  }
}

/** Who sent the turn, in the harness's terms: a user, an API key, or a schedule (no sender). */
function senderOf(sim: HopContext, identity: RequestIdentity, sessionBot: boolean): Sender | null {
  if (sessionBot) return { kind: 'scheduled', schedule: 'session ServiceAccount' }
  if (identity.source === 'sa-annotation') {
    const token = extractRequestToken(identity)
    const review = sim.cluster.tokenReview(token)
    const sa = review ? parseSaUsername(review.username) : null
    if (sa?.name.startsWith(apiKeySaName(''))) return { kind: 'apikey', key: sa.name.slice(apiKeySaName('').length) }
  }
  if (identity.userID) {
    const user = sim.cluster.userByPlatformId(identity.userID)
    return { kind: 'user', userId: user?.id ?? identity.userID }
  }
  return null
}

function expectedOwnerOf(sim: HopContext, sender: Sender | null, owner: string): string | null {
  if (!sender) return null
  switch (sender.kind) {
    case 'user':
      return sender.userId
    case 'scheduled':
      return sim.cluster.userByPlatformId(owner)?.id ?? owner
    case 'apikey': {
      for (const [, sa] of sim.cluster.serviceAccounts) {
        if (sa.name === apiKeySaName(sender.key)) {
          const creator = sa.annotations['ambient-code.io/created-by-user-id'] ?? ''
          return sim.cluster.userByPlatformId(creator)?.id ?? creator
        }
      }
      return null
    }
  }
}
