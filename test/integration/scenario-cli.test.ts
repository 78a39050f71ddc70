import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CLI, runCli, type Ran, type CliOptions } from '../support/cli'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLAW_IDS } from '../../src/shared/flaw-ids'
import { flawById } from '../../src/shared/flaws'
import { childrenNamed, junitSchemaErrors, parseTap, parseXml, type XmlElement } from '../support/reports'
import { unmaskedSecrets } from '../support/secrets'
import { Store } from '../../src/main/store/store'

// The QA contract of the issue, end to end through the built CLI: exit codes, one-line errors on
// typos, reports a CI viewer can open, diff, and bundles that replay on a machine with no keychain.

const ROOT = resolve(import.meta.dirname, '../..')
const PASSING = 'resources/scenarios/pr-test-plan.yaml'
const R12 = 'resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml'
const R12_ID = 'r12-mcp-credentials-owner-only'
/** Where `credscope run` records by default (vitest gives the tests a CREDSCOPE_HOME of their own). */
const HISTORY = join(process.env.CREDSCOPE_HOME ?? '', 'credscope.db')
const recorded = (runs: number): string => `${runs === 1 ? 'the run is' : `the ${runs} runs are`} in the run history ${HISTORY} (Runs in the app; --no-history leaves it alone)`



let dir = ''

beforeAll(async () => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test builds before testing)`).toBe(true)
  dir = await mkdtemp(join(tmpdir(), 'credscope-scenario-cli-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function cli(args: string[], options: CliOptions = {}): Promise<Ran> {
  return runCli(args, options)
}

async function scenarioFile(name: string, source: string): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, source)
  return file
}

describe('the checks the reports are held to', () => {
  it('flags a secret-shaped value that is not masked, and passes a masked one', () => {
    expect(unmaskedSecrets('x ghp_abcdefgh1234 y ghp_…1234 Bearer sha256~…AbCd')).toEqual(['ghp_abcdefgh1234'])
  })
})

// ---- exit codes ----------------------------------------------------------------------------

describe('credscope run exit codes', () => {
  it('exits 0 when every scenario passes, with a pretty report on stdout', async () => {
    const ran = await cli(['run', PASSING])
    expect(ran.stderr).toBe(`${recorded(1)}\n`)
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/^✓ pr-test-plan {2}resources\/scenarios\/pr-test-plan\.yaml {2}\(seed 1, \d+ ms\)$/m)
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed (1 scenario under merge · as-is with 27 flaws on)')
  })

  it('exits 0 for the whole built-in library under hardened, found through its directory', async () => {
    const ran = await cli(['run', 'resources/scenarios', '--profile', 'hardened'])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/\n(\d+) passed, 0 failed \(\1 scenarios under head · hardened; head · hardened with 1 flaw on; merge · hardened\)\n$/)
    expect(ran.stdout).toContain('✓ r2-no-turn-lock')
  })

  it("exits 1 when a flaw's scenario fails as-is, naming its invariant and the failing step", async () => {
    const ran = await cli(['run', R12])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain(`✗ ${R12_ID}`)
    expect(ran.stdout).toContain(`invariant of ${R12_ID}: ${flawById(R12_ID)?.invariant ?? '?'}`)
    expect(ran.stdout).toContain('step 1, line 9: turn as bob in demo/shared-1: mcp.docs.whoami')
    expect(unmaskedSecrets(ran.stdout)).toEqual([])
  })

  it('exits 1 when any one of several scenarios fails', async () => {
    const ran = await cli(['run', PASSING, R12])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain('1 passed, 1 failed (2 scenarios under merge · as-is with 27 flaws on; head · as-is with 31 flaws on)')
  })

  it('exits 1 for a flaw switched on over hardened, and 0 with it off', async () => {
    expect((await cli(['run', R12, '--profile', 'hardened', '--flaw', R12_ID])).code).toBe(1)
    expect((await cli(['run', R12, '--profile', 'hardened'])).code).toBe(0)
  })
})

describe('credscope run bad input exits 2 with one line on stderr and nothing on stdout', () => {
  it.each([
    { what: 'a missing file', args: ['run', 'resources/scenarios/no-such-file.yaml'], says: 'resources/scenarios/no-such-file.yaml: no such file or directory' },
    { what: 'no files at all', args: ['run'], says: 'name the scenario files or directories to run' },
    { what: 'an unknown profile', args: ['run', PASSING, '--profile', 'fixed'], says: 'unknown profile "fixed"; profiles are as-is, pre-fix, hardened (and merged = merge + as-is)' },
    { what: 'an unknown --flaw', args: ['run', PASSING, '--flaw', 'r99-made-up'], says: 'unknown flaw "r99-made-up"' },
    { what: 'a --flaw cut short', args: ['run', R12, '--flaw', 'r12-mcp'], says: 'unknown flaw "r12-mcp"; did you mean r12-mcp-credentials-owner-only?' },
    { what: 'an unknown --reporter', args: ['run', PASSING, '--reporter', 'xml'], says: '--reporter is pretty, junit, tap, json, optionally with :FILE (junit:report.xml), not "xml"' },
    { what: 'a bad --seed', args: ['run', PASSING, '--seed', 'abc'], says: '--seed needs a non-negative integer, not "abc"' },
    { what: 'an unknown flag', args: ['run', PASSING, '--profiel', 'merged'], says: '--profiel' }
  ])('$what', async ({ args, says }) => {
    const ran = await cli(args)
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe('')
    expect(ran.stderr.split('\n')).toHaveLength(2)
    expect(ran.stderr).toContain(says)
  })

  it('a short flaw id, as the app shows it, names the flaw', async () => {
    const ran = await cli(['run', R12, '--profile', 'hardened', '--flaw', 'r12'])
    expect(ran.code).toBe(1)
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed (1 scenario under head · hardened with 1 flaw on)')
  })

  it('a directory with no scenarios in it', async () => {
    const empty = join(dir, 'empty')
    await mkdir(empty, { recursive: true })
    const ran = await cli(['run', empty])
    expect(ran).toEqual({ code: 2, stdout: '', stderr: `credscope: no .yaml scenarios under ${empty}\n` })
  })
})

describe('a scenario file with a typo', () => {
  // Each file has exactly one mistake; the error must name that file, line and column.
  const TYPOS = [
    {
      what: 'a misspelt expectation key',
      name: 'acted.yaml',
      source: 'scenario: typo-acted\nsteps:\n  - turn:\n      as: bob\n      tools: [github.whoami]\n      expect:\n        acted_as: { github.whoami: bob }\n',
      at: '7:9',
      detail: 'step 1, turn.expect: unknown key "acted_as" (did you mean "acted-as"?)'
    },
    {
      what: 'a misspelt step kind',
      name: 'kind.yaml',
      source: 'scenario: typo-kind\nsteps:\n  - turn:\n      as: bob\n  - trun:\n      as: alice\n',
      at: '5:5',
      detail: 'step 2: unknown step "trun" (did you mean "turn"?); a step is one of turn, parallel, advance, token, bot-token, request, fault, clear-fault'
    },
    {
      what: 'a misspelt top-level key',
      name: 'top.yaml',
      source: 'scenario: typo-top\nstpes:\n  - turn: { as: bob }\n',
      at: '2:1',
      detail: 'scenario: unknown key "stpes" (did you mean "steps"?)'
    },
    {
      what: 'a tool line that is not a tool',
      name: 'tool.yaml',
      source: 'scenario: typo-tool\nsteps:\n  - turn:\n      as: bob\n      tools:\n        - github.whoami\n        - github.whoamii\n',
      at: '7:11',
      detail: 'step 1, turn.tools.2: unknown tool "github.whoamii" (did you mean "github.whoami"?); tools are: github.whoami, gitlab.whoami, jira.myself, google.whoami, coderabbit.whoami, gerrit.whoami, git.whoami, gh.whoami, kubectl.whoami, mcp.<server>.whoami, env.dump, fs.list, fs.read, refresh_credentials, sleep, http, kube.secret, cp.token, fail, bg'
    },
    {
      what: 'an http tool line with a broken header',
      name: 'http.yaml',
      source: `scenario: typo-http\nsteps:\n  - turn:\n      as: bob\n      tools:\n        - "http GET https://x.example/ -H 'broken'"\n`,
      at: '6:11',
      detail: `step 1, turn.tools.1: header "broken" needs the form 'Name: value'`
    },
    {
      what: 'a bad duration',
      name: 'duration.yaml',
      source: 'scenario: typo-duration\nsteps:\n  - turn:\n      as: bob\n  - advance: 10 minutes\n',
      at: '5:14',
      detail: 'step 2, advance: expected a duration such as 90s, 10m or 1h, got "10 minutes"'
    },
    {
      what: 'invalid YAML',
      name: 'yaml.yaml',
      source: 'scenario: typo-yaml\nsteps:\n  - turn:\n      as: bob\n      as: alice\n',
      at: '5:7',
      detail: 'not valid YAML: this key appears twice in the same mapping'
    },
    {
      what: 'an owner that is nobody of the world',
      name: 'owner.yaml',
      source: 'scenario: typo-owner\nsteps:\n  - turn:\n      as: bob\n      tools: [github.whoami]\n      expect: { acted-as: { github.whoami: bobb } }\n',
      at: '6:44',
      detail: 'step 1, turn.expect.acted-as.github.whoami: "bobb" is nobody of this world (did you mean "bob"?); owners are alice, bob, carol, mallory, nobody, project:<name>, or not <owner>'
    },
    {
      what: 'a credential the world has not',
      name: 'slot.yaml',
      source: 'scenario: typo-slot\nsteps:\n  - turn:\n      as: bob\n      tools: [mcp.docs.whoami]\n      expect: { credentials: { mcp:doc: bob } }\n',
      at: '6:32',
      detail: 'step 1, turn.expect.credentials.mcp:doc: no credential "mcp:doc" in this world (did you mean "mcp:docs"?); credentials are github, gitlab, jira, google, coderabbit, gerrit, mcp:docs'
    },
    {
      what: 'a misspelt tool in an expectation',
      name: 'expect-tool.yaml',
      source: 'scenario: typo-expect-tool\nsteps:\n  - turn:\n      as: bob\n      tools: [github.whoami]\n      expect: { acted-as: { github.whoam: bob } }\n',
      at: '6:29',
      detail: 'step 1, turn.expect.acted-as.github.whoam: unknown tool "github.whoam" (did you mean "github.whoami"?); tools are: github.whoami, gitlab.whoami, jira.myself, google.whoami, coderabbit.whoami, gerrit.whoami, git.whoami, gh.whoami, kubectl.whoami, mcp.<server>.whoami, env.dump, fs.list, fs.read, refresh_credentials, sleep, http, kube.secret, cp.token, fail, bg'
    },
    {
      what: 'an unquoted tool line with ": " in it',
      name: 'unquoted.yaml',
      source: 'scenario: typo-unquoted\nsteps:\n  - turn:\n      as: bob\n      tools: [http GET https://x.example.com -H Accept: json]\n',
      at: '5:15',
      detail: 'step 1, turn.tools.1: a line with ": " in it reads as a mapping in YAML; put the whole line in quotes'
    },
    {
      what: 'a parallel step with one entry',
      name: 'parallel.yaml',
      source: 'scenario: typo-parallel\nsteps:\n  - parallel:\n      - turn: { as: bob }\n',
      at: '4:7',
      detail: 'step 1, parallel: needs at least 2 entries'
    }
  ]

  it.each(TYPOS)('gets one line pointing at it, then the source line with a caret: $what', async ({ name, source, at, detail }) => {
    const file = await scenarioFile(name, source)
    const ran = await cli(['run', file])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe('')
    // The first line is what editors and CI problem matchers read: `<file>:<line>:<col>: ...`.
    const [first, quoted, caret, ...rest] = ran.stderr.split('\n')
    expect(first).toBe(`${file}:${at}: ${detail}`)
    const [line = 0, column = 0] = at.split(':').map(Number)
    expect(quoted).toBe(`${line} | ${source.split('\n')[line - 1] ?? ''}`)
    expect(caret).toBe(`${' '.repeat(String(line).length)} | ${' '.repeat(column - 1)}^`)
    expect(rest).toEqual([''])
  })

  it('stops the whole run before anything runs, even when other files are fine', async () => {
    const file = await scenarioFile('late-typo.yaml', 'scenario: late\nsteps:\n  - advance: soon\n')
    const ran = await cli(['run', PASSING, file, '--reporter', 'junit', '--out', join(dir, 'never.xml')])
    expect(ran).toEqual({ code: 2, stdout: '', stderr: `${file}:3:14: step 1, advance: expected a duration such as 90s, 10m or 1h, got "soon"\n3 |   - advance: soon\n  |              ^\n` })
    expect(existsSync(join(dir, 'never.xml'))).toBe(false)
  })
})

// ---- reporters -----------------------------------------------------------------------------

describe('credscope run reporters', () => {
  /** A failing scenario whose failure text holds every character XML must escape. */
  const ESCAPES = 'scenario: needs-escaping\ntitle: A & B <c> "d"\nsteps:\n  - turn:\n      as: bob\n      tools: [github.whoami]\n      expect:\n        audit: { contains: ["<&\\"\'>"] }\n'

  it('junit --out writes JUnit that the strict schema accepts: a testsuite per scenario, a testcase per step, the failure evidence redacted', async () => {
    const escapes = await scenarioFile('escapes.yaml', ESCAPES)
    const out = join(dir, 'report.xml')
    const ran = await cli(['run', PASSING, R12, escapes, '--reporter', 'junit', '--out', out])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toBe('')
    expect(ran.stderr).toBe(`1 passed, 2 failed (3 scenarios under merge · as-is with 27 flaws on; head · as-is with 31 flaws on); junit report written to ${out}; ${recorded(3)}\n`)
    const text = await readFile(out, 'utf8')
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
    expect(unmaskedSecrets(text)).toEqual([])
    expect(await junitSchemaErrors(text)).toEqual([])

    const root = parseXml(text)
    expect(root.name).toBe('testsuites')
    // The test plan's six turns, r12's one, the escaping scenario's one.
    expect(root.attributes).toMatchObject({ tests: '8', failures: '2', errors: '0' })
    expect(Number(root.attributes.time)).toBeGreaterThanOrEqual(0)
    const suites = childrenNamed(root, 'testsuite')
    expect(root.children.every((c) => c.name === 'testsuite')).toBe(true)
    expect(suites.map((s) => [s.attributes.name, s.attributes.file, s.attributes.tests, s.attributes.failures, s.attributes.errors, s.attributes.skipped])).toEqual([
      ['pr-test-plan', PASSING, '6', '0', '0', '0'],
      [R12_ID, R12, '1', '1', '0', '0'],
      ['needs-escaping', escapes, '1', '1', '0', '0']
    ])

    for (const suite of suites) {
      const properties: Record<string, string> = {}
      for (const p of childrenNamed(childrenNamed(suite, 'properties')[0] ?? suite, 'property')) properties[p.attributes.name ?? ''] = p.attributes.value ?? ''
      // The test plan names the merge; the others run at the default, head.
      const platform = suite.attributes.name === 'pr-test-plan' ? 'merge' : 'head'
      expect(properties).toMatchObject({ platform, profile: 'as-is', seed: '1' })
      expect(properties.flaws?.split(',')).toHaveLength(platform === 'merge' ? 27 : 31)
      for (const testcase of childrenNamed(suite, 'testcase')) expect(testcase.attributes.classname).toBe(`credscope.${platform}.as-is.${suite.attributes.name}`)
    }

    const plan = childrenNamed(suites[0] as XmlElement, 'testcase')
    expect(plan.map((c) => c.attributes.name?.replace(/: .*/, ''))).toEqual(['step 1, line 27', 'step 2, line 38', 'step 3, line 47', 'step 4, line 54', 'step 5, line 61', 'step 6, line 67'])
    expect(plan.every((c) => c.children.length === 0)).toBe(true)

    const r12 = childrenNamed(suites[1] as XmlElement, 'testcase')[0]
    expect(r12?.attributes.name).toBe('step 1, line 9: turn as bob in demo/shared-1: mcp.docs.whoami')
    expect(r12?.children.map((f) => f.name)).toEqual(['failure'])
    const failure = r12?.children[0] as XmlElement
    expect(failure.attributes.type).toBe('expectation')
    expect(failure.attributes.message).not.toContain('\n')
    expect(failure.attributes.message).toMatch(/^credentials\.mcp:docs: expected bob's mcp:docs credential, the backend served alice's \(fingerprint [0-9a-f]{10}, \d+ chars/)
    expect(failure.text.split('\n')[0]).toBe(`invariant of ${R12_ID}: ${flawById(R12_ID)?.invariant ?? '?'}`)
    expect(failure.text).toMatch(/leaks: foreign-credential: .*\(owner alice, provider mcp:docs, sink [a-z-]+(?:: [^,]*)?, fingerprint [0-9a-f]{10}, \d+ chars\)/)

    const escapedFailure = childrenNamed(suites[2] as XmlElement, 'testcase')[0]?.children[0]
    expect(escapedFailure?.attributes.message).toContain(`audit: expected a line containing "<&"'>", none does`)
    expect(escapedFailure?.text).toContain(`audit: expected a line containing "<&"'>", none does`)
  })

  it('junit: the step a scenario stopped at is an error and the steps after it are skipped, still valid', async () => {
    const stops = await scenarioFile('stops.yaml', 'scenario: stops\nwith-flaws: [h10-refused-provider-fails-turn]\nsteps:\n  - turn:\n      as: bob\n      tools: [github.whoami]\n  - advance: 1m\n')
    const ran = await cli(['run', stops, '--platform', 'merge', '--reporter', 'junit'])
    expect(ran.code).toBe(1)
    expect(await junitSchemaErrors(ran.stdout)).toEqual([])
    const suite = childrenNamed(parseXml(ran.stdout), 'testsuite')[0] as XmlElement
    expect([suite.attributes.tests, suite.attributes.failures, suite.attributes.errors, suite.attributes.skipped]).toEqual(['2', '0', '1', '1'])
    expect(childrenNamed(suite, 'testcase').map((c) => [c.attributes.name, c.children.map((o) => `${o.name}: ${o.attributes.message ?? ''}`)])).toEqual([
      ['step 1, line 4: the scenario stopped here', ['error: with-flaws: h10-refused-provider-fails-turn exists at head only, not at merge']],
      ['step 2, line 7: not run', ['skipped: not run: the scenario stopped at an earlier step']]
    ])
  })

  it('the strict schema refuses what strict consumers refuse: a file attribute on a testcase', async () => {
    const bad = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c" file="x.yaml"/></testsuite></testsuites>\n'
    expect((await junitSchemaErrors(bad)).join('\n')).toMatch(/attribute 'file' is not allowed/)
    expect(() => parseXml('<a><b></a></b>')).toThrow(/not well-formed XML/)
  })

  it('tap is TAP 14 as a TAP parser reads it: plan, one test point per scenario with the setting in its name (no directive), YAML diagnostics on failures', async () => {
    const ran = await cli(['run', PASSING, R12, '--reporter', 'tap'])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toBe(`1 passed, 1 failed (2 scenarios under merge · as-is with 27 flaws on; head · as-is with 31 flaws on); ${recorded(2)}\n`)
    expect(unmaskedSecrets(ran.stdout)).toEqual([])
    const tap = parseTap(ran.stdout)
    expect([tap.version, tap.plan, tap.extra]).toEqual([14, 2, []])
    expect(tap.points.map((p) => [p.id, p.ok, p.name, p.todo, p.skip])).toEqual([
      [1, true, 'pr-test-plan (merge · as-is, seed 1)', false, false],
      [2, false, `${R12_ID} (head · as-is, seed 1)`, false, false]
    ])
    expect(tap.points[0]?.diag).toBeNull()
    const diagnostics = tap.points[1]?.diag ?? {}
    expect(diagnostics.invariant).toBe(`invariant of ${R12_ID}: ${flawById(R12_ID)?.invariant ?? '?'}`)
    expect(diagnostics.file).toBe(R12)
    const failures = diagnostics.failures as string[]
    expect(failures[0]).toMatch(/^step 1, line 9: turn as bob in demo\/shared-1: mcp\.docs\.whoami: .*fingerprint [0-9a-f]{10}/)
  })

  it('several reporters in one run: each to its file, one to stdout; --out with several, two to stdout or one file twice is bad input', async () => {
    const xmlFile = join(dir, 'several.xml')
    const jsonFile = join(dir, 'several.json')
    const ran = await cli(['run', R12, '--reporter', `junit:${xmlFile}`, '--reporter', 'tap', '--reporter', `json:${jsonFile}`])
    expect(ran.code).toBe(1)
    expect(parseTap(ran.stdout).points.map((p) => p.ok)).toEqual([false])
    expect(ran.stderr).toBe(`0 passed, 1 failed (1 scenario under head · as-is with 31 flaws on); junit report written to ${xmlFile}; json report written to ${jsonFile}; ${recorded(1)}\n`)
    expect(await junitSchemaErrors(await readFile(xmlFile, 'utf8'))).toEqual([])
    expect((JSON.parse(await readFile(jsonFile, 'utf8')) as { summary: unknown }).summary).toEqual({ scenarios: 1, passed: 0, failed: 1 })
    for (const [args, says] of [
      [['--reporter', 'junit', '--reporter', 'tap'], 'only one --reporter can write to stdout; give the others a file: --reporter junit:out.xml'],
      [['--reporter', 'junit', '--reporter', 'tap', '--out', xmlFile], '--out names the file of one reporter; with several, give each its file: --reporter junit:out.xml --reporter pretty'],
      [['--reporter', `junit:${xmlFile}`, '--reporter', `tap:${xmlFile}`], `two reporters write to ${xmlFile}`],
      [['--reporter', 'junit:'], '--reporter junit: names no file; write junit:FILE, or leave out the colon for stdout']
    ] as const) {
      expect(await cli(['run', R12, ...args])).toEqual({ code: 2, stdout: '', stderr: `credscope: ${says}\n` })
    }
  })

  it('with the pretty report on stdout, stderr names the files only: the summary line is said once', async () => {
    const xmlFile = join(dir, 'with-pretty.xml')
    const ran = await cli(['run', PASSING, '--reporter', `junit:${xmlFile}`, '--reporter', 'pretty'])
    expect(ran.code).toBe(0)
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed (1 scenario under merge · as-is with 27 flaws on)')
    expect(ran.stderr).toBe(`junit report written to ${xmlFile}; ${recorded(1)}\n`)
  })

  it('--bail stops after the first failing scenario and says how many did not run', async () => {
    const ran = await cli(['run', R12, PASSING, '--bail'])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain(`✗ ${R12_ID}`)
    expect(ran.stdout).not.toContain('pr-test-plan')
    expect(ran.stderr).toBe(`--bail: stopped after the first failing scenario; 1 not run\n${recorded(1)}\n`)
  })

  it('json parses and carries the summary and each result with its invariant', async () => {
    const ran = await cli(['run', PASSING, R12, '--reporter', 'json'])
    expect(ran.code).toBe(1)
    expect(unmaskedSecrets(ran.stdout)).toEqual([])
    const report = JSON.parse(ran.stdout) as {
      summary: { scenarios: number; passed: number; failed: number }
      results: Array<{ scenario: string; passed: boolean; seed: number; profile: string; invariant: string | null; events: number; leaks: Array<{ owner: string; fingerprint: string }> }>
    }
    expect(report.summary).toEqual({ scenarios: 2, passed: 1, failed: 1 })
    expect(report.results.map((r) => [r.scenario, r.passed, r.profile, r.seed])).toEqual([
      ['pr-test-plan', true, 'as-is', 1],
      [R12_ID, false, 'as-is', 1]
    ])
    expect(report.results[1]?.invariant).toBe(`invariant of ${R12_ID}: ${flawById(R12_ID)?.invariant ?? '?'}`)
    expect(report.results[1]?.events).toBeGreaterThan(0)
    expect(report.results[1]?.leaks.map((l) => l.owner)).toContain('alice')
    for (const leak of report.results[1]?.leaks ?? []) expect(leak.fingerprint).toMatch(/^[0-9a-f]{10}$/)
  })

  it('json --out writes the same report to the file and only the summary to stderr', async () => {
    const out = join(dir, 'report.json')
    const ran = await cli(['run', PASSING, '--reporter', 'json', '--out', out])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toBe('')
    expect(ran.stderr).toBe(`1 passed, 0 failed (1 scenario under merge · as-is with 27 flaws on); json report written to ${out}; ${recorded(1)}\n`)
    expect((JSON.parse(await readFile(out, 'utf8')) as { summary: unknown }).summary).toEqual({ scenarios: 1, passed: 1, failed: 0 })
  })
})

// ---- the flaw catalog ----------------------------------------------------------------------

describe('credscope flaws', () => {
  it('lists every flaw, one per line, and the profiles', async () => {
    const ran = await cli(['flaws'])
    expect(ran.code).toBe(0)
    expect(ran.stderr).toBe('')
    const ids = ran.stdout.split('\n').map((l) => l.split(/\s+/)[0])
    for (const id of FLAW_IDS) expect(ids, id).toContain(id)
    expect(ran.stdout).toContain(`${FLAW_IDS.length} flaws. Profiles: merge:as-is (27 flaws), merge:pre-fix (32 flaws), merge:hardened (0 flaws), head:as-is (31 flaws), head:hardened (0 flaws).`)
  })

  it('keeps docs/flaws.md from drifting: `credscope flaws --markdown` equals the committed file byte for byte', async () => {
    const ran = await cli(['flaws', '--markdown'])
    expect(ran.code).toBe(0)
    const committed = await readFile(join(ROOT, 'docs/flaws.md'), 'utf8')
    expect(ran.stdout, 'docs/flaws.md is stale: regenerate it with `credscope flaws --markdown > docs/flaws.md`').toBe(committed)
  })
})

// ---- diff ----------------------------------------------------------------------------------

describe('credscope diff', () => {
  it('leads with whose credential differs, then names the first event where merged and hardened part and its hop', async () => {
    const ran = await cli(['diff', R12, '--a', 'merged', '--b', 'hardened'])
    expect(ran.code).toBe(0)
    expect(ran.stderr).toBe('')
    expect(unmaskedSecrets(ran.stdout)).toEqual([])
    const lines = ran.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(new RegExp(`^diff of ${R12_ID} \\(seed 1\\): a = merged \\(fails: \\d+ expectation\\(s\\)\\), b = head:hardened \\(passes\\)$`))
    expect(lines[1]).toMatch(/^whose credential differs first: mcp:docs credential served: a alice \(event \d+, turn 1\), b bob \(event \d+, turn 1\)$/)
    const parted = /^the first event that differs is event (\d+), on the (\w+):$/.exec(lines[2] ?? '')
    expect(parted, lines[2]).not.toBeNull()
    const hop = parted?.[2] ?? ''
    expect(['client', 'frontdoor', 'backend', 'proxy', 'runner', 'provider', 'operator', 'vault', 'harness']).toContain(hop)
    expect(lines[3]).toMatch(new RegExp(`^  a: ${hop}: `))
    expect(lines[4]).toMatch(/^ {2}b: \w+: /)
    expect(lines[3]?.slice(5)).not.toBe(lines[4]?.slice(5))
    expect(lines[5]).toMatch(/^\d+ stretches of events differ; --all lists them$/)
    const all = await cli(['diff', R12, '--a', 'merged', '--b', 'hardened', '--all'])
    const count = Number(/^(\d+) stretches/.exec(lines[5] ?? '')?.[1])
    expect(all.stdout.match(/^difference \d+:$/gm)).toHaveLength(count)
    expect(all.stdout).toMatch(/^ {2}a \d+: backend: served alice's mcp:docs/m)
    expect(all.stdout).toMatch(/^ {2}b \d+: backend: served bob's mcp:docs/m)
  })

  it('compares two recorded runs: run ids from the history (their first characters will do) or bundle files', async () => {
    const db = join(dir, 'compare.db')
    const asIs = await cli(['run', R12, '--platform', 'merge', '--db', db])
    const hardened = await cli(['run', R12, '--platform', 'merge', '--profile', 'hardened', '--db', db])
    expect([asIs.code, hardened.code]).toEqual([1, 0])
    const store = Store.open(db)
    const [newest, older] = store.listRuns().map((r) => r.id)
    store.close()
    const ran = await cli(['diff', (older ?? '').slice(0, 8), newest ?? '', '--db', db])
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain('a = MCP credentials of a turn are the sender\'s (merge · as-is, seed 1, run ')
    expect(ran.stdout).toMatch(/\nwhose credential differs first: mcp:docs credential served: a alice \(event \d+, turn 1\), b bob \(event \d+, turn 1\)\n/)
    const bundleA = join(dir, 'a.json')
    const bundleB = join(dir, 'b2.json')
    await cli(['bundle', R12, '--platform', 'merge', '--out', bundleA])
    await cli(['bundle', R12, '--platform', 'merge', '--profile', 'hardened', '--out', bundleB])
    const bundles = await cli(['diff', bundleA, bundleB])
    expect(bundles.stdout).toMatch(/\nwhose credential differs first: mcp:docs credential served: a alice/)
    const unknown = await cli(['diff', 'ffffffff', newest ?? '', '--db', db])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain(`no run ffffffff in the run history ${db}`)
    // A mistyped --db is refused, and no empty history is left behind.
    const missing = join(dir, 'no-such.db')
    const none = await cli(['diff', 'ffffffff', newest ?? '', '--db', missing])
    expect(none).toEqual({ code: 2, stdout: '', stderr: `credscope: no run history at ${missing}, so no run ffffffff (name the history with --db, or give a bundle file)\n` })
    expect(existsSync(missing)).toBe(false)
  })

  it('records each run in the history the app lists unless told not to', async () => {
    const db = join(dir, 'history.db')
    await cli(['run', PASSING, R12, '--db', db])
    await cli(['run', PASSING, '--db', db, '--no-history'])
    const store = Store.open(db)
    const runs = store.listRuns()
    expect(runs.map((r) => [r.kind, r.status, r.platform])).toEqual([
      ['scenario', 'failed', 'head'],
      ['scenario', 'passed', 'merge']
    ])
    // With its scenario, so the app can replay and export it.
    expect(store.scenarioSource(runs[0]?.id ?? '')).toContain(`scenario: ${R12_ID}`)
    expect(store.turns(runs[0]?.id ?? '').length).toBeGreaterThan(0)
    store.close()
  })

  it('reports two runs of the same configuration as identical, event for event', async () => {
    const ran = await cli(['diff', R12, '--a', 'merged', '--b', 'merged'])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/\nthe two runs are identical, event for event \(\d+ events\)\n$/)
  })

  it('takes a flaw on top of a profile with +', async () => {
    const ran = await cli(['diff', R12, '--a', 'hardened', '--b', `hardened+${R12_ID}`])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain(`b = head:hardened+${R12_ID} (fails:`)
    expect(ran.stdout).toMatch(/\nwhose credential differs first: mcp:docs credential served: a bob \(event \d+, turn 1\), b alice \(event \d+, turn 1\)\n/)
  })

  it('exits 2 on a bad configuration or a missing --b', async () => {
    const bad = await cli(['diff', R12, '--a', 'merged', '--b', 'hardened+r99-nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--b: unknown flaw "r99-nope"')
    expect((await cli(['diff', R12, '--a', 'merged'])).code).toBe(2)
  })
})

// ---- bundle and replay ---------------------------------------------------------------------

interface BundleFile {
  format: string
  scenario: { file: string; name: string; source: string }
  profile: string
  flaws: string[]
  seed: number
  replay: string
  rerun: string
  result: { passed: boolean; failures: string[] }
  trace: Array<Record<string, unknown>>
}

describe('credscope bundle and replay', () => {
  let bundlePath = ''
  let bundleText = ''
  let bundle: BundleFile
  let elsewhere = ''

  /** Another machine as far as credscope can tell: an empty home, no data dirs, no session bus. */
  function elsewhereEnv(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '',
      HOME: elsewhere,
      XDG_CONFIG_HOME: join(elsewhere, '.config'),
      XDG_DATA_HOME: join(elsewhere, '.local/share'),
      XDG_CACHE_HOME: join(elsewhere, '.cache'),
      XDG_RUNTIME_DIR: join(elsewhere, 'run'),
      CREDSCOPE_HOME: join(elsewhere, 'credscope'),
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(elsewhere, 'no-bus')}`
    }
  }

  beforeAll(async () => {
    bundlePath = join(dir, 'b.json')
    const ran = await cli(['bundle', R12, '--profile', 'hardened', '--flaw', R12_ID, '--out', bundlePath])
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(new RegExp(`^bundle written to .*b\\.json: ${R12_ID} under head · hardened \\(1 flaws\\), seed 1, failed, \\d+ events\\nreplay it with: credscope replay .*b\\.json\\n$`))
    bundleText = await readFile(bundlePath, 'utf8')
    bundle = JSON.parse(bundleText) as BundleFile
    elsewhere = await mkdtemp(join(tmpdir(), 'credscope-elsewhere-'))
  })

  afterAll(async () => {
    if (elsewhere) await rm(elsewhere, { recursive: true, force: true })
  })

  it('writes the scenario, profile, flaws, seed, outcome and trace', async () => {
    expect(bundle.format).toBe('credscope-bundle/1')
    expect(bundle.scenario).toEqual({ file: 'r12-mcp-credentials-owner-only.yaml', name: R12_ID, source: await readFile(join(ROOT, R12), 'utf8') })
    expect(bundle.profile).toBe('hardened')
    expect(bundle.flaws).toEqual([R12_ID])
    expect(bundle.seed).toBe(1)
    expect(bundle.result.passed).toBe(false)
    expect(bundle.result.failures.length).toBeGreaterThan(0)
    expect(bundle.trace.length).toBeGreaterThan(0)
    expect(bundle.trace.some((e) => e.kind === 'credential.served' && e.owner === 'alice')).toBe(true)
  })

  it('writes the commands that re-run it, both naming the bundle, not a path of this machine', () => {
    expect(bundle.replay).toBe(`credscope replay ${bundlePath}`)
    expect(bundle.rerun).toBe(`credscope run ${bundlePath} --platform head --profile hardened --flaw ${R12_ID} --seed 1`)
  })

  it('runs as a scenario file: the rerun command fails as recorded, and passes with the flaw off', async () => {
    const copy = join(elsewhere, 'ticket-attachment.json')
    await copyFile(bundlePath, copy)
    const asRecorded = await cli(['run', copy, '--profile', 'hardened', '--flaw', R12_ID, '--seed', '1', '--no-history'], { cwd: elsewhere, env: elsewhereEnv() })
    expect(asRecorded.code).toBe(1)
    expect(asRecorded.stdout).toContain(`✗ ${R12_ID}  ${copy}#r12-mcp-credentials-owner-only.yaml`)
    const fixed = await cli(['run', copy, '--profile', 'hardened', '--no-history'], { cwd: elsewhere, env: elsewhereEnv() })
    expect(fixed.code).toBe(0)
    expect(fixed.stdout).toContain(`✓ ${R12_ID}`)
    await rm(copy)
  })

  it('exits 2 when a .json file given to run is not a bundle, naming the file', async () => {
    const file = join(dir, 'package-like.json')
    await writeFile(file, '{"name": "x"}')
    const ran = await cli(['run', file])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain(`${file}:1:1: not a credscope bundle: format:`)
  })

  it('is safe to attach to a ticket: every secret in it is masked', () => {
    expect(unmaskedSecrets(bundleText)).toEqual([])
    // The trace did carry credentials (masked), so the check above looked at real values.
    expect(bundleText).toMatch(/mcpk_…/)
    expect(bundleText).toMatch(/sha256~…/)
  })

  it('replays on a machine with no keychain and none of the original entries, event for event', async () => {
    const copy = join(elsewhere, 'ticket-attachment.json')
    await copyFile(bundlePath, copy)
    const ran = await cli(['replay', copy], { cwd: elsewhere, env: elsewhereEnv() })
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain(`replayed ${R12_ID} under head · hardened (1 flaws), seed 1: failed (recorded: failed)`)
    expect(ran.stdout).toMatch(new RegExp(`\\nreproduced: the trace matches the bundle event for event \\(${bundle.trace.length} events\\)\\n$`))
    expect(unmaskedSecrets(ran.stdout)).toEqual([])
    // Replaying wrote nothing there: no keychain file, no run history, no data dir.
    expect(await readdir(elsewhere)).toEqual(['ticket-attachment.json'])
  })

  it('replays a bundle from before results carried the start-up events: compared from where its trace begins', async () => {
    const started = bundle.trace.findIndex((e) => e.kind === 'turn.started' || e.turn !== null)
    expect(started).toBeGreaterThan(0)
    const older = { ...bundle, trace: bundle.trace.slice(started) }
    const file = join(dir, 'older-bundle.json')
    await writeFile(file, JSON.stringify(older))
    const ran = await cli(['replay', file])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(new RegExp(`\\nreproduced: the trace matches the bundle event for event \\(${older.trace.length} events\\)\\n$`))
  })

  it('replays a bundle from before platform versions (no platform, profile merged) at the merge', async () => {
    const old = structuredClone(bundle) as unknown as Record<string, unknown>
    delete old.platform
    old.profile = 'merged'
    const file = join(elsewhere, 'old.json')
    await writeFile(file, JSON.stringify(old, null, 2))
    const ran = await cli(['replay', file], { cwd: elsewhere, env: elsewhereEnv() })
    await rm(file)
    expect(ran.stdout).toContain(`replayed ${R12_ID} under merge · as-is (1 flaws), seed 1`)
  })

  it('exits 1 on a tampered bundle, naming the event where the trace diverges', async () => {
    const index = bundle.trace.findIndex((e) => e.kind === 'credential.served' && e.owner === 'alice')
    expect(index).toBeGreaterThan(0)
    const tampered = structuredClone(bundle)
    const event = tampered.trace[index] as Record<string, unknown>
    event.owner = 'mallory'
    const file = join(elsewhere, 'tampered.json')
    await writeFile(file, JSON.stringify(tampered, null, 2))
    const ran = await cli(['replay', file], { cwd: elsewhere, env: elsewhereEnv() })
    await rm(file)
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain(`diverged at event ${index + 1}, on the ${String(event.hop)}:`)
    expect(ran.stdout).toContain("recorded: backend: served mallory's mcp:docs")
    expect(ran.stdout).toContain("replayed: backend: served alice's mcp:docs")
    expect(ran.stdout).not.toContain('reproduced')
  })

  it('exits 1 when the recorded outcome no longer matches', async () => {
    const flipped = { ...bundle, result: { ...bundle.result, passed: true } }
    const file = join(dir, 'flipped.json')
    await writeFile(file, JSON.stringify(flipped))
    const ran = await cli(['replay', file])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain('failed (recorded: passed)')
    expect(ran.stdout).toContain('the trace matches but the outcome differs')
  })

  it.each([
    { what: 'a file that is not JSON', content: 'scenario: x\nsteps: []\n', says: 'not a credscope bundle: the file is not JSON' },
    { what: 'JSON that is not a bundle', content: '{"name": "credscope", "version": "0.1.0"}', says: 'not a credscope bundle: format:' },
    { what: 'a bundle with an unknown flaw', content: null, says: 'not a credscope bundle: flaws.0: a flaw id' }
  ])('exits 2 on $what', async ({ content, says }) => {
    const file = join(dir, 'not-a-bundle.json')
    await writeFile(file, content ?? JSON.stringify({ ...bundle, flaws: ['r99-nope'] }))
    const ran = await cli(['replay', file])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe('')
    expect(ran.stderr).toContain(`credscope: ${file}: ${says}`)
    expect(ran.stderr.split('\n')).toHaveLength(2)
  })

  it('exits 2 on a bundle that does not exist', async () => {
    const ran = await cli(['replay', join(dir, 'missing.json')])
    expect(ran).toEqual({ code: 2, stdout: '', stderr: `credscope: ${join(dir, 'missing.json')}: cannot read the bundle (ENOENT)\n` })
  })
})

describe('credscope matrix', () => {
  it('exits 1 as-is and names each finding with whose credential came back and the row that decided', async () => {
    const ran = await cli(['matrix'])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain('authorization matrix of demo/shared-1 (owner alice) under head · as-is with 31 flaws')
    expect(ran.stdout).toContain('33 violations, 0 broken')
    // The session's BOT_TOKEN outside a run gets the owner's GitHub token (RBAC row 6).
    expect(ran.stdout).toMatch(/violation\s+bot\s+github\s+absent\s+200\s+alice\s+nothing\s+RBAC row 6/)
    // bob naming himself gets alice's MCP credential (R12).
    expect(ran.stdout).toMatch(/violation\s+bob\s+mcp:docs\s+bob\s+200\s+alice\s+bob\s+MCP endpoint/)
    expect(unmaskedSecrets(ran.stdout + ran.stderr)).toEqual([])
  })

  it('exits 0 under hardened with no findings', async () => {
    const ran = await cli(['matrix', '--profile', 'hardened'])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain('0 violations, 0 broken, 42 allowed, 203 denied as expected (245 requests)')
  })

  it('fails under hardened with one flaw on, on exactly that flaw’s cells', async () => {
    const ran = await cli(['matrix', '--profile', 'hardened', '--flaw', R12_ID, '--reporter', 'json'])
    expect(ran.code).toBe(1)
    const report = JSON.parse(ran.stdout) as { profile: string; flaws: string[]; cells: Array<{ slot: string; verdict: string; owner: string | null }> }
    expect(report.flaws).toEqual([R12_ID])
    const findings = report.cells.filter((c) => c.verdict === 'violation' || c.verdict === 'broken')
    expect(findings.length).toBeGreaterThan(0)
    expect(findings.every((c) => c.slot === 'mcp:docs' && c.owner === 'alice')).toBe(true)
  })

  it('writes CSV, one row per request, to --out', async () => {
    const file = join(dir, 'matrix.csv')
    const ran = await cli(['matrix', '--profile', 'hardened', '--reporter', 'csv', '--out', file])
    expect(ran.code).toBe(0)
    expect(ran.stderr).toContain(`csv report written to ${file}`)
    const rows = (await readFile(file, 'utf8')).trim().split('\n')
    expect(rows[0]).toBe('principal,slot,x_runner_current_user,status,got,expected,verdict,rbac_row,reason')
    expect(rows).toHaveLength(246)
    expect(rows).toContain('carol,jira,carol,200,carol,carol,ok,10,the caller fetches their own credentials')
  })

  it('exits 2 on an unknown session or reporter, saying what exists', async () => {
    const session = await cli(['matrix', '--session', 'demo/nope'])
    expect(session.code).toBe(2)
    expect(session.stderr.trim()).toBe('credscope: --session demo/nope: no such session; the world has demo/shared-1')
    const reporter = await cli(['matrix', '--reporter', 'junit'])
    expect(reporter.code).toBe(2)
    expect(reporter.stderr).toContain('--reporter for matrix is pretty, json, csv')
  })
})
