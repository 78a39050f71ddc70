import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { concurrencyMeasurement } from './concurrency'
import type { BenchOptions, Measurement } from './measurement'
import { MemoryPeak } from './memory'
import { rendererMeasurement } from './renderer'
import { loadMeasurement } from './load'
import { formatTable, heading, mb } from './report'
import { scenariosMeasurement } from './scenarios'
import { exploreMeasurement } from './explore'
import { turnMeasurement } from './turn'

/** Run in this order. */
export const MEASUREMENTS: readonly Measurement[] = [turnMeasurement, concurrencyMeasurement, scenariosMeasurement, exploreMeasurement, loadMeasurement, rendererMeasurement]

const USAGE = `usage: npm run bench -- [--turns N] [--warmup N] [--rounds N] [--users N] [--ui-turns N] [--ui-live-turns N]
       [--load-clients N] [--load-seconds N] [--load-closed-seconds N] [--load-rate N] [--only name,name]
measurements: ${MEASUREMENTS.map((m) => m.name).join(', ')}`

function positive(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}"`)
  return value
}

function parseOptions(argv: string[]): { options: BenchOptions; only: Measurement[] } | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      turns: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      users: { type: 'string' },
      'ui-turns': { type: 'string' },
      'ui-live-turns': { type: 'string' },
      'load-clients': { type: 'string' },
      'load-seconds': { type: 'string' },
      'load-closed-seconds': { type: 'string' },
      'load-rate': { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help) return 'help'
  const names = values.only?.split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = names?.filter((n) => !MEASUREMENTS.some((m) => m.name === n)) ?? []
  if (unknown.length > 0) throw new Error(`unknown measurement ${unknown.join(', ')}`)
  return {
    options: {
      turns: positive('turns', values.turns, 150),
      warmup: positive('warmup', values.warmup, 100, 0),
      rounds: positive('rounds', values.rounds, 10),
      users: positive('users', values.users, 20, 2),
      uiTurns: positive('ui-turns', values['ui-turns'], 10_000),
      uiLiveTurns: positive('ui-live-turns', values['ui-live-turns'], 1000, 0),
      loadClients: positive('load-clients', values['load-clients'], 50),
      loadSeconds: positive('load-seconds', values['load-seconds'], 60),
      loadClosedSeconds: positive('load-closed-seconds', values['load-closed-seconds'], 20),
      loadRate: positive('load-rate', values['load-rate'], 250)
    },
    only: names ? MEASUREMENTS.filter((m) => names.includes(m.name)) : [...MEASUREMENTS]
  }
}

function print(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`)
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseOptions(argv)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    return 2
  }
  if (parsed === 'help') {
    print([USAGE])
    return 0
  }
  const { options, only } = parsed
  const memory = new MemoryPeak()
  const started = performance.now()
  print([
    `credscope bench — node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'})`,
    `turns ${options.turns}, warm-up ${options.warmup}, users ${options.users}, rounds ${options.rounds}, ui turns ${options.uiTurns} saved + ${options.uiLiveTurns} live`
  ])
  const failures: string[] = []
  const broken: string[] = []
  for (const measurement of only) {
    print(heading(measurement.title))
    const t0 = performance.now()
    try {
      const result = await measurement.run({ options, memory })
      print(result.lines)
      failures.push(...result.failures.map((f) => `${measurement.name}: ${f}`))
    } catch (error) {
      // The bench itself broke: say where and carry on, so one broken measurement hides no other.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      print([`BENCH BROKE in "${measurement.name}": ${message}`])
      broken.push(measurement.name)
    }
    print([`(${measurement.name} took ${((performance.now() - t0) / 1000).toFixed(1)} s)`])
  }
  const end = memory.sample()
  print([
    ...heading('Memory, whole bench'),
    ...formatTable(
      ['', 'rss', 'heapUsed'],
      [
        ['peak (sampled after each turn / round)', mb(memory.peak.rss), mb(memory.peak.heapUsed)],
        ['at the end', mb(end.rss), mb(end.heapUsed)]
      ]
    ),
    '',
    `total ${((performance.now() - started) / 1000).toFixed(1)} s`
  ])
  if (broken.length > 0) print([`RESULT: the bench broke in ${broken.join(', ')}`])
  if (failures.length > 0) print(['RESULT: FAILED', ...failures.map((f) => `  - ${f}`)])
  if (broken.length === 0 && failures.length === 0) print(['RESULT: ok'])
  return broken.length > 0 || failures.length > 0 ? 1 : 0
}

const code = await main(process.argv.slice(2))
// Exit explicitly: a hop left listening after a broken measurement must not hang the bench.
process.stdout.write('', () => process.exit(code))
