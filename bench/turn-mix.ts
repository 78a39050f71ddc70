import type { TurnRequest } from '../src/main/engine/turn-client'

const SENDERS: ReadonlyArray<TurnRequest['sender']> = [
  { kind: 'user', userId: 'alice' },
  { kind: 'user', userId: 'bob' },
  { kind: 'apikey', key: 'ci-bot' },
  { kind: 'scheduled' },
  { kind: 'user', userId: 'bob', browserSession: true }
]
const MESSAGES = ['github.whoami', 'github.whoami\nmcp.docs.whoami', 'jira.myself\ngitlab.whoami', 'google.whoami', 'mcp.docs.whoami']

/**
 * The i-th turn of the renderer bench's runs, into the default world's demo/shared-1: five kinds
 * of sender, seven threads, five tool mixes, so rows differ and the merged profile's leaks show.
 */
export function mixedTurn(i: number): TurnRequest {
  return {
    sender: SENDERS[i % SENDERS.length] ?? { kind: 'scheduled' },
    project: 'demo',
    session: 'shared-1',
    thread: `thread-${i % 7}`,
    message: MESSAGES[i % MESSAGES.length] ?? 'github.whoami'
  }
}
