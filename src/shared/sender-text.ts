/** Any sender shape: the trace's `Sender` and the API's `sendTurn` sender both fit. */
type SenderLike = { kind: 'user'; userId: string } | { kind: 'apikey'; key: string } | { kind: 'scheduled' }

/** A sender as the app names it; with no sender, the platform id the proxy resolved, else nobody. */
export function senderText(sender: SenderLike | null, senderId = ''): string {
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
