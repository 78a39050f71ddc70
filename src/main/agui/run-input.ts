import { randomUUID } from 'node:crypto'
import { z } from 'zod'

/**
 * `RunAgentInput` as the backend binds it (docs/platform/proxy.md#post-aguirun): `messages` is raw
 * JSON passed through, `state` and `forwardedProps` must be objects, `tools` an array; a field of
 * the wrong type is gin's 400. Unknown fields are dropped when the input is re-marshalled.
 */
export const proxyRunInput = z.object({
  threadId: z.string().nullish(),
  runId: z.string().nullish(),
  parentRunId: z.string().nullish(),
  messages: z.unknown().optional(),
  state: z.record(z.string(), z.unknown()).nullish(),
  tools: z.array(z.unknown()).nullish(),
  context: z.unknown().optional(),
  forwardedProps: z.record(z.string(), z.unknown()).nullish()
})

export type ProxyRunInput = z.infer<typeof proxyRunInput>

/**
 * The runner's `RunnerInput` (docs/platform/runner.md#post-): `messages` must be a list of objects
 * (else FastAPI's 422); the run id is assigned when none is given.
 */
export const runnerInput = z
  .object({
    threadId: z.string().nullish(),
    thread_id: z.string().nullish(),
    runId: z.string().nullish(),
    run_id: z.string().nullish(),
    messages: z.array(z.record(z.string(), z.unknown())),
    state: z.record(z.string(), z.unknown()).nullish(),
    tools: z.array(z.unknown()).nullish(),
    context: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).nullish(),
    forwardedProps: z.record(z.string(), z.unknown()).nullish()
  })
  .transform((input) => ({
    threadId: input.threadId || input.thread_id || '',
    runId: input.runId || input.run_id || randomUUID(),
    messages: input.messages
  }))

export type RunInput = z.infer<typeof runnerInput>

/**
 * User-role messages get `metadata.senderId` (and the display name) for attribution, when
 * `messages` is a list; anything else passes through untouched, as the backend's loop does.
 */
export function withSenderMetadata(messages: unknown, senderId: string, senderName: string): unknown {
  if (!Array.isArray(messages) || !senderId) return messages
  return messages.map((message: unknown) => {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return message
    const m = message as Record<string, unknown>
    if (m.role !== 'user') return m
    const metadata = typeof m.metadata === 'object' && m.metadata !== null && !Array.isArray(m.metadata) ? (m.metadata as Record<string, unknown>) : {}
    return { ...m, metadata: { ...metadata, senderId, ...(senderName ? { senderDisplayName: senderName } : {}) } }
  })
}

/** The body the backend sends the runner: its struct re-marshalled, `omitempty` leaving out what is empty. */
export function forwardedRunInput(input: ProxyRunInput, runId: string, threadId: string, messages: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = { threadId, runId }
  if (input.parentRunId) body.parentRunId = input.parentRunId
  if (messages !== undefined) body.messages = messages
  if (input.state && Object.keys(input.state).length > 0) body.state = input.state
  if (input.tools && input.tools.length > 0) body.tools = input.tools
  if (input.context !== undefined && input.context !== null) body.context = input.context
  if (input.forwardedProps && Object.keys(input.forwardedProps).length > 0) body.forwardedProps = input.forwardedProps
  return body
}

/** The text of the last user message, which the scripted agent reads its tool calls from. */
export function lastUserText(input: RunInput): string {
  for (let i = input.messages.length - 1; i >= 0; i--) {
    const message = input.messages[i]
    if (message?.role !== 'user') continue
    if (typeof message.content === 'string') return message.content
    if (Array.isArray(message.content)) {
      return message.content
        .map((part: unknown) => (typeof part === 'object' && part !== null && 'text' in part ? String((part).text) : ''))
        .join('\n')
    }
  }
  return ''
}
