import { type Floor, FLOOR_CONNECTIONS, FLOOR_LABEL, type FloorConnections, startFloor } from './floor'
import type { Engine } from '../src/main/engine/engine'
import type { WorldSpecInput } from '../src/main/world/spec'
import type { ProfileInput } from '../src/shared/profiles'
import { startBenchEngine } from './engine'
import type { Measurement, MeasurementResult } from './measurement'
import { formatTable, ms, SUMMARY_HEADERS, summaryCells } from './report'
import { summarize, timed } from './stats'

/** alice and `count - 1` others; alice owns demo/shared-1 and shares it with every other as edit. */
export function sharedWorld(count: number): { world: WorldSpecInput; users: string[] } {
  const users = ['alice', ...Array.from({ length: count - 1 }, (_, i) => `user${String(i + 2).padStart(2, '0')}`)]
  const world: WorldSpecInput = {
    users: users.map((id) => ({ id, name: id, email: `${id}@example.com` })),
    projects: [
      {
        name: 'demo',
        members: { alice: 'admin' },
        sessions: [{ name: 'shared-1', owner: 'alice', sharedWith: Object.fromEntries(users.slice(1).map((id) => [id, 'edit' as const])) }]
      }
    ]
  }
  return { world, users }
}

interface ProfileRun {
  profile: ProfileInput
  turns: number
  finished: number
  /** HTTP status or turn status of every turn that did not finish, with counts. */
  unfinished: Map<string, number>
  wallMs: number
  /** Wall time of the same rounds as bare round trips, by floor: the mean of the rounds run just before the engine started and just after it stopped. */
  floorWallMs: Map<FloorConnections, number>
  latencyMs: number[]
  leaks: number
  /** Findings by `invariant in sink`, to tell a real leak from a detector race at a glance. */
  leaksByKind: Map<string, number>
  /** Error lines the hops logged, with paths and ids folded, so the reasons group. */
  errors: Map<string, number>
}

/** One round: every user sends one turn at once, each on a thread of their own. */
async function round(engine: Engine, users: readonly string[], run: ProfileRun, measured: boolean): Promise<void> {
  const outcomes = await Promise.all(
    users.map((userId) =>
      timed(() => engine.sendTurn({ sender: { kind: 'user', userId }, project: 'demo', session: 'shared-1', thread: `thread-${userId}`, message: 'github.whoami' }))
    )
  )
  if (!measured) return
  for (const { ms: latency, value: outcome } of outcomes) {
    run.turns++
    run.latencyMs.push(latency)
    if (outcome.status === 200 && outcome.turn?.status === 'finished') run.finished++
    else {
      const key = outcome.status === 200 ? `turn ${outcome.turn?.status ?? 'none'}` : `HTTP ${outcome.status}`
      run.unfinished.set(key, (run.unfinished.get(key) ?? 0) + 1)
    }
  }
}

/**
 * The floors' rounds bracket the engine's: run just before it starts and just after it stops,
 * so they see nearly the same machine on a noisy host, and none of the engine's garbage or
 * leftover work lands in them (rounds right after the engine's ran up to 15% slower).
 */
async function runProfile(profile: ProfileInput, users: number, rounds: number, floors: readonly Floor[], sample: () => void): Promise<ProfileRun> {
  const floorWallMs = new Map<FloorConnections, number>()
  const floorRounds = async (): Promise<void> => {
    for (const floor of floors) {
      await floorRound(floor, users)
      for (let i = 0; i < rounds; i++) {
        const { ms: floorMs } = await timed(() => floorRound(floor, users))
        floorWallMs.set(floor.connections, (floorWallMs.get(floor.connections) ?? 0) + floorMs / 2)
      }
    }
  }
  await floorRounds()
  const { world, users: ids } = sharedWorld(users)
  const engine = await startBenchEngine({ profile, world })
  const run: ProfileRun = {
    profile,
    turns: 0,
    finished: 0,
    unfinished: new Map(),
    wallMs: 0,
    floorWallMs,
    latencyMs: [],
    leaks: 0,
    leaksByKind: new Map(),
    errors: new Map()
  }
  engine.sim.trace.subscribe((event) => {
    if (event.kind !== 'log' || event.level !== 'error') return
    const reason = `${event.hop}: ${event.text.replace(/'[^']*'/g, "'…'").slice(0, 100)}`
    run.errors.set(reason, (run.errors.get(reason) ?? 0) + 1)
  })
  try {
    // One unmeasured round warms the JIT and starts every thread's worker; its leaks still count.
    await round(engine, ids, run, false)
    for (let i = 0; i < rounds; i++) {
      run.wallMs += (await timed(() => round(engine, ids, run, true))).ms
      sample()
    }
    run.leaks = engine.leaks.findings.length
    for (const finding of engine.leaks.findings) {
      const kind = `${finding.invariant} in ${finding.sink}`
      run.leaksByKind.set(kind, (run.leaksByKind.get(kind) ?? 0) + 1)
    }
  } finally {
    await engine.stop()
  }
  await floorRounds()
  return run
}

/**
 * 20 users sending at once into one shared session, under `hardened` (must find no leak) and
 * `merged` (the residual flaws do leak; the count is for information).
 */
export const concurrencyMeasurement: Measurement = {
  name: 'concurrency',
  title: 'Users sending concurrently into one shared session (demo/shared-1, one thread each)',
  async run({ options, memory }): Promise<MeasurementResult> {
    const runs: ProfileRun[] = []
    const floors: Floor[] = []
    try {
      for (const connections of FLOOR_CONNECTIONS) floors.push(await startFloor(connections))
      for (const profile of ['hardened', 'merged'] as const) runs.push(await runProfile(profile, options.users, options.rounds, floors, () => memory.sample()))
    } finally {
      await Promise.all(floors.map((floor) => floor.close()))
    }

    const failures: string[] = []
    const lines = [
      `${options.users} users × ${options.rounds} rounds per profile (plus one warm-up round); each round is Promise.all of one engine.sendTurn per user`,
      '',
      ...formatTable(
        ['profile', 'turns', 'finished', 'turns/s', 'leaks found'],
        runs.map((r) => [r.profile, String(r.turns), String(r.finished), (r.turns / (r.wallMs / 1000)).toFixed(1), String(r.leaks)])
      ),
      '',
      'Leaks by invariant and sink',
      ...formatTable(
        ['profile', 'invariant in sink', 'findings'],
        runs.flatMap((r) => (r.leaksByKind.size === 0 ? [[r.profile, '-', '0']] : [...r.leaksByKind].map(([kind, n]) => [r.profile, kind, String(n)]))),
        [1]
      ),
      '',
      'Latency of one turn while all users send at once',
      ...formatTable(
        ['profile', ...SUMMARY_HEADERS],
        runs.map((r) => [r.profile, ...summaryCells(summarize(r.latencyMs))])
      ),
      ''
    ]
    for (const r of runs) {
      if (r.unfinished.size > 0) lines.push(`${r.profile}: turns that did not finish: ${[...r.unfinished].map(([k, n]) => `${k} × ${n}`).join(', ')}`)
      for (const [reason, n] of r.errors) lines.push(`${r.profile}: logged error × ${n}: ${reason}`)
      if (r.profile === 'hardened') {
        lines.push(r.leaks === 0 ? `>>> LEAKS UNDER HARDENED: 0 (required) — OK` : `>>> LEAKS UNDER HARDENED: ${r.leaks} — FAIL (must be 0)`)
        if (r.leaks !== 0) failures.push(`${r.leaks} leak(s) under hardened with ${options.users} concurrent users`)
        if (r.finished !== r.turns) failures.push(`${r.turns - r.finished} of ${r.turns} turns did not finish under hardened`)
      } else {
        lines.push(`>>> leaks under ${r.profile}: ${r.leaks} (the residual flaws; for information, not a failure)`)
      }
    }
    lines.push(`wall time per round: ${runs.map((r) => `${r.profile} ${ms(r.wallMs / options.rounds)}`).join(', ')}`)
    const hardened = runs.find((r) => r.profile === 'hardened')
    if (hardened) {
      const turnsPerSecond = hardened.turns / (hardened.wallMs / 1000)
      for (const [connections, floorMs] of hardened.floorWallMs) {
        const floor = hardened.turns / (floorMs / 1000)
        const share = turnsPerSecond / floor
        lines.push(
          `concurrent floor, ${FLOOR_LABEL[connections]} (${connections === 'new' ? 'the floor the target was set against' : 'the stricter floor'}): ${options.users} clients at once, each sending a turn's ${TURN_ROUND_TRIPS} bare round trips one after another, measured just before and after hardened's rounds: ${floor.toFixed(1)} turn-equivalents/s`,
          `  target hardened ≥ 50% of it: ${share >= 0.5 ? 'MET' : 'NOT MET'} (${(share * 100).toFixed(0)}%; a target, not a failure)`
        )
      }
    }
    return { lines, failures }
  }
}

/** The round trips of one hardened turn of the default world (bench/turn.ts counts them from the trace). */
const TURN_ROUND_TRIPS = 11

/** One round's work as bare round trips: `users` clients at once, each sending a turn's round trips one after another. */
function floorRound(floor: Floor, users: number): Promise<unknown> {
  return Promise.all(Array.from({ length: users }, () => floor.sequence(TURN_ROUND_TRIPS)))
}
