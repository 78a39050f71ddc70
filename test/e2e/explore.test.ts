import { describe, expect, it } from 'vitest'
import { nextRpc, poll, setUpExplore, snap, textOf, useAppInChromium } from '../support/app-page'

// QA and reviewers find the interleaving without a seed: Explore runs r7's scenario under many
// schedules, shows the count as it goes, and hands over the failing schedule as lanes and as a
// stored run that opens as a diagram.

const ui = useAppInChromium()

describe('the Explorer view', () => {
  it("explores r7's scenario with r7 on, shows the failing schedule as lanes, and opens it as a diagram", async () => {
    const { page } = ui
    await setUpExplore(page, 'flaws/r7-bot-not-bound-to-session.yaml', 'r7-bot-not-bound-to-session')
    const explored = nextRpc(page, 'exploreScenario')
    await page.getByTestId('explore-go').click()
    const result = await explored
    expect(result.counterexample?.lanes.preemptions).toBeLessThanOrEqual(2)
    expect(result.counterexample?.result.passed).toBe(false)
    await poll(() => page.getByTestId('explore-summary').getAttribute('data-found')).toBe('true')
    expect(await textOf(page.getByTestId('explore-summary'))).toMatch(/^A schedule fails: \d+ deviations? from the default, \d+ preemptions?/)
    // One lane per flow that handed over: the scenario, bob's turn, rogue's request.
    const lanes = await page.getByTestId('explore-lane').allInnerTexts()
    expect(lanes.some((l) => l.includes('turn as bob'))).toBe(true)
    expect(lanes.some((l) => l.includes('as sa:rogue'))).toBe(true)
    await snap(page, 'explore-1-counterexample')

    await page.getByTestId('scenario-open-run').click()
    await page.getByTestId('view-session').waitFor()
    await page.getByTestId('timeline-row').first().click()
    await poll(() => page.locator('[data-testid="sequence-row"][data-kind="credential.served"]').count()).toBeGreaterThan(0)
  })

  it('counts the schedules as it explores hardened, and says none fails once every one within the bound ran', async () => {
    const { page } = ui
    await setUpExplore(page, 'flaws/r7-bot-not-bound-to-session.yaml', null)
    await page.getByTestId('explore-preemptions').fill('1')
    const explored = nextRpc(page, 'exploreScenario')
    await page.getByTestId('explore-go').click()
    await page.getByTestId('explore-progress').waitFor()
    const result = await explored
    expect([result.counterexample, result.exhausted, result.space]).toEqual([null, true, result.schedules])
    expect(await textOf(page.getByTestId('explore-summary'))).toMatch(new RegExp(`^No schedule fails: every schedule within the bound ran\\. ${result.schedules} schedules, ${result.distinctTraces} distinct traces, space ${result.space ?? 0}, [\\d.]+ (ms|s)\\.$`))
  })
})

