import { PROFILE_NAMES } from '../../shared/profiles'
import { TOOL_SYNTAX } from '../../shared/tools'

export const VERSION = '0.1.0'

export const HELP = `credscope ${VERSION}: a local copy of the shared-session credential path of ambient-code/platform

Usage:
  credscope serve [options]                   run every hop on 127.0.0.1 and print the ready line
  credscope run <files or dirs> [options]     run scenarios (or bundles) headless; exit 0 pass, 1 fail, 2 bad input
  credscope diff <scenario> --a CFG --b CFG   where two runs of a scenario part, and whose credential differs
  credscope bundle <scenario> [options]       write a repro bundle (redacted trace, seed, the command to re-run)
  credscope replay <bundle>                   re-run a bundle here and compare the trace event for event
  credscope matrix [options]                  every principal × credential × header against the backend; exit 1 on a finding
  credscope flaws [--markdown | --json]       the flaw catalog
  credscope keychain list|seed|wipe           the simulated users' entries in the OS keychain
  credscope --help | --version

serve options:
  --port N                  port of the control API and web shell (default: any free port)
  --vault keychain|memory   where users' credentials live (default: keychain)
  --db PATH                 the run history (default: the user data dir, see CREDSCOPE_HOME)
  --profile P               ${PROFILE_NAMES.join(' | ')} (default: merged)
  --flaw ID                 switch one more flaw on; repeatable
  --world FILE              a world in YAML or JSON instead of the default one
  --seed N                  seed of canaries, tokens and ids

run, bundle options:
  --profile P, --flaw ID    as for serve (default: merged)
  --seed N                  overrides each scenario's seed (default: its own, else 1)
  --reporter R              pretty | junit | tap | json (run; default: pretty)
  --out FILE                write the report (run) or the bundle (bundle) to FILE

matrix options:
  --profile P, --flaw ID    as for serve (default: merged)
  --world FILE, --seed N    as for serve (default seed: 1)
  --session PROJECT/NAME    the session to probe (default: the world's first)
  --reporter R              pretty | json | csv (default: pretty)
  --out FILE                write the report to FILE

diff options:
  --a CFG, --b CFG          a profile, then +flaw for each flaw on top: merged, hardened+r3-mcp-not-rebuilt
  --seed N                  as for run

keychain options:
  --service NAME            keychain service (default: credscope)
  --world FILE              the world whose users to seed (seed)
  --force                   seed fresh canaries over existing entries (seed)

serve prints one JSON line on stdout when ready:
  {"ready":true,"appUrl":…,"frontDoorUrl":…,"backendUrl":…,"controlUrl":…,"controlToken":…}
and runs until SIGINT or SIGTERM. GET {controlUrl}/world with "Authorization: Bearer <controlToken>"
lists every principal with the token to act as it.

Tool lines of the scripted agent (one per line of a turn's message, or in a scenario's tools:):
${TOOL_SYNTAX.map((t) => `  ${t.syntax.padEnd(52)} ${t.what}`).join('\n')}

Exit codes: 0 success, 1 failure, 2 bad input.`
