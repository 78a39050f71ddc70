import { z } from 'zod'
import { PLATFORM_VERSIONS } from '../../shared/platform-versions'
import { parseJsonDocument } from '../../shared/json-document'
import type { ExploreReport } from './explore'
import type { LaneView } from '../../shared/explore-view'

export const SHARD_REPORT_FORMAT = 'credscope-explore/1'

/**
 * What a shard's exploration writes for `credscope explore --merge`: the report less the runs
 * themselves, its counterexample as text, the profile and flaws as any file names them.
 */
export type ShardReport = Omit<ExploreReport, 'profile' | 'flaws' | 'counterexample'> & {
  format: typeof SHARD_REPORT_FORMAT
  profile: string
  flaws: string[]
  counterexample: { deviations: string; preemptions: number; failures: string[]; lanes: LaneView; bundle: string | null } | null
}

const lane = z.object({ flow: z.number(), label: z.string(), turn: z.object({ id: z.string(), sender: z.string(), thread: z.string() }).nullable() })
const handOver = z.object({ at: z.number(), after: z.object({ seq: z.number(), kind: z.string() }).nullable(), from: z.number().nullable(), to: z.number(), preemption: z.boolean() })

const shape = z.object({
  format: z.literal(SHARD_REPORT_FORMAT),
  scenario: z.string(),
  file: z.string(),
  platform: z.enum(PLATFORM_VERSIONS),
  profile: z.string(),
  flaws: z.array(z.string()),
  strategy: z.enum(['dfs', 'pct', 'random']),
  preemptions: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  shard: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }),
  schedules: z.number().int().nonnegative(),
  runs: z.number().int().nonnegative(),
  traces: z.array(z.string()),
  space: z.number().int().nullable(),
  exhausted: z.boolean(),
  durationMs: z.number().nonnegative(),
  keys: z.array(z.string()),
  counterexample: z
    .object({
      deviations: z.string(),
      preemptions: z.number(),
      failures: z.array(z.string()),
      lanes: z.object({ lanes: z.array(lane), handOvers: z.array(handOver), preemptions: z.number(), choicePoints: z.number() }),
      bundle: z.string().nullable()
    })
    .nullable()
})

/** Reads a shard report; a message naming what is wrong when it is not one. */
export function parseShardReport(text: string): ShardReport | string {
  const read = parseJsonDocument(text, shape, 'explore report', 'report')
  return typeof read === 'string' ? read : read.value
}

/** The whole exploration from its shards' reports, or what keeps them from adding up. */
export interface MergedReport {
  report: ShardReport
  /** Shards (0-based) no report was given for. */
  missing: number[]
}

export function mergeShardReports(reports: readonly ShardReport[]): MergedReport | string {
  const [first] = reports
  if (!first) return 'name the shard reports to merge'
  const setting = (r: ShardReport): string => JSON.stringify([r.scenario, r.platform, r.profile, [...r.flaws].sort(), r.strategy, r.preemptions, r.seed, r.shard.count])
  const odd = reports.find((r) => setting(r) !== setting(first))
  if (odd) return `shard ${odd.shard.index + 1}/${odd.shard.count} explored another setting than shard ${first.shard.index + 1}/${first.shard.count} (scenario, version, profile, flaws, strategy, bound, seed and shard count must match)`
  const indexes = reports.map((r) => r.shard.index)
  const twice = indexes.find((index, i) => indexes.indexOf(index) !== i)
  if (twice !== undefined) return `shard ${twice + 1}/${first.shard.count} is given twice`
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !indexes.includes(i))
  const found = reports.find((r) => r.counterexample !== null)
  return {
    missing,
    report: {
      ...first,
      shard: { index: 0, count: 1 },
      schedules: reports.reduce((n, r) => n + r.schedules, 0),
      runs: reports.reduce((n, r) => n + r.runs, 0),
      traces: [...new Set(reports.flatMap((r) => r.traces))],
      space: reports.every((r) => r.space === first.space) ? first.space : null,
      exhausted: missing.length === 0 && reports.every((r) => r.exhausted),
      durationMs: Math.max(...reports.map((r) => r.durationMs)),
      keys: reports.flatMap((r) => r.keys),
      counterexample: found?.counterexample ?? null
    }
  }
}
