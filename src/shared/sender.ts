import { z } from 'zod'

/**
 * Who the harness sends a turn as: a user (by bearer token, or as a browser session with the
 * OAuth proxy's cookie), a project API key, or the session's schedule. The trace's `Sender` is
 * what the proxy made of it.
 */
export const turnSenderSchema = z.union([
  z.object({ kind: z.literal('user'), userId: z.string().min(1).max(253), browserSession: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('apikey'), key: z.string().min(1).max(63) }).strict(),
  z.object({ kind: z.literal('scheduled') }).strict()
])

export type TurnSender = z.infer<typeof turnSenderSchema>

/** `alice` → a user; `apikey:ci-bot` → an API key; `scheduled` → a schedule. */
export function senderFromName(as: string): TurnSender {
  if (as === 'scheduled') return { kind: 'scheduled' }
  if (as.startsWith('apikey:')) return { kind: 'apikey', key: as.slice('apikey:'.length) }
  return { kind: 'user', userId: as }
}
