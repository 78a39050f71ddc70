import { describe, expect, it } from 'vitest'
import type { ApiInput, ApiMethod, ApiOutput } from '../../src/shared/api'
import { glossaryEntry } from '../../src/shared/glossary'
import { composeTurn, nextRpc, poll, snap, textOf, useAppInChromium } from '../support/app-page'

// The words the app shows: a term explains itself where it stands and in the Help view; one thing
// has one name (the RBAC decision no row made, the sink a credential stayed in); a live run is
// titled by what ran and can be renamed; a scenario run is found by its scenario's name.

const ui = useAppInChromium()

/** The app's own API, as the web shell calls it. */
async function rpc<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const response = await fetch(`${ui.app.ready.controlUrl}/rpc/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ui.app.ready.controlToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input)
  })
  expect(response.status, `${method}`).toBe(200)
  return (await response.json()) as ApiOutput<M>
}

/** Sends a turn from the composer and opens it. */
async function sendAndOpen(sender: string, message: string): Promise<string> {
  await ui.page.getByTestId('nav-session').click()
  await composeTurn(ui.page, sender, message)
  const answer = nextRpc(ui.page, 'sendTurn')
  await ui.page.getByTestId('composer-send').click()
  const turn = (await answer).turn!.turn
  await ui.page.locator(`[data-testid="timeline-row"][data-turn="${turn}"][data-status="finished"]`).click()
  await ui.page.locator(`[data-testid="turn-header"][data-turn="${turn}"]`).waitFor()
  return turn
}

interface Focusable {
  ownerDocument: { activeElement: unknown }
}

describe('words on screen', () => {
  it('explains a term where it stands, on hover and on focus, and opens Help at it on Enter', async () => {
    const page = ui.page
    await sendAndOpen('user:bob', 'github.whoami\nmcp.docs.whoami')
    await page.getByTestId('inspector-tab-ledger').click()

    // alice's MCP key reached bob's turn without any row of the RBAC table (r12): one name for that, everywhere.
    const mcp = page.locator('[data-testid="ledger-row"][data-slot="mcp:docs"]')
    expect(await textOf(mcp)).toContain('outside the table · allow')
    expect(await textOf(page.locator('[data-testid="ledger-row"][data-slot="github"]'))).toContain('row 10 · allow')
    const term = mcp.locator('[data-term="outside-the-table"]')
    const short = glossaryEntry('outside-the-table').short
    const tip = page.getByTestId('term-tip')

    await term.hover()
    await tip.waitFor()
    expect(await textOf(tip)).toContain(short)
    await snap(page, 'words-1-term-on-hover')
    await page.mouse.move(2, 2)
    await tip.waitFor({ state: 'detached' })

    // The same line is the term's accessible description, and the keyboard reaches it.
    const described = await term.getAttribute('aria-describedby')
    const description = page.locator(`[id="${described}"]`)
    expect(await description.isVisible()).toBe(false)
    expect(await description.textContent()).toBe(short)
    await term.focus()
    await tip.waitFor()
    await page.keyboard.press('Escape')
    await tip.waitFor({ state: 'detached' })
    await page.keyboard.press('Enter')
    await page.getByTestId('view-help').waitFor()
    const entry = page.getByTestId('help-term-outside-the-table')
    expect(await entry.getAttribute('class')).toContain('current')
    await poll(() => entry.evaluate((e: Focusable) => e.ownerDocument.activeElement === e)).toBe(true)
    expect(await textOf(entry)).toContain('also no row, before the table')
    await snap(page, 'words-2-help-at-term')

    // The glossary finds a term by the platform's long name for it.
    await page.getByTestId('help-search').fill('SelfSubjectAccessReview')
    expect(await page.locator('[data-testid^="help-term-"]').first().getAttribute('data-testid')).toBe('help-term-ssar')
    expect(await textOf(page.getByTestId('help-count'))).toMatch(/^\d+ of \d+ terms match “SelfSubjectAccessReview”\.$/)
  })

  it('says in the Env diff what stayed after the turn, named as the Ledger names it, when no runner-env key changed', async () => {
    const page = ui.page
    // bob again in the same thread: his worker kept the env it was spawned with.
    await sendAndOpen('user:bob', 'github.whoami')
    await page.getByTestId('inspector-tab-ledger').click()
    const github = page.locator('[data-testid="ledger-row"][data-slot="github"]')
    expect(await github.getAttribute('data-owner')).toBe('bob')
    const place = 'worker-env (thread shared-1: GITHUB_TOKEN)'
    expect(await textOf(github)).toContain(place)

    await page.getByTestId('inspector-tab-env').click()
    const held = page.getByTestId('env-held-row')
    await held.first().waitFor()
    const rows = (await held.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
    expect(rows.some((r) => r.startsWith(place) && r.includes('bob') && r.includes('github'))).toBe(true)
    expect(await textOf(page.getByTestId('inspector-tab-env'))).toBe(`Env diff 0 · ${rows.length} held`)
    expect(await textOf(page.getByTestId('env-held-summary'))).toContain('The Ledger lists the same under “Left in”.')
    expect(await page.locator('[data-testid="env-row"][data-change]:not([data-change="same"])').count()).toBe(0)
    await snap(page, 'words-3-env-diff-what-stayed')
  })

  it('titles the live run by what ran, renames it from the Runs view, and finds a scenario run by its scenario name', async () => {
    const page = ui.page
    const live = (await rpc('getState', {})).live.runId
    await page.getByTestId('nav-runs').click()
    const title = page.getByTestId(`run-title-${live}`)
    expect(await textOf(title)).toMatch(/^Live · head as-is · bob in demo\/shared-1 · \d\d:\d\d$/)

    await page.getByTestId(`run-rename-${live}`).click()
    await page.getByTestId(`run-title-input-${live}`).fill('R12 repro for the review')
    const renamed = nextRpc(page, 'renameRun')
    await page.keyboard.press('Enter')
    expect((await renamed).title).toBe('R12 repro for the review')
    await poll(() => textOf(title)).toBe('R12 repro for the review')
    // The user's title stays when more turns come.
    await rpc('sendTurn', { sender: { kind: 'user', userId: 'alice' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    await page.getByTestId('runs-refresh').click()
    await poll(async () => (await rpc('listRuns', {})).find((r) => r.id === live)?.title).toBe('R12 repro for the review')
    expect(await textOf(title)).toBe('R12 repro for the review')

    // A scenario opened from disk: its file says one thing, its `scenario:` name another.
    const source = ['scenario: team-a-repro', 'title: bob fetches his own GitHub token', 'steps:', '  - turn:', '      as: bob', '      tools: [github.whoami]', '      expect: { acted-as: { github.whoami: bob } }', ''].join('\n')
    const ran = await rpc('runScenario', { scenario: { source, name: 'handmade.yaml' }, config: { profile: 'hardened', flaws: [] } })
    await page.getByTestId('runs-refresh').click()
    await page.getByTestId(`run-row-${ran.runId}`).waitFor()
    await page.getByTestId('runs-filter').fill('team-a-repro')
    await poll(() => page.locator('[data-testid^="run-row-"]').count()).toBe(1)
    await page.getByTestId(`run-row-${ran.runId}`).waitFor()
    await snap(page, 'words-4-runs-renamed-and-filtered')
    await page.getByTestId('runs-filter').fill('')
  })
})
