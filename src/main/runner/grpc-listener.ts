import { runnerInput, type RunInput } from '../agui/run-input'
import { grpcTurnsCarrySender } from '../flaws/policies'
import { callHop } from '../net/hop-client'
import { API_SERVER_URL } from '../net/hosts'
import type { SessionMessage, SessionMessages } from '../world/session-messages'
import { fetchCpToken } from './cp-token'
import type { RunnerPod } from './pod'

/** What the listener asks of its runner: one turn for one message, its end reported to the harness. */
export type GrpcTurn = (input: RunInput, userId: string, userName: string) => Promise<void>

/**
 * The runner's gRPC listener in a control-plane pod (`bridges/claude/grpc_transport.py`,
 * docs/platform/control-plane.md#turns-over-grpc): it watches the session's messages with the
 * control plane's token and runs a turn for each `user` message, one after another. credscope
 * carries `WatchSessionMessages` as the api-server's list after the last seq, asked each time a
 * message is appended.
 */
export class GrpcListener {
  private lastSeq = 0
  private queue: Promise<void> = Promise.resolve()
  private readonly unwatch: () => void

  constructor(
    private readonly pod: RunnerPod,
    messages: SessionMessages,
    private readonly runTurn: GrpcTurn
  ) {
    const id = this.sessionId
    this.unwatch = messages.watch(id, () => {
      this.queue = this.queue
        .then(() => pod.sim.scheduler.spawn(`grpc listener ${id}`, () => this.drain(), null))
        .catch((error: unknown) => pod.log('warning', `[GRPC LISTENER] Error, reconnecting: session=${id} error=${error instanceof Error ? error.message : String(error)}`))
    })
    pod.log('info', `[GRPC LISTENER] WatchSessionMessages stream open: session=${id} after_seq=0`)
  }

  stop(): void {
    this.unwatch()
  }

  private get sessionId(): string {
    return this.pod.env.get('SESSION_ID') ?? ''
  }

  private async drain(): Promise<void> {
    for (const message of await this.readNew()) {
      this.lastSeq = Math.max(this.lastSeq, message.seq)
      this.pod.log('info', `[GRPC LISTENER] Received: session=${this.sessionId} seq=${message.seq} event_type=${message.event_type}`)
      if (message.event_type === 'user') await this.handle(message)
    }
  }

  /** The messages after the last seq; on UNAUTHENTICATED, once more with a fresh token from the control plane. */
  private async readNew(): Promise<SessionMessage[]> {
    const url = `${API_SERVER_URL}/api/ambient/v1/sessions/${encodeURIComponent(this.sessionId)}/messages?after_seq=${this.lastSeq}`
    const read = (): ReturnType<typeof callHop> => callHop(this.pod.sim, 'runner', 'control-plane', { method: 'GET', url, headers: { Authorization: `Bearer ${this.pod.cpToken.value}` } })
    let response = await read()
    if (response.status === 401) {
      this.pod.log('warning', `[GRPC LISTENER] UNAUTHENTICATED — reconnecting with fresh token: session=${this.sessionId}`)
      await fetchCpToken(this.pod)
      response = await read()
    }
    if (response.status !== 200) throw new Error(`WatchSessionMessages: HTTP ${response.status}`)
    return JSON.parse(response.body) as SessionMessage[]
  }

  /** `_handle_user_message`: the payload as RunnerInput, else one user message of its text. */
  private async handle(message: SessionMessage): Promise<void> {
    const input = inputOf(message.payload, this.sessionId, () => this.pod.sim.random.uuid())
    if (!input) {
      this.pod.log('warning', `[GRPC LISTENER] Empty payload for seq=${message.seq}, skipping to avoid empty-run with no MESSAGES_SNAPSHOT`)
      return
    }
    // Flaw site H11 (with the api-server's push): `bridge.run(input_data)` names no user.
    const sender = grpcTurnsCarrySender(this.pod.sim.flaws) ? message.sender : undefined
    this.pod.log('info', `[GRPC LISTENER] bridge.run() starting: session=${this.sessionId} thread=${input.threadId} run=${input.runId}`)
    const { scheduler } = this.pod.sim
    // The listener waits for the turn, letting it (and everything else) run meanwhile.
    await scheduler.block(scheduler.spawn(`grpc turn ${input.runId}`, () => this.runTurn(input, sender?.user_id ?? '', sender?.user_name ?? ''), input.runId))
  }
}

function inputOf(payload: string, sessionId: string, uuid: () => string): RunInput | null {
  const parsed = runnerInput.safeParse(parseJson(payload))
  if (parsed.success) return { ...parsed.data, threadId: parsed.data.threadId || sessionId }
  if (!payload.trim()) return null
  return runnerInput.parse({ threadId: sessionId, messages: [{ id: uuid(), role: 'user', content: payload }] })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
