import type { HopContext } from '../sim/hop-context'

/**
 * `sessionActiveUserMap` (docs/platform/rbac.md#the-active-user-map): the run sender per session, set by the proxy at `/agui/run`
 * and consulted only for bot callers asking for a non-owner. Values are `unknown` because the Go
 * map is a `sync.Map`; a non-string value is what PR flaw 22's unchecked assertion trips on.
 */
export class ActiveUserMap {
  private readonly map = new Map<string, unknown>()

  constructor(private readonly sim: HopContext) {}

  key(project: string, session: string): string {
    // Flaw site: before 3e0a854fa the key was the bare session name, so projects collided.
    return this.sim.flaws.has('pr18-active-user-bare-session-key') ? session : `${project}/${session}`
  }

  set(project: string, session: string, userId: unknown, reason: string): void {
    const key = this.key(project, session)
    this.map.set(key, userId)
    this.sim.trace.emit('proxy', { kind: 'active-user', op: 'set', key, user: typeof userId === 'string' ? userId : null, reason })
  }

  clear(project: string, session: string, reason: string): void {
    const key = this.key(project, session)
    const had = this.map.get(key)
    this.map.delete(key)
    this.sim.trace.emit('proxy', {
      kind: 'active-user',
      op: 'cleared',
      key,
      user: typeof had === 'string' ? had : null,
      reason
    })
  }

  get(project: string, session: string): unknown {
    return this.map.get(this.key(project, session))
  }

  entries(): Array<[string, unknown]> {
    return [...this.map]
  }
}
