import { parseToolScript, formatToolCall } from '../../shared/tools'
import type { AguiEvent } from '../agui/agui-event'
import type { RunnerPod } from './pod'
import type { Worker } from './session-manager'
import { executeTool, type ToolHooks } from './tools/execute'

/**
 * The scripted agent of one turn, in place of an LLM: every tool line of the user's message is
 * run in order, inside the thread's worker, and streamed as AG-UI events. As the platform's Claude
 * adapter does, it ends with MESSAGES_SNAPSHOT: the input and every message of the run, tool
 * results included (docs/platform/runner.md#secret-redaction-at-head).
 */
export async function* agentStream(
  pod: RunnerPod,
  worker: Worker,
  ids: { runId: string; threadId: string },
  message: string,
  hooks: ToolHooks
): AsyncGenerator<AguiEvent> {
  yield { type: 'RUN_STARTED', ...ids }
  const messages: Message[] = [{ id: `${ids.runId.slice(0, 8)}-input`, role: 'user', content: message }]
  const script = parseToolScript(message)
  for (const error of script.errors) {
    yield* say(ids, `line ${error.line}: ${error.message}`, messages)
  }
  let index = 0
  try {
    for (const step of script.steps) {
      if (step.kind === 'say') continue
      const toolCallId = `${ids.runId.slice(0, 8)}-call-${++index}`
      const line = formatToolCall(step.call)
      await pod.sim.trace.step('runner', { kind: 'tool.call', tool: step.call.tool, args: line })
      yield { type: 'TOOL_CALL_START', toolCallId, toolCallName: step.call.tool }
      yield { type: 'TOOL_CALL_ARGS', toolCallId, delta: line }
      yield { type: 'TOOL_CALL_END', toolCallId }
      const outcome = await executeTool(pod, worker, step.call, hooks)
      pod.sim.trace.emit('runner', {
        kind: 'tool.result',
        tool: step.call.tool,
        ok: outcome.ok,
        actedAs: outcome.actedAs,
        slot: outcome.slot,
        summary: outcome.summary
      })
      yield { type: 'TOOL_CALL_RESULT', toolCallId, content: outcome.content, messageId: `${toolCallId}-result`, role: 'tool' }
      messages.push(
        { id: `${toolCallId}-call`, role: 'assistant', toolCalls: [{ id: toolCallId, type: 'function', function: { name: step.call.tool, arguments: line } }] },
        { id: `${toolCallId}-result`, role: 'tool', toolCallId, content: outcome.content }
      )
    }
  } catch (error) {
    // The adapter sends the snapshot of what ran before it re-raises, and the runner ends the run with RUN_ERROR.
    yield { type: 'MESSAGES_SNAPSHOT', messages }
    throw error
  }
  yield* say(ids, index === 0 ? 'No tool calls in this message.' : `Ran ${index} tool call${index === 1 ? '' : 's'}.`, messages)
  yield { type: 'MESSAGES_SNAPSHOT', messages }
  yield { type: 'RUN_FINISHED', ...ids }
}

/** One message of MESSAGES_SNAPSHOT, in AG-UI's shape. */
type Message = Record<string, unknown> & { id: string; role: 'user' | 'assistant' | 'tool' }

function* say(ids: { runId: string }, text: string, messages: Message[]): Generator<AguiEvent> {
  const messageId = `${ids.runId.slice(0, 8)}-msg-${text.length}`
  yield { type: 'TEXT_MESSAGE_START', messageId, role: 'assistant' }
  yield { type: 'TEXT_MESSAGE_CONTENT', messageId, delta: text }
  yield { type: 'TEXT_MESSAGE_END', messageId }
  messages.push({ id: messageId, role: 'assistant', content: text })
}
