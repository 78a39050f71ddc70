import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadScenarioFile } from '../../src/main/scenarios/load'
import { runScenario } from '../../src/main/scenarios/run'
import { Store } from '../../src/main/store/store'
import { configOf } from '../../src/shared/profiles'
import { CLI, runCli } from '../support/cli'
import { byTag, only, parseHtml, text, withAttr } from '../support/html'
import { tablesHeaded } from '../support/markdown'
import { unmaskedSecrets } from '../support/secrets'

// `credscope report` through the built CLI, as a user attaches evidence to a ticket: a bundle
// file and a run recorded in a history, each as HTML (a file) and Markdown (stdout); bad input
// is exit 2 with one line that says what to do.

const ROOT = resolve(import.meta.dirname, '../..')
const R12 = join(ROOT, 'resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml')

let dir = ''
let db = ''
let runId = ''

beforeAll(async () => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test builds before testing)`).toBe(true)
  dir = await mkdtemp(join(tmpdir(), 'credscope-report-cli-'))
  // A history with one recorded run of R12, as serve or the app leaves it.
  db = join(dir, 'runs.db')
  const store = Store.open(db)
  try {
    const result = await runScenario(await loadScenarioFile(R12), { config: configOf({ profile: 'as-is' }), store })
    runId = result.runId
  } finally {
    store.close()
  }
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const cli = (args: string[]) => runCli(args, { cwd: dir })

describe('credscope report of a bundle', () => {
  it('writes one HTML page beside it, named after it, and Markdown to stdout', async () => {
    const bundled = await cli(['bundle', R12, '--out', 'r12.credscope-bundle.json'])
    expect(bundled.code, bundled.stderr).toBe(0)

    const html = await cli(['report', 'r12.credscope-bundle.json'])
    expect([html.code, html.stderr]).toEqual([0, ''])
    expect(html.stdout).toBe("report written to r12.credscope-report.html: MCP credentials of a turn are the sender's, failed (1 turn, 4 leak findings)\n")
    const page = await readFile(join(dir, 'r12.credscope-report.html'), 'utf8')
    const { document, errors } = parseHtml(page)
    expect(errors).toEqual([])
    expect(byTag(document, 'script')).toEqual([])
    expect(text(only(withAttr(document, 'data-fact', 'sender'), 'sender'))).toBe('bob')
    expect(text(only(withAttr(document, 'data-fact', 'rerun'), 'rerun'))).toBe('credscope run r12.credscope-bundle.json --platform head --profile as-is --seed 1')
    expect(unmaskedSecrets(page)).toEqual([])

    const md = await cli(['report', 'r12.credscope-bundle.json', '--format', 'md'])
    expect([md.code, md.stderr]).toEqual([0, ''])
    expect(md.stdout.split('\n')[0]).toBe("# credscope report: MCP credentials of a turn are the sender's")
    const [turns] = tablesHeaded(md.stdout, ['#', 'Sender', 'Should use', 'Status', 'Credentials served', 'Leaks', 'Denied'])
    expect(turns!.rows).toEqual([['1', 'bob', 'bob', 'finished', "github bob, jira bob, coderabbit bob, gitlab bob, gerrit bob, google bob, mcp:docs alice (not bob's)", '4', '0']])
  })
})

describe('credscope report of a recorded run', () => {
  it('finds the run by its id or the start of it in the history --db names', async () => {
    const md = await cli(['report', runId.slice(0, 8), '--db', db, '--format', 'md', '--turn', '1'])
    expect([md.code, md.stderr]).toEqual([0, ''])
    expect(md.stdout.split('\n')[0]).toBe("# credscope report: MCP credentials of a turn are the sender's: turn 1")
    expect(md.stdout).toContain(`| Run id | \`${runId}\` |`)
    const [decisions] = tablesHeaded(md.stdout, ['Credential', 'Decision', 'Deciding row', 'Inputs', 'Why'])
    expect(decisions!.rows.find((r) => r[0]!.startsWith('mcp:docs'))?.slice(1, 3)).toEqual(['allow · 200', 'outside the table'])

    const html = await cli(['report', runId, '--db', db, '--out', 'evidence.html'])
    expect([html.code, html.stdout]).toEqual([0, "report written to evidence.html: MCP credentials of a turn are the sender's, failed (1 turn, 4 leak findings)\n"])
    const { document } = parseHtml(await readFile(join(dir, 'evidence.html'), 'utf8'))
    expect(text(only(withAttr(document, 'data-fact', 'scenario'), 'scenario'))).toBe('resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml')
  })

  it('refuses what it cannot report with exit 2 and one line: a mistyped run id, a missing history, a turn the run lacks, a file that is no bundle', async () => {
    const typo = `${runId.slice(0, 7)}x${runId.slice(8)}`
    expect(await cli(['report', typo, '--db', db])).toEqual({
      code: 2,
      stdout: '',
      stderr: `credscope: no run ${typo} in the run history ${db}; did you mean ${runId} (MCP credentials of a turn are the sender's)? (run ids are in the app's Runs view; --db names another history; a bundle is a .json file)\n`
    })
    const missing = join(dir, 'nowhere.db')
    expect(await cli(['report', runId, '--db', missing])).toMatchObject({ code: 2, stderr: `credscope: no run history at ${missing}, so no run ${runId} (name the history with --db, or give a bundle file)\n` })
    expect(existsSync(missing)).toBe(false)
    expect(await cli(['report', runId, '--db', db, '--turn', '2'])).toMatchObject({ code: 2, stderr: 'credscope: turn 2: the run has one turn, 1\n' })
    expect(await cli(['report', runId, '--db', db, '--format', 'pdf'])).toMatchObject({ code: 2, stderr: 'credscope: --format is html or md, not "pdf"\n' })
    await writeFile(join(dir, 'notes.json'), '{"hello":1}')
    expect(await cli(['report', 'notes.json'])).toMatchObject({ code: 2, stderr: 'credscope: notes.json: not a credscope bundle: format: Invalid input: expected "credscope-bundle/1"\n' })
    expect(await cli(['report'])).toMatchObject({ code: 2 })
  })
})
