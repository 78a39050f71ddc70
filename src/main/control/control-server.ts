import { z } from 'zod'
import { API_INPUTS, type ApiMethod, type ServerPush } from '../../shared/api'
import { parseDuration } from '../../shared/duration'
import { maskSecret } from '../../shared/mask'
import { senderFromName, turnSenderSchema } from '../../shared/sender'
import { sendError, sendJson } from '../net/http-error'
import { parseJson, type Request, requestUrl, Router } from '../net/router'
import { listen, type Listener } from '../net/server'
import { ApiFailure } from './api-failure'
import { applyTokenAction } from '../world/user-tokens'
import type { AppService } from './app-service'
import { refuseControlRequest, refuseForeignPage } from './guard'
import { serveStatic } from './static-files'

const turnBody = z.object({
  as: z.union([z.string().min(1), turnSenderSchema]),
  project: z.string().default('demo'),
  session: z.string().default('shared-1'),
  thread: z.string().optional(),
  message: z.string().default('')
})

const tokenAction = z.object({ user: z.string().min(1), action: z.enum(['expire', 'revoke', 'issue']) })

export interface ControlServer {
  listener: Listener
  token: string
}

/**
 * The control API of `serve` (docs/control-api.md) and the web shell: the world with its tokens, whose a
 * value is, turns, events, the clock, token lifecycle; the app's RPC route and push stream; the
 * built renderer. Loopback only; every /control request needs the per-launch token, and Host and
 * Origin must be ours so no web page can drive it.
 */
export async function startControlServer(app: AppService, token: string, rendererDir: string, port = 0): Promise<ControlServer> {
  const router = new Router()
  const body = async <T>(req: Request, schema: z.ZodType<T>): Promise<T> => {
    const text = await req.text()
    const parsed = schema.safeParse(text.trim() ? parseJson(text, 'invalid JSON: ') : {})
    if (!parsed.success) throw new ApiFailure('bad-input', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
    return parsed.data
  }

  // 503 once the store cannot record: a run that is not being recorded is not healthy.
  router.get('/control/health', (_req, res) => {
    const store = app.storeHealth()
    const dbg = app.live.debugger.state()
    sendJson(res, store.ok ? 200 : 503, {
      status: store.ok ? 'ok' : 'failed',
      runId: app.live.runId,
      store,
      debugger: { paused: dbg.paused, held: dbg.held.length }
    })
  })
  router.get('/control/world', async (_req, res) => sendJson(res, 200, await app.live.world()))
  router.get('/control/whose', (req, res) => {
    const value = req.query.get('value') ?? ''
    if (!value) return sendError(res, 400, 'Pass the value to look up as ?value=')
    const matches = app.live.whose(value)
    if (matches.length === 0) return sendError(res, 404, 'Not a credential or token of this world')
    sendJson(res, 200, { value: maskSecret(value), owner: matches[0]?.owner, provider: matches[0]?.slot, matches })
  })
  router.post('/control/turns', async (req, res) => {
    const input = await body(req, turnBody)
    app.requireRecording()
    const engine = app.live
    let outcome
    try {
      outcome = await engine.sendTurn({ sender: typeof input.as === 'string' ? senderFromName(input.as) : input.as, project: input.project, session: input.session, thread: input.thread, message: input.message })
    } catch (error) {
      // An unknown user, API key or session is the caller's mistake, not a server error.
      throw new ApiFailure('not-found', error instanceof Error ? error.message : String(error))
    }
    sendJson(res, 200, {
      status: outcome.status,
      body: safeJson(engine.sim.redactor.redact(outcome.body)),
      turn: outcome.turn,
      leaks: outcome.turn ? engine.leaks.of(outcome.turn.turn) : []
    })
  })
  // One turn's verdict: how it ended, its summary and its leak findings; `wait=1` answers once it has ended.
  router.get('/control/turns/:turn', async (req, res) => {
    const engine = app.live
    const turn = req.params.turn ?? ''
    if (!engine.turns.has(turn)) return sendError(res, 404, `No turn ${turn} in the live run`)
    if (req.query.get('wait') === '1') await engine.waitForTurn(turn)
    sendJson(res, 200, { turn: engine.turns.get(turn), summary: engine.summaries.get(turn) ?? null, leaks: engine.leaks.of(turn) })
  })
  router.get('/control/leaks', (_req, res) => sendJson(res, 200, { runId: app.live.runId, findings: app.live.leaks.findings }))
  router.get('/control/events', async (req, res) => {
    const after = Number(req.query.get('after') ?? '0')
    const turn = req.query.get('turn')
    const store = app.live.options.store
    if (!store) return sendError(res, 404, 'This engine keeps no store')
    app.requireRecording()
    const runId = req.query.get('run') ?? app.live.runId
    // `wait=1` answers once a live turn has ended (and its leak check ran), so a script needs no polling.
    if (turn && req.query.get('wait') === '1' && runId === app.live.runId) {
      if (!app.live.turns.has(turn)) return sendError(res, 404, `No turn ${turn} in the live run`)
      await app.live.waitForTurn(turn)
    }
    const events = turn ? store.turnEvents(runId, turn) : store.events(runId, Number.isFinite(after) ? after : 0)
    sendJson(res, 200, { events })
  })
  router.post('/control/clock', async (req, res) => {
    const input = await body(req, z.object({ advance: z.string() }))
    const ms = parseDuration(input.advance)
    if (ms === null) return sendError(res, 400, `advance needs a duration such as 90s, 10m or 1h, not "${input.advance}"`)
    app.live.sim.clock.advance(ms)
    sendJson(res, 200, { now: new Date(app.live.sim.clock.now()).toISOString() })
  })
  router.post('/control/tokens', async (req, res) => {
    const input = await body(req, tokenAction)
    const engine = app.live
    if (!engine.sim.cluster.users.has(input.user)) return sendError(res, 404, `No user "${input.user}" in this world`)
    const applied = await applyTokenAction(engine.sim, input.user, input.action)
    if ('error' in applied) return sendError(res, 400, applied.error)
    if (input.action === 'issue') return sendJson(res, 200, { user: input.user, token: applied.token })
    sendJson(res, 200, { user: input.user, [input.action === 'expire' ? 'expired' : 'revoked']: maskSecret(applied.token) })
  })
  router.post('/control/rpc/:method', async (req, res) => {
    const method = req.params.method ?? ''
    if (!Object.hasOwn(API_INPUTS, method)) return sendError(res, 404, `No API method "${method}"`)
    try {
      const input = await body(req, API_INPUTS[method as ApiMethod] as z.ZodType<unknown>)
      sendJson(res, 200, await app.call(method as ApiMethod, input as never))
    } catch (error) {
      // The app's own route adds a stable code the clients branch on.
      if (error instanceof ApiFailure) return sendJson(res, httpStatusOf(error), { error: error.message, code: error.code })
      throw error
    }
  })
  router.get('/control/stream', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    const write = (push: ServerPush): void => {
      res.write(`data: ${JSON.stringify(push)}\n\n`)
    }
    res.write(': connected\n\n')
    const unsubscribe = app.subscribe(write)
    req.raw.on('close', unsubscribe)
  })

  let listener: Listener | null = null
  listener = await listen(
    'control',
    async (raw, res) => {
      const port = listener?.port ?? 0
      const path = requestUrl(raw).pathname
      if (!path.startsWith('/control')) {
        const refused = refuseForeignPage(raw, port)
        if (refused) return sendError(res, refused.status, refused.message)
        if (raw.method !== 'GET' && raw.method !== 'HEAD') return sendError(res, 405, 'Method not allowed')
        return serveStatic(rendererDir, path, res)
      }
      const refused = refuseControlRequest(raw, port, token)
      if (refused) return sendError(res, refused.status, refused.message)
      const matched = router.match(raw)
      if (!matched) return sendError(res, 404, 'Not found')
      try {
        await matched.handler(matched.req, res)
      } catch (error) {
        if (error instanceof ApiFailure) return sendError(res, httpStatusOf(error), error.message)
        throw error
      }
    },
    (error) => app.live.sim.trace.emit('harness', { kind: 'log', level: 'error', text: `control API error: ${error instanceof Error ? error.message : String(error)}` }, null),
    port
  )
  app.controlUrl = `${listener.url}/control`
  return { listener, token }
}

function httpStatusOf(error: ApiFailure): number {
  switch (error.code) {
    case 'bad-input':
      return 400
    case 'not-found':
      return 404
    case 'unavailable':
      return 503
    case 'failed':
      return 500
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
