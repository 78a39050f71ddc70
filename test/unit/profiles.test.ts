import { describe, expect, it } from 'vitest'
import { FLAW_IDS, flawVersions } from '../../src/shared/flaw-ids'
import { profileFlaws, profilesWith, recordedConfig, resolveConfig } from '../../src/shared/profiles'

// The version axis: what each name on the command line, in a file or in a stored run resolves to.
describe('resolveConfig', () => {
  it('defaults to head as-is with every residual flaw of head', () => {
    const config = resolveConfig({})
    expect(config).toEqual({ platform: 'head', profile: 'as-is', flaws: [...profileFlaws('as-is', 'head')].sort() })
  })

  it('keeps `merged` meaning the merge as-is, alone or with --platform merge', () => {
    expect(resolveConfig({ profile: 'merged' })).toMatchObject({ platform: 'merge', profile: 'as-is' })
    expect(resolveConfig({ platform: 'merge', profile: 'merged' })).toMatchObject({ platform: 'merge', profile: 'as-is' })
    expect(resolveConfig({ platform: 'head', profile: 'merged' })).toEqual({ error: 'profile "merged" is the merge as-is; at head say --profile as-is' })
  })

  it('has pre-fix at the merge only', () => {
    expect(resolveConfig({ platform: 'merge', profile: 'pre-fix' })).toMatchObject({ platform: 'merge', profile: 'pre-fix' })
    expect(resolveConfig({ platform: 'head', profile: 'pre-fix' })).toEqual({ error: 'profile "pre-fix" exists at merge only, not at head' })
    expect(profileFlaws('pre-fix', 'merge')).toContain('pr1-owner-credentials-for-every-sender')
  })

  it('refuses a flaw at a version where it does not exist, and names where it does', () => {
    expect(resolveConfig({ platform: 'head', profile: 'hardened', flaws: ['pr2-owner-can-impersonate'] })).toEqual({
      error: 'pr2-owner-can-impersonate exists at merge only, not at head'
    })
    expect(resolveConfig({ platform: 'merge', profile: 'hardened', flaws: ['pr2-owner-can-impersonate'] })).toMatchObject({ flaws: ['pr2-owner-can-impersonate'] })
  })

  it('names what is unknown', () => {
    expect(resolveConfig({ platform: 'tip' })).toEqual({ error: 'unknown platform version "tip"; versions are merge, head' })
    expect(resolveConfig({ profile: 'fixed' })).toEqual({ error: 'unknown profile "fixed"; profiles are as-is, pre-fix, hardened (and merged = merge + as-is)' })
  })

  it('switches on, as-is, exactly the flaws that exist at each version and are residual', () => {
    for (const platform of ['merge', 'head'] as const) {
      const flaws = profileFlaws('as-is', platform)
      for (const id of FLAW_IDS) expect(flaws.includes(id), `${id} at ${platform}`).toBe(!id.startsWith('pr') && flawVersions(id).includes(platform))
    }
    expect(profilesWith('r1-active-user-not-cleared')).toEqual(['merge · as-is', 'merge · pre-fix', 'head · as-is'])
    expect(profilesWith('pr1-owner-credentials-for-every-sender')).toEqual(['merge · pre-fix'])
  })
})

describe('recordedConfig', () => {
  it('runs a stored run or bundle with exactly its flaws at its version, `merged` read as merge as-is', () => {
    expect(recordedConfig({ platform: 'merge', profile: 'merged', flaws: ['r1-active-user-not-cleared'] })).toEqual({ platform: 'merge', profile: 'as-is', flaws: ['r1-active-user-not-cleared'] })
    expect(recordedConfig({ platform: 'head', profile: 'hardened', flaws: ['pr1-owner-credentials-for-every-sender'] })).toEqual({
      error: 'pr1-owner-credentials-for-every-sender exists at merge only, not at head'
    })
  })
})
