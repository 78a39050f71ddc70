import type { TraceEvent } from '../../shared/events'
import type { RunConfig } from '../../shared/profiles'
import { liveRunTitle } from '../../shared/run-title'
import { senderText } from '../../shared/sender-text'
import type { Store } from '../store/store'

/**
 * A live run's title, kept saying what ran as its turns come: each new sender or session is added.
 * Once the user renames the run (the stored title is no longer the one written here), it stays theirs.
 */
export class LiveTitle {
  private readonly senders: string[] = []
  private readonly sessions: string[] = []
  /** The title this run was last given here. */
  readonly initial: string
  private written: string

  constructor(
    private readonly config: RunConfig,
    private readonly startedAt: Date = new Date()
  ) {
    this.initial = liveRunTitle(config, { senders: [], sessions: [] }, startedAt)
    this.written = this.initial
  }

  /** Follows the run's turns; call for every event of the run. */
  observe(event: TraceEvent, store: Store, runId: string): void {
    if (event.kind !== 'turn.started') return
    const sender = senderText(event.sender, event.senderId)
    const session = `${event.project}/${event.session}`
    const news = !this.senders.includes(sender) || !this.sessions.includes(session)
    if (!news) return
    if (!this.senders.includes(sender)) this.senders.push(sender)
    if (!this.sessions.includes(session)) this.sessions.push(session)
    if (store.run(runId)?.title !== this.written) return
    const next = liveRunTitle(this.config, { senders: this.senders, sessions: this.sessions }, this.startedAt)
    if (store.setRunTitle(runId, next)) this.written = next
  }
}
