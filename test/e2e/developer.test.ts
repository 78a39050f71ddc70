import { describe, expect, it } from 'vitest'
import { composeTurn, nextRpc, poll, snap, textOf, useAppInChromium } from '../support/app-page'

// The developer's loop: reproduce a shared-session bug in the Session view, read the evidence,
// switch the profile, and see the fix hold. One serve under head `as-is`, restarted to `hardened`
// from the World view as a person would.

const MESSAGE = 'github.whoami\nmcp.docs.whoami'

const ui = useAppInChromium()

/** Sends bob's turn from the composer; the turn's id as the proxy named it. */
async function sendAsBob(): Promise<string> {
  await composeTurn(ui.page, 'user:bob', MESSAGE)
  const answer = nextRpc(ui.page, 'sendTurn')
  await ui.page.getByTestId('composer-send').click()
  const sent = await answer
  expect(sent.status).toBe(200)
  expect(sent.turn).not.toBeNull()
  const turn = sent.turn!.turn
  await ui.page.locator(`[data-testid="timeline-row"][data-turn="${turn}"][data-status="finished"]`).waitFor()
  await ui.page.locator(`[data-testid="turn-header"][data-turn="${turn}"]`).waitFor()
  return turn
}

describe('developer', () => {
  it("reproduces R12 in the Session view: bob's turn acts as alice through the docs MCP server under merged, and only as bob under hardened", async () => {
    await ui.page.getByTestId('nav-session').click()
    await ui.page.getByTestId('view-session').waitFor()
    expect(await textOf(ui.page.getByTestId('live-profile'))).toContain('head · as-is')

    const merged = await sendAsBob()
    const row = ui.page.locator(`[data-testid="timeline-row"][data-turn="${merged}"]`)

    // The turn header names, per tool, whose account the provider saw.
    const acted = ui.page.getByTestId('turn-acted-as')
    await poll(() => acted.count()).toBe(2)
    expect(await textOf(acted.nth(0))).toBe('github.whoami → bob')
    expect(await textOf(acted.nth(1))).toBe('mcp.docs.whoami → alice')
    expect(await acted.nth(1).getAttribute('class')).toContain('foreign')
    expect(await acted.nth(0).getAttribute('class')).not.toContain('foreign')

    // The timeline flags the turn and counts its leaks: alice's MCP key in bob's runner env, worker, MCP server and config.
    expect(await row.getAttribute('data-flagged')).toBe('true')
    expect(await textOf(row.getByTestId('timeline-leaks'))).toMatch(/^[1-9]\d* leaks?$/)
    await snap(ui.page, 'developer-1-merged-turn')

    // Ledger: the one foreign credential is alice's mcp:docs, let through with no RBAC row.
    await ui.page.getByTestId('inspector-tab-ledger').click()
    const ledger = ui.page.getByTestId('ledger-row')
    await poll(() => ledger.count()).toBe(7)
    const foreign = ui.page.locator('[data-testid="ledger-row"][data-owner="alice"]')
    expect(await foreign.count()).toBe(1)
    expect(await foreign.getAttribute('data-slot')).toBe('mcp:docs')
    const foreignText = await textOf(foreign)
    expect(foreignText).toMatch(/not bob’s/i)
    expect(foreignText).toContain('outside the table · allow')
    expect(foreignText).toContain('empty userID allowed')
    for (const slot of ['github', 'gitlab', 'jira', 'google']) {
      const own = ui.page.locator(`[data-testid="ledger-row"][data-slot="${slot}"]`)
      expect(await own.getAttribute('data-owner')).toBe('bob')
      expect(await textOf(own)).toContain('row 10 · allow')
    }
    const leaks = await textOf(ui.page.getByTestId('inspector-ledger-leaks'))
    expect(leaks).toContain('foreign-credential alice mcp:docs runner-env')
    expect(leaks).toContain('foreign-credential alice mcp:docs mcp-env')
    await snap(ui.page, 'developer-2-merged-ledger')

    // Env diff: the runner's MCP_DOCS_API_KEY held alice's key during bob's turn; his own keys are his.
    await ui.page.getByTestId('inspector-tab-env').click()
    const mcpKey = ui.page.locator('[data-testid="env-row"][data-key="MCP_DOCS_API_KEY"]')
    await mcpKey.waitFor()
    expect(await textOf(mcpKey.locator('td').last())).toBe('alice')
    expect(await textOf(mcpKey)).toContain('populated')
    expect(await textOf(ui.page.locator('[data-testid="env-row"][data-key="GITHUB_TOKEN"] td').last())).toBe('bob')
    await snap(ui.page, 'developer-3-merged-env-diff')

    // Switch the live engine to the reference design from the World view.
    await ui.page.getByTestId('nav-world').click()
    await ui.page.getByTestId('view-world').waitFor()
    // R12 in the catalog: where the platform decides it, head (the version shown) first, each line linked at its commit.
    await ui.page.getByTestId('flaw-expand-r12-mcp-credentials-owner-only').click()
    const sites = ui.page.getByTestId('flaw-sites-r12-mcp-credentials-owner-only')
    const owner = "(authenticatedUserID: only the owner or an empty userID pass, and :230 serves the owner's)"
    expect((await sites.locator('.platform-site').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      `platform (head 0b59fe7de): components/backend/handlers/mcp_credentials.go:224 ${owner}`,
      `platform (merge 0d78e86): components/backend/handlers/mcp_credentials.go:224 ${owner}`
    ])
    const headLink = sites.getByTestId('flaw-site-head').getByRole('link')
    expect(await headLink.getAttribute('href')).toBe('https://github.com/ambient-code/platform/blob/0b59fe7de035d827ea221ef1370598edc77b527f/components/backend/handlers/mcp_credentials.go#L224')
    expect([await headLink.getAttribute('target'), await headLink.getAttribute('rel')]).toEqual(['_blank', 'noreferrer'])
    expect(await textOf(sites.getByTestId('flaw-site-credscope'))).toBe('credscope: src/main/backend/credentials/mcp.ts: serveMcp')
    await snap(ui.page, 'developer-4a-world-flaw-sites')
    await ui.page.getByTestId('profile-hardened').click()
    expect(await textOf(ui.page.getByTestId('world-draft-config'))).toContain('hardened')
    await ui.page.getByTestId('profile-apply').click()
    await poll(() => textOf(ui.page.getByTestId('world-live-config'))).toContain('hardened')
    await poll(() => textOf(ui.page.getByTestId('live-profile'))).toBe('head · hardened · no flaws')
    await snap(ui.page, 'developer-4-world-hardened')

    // The restart began a new live run: an empty timeline, then the very same turn.
    await ui.page.getByTestId('nav-session').click()
    await poll(() => ui.page.getByTestId('timeline-row').count()).toBe(0)
    const hardened = await sendAsBob()
    expect(hardened).not.toBe(merged)
    await poll(() => acted.count()).toBe(2)
    expect(await acted.allInnerTexts().then((t) => t.map((s) => s.replace(/\s+/g, ' ')))).toEqual(['github.whoami → bob', 'mcp.docs.whoami → bob'])
    const hardenedRow = ui.page.locator(`[data-testid="timeline-row"][data-turn="${hardened}"]`)
    expect(await hardenedRow.getAttribute('data-flagged')).toBeNull()
    expect(await hardenedRow.getByTestId('timeline-leaks').count()).toBe(0)

    await ui.page.getByTestId('inspector-tab-ledger').click()
    await poll(() => ledger.count()).toBe(7)
    const owners = await Promise.all((await ledger.all()).map((r) => r.getAttribute('data-owner')))
    expect(new Set(owners)).toEqual(new Set(['bob']))
    expect(await textOf(ui.page.getByTestId('inspector-ledger-leaks'))).toContain('No credential where it must not be.')
    await ui.page.getByTestId('inspector-tab-env').click()
    expect(await textOf(ui.page.locator('[data-testid="env-row"][data-key="MCP_DOCS_API_KEY"] td').last())).toBe('bob')
    await snap(ui.page, 'developer-5-hardened-turn')
  })
})
