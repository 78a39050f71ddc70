import { describe, expect, it } from 'vitest'
import { rerunCommand } from '../../src/main/scenarios/bundle'
import { profileFlaws } from '../../src/shared/profiles'

describe('the command that runs a run again', () => {
  it('names the run\'s profile and only the flaws on top of it', () => {
    const flaws = [...profileFlaws('as-is', 'head')]
    expect(rerunCommand('r12.yaml', { platform: 'head', profile: 'as-is', flaws, seed: 1 })).toBe('credscope run r12.yaml --platform head --profile as-is --seed 1')
    const pr2 = [...profileFlaws('as-is', 'merge'), 'pr2-owner-can-impersonate'].sort()
    expect(rerunCommand('x.yaml', { platform: 'merge', profile: 'as-is', flaws: pr2, seed: 4 })).toBe('credscope run x.yaml --platform merge --profile as-is --flaw pr2-owner-can-impersonate --seed 4')
  })

  it('falls back to hardened and every flaw when the run lacks one of its profile\'s (or names no profile credscope knows)', () => {
    const flaws = profileFlaws('as-is', 'head').filter((f) => f !== 'r12-mcp-credentials-owner-only')
    const command = rerunCommand('r12.yaml', { platform: 'head', profile: 'as-is', flaws, seed: 2 })
    expect(command).toBe(`credscope run r12.yaml --platform head --profile hardened${flaws.map((f) => ` --flaw ${f}`).join('')} --seed 2`)
    expect(rerunCommand('a b.yaml', { platform: 'head', profile: 'merged-old', flaws: ['r2-no-turn-lock'], seed: 1 })).toBe("credscope run 'a b.yaml' --platform head --profile hardened --flaw r2-no-turn-lock --seed 1")
    expect(rerunCommand('p.yaml', { platform: 'head', profile: 'pre-fix', flaws: [], seed: 1 })).toBe('credscope run p.yaml --platform head --profile hardened --seed 1')
  })
})
