/**
 * npm run screenshots: regenerates every PNG in docs/images/ for docs/user-guide.md.
 *
 * It starts `credscope serve` with a memory vault, a throwaway run history and a pinned seed (so
 * masked values and fingerprints are the same every time), opens the web shell in Debian's
 * Chromium at 1440×900, and drives the UI as a user would: it picks senders, types tool lines,
 * clicks Send, Run and Diff, and waits on what the page shows, never on a timer. Ports and run
 * ids are the launch's own, so those few characters differ between regenerations.
 *
 * Usage: node --import tsx scripts/screenshots.ts [--out DIR]   (default: docs/images)
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../test/support/browser'
import { CLI_PATH, startServedApp } from '../test/support/serve-process'

const ROOT = resolve(import.meta.dirname, '..')
const RENDERER_INDEX = join(ROOT, 'out/renderer/index.html')
/** The seed of canaries, tokens and ids: the masked values in every screenshot come from it. */
const SEED = '7'
const VIEWPORT = { width: 1440, height: 900 }

/** The bob turn that shows R12: his GitHub credential is his own, the docs MCP credential is alice's. */
const WHOAMI_TOOLS = 'github.whoami\nmcp.docs.whoami'
/** An impersonation attempt from inside bob's turn: the pod's BOT_TOKEN, naming carol. */
const IMPERSONATION =
  "http GET ${BACKEND_API_URL}/projects/demo/agentic-sessions/shared-1/credentials/github -H 'Authorization: Bearer ${BOT_TOKEN}' -H 'X-Runner-Current-User: carol'"
const FLAW_SHOWN = 'r12-mcp-credentials-owner-only'

const SENDERS = {
  alice: 'alice — owner',
  bob: 'bob — editor'
} as const

function outDir(): string {
  const at = process.argv.indexOf('--out')
  const value = at >= 0 ? process.argv[at + 1] : undefined
  if (at >= 0 && !value) throw new Error('--out needs a directory')
  return resolve(ROOT, value ?? 'docs/images')
}

/** The app must be built: serve runs out/main/cli.js and serves out/renderer. Builds it when missing. */
function ensureBuilt(): void {
  if (existsSync(CLI_PATH) && existsSync(RENDERER_INDEX)) return
  process.stdout.write('out/ is missing or incomplete: running npm run build\n')
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0 || !existsSync(CLI_PATH) || !existsSync(RENDERER_INDEX)) {
    throw new Error('npm run build did not produce out/main/cli.js and out/renderer/index.html; build the app, then run this again')
  }
}

function ensureChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (npm run setup does) or point CREDSCOPE_CHROMIUM at one`)
  }
}

class Shooter {
  readonly written: string[] = []

  constructor(
    private readonly page: Page,
    private readonly dir: string
  ) {}

  /** The whole viewport (Playwright waits for the page's fonts before it shoots). */
  async viewport(name: string): Promise<void> {
    const path = join(this.dir, `${name}.png`)
    await this.page.screenshot({ path, animations: 'disabled', caret: 'hide' })
    this.written.push(path)
  }
}

async function openView(page: Page, view: 'session' | 'world' | 'matrix' | 'scenarios' | 'runs'): Promise<void> {
  await page.getByTestId(`nav-${view}`).click()
  await page.getByTestId(`view-${view}`).waitFor()
}

/** Sends a turn from the composer and waits until the timeline shows it finished. */
async function sendTurn(page: Page, sender: string, message: string): Promise<void> {
  const finished = page.locator('[data-testid="timeline-row"][data-status="finished"]')
  const before = await finished.count()
  await page.getByTestId('composer-sender').selectOption({ label: sender })
  await page.getByTestId('composer-message').fill(message)
  await page.getByTestId('composer-send').click()
  await finished.nth(before).waitFor()
}

/** Selects a turn in the timeline and waits for its header and detail. */
async function selectTurn(page: Page, index: number): Promise<void> {
  const row = page.getByTestId('timeline-row').nth(index)
  const turn = await row.getAttribute('data-turn')
  if (!turn) throw new Error(`timeline row ${index} names no turn`)
  await row.click()
  await page.locator(`[data-testid="turn-header"][data-turn="${turn}"]`).waitFor()
  await page.getByTestId('sequence-row').first().waitFor()
}

/**
 * Walks the selected turn's events with J, as a keyboard user would, until the inspector shows
 * an event that matches: `kind` is the event kind, `line` the inspector's one-line description.
 */
async function selectEventWith(page: Page, match: (kind: string, line: string) => boolean): Promise<void> {
  const detail = page.getByTestId('inspector-event')
  await page.keyboard.press('Escape')
  await detail.waitFor({ state: 'detached' })
  for (let step = 0; step < 500; step++) {
    const before = (await detail.count()) > 0 ? await detail.getAttribute('data-seq') : null
    await page.keyboard.press('j')
    await (before === null ? detail : page.locator(`[data-testid="inspector-event"]:not([data-seq="${before}"])`)).waitFor()
    const kind = (await detail.getAttribute('data-kind')) ?? ''
    const line = await detail.locator('.sv-event-line').innerText()
    if (match(kind, line)) return
  }
  throw new Error('no event of the selected turn matched')
}

/** World: users and keychain entries, sessions, the profile switch and one flaw opened. */
async function shootWorld(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'world')
  await page.getByTestId(`flaw-expand-${FLAW_SHOWN}`).click()
  const detail = page.getByTestId(`flaw-detail-${FLAW_SHOWN}`)
  await detail.waitFor()
  await detail.scrollIntoViewIfNeeded()
  await shots.viewport('world')
}

/** Session: alice and bob send the same tools into alice's session; bob's turn is inspected. */
async function shootSession(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'session')
  await sendTurn(page, SENDERS.alice, WHOAMI_TOOLS)
  await sendTurn(page, SENDERS.bob, WHOAMI_TOOLS)
  await selectTurn(page, 1)
  await selectEventWith(page, (kind, line) => kind === 'rbac' && line.startsWith('rbac github '))
  await page.getByTestId('inspector-rbac').waitFor()
  await shots.viewport('session-rbac')

  await page.getByTestId('inspector-tab-ledger').click()
  await page.getByTestId('inspector-ledger').waitFor()
  // alice's docs credential in bob's turn is the row that matters; bring it into the pane.
  await page.locator('[data-testid="ledger-row"][data-slot="mcp:docs"]').scrollIntoViewIfNeeded()
  await shots.viewport('session-ledger')

  await page.getByTestId('inspector-tab-env').click()
  await page.locator('.sv-inspector-body table').first().waitFor()
  await shots.viewport('session-env-diff')
  await page.getByTestId('inspector-tab-event').click()
}

/**
 * Arms or disarms a breakpoint. The box shows the engine's state, so it changes only once the
 * engine has answered: click it and wait for that, rather than expect it to flip at once.
 */
async function setBreakpoint(page: Page, kind: string, on: boolean): Promise<void> {
  const box = page.getByTestId(`breakpoint-${kind}`)
  if ((await box.isChecked()) === on) return
  await box.click()
  await page.locator(`[data-testid="breakpoint-${kind}"]${on ? ':checked' : ':not(:checked)'}`).waitFor()
}

/** The debugger: a breakpoint on denials, and bob's turn trying carol's credential with the BOT_TOKEN. */
async function shootDebugger(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'session')
  await setBreakpoint(page, 'credential-denied', true)
  await page.getByTestId('composer-sender').selectOption({ label: SENDERS.bob })
  await page.getByTestId('composer-message').fill(IMPERSONATION)
  await page.getByTestId('composer-send').click()
  await page.getByTestId('debugger-stopped-by').waitFor()
  await page.getByTestId('debugger-held-event').waitFor()
  await page.getByTestId('debugger-stopped-by').click()
  await page.getByTestId('inspector-rbac-matched').waitFor()
  await page.getByTestId('inspector-rbac-matched').scrollIntoViewIfNeeded()
  await shots.viewport('debugger-paused')

  // Run the turn to its end and disarm, so later views see a finished run.
  const finished = page.locator('[data-testid="timeline-row"][data-status="finished"]')
  const before = await finished.count()
  await page.getByTestId('debugger-continue').click()
  await page.locator('[data-testid="debugger-state"]', { hasText: 'running' }).waitFor()
  await finished.nth(before).waitFor()
  await setBreakpoint(page, 'credential-denied', false)
  await page.getByTestId('composer-message').fill(WHOAMI_TOOLS)
}

/** The authorization matrix of alice's session under merged, with one violation pinned. */
async function shootMatrix(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'matrix')
  await page.getByTestId('matrix-run').click()
  await page.getByTestId('matrix-grid').waitFor()
  await page.getByTestId('matrix-cell-bot-github-absent').click()
  const inspector = page.getByTestId('matrix-inspector')
  await inspector.waitFor()
  await inspector.scrollIntoViewIfNeeded()
  await shots.viewport('matrix')
}

/** Scenarios: R12's demonstration fails under merged; then merged and hardened diffed. */
async function shootScenarios(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'scenarios')
  await page.getByTestId(`scenario-item-${FLAW_SHOWN}`).click()
  await page.getByTestId('scenario-mode-run').click()
  await page.getByTestId('scenario-config-platform-merge').click()
  await page.getByTestId('scenario-config-profile-as-is').click()
  await page.getByTestId('scenario-run').click()
  await page.locator('[data-testid="scenario-result"][data-passed="false"]').waitFor()
  await shots.viewport('scenarios-run')

  // The failing step's turn, opened in the Session view as a saved run.
  await page.getByTestId('scenario-step-0-open-turn').click()
  await page.getByTestId('view-session').waitFor()
  await page.getByTestId('debugger-saved').waitFor()
  await page.locator('[data-testid="turn-header"][data-turn]').waitFor()
  await page.getByTestId('sequence-row').first().waitFor()
  await shots.viewport('scenario-turn')
  await openView(page, 'scenarios')

  await page.getByTestId('scenario-mode-diff').click()
  await page.getByTestId('scenario-preset-as-is-vs-hardened').click()
  await page.getByTestId('scenario-a-platform-merge').click()
  await page.getByTestId('scenario-b-platform-merge').click()
  await page.getByTestId('scenario-diff').click()
  await page.getByTestId('scenario-divergence').waitFor()
  await shots.viewport('scenarios-diff')
}

/** Runs: the live run and the scenario runs, one of them exported as a repro bundle. */
async function shootRuns(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'runs')
  await page.getByTestId('runs-table').waitFor()
  const scenarioRun = page.locator('[data-testid^="run-row-"][data-status="failed"]').first()
  await scenarioRun.waitFor()
  const id = ((await scenarioRun.getAttribute('data-testid')) ?? '').replace(/^run-row-/, '')
  const download = page.waitForEvent('download')
  await page.getByTestId(`run-export-${id}`).click()
  await download
  await page.getByTestId(`run-exported-${id}`).waitFor()
  await shots.viewport('runs')
}

/** The same bob turn after switching the live engine to hardened: every tool acts as bob, and row 10 decides the MCP fetch. */
async function shootHardened(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'world')
  await page.getByTestId('profile-hardened').click()
  await page.getByTestId('profile-apply').click()
  await page.getByTestId('live-profile').filter({ hasText: 'hardened' }).waitFor()
  await openView(page, 'session')
  await page.getByTestId('debugger-state').filter({ hasText: 'running' }).waitFor()
  await sendTurn(page, SENDERS.bob, WHOAMI_TOOLS)
  await selectTurn(page, 0)
  await page.getByTestId('turn-acted-as').filter({ hasText: 'mcp.docs.whoami' }).waitFor()
  await selectEventWith(page, (kind, line) => kind === 'rbac' && line.startsWith('rbac mcp:docs '))
  await page.getByTestId('inspector-rbac').waitFor()
  await shots.viewport('session-hardened')
}

/** Compare: the live run under head as-is against the one under hardened, at the credential divergence. */
async function shootCompare(page: Page, shots: Shooter): Promise<void> {
  await openView(page, 'runs')
  await page.getByTestId('runs-table').waitFor()
  for (const status of ['finished', 'live']) {
    const row = page.locator(`[data-testid^="run-row-"][data-status="${status}"]`).first()
    const id = ((await row.getAttribute('data-testid')) ?? '').replace(/^run-row-/, '')
    await page.getByTestId(`run-pick-${id}`).check()
  }
  await page.getByTestId('runs-compare').click()
  await page.getByTestId('compare-credential').waitFor()
  await page.locator('[data-testid="compare-diagram-b"] [data-testid="sequence-row"][aria-selected="true"]').waitFor()
  await shots.viewport('compare')
}

/** Explore: r2's scenario with the turn lock missing, explored without its seed; the failing schedule as lanes. */
async function shootExplore(page: Page, shots: Shooter): Promise<void> {
  await page.getByTestId('nav-explore').click()
  await page.getByTestId('view-explore').waitFor()
  await page.getByTestId('explore-scenario').selectOption('flaws/r2-no-turn-lock.yaml')
  await page.getByTestId('explore-config-profile-hardened').click()
  await page.getByTestId('explore-config-flaws').click()
  await page.getByTestId('explore-config-flaw-r2-no-turn-lock').check()
  await page.getByTestId('explore-config-flaws').click()
  await page.getByTestId('explore-go').click()
  await page.locator('[data-testid="explore-summary"][data-found="true"]').waitFor()
  await shots.viewport('explore')
}

/** A CI failure: R12's demonstration run by the CLI elsewhere, its JUnit report opened in Runs. */
async function shootJunit(page: Page, shots: Shooter): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'credscope-shots-'))
  try {
    const report = join(dir, 'ci-junit.xml')
    spawnSync(process.execPath, [CLI_PATH, 'run', join(ROOT, `resources/scenarios/flaws/${FLAW_SHOWN}.yaml`), '--platform', 'merge', '--reporter', `junit:${report}`, '--no-history'], { cwd: ROOT, stdio: 'ignore' })
    await openView(page, 'runs')
    await page.getByTestId('runs-open-file-input').setInputFiles(report)
    await page.getByTestId('open-notice').waitFor()
    await selectTurn(page, 0)
    await page.getByTestId('turn-acted-as').filter({ hasText: 'alice' }).waitFor()
    await shots.viewport('runs-junit-opened')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const dir = outDir()
  ensureBuilt()
  ensureChromium()
  await mkdir(dir, { recursive: true })
  const app = await startServedApp(['--seed', SEED, '--platform', 'merge'])
  try {
    await shootAll(app.ready.appUrl, dir)
  } finally {
    await app.stop()
  }
}

async function shootAll(appUrl: string, dir: string): Promise<void> {
  const browser = await launchChromium()
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, acceptDownloads: true, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' })
    const page = await context.newPage()
    await page.goto(appUrl)
    await page.locator('[data-app-state="ready"]').waitFor()
    const shots = new Shooter(page, dir)
    await shootWorld(page, shots)
    await shootSession(page, shots)
    await shootDebugger(page, shots)
    await shootMatrix(page, shots)
    await shootScenarios(page, shots)
    await shootRuns(page, shots)
    await shootHardened(page, shots)
    await shootCompare(page, shots)
    await shootExplore(page, shots)
    await shootJunit(page, shots)
    for (const path of shots.written) process.stdout.write(`wrote ${relative(ROOT, path)}\n`)
  } finally {
    await browser.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
