import { z } from 'zod'

/** `RunAgentInput` as the proxy binds it: loose, as gin's ShouldBindJSON without required tags. */
export const runAgentInput = z
  .object({
    threadId: z.string().optional(),
    runId: z.string().optional(),
    messages: z
      .array(
        z
          .object({
            id: z.string().optional(),
            role: z.string(),
            content: z.union([z.string(), z.array(z.unknown())]).optional(),
            metadata: z.record(z.string(), z.unknown()).optional()
          })
          .passthrough()
      )
      .default([]),
    tools: z.array(z.unknown()).optional(),
    context: z.array(z.unknown()).optional(),
    state: z.unknown().optional(),
    forwardedProps: z.unknown().optional()
  })
  .passthrough()

export type RunAgentInput = z.infer<typeof runAgentInput>

/** The text of the last user message, which the scripted agent reads its tool calls from. */
export function lastUserText(input: RunAgentInput): string {
  for (let i = input.messages.length - 1; i >= 0; i--) {
    const message = input.messages[i]
    if (message?.role !== 'user') continue
    if (typeof message.content === 'string') return message.content
    if (Array.isArray(message.content)) {
      return message.content
        .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
        .join('\n')
    }
  }
  return ''
}
