import type { Engine } from '../src/main/engine/engine'
import type { TurnRequest } from '../src/main/engine/turn-client'
import type { PlatformVersion } from '../src/shared/platform-versions'
import type { ProfileInput } from '../src/shared/profiles'
import { startBenchEngine } from './engine'
import { type Floor, FLOOR_CONNECTIONS, FLOOR_LABEL, type FloorConnections, startFloor } from './floor'
import type { BenchOptions, Measurement, MeasurementResult } from './measurement'
import { type MemoryReading, MemoryPeak } from './memory'
import { formatTable, keyValues, mb, ms, ratio, SUMMARY_HEADERS, summaryCells } from './report'
import { type Summary, summarize, timed } from './stats'

/** Our target, a ratio and not a bound (docs/architecture.md, performance targets): a turn costs at most this many times its bare round trips. */
export const FLOOR_TARGET = 2

/** bob, an editor of alice's shared-1, asks for his GitHub identity: every credential hop runs. */
export const BOB_TURN: TurnRequest = {
  sender: { kind: 'user', userId: 'bob' },
  project: 'demo',
  session: 'shared-1',
  message: 'github.whoami'
}

/** Sends a turn and insists it went through; a bench of failing turns would measure nothing. */
export async function sendFinishedTurn(engine: Engine, request: TurnRequest): Promise<void> {
  const outcome = await engine.sendTurn(request)
  if (outcome.status !== 200 || outcome.turn?.status !== 'finished') {
    throw new Error(`turn by ${JSON.stringify(request.sender)} did not finish: HTTP ${outcome.status}, turn ${outcome.turn?.status ?? 'none'}: ${outcome.body.slice(0, 200)}`)
  }
}

/** Counts the HTTP round trips (`http.request` events) by hop pair while `fn` runs. */
export async function countRoundTrips(engine: Engine, fn: () => Promise<void>): Promise<Map<string, number>> {
  const pairs = new Map<string, number>()
  const unsubscribe = engine.sim.trace.subscribe((event) => {
    if (event.kind !== 'http.request') return
    const key = `${event.from}→${event.to}`
    pairs.set(key, (pairs.get(key) ?? 0) + 1)
  })
  try {
    await fn()
  } finally {
    unsubscribe()
  }
  return pairs
}

function total(pairs: ReadonlyMap<string, number>): number {
  return [...pairs.values()].reduce((sum, n) => sum + n, 0)
}

/** What the turn measurement runs: the merge as shipped (the headline), HEAD as its users run it, and hardened. */
const MEASURED: ReadonlyArray<{ label: string; profile: ProfileInput; platform?: PlatformVersion }> = [
  { label: 'merged', profile: 'merged' },
  { label: 'head · as-is', profile: 'as-is', platform: 'head' },
  { label: 'hardened', profile: 'hardened' }
]

interface ProfileTurns {
  profile: string
  roundTrips: number
  pairs: Map<string, number>
  /** Distinct round-trip counts seen across measured turns (one, unless a turn varies). */
  tripCounts: number[]
  turn: Summary
  floors: Record<FloorConnections, Summary>
  /** Median of the last quarter of measured turns over the first quarter: > 1 means turns get slower as the run grows. */
  drift: number
  peak: MemoryReading
  afterLoop: MemoryReading
}

/**
 * Turn and floor samples alternate, so both see the same process state (GC, JIT, socket
 * churn, other load on the machine) and the ratio stays meaningful on a noisy host.
 */
async function measureProfile(measured: (typeof MEASURED)[number], floors: readonly Floor[], options: BenchOptions, memory: MemoryPeak): Promise<ProfileTurns> {
  const engine = await startBenchEngine({ profile: measured.profile, platform: measured.platform })
  try {
    const send = (): Promise<void> => sendFinishedTurn(engine, BOB_TURN)
    for (let i = 0; i < options.warmup; i++) await send()
    const pairs = await countRoundTrips(engine, send)
    const roundTrips = total(pairs)
    if (roundTrips === 0) throw new Error('a turn made no HTTP round trips: the trace subscription saw nothing')
    for (const floor of floors) for (let i = 0; i < options.warmup; i++) await floor.sequence(roundTrips)

    const loopPeak = new MemoryPeak()
    const turnMs: number[] = []
    const floorMs = new Map<FloorConnections, number[]>(floors.map((floor) => [floor.connections, []]))
    const tripCounts = new Set<number>()
    for (let i = 0; i < options.turns; i++) {
      let trips = new Map<string, number>()
      const turn = await timed(async () => {
        trips = await countRoundTrips(engine, send)
      })
      turnMs.push(turn.ms)
      tripCounts.add(total(trips))
      loopPeak.sample()
      memory.sample()
      for (const floor of floors) floorMs.get(floor.connections)?.push((await timed(() => floor.sequence(roundTrips))).ms)
    }
    const quarter = Math.max(1, Math.floor(turnMs.length / 4))
    return {
      profile: measured.label,
      roundTrips,
      pairs,
      tripCounts: [...tripCounts].sort((a, b) => a - b),
      turn: summarize(turnMs),
      floors: { new: summarize(floorMs.get('new') ?? []), 'kept-alive': summarize(floorMs.get('kept-alive') ?? []) },
      drift: summarize(turnMs.slice(-quarter)).median / summarize(turnMs.slice(0, quarter)).median,
      peak: loopPeak.peak,
      afterLoop: memory.sample()
    }
  } finally {
    await engine.stop()
  }
}

/**
 * One turn through every hop against the floor: as many bare loopback round trips, sequential,
 * over a new connection each (the floor the target was set against) and kept alive as the hops
 * send them (the stricter one). `merged` is the headline (FLOOR_TARGET applies to it); HEAD as
 * it is and `hardened` run the same way for information.
 */
export const turnMeasurement: Measurement = {
  name: 'turn',
  title: 'One turn through every hop vs the floor (bob → demo/shared-1, "github.whoami")',
  async run({ options, memory }): Promise<MeasurementResult> {
    const floors: Floor[] = []
    const runs: ProfileTurns[] = []
    try {
      for (const connections of FLOOR_CONNECTIONS) floors.push(await startFloor(connections))
      for (const measured of MEASURED) runs.push(await measureProfile(measured, floors, options, memory))
    } finally {
      await Promise.all(floors.map((floor) => floor.close()))
    }
    const [headline] = runs
    if (!headline) throw new Error('no profile was measured')
    const rows = runs.flatMap((r) => [
      [`${r.profile}: one turn (engine.sendTurn)`, ...summaryCells(r.turn)],
      ...FLOOR_CONNECTIONS.flatMap((c) => {
        const floor = r.floors[c]
        return [
          [`${r.profile}: floor, ${FLOOR_LABEL[c]} (${r.roundTrips} round trips)`, ...summaryCells(floor)],
          [`${r.profile}: ratio turn / floor (${c})`, ratio(r.turn.median / floor.median), ratio(r.turn.p95 / floor.p95), ratio(r.turn.min / floor.min), ratio(r.turn.max / floor.max), '']
        ]
      })
    ])
    const targetLine = (c: FloorConnections): [string, string] => {
      const medianRatio = headline.turn.median / headline.floors[c].median
      const p95Ratio = headline.turn.p95 / headline.floors[c].p95
      return [
        `target ≤ ${FLOOR_TARGET}x floor (merged; ${c === 'new' ? 'the floor the target was set against' : 'the stricter floor'})`,
        `${medianRatio <= FLOOR_TARGET ? 'MET' : 'NOT MET'} against ${FLOOR_LABEL[c]} (median ${ratio(medianRatio)}, p95 ${ratio(p95Ratio)}; a target, not a failure)`
      ]
    }
    const lines = [
      ...formatTable(['', ...SUMMARY_HEADERS], rows),
      '',
      ...keyValues([
        ...FLOOR_CONNECTIONS.map(targetLine),
        ...runs.flatMap((r): Array<[string, string]> => [
          [`${r.profile}: round trips per turn`, `${r.roundTrips}${r.tripCounts.length > 1 ? ` (varied across measured turns: ${r.tripCounts.join(', ')})` : ''}`],
          [`${r.profile}:   by hop`, [...r.pairs].map(([pair, n]) => `${pair} ${n}`).join(', ')],
          [`${r.profile}: per round trip`, `turn ${ms(r.turn.median / r.roundTrips)}, floor ${FLOOR_CONNECTIONS.map((c) => `${ms(r.floors[c].median / r.roundTrips)} (${c})`).join(', ')} (medians)`],
          [`${r.profile}: drift`, `${ratio(r.drift)} (median of the last quarter of turns / the first quarter)`]
        ]),
        ['warm-up', `${options.warmup} turns and ${options.warmup} sequences of each floor per profile, not measured`]
      ]),
      '',
      'Peak memory during the turn loop (sampled after each turn; process-wide)',
      ...formatTable(
        ['', 'rss', 'heapUsed'],
        runs.flatMap((r) => [
          [`${r.profile}: peak`, mb(r.peak.rss), mb(r.peak.heapUsed)],
          [`${r.profile}: after the loop`, mb(r.afterLoop.rss), mb(r.afterLoop.heapUsed)]
        ])
      )
    ]
    return { lines, failures: [] }
  }
}
