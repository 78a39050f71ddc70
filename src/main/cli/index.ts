import { parseArgs } from 'node:util'
import { VaultUnavailableError } from '../vault/vault'
import { commandHelp, HELP, isCommand, VERSION } from './help'
import { DEFAULT_SERVICE, keychainCommand } from './keychain'
import { defaultDbPath } from './paths'
import { startServe } from './serve'
import { UsageError } from './usage-error'
import { readWorldFile } from './world-file'
import { configFromFlags } from './flaw-config'
import { configLabel } from '../../shared/profiles'
import { nearest } from '../../shared/nearest'
import { envCommand } from './env-command'
import { reportCommand } from './report-command'
import { matrixCommand } from './matrix-command'
import { exploreCommand } from './explore-command'
import { bundleCommand, diffCommand, flawsCommand, replayCommand, runCommand } from './scenario-commands'

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  port: { type: 'string' },
  vault: { type: 'string' },
  service: { type: 'string' },
  db: { type: 'string' },
  'no-history': { type: 'boolean' },
  platform: { type: 'string' },
  profile: { type: 'string' },
  flaw: { type: 'string', multiple: true },
  world: { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean' },
  reporter: { type: 'string', multiple: true },
  bail: { type: 'boolean' },
  out: { type: 'string' },
  session: { type: 'string' },
  ready: { type: 'string' },
  a: { type: 'string' },
  b: { type: 'string' },
  markdown: { type: 'boolean' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  turn: { type: 'string' },
  strategy: { type: 'string' },
  preemptions: { type: 'string' },
  budget: { type: 'string' },
  shard: { type: 'string' },
  report: { type: 'string' },
  merge: { type: 'boolean' }
} as const

/** Options that may be given more than once. */
const REPEATABLE: ReadonlySet<string> = new Set(Object.entries(OPTIONS).flatMap(([name, option]) => ('multiple' in option && option.multiple ? [name] : [])))

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
}

/** A single-valued option given twice: Node's parser would keep the last one without a word. */
function repeatedOption(argv: readonly string[]): string | null {
  const end = argv.indexOf('--')
  const seen = new Set<string>()
  for (const arg of end < 0 ? argv : argv.slice(0, end)) {
    const name = /^--([a-z][a-z-]*)(=|$)/.exec(arg)?.[1]
    if (!name || !(name in OPTIONS) || REPEATABLE.has(name)) continue
    if (seen.has(name)) return name
    seen.add(name)
  }
  return null
}

/** Node's message for a bad flag, as one line a user acts on. */
function parseFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const unknown = /^Unknown option '-{1,2}([^']+)'/.exec(message)?.[1]
  if (unknown !== undefined) {
    const near = nearest(unknown, Object.keys(OPTIONS))
    return `unknown option --${unknown}${near ? `; did you mean --${near}?` : ''} (see credscope --help)`
  }
  // Node's parser explains some mistakes over several lines; the first says what is wrong.
  return message.split('\n')[0] ?? 'bad arguments'
}

type Values = ReturnType<typeof parse>['values']

/** The CLI: parses flags, dispatches, and maps errors to exit codes (2 for bad input). */
export async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parse(argv)
  } catch (error) {
    return usage(parseFailure(error))
  }
  const repeated = repeatedOption(argv)
  if (repeated) return usage(`--${repeated} was given twice; give it once`)
  const { values, positionals } = parsed
  if (values.version) {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const [command, ...rest] = positionals
  if (values.help && command !== undefined && isCommand(command)) {
    process.stdout.write(`${commandHelp(command)}\n`)
    return 0
  }
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${HELP}\n`)
    return command === undefined && !values.help ? 2 : 0
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(values, rest)
      case 'run':
        return await runCommand(rest, values, write, (text) => process.stderr.write(text))
      case 'diff':
        return await diffCommand(rest, values, write)
      case 'bundle':
        return await bundleCommand(rest, values, write)
      case 'replay':
        return await replayCommand(rest, write)
      case 'explore':
        return await exploreCommand(rest, values, write, (text) => process.stderr.write(text))
      case 'matrix':
        return await matrixCommand(rest, { ...values, reporter: singleReporter(values.reporter) }, write, (text) => process.stderr.write(text))
      case 'report':
        return await reportCommand(rest, values, write, (text) => process.stderr.write(text))
      case 'env':
        if (rest.length > 0) throw new UsageError('env takes no arguments')
        return await envCommand(values, write)
      case 'flaws':
        if (rest.length > 0) throw new UsageError('flaws takes no arguments')
        return flawsCommand(values, write)
      case 'keychain':
        return await keychainCommand(rest[0], { service: values.service ?? DEFAULT_SERVICE, world: values.world, force: values.force ?? false }, (line) =>
          process.stdout.write(`${line}\n`)
        )
      default:
        return usage(`unknown command "${command}"; commands are serve, env, run, diff, bundle, replay, explore, report, matrix, flaws and keychain (see credscope --help)`)
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, error.located)
    if (error instanceof VaultUnavailableError) {
      process.stderr.write(`credscope: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

async function serve(values: Values, rest: string[]): Promise<number> {
  if (rest.length > 0) throw new UsageError(`serve takes no arguments (got "${rest.join(' ')}")`)
  const port = values.port === undefined ? 0 : /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`--port needs a port number (0–65535), not "${values.port}"`)
  const vault = values.vault ?? 'keychain'
  if (vault !== 'keychain' && vault !== 'memory') throw new UsageError(`--vault is keychain or memory, not "${vault}"`)
  const config = configFromFlags(values)
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new UsageError(`--seed needs a non-negative integer, not "${values.seed}"`)
  const running = await startServe({
    port,
    vault,
    service: values.service ?? 'credscope',
    db: values.db ?? defaultDbPath(),
    config,
    world: values.world ? await readWorldFile(values.world) : undefined,
    seed
  })
  // A fault in one request's work must not take every listener down: it is told, loudly, and serve goes on.
  process.on('unhandledRejection', (error) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    process.stderr.write(`credscope serve: internal error, still serving (please report it): ${running.app.live.sim.redactor.redact(text)}\n`)
  })
  process.stdout.write(`${JSON.stringify(running.ready)}\n`)
  process.stderr.write(`credscope serve: ${configLabel(config)}, ${vault} vault; open ${running.ready.appUrl.replace(/#.*/, '')} or use the control API at ${running.ready.controlUrl}\n`)
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await running.stop()
  process.stderr.write('credscope serve: stopped\n')
  return 0
}

/** matrix writes one report: `--reporter` once. */
function singleReporter(reporters: readonly string[] | undefined): string | undefined {
  if (reporters && reporters.length > 1) throw new UsageError('matrix writes one report: give --reporter once')
  return reporters?.[0]
}

function write(text: string): void {
  process.stdout.write(text)
}

function usage(message: string, located = false): number {
  process.stderr.write(located ? `${message}\n` : `credscope: ${message}\n`)
  return 2
}

main(process.argv.slice(2)).then(
  // A pipe takes stdout asynchronously: exit only once a large report (a matrix collection) is all written.
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(`credscope: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  }
)
