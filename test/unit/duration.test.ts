import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../src/shared/duration'

// Durations appear in scenario files (advance, sleep) and in reports; both directions must agree.

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['0s', 0],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1m1ms', 60_001],
    ['2h0m5s', 7_205_000],
    ['  15m ', 900_000]
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', ' ', '10', 'm', '1.5h', '-1s', '10 m', '1hour', '10 minutes', '1h 30m', 'h1', '1w', '1S', 'soon'])('refuses "%s"', (text) => {
    expect(parseDuration(text)).toBeNull()
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [1, '1ms'],
    [1_500, '1500ms'],
    [1_000, '1s'],
    [90_000, '90s'],
    [60_000, '1m'],
    [5_400_000, '90m'],
    [3_600_000, '1h'],
    [86_400_000, '24h']
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('writes every whole number of milliseconds so that it parses back to the same number', () => {
    for (const ms of [0, 1, 999, 1_000, 1_001, 59_999, 60_000, 61_000, 3_599_999, 3_600_000, 3_660_000, 7_200_000, 86_400_000, 90_061_001]) {
      expect(parseDuration(formatDuration(ms)), String(ms)).toBe(ms)
    }
  })
})
