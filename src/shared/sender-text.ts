import type { Sender } from './events'
import type { TurnSender } from './sender'

/** A sender as the app names it; with no sender, the platform id the proxy resolved, else nobody. */
export function senderText(sender: Sender | TurnSender | null, senderId = ''): string {
  if (!sender) return senderId || 'nobody'
  switch (sender.kind) {
    case 'user':
      return sender.userId
    case 'apikey':
      return `API key ${sender.key}`
    case 'scheduled':
      return 'scheduled'
  }
}
