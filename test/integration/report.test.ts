import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { renderReport } from '../../src/main/report/render'
import { reportOfRun } from '../../src/main/report/run-report'
import { loadScenarioFile } from '../../src/main/scenarios/load'
import { runScenario } from '../../src/main/scenarios/run'
import { Store } from '../../src/main/store/store'
import { maskSecret } from '../../src/shared/mask'
import { secretFields } from '../../src/shared/providers'
import { configOf } from '../../src/shared/profiles'
import { startTestEngine } from '../support/engine'
import { attr, byTag, only, parseHtml, text, withAttr } from '../support/html'
import { markdownToHtml, tablesHeaded } from '../support/markdown'
import { unmaskedSecrets } from '../support/secrets'

// Reports of runs as the history holds them: a scenario run and a live session, recorded by the
// engine into a real SQLite file, read back and rendered. The facts must be the run's, and no
// secret the run minted may appear in either format.

const ROOT = resolve(import.meta.dirname, '../..')
const LIBRARY = join(ROOT, 'resources/scenarios')
const R12 = join(LIBRARY, 'flaws/r12-mcp-credentials-owner-only.yaml')
const SCRIPT_LINE = 'fs.read /tmp/<script>alert(1)</script>'

let dir = ''
let store: Store
let engine: Engine | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-report-'))
  store = Store.open(join(dir, 'runs.db'))
})

afterEach(async () => {
  await engine?.stop()
  engine = null
  store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the report of a recorded scenario run', () => {
  it("says R12's turn got alice's MCP credential, which row let it through, the flaws on and the command that runs it again", async () => {
    const result = await runScenario(await loadScenarioFile(R12), { config: configOf({ profile: 'as-is' }), store })
    expect(result.passed).toBe(false)
    const model = await reportOfRun(store, result.runId, { credscope: '0.1.0', scenariosDir: LIBRARY })
    const html = renderReport(model, 'html')
    expect(html.filename).toBe('r12-mcp-credentials-owner-only.credscope-report.html')
    const { document, errors } = parseHtml(html.content)
    expect(errors).toEqual([])
    const fact = (name: string): string => text(only(withAttr(document, 'data-fact', name), name))

    expect(fact('title')).toBe("MCP credentials of a turn are the sender's")
    expect(fact('verdict')).toBe('FAILED 6 expectations failed; 4 leak findings.')
    expect(fact('platform')).toBe('head (0b59fe7de) the platform as its users run it today')
    expect(fact('scenario')).toBe('resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml')
    expect(byTag(only(withAttr(document, 'data-fact', 'flaws'), 'flaws'), 'code').map(text)).toEqual(result.flaws)
    // As-is with no flaw on top: the profile says it all.
    expect(fact('rerun')).toBe('credscope run resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml --platform head --profile as-is --seed 1')

    const turn = only(withAttr(document, 'id', 'turn-1'), 'turn 1')
    expect(attr(turn, 'data-turn')).toBe(result.steps[0]!.turns[0])
    expect(text(only(withAttr(turn, 'data-fact', 'sender'), 'sender'))).toBe('bob')
    const ledger = withAttr(turn, 'data-cleaned').map((row) => [attr(row, 'data-slot'), attr(row, 'data-owner'), attr(row, 'data-foreign')])
    expect(ledger).toContainEqual(['mcp:docs', 'alice', 'true'])
    expect(ledger.filter(([slot]) => slot !== 'mcp:docs').every(([, owner, foreign]) => owner === 'bob' && foreign === 'false')).toBe(true)
    const decisions = withAttr(turn, 'data-row').filter((e) => e.tagName === 'tr')
    expect(text(decisions.find((d) => attr(d, 'data-slot') === 'mcp:docs')!)).toContain("outside the table: no row of the table decided it A=\"\" H=bob O=alice E=alice M=(none) MCP endpoint: empty userID allowed; the owner's credentials")
    expect(text(decisions.find((d) => attr(d, 'data-slot') === 'github')!)).toContain("row 10: user A; header H ≠ O; A = H → allow, with H's (= A's) credentials")
    // The answer to the run request arrives after the turn started: the diagram keeps the order it happened in.
    const seqs = withAttr(turn, 'data-seq').map((row) => Number(attr(row, 'data-seq')))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(seqs[0]).toBeLessThan(Number(attr(withAttr(turn, 'data-seq').find((r) => text(r).includes('TURN started by bob'))!, 'data-seq')))

    const md = renderReport(model, 'md').content
    const [credentials] = tablesHeaded(md, ['Credential', 'Owner', 'Fetched with', 'Decision', 'Went to', 'Left after cleanup'])
    const mcp = credentials!.rows.find((r) => r[0]!.startsWith('mcp:docs'))!
    expect(mcp.slice(1, 4)).toEqual(["alice (not bob's)", 'caller token as bob', "outside the table · allow: MCP endpoint: empty userID allowed; the owner's credentials"])
    expect(mcp[5]).toContain('mcp-env (thread shared-1: docs.API_KEY)')
    const [leaks] = tablesHeaded(md, ['Turn', 'Invariant', 'Whose', 'Provider', 'Sink', 'Where', 'Sender', 'Fingerprint'])
    expect(leaks!.rows.map((r) => [r[0], r[2], r[4], r[6]])).toEqual([
      ['1', 'alice', 'runner-env', 'bob'],
      ['1', 'alice', 'worker-env', 'bob'],
      ['1', 'alice', 'mcp-env', 'bob'],
      ['1', 'alice', 'mcp-config', 'bob']
    ])
  })
})

describe('the report of a live session', () => {
  it('holds none of the secrets the run minted, in either format, and shows markup in a message as text', async () => {
    engine = await startTestEngine({ store })
    const sends: Array<Parameters<Engine['sendTurn']>[0]> = [
      { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami\ngitlab.whoami\njira.myself\ngoogle.whoami\nmcp.docs.whoami\nenv.dump\nfs.list' },
      { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: `${SCRIPT_LINE}\nhttp GET https://api.github.com/user -H 'Authorization: Bearer \${BOT_TOKEN}'` },
      { sender: { kind: 'user', userId: 'alice' }, project: 'demo', session: 'shared-1', message: 'github.whoami\nenv.dump' },
      { sender: { kind: 'apikey', key: 'ci-bot' }, project: 'demo', session: 'shared-1', message: 'github.whoami' }
    ]
    for (const send of sends) expect((await engine.sendTurn(send)).turn?.status).toBe('finished')
    const secrets = engine.sim.registry.entries()
    const credentials = await engine.sim.credentials.entries()
    const runId = engine.runId
    await engine.stop()
    engine = null

    const model = await reportOfRun(store, runId, { credscope: '0.1.0', scenariosDir: LIBRARY })
    expect(model.rerun.command).toBe(`credscope run live-${runId.slice(0, 8)}.yaml --platform ${model.ran.platform} --profile as-is --seed 7`)
    expect(model.scenario?.source).toContain(SCRIPT_LINE)
    const html = renderReport(model, 'html').content
    const md = renderReport(model, 'md').content

    // Every secret of the run: canaries, bearer tokens, ServiceAccount tokens; a cut-off one counts too.
    expect(secrets.some(([, ref]) => ref.field === 'oauth-token')).toBe(true)
    expect(credentials.length).toBeGreaterThan(0)
    const values = [...secrets.map(([value]) => value), ...credentials.flatMap((c) => secretFields(c.credential).map((f) => f.value))]
    for (const [name, content] of [['html', html], ['md', md]] as const) {
      const found = values.flatMap((value) => [value, ...(value.length >= 24 ? [value.slice(0, 16), value.slice(-16)] : [])].filter((form) => content.includes(form)))
      expect(found, `${name} holds a secret`).toEqual([])
      expect(unmaskedSecrets(content), name).toEqual([])
    }
    // Redaction kept the evidence: bob's bearer token is there, masked, on the requests it authorised.
    const bobBearer = secrets.find(([, ref]) => ref.owner === 'bob' && ref.field === 'oauth-token')![0]
    expect(html).toContain(maskSecret(bobBearer))

    for (const page of [html, markdownToHtml(md)]) {
      const { document } = parseHtml(page)
      expect(byTag(document, 'script')).toEqual([])
      expect(text(document)).toContain(SCRIPT_LINE)
    }
    expect(model.turns.map((t) => t.sender)).toEqual(['bob', 'bob', 'alice', 'API key ci-bot'])
    expect(model.turns[1]!.message).toEqual([SCRIPT_LINE, "http GET https://api.github.com/user -H 'Authorization: Bearer ${BOT_TOKEN}'"])
  })
})
