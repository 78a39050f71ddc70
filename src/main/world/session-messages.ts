/** A row of the api-server's `session_messages` as its JSON gives it (`plugins/sessions/message_model.go`). */
export interface SessionMessage {
  id: string
  session_id: string
  seq: number
  event_type: string
  payload: string
  created_at: string
  /** Hardened only: who pushed the message, so the runner can run the turn for them (flaw h11). */
  sender?: { user_id: string; user_name: string }
}

/** The newest messages kept per session: the store is the run's memory, not the platform's database. */
const KEPT_PER_SESSION = 1_000

/**
 * The messages of the control plane's sessions and who watches them
 * (docs/platform/control-plane.md#turns-over-grpc): the api-server appends, the runner's gRPC
 * listener is told of each append and reads what is new.
 */
export class SessionMessages {
  private readonly bySession = new Map<string, SessionMessage[]>()
  private readonly watchers = new Map<string, Set<() => void>>()
  /** Postgres's sequence behind `seq`: one counter for every session. */
  private lastSeq = 0

  append(message: Omit<SessionMessage, 'seq'>): SessionMessage {
    const stored = { ...message, seq: ++this.lastSeq }
    const list = this.bySession.get(message.session_id) ?? []
    list.push(stored)
    if (list.length > KEPT_PER_SESSION) list.splice(0, list.length - KEPT_PER_SESSION)
    this.bySession.set(message.session_id, list)
    for (const watcher of this.watchers.get(message.session_id) ?? []) watcher()
    return stored
  }

  after(sessionId: string, seq: number): SessionMessage[] {
    return (this.bySession.get(sessionId) ?? []).filter((m) => m.seq > seq)
  }

  /** Calls `onAppend` after each message of the session; returns the unsubscribe. */
  watch(sessionId: string, onAppend: () => void): () => void {
    const set = this.watchers.get(sessionId) ?? new Set()
    set.add(onAppend)
    this.watchers.set(sessionId, set)
    return () => set.delete(onAppend)
  }
}
