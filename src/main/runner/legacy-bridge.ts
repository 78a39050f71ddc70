import type { AguiEvent } from '../agui/agui-event'
import { lastUserText, type RunInput } from '../agui/run-input'
import { agentStream } from './agent-stream'
import { eventRedaction } from './event-redaction'
import { CREDS_REFRESH_INTERVAL_MS, type Bridge, type TurnEndHook } from './claude-bridge'
import { populateMcpServerCredentials, populateRuntimeCredentials } from './credentials-env'
import { buildMcpServers, type McpConfig } from './mcp-config'
import type { RunnerPod } from './pod'
import { SessionManager } from './session-manager'

/**
 * The Gemini CLI and LangGraph bridges at MERGE (docs/platform/runner.md#post-, R14): they accept the user arguments
 * and ignore them, refresh through the 60 s cache only, and never clear.
 */
export class LegacyBridge implements Bridge {
  readonly sessionManager: SessionManager
  private mcpServers: McpConfig | null = null
  private lastRefresh = Number.NEGATIVE_INFINITY

  constructor(
    private readonly pod: RunnerPod,
    readonly kind: 'gemini' | 'langgraph',
    private readonly onTurnEnd: TurnEndHook
  ) {
    this.sessionManager = new SessionManager(pod, pod.sim.scheduler)
  }

  get builtMcpServers(): McpConfig | null {
    return this.mcpServers
  }

  async *run(input: RunInput): AsyncGenerator<AguiEvent> {
    const thread = input.threadId || this.pod.context.sessionId
    try {
      const now = this.pod.sim.clock.now()
      if (now - this.lastRefresh > CREDS_REFRESH_INTERVAL_MS) {
        await this.pod.sim.trace.step('runner', { kind: 'runner.step', step: 'populate', detail: `${this.kind} bridge: _refresh_credentials_if_stale, no user context` })
        await populateRuntimeCredentials(this.pod)
        await populateMcpServerCredentials(this.pod)
        this.lastRefresh = now
      }
      this.mcpServers ??= await buildMcpServers(this.pod)
      const worker = await this.sessionManager.getOrCreate(thread, { mcpServers: this.mcpServers, resumeFrom: null })
      yield* eventRedaction(this.pod, 'legacy')(
        agentStream(this.pod, worker, { runId: input.runId ?? '', threadId: thread }, lastUserText(input), {
          refreshCredentials: async () => {
            await populateRuntimeCredentials(this.pod)
            return { ok: true, text: 'Credentials refreshed successfully.' }
          }
        })
      )
    } finally {
      await this.onTurnEnd(input.runId ?? '')
    }
  }
}
