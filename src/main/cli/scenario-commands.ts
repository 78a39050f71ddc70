import { writeFile } from 'node:fs/promises'
import { FLAWS } from '../../shared/flaws'
import { flawVersions } from '../../shared/flaw-ids'
import { configLabel, profilesWith, profileTable, recordedConfig } from '../../shared/profiles'
import { parseBundle, makeBundle } from '../scenarios/bundle'
import { collectScenarioFiles } from '../scenarios/collect'
import { firstDivergence, type Divergence } from '../scenarios/diff'
import type { EventRef } from '../../shared/divergence'
import type { TraceEvent } from '../../shared/events'
import { loadScenarioFile, scenarioOfBundle, ScenarioError, type LoadedScenario } from '../scenarios/load'
import { report, REPORTERS, summaryLine, type ReporterName } from '../scenarios/reporters'
import type { ScenarioResult } from '../scenarios/results'
import { runScenario } from '../scenarios/run'
import { chooserOf } from '../explore/recorded'
import { configFromFlags, type ConfigFlags, parseConfig, parseSeed } from './flaw-config'
import { VERSION } from './help'
import { renderFlawsMarkdown } from './flaws-markdown'
import { readInputFile } from './read-input'
import { UsageError } from './usage-error'
import { defaultDbPath } from './paths'
import { findRun, isBundleRef, openHistory } from './run-ref'
import { Store } from '../store/store'

export interface ScenarioFlags extends ConfigFlags {
  seed?: string
  db?: string
  'no-history'?: boolean
  reporter?: string[]
  out?: string
  bail?: boolean
  a?: string
  b?: string
  markdown?: boolean
  json?: boolean
  all?: boolean
}

type Write = (text: string) => void

async function loadAll(paths: readonly string[]): Promise<LoadedScenario[]> {
  if (paths.length === 0) throw new UsageError('name the scenario files or directories to run (e.g. resources/scenarios)')
  let files: string[]
  try {
    files = await collectScenarioFiles(paths)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (files.length === 0) throw new UsageError(`no .yaml scenarios under ${paths.join(', ')}`)
  const loaded: LoadedScenario[] = []
  for (const file of files) {
    try {
      loaded.push(await loadScenarioFile(file))
    } catch (error) {
      if (error instanceof ScenarioError) throw new UsageError(error.excerpt ? `${error.message}\n${error.excerpt}` : error.message, true)
      throw error
    }
  }
  return loaded
}

/** Where one report goes: a file, or stdout (`file` null). */
interface ReportTarget {
  reporter: ReporterName
  file: string | null
}

/**
 * The reports a run writes: each `--reporter NAME[:FILE]`, pretty on stdout when none is given;
 * `--out FILE` still names the file of a single reporter. At most one goes to stdout.
 */
export function reportTargets(reporters: readonly string[] | undefined, out: string | undefined): ReportTarget[] {
  const given = reporters && reporters.length > 0 ? reporters : ['pretty']
  const targets = given.map((spec): ReportTarget => {
    const colon = spec.indexOf(':')
    const name = colon < 0 ? spec : spec.slice(0, colon)
    const file = colon < 0 ? null : spec.slice(colon + 1)
    if (!REPORTERS.includes(name as ReporterName)) throw new UsageError(`--reporter is ${REPORTERS.join(', ')}, optionally with :FILE (junit:report.xml), not "${spec}"`)
    if (file === '') throw new UsageError(`--reporter ${name}: names no file; write ${name}:FILE, or leave out the colon for stdout`)
    return { reporter: name as ReporterName, file }
  })
  if (out !== undefined) {
    const toStdout = targets.filter((t) => t.file === null)
    if (targets.length > 1 || toStdout.length !== 1) throw new UsageError('--out names the file of one reporter; with several, give each its file: --reporter junit:out.xml --reporter pretty')
    return [{ reporter: targets[0]?.reporter ?? 'pretty', file: out }]
  }
  if (targets.filter((t) => t.file === null).length > 1) throw new UsageError('only one --reporter can write to stdout; give the others a file: --reporter junit:out.xml')
  const files = targets.flatMap((t) => (t.file === null ? [] : [t.file]))
  const twice = files.find((f, i) => files.indexOf(f) !== i)
  if (twice !== undefined) throw new UsageError(`two reporters write to ${twice}`)
  return targets
}

/** `credscope run`: 0 when every scenario passes, 1 when any fails, 2 on bad input. */
export async function runCommand(paths: string[], flags: ScenarioFlags, out: Write, err: Write): Promise<number> {
  const targets = reportTargets(flags.reporter, flags.out)
  const seed = parseSeed(flags.seed)
  const scenarios = await loadAll(paths)
  // A file that names its version runs there; --platform is the version of the others. A bad
  // combination is bad input before anything runs.
  const configs = scenarios.map((scenario) => configFromFlags({ ...flags, platform: scenario.spec.platform ?? flags.platform }))
  for (const scenario of scenarios) {
    if (flags.platform && scenario.spec.platform && scenario.spec.platform !== flags.platform) err(`${scenario.file}: written for platform ${scenario.spec.platform}, so it runs there, not at ${flags.platform}\n`)
  }
  const results: ScenarioResult[] = []
  // Recorded in the run history the app lists, so a CI failure can be opened as a diagram.
  const store = flags['no-history'] ? null : Store.open(flags.db ?? defaultDbPath())
  try {
    for (const [i, scenario] of scenarios.entries()) {
      // A bundle of credscope explore's runs under the interleaving it found, not the seed's.
      const result = await runScenario(scenario, { config: configs[i] ?? configFromFlags(flags), seed, store, chooser: chooserOf(scenario.schedule) })
      store?.setScenarioSource(result.runId, scenario.source)
      if (scenario.schedule) store?.setSchedule(result.runId, scenario.schedule)
      results.push(result)
      if (flags.bail && !result.passed) break
    }
  } finally {
    store?.close()
  }
  const notRun = scenarios.length - results.length
  if (notRun > 0) err(`--bail: stopped after the first failing scenario; ${notRun} not run\n`)
  const written: string[] = []
  for (const target of targets) {
    const text = report(target.reporter, results)
    if (target.file === null) {
      out(text)
    } else {
      await writeFile(target.file, text)
      written.push(`${target.reporter} report written to ${target.file}`)
    }
  }
  // The pretty report on stdout already ends with the summary line; stderr then names the files only.
  const summarized = targets.some((t) => t.file === null && t.reporter === 'pretty')
  if (store) written.push(`${results.length === 1 ? 'the run is' : `the ${results.length} runs are`} in the run history ${store.path} (Runs in the app; --no-history leaves it alone)`)
  if (written.length > 0) err(`${summarized ? '' : `${summaryLine(results)}; `}${written.join('; ')}\n`)
  return results.every((r) => r.passed) ? 0 : 1
}

/**
 * `credscope diff <scenario> --a <config> --b <config>`: where two runs of a scenario part; or
 * `credscope diff <run|bundle> <run|bundle>`: where two recorded runs part.
 */
export async function diffCommand(paths: string[], flags: ScenarioFlags, out: Write): Promise<number> {
  if (paths.length === 2 && !flags.a && !flags.b) return diffRecorded(paths, flags, out)
  if (paths.length !== 1) throw new UsageError('diff takes one scenario file with --a and --b, or two recorded runs (run ids or bundle files)')
  if (!flags.a || !flags.b) throw new UsageError('diff needs --a and --b, e.g. --a merge:as-is --b head:as-is, or --a as-is --b hardened+r12-mcp-credentials-owner-only')
  const [scenario] = await loadAll(paths)
  if (!scenario) throw new UsageError('no scenario')
  const fallback = flags.platform ?? scenario.spec.platform
  const a = parseConfig(flags.a, '--a', fallback)
  const b = parseConfig(flags.b, '--b', fallback)
  const seed = parseSeed(flags.seed)
  const ra = await runScenario(scenario, { config: a.config, seed })
  const rb = await runScenario(scenario, { config: b.config, seed })
  const header = `diff of ${scenario.spec.scenario} (seed ${ra.seed}): a = ${a.label} (${verdict(ra)}), b = ${b.label} (${verdict(rb)})`
  out(`${[header, ...divergenceLines(firstDivergence(ra.events, rb.events), flags.all ?? false)].join('\n')}\n`)
  return 0
}

/** Two recorded runs: each a run id (or its first characters) in the run history, or a bundle file. */
async function diffRecorded(refs: string[], flags: ScenarioFlags, out: Write): Promise<number> {
  // The history is opened only for a run id: two bundles need none.
  const opened: { store: Store | null } = { store: null }
  const history = (ref: string): Store => (opened.store ??= openHistory(flags.db ?? defaultDbPath(), ref))
  try {
    const sides: RecordedRun[] = []
    for (const ref of refs) sides.push(await readRecorded(ref, history))
    const [a, b] = sides
    if (!a || !b) throw new UsageError('diff takes two recorded runs')
    const header = `diff of two recorded runs: a = ${a.label}, b = ${b.label}`
    out(`${[header, ...divergenceLines(firstDivergence(a.events, b.events), flags.all ?? false)].join('\n')}\n`)
    return 0
  } finally {
    opened.store?.close()
  }
}

interface RecordedRun {
  label: string
  events: TraceEvent[]
}

async function readRecorded(ref: string, history: (ref: string) => Store): Promise<RecordedRun> {
  if (isBundleRef(ref)) {
    const bundle = parseBundle(await readInputFile(ref, 'bundle'))
    if (typeof bundle === 'string') throw new UsageError(`${ref}: ${bundle}`)
    return { label: `${bundle.scenario.name} from ${ref} (${configLabel(bundle)}, seed ${bundle.seed})`, events: bundle.trace }
  }
  const store = history(ref)
  const run = findRun(store, ref)
  return { label: `${run.title} (${configLabel(run)}, seed ${run.seed}, run ${run.id.slice(0, 8)})`, events: store.events(run.id) }
}

/** What `diff` says about a divergence: whose credential first, then the first event, then (with --all) every difference. */
function divergenceLines(d: Divergence, all: boolean): string[] {
  if (d.index === null) return [`the two runs are identical, event for event (${d.compared} events)`]
  const at = (ref: EventRef | null): string => (ref ? ` (event ${ref.index}${ref.turnNumber !== null ? `, turn ${ref.turnNumber}` : ''})` : '')
  const lines = [
    d.credential
      ? `whose credential differs first: ${d.credential.what}: a ${d.credential.a}${at(d.credential.atA)}, b ${d.credential.b}${at(d.credential.atB)}`
      : 'no credential use or holding differs between the two runs',
    `the first event that differs is event ${d.index}, on the ${d.hop}:`,
    `  a: ${d.a}`,
    `  b: ${d.b}`
  ]
  if (d.differenceCount === null) return [...lines, 'the runs differ too much to align event by event']
  if (!all) return [...lines, `${d.differenceCount} stretch${d.differenceCount === 1 ? '' : 'es'} of events differ${d.differenceCount > 1 ? '; --all lists them' : ''}`]
  for (const [i, difference] of d.differences.entries()) {
    lines.push(`difference ${i + 1}:`)
    for (const ref of difference.a) lines.push(`  a ${ref.index}: ${ref.hop}: ${ref.text}`)
    for (const ref of difference.b) lines.push(`  b ${ref.index}: ${ref.hop}: ${ref.text}`)
  }
  if (d.differenceCount > d.differences.length) lines.push(`… and ${d.differenceCount - d.differences.length} more`)
  return lines
}

function verdict(result: ScenarioResult): string {
  return result.passed ? 'passes' : `fails: ${result.steps.flatMap((s) => s.failures).length} expectation(s)`
}

/** `credscope bundle <scenario>`: a repro bundle safe to attach to a ticket. */
export async function bundleCommand(paths: string[], flags: ScenarioFlags, out: Write): Promise<number> {
  if (paths.length !== 1) throw new UsageError('bundle takes one scenario file')
  const [scenario] = await loadAll(paths)
  if (!scenario) throw new UsageError('no scenario')
  const config = configFromFlags({ ...flags, platform: scenario.spec.platform ?? flags.platform })
  const result = await runScenario(scenario, { config, seed: parseSeed(flags.seed) })
  const file = flags.out ?? `${scenario.spec.scenario}.credscope-bundle.json`
  await writeFile(file, `${JSON.stringify(makeBundle(result, scenario.source, VERSION, file), null, 2)}\n`)
  out(`bundle written to ${file}: ${scenario.spec.scenario} under ${configLabel(config)} (${config.flaws.length} flaws), seed ${result.seed}, ${result.passed ? 'passed' : 'failed'}, ${result.events.length} events\nreplay it with: credscope replay ${file}\n`)
  return 0
}

/** `credscope replay <bundle>`: re-runs a bundle with a memory vault and compares the traces. */
export async function replayCommand(paths: string[], out: Write): Promise<number> {
  if (paths.length !== 1 || paths[0] === undefined) throw new UsageError('replay takes one bundle file')
  const bundle = parseBundle(await readInputFile(paths[0], 'bundle'))
  if (typeof bundle === 'string') throw new UsageError(`${paths[0]}: ${bundle}`)
  let scenario: LoadedScenario
  try {
    scenario = scenarioOfBundle(paths[0], bundle)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), error instanceof ScenarioError)
  }
  const config = recordedConfig(bundle)
  if ('error' in config) throw new UsageError(`${paths[0]}: ${config.error}`)
  // A bundle `credscope explore` wrote carries its interleaving: replay enforces it, not the seed's.
  const result = await runScenario(scenario, { config, seed: bundle.seed, chooser: chooserOf(scenario.schedule) })
  // Bundles from before results carried the engine's start-up events begin later: compare from there.
  const from = bundle.trace[0]?.seq ?? 1
  const d = firstDivergence(bundle.trace, result.events.filter((e) => e.seq >= from))
  const lines = [`replayed ${bundle.scenario.name} under ${configLabel(bundle)} (${bundle.flaws.length} flaws), seed ${bundle.seed}: ${result.passed ? 'passed' : 'failed'} (recorded: ${bundle.result.passed ? 'passed' : 'failed'})`]
  for (const failure of result.steps.flatMap((s) => s.failures.map((f) => `step ${s.index + 1}: ${f}`))) lines.push(`  ✗ ${failure}`)
  if (d.index === null && result.passed === bundle.result.passed) {
    lines.push(`reproduced: the trace matches the bundle event for event (${d.compared} events)`)
  } else {
    lines.push(d.index === null ? 'the trace matches but the outcome differs' : `diverged at event ${d.index}, on the ${d.hop}:\n  recorded: ${d.a}\n  replayed: ${d.b}`)
  }
  out(`${lines.join('\n')}\n`)
  return d.index === null && result.passed === bundle.result.passed ? 0 : 1
}

/** `credscope flaws`: the catalog, as a table, markdown (docs/flaws.md) or JSON. */
export function flawsCommand(flags: ScenarioFlags, out: Write): number {
  if (flags.markdown) {
    out(renderFlawsMarkdown())
    return 0
  }
  if (flags.json) {
    out(`${JSON.stringify({ profiles: profileTable(), flaws: FLAWS.map((f) => ({ ...f, versions: flawVersions(f.id), profiles: profilesWith(f.id) })) }, null, 2)}\n`)
    return 0
  }
  const width = Math.max(...FLAWS.map((f) => f.id.length))
  for (const flaw of FLAWS) {
    out(`${flaw.id.padEnd(width)}  ${flaw.hop.padEnd(8)} ${flawVersions(flaw.id).join(',').padEnd(10)}  ${flaw.title}\n`)
  }
  out(`\n${FLAWS.length} flaws. Profiles: ${profileTable().map((p) => `${p.platform}:${p.profile} (${p.flaws} flaws)`).join(', ')}. Details: docs/flaws.md\n`)
  return 0
}
