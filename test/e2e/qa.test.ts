import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { E2E_ARTIFACTS, nextRpc, poll, snap, textOf, useAppInChromium } from '../support/app-page'
import { unmaskedSecrets } from '../support/secrets'
import type { ApiOutput } from '../../src/shared/api'

// QA's loop: run a flaw's demonstration from the library under the residual-flaw profile and the
// reference design, open the failing turn, diff the two, and export a repro bundle from Runs.

const SCENARIO = 'r12-mcp-credentials-owner-only'

const ui = useAppInChromium()

/** Presses Run and waits for the engine's answer and the result it shows. */
async function runUnder(profile: 'as-is' | 'hardened'): Promise<ApiOutput<'runScenario'>> {
  await ui.page.getByTestId(`scenario-config-profile-${profile}`).click()
  expect(await ui.page.getByTestId(`scenario-config-profile-${profile}`).getAttribute('aria-pressed')).toBe('true')
  const answer = nextRpc(ui.page, 'runScenario')
  await ui.page.getByTestId('scenario-run').click()
  const result = await answer
  expect(result.profile).toBe(profile)
  await ui.page.locator(`[data-testid="scenario-result"][data-passed="${result.passed}"]`).waitFor()
  expect(await textOf(ui.page.locator('[data-testid="scenario-result"] .sc-result-head h2'))).toBe(result.title)
  return result
}

/** The raw bearer tokens `/world` hands the holder of the control token; none may leave in an export. */
async function rawWorldTokens(): Promise<string[]> {
  const response = await fetch(`${ui.app.ready.controlUrl}/world`, { headers: { Authorization: `Bearer ${ui.app.ready.controlToken}` } })
  const world = (await response.json()) as { users: Array<{ token: string }>; sessions: Array<{ botToken: string }>; apiKeys: Array<{ token: string }> }
  return [...world.users.map((u) => u.token), ...world.sessions.map((s) => s.botToken), ...world.apiKeys.map((k) => k.token)]
}

describe('QA', () => {
  it('runs the R12 scenario from the library: it fails under merged and passes under hardened, opens the failing turn, diffs the two profiles and exports the run without a secret', async () => {
    await ui.page.getByTestId('nav-scenarios').click()
    await ui.page.getByTestId('view-scenarios').waitFor()
    await ui.page.getByTestId(`scenario-item-${SCENARIO}`).click()
    expect(await ui.page.getByTestId(`scenario-item-${SCENARIO}`).getAttribute('class')).toContain('active')

    // As-is, the demonstration catches its flaw: bob's turn got alice's MCP credential.
    const merged = await runUnder('as-is')
    expect(merged.passed).toBe(false)
    expect(merged.scenario).toBe(SCENARIO)
    expect(await textOf(ui.page.getByTestId('scenario-result-status'))).toBe('failed')
    expect(await textOf(ui.page.getByTestId('scenario-invariant'))).toContain(`Invariant broken: ${SCENARIO}`)
    const step = ui.page.getByTestId('scenario-step-0')
    expect(await step.getAttribute('data-passed')).toBe('false')
    expect(await textOf(step)).toMatch(/alice/)
    await snap(ui.page, 'qa-1-merged-failed')

    // Its one turn opens in the Session view, read-only, with the same evidence as a live turn.
    const turn = merged.steps[0]!.turns[0]!
    await ui.page.getByTestId('scenario-step-0-open-turn').click()
    await ui.page.getByTestId('view-session').waitFor()
    await ui.page.locator(`[data-testid="turn-header"][data-turn="${turn}"]`).waitFor()
    await ui.page.getByTestId('debugger-saved').waitFor()
    expect(await ui.page.getByTestId('composer-send').isDisabled()).toBe(true)
    await poll(() => ui.page.getByTestId('turn-acted-as').count()).toBe(1)
    expect(await textOf(ui.page.getByTestId('turn-acted-as'))).toBe('mcp.docs.whoami → alice')
    expect(await ui.page.locator(`[data-testid="timeline-row"][data-turn="${turn}"]`).getAttribute('data-flagged')).toBe('true')
    await snap(ui.page, 'qa-2-opened-turn')

    // Back in Scenarios the result is still there; under hardened the same scenario passes.
    await ui.page.getByTestId('nav-scenarios').click()
    await ui.page.locator('[data-testid="scenario-result"][data-passed="false"]').waitFor()
    const hardened = await runUnder('hardened')
    expect(hardened.passed).toBe(true)
    expect(hardened.runId).not.toBe(merged.runId)
    expect(await textOf(ui.page.getByTestId('scenario-result-status'))).toBe('passed')
    expect(await ui.page.getByTestId('scenario-step-0').getAttribute('data-passed')).toBe('true')
    expect(await ui.page.getByTestId('scenario-invariant').count()).toBe(0)
    await snap(ui.page, 'qa-3-hardened-passed')

    // Diff as-is against hardened with one seed: the traces part where the MCP credential is served.
    await ui.page.getByTestId('scenario-mode-diff').click()
    await ui.page.getByTestId('scenario-preset-as-is-vs-hardened').click()
    const diffAnswer = nextRpc(ui.page, 'diffScenario')
    await ui.page.getByTestId('scenario-diff').click()
    const diff = await diffAnswer
    expect(diff.divergence.index).not.toBeNull()
    const divergence = ui.page.getByTestId('scenario-divergence')
    await divergence.waitFor()
    expect(await divergence.getAttribute('data-index')).toBe(String(diff.divergence.index))
    // Whose credential differs leads the box; where the traces first part follows.
    expect(await textOf(divergence)).toMatch(/^Whose credential differs first:/)
    expect(await textOf(divergence.locator('header'))).toMatch(new RegExp(`^first divergence event ${diff.divergence.index} of ${diff.divergence.compared} compared`, 'i'))
    expect(await textOf(ui.page.getByTestId('scenario-diff-a-status'))).toBe('failed')
    expect(await textOf(ui.page.getByTestId('scenario-diff-b-status'))).toBe('passed')
    const credential = ui.page.getByTestId('scenario-credential-difference')
    expect(await textOf(credential)).toContain('mcp:docs')
    expect(await credential.locator('.sc-side-letter + *').allInnerTexts().then((t) => t.map((s) => s.trim()))).toEqual(['alice', 'bob'])
    await snap(ui.page, 'qa-4-diff')

    // Runs lists the failed merged run; its export downloads a bundle with masked secrets only.
    await ui.page.getByTestId('nav-runs').click()
    await ui.page.getByTestId('view-runs').waitFor()
    const row = ui.page.getByTestId(`run-row-${merged.runId}`)
    await row.waitFor()
    expect(await row.getAttribute('data-status')).toBe('failed')
    expect(await textOf(row)).toContain(merged.title)
    expect(await ui.page.getByTestId(`run-row-${hardened.runId}`).getAttribute('data-status')).toBe('passed')

    const downloading = ui.page.waitForEvent('download')
    await ui.page.getByTestId(`run-export-${merged.runId}`).click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe(`${SCENARIO}.credscope-bundle.json`)
    const saved = join(E2E_ARTIFACTS, download.suggestedFilename())
    await download.saveAs(saved)
    await ui.page.getByTestId(`run-exported-${merged.runId}`).waitFor()
    expect(await textOf(ui.page.getByTestId(`run-exported-${merged.runId}`))).toContain(`credscope replay ${download.suggestedFilename()}`)
    await snap(ui.page, 'qa-5-runs-exported')

    const text = await readFile(saved, 'utf8')
    const bundle = JSON.parse(text) as { scenario: { name: string }; platform: string; profile: string; result: { passed: boolean }; trace: unknown[] }
    expect(bundle.scenario.name).toBe(SCENARIO)
    expect(bundle.profile).toBe('as-is')
    expect(bundle.platform).toBe('head')
    expect(bundle.result.passed).toBe(false)
    expect(bundle.trace.length).toBeGreaterThan(0)
    expect(unmaskedSecrets(text)).toEqual([])
    for (const token of await rawWorldTokens()) expect(text.includes(token)).toBe(false)
  })

  it("runs a scenario with its file's seed unless one is typed, and says so in the empty field", async () => {
    const pinned = 'r7-bot-not-bound-to-session'
    await ui.page.getByTestId('nav-scenarios').click()
    await ui.page.getByTestId(`scenario-item-${pinned}`).click()
    await ui.page.getByTestId('scenario-mode-run').click()
    const seed = ui.page.getByTestId('scenario-seed')
    expect([await seed.inputValue(), await seed.getAttribute('placeholder')]).toEqual(['', "2 (file's)"])
    const fileSeed = nextRpc(ui.page, 'runScenario')
    await ui.page.getByTestId('scenario-run').click()
    expect((await fileSeed).seed).toBe(2)
    await seed.fill('5')
    const typed = nextRpc(ui.page, 'runScenario')
    await ui.page.getByTestId('scenario-run').click()
    expect((await typed).seed).toBe(5)
    await snap(ui.page, 'qa-6-seed-typed')
    await seed.fill('')
    await ui.page.getByTestId(`scenario-item-${SCENARIO}`).click()
    expect(await seed.getAttribute('placeholder')).toBe('1')
  })
})
