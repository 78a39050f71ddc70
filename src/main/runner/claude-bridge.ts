import { cleanupPlacement, turnStateOutlivesTurn } from '../flaws/policies'
import type { RunnerStep } from '../../shared/events'
import type { AguiEvent } from '../agui/agui-event'
import { lastUserText, type RunInput } from '../agui/run-input'
import { agentStream } from './agent-stream'
import { currentContext } from '../sim/context'
import { eventRedaction } from './event-redaction'
import { AsyncLock } from './async-lock'
import { clearRuntimeCredentials, populateForTurn, populateMcpServerCredentials, populateRuntimeCredentials } from './credentials-env'
import { buildMcpServers, type McpConfig } from './mcp-config'
import type { RunnerPod } from './pod'
import { SessionManager } from './session-manager'
import { parseSdkOptions } from './sdk-options'

export const CREDS_REFRESH_INTERVAL_MS = 60_000
export const TOOL_REFRESH_MIN_INTERVAL_MS = 30_000
/** Stands for the platform's system prompt, which SDK_OPTIONS' `system_prompt` extends. */
const PLATFORM_PROMPT = '(the platform prompt)'

/** A bridge runs one turn and streams its AG-UI events. */
export interface Bridge {
  readonly sessionManager: SessionManager
  /** The MCP config expanded at build time; it keeps secrets in memory (R3). */
  readonly builtMcpServers: McpConfig | null
  /** `named`: the transport named the user but has no token of theirs (a hardened turn over gRPC). */
  run(input: RunInput, userId: string, userName: string, callerToken: string, named?: boolean): AsyncGenerator<AguiEvent>
}

/**
 * Called as a turn ends, before its lock (if any) is released: the harness records what the pod
 * holds now, so the leak check sees this turn's state and not the next turn's.
 */
export type TurnEndHook = (turn: string) => Promise<void>

/**
 * `ClaudeBridge.run` (docs/platform/runner.md#one-turn) step by step, in the platform's order, with the flaw sites of
 * its lock, its cleanup and its MCP rebuild. With every flaw off it is the hardened design: one
 * lock over the whole turn, cleanup in a `finally` around all of it, workers and MCP servers
 * rebuilt every turn.
 */
export class ClaudeBridge implements Bridge {
  readonly sessionManager: SessionManager
  private ready = false
  /** HEAD's `_first_run`: true until a turn completes normally (docs/platform/runner.md#one-turn-at-head). */
  private firstRun = true
  private mcpServers: McpConfig | null = null
  private adapter: { mcpServers: McpConfig } | null = null
  private lastCredsRefresh = Number.NEGATIVE_INFINITY
  private lastToolRefresh = Number.NEGATIVE_INFINITY
  private readonly turnLock: AsyncLock

  constructor(
    private readonly pod: RunnerPod,
    private readonly onTurnEnd: TurnEndHook
  ) {
    this.sessionManager = new SessionManager(pod, pod.sim.scheduler)
    this.turnLock = new AsyncLock(pod.sim.scheduler)
  }

  get builtMcpServers(): McpConfig | null {
    return this.mcpServers
  }

  async *run(input: RunInput, userId: string, userName: string, callerToken: string, named = false): AsyncGenerator<AguiEvent> {
    const { flaws } = this.pod.sim
    const thread = input.threadId || this.pod.context.sessionId
    // Flaw site R2: no lock guards the env or the shared context; only the streaming is locked per thread.
    const release = flaws.has('r2-no-turn-lock') ? null : await this.acquire(this.turnLock, 'bridge-wide turn lock')
    try {
      yield* this.turn(input, thread, userId, userName, callerToken, named)
    } finally {
      await this.onTurnEnd(input.runId ?? '')
      if (release) {
        release()
        await this.step('turn-lock-released', 'bridge-wide turn lock')
      }
    }
  }

  private async *turn(input: RunInput, thread: string, userId: string, userName: string, token: string, named: boolean): AsyncGenerator<AguiEvent> {
    const { flaws } = this.pod.sim
    // Flaws PR5 and R4: where the end-of-turn cleanup runs.
    const cleanupAt = cleanupPlacement(flaws)
    try {
      await this.initializeRun(thread, userId, userName, token, named)
      const message = lastUserText(input)
      const resumeFrom = this.sessionManager.popSavedSessionId(thread)
      const worker = await this.sessionManager.getOrCreate(thread, { mcpServers: this.ensureAdapter().mcpServers, resumeFrom })
      const release = await this.acquire(this.sessionManager.getLock(thread), `thread ${thread}`)
      try {
        await this.step('stream', `worker of thread ${thread}`)
        // The middleware collects its values here, after populate (docs/platform/runner.md#secret-redaction-at-head).
        const events = eventRedaction(this.pod, 'claude')(
          agentStream(this.pod, worker, { runId: input.runId ?? '', threadId: thread }, message, {
            refreshCredentials: () => this.refreshCredentialsTool()
          })
        )
        if (cleanupAt === 'stream-finally') {
          try {
            yield* events
          } finally {
            await this.cleanup(thread)
          }
        } else {
          yield* events
          if (cleanupAt === 'success-only') await this.cleanup(thread)
        }
      } finally {
        release()
      }
      this.firstRun = false
    } finally {
      if (cleanupAt === 'whole-turn') await this.cleanup(thread)
    }
  }

  /** `_initialize_run` (docs/platform/runner.md#one-turn), outside any lock at MERGE. */
  private async initializeRun(thread: string, userId: string, userName: string, token: string, named: boolean): Promise<void> {
    const { context, sim } = this.pod
    const { flaws } = sim
    const previous = context.currentUserId
    // Flaw site PR12: before ed4c42dcd the user was set only after the credentials were fetched.
    const setUserLate = flaws.has('pr12-fetch-before-user-set')
    if (!setUserLate) this.setUser(userId, userName, token, named)
    await this.ensureReady()
    // Flaw site PR13: before 47e37eddc a refresh within 60 s reused the env of the previous turn.
    const cached = flaws.has('pr13-credential-cache-60s') && sim.clock.now() - this.lastCredsRefresh <= CREDS_REFRESH_INTERVAL_MS
    if (cached) {
      await this.step('clear', 'skipped: credentials refreshed less than 60 s ago are reused (60 s cache)')
    } else {
      await this.step('clear', 'start of turn')
      await clearRuntimeCredentials(this.pod)
      await this.step('populate', `as ${context.currentUserId || '(no user)'}`)
      await populateForTurn(this.pod)
      await this.step('populate-mcp', `as ${context.currentUserId || '(no user)'}`)
      await populateMcpServerCredentials(this.pod)
      this.lastCredsRefresh = sim.clock.now()
    }
    if (setUserLate) this.setUser(userId, userName, token, named)
    const changed = this.userChanged(previous, userId) && this.mayRebuild(thread)
    // HEAD (1bd2057d8): the first run rebuilds the MCP servers after its fetch and destroys no
    // worker (docs/platform/runner.md#one-turn-at-head). Flaw site H6: that branch comes ahead of
    // the user-change one, so a changed user keeps the worker; hardened takes the change first.
    const firstRunFirst = flaws.has('h6-first-run-ignores-user-change') || !changed
    if (sim.platform === 'head' && this.firstRun && firstRunFirst) {
      await this.rebuildMcpServers()
      this.adapter = null
    } else if (changed) {
      this.pod.log('info', `User changed for thread=${thread}`)
      await this.step('user-changed', `${previous || '(none)'} → ${userId || '(none)'}`)
      await this.sessionManager.destroy(thread, 'the user changed')
      await this.rebuildMcpServers()
      this.adapter = null
    }
  }

  /** `user_changed` (docs/platform/runner.md#one-turn). */
  private userChanged(previous: string, current: string): boolean {
    // Flaw site PR21: before 3e0a854fa a change needed both ids non-empty, missing owner↔automated.
    if (this.pod.sim.flaws.has('pr21-user-change-needs-both-ids')) return Boolean(current && previous && current !== previous)
    return current !== previous
  }

  /** Whether a user change rebuilds the worker and the MCP servers. */
  private mayRebuild(thread: string): boolean {
    // Flaw site PR14: before 66d64d704 the MCP servers were expanded once and never rebuilt.
    if (this.pod.sim.flaws.has('pr14-mcp-never-rebuilt')) return false
    // At MERGE only when a worker already exists for the thread (R3); hardened scrubs after every turn.
    return !turnStateOutlivesTurn(this.pod.sim.flaws) || this.sessionManager.getExisting(thread) !== null
  }

  private setUser(userId: string, userName: string, token: string, named: boolean): void {
    this.pod.context.setCurrentUser(userId, userName, token, named)
    this.pod.sim.trace.emit('runner', {
      kind: 'runner.step',
      step: 'context-set',
      detail: `current user ${userId || '(none)'}, caller token ${token ? 'set' : 'empty'}`
    })
  }

  /** `_ensure_ready` → `_setup_platform` on the first call: populate, then build the MCP servers. */
  private async ensureReady(): Promise<void> {
    if (this.ready) return
    await this.step('setup-platform', 'first run in this process: populate and build MCP servers')
    await populateForTurn(this.pod)
    await populateMcpServerCredentials(this.pod)
    this.lastCredsRefresh = this.pod.sim.clock.now()
    this.mcpServers = await buildMcpServers(this.pod)
    // Only a setup that returned counts: one that raised (HEAD's PermissionError) runs again next turn.
    this.ready = true
  }

  private async rebuildMcpServers(): Promise<void> {
    this.mcpServers = await buildMcpServers(this.pod)
    await this.step('mcp-rebuilt', `expanded from the env: ${Object.keys(this.mcpServers).join(', ')}`)
  }

  private ensureAdapter(): { mcpServers: McpConfig } {
    if (!this.adapter) {
      const { sim, env } = this.pod
      // HEAD (e029650d4): the session's SDK_OPTIONS go on top, less the keys the platform controls.
      const options = sim.platform === 'head' ? parseSdkOptions(env.get('SDK_OPTIONS') ?? '', PLATFORM_PROMPT, (level, text) => this.pod.log(level, text)) : {}
      this.adapter = { mcpServers: this.mcpServers ?? {} }
      const applied = Object.keys(options)
      sim.trace.emit('runner', { kind: 'runner.step', step: 'adapter-built', detail: `adapter built with the current MCP servers${applied.length > 0 ? `; SDK_OPTIONS: ${applied.join(', ')}` : ''}` })
    }
    return this.adapter
  }

  /** The `finally` of the turn: the caller token, the env clear, and (hardened) the worker. */
  private async cleanup(thread: string): Promise<void> {
    const { context, env, sim } = this.pod
    await this.step('finally', 'end of turn')
    context.callerToken = ''
    sim.trace.emit('runner', { kind: 'runner.step', step: 'caller-token-cleared', detail: 'context.caller_token = ""' })
    // Flaw site H1: processes the turn left running outlive it; hardened kills them with the turn.
    if (!sim.flaws.has('h1-files-read-by-lingering-processes')) {
      const reaped = this.pod.background.reap(currentContext().turn ?? '')
      if (reaped > 0) sim.trace.emit('runner', { kind: 'runner.step', step: 'background-reaped', detail: `${reaped} background process${reaped === 1 ? '' : 'es'} of this turn killed` })
    }
    if ((env.get('KEEP_CREDENTIALS_PERSISTENT') ?? '').toLowerCase() !== 'true') await clearRuntimeCredentials(this.pod)
    else sim.trace.emit('runner', { kind: 'runner.step', step: 'clear-skipped', detail: 'KEEP_CREDENTIALS_PERSISTENT=true skips the end-of-turn clear' })
    // Flaw R3: workers, MCP servers and the user context outlive the turn.
    if (!turnStateOutlivesTurn(sim.flaws)) {
      await this.sessionManager.destroy(thread, 'end of turn: nothing outlives the turn')
      // Re-expanded from the cleared env, so no secret stays in memory; the next sender rebuilds.
      this.mcpServers = await buildMcpServers(this.pod)
      this.adapter = null
      context.setCurrentUser('', '', '')
      sim.trace.emit('runner', { kind: 'runner.step', step: 'mcp-rebuilt', detail: 'scrubbed: MCP servers re-expanded from the cleared env, user context reset' })
    }
  }

  /**
   * The `refresh_credentials` MCP tool: at most every 30 s, populate with the context as it is now.
   * At HEAD a failed populate is an error result naming why (52bcd7e06, docs/platform/runner.md#the-refresh-tool).
   */
  private async refreshCredentialsTool(): Promise<{ ok: boolean; text: string }> {
    const now = this.pod.sim.clock.now()
    if (now - this.lastToolRefresh < TOOL_REFRESH_MIN_INTERVAL_MS) return { ok: true, text: 'Credentials were refreshed less than 30 s ago; skipped.' }
    this.lastToolRefresh = now
    try {
      await populateRuntimeCredentials(this.pod)
    } catch (error) {
      return { ok: false, text: `Credential refresh failed: ${error instanceof Error ? error.message : String(error)}` }
    }
    return { ok: true, text: 'Credentials refreshed successfully.' }
  }

  private async acquire(lock: AsyncLock, what: string): Promise<() => void> {
    if (lock.isLocked) await this.step('lock-wait', what)
    const release = await lock.acquire()
    await this.step('lock-acquired', what)
    return release
  }

  private async step(step: RunnerStep, detail: string): Promise<void> {
    await this.pod.sim.trace.step('runner', { kind: 'runner.step', step, detail })
  }
}
