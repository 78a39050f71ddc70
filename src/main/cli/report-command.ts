import { statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { REPORT_FORMATS, type ReportFormat } from '../../shared/report-format'
import type { ReportModel } from '../report/model'
import { reportOfBundle } from '../report/bundle-report'
import { renderReport } from '../report/render'
import { ReportError } from '../report/report-error'
import { reportOfRun } from '../report/run-report'
import { parseBundle } from '../scenarios/bundle'
import { VERSION } from './help'
import { defaultDbPath } from './paths'
import { findRun, isBundleRef, openHistory } from './run-ref'
import { packagePath } from './serve'
import { readInputFile } from './read-input'
import { UsageError } from './usage-error'

export interface ReportFlags {
  format?: string
  turn?: string
  out?: string
  db?: string
}

type Write = (text: string) => void

/**
 * `credscope report <bundle | run id> --format html|md`: a run as evidence for a ticket. HTML
 * goes to `<name>.credscope-report.html` unless `--out` names another file; Markdown to stdout
 * unless `--out` names a file. `--out -` is stdout for either.
 */
export async function reportCommand(args: string[], flags: ReportFlags, out: Write, err: Write): Promise<number> {
  if (args.length !== 1 || args[0] === undefined) throw new UsageError('report takes one bundle file or run id, e.g. credscope report r12.credscope-bundle.json, or credscope report <run id from the Runs view>')
  const format = formatOf(flags.format)
  const ref = args[0]
  const model = isBundleRef(ref) ? await fromBundle(ref, flags) : await fromHistory(ref, flags)
  const { filename, content } = renderReport(model, format)
  const target = flags.out ?? (format === 'md' ? '-' : filename)
  if (target === '-') {
    out(content)
    return 0
  }
  try {
    await writeFile(target, content)
  } catch (error) {
    err(`credscope: cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`)
    return 1
  }
  const told = model.turns.length === model.turnCount ? `${model.turnCount} turn${model.turnCount === 1 ? '' : 's'}` : `${model.turns.length} of ${model.turnCount} turns in full`
  out(`report written to ${target}: ${model.title}, ${model.verdict.outcome} (${told}, ${model.verdict.leaks.length + model.verdict.moreLeaks} leak findings)\n`)
  return 0
}

function formatOf(value: string | undefined): ReportFormat {
  if (value === undefined) return 'html'
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat
  throw new UsageError(`--format is ${REPORT_FORMATS.join(' or ')}, not "${value}"`)
}

async function fromBundle(file: string, flags: ReportFlags): Promise<ReportModel> {
  if (flags.db !== undefined) throw new UsageError('--db is for a run id; a bundle file carries its run')
  let directory = false
  try {
    directory = statSync(file).isDirectory()
  } catch {
    // Not there or not reachable: the read below says which.
  }
  if (directory) throw new UsageError(`${file} is a directory; name a bundle file (.credscope-bundle.json)`)
  const bundle = parseBundle(await readInputFile(file, 'bundle'))
  if (typeof bundle === 'string') throw new UsageError(`${file}: ${bundle}`)
  return reported(() => reportOfBundle(bundle, file, { credscope: VERSION, turn: flags.turn }))
}

async function fromHistory(ref: string, flags: ReportFlags): Promise<ReportModel> {
  const db = flags.db ?? defaultDbPath()
  const store = openHistory(db, ref)
  try {
    const run = findRun(store, ref)
    return await reported(() => reportOfRun(store, run.id, { credscope: VERSION, scenariosDir: packagePath('resources/scenarios'), turn: flags.turn }))
  } finally {
    store.close()
  }
}

/** A report, with its bad input (an unknown turn) said as a usage error. */
async function reported(make: () => ReportModel | Promise<ReportModel>): Promise<ReportModel> {
  try {
    return await make()
  } catch (error) {
    if (error instanceof ReportError) throw new UsageError(error.message)
    throw error
  }
}
