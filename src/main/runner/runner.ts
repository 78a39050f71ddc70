import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SinkHolding } from '../../shared/events'
import type { HopContext } from '../sim/hop-context'
import type { Turns } from '../turns/turns'
import { BACKEND_API_URL, HOSTS, runnerHost } from '../net/hosts'
import { readBody } from '../net/body'
import { sendJson } from '../net/http-error'
import { jsonDepth } from '../net/json-text'
import { requestUrl } from '../net/router'
import { listen, type Listener } from '../net/server'
import { currentContext } from '../sim/context'
import { writeSse } from '../net/sse-writer'
import { runnerInput, type RunInput } from '../agui/run-input'
import type { SessionRecord } from '../world/cluster'
import { loggedUser } from '../trace/logged-user'
import { sanitizeUserContext } from '../world/identity'
import { ClaudeBridge, type Bridge } from './claude-bridge'
import { RunnerContext } from './context'
import type { Env } from './env'
import { LegacyBridge } from './legacy-bridge'
import { defaultMcpConfig, serverStrings } from './mcp-config'
import { HeldSecrets } from './held-secrets'
import { fetchCpToken } from './cp-token'
import { PermissionError } from './fetch-client'
import { GrpcListener } from './grpc-listener'
import { controlPlaneEnv } from '../world/control-plane-env'
import { type BackgroundJob, BackgroundJobs } from './background-jobs'
import { googleFileKeptAtClear } from '../flaws/policies'
import { executeTool } from './tools/execute'
import { formatToolCall } from '../../shared/tools'
import { BOT_TOKEN_FILE, DEFAULT_MCP_CONFIG_FILE, GOOGLE_CREDENTIALS_DIR, type RunnerPod } from './pod'
import { runnerTokenSecret } from '../world/identity'
import type { Worker } from './session-manager'
import { Workspace } from './workspace'

/** sys.getrecursionlimit() (1000) less the frames of the server's stack when it parses a body. */
const PYTHON_JSON_MAX_DEPTH = 970

export const GOOGLE_OAUTH_CLIENT_ID = 'credscope-workspace.apps.googleusercontent.com'

/**
 * One session's runner pod: its own env map, a workspace on disk, one shared RunnerContext, a
 * bridge with its workers, and the `POST /` endpoint the proxy streams from (docs/platform/runner.md).
 */
export class Runner implements RunnerPod {
  readonly context: RunnerContext
  readonly installed: RunnerPod['installed'] = { credentialHelper: false, ghWrapperDir: null }
  readonly heldSecrets = new HeldSecrets()
  readonly cpToken = { value: '' }
  readonly background = new BackgroundJobs((job) => this.runBackground(job))
  private readonly stopClock: () => void
  readonly bridge: Bridge
  /** Whether the BOT token is the mounted file kubelet keeps current (not F1050's frozen env). */
  botTokenMounted = false
  private listener: Listener | null = null
  private grpcListener: GrpcListener | null = null

  private constructor(
    readonly sim: HopContext,
    /** The runner reports to them when it takes a turn and when the turn's cleanup has run. */
    private readonly turns: Turns,
    readonly record: SessionRecord,
    readonly env: Env,
    readonly workspace: Workspace
  ) {
    this.context = new RunnerContext(record.name, '/workspace')
    // A background process runs when virtual time reaches it, in whatever turn is running then.
    this.stopClock = sim.clock.onAdvance((_by, to) => void this.background.runDue(to))
    const onTurnEnd = async (turn: string): Promise<void> => {
      // Only the proxy's own POST for this turn reports on it; a POST from outside names no turn of ours.
      if (currentContext().turn === turn) await turns.runnerEnded(turn, await this.holdings())
      await this.emitPod('turn-end', this.bridge.sessionManager.all())
    }
    // Flaw site R14: the Gemini and LangGraph bridges ignore the sender.
    this.bridge =
      record.runner !== 'claude' && sim.flaws.has('r14-other-bridges-ignore-sender')
        ? new LegacyBridge(this, record.runner, onTurnEnd)
        : new ClaudeBridge(this, onTurnEnd)
  }

  get project(): string {
    return this.record.project
  }

  get session(): string {
    return this.record.name
  }

  get url(): string {
    return this.listener?.url ?? ''
  }

  /** Starts the pod as the operator would: base env, spec.environmentVariables, .mcp.json. */
  static async start(sim: HopContext, turns: Turns, session: SessionRecord, botToken: string, googleClientSecret: string): Promise<Runner> {
    const env: Env = new Map([
      ['HOME', '/root'],
      ['PATH', '/usr/local/bin:/usr/bin:/bin'],
      ['WORKSPACE_PATH', '/workspace'],
      ['BACKEND_API_URL', BACKEND_API_URL],
      ['PROJECT_NAME', session.project],
      ['AGENTIC_SESSION_NAMESPACE', session.project],
      ['AGENTIC_SESSION_NAME', session.name],
      ['MCP_CONFIG_FILE', DEFAULT_MCP_CONFIG_FILE],
      ['GOOGLE_OAUTH_CLIENT_ID', GOOGLE_OAUTH_CLIENT_ID],
      ['GOOGLE_OAUTH_CLIENT_SECRET', googleClientSecret]
    ])
    if (sim.platform === 'head') {
      env.set('SESSION_ID', session.name)
      // 09cf5f11c: the session's and ProjectSettings' spec.mcpServers, as JSON, when they have any
      // key (docs/platform/runner.md#custom-mcp-servers-at-head).
      const project = sim.cluster.projectMcpServers.get(session.project)
      if (session.customMcpServers) env.set('CUSTOM_MCP_SERVERS', JSON.stringify(session.customMcpServers))
      if (project) env.set('PROJECT_MCP_SERVERS', JSON.stringify(project))
    }
    // A pod the control plane created: its env, no token Secret (docs/platform/control-plane.md#the-runner-pod).
    const cp = session.controlPlane && sim.controlPlane ? sim.controlPlane : null
    if (cp) for (const [key, value] of controlPlaneEnv(cp, `${session.project}/${session.name}`)) env.set(key, value)
    // AGUI_TOKEN comes from the runner-token Secret when the operator minted one (docs/platform/operator.md#the-runner-token-secret-at-head).
    const aguiToken = sim.cluster.secret(session.project, runnerTokenSecret(session.name))?.['agui-token']
    if (aguiToken) env.set('AGUI_TOKEN', aguiToken)
    // Flaw site F1050: before f62b4cac3 the BOT token was env, frozen at pod start; since, a
    // mounted file that kubelet keeps current (docs/platform/runner.md#the-bot-token-at-head).
    const frozen = sim.flaws.has('f1050-bot-token-frozen-at-start')
    if (frozen) env.set('BOT_TOKEN', botToken)
    // spec.environmentVariables replace base values, BACKEND_API_URL included; since 81c601f99 not
    // one the operator sets from a Secret, as AGUI_TOKEN (docs/platform/operator.md#the-runner-token-secret-at-head).
    const fromSecret = sim.platform === 'head' && aguiToken ? ['AGUI_TOKEN'] : []
    for (const [key, value] of Object.entries(session.env)) if (!fromSecret.includes(key)) env.set(key, value)
    const workspace = await Workspace.create(`runner-${session.project}-${session.name}`)
    if (!frozen && !cp) await workspace.write(BOT_TOKEN_FILE, botToken, 0o644)
    await workspace.write(DEFAULT_MCP_CONFIG_FILE, JSON.stringify(defaultMcpConfig(session.mcpServers, sim.platform), null, 2))
    const runner = new Runner(sim, turns, session, env, workspace)
    runner.botTokenMounted = !frozen
    for (const secret of [botToken, aguiToken ?? '', googleClientSecret]) runner.heldSecrets.add(secret)
    runner.listener = await listen(
      `runner ${session.project}/${session.name}`,
      (req, res) => runner.handle(req, res),
      (error) => runner.log('error', `unexpected error: ${error instanceof Error ? error.message : String(error)}`)
    )
    sim.net.register(runnerHost(session.project, session.name), HOSTS.runnerPort, runner.listener.port)
    // The gRPC client's start (`AmbientGRPCClient.from_env`) fetches the control plane's token.
    if (cp) await fetchCpToken(runner).catch((error: unknown) => runner.log('error', `[GRPC CLIENT] ${error instanceof Error ? error.message : String(error)}`))
    // app.py starts the listener when both gRPC settings are there and the bridge has one (Claude's).
    if (cp && env.get('AMBIENT_GRPC_ENABLED')?.trim().toLowerCase() === 'true' && env.get('AMBIENT_GRPC_URL')?.trim() && runner.bridge instanceof ClaudeBridge) {
      runner.grpcListener = new GrpcListener(runner, cp.messages, (input, userId, userName) => runner.runGrpcTurn(input, userId, userName))
    }
    return runner
  }

  log(level: 'debug' | 'info' | 'warning' | 'error', text: string): void {
    this.sim.trace.emit('runner', { kind: 'log', level, text })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestUrl(req).pathname
    // Starlette's Headers.get gives the first of a repeated header.
    const header = (name: string): string => req.headersDistinct[name]?.[0] ?? ''
    // HEAD's session-token gate, before any route but the health checks (docs/platform/runner.md#the-session-token-gate-at-head).
    if (path !== '/health' && path !== '/healthz' && !sessionTokenAccepted(this.env.get('AGUI_TOKEN') ?? '', header('x-ambient-session-token'))) {
      return sendJson(res, 401, { detail: 'Unauthorized' })
    }
    if (req.method === 'GET' && (path === '/health' || path === '/healthz')) return sendJson(res, 200, { status: 'ok' })
    if (req.method !== 'POST' || path !== '/') return sendJson(res, 404, { detail: 'Not Found' })
    let userId = header('x-current-user-id')
    let userName = header('x-current-user-name')
    const callerToken = header('x-caller-token')
    if (userId) {
      ;({ id: userId, name: userName } = sanitizeUserContext(userId, userName))
      this.log('info', `Run user context: ${loggedUser(this.sim.flaws, userId)}`)
    }
    // Flaw site PR4: the shared context set by the HTTP handler, before any lock is taken.
    if (this.sim.flaws.has('pr4-context-set-before-lock')) this.context.setCurrentUser(userId, userName, callerToken)
    const text = await readBody(req)
    // Python's json gives up near its recursion limit; FastAPI answers that with a 400 (docs/platform/runner.md#post-).
    if (jsonDepth(text) > PYTHON_JSON_MAX_DEPTH) return sendJson(res, 400, { detail: 'There was an error parsing the body' })
    const parsed = runnerInput.safeParse(parseBody(text))
    // FastAPI's validation answer: where in the body, and why.
    if (!parsed.success) return sendJson(res, 422, { detail: parsed.error.issues.map((i) => ({ loc: ['body', ...i.path.map(String)], msg: i.message })) })
    const turn = currentContext().turn
    if (turn !== null && turn === parsed.data.runId) this.turns.runnerAccepted(turn)
    await this.emitPod('turn-start', this.bridge.sessionManager.all().filter((w) => w.thread === (parsed.data.threadId || this.session)))
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
    // As Starlette's StreamingResponse: the status line goes out when the stream starts, before any event.
    res.flushHeaders()
    try {
      for await (const event of this.bridge.run(parsed.data, userId, userName, callerToken)) writeSse(res, event)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.log('error', `run failed: ${message}`)
      writeSse(res, { type: 'RUN_ERROR', runId: parsed.data.runId, threadId: parsed.data.threadId, message })
    }
    res.end()
  }

  /**
   * One turn of the gRPC listener (`_handle_user_message`): no caller token, and on a
   * PermissionError one refresh of the control plane's token and one more run; the turn ends when
   * the run does, with no proxy in between (docs/platform/control-plane.md#turns-over-grpc).
   */
  private async runGrpcTurn(input: RunInput, userId: string, userName: string): Promise<void> {
    const turn = currentContext().turn
    if (turn !== null && turn === input.runId) this.turns.runnerAccepted(turn)
    await this.emitPod('turn-start', this.bridge.sessionManager.all().filter((w) => w.thread === input.threadId))
    let failure = await this.runOnce(input, userId, userName)
    if (failure?.permission) {
      this.log('warning', `[GRPC LISTENER] Credential auth failure, refreshing token and retrying: session=${this.env.get('SESSION_ID') ?? ''} error=${failure.message}`)
      await fetchCpToken(this).catch((error: unknown) => this.log('warning', `[GRPC LISTENER] Token refresh failed: ${error instanceof Error ? error.message : String(error)}`))
      failure = await this.runOnce(input, userId, userName)
    }
    if (failure) this.log('error', `[GRPC LISTENER] bridge.run() failed: session=${this.env.get('SESSION_ID') ?? ''} error=${failure.message}`)
    if (turn !== null) await this.turns.proxyEnded(turn, failure ? 'error' : 'finished', failure?.message ?? null, 'runner')
  }

  /** bridge.run's events, consumed as the gRPC writers do; what ended it in error, if anything. */
  private async runOnce(input: RunInput, userId: string, userName: string): Promise<{ permission: boolean; message: string } | null> {
    try {
      let error: string | null = null
      for await (const event of this.bridge.run(input, userId, userName, '', Boolean(userId))) {
        if (event.type === 'RUN_ERROR') error = typeof event.message === 'string' ? event.message : 'runner error'
      }
      return error === null ? null : { permission: false, message: error }
    } catch (error) {
      return { permission: error instanceof PermissionError, message: error instanceof Error ? error.message : String(error) }
    }
  }

  /** The env, the files and the MCP servers' env as they are now (the trace masks the values). */
  private async emitPod(label: 'turn-start' | 'turn-end', workers: readonly Worker[]): Promise<void> {
    const mcp: Record<string, Record<string, string>> = {}
    // What each server is handed (env, args, url, headers); the program it runs is left out.
    for (const worker of workers) for (const [server, config] of Object.entries(worker.mcpServers)) mcp[`${worker.thread}/${server}`] = Object.fromEntries(serverStrings(config).filter(([key]) => key !== 'command'))
    this.sim.trace.emit('runner', { kind: 'pod', label, env: Object.fromEntries(this.env), files: await this.workspace.list('/'), mcp })
  }

  /** Every credential the pod holds right now, by sink, without values. */
  async holdings(): Promise<SinkHolding[]> {
    const out: SinkHolding[] = []
    const scan = (sink: SinkHolding['sink'], where: string, text: string): void => {
      for (const credential of this.sim.registry.scan(text)) out.push({ sink, where, credential })
    }
    for (const [key, value] of this.env) scan('runner-env', key, value)
    const files = await this.workspace.list('/')
    const texts = await Promise.all(files.map((file) => this.workspace.read(file)))
    // Since 9605012b0 the clear keeps the Google credentials files on purpose (workspace-mcp reads
    // them between turns, issue #1222): what they hold is judged as kept, not as left behind (docs/platform/runner.md#populate-and-clear-at-head).
    const kept = googleFileKeptAtClear(this.sim.flaws)
    files.forEach((file, i) => scan(kept && file.startsWith(`${GOOGLE_CREDENTIALS_DIR}/`) ? 'kept-file' : 'workspace-file', file, texts[i] ?? ''))
    scan('runner-context', 'caller_token', this.context.callerToken)
    for (const worker of this.bridge.sessionManager.all()) {
      for (const [key, value] of worker.env) scan('worker-env', `thread ${worker.thread}: ${key}`, value)
      for (const [server, config] of Object.entries(worker.mcpServers)) {
        for (const [key, value] of serverStrings(config)) scan('mcp-env', `thread ${worker.thread}: ${server}.${key}`, value)
      }
    }
    for (const [server, config] of Object.entries(this.bridge.builtMcpServers ?? {})) {
      for (const [key, value] of serverStrings(config)) scan('mcp-config', `${server}.${key}`, value)
    }
    return out
  }

  /**
   * One background process runs its tool line: with the env it inherited and the files as they
   * are now. Whose credentials it used goes to the turn running now, with the turn that started it
   * (docs/platform/flaws.md#h1-files-read-by-lingering-processes).
   */
  private async runBackground(job: BackgroundJob): Promise<void> {
    const line = formatToolCall(job.call)
    const { startedBy } = job
    this.sim.trace.emit('runner', { kind: 'tool.call', tool: job.call.tool, args: line, startedBy })
    try {
      const outcome = await executeTool(this, job.worker, job.call, { refreshCredentials: async () => ({ ok: false, text: 'refresh_credentials is a tool of the CLI, not of a background process' }) })
      const { ok, actedAs, slot, summary } = outcome
      this.sim.trace.emit('runner', { kind: 'tool.result', tool: job.call.tool, ok, actedAs, slot, summary, startedBy })
      const refs = [...(outcome.used ? [outcome.used] : []), ...this.sim.registry.scan(outcome.content)]
      this.turns.lingered(currentContext().turn, { startedBy, line, refs })
    } catch (error) {
      this.log('warning', `background process ${line} exited: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  async stop(): Promise<void> {
    this.stopClock()
    this.grpcListener?.stop()
    await this.bridge.sessionManager.destroyAll('runner stopped')
    this.sim.net.unregister(runnerHost(this.record.project, this.record.name), HOSTS.runnerPort)
    await this.listener?.close()
    await this.workspace.destroy()
  }
}

/** No AGUI_TOKEN (the merge, or an empty Secret key): no gate. Otherwise the header must match, compared in constant time. */
function sessionTokenAccepted(expected: string, given: string): boolean {
  const want = expected.trim()
  if (!want) return true
  const a = Buffer.from(want)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
