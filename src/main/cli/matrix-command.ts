import { configLabel, type RunConfig } from '../../shared/profiles'
import { writeFile } from 'node:fs/promises'
import type { MatrixCell, MatrixResult } from '../../shared/api'
import { matrixBruno } from '../../shared/matrix-bruno'
import { matrixCsv } from '../../shared/matrix-csv'
import { jsonFile, type MatrixExportContext } from '../../shared/matrix-export'
import { matrixPostman } from '../../shared/matrix-postman'
import { runMatrix } from '../control/matrix'
import { Engine } from '../engine/engine'
import { MemoryVault } from '../vault/vault'
import { DEFAULT_WORLD } from '../world/default-world'
import type { WorldSpecInput } from '../world/spec'
import { configFromFlags, type ConfigFlags, parseSeed } from './flaw-config'
import { UsageError } from './usage-error'
import { readWorldFile } from './world-file'

export const MATRIX_REPORTERS = ['pretty', 'json', 'csv', 'postman', 'bruno'] as const
type MatrixReporter = (typeof MATRIX_REPORTERS)[number]

export interface MatrixFlags extends ConfigFlags {
  seed?: string
  world?: string
  session?: string
  reporter?: string
  out?: string
}

type Write = (text: string) => void

/** What a matrix report says beyond the cells: the configuration it ran against. */
interface MatrixRun {
  config: RunConfig
  seed: number
  matrix: MatrixResult
}

/**
 * `credscope matrix`: every principal × credential slot × X-Runner-Current-User sent to a fresh
 * engine's backend service, judged against the secure design. 0 when nothing came back that
 * should not (and nothing owed was missing), 1 otherwise, 2 on bad input.
 */
export async function matrixCommand(rest: string[], flags: MatrixFlags, out: Write, err: Write): Promise<number> {
  if (rest.length > 0) throw new UsageError(`matrix takes no arguments (got "${rest.join(' ')}"); name the session with --session project/name`)
  const reporter = (flags.reporter ?? 'pretty') as MatrixReporter
  if (!MATRIX_REPORTERS.includes(reporter)) throw new UsageError(`--reporter for matrix is ${MATRIX_REPORTERS.join(', ')}, not "${flags.reporter}"`)
  const config = configFromFlags(flags)
  const seed = parseSeed(flags.seed) ?? 1
  const world = flags.world ? await readWorldFile(flags.world) : DEFAULT_WORLD
  const { project, session } = sessionOf(world, flags.session)
  const engine = await Engine.start({ world, config, vault: new MemoryVault('credscope-matrix'), seed, mode: 'free', store: null })
  let run: MatrixRun
  try {
    run = { config, seed, matrix: await runMatrix(engine, project, session) }
  } finally {
    await engine.stop()
  }
  const text = REPORT[reporter](run)
  if (flags.out) {
    await writeFile(flags.out, text)
    let beside = ''
    if (reporter === 'postman') {
      const environment = postmanEnvironmentPath(flags.out)
      await writeFile(environment, matrixPostman(run.matrix, exportContext(run)).environment)
      beside = `, its environment to ${environment}`
    }
    err(`${countsLine(run.matrix.cells)}; ${reporter} report written to ${flags.out}${beside}\n`)
  } else {
    out(text)
    if (reporter === 'postman') err('the Postman environment (every variable the collection uses, tokens empty) is written beside the collection with --out FILE\n')
  }
  return run.matrix.cells.some(isFinding) ? 1 : 0
}

/** `--session demo/shared-1`, checked against the world; without it, the world's first session. */
function sessionOf(world: WorldSpecInput, flag: string | undefined): { project: string; session: string } {
  const all = (world.projects ?? []).flatMap((p) => (p.sessions ?? []).map((s) => ({ project: p.name, session: s.name })))
  if (flag === undefined) {
    const first = all[0]
    if (!first) throw new UsageError('the world has no session to probe')
    return first
  }
  const found = all.find((s) => `${s.project}/${s.session}` === flag)
  if (!found) throw new UsageError(`--session ${flag}: no such session; the world has ${all.map((s) => `${s.project}/${s.session}`).join(', ') || 'none'}`)
  return found
}

/**
 * The engine the matrix ran on stops with the command, so its backend URL is of no use to a
 * replay: BACKEND stays empty, for `credscope env` of a running serve to fill.
 */
function exportContext(run: MatrixRun): MatrixExportContext {
  return { config: `${configLabel(run.config)} with ${run.config.flaws.length} flaws`, backendUrl: null }
}

/** `matrix.postman_collection.json` → `matrix.postman_environment.json`; any other name gets that suffix. */
function postmanEnvironmentPath(collection: string): string {
  return `${collection.replace(/(\.postman_collection)?\.json$/, '')}.postman_environment.json`
}

function isFinding(cell: MatrixCell): boolean {
  return cell.verdict === 'violation' || cell.verdict === 'broken'
}

function countsLine(cells: readonly MatrixCell[]): string {
  const count = (verdict: MatrixCell['verdict']): number => cells.filter((c) => c.verdict === verdict).length
  return `${count('violation')} violations, ${count('broken')} broken, ${count('ok')} allowed, ${count('denied-expected')} denied as expected (${cells.length} requests)`
}

function decidedBy(cell: MatrixCell): string {
  return cell.row === null ? cell.reason : `RBAC row ${cell.row}: ${cell.reason}`
}

const REPORT: Record<MatrixReporter, (run: MatrixRun) => string> = {
  pretty(run) {
    const { matrix } = run
    const findings = matrix.cells.filter(isFinding)
    const lines = [
      `authorization matrix of ${matrix.project}/${matrix.session} (owner ${matrix.owner}) under ${configLabel(run.config)} with ${run.config.flaws.length} flaws, seed ${run.seed}`,
      `principals ${matrix.principals.join(', ')}; slots ${matrix.slots.join(', ')}; X-Runner-Current-User absent or ${matrix.headers.filter((h) => h !== 'absent').join(', ')}`,
      countsLine(matrix.cells),
      ''
    ]
    if (findings.length === 0) {
      lines.push('no findings: every principal got its own credential only, and everything the secure design owes came back')
    } else {
      lines.push('findings (what came back differs from the secure design):')
      lines.push(
        ...columns([
          ['VERDICT', 'PRINCIPAL', 'SLOT', 'X-RUNNER-CURRENT-USER', 'STATUS', 'GOT', 'EXPECTED', 'DECIDED BY'],
          ...findings.map((c) => [c.verdict, c.principal, c.slot, c.header, String(c.status), c.owner ?? 'nothing', c.expected ?? 'nothing', decidedBy(c)])
        ])
      )
    }
    return `${lines.join('\n')}\n`
  },
  json(run) {
    return jsonFile({ ...run.config, seed: run.seed, ...run.matrix })
  },
  csv(run) {
    return matrixCsv(run.matrix.cells)
  },
  postman(run) {
    return matrixPostman(run.matrix, exportContext(run)).collection
  },
  bruno(run) {
    return matrixBruno(run.matrix, exportContext(run))
  }
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
function columns(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
}

