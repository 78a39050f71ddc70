import { createHash } from 'node:crypto'
import type { Clock } from '../sim/clock'

/** How long a cached result holds: RBAC changes take up to this long (docs/platform/project-context.md#the-ssar-cache-at-head). */
export const SSAR_CACHE_TTL_MS = 30_000
/** At this many entries half of them go (the platform drops an arbitrary half; here, the oldest). */
export const SSAR_CACHE_MAX_SIZE = 10_000

export interface CachedReview {
  allowed: boolean
  /** When the review this result came from was made. */
  at: number
}

/**
 * HEAD's SelfSubjectAccessReview cache for the project check (`ssar_cache.go`): allow and deny
 * results, keyed by a hash of the caller's identity (in legacy mode the raw token) and the review.
 */
export class SsarCache {
  private readonly entries = new Map<string, CachedReview & { expiresAt: number }>()

  constructor(private readonly clock: Clock) {}

  /** `ssarCacheKey`: the first 8 bytes of the identity's SHA-256 in hex, never the identity itself. */
  static key(identity: string, namespace: string): string {
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16)
    return `${hash}:${namespace}:list:vteam.ambient-code:agenticsessions`
  }

  check(key: string): CachedReview | null {
    const entry = this.entries.get(key)
    if (!entry) return null
    // Go's time.Now().After(expiresAt): the entry still holds at its expiry instant.
    if (this.clock.now() > entry.expiresAt) {
      this.entries.delete(key)
      return null
    }
    return { allowed: entry.allowed, at: entry.at }
  }

  store(key: string, allowed: boolean): void {
    if (this.entries.size >= SSAR_CACHE_MAX_SIZE) {
      let drop = Math.floor(this.entries.size / 2)
      for (const old of this.entries.keys()) {
        if (drop-- <= 0) break
        this.entries.delete(old)
      }
    }
    const now = this.clock.now()
    this.entries.delete(key)
    this.entries.set(key, { allowed, at: now, expiresAt: now + SSAR_CACHE_TTL_MS })
  }

  get size(): number {
    return this.entries.size
  }
}
