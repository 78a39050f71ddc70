import { describe, expect, it } from 'vitest'
import { currentContext } from '../../src/main/sim/context'
import { Random } from '../../src/main/sim/random'
import { FreeScheduler, SerialScheduler } from '../../src/main/sim/scheduler'

// Serial mode is what makes a scenario's trace a function of its seed: one flow at a time, the
// next one picked by the seeded source. These tests pin that contract without an engine.

/** Runs `flows` flows that each yield `yields` times; returns who held the baton, in order. */
async function grantOrder(seed: number, flows = 6, yields = 3): Promise<number[]> {
  const scheduler = new SerialScheduler(new Random(seed))
  const order: number[] = []
  await Promise.all(
    Array.from({ length: flows }, (_, flow) =>
      scheduler.spawn(`flow ${flow}`, async () => {
        for (let i = 0; i <= yields; i++) {
          order.push(flow)
          if (i < yields) await scheduler.yield()
        }
      })
    )
  )
  return order
}

/** Lets the event loop run other callbacks, so a second flow would get in if it could. */
function turnOfTheLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

describe('SerialScheduler', () => {
  it('grants the baton in the same order for the same seed', async () => {
    for (const seed of [1, 2, 42, 2024]) expect(await grantOrder(seed)).toEqual(await grantOrder(seed))
  })

  it('grants it in a different order for some other seed, and every flow runs to its end', async () => {
    const orders = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => grantOrder(seed)))
    expect(new Set(orders.map((o) => o.join(','))).size).toBeGreaterThan(1)
    for (const order of orders) {
      for (let flow = 0; flow < 6; flow++) expect(order.filter((f) => f === flow)).toHaveLength(4)
    }
  })

  it('lets the first flow start at once, when nobody holds the baton', async () => {
    for (const seed of [1, 7, 99]) expect((await grantOrder(seed))[0]).toBe(0)
  })

  it('runs one flow at a time between yield points, even across turns of the event loop', async () => {
    const scheduler = new SerialScheduler(new Random(3))
    let running = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 5 }, (_, flow) =>
        scheduler.spawn(`flow ${flow}`, async () => {
          for (let i = 0; i < 3; i++) {
            running++
            most = Math.max(most, running)
            await turnOfTheLoop()
            running--
            await scheduler.yield()
          }
        })
      )
    )
    expect(most).toBe(1)
  })

  it('lets a flow that yields with nobody waiting carry on', async () => {
    const scheduler = new SerialScheduler(new Random(1))
    const steps: number[] = []
    const result = await scheduler.spawn('alone', async () => {
      for (let i = 0; i < 5; i++) {
        steps.push(i)
        await scheduler.yield()
      }
      return 'done'
    })
    expect(result).toBe('done')
    expect(steps).toEqual([0, 1, 2, 3, 4])
  })

  it('lets other flows run while one blocks on what only they can bring about', async () => {
    const scheduler = new SerialScheduler(new Random(5))
    const log: string[] = []
    const value = await scheduler.spawn('parent', async () => {
      log.push('parent starts')
      let release = (_value: string): void => undefined
      const released = new Promise<string>((resolve) => (release = resolve))
      const child = scheduler.spawn('child', async () => {
        log.push('child runs')
        await scheduler.yield()
        release('from the child')
        log.push('child released the parent')
        return 7
      })
      const [message, childValue] = await scheduler.block(Promise.all([released, child]))
      log.push('parent resumes')
      return `${message} ${childValue}`
    })
    expect(value).toBe('from the child 7')
    expect(log).toEqual(['parent starts', 'child runs', 'child released the parent', 'parent resumes'])
  })

  it('gives the baton back to a flow that blocked, before it goes on', async () => {
    const scheduler = new SerialScheduler(new Random(11))
    let running = 0
    let most = 0
    const busy = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        running++
        most = Math.max(most, running)
        await turnOfTheLoop()
        running--
        await scheduler.yield()
      }
    }
    await scheduler.spawn('parent', async () => {
      const children = [scheduler.spawn('a', busy), scheduler.spawn('b', busy)]
      await scheduler.block(Promise.all(children))
      await busy()
    })
    expect(most).toBe(1)
  })

  it('treats yield and block outside any flow as no-ops', async () => {
    const scheduler = new SerialScheduler(new Random(1))
    await expect(scheduler.yield()).resolves.toBeUndefined()
    await expect(scheduler.block(Promise.resolve(3))).resolves.toBe(3)
  })

  it('attributes a flow to the turn it was spawned for, or to its parent flow\'s turn', async () => {
    const scheduler = new SerialScheduler(new Random(1))
    const seen = await scheduler.spawn(
      'turn flow',
      async () => {
        const inherited = await scheduler.block(scheduler.spawn('inner', async () => currentContext().turn))
        const detached = await scheduler.block(scheduler.spawn('detached', async () => currentContext().turn, null))
        return { own: currentContext().turn, inherited, detached }
      },
      'turn-1'
    )
    expect(seen).toEqual({ own: 'turn-1', inherited: 'turn-1', detached: null })
  })
})

describe('FreeScheduler', () => {
  it('runs flows as Node schedules them, with yield and block passing straight through', async () => {
    const scheduler = new FreeScheduler()
    const values = await Promise.all([scheduler.spawn('a', async () => currentContext().turn, 't'), scheduler.spawn('b', async () => 2)])
    expect(values).toEqual(['t', 2])
    await expect(scheduler.block(Promise.resolve('x'))).resolves.toBe('x')
    await expect(scheduler.yield()).resolves.toBeUndefined()
  })
})
