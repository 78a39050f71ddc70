import { DEFAULT_PLATFORM, PLATFORM_VERSIONS } from '../../shared/platform-versions'
import { MERGED_ALIAS, PROFILE_NAMES } from '../../shared/profiles'
import { TOOL_SYNTAX } from '../../shared/tools'
import { DEFAULT_EXPLORE_BUDGET } from '../../shared/explore-view'

export const VERSION = '0.1.0'

/** Each command's line in the usage. */
const USAGE: Record<CommandName, string> = {
  serve: '  credscope serve [options]                   run every hop on 127.0.0.1 and print the ready line',
  env: `  credscope env [options]                     shell exports of the running serve's URLs and every principal's token`,
  run: '  credscope run <files or dirs> [options]     run scenarios (or bundles) headless; exit 0 pass, 1 fail, 2 bad input',
  diff: '  credscope diff <scenario> --a CFG --b CFG   where two runs of a scenario part, and whose credential differs\n  credscope diff <run|bundle> <run|bundle>    the same for two recorded runs: run ids from the history, or bundle files',
  bundle: '  credscope bundle <scenario> [options]       write a repro bundle (redacted trace, seed, the command to re-run)',
  replay: '  credscope replay <bundle>                   re-run a bundle here and compare the trace event for event',
  explore: '  credscope explore <scenario> [options]      run its concurrent steps under many schedules; exit 1 with the\n                                              first that fails, shrunk; 0 when none does within the budget\n  credscope explore --merge <report.json>...  the shard reports of one exploration as one',
  report: '  credscope report <bundle|run> [options]     a run as one self-contained HTML page or Markdown for a ticket',
  matrix: '  credscope matrix [options]                  every principal × credential × header against the backend; exit 1 on a finding',
  flaws: '  credscope flaws [--markdown | --json]       the flaw catalog',
  keychain: `  credscope keychain list|seed|wipe           the simulated users' entries in the OS keychain`
}

const SERVE_OPTIONS = `serve options:
  --port N                  port of the control API and web shell (default: any free port)
  --vault keychain|memory   where users' credentials live (default: keychain)
  --db PATH                 the run history (default: the user data dir, see CREDSCOPE_HOME)
  --platform V              ${PLATFORM_VERSIONS.join(' | ')}: the platform as merged (0d78e86) or as run today (0b59fe7de) (default: ${DEFAULT_PLATFORM})
  --profile P               ${PROFILE_NAMES.join(' | ')} (default: as-is; pre-fix is merge only; ${MERGED_ALIAS} = --platform merge --profile as-is)
  --flaw ID                 switch one more flaw on; repeatable
  --world FILE              a world in YAML or JSON instead of the default one
  --seed N                  seed of canaries, tokens and ids`

const RUN_OPTIONS = `run, bundle options:
  --platform V              ${PLATFORM_VERSIONS.join(' | ')} (default: ${DEFAULT_PLATFORM}); a scenario that names its platform: runs there
  --profile P               ${PROFILE_NAMES.join(' | ')} (default: as-is; ${MERGED_ALIAS} = merge + as-is)
  --flaw ID                 switch one more flaw on; repeatable
  --seed N                  overrides each scenario's seed (default: its own, else 1)
  --reporter R[:FILE]       pretty | junit | tap | json, to stdout or to FILE; repeatable, one
                            to stdout at most (run; default: pretty)
  --out FILE                write the one report (run) or the bundle (bundle) to FILE
  --bail                    stop after the first failing scenario (run)
  --db PATH                 the run history each run is recorded in, for the app's Runs view
                            (run; default: as for serve)
  --no-history              record nothing (run)`

const MATRIX_OPTIONS = `matrix options:
  --platform V              ${PLATFORM_VERSIONS.join(' | ')} (default: ${DEFAULT_PLATFORM})
  --profile P               ${PROFILE_NAMES.join(' | ')} (default: as-is); --flaw ID switches one more on
  --world FILE, --seed N    as for serve (default seed: 1)
  --session PROJECT/NAME    the session to probe (default: the world's first)
  --reporter R              pretty | json | csv | postman | bruno (default: pretty); postman
                            and bruno are collections that replay every request, tokens
                            as variables credscope env fills, never their values
  --out FILE                write the report to FILE; postman also writes its environment
                            beside it (x.postman_collection.json → x.postman_environment.json)`

const DIFF_OPTIONS = `diff options:
  --a CFG, --b CFG          [version:]profile, then +flaw for each flaw on top:
                            merge:as-is, head:as-is, hardened+r3-mcp-not-rebuilt
  --platform V              the version of a CFG that names none (default: the scenario's, else ${DEFAULT_PLATFORM})
  --seed N                  as for run
  --db PATH                 the run history the run ids are in (default: as for serve)
  --all                     list every stretch of events that differs, not only the first`

const EXPLORE_OPTIONS = `explore options (docs/explore.md):
  --platform V, --profile P, --flaw ID, --seed N   as for run (the seed gives tokens and ids; PCT
                            and random also draw their schedules from it)
  --strategy S              dfs | pct | random (default: dfs). dfs runs every schedule within the
                            bound, fewest deviations first; pct and random sample
  --preemptions N           dfs: at most N deviations from the default schedule; pct: a bug of
                            depth N+1 (default: 2)
  --budget B                a duration (60s, 5m) or a number of runs (500) (default: ${DEFAULT_EXPLORE_BUDGET})
  --shard i/n               explore the i-th of n parts of the schedule space (1 ≤ i ≤ n), for a
                            CI matrix; every shard opens the same tree and judges its own part
  --out FILE                the failing schedule's bundle (default: <scenario>.explore.credscope-bundle.json);
                            credscope replay FILE re-runs it event for event
  --report FILE             this exploration as JSON, for --merge
  --merge                   combine the shard reports named as arguments; exit 2 if one is missing`

const REPORT_OPTIONS = `report options (the argument: a bundle file, or a run id of the history, or its first characters):
  --format html|md          html: one self-contained page (no script, no network), written to
                            <name>.credscope-report.html; md: GitHub Markdown, to stdout (default: html)
  --turn T                  report one turn: its number in the run (1, 2, …) or its id
  --out FILE                write the report to FILE; - is stdout, for either format
  --db PATH                 the run history a run id is in (default: as for serve)
Every value in a report is masked or a fingerprint. Exit 0 once it is written, whatever the run's verdict.`

const ENV_OPTIONS = `env options (eval "$(credscope env)"; again after Apply and restart):
  --db PATH                 the run history of the serve to read (default: as for serve); serve
                            leaves its ready line beside it, in serve.json
  --ready FILE              a file holding serve's ready line instead
  --session PROJECT/NAME    whose BOT token BOT_TOKEN is (default: the world's first session)`

const KEYCHAIN_OPTIONS = `keychain options:
  --service NAME            keychain service (default: credscope)
  --world FILE              the world whose users to seed (seed)
  --force                   seed fresh canaries over existing entries (seed)`

const READY_LINE = `serve prints one JSON line on stdout when ready:
  {"ready":true,"appUrl":…,"frontDoorUrl":…,"backendUrl":…,"controlUrl":…,"controlToken":…}
and runs until SIGINT or SIGTERM. GET {controlUrl}/world with "Authorization: Bearer <controlToken>"
lists every principal with the token to act as it.`

const TOOL_LINES = `Tool lines of the scripted agent (one per line of a turn's message, or in a scenario's tools:):
${TOOL_SYNTAX.map((t) => `  ${t.syntax.padEnd(52)} ${t.what}`).join('\n')}`

/** The commands, in the order the usage lists them. */
export const COMMANDS = ['serve', 'env', 'run', 'diff', 'bundle', 'replay', 'explore', 'report', 'matrix', 'flaws', 'keychain'] as const
export type CommandName = (typeof COMMANDS)[number]

/** What `credscope <command> --help` prints: its usage line and its options. */
const COMMAND_SECTIONS: Record<CommandName, readonly string[]> = {
  serve: [SERVE_OPTIONS, READY_LINE],
  env: [ENV_OPTIONS],
  run: [RUN_OPTIONS, TOOL_LINES],
  diff: [DIFF_OPTIONS],
  bundle: [RUN_OPTIONS],
  replay: [],
  explore: [EXPLORE_OPTIONS],
  report: [REPORT_OPTIONS],
  matrix: [MATRIX_OPTIONS],
  flaws: [],
  keychain: [KEYCHAIN_OPTIONS]
}

export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name)
}

export function commandHelp(command: CommandName): string {
  return [`Usage:\n${USAGE[command]}`, ...COMMAND_SECTIONS[command], 'Exit codes: 0 success, 1 failure, 2 bad input.'].join('\n\n')
}

export const HELP = [
  `credscope ${VERSION}: a local copy of the shared-session credential path of ambient-code/platform`,
  `Usage:\n${COMMANDS.map((c) => USAGE[c]).join('\n')}\n  credscope --help | --version                this help; credscope <command> --help: one command's`,
  SERVE_OPTIONS,
  RUN_OPTIONS,
  MATRIX_OPTIONS,
  DIFF_OPTIONS,
  EXPLORE_OPTIONS,
  REPORT_OPTIONS,
  ENV_OPTIONS,
  KEYCHAIN_OPTIONS,
  READY_LINE,
  TOOL_LINES,
  'Exit codes: 0 success, 1 failure, 2 bad input.'
].join('\n\n')
