import { describe, expect, it } from 'vitest'
import { maskSecret } from '../../src/shared/mask'

// The mask is the only form a secret may take outside the engine (events, reports, bundles), so
// it must never show more than a recognisable prefix and the last four characters.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A deterministic pseudo-random string, so a failure names a value that can be reproduced. */
function noise(length: number, seed: number): string {
  let state = seed
  let out = ''
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    out += ALPHABET[state % ALPHABET.length]
  }
  return out
}

describe('maskSecret', () => {
  it.each([
    ['ghp_', 36],
    ['ghs_', 36],
    ['glpat-', 20],
    ['ATATT', 52],
    ['ya29.', 62],
    ['1//', 42],
    ['mcpk_', 32],
    ['sha256~', 43],
    ['crun_', 40],
    ['eyJ', 150],
    ['GOCSPX-', 28],
    ['Bearer sha256~', 43],
    ['Bearer ', 40],
    ['token ', 40],
    ['Basic ', 30]
  ])('keeps the %s prefix and the last four characters of a %i-character value', (prefix, length) => {
    const value = `${prefix}${noise(length, length)}`
    expect(maskSecret(value)).toBe(`${prefix}…${value.slice(-4)}`)
  })

  it('shows only the last four characters of a long value with no known prefix', () => {
    expect(maskSecret('0123456789abcdefWXYZ')).toBe('…WXYZ')
    expect(maskSecret('plain.secret.value.1234')).toBe('…1234')
  })

  it('hides values of twelve characters or fewer entirely', () => {
    for (const value of ['', 'a', 'ghp_1234', 'glpat-123456', 'abcdefghijkl', 'sha256~abcde']) expect(maskSecret(value), value).toBe('••••')
  })

  it('shows a thirteen-character value as prefix and last four', () => {
    expect(maskSecret('abcdefghijklm')).toBe('…jklm')
  })

  it('drops the last four when fewer than eight characters after the prefix would stay hidden', () => {
    expect(maskSecret('ghp_abcdefghi')).toBe('ghp_…')
    expect(maskSecret('Bearer sha256~abcd')).toBe('Bearer sha256~…')
    expect(maskSecret('glpat-abcdefghijkl')).toBe('glpat-…ijkl')
  })

  it('never shows more than a leading prefix of the value plus its last four characters, for any value', () => {
    const prefixes = ['', 'ghp_', 'glpat-', 'ya29.', '1//', 'sha256~', 'Bearer ', 'Bearer sha256~', 'abc-', 'x', 'Basic ']
    for (const prefix of prefixes) {
      for (let length = 0; length < 80; length++) {
        const value = `${prefix}${noise(length, prefix.length * 100 + length)}`
        const masked = maskSecret(value)
        if (value.length <= 12) {
          expect(masked).toBe('••••')
          continue
        }
        const [shownPrefix = '', tail = '', ...rest] = masked.split('…')
        expect(rest, masked).toEqual([])
        expect(value.startsWith(shownPrefix), masked).toBe(true)
        expect(['', value.slice(-4)]).toContain(tail)
        // At least eight characters of what follows the prefix stay hidden, or all of a shorter rest.
        const after = value.length - shownPrefix.length
        expect(after - tail.length, masked).toBeGreaterThanOrEqual(Math.min(8, after))
        // The longest prefix the mask knows is `Bearer ` plus `sha256~`: 14 characters.
        expect(shownPrefix.length, masked).toBeLessThanOrEqual(14)
        expect(masked.length).toBeLessThanOrEqual(shownPrefix.length + 1 + 4)
      }
    }
  })
})
