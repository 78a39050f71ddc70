import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli'
import { composeTurn, nextRpc, poll, snap, textOf, useAppInChromium } from '../support/app-page'

// Evidence that travels: a CI failure (a JUnit report of `credscope run` on another machine)
// opens in the app as a diagram; two live runs compare and land on whose credential differs;
// Replay of a live run shows its result.

const R12 = 'resources/scenarios/flaws/r12-mcp-credentials-owner-only.yaml'
const R12_ID = 'r12-mcp-credentials-owner-only'

const ui = useAppInChromium()
/** The second live run of the comparison, which the replay test replays. */
let liveB = ''
const scratch = mkdtemp(join(tmpdir(), 'credscope-evidence-'))

afterAll(async () => {
  await rm(await scratch, { recursive: true, force: true })
})

/** Sends bob's turn from the composer and waits for it to finish; its turn id. */
async function sendAsBob(message: string): Promise<string> {
  await ui.page.getByTestId('nav-session').click()
  // An opened run shows read-only; the composer sends to the live run.
  const back = ui.page.getByTestId('back-to-live')
  if (await back.isVisible()) await back.click()
  await composeTurn(ui.page, 'user:bob', message)
  const answer = nextRpc(ui.page, 'sendTurn')
  await ui.page.getByTestId('composer-send').click()
  const turn = (await answer).turn?.turn ?? ''
  await ui.page.locator(`[data-testid="timeline-row"][data-turn="${turn}"][data-status="finished"]`).waitFor()
  return turn
}

describe('evidence that travels', () => {
  it("opens a CI run's JUnit report as a diagram: the scenario re-runs here and its turn shows alice's MCP credential in bob's turn", async () => {
    const dir = await scratch
    const report = join(dir, 'ci-junit.xml')
    // CI: another machine, another run history.
    const ci = await runCli(['run', R12, '--platform', 'merge', '--reporter', `junit:${report}`, '--db', join(dir, 'ci.db')])
    expect(ci.code).toBe(1)

    await ui.page.getByTestId('nav-runs').click()
    const opened = nextRpc(ui.page, 'openFile')
    await ui.page.getByTestId('runs-open-file-input').setInputFiles(report)
    const run = await opened
    expect(run).toMatchObject({ kind: 'run', title: R12_ID })
    await ui.page.getByTestId('view-session').waitFor()
    expect(await textOf(ui.page.getByTestId('open-notice'))).toBe(`ci-junit.xml: ${R12_ID} re-run here under merge · as-is, seed 1: failed, as in the report`)
    const row = ui.page.getByTestId('timeline-row').first()
    await row.click()
    await poll(() => ui.page.locator('[data-testid="sequence-row"][data-kind="credential.served"]').count()).toBeGreaterThan(0)
    // bob's turn acted as alice through the docs MCP server: the flaw CI caught, here as a diagram.
    await poll(() => textOf(ui.page.getByTestId('turn-acted-as'))).toContain('alice')
    await snap(ui.page, 'evidence-1-junit-opened')
  })

  it('compares two live runs and lands on whose credential differs, side by side', async () => {
    const asIsTurn = await sendAsBob('mcp.docs.whoami')
    const liveA = await liveRunId()

    // The same turn under hardened: Apply restarts the engine into a new live run.
    await ui.page.getByTestId('nav-world').click()
    await ui.page.getByTestId('profile-hardened').click()
    await ui.page.getByTestId('profile-apply').click()
    await poll(() => textOf(ui.page.getByTestId('live-profile'))).toContain('hardened')
    await sendAsBob('mcp.docs.whoami')
    liveB = await liveRunId()
    expect(liveB).not.toBe(liveA)
    expect(asIsTurn).not.toBe('')

    await ui.page.getByTestId('nav-runs').click()
    await ui.page.getByTestId(`run-pick-${liveA}`).check()
    await ui.page.getByTestId(`run-pick-${liveB}`).check()
    const diffed = nextRpc(ui.page, 'diffRuns')
    await ui.page.getByTestId('runs-compare').click()
    const diff = await diffed
    expect(diff.a.kind).toBe('live')
    expect(diff.divergence.credential).toMatchObject({ what: 'mcp:docs credential served', a: 'alice', b: 'bob' })
    await ui.page.getByTestId('view-compare').waitFor()
    expect(await textOf(ui.page.getByTestId('compare-owner-a'))).toBe('alice')
    expect(await textOf(ui.page.getByTestId('compare-owner-b'))).toBe('bob')
    // Both diagrams open at the credential event, selected.
    await ui.page.getByTestId('compare-side-by-side').waitFor()
    const selectedA = ui.page.locator('[data-testid="compare-diagram-a"] [data-testid="sequence-row"][aria-selected="true"]')
    const selectedB = ui.page.locator('[data-testid="compare-diagram-b"] [data-testid="sequence-row"][aria-selected="true"]')
    expect(await selectedA.getAttribute('data-seq')).toBe(String(diff.divergence.credential?.atA?.seq))
    expect(await selectedB.getAttribute('data-seq')).toBe(String(diff.divergence.credential?.atB?.seq))
    expect(await selectedA.getAttribute('data-kind')).toBe('credential.served')
    expect(await selectedA.isVisible()).toBe(true)
    await snap(ui.page, 'evidence-2-compare-live')

    // Every difference is one click away.
    await ui.page.getByTestId('compare-all').click()
    await poll(() => ui.page.locator('[data-testid^="compare-difference-"]').count()).toBeGreaterThan(0)
  })

  it('replays a live run: its result shows in Scenarios beside the re-enacted scenario, not an empty page', async () => {
    await ui.page.getByTestId('nav-runs').click()
    expect(liveB).not.toBe('')
    const replayed = nextRpc(ui.page, 'replayRun')
    await ui.page.getByTestId(`run-replay-${liveB}`).click()
    const result = await replayed
    await ui.page.getByTestId('view-scenarios').waitFor()
    await ui.page.locator(`[data-testid="scenario-result"][data-passed="${result.passed}"]`).waitFor()
    expect(await textOf(ui.page.getByTestId('scenario-opened'))).toContain(result.file)
    await snap(ui.page, 'evidence-3-replayed-live')
  })
})

/** The live run's id, from the engine's state. */
async function liveRunId(): Promise<string> {
  const response = await fetch(`${ui.app.ready.controlUrl}/rpc/getState`, { method: 'POST', headers: { Authorization: `Bearer ${ui.app.ready.controlToken}`, 'Content-Type': 'application/json' }, body: '{}' })
  return ((await response.json()) as { live: { runId: string } }).live.runId
}
