import { readFile, writeFile } from 'node:fs/promises'
import { FLAWS } from '../../shared/flaws'
import { flawVersions } from '../../shared/flaw-ids'
import { configLabel, profilesWith, profileTable, recordedConfig } from '../../shared/profiles'
import { signatures } from '../../shared/signature'
import { parseBundle, makeBundle } from '../scenarios/bundle'
import { collectScenarioFiles } from '../scenarios/collect'
import { firstDivergence } from '../scenarios/diff'
import { loadScenarioFile, scenarioOfBundle, ScenarioError, type LoadedScenario } from '../scenarios/load'
import { report, REPORTERS, summaryLine, type ReporterName } from '../scenarios/reporters'
import type { ScenarioResult } from '../scenarios/results'
import { runScenario } from '../scenarios/run'
import { configFromFlags, type ConfigFlags, parseConfig, parseSeed } from './flaw-config'
import { VERSION } from './help'
import { renderFlawsMarkdown } from './flaws-markdown'
import { UsageError } from './usage-error'

export interface ScenarioFlags extends ConfigFlags {
  seed?: string
  reporter?: string
  out?: string
  a?: string
  b?: string
  markdown?: boolean
  json?: boolean
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
      if (error instanceof ScenarioError) throw new UsageError(error.message, true)
      throw error
    }
  }
  return loaded
}

/** `credscope run`: 0 when every scenario passes, 1 when any fails, 2 on bad input. */
export async function runCommand(paths: string[], flags: ScenarioFlags, out: Write, err: Write): Promise<number> {
  const reporter = (flags.reporter ?? 'pretty') as ReporterName
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter is ${REPORTERS.join(', ')}, not "${flags.reporter}"`)
  const seed = parseSeed(flags.seed)
  const scenarios = await loadAll(paths)
  // A file that names its version runs there; --platform is the version of the others. A bad
  // combination is bad input before anything runs.
  const configs = scenarios.map((scenario) => configFromFlags({ ...flags, platform: scenario.spec.platform ?? flags.platform }))
  for (const scenario of scenarios) {
    if (flags.platform && scenario.spec.platform && scenario.spec.platform !== flags.platform) err(`${scenario.file}: written for platform ${scenario.spec.platform}, so it runs there, not at ${flags.platform}\n`)
  }
  const results: ScenarioResult[] = []
  for (const [i, scenario] of scenarios.entries()) results.push(await runScenario(scenario, { config: configs[i] ?? configFromFlags(flags), seed }))
  const text = report(reporter, results)
  if (flags.out) {
    await writeFile(flags.out, text)
    err(`${summaryLine(results)}; ${reporter} report written to ${flags.out}\n`)
  } else {
    out(text)
  }
  return results.every((r) => r.passed) ? 0 : 1
}

/** `credscope diff <scenario> --a <config> --b <config>`: where two runs part. */
export async function diffCommand(paths: string[], flags: ScenarioFlags, out: Write): Promise<number> {
  if (paths.length !== 1) throw new UsageError('diff takes one scenario file')
  if (!flags.a || !flags.b) throw new UsageError('diff needs --a and --b, e.g. --a merge:as-is --b head:as-is, or --a as-is --b hardened+r12-mcp-credentials-owner-only')
  const [scenario] = await loadAll(paths)
  if (!scenario) throw new UsageError('no scenario')
  const fallback = flags.platform ?? scenario.spec.platform
  const a = parseConfig(flags.a, '--a', fallback)
  const b = parseConfig(flags.b, '--b', fallback)
  const seed = parseSeed(flags.seed)
  const ra = await runScenario(scenario, { config: a.config, seed })
  const rb = await runScenario(scenario, { config: b.config, seed })
  const d = firstDivergence(ra.events, rb.events)
  const lines = [`diff of ${scenario.spec.scenario} (seed ${ra.seed}): a = ${a.label} (${verdict(ra)}), b = ${b.label} (${verdict(rb)})`]
  if (d.index === null) {
    lines.push(`the two runs are identical, event for event (${d.compared} events)`)
  } else {
    lines.push(`identical for the first ${d.index - 1} events; they part at event ${d.index}, on the ${d.hop}:`)
    lines.push(`  a: ${d.a}`, `  b: ${d.b}`)
    lines.push(d.credential ? `whose credential differs: ${d.credential.what}: a ${d.credential.a}, b ${d.credential.b}` : 'no credential use differs after that point')
  }
  out(`${lines.join('\n')}\n`)
  return 0
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
  let text: string
  try {
    text = await readFile(paths[0], 'utf8')
  } catch {
    throw new UsageError(`${paths[0]}: cannot read the bundle`)
  }
  const bundle = parseBundle(text)
  if (typeof bundle === 'string') throw new UsageError(`${paths[0]}: ${bundle}`)
  let scenario: LoadedScenario
  try {
    scenario = scenarioOfBundle(paths[0], bundle)
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), error instanceof ScenarioError)
  }
  const config = recordedConfig(bundle)
  if ('error' in config) throw new UsageError(`${paths[0]}: ${config.error}`)
  const result = await runScenario(scenario, { config, seed: bundle.seed })
  const d = firstDivergence(bundle.trace, result.events)
  const lines = [`replayed ${bundle.scenario.name} under ${configLabel(bundle)} (${bundle.flaws.length} flaws), seed ${bundle.seed}: ${result.passed ? 'passed' : 'failed'} (recorded: ${bundle.result.passed ? 'passed' : 'failed'})`]
  for (const failure of result.steps.flatMap((s) => s.failures.map((f) => `step ${s.index + 1}: ${f}`))) lines.push(`  ✗ ${failure}`)
  if (d.index === null && result.passed === bundle.result.passed) {
    lines.push(`reproduced: the trace matches the bundle event for event (${signatures(result.events).length} events)`)
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
