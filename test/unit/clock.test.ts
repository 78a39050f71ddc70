import { describe, expect, it } from 'vitest'
import { DEFAULT_EPOCH, VirtualClock } from '../../src/main/sim/clock'

// Token expiry, the 60 s cache and the hourly sweep all hang off this clock; their order and
// repetition during one advance is what makes those scenarios reproducible.

describe('VirtualClock', () => {
  it('starts at the default epoch, or where it is told to, and stands still until advanced', () => {
    expect(new VirtualClock().now()).toBe(DEFAULT_EPOCH)
    const clock = new VirtualClock(1_000)
    expect(clock.now()).toBe(1_000)
    clock.advance(250)
    expect(clock.now()).toBe(1_250)
  })

  it('fires due timers in order of their due time during one advance, with the clock at that time', () => {
    const clock = new VirtualClock(0)
    const fired: Array<[string, number, number]> = []
    clock.every(100, (at) => fired.push(['slow', at, clock.now()]))
    clock.every(30, (at) => fired.push(['fast', at, clock.now()]))
    clock.advance(100)
    expect(fired).toEqual([
      ['fast', 30, 30],
      ['fast', 60, 60],
      ['fast', 90, 90],
      ['slow', 100, 100]
    ])
    expect(clock.now()).toBe(100)
  })

  it('fires timers due at the same moment in the order they were set', () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    clock.every(50, () => fired.push('first'))
    clock.every(25, () => fired.push('second'))
    clock.advance(50)
    expect(fired).toEqual(['second', 'first', 'second'])
  })

  it('repeats every() at its interval across several advances and not before it is due', () => {
    const clock = new VirtualClock(0)
    const fired: number[] = []
    clock.every(600_000, (at) => fired.push(at))
    clock.advance(599_999)
    expect(fired).toEqual([])
    clock.advance(1)
    clock.advance(3_600_000)
    expect(fired).toEqual([600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000, 4_200_000])
  })

  it('stops a timer once it is cancelled, even from inside its own callback', () => {
    const clock = new VirtualClock(0)
    const fired: number[] = []
    const cancel = clock.every(10, (at) => {
      fired.push(at)
      if (at === 30) cancel()
    })
    clock.advance(100)
    expect(fired).toEqual([10, 20, 30])
  })

  it('tells its listeners how far it moved and where to, after the timers', () => {
    const clock = new VirtualClock(0)
    const seen: string[] = []
    clock.every(10, (at) => seen.push(`timer ${at}`))
    const stop = clock.onAdvance((by, to) => seen.push(`advanced ${by} to ${to}`))
    clock.advance(10)
    stop()
    clock.advance(5)
    expect(seen).toEqual(['timer 10', 'advanced 10 to 10'])
  })

  it('refuses to go backwards or by a non-finite amount, and moves nothing then', () => {
    const clock = new VirtualClock(500)
    for (const by of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => clock.advance(by)).toThrow(RangeError)
    expect(clock.now()).toBe(500)
  })

  it('accepts a zero advance and fires nothing that is not yet due', () => {
    const clock = new VirtualClock(0)
    const fired: number[] = []
    clock.every(1, (at) => fired.push(at))
    clock.advance(0)
    expect(fired).toEqual([])
    expect(clock.now()).toBe(0)
  })
})
