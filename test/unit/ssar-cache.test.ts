/** HEAD's SSAR cache (docs/platform/project-context.md#the-ssar-cache-at-head) on a virtual clock. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SSAR_CACHE_MAX_SIZE, SSAR_CACHE_TTL_MS, SsarCache } from '../../src/main/backend-process/ssar-cache'
import { VirtualClock } from '../../src/main/sim/clock'

describe('SsarCache', () => {
  it('keys by the first 8 bytes of the identity hash and the review, never the identity', () => {
    const key = SsarCache.key('sha256~secret-token', 'demo')
    const hash = createHash('sha256').update('sha256~secret-token').digest('hex')
    expect(key).toBe(`${hash.slice(0, 16)}:demo:list:vteam.ambient-code:agenticsessions`)
    expect(key).not.toContain('secret-token')
  })

  it('holds allow and deny for 30 s, including the instant it expires, and forgets them after', () => {
    const clock = new VirtualClock(1_000)
    const cache = new SsarCache(clock)
    cache.store('a', true)
    cache.store('d', false)
    clock.advance(SSAR_CACHE_TTL_MS)
    expect([cache.check('a'), cache.check('d')]).toEqual([
      { allowed: true, at: 1_000 },
      { allowed: false, at: 1_000 }
    ])
    clock.advance(1)
    expect([cache.check('a'), cache.check('d'), cache.size]).toEqual([null, null, 0])
    expect(cache.check('never')).toBeNull()
  })

  it('a new result for a key replaces the old one and restarts its 30 s', () => {
    const clock = new VirtualClock(0)
    const cache = new SsarCache(clock)
    cache.store('k', true)
    clock.advance(20_000)
    cache.store('k', false)
    clock.advance(20_000)
    expect(cache.check('k')).toEqual({ allowed: false, at: 20_000 })
  })

  it('drops the older half when it is full', () => {
    const cache = new SsarCache(new VirtualClock(0))
    for (let i = 0; i < SSAR_CACHE_MAX_SIZE; i++) cache.store(`k${i}`, true)
    expect(cache.size).toBe(SSAR_CACHE_MAX_SIZE)
    cache.store('new', false)
    expect(cache.size).toBe(SSAR_CACHE_MAX_SIZE / 2 + 1)
    expect(cache.check(`k${SSAR_CACHE_MAX_SIZE / 2 - 1}`)).toBeNull()
    expect(cache.check(`k${SSAR_CACHE_MAX_SIZE / 2}`)).toEqual({ allowed: true, at: 0 })
    expect(cache.check('new')).toEqual({ allowed: false, at: 0 })
  })
})
