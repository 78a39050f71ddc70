import { readFile } from 'node:fs/promises'
import type { Download, Locator } from 'playwright-core'
import { Collection } from 'postman-collection'
import { describe, expect, it } from 'vitest'
import { composeTurn, nextRpc, poll, setChecked, snap, textOf, useAppInChromium } from '../support/app-page'
import type { BrunoCollection } from '../../src/shared/matrix-bruno'
import { brunoCollectionSchema, postmanRequest } from '../support/api-clients'
import { unmaskedSecrets } from '../support/secrets'

// The security reviewer's loop under `merged`: an editor's turn turns the pod's BOT_TOKEN on
// another user's credentials; the run stops at the denial, the reviewer reads the RBAC row that
// decided, steps on, and then probes every principal at once in the Matrix view.

// First line: inside bob's turn, spend the session's BOT_TOKEN naming carol. The tools after it
// give the step-through more hop events to stop at once the denial has paused the run.
const IMPERSONATION = [
  "http GET ${BACKEND_API_URL}/projects/demo/agentic-sessions/shared-1/credentials/github -H 'Authorization: Bearer ${BOT_TOKEN:-$(cat /var/run/secrets/ambient/bot-token)}' -H 'X-Runner-Current-User: carol'",
  'github.whoami',
  'mcp.docs.whoami'
].join('\n')

const ui = useAppInChromium()

/** The sequence number of the event the debugger holds, from the held strip (`#126 runner …`). */
async function heldSeq(): Promise<number> {
  const held = ui.page.getByTestId('debugger-held-event')
  if ((await held.count()) === 0) return -1
  const seq = /#(\d+)/.exec(await textOf(held))?.[1]
  return seq === undefined ? -1 : Number(seq)
}

/** Waits until the debugger holds an event later than `after`, and returns its number. */
async function heldAfter(after: number): Promise<number> {
  await poll(heldSeq).toBeGreaterThan(after)
  return heldSeq()
}

/** The next `count` downloads the page starts, in order (the Postman export saves two files). */
function downloads(count: number): Promise<Download[]> {
  return new Promise((done) => {
    const started: Download[] = []
    const onDownload = (download: Download): void => {
      started.push(download)
      if (started.length < count) return
      ui.page.off('download', onDownload)
      done(started)
    }
    ui.page.on('download', onDownload)
  })
}

function cell(principal: string, slot: string, header: string): Locator {
  return ui.page.getByTestId(`matrix-cell-${principal}-${slot}-${header}`)
}

describe('security reviewer', () => {
  it("stops at bob's denied attempt to fetch carol's GitHub credential with the pod's BOT_TOKEN, steps on, and reads RBAC row 11 (403) in the inspector", async () => {
    await ui.page.getByTestId('nav-session').click()
    await setChecked(ui.page.getByTestId('breakpoint-credential-denied'), true)

    await composeTurn(ui.page, 'user:bob', IMPERSONATION)
    // The send answers only when the turn ends, which the breakpoint holds up; collect it later.
    const answer = nextRpc(ui.page, 'sendTurn')
    await ui.page.getByTestId('composer-send').click()

    // The run stops just after the backend's denial: the strip names the event and its row.
    const stoppedBy = ui.page.getByTestId('debugger-stopped-by')
    await stoppedBy.waitFor()
    const stopText = await textOf(stoppedBy)
    expect(stopText).toMatch(/rbac github row 11 deny/)
    expect(stopText).toContain('H=carol')
    const denialSeq = Number(/#(\d+)/.exec(stopText)?.[1])
    // The denial pauses the run; the next hop event then waits at its gate.
    const firstHeld = await heldAfter(denialSeq - 1)
    expect(firstHeld).toBeGreaterThan(denialSeq)
    expect(await textOf(ui.page.getByTestId('debugger-state'))).toMatch(/^paused$/i)
    await snap(ui.page, 'reviewer-1-stopped-at-denial')

    // Select the credential decision in the sequence diagram and read why the backend refused.
    const decision = ui.page.locator(`[data-testid="sequence-row"][data-seq="${denialSeq}"]`)
    expect(await decision.getAttribute('data-kind')).toBe('rbac')
    await decision.click()
    const inspected = ui.page.getByTestId('inspector-event')
    await poll(() => inspected.getAttribute('data-seq')).toBe(String(denialSeq))
    expect(await inspected.getAttribute('data-kind')).toBe('rbac')
    expect(await textOf(ui.page.getByTestId('inspector-rbac'))).toMatch(/Row 11 · deny · 403/i)
    const matched = ui.page.getByTestId('inspector-rbac-matched')
    const matchedText = await textOf(matched)
    expect(matchedText).toMatch(/^11 user A H ≠ O A ≠ H, including A = O 403/)
    expect(matchedText).toContain("The owner can't fetch another user's credentials.")
    expect(await matched.getAttribute('class')).toContain('matched deny')
    // The inputs show how the bot token was read: as the owner alice (R6), naming carol.
    const inputs = await textOf(ui.page.getByTestId('inspector-rbac-inputs'))
    expect(inputs).toContain('A alice user caller')
    expect(inputs).toContain('H carol H ≠ O')
    expect(inputs).toContain('O alice the session owner')
    expect(inputs).toContain('M bob')
    // Where the platform decides row 11, in the run's version (head) only, linked at its commit.
    const site = ui.page.getByTestId('inspector-rbac-site-head')
    expect(await textOf(site)).toBe('platform (head 0b59fe7de): components/backend/handlers/runtime_credentials.go:139 (authenticatedUserID == effectiveUserID: the header names someone else)')
    expect(await site.getByRole('link').getAttribute('href')).toBe('https://github.com/ambient-code/platform/blob/0b59fe7de035d827ea221ef1370598edc77b527f/components/backend/handlers/runtime_credentials.go#L139')
    expect(await ui.page.getByTestId('inspector-rbac-site-merge').count()).toBe(0)
    await matched.scrollIntoViewIfNeeded()
    await snap(ui.page, 'reviewer-2-rbac-row-11')

    // Step with the button, then with F10 and N: each releases one hop event and holds the next.
    await ui.page.getByTestId('debugger-step').click()
    const secondHeld = await heldAfter(firstHeld)
    await ui.page.keyboard.press('F10')
    const thirdHeld = await heldAfter(secondHeld)
    await ui.page.keyboard.press('n')
    await heldAfter(thirdHeld)
    expect(await textOf(ui.page.getByTestId('debugger-state'))).toMatch(/^paused$/i)
    await snap(ui.page, 'reviewer-3-stepping')

    // Continue: the turn runs to its end with the breakpoint still armed but nothing else denied.
    await ui.page.getByTestId('debugger-continue').click()
    const sent = await answer
    const turn = sent.turn!.turn
    await poll(() => textOf(ui.page.getByTestId('debugger-state'))).toMatch(/^running$/i)
    const row = ui.page.locator(`[data-testid="timeline-row"][data-turn="${turn}"][data-status="finished"]`)
    await row.waitFor()
    expect(await textOf(row.getByTestId('timeline-denied'))).toBe('1 denied')

    // The ledger keeps the refused fetch with its row and status after the turn.
    await ui.page.getByTestId('inspector-tab-ledger').click()
    const denied = await textOf(ui.page.getByTestId('inspector-ledger-denied'))
    expect(denied).toContain("github 11 403 the owner cannot fetch another user's credentials")
    await setChecked(ui.page.getByTestId('breakpoint-credential-denied'), false)

    // mallory is no member of the session: the proxy refuses the send before any credential is fetched.
    await composeTurn(ui.page, 'user:mallory', 'github.whoami')
    const refusedAnswer = nextRpc(ui.page, 'sendTurn')
    await ui.page.getByTestId('composer-send').click()
    const refused = await refusedAnswer
    expect(refused.turn).toBeNull()
    expect(refused.status).toBe(403)
    const refusal = await textOf(ui.page.getByTestId('attempt-refused'))
    expect(refusal).toContain('as mallory answered 403')
    expect(refusal).toContain('No turn started, so no credentials were fetched.')
    await snap(ui.page, 'reviewer-4-mallory-refused')
  })

  it("runs the authorization matrix: the session's BOT_TOKEN gets alice's GitHub credential, bob only his own, and replaying bob's turn shows the MCP endpoint serving alice's key", async () => {
    // A plain turn of bob's whose credential fetches the matrix replays below.
    await ui.page.getByTestId('nav-session').click()
    await composeTurn(ui.page, 'user:bob', 'github.whoami\nmcp.docs.whoami')
    const answer = nextRpc(ui.page, 'sendTurn')
    await ui.page.getByTestId('composer-send').click()
    const turn = (await answer).turn!.turn

    await ui.page.getByTestId('nav-matrix').click()
    await ui.page.getByTestId('view-matrix').waitFor()
    await ui.page.getByTestId('matrix-run').click()
    await ui.page.getByTestId('matrix-grid').waitFor()

    // The bot's request with no X-Runner-Current-User is answered with the owner's credential (R5, R6).
    const bot = cell('bot', 'github', 'absent')
    expect(await bot.getAttribute('data-verdict')).toBe('violation')
    expect(await bot.getAttribute('data-owner')).toBe('alice')
    expect(await textOf(bot)).toBe('alice want none')
    await ui.page.getByTestId('matrix-finding-bot-github-absent').waitFor()

    // bob gets his own credential naming himself, and nothing naming the owner or calling bare.
    const own = cell('bob', 'github', 'bob')
    expect(await own.getAttribute('data-verdict')).toBe('ok')
    expect(await own.getAttribute('data-owner')).toBe('bob')
    for (const header of ['absent', 'alice', 'carol']) {
      expect(await cell('bob', 'github', header).getAttribute('data-verdict')).toBe('denied-expected')
      expect(await cell('bob', 'github', header).getAttribute('data-owner')).toBe('')
    }
    // mallory, no member, is refused everywhere.
    expect(await cell('mallory', 'github', 'mallory').getAttribute('data-verdict')).toBe('denied-expected')

    // The cell inspector names the RBAC row that decided, and how to redo it with curl.
    await cell('bob', 'github', 'alice').click()
    const inspector = await textOf(ui.page.getByTestId('matrix-inspector'))
    expect(inspector).toContain('HTTP 403')
    expect(inspector).toContain('RBAC row 9: a non-owner naming the owner')
    expect(await textOf(ui.page.getByTestId('matrix-curl'))).toBe(
      `curl -i -H "Authorization: Bearer $TOKEN_BOB" -H "X-Runner-Current-User: alice" ${ui.app.ready.backendUrl}/api/projects/demo/agentic-sessions/shared-1/credentials/github`
    )
    await snap(ui.page, 'reviewer-5-matrix')

    // The matrix leaves the app as CSV, one row per request, naming what was probed and under what.
    const downloading = ui.page.waitForEvent('download')
    await ui.page.getByTestId('matrix-export-csv').click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('matrix-demo-shared-1-head-as-is.csv')
    const csv = await readFile(await download.path(), 'utf8')
    const rows = csv.trim().split('\n')
    expect(rows).toHaveLength(1 + 245)
    expect(rows).toContain('bot,github,absent,200,alice,,violation,6,"the owner, without a header"')
    expect(unmaskedSecrets(csv)).toEqual([])

    // Postman gets the collection and its environment: the serve's backend filled in, tokens left to paste from credscope env.
    const postman = downloads(2)
    await ui.page.getByTestId('matrix-export-postman').click()
    // The two downloads may arrive in either order.
    const saved = await postman
    expect(saved.map((d) => d.suggestedFilename()).sort()).toEqual(['matrix-demo-shared-1-head-as-is.postman_collection.json', 'matrix-demo-shared-1-head-as-is.postman_environment.json'])
    const collectionFile = saved.find((d) => d.suggestedFilename().endsWith('_collection.json'))
    const environmentFile = saved.find((d) => d.suggestedFilename().endsWith('_environment.json'))
    const collectionText = await readFile((await collectionFile?.path()) ?? '', 'utf8')
    const environmentText = await readFile((await environmentFile?.path()) ?? '', 'utf8')
    expect(unmaskedSecrets(collectionText + environmentText)).toEqual([])
    const collection = new Collection(JSON.parse(collectionText) as object)
    expect(collection.items.map((folder) => folder.name)).toEqual(['alice', 'bob', 'carol', 'mallory', 'bot', 'apikey:ci-bot', 'none'])
    const bobAsAlice = postmanRequest(collection, 'bob', 'github · naming alice · Denied')
    expect(bobAsAlice.request.url.toString()).toBe('{{BACKEND}}/api/projects/demo/agentic-sessions/shared-1/credentials/github')
    expect(bobAsAlice.request.headers.all().map((h) => `${h.key}: ${h.value}`)).toEqual(['Authorization: Bearer {{TOKEN_BOB}}', 'X-Runner-Current-User: alice'])
    const environment = JSON.parse(environmentText) as { values: Array<{ key: string; value: string; type: string }> }
    expect(environment.values.find((v) => v.key === 'BACKEND')?.value).toBe(ui.app.ready.backendUrl)
    expect(environment.values.find((v) => v.key === 'TOKEN_BOB')).toMatchObject({ value: '', type: 'secret' })

    // Bruno gets one file it imports, environments included.
    const bruno = downloads(1)
    await ui.page.getByTestId('matrix-export-bruno').click()
    const [brunoFile] = await bruno
    expect(brunoFile?.suggestedFilename()).toBe('matrix-demo-shared-1-head-as-is.bruno.json')
    const brunoText = await readFile((await brunoFile?.path()) ?? '', 'utf8')
    expect(unmaskedSecrets(brunoText)).toEqual([])
    const brunoCollection = JSON.parse(brunoText) as BrunoCollection
    await expect(brunoCollectionSchema.validate(brunoCollection)).resolves.toBeTruthy()
    expect(brunoCollection.items.flatMap((folder) => folder.items)).toHaveLength(245)
    expect(brunoCollection.environments.find((e) => e.name === 'bob')?.variables.map((v) => `${v.name}=${v.value}`)).toEqual(['BACKEND={{process.env.BACKEND}}', 'TOKEN_BOB={{process.env.TOKEN_BOB}}'])

    // Replay exactly that turn's fetches as every principal.
    await ui.page.getByTestId('matrix-turn').selectOption(turn)
    const replayed = nextRpc(ui.page, 'matrix')
    await ui.page.getByTestId('matrix-run').click()
    const result = await replayed
    expect(result.replayedFrom).toBe(turn)
    expect(result.headers).toEqual(['absent', 'bob'])
    const mcp = cell('bob', 'mcp:docs', 'bob')
    await poll(() => mcp.getAttribute('data-verdict')).toBe('violation')
    expect(await mcp.getAttribute('data-owner')).toBe('alice')
    expect(await cell('bob', 'github', 'bob').getAttribute('data-owner')).toBe('bob')
    await snap(ui.page, 'reviewer-6-matrix-replay')
  })
})
