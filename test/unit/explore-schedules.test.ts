import { describe, expect, it } from 'vitest'
import { type ChoiceRecord, defaultPick, deviationsOf, type FlowInfo, isPreemption, ScriptedChooser } from '../../src/main/explore/choices'
import { children } from '../../src/main/explore/explore'
import { actorOf, explored } from '../../src/main/explore/reduction'
import { parseScheduleKey, scheduleKey, shardOf } from '../../src/main/explore/schedule-key'
import { mergeShardReports, type ShardReport, SHARD_REPORT_FORMAT, parseShardReport } from '../../src/main/explore/shard-report'

const record = (at: number, ready: number[], yielded: number | null, kind: string | null, chosen?: number): ChoiceRecord => {
  const fallback = yielded ?? ready[0] ?? 0
  return { at, ready, yielded, after: kind ? { kind, seq: at * 10 } : null, previous: yielded, default: fallback, chosen: chosen ?? fallback }
}

describe('schedules', () => {
  it('by default lets the flow that yielded go on, and at a free switch the longest-waiting flow run', () => {
    expect(defaultPick({ ready: [4, 2, 7], yielded: 7, after: null, previous: 7 })).toBe(7)
    expect(defaultPick({ ready: [4, 2, 7], yielded: null, after: null, previous: 3 })).toBe(4)
  })

  it('replays a schedule: the default everywhere but at its deviations, which are recorded as such', () => {
    const chooser = new ScriptedChooser([{ at: 1, flow: 2 }, { at: 2, flow: 9 }])
    expect(chooser.choose({ ready: [1, 2], yielded: 1, after: { kind: 'rbac', seq: 3 }, previous: 1 })).toBe(0)
    expect(chooser.choose({ ready: [1, 2], yielded: 1, after: { kind: 'rbac', seq: 5 }, previous: 1 })).toBe(1)
    // A flow that is not ready there means the default.
    expect(chooser.choose({ ready: [2, 3], yielded: null, after: null, previous: 1 })).toBe(0)
    expect(deviationsOf(chooser.records)).toEqual([{ at: 1, flow: 2 }])
    expect(chooser.records.map(isPreemption)).toEqual([false, true, false])
  })

  it('writes a schedule as a key and reads it back; refuses text that is no key', () => {
    expect(scheduleKey([])).toBe('-')
    expect(scheduleKey([{ at: 12, flow: 7 }, { at: 40, flow: 9 }])).toBe('12:7,40:9')
    expect(parseScheduleKey('12:7,40:9')).toEqual([{ at: 12, flow: 7 }, { at: 40, flow: 9 }])
    expect(parseScheduleKey('-')).toEqual([])
    expect(parseScheduleKey('12:7,x')).toBeNull()
    expect(parseScheduleKey('')).toBeNull()
  })

  it('puts every schedule in exactly one shard, the same on every machine, and all in shard 0 of 1', () => {
    const schedules = Array.from({ length: 200 }, (_, i) => [{ at: i, flow: (i % 3) + 1 }])
    expect(schedules.every((s) => shardOf(s, 1) === 0)).toBe(true)
    const counts = [0, 0, 0, 0]
    for (const s of schedules) counts[shardOf(s, 4)]! += 1
    expect(counts.every((n) => n > 20)).toBe(true)
    expect(shardOf([{ at: 3, flow: 2 }], 4)).toBe(shardOf([{ at: 3, flow: 2 }], 4))
  })
})

describe('the reduction', () => {
  const flows = new Map<number, FlowInfo>([
    [1, { label: 'scenario', turn: null }],
    [2, { label: 'turn a', turn: 'ta' }],
    [3, { label: 'fetch github', turn: 'ta' }],
    [4, { label: 'turn b', turn: 'tb' }],
    [5, { label: 'fetch gitlab', turn: 'tb' }],
    [6, { label: 'request', turn: null }]
  ])

  it("tries another actor's longest-waiting flow after a shared step, and at every free switch", () => {
    const records = [record(0, [2, 3, 4, 5], 2, 'log'), record(1, [2, 3, 4, 5], 2, 'runner.env'), record(2, [3, 4, 6], null, null)]
    expect(records.map(explored)).toEqual([false, true, true])
    expect(children([], records, flows)).toEqual([[{ at: 1, flow: 4 }], [{ at: 2, flow: 4 }], [{ at: 2, flow: 6 }]])
    // Only points after the schedule's last deviation open further.
    expect(children([{ at: 1, flow: 4 }], records, flows)).toEqual([
      [{ at: 1, flow: 4 }, { at: 2, flow: 4 }],
      [{ at: 1, flow: 4 }, { at: 2, flow: 6 }]
    ])
  })

  it('knows a flow by its turn, or by itself when it serves none', () => {
    expect([actorOf(3, flows), actorOf(6, flows), actorOf(99, flows)]).toEqual(['turn ta', 'flow 6', 'flow 99'])
  })
})

describe('shard reports', () => {
  const shard = (index: number, more: Partial<ShardReport> = {}): ShardReport => ({
    format: SHARD_REPORT_FORMAT,
    scenario: 'r2-no-turn-lock',
    file: 'r2.yaml',
    platform: 'head',
    profile: 'hardened',
    flaws: [],
    strategy: 'dfs',
    preemptions: 2,
    seed: 1,
    shard: { index, count: 2 },
    schedules: 10 + index,
    runs: 12,
    traces: [`t${index}`, 'shared'],
    space: 21,
    exhausted: true,
    durationMs: 1000 * (index + 1),
    keys: [`${index}:1`],
    counterexample: null,
    ...more
  })

  it('adds shards up: schedules and runs summed, distinct traces united, exhausted only when every shard is there and was', () => {
    const merged = mergeShardReports([shard(0), shard(1)])
    if (typeof merged === 'string') throw new Error(merged)
    expect(merged.missing).toEqual([])
    expect([merged.report.schedules, merged.report.runs, merged.report.traces.length, merged.report.space, merged.report.exhausted, merged.report.durationMs]).toEqual([21, 24, 3, 21, true, 2000])
    const partial = mergeShardReports([shard(1)])
    if (typeof partial === 'string') throw new Error(partial)
    expect([partial.missing, partial.report.exhausted]).toEqual([[0], false])
  })

  it('refuses shards of different explorations and a shard given twice', () => {
    expect(mergeShardReports([shard(0), shard(1, { preemptions: 1 })])).toMatch(/^shard 2\/2 explored another setting than shard 1\/2/)
    expect(mergeShardReports([shard(0), shard(0)])).toBe('shard 1/2 is given twice')
    expect(mergeShardReports([])).toBe('name the shard reports to merge')
  })

  it('reads a report back, and names what is wrong with one that is not', () => {
    expect(parseShardReport(JSON.stringify(shard(0)))).toEqual(shard(0))
    expect(parseShardReport('{')).toBe('not a credscope explore report: the file is not JSON')
    expect(parseShardReport(JSON.stringify({ ...shard(0), strategy: 'bfs' }))).toMatch(/^not a credscope explore report: strategy: /)
  })
})
