import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Download, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { composeTurn, E2E_ARTIFACTS, nextRpc, snap, textOf, useAppInChromium } from '../support/app-page'
import { byTag, only, parseHtml, text, withAttr } from '../support/html'
import { tablesHeaded } from '../support/markdown'
import { unmaskedSecrets } from '../support/secrets'

// Evidence that travels: bob's turn in alice's session, reported from the Session view and the
// Runs view as a person would, one click for the HTML page and one choice more for Markdown. The
// files are read as a browser reads them, and the page is opened from disk with no network.

const SCRIPT_LINE = 'fs.read /tmp/<script>alert(1)</script>'
const MESSAGE = `github.whoami\nmcp.docs.whoami\n${SCRIPT_LINE}`

const ui = useAppInChromium()

/** Clicks and waits for the download it starts; saves it under test-results/e2e and reads it. */
async function download(page: Page, testId: string): Promise<{ name: string; path: string; content: string }> {
  const started: Promise<Download> = page.waitForEvent('download')
  await page.getByTestId(testId).click()
  const file = await started
  const path = join(E2E_ARTIFACTS, file.suggestedFilename())
  await file.saveAs(path)
  return { name: file.suggestedFilename(), path, content: await readFile(path, 'utf8') }
}

/** The raw tokens `/world` hands the holder of the control token: none may be in a report. */
async function rawWorld(): Promise<{ runId: string; tokens: string[] }> {
  const response = await fetch(`${ui.app.ready.controlUrl}/world`, { headers: { Authorization: `Bearer ${ui.app.ready.controlToken}` } })
  const world = (await response.json()) as { runId: string; users: Array<{ token: string }>; sessions: Array<{ botToken: string }>; apiKeys: Array<{ token: string }> }
  return { runId: world.runId, tokens: [...world.users.map((u) => u.token), ...world.sessions.map((s) => s.botToken), ...world.apiKeys.map((k) => k.token)].filter(Boolean) }
}

describe('reports', () => {
  it("downloads bob's turn and the whole run as an HTML page and as Markdown, masked, with the markup of the message as text", async () => {
    await ui.page.getByTestId('nav-session').click()
    await composeTurn(ui.page, 'user:bob', MESSAGE)
    const sent = nextRpc(ui.page, 'sendTurn')
    await ui.page.getByTestId('composer-send').click()
    const turn = (await sent).turn!.turn
    await ui.page.locator(`[data-testid="turn-header"][data-turn="${turn}"]`).waitFor()
    await ui.page.locator(`[data-testid="timeline-row"][data-turn="${turn}"][data-status="finished"]`).waitFor()
    const { runId, tokens } = await rawWorld()
    const short = `live-${runId.slice(0, 8)}`

    // The turn header: one click, the turn as a page of its own.
    const one = await download(ui.page, 'turn-report')
    expect(one.name).toBe(`${short}.turn-1.credscope-report.html`)
    const turnPage = parseHtml(one.content).document
    expect(text(only(withAttr(turnPage, 'data-fact', 'sender'), 'sender'))).toBe('bob')
    const foreign = withAttr(turnPage, 'data-foreign', 'true').map((row) => `${row.attrs.find((a) => a.name === 'data-slot')?.value} ${row.attrs.find((a) => a.name === 'data-owner')?.value}`)
    expect(foreign).toEqual(['mcp:docs alice'])

    // Runs: Report on the live run's row downloads the run's page.
    await ui.page.getByTestId('nav-runs').click()
    await ui.page.getByTestId(`run-row-${runId}`).waitFor()
    const run = await download(ui.page, `run-report-${runId}`)
    expect(run.name).toBe(`${short}.credscope-report.html`)
    const { document, errors } = parseHtml(run.content)
    expect(errors).toEqual([])
    expect(byTag(document, 'script')).toEqual([])
    expect(text(only(withAttr(document, 'data-fact', 'message'), 'message'))).toBe(MESSAGE.replace(/\n/g, ' '))
    expect(text(only(withAttr(document, 'data-fact', 'verdict'), 'verdict'))).toMatch(/^RUNNING still running when this report was made \(1 turn so far\); [1-9]\d* leak findings?\.$/)
    expect(text(only(withAttr(document, 'data-fact', 'rerun'), 'rerun'))).toMatch(new RegExp(`^credscope run ${short}\\.yaml --platform head --profile as-is --seed \\d+$`))
    expect(text(only(withAttr(document, 'data-fact', 'scenario-source'), 'scenario source'))).toContain(SCRIPT_LINE)

    // One choice more: Markdown for a ticket.
    await ui.page.getByTestId(`run-report-${runId}-more`).click()
    await ui.page.getByTestId(`run-report-${runId}-md`).waitFor()
    await snap(ui.page, 'report-1-runs-menu')
    const md = await download(ui.page, `run-report-${runId}-md`)
    expect(md.name).toBe(`${short}.credscope-report.md`)
    const [credentials] = tablesHeaded(md.content, ['Credential', 'Owner', 'Fetched with', 'Decision', 'Went to', 'Left after cleanup'])
    expect(credentials!.rows.filter((r) => r[1] !== 'bob').map((r) => [r[0]!.split(' ')[0], r[1]])).toEqual([['mcp:docs', "alice (not bob's)"]])

    for (const file of [one, run, md]) {
      expect(unmaskedSecrets(file.content), file.name).toEqual([])
      for (const token of tokens) expect(file.content.includes(token), file.name).toBe(false)
    }

    // Opened from disk, the page asks for nothing but itself, runs nothing, and reads as a page.
    const context = await ui.page.context().browser()!.newContext({ viewport: { width: 1280, height: 900 } })
    try {
      const page = await context.newPage()
      const requested: string[] = []
      page.on('request', (r) => requested.push(r.url()))
      const dialogs: string[] = []
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      await page.goto(`file://${run.path}`)
      expect(requested).toEqual([`file://${run.path}`])
      expect(dialogs).toEqual([])
      expect(await textOf(page.locator('[data-fact="title"]'))).toBe(text(only(withAttr(document, 'data-fact', 'title'), 'title')))
      expect(await page.locator('#turn-1 [data-fact="message"]').innerText()).toBe(MESSAGE)
      await snap(page, 'report-2-html-page')
    } finally {
      await context.close()
    }
  })
})
