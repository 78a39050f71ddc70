import { z } from 'zod'
import { parseDuration } from '../../shared/duration'
import { maskSecret } from '../../shared/mask'
import type { Engine, TurnSender } from '../engine/engine'
import { sendError, sendJson } from '../net/http-error'
import { parseJson, type Request, Router } from '../net/router'
import { listen, type Listener } from '../net/server'
import { apiKeySaName, sessionSaName } from '../world/identity'
import { refuseControlRequest } from './guard'

const turnBody = z.object({
  as: z.union([
    z.string().min(1),
    z.object({ kind: z.literal('user'), userId: z.string().min(1), browserSession: z.boolean().optional() }),
    z.object({ kind: z.literal('apikey'), key: z.string().min(1) }),
    z.object({ kind: z.literal('scheduled') })
  ]),
  project: z.string().default('demo'),
  session: z.string().default('shared-1'),
  thread: z.string().optional(),
  message: z.string().default('')
})

const tokenAction = z.object({ user: z.string().min(1), action: z.enum(['expire', 'revoke', 'issue']) })

/** `alice` → a user; `apikey:ci-bot` → an API key; `scheduled` → a schedule. */
export function parseSender(as: z.infer<typeof turnBody>['as']): TurnSender {
  if (typeof as !== 'string') return as
  if (as === 'scheduled') return { kind: 'scheduled' }
  if (as.startsWith('apikey:')) return { kind: 'apikey', key: as.slice('apikey:'.length) }
  return { kind: 'user', userId: as }
}

export interface ControlServer {
  listener: Listener
  token: string
}

/**
 * The control API of `serve` (DESIGN.md): the world with its tokens, whose a value is, turns,
 * the event stream, the virtual clock and token lifecycle. Loopback only, per-launch token.
 */
export async function startControlServer(engine: Engine, token: string, port = 0, extra?: (router: Router) => void): Promise<ControlServer> {
  const router = new Router()
  const body = async <T>(req: Request, schema: z.ZodType<T>): Promise<T> => {
    const text = await req.text()
    const parsed = schema.safeParse(text.trim() ? parseJson(text, 'invalid JSON: ') : {})
    if (!parsed.success) throw new BadInput(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
    return parsed.data
  }

  router.get('/control/health', (_req, res) => sendJson(res, 200, { status: 'ok', runId: engine.runId }))
  router.get('/control/world', async (_req, res) => sendJson(res, 200, await engine.world()))
  router.get('/control/whose', (req, res) => {
    const value = req.query.get('value') ?? ''
    if (!value) return sendError(res, 400, 'Pass the value to look up as ?value=')
    const matches = engine.whose(value)
    if (matches.length === 0) return sendError(res, 404, 'Not a credential or token of this world')
    sendJson(res, 200, { value: maskSecret(value), owner: matches[0]?.owner, provider: matches[0]?.slot, matches })
  })
  router.post('/control/turns', async (req, res) => {
    const input = await body(req, turnBody)
    const sender = parseSender(input.as)
    // An unknown principal is bad input: a 404, not the 500 of the token lookup throwing (DESIGN.md).
    const missing = unknownPrincipal(engine, sender, input.project, input.session)
    if (missing) return sendError(res, 404, missing)
    const outcome = await engine.sendTurn({
      sender,
      project: input.project,
      session: input.session,
      thread: input.thread,
      message: input.message
    })
    sendJson(res, 200, {
      status: outcome.status,
      body: safeJson(engine.sim.redactor.redact(outcome.body)),
      turn: outcome.turn,
      leaks: outcome.turn ? engine.leaks.findings.filter((f) => f.turn === outcome.turn?.turn) : []
    })
  })
  router.get('/control/events', (req, res) => {
    const after = Number(req.query.get('after') ?? '0')
    const turn = req.query.get('turn')
    const store = engine.options.store
    if (!store) return sendError(res, 404, 'This engine keeps no store')
    const events = turn ? store.turnEvents(engine.runId, turn) : store.events(engine.runId, Number.isFinite(after) ? after : 0)
    sendJson(res, 200, { events })
  })
  router.post('/control/clock', async (req, res) => {
    const input = await body(req, z.object({ advance: z.string() }))
    const ms = parseDuration(input.advance)
    if (ms === null) return sendError(res, 400, `advance needs a duration such as 90s, 10m or 1h, not "${input.advance}"`)
    engine.sim.clock.advance(ms)
    sendJson(res, 200, { now: new Date(engine.sim.clock.now()).toISOString() })
  })
  router.post('/control/tokens', async (req, res) => {
    const input = await body(req, tokenAction)
    if (!engine.sim.cluster.users.has(input.user)) return sendError(res, 404, `No user "${input.user}" in this world`)
    const cluster = engine.sim.cluster
    if (input.action === 'issue') {
      const token = cluster.issueUserToken(input.user, engine.sim.world.tokenLifetimeMs)
      return sendJson(res, 200, { user: input.user, token })
    }
    const current = engine.userToken(input.user)
    if (input.action === 'expire') cluster.expire(current)
    else cluster.revoke(current)
    sendJson(res, 200, { user: input.user, [input.action === 'expire' ? 'expired' : 'revoked']: maskSecret(current) })
  })
  extra?.(router)

  let listener: Listener | null = null
  listener = await listen(
    'control',
    async (raw, res) => {
      const refused = refuseControlRequest(raw, listener?.port ?? 0, token)
      if (refused) return sendError(res, refused.status, refused.message)
      const matched = router.match(raw)
      if (!matched) return sendError(res, 404, 'Not found')
      try {
        await matched.handler(matched.req, res)
      } catch (error) {
        if (error instanceof BadInput) return sendError(res, 400, error.message)
        throw error
      }
    },
    (error) => engine.sim.trace.emit('harness', { kind: 'log', level: 'error', text: `control API error: ${error instanceof Error ? error.message : String(error)}` }, null),
    port
  )
  return { listener, token }
}

class BadInput extends Error {}

/** Why the engine has no token to send this turn with, or null when it has one. */
function unknownPrincipal(engine: Engine, sender: TurnSender, project: string, session: string): string | null {
  const { cluster } = engine.sim
  switch (sender.kind) {
    case 'user':
      return cluster.users.has(sender.userId) ? null : `No user "${sender.userId}" in this world`
    case 'apikey':
      return cluster.tokensOf({ kind: 'sa', namespace: project, name: apiKeySaName(sender.key) }).length > 0 ? null : `No API key "${sender.key}" in project "${project}"`
    case 'scheduled':
      return cluster.tokensOf({ kind: 'sa', namespace: project, name: sessionSaName(session) }).length > 0 ? null : `No session "${project}/${session}" to schedule a run in`
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

