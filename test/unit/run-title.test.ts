import { describe, expect, it } from 'vitest'
import { configOf } from '../../src/shared/profiles'
import { clockOf, liveRunTitle } from '../../src/shared/run-title'

// A live run's title says what ran, so the Runs view tells runs apart without opening them.

const AT = new Date(2026, 2, 24, 14, 2, 30)

describe('liveRunTitle', () => {
  it('names the version and profile as one phrase, then the start time, before any turn', () => {
    expect(liveRunTitle(configOf({ platform: 'head', profile: 'as-is' }), { senders: [], sessions: [] }, AT)).toBe('Live · head as-is · 14:02')
  })

  it('adds the senders and the session, the first three senders by name and the rest counted', () => {
    const config = configOf({ platform: 'head', profile: 'as-is' })
    expect(liveRunTitle(config, { senders: ['alice', 'bob'], sessions: ['team-a/shared'] }, AT)).toBe('Live · head as-is · alice, bob in team-a/shared · 14:02')
    expect(liveRunTitle(config, { senders: ['alice', 'bob', 'carol', 'API key ci-bot', 'scheduled'], sessions: ['demo/shared-1', 'demo/other'] }, AT)).toBe(
      'Live · head as-is · alice, bob, carol +2 in demo/shared-1 +1 · 14:02'
    )
  })

  it('says what was switched on top of the profile, as every other view does', () => {
    expect(liveRunTitle(configOf({ platform: 'merge', profile: 'hardened', flaws: ['r12'] }), { senders: [], sessions: [] }, AT)).toBe('Live · merge hardened + r12 · 14:02')
  })

  it('pads the clock to hours and minutes', () => {
    expect(clockOf(new Date(2026, 0, 1, 9, 5))).toBe('09:05')
  })
})
