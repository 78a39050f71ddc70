import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium } from '../test/support/browser'
import { CLI_PATH, startServedApp } from '../test/support/serve-process'
import { sendLiveTurns } from './live-fill'
import type { Measurement, MeasurementResult } from './measurement'
import { framesDuring, measureColdLoad, measureLiveSession, measureSavedRun, withBenchPage } from './renderer-page'
import { bundleFiles, coldLoadLines, type LiveResult, rendererLines } from './renderer-report'
import { writeSavedRun } from './saved-run'

const RENDERER_INDEX = join(CLI_PATH, '../../renderer/index.html')

/** The bench drives the built app; `npm run bench` builds first, a direct tsx run may not have. */
function requireBuild(): void {
  const missing = [CLI_PATH, RENDERER_INDEX].filter((path) => !existsSync(path))
  if (missing.length > 0) throw new Error(`the renderer bench drives the built app, and ${missing.join(' and ')} is missing: run \`npm run build\` (\`npm run bench\` builds first)`)
}

/**
 * The web shell in Debian's Chromium against `credscope serve`: a saved run of --ui-turns turns
 * opened from the Runs view, and the live session after --ui-live-turns real turns, each timed to
 * its first row, to the end of the timeline, through a scroll from top to end and into its last turn.
 */
export const rendererMeasurement: Measurement = {
  name: 'renderer',
  title: 'The renderer with a long run open (web shell in Chromium)',
  async run({ options, memory }): Promise<MeasurementResult> {
    requireBuild()
    const served = await startServedApp()
    const errors: string[] = []
    try {
      const saved = await writeSavedRun(served.db, options.uiTurns)
      memory.sample()
      const browser = await launchChromium()
      try {
        const { appUrl } = served.ready
        const cold = await withBenchPage(browser, errors, (page) => measureColdLoad(page, appUrl))
        const savedTimings = await withBenchPage(browser, errors, (page) => measureSavedRun(page, appUrl, saved.runId, saved.turns))
        let live: LiveResult | null = null
        if (options.uiLiveTurns > 0) {
          const streamed = await withBenchPage(browser, errors, (page) => framesDuring(page, appUrl, () => sendLiveTurns(served.ready, options.uiLiveTurns)))
          const fill = streamed.result
          if (fill.unfinished.size > 0) throw new Error(`live turns that did not finish: ${[...fill.unfinished].map(([k, n]) => `${k} × ${n}`).join(', ')}`)
          memory.sample()
          live = { fill, streaming: streamed.log, timings: await withBenchPage(browser, errors, (page) => measureLiveSession(page, appUrl, fill.finished)) }
        }
        return { lines: [...coldLoadLines(cold, bundleFiles()), '', ...rendererLines(saved, savedTimings, live, errors)], failures: [] }
      } finally {
        await browser.close()
      }
    } finally {
      await served.stop()
    }
  }
}
