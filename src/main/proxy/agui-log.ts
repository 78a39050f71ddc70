import type { ServerResponse } from 'node:http'
import type { AguiEvent } from '../agui/agui-event'
import { writeSse } from '../net/sse-writer'

/**
 * How many AG-UI events of one session credscope keeps for replay. The platform appends them to
 * a file without bound; in memory they are the newest ones only, so a long run stays bounded.
 */
export const AGUI_EVENTS_KEPT = 10_000

/**
 * The events the proxy persists and broadcasts per session (docs/platform/proxy.md): what
 * `GET .../agui/events` replays to a new subscriber and then streams live.
 */
export class AguiLog {
  private readonly events = new Map<string, AguiEvent[]>()
  private readonly subscribers = new Map<string, Set<ServerResponse>>()

  append(sessionKey: string, event: AguiEvent): void {
    const list = this.events.get(sessionKey) ?? []
    list.push(event)
    if (list.length > AGUI_EVENTS_KEPT * 1.5) list.splice(0, list.length - AGUI_EVENTS_KEPT)
    this.events.set(sessionKey, list)
    for (const res of this.subscribers.get(sessionKey) ?? []) writeSse(res, event)
  }

  history(sessionKey: string): AguiEvent[] {
    return this.events.get(sessionKey) ?? []
  }

  subscribe(sessionKey: string, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
    for (const event of this.history(sessionKey)) writeSse(res, event)
    const set = this.subscribers.get(sessionKey) ?? new Set<ServerResponse>()
    set.add(res)
    this.subscribers.set(sessionKey, set)
    res.on('close', () => set.delete(res))
  }

  closeAll(): void {
    for (const set of this.subscribers.values()) for (const res of set) res.end()
    this.subscribers.clear()
  }
}
