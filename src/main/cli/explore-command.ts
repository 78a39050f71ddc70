import { writeFile } from 'node:fs/promises'
import { describeConfig } from '../../shared/profiles'
import { DEFAULT_EXPLORE_BUDGET } from '../../shared/explore-view'
import { explore, type ExploreReport, STRATEGIES, type Strategy } from '../explore/explore'
import { type Budget, parseBudget } from '../explore/budget'
import { formatLanes } from '../explore/lanes'
import { scheduleKey } from '../explore/schedule-key'
import { mergeShardReports, parseShardReport, SHARD_REPORT_FORMAT, type ShardReport } from '../explore/shard-report'
import { makeBundle } from '../scenarios/bundle'
import { loadScenarioFile, ScenarioError, type LoadedScenario } from '../scenarios/load'
import { DEFAULT_SEED } from '../scenarios/run'
import { configFromFlags, type ConfigFlags, parseSeed } from './flaw-config'
import { VERSION } from './help'
import { readInputFile } from './read-input'
import { UsageError } from './usage-error'

export interface ExploreFlags extends ConfigFlags {
  strategy?: string
  preemptions?: string
  budget?: string
  shard?: string
  seed?: string
  out?: string
  report?: string
  merge?: boolean
}

type Write = (text: string) => void


/**
 * `credscope explore <scenario>`: runs the scenario under many schedules of its concurrent steps
 * and stops at the first that fails its expectations, shrunk. Exit 1 with a failing schedule, 0
 * when the budget or the space ran out without one, 2 on bad input.
 */
export async function exploreCommand(paths: string[], flags: ExploreFlags, out: Write, err: Write): Promise<number> {
  if (flags.merge) return mergeCommand(paths, flags, out)
  if (paths.length !== 1 || paths[0] === undefined) throw new UsageError('explore takes one scenario file (or --merge and the shard reports)')
  const loaded = await load(paths[0])
  const config = configFromFlags(flags, loaded.spec.platform)
  const strategy = parseStrategy(flags.strategy)
  const preemptions = parsePreemptions(flags.preemptions)
  const budget = budgetOf(flags.budget ?? DEFAULT_EXPLORE_BUDGET)
  const shard = parseShard(flags.shard)
  const seed = parseSeed(flags.seed) ?? loaded.spec.seed ?? DEFAULT_SEED
  out(`explore ${loaded.spec.scenario} under ${describeConfig(config)}: ${strategy} within ${preemptions} preemption${preemptions === 1 ? '' : 's'}, budget ${flags.budget ?? DEFAULT_EXPLORE_BUDGET}, shard ${shard.index + 1}/${shard.count}, seed ${seed}\n`)
  let shown = 0
  const report = await explore(loaded, {
    config,
    strategy,
    preemptions,
    budget,
    shard,
    seed,
    // A line every 100 schedules on stderr, so a long exploration shows it is alive.
    onProgress: (p) => {
      if (p.schedules - shown < 100) return
      shown = p.schedules
      err(`  … ${p.schedules} schedules, ${p.distinctTraces} distinct traces, ${(p.elapsedMs / 1000).toFixed(1)} s\n`)
    }
  })
  let bundleFile: string | null = null
  const found = report.counterexample
  if (found) {
    bundleFile = flags.out ?? `${loaded.spec.scenario}.explore.credscope-bundle.json`
    const schedule = { strategy, deviations: scheduleKey(found.schedule), preemptions: found.lanes.preemptions }
    await writeFile(bundleFile, `${JSON.stringify(makeBundle(found.run.result, loaded.source, VERSION, bundleFile, schedule), null, 2)}\n`)
  }
  out(`${describeReport(report, bundleFile)}\n`)
  if (flags.report) {
    await writeFile(flags.report, `${JSON.stringify(shardReport(report, bundleFile), null, 2)}\n`)
    out(`report written to ${flags.report}\n`)
  }
  return found ? 1 : 0
}

function describeReport(report: ExploreReport, bundleFile: string | null): string {
  const lines: string[] = []
  const found = report.counterexample
  if (found) {
    lines.push(`✗ a schedule fails: ${found.schedule.length} deviation${found.schedule.length === 1 ? '' : 's'} from the default, ${found.lanes.preemptions} preemption${found.lanes.preemptions === 1 ? '' : 's'} (found with ${found.found.deviations}; ${found.shrinkRuns} shrinking runs)`)
    for (const failure of found.failures) lines.push(`  ✗ ${failure}`)
    lines.push(formatLanes(found.lanes))
    if (bundleFile) lines.push(`bundle written to ${bundleFile}; replay it with: credscope replay ${bundleFile}`)
  } else {
    lines.push(`✓ no schedule fails${report.exhausted ? ': every schedule within the bound ran' : ': the budget ran out first'}`)
  }
  lines.push(summary(report))
  return lines.join('\n')
}

function summary(r: Pick<ShardReport, 'schedules' | 'runs' | 'traces' | 'space' | 'exhausted' | 'durationMs'>): string {
  const space = r.space === null ? 'space not known' : `space ${r.space} schedules${r.exhausted ? ', all run' : ''}`
  return `${r.schedules} schedules, ${r.traces.length} distinct traces, ${space}; ${r.runs} runs in ${(r.durationMs / 1000).toFixed(1)} s`
}

function shardReport(report: ExploreReport, bundleFile: string | null): ShardReport {
  const { counterexample: found, flaws, ...rest } = report
  return {
    format: SHARD_REPORT_FORMAT,
    ...rest,
    flaws: [...flaws],
    counterexample: found ? { deviations: scheduleKey(found.schedule), preemptions: found.lanes.preemptions, failures: found.failures, lanes: found.lanes, bundle: bundleFile } : null
  }
}

/** `credscope explore --merge a.json b.json …`: the shards' reports as one exploration. */
async function mergeCommand(paths: readonly string[], flags: ExploreFlags, out: Write): Promise<number> {
  if (paths.length === 0) throw new UsageError('explore --merge takes the shard reports (--report FILE of each shard)')
  const reports: ShardReport[] = []
  for (const path of paths) {
    const report = parseShardReport(await readInputFile(path, 'report'))
    if (typeof report === 'string') throw new UsageError(`${path}: ${report}`)
    reports.push(report)
  }
  const merged = mergeShardReports(reports)
  if (typeof merged === 'string') throw new UsageError(merged)
  const { report, missing } = merged
  const lines = [`explore ${report.scenario} under ${report.platform} · ${report.profile}${report.flaws.length > 0 ? ` (${report.flaws.length} flaws)` : ''}: ${report.strategy} within ${report.preemptions}, ${reports.length} of ${reports[0]?.shard.count ?? 0} shards`]
  if (missing.length > 0) lines.push(`shards without a report: ${missing.map((i) => `${i + 1}/${reports[0]?.shard.count ?? 0}`).join(', ')}`)
  const found = report.counterexample
  if (found) {
    lines.push(`✗ a schedule fails: ${found.deviations} (${found.preemptions} preemptions)`)
    for (const failure of found.failures) lines.push(`  ✗ ${failure}`)
    if (found.bundle) lines.push(`bundle: ${found.bundle}`)
  } else {
    lines.push(`✓ no schedule fails${report.exhausted ? ': every schedule within the bound ran' : ''}`)
  }
  lines.push(summary(report))
  out(`${lines.join('\n')}\n`)
  if (flags.report) {
    await writeFile(flags.report, `${JSON.stringify(report, null, 2)}\n`)
    out(`report written to ${flags.report}\n`)
  }
  return found ? 1 : missing.length > 0 ? 2 : 0
}

async function load(file: string): Promise<LoadedScenario> {
  try {
    return await loadScenarioFile(file)
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.excerpt ? `${error.message}\n${error.excerpt}` : error.message, true)
    throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export function parseStrategy(text: string | undefined): Strategy {
  if (text === undefined) return 'dfs'
  if ((STRATEGIES as readonly string[]).includes(text)) return text as Strategy
  throw new UsageError(`--strategy is ${STRATEGIES.join(', ')}, not "${text}"`)
}

export function parsePreemptions(text: string | undefined): number {
  if (text === undefined) return 2
  const n = Number(text)
  if (!/^\d+$/.test(text) || n > 10) throw new UsageError(`--preemptions needs a whole number from 0 to 10, not "${text}"`)
  return n
}

function budgetOf(text: string): Budget {
  const budget = parseBudget(text)
  if (typeof budget === 'string') throw new UsageError(`--budget needs ${budget}`)
  return budget
}

/** `--shard i/n`, 1-based as CI matrices number their jobs; 0-based inside. */
export function parseShard(text: string | undefined): { index: number; count: number } {
  if (text === undefined) return { index: 0, count: 1 }
  const match = /^(\d+)\/(\d+)$/.exec(text)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard needs i/n with 1 ≤ i ≤ n (2/4 is the second of four), not "${text}"`)
  return { index: index - 1, count }
}
