import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium; never a browser a tool downloads for itself. */
export const CHROMIUM_PATH = process.env.CREDSCOPE_CHROMIUM ?? '/usr/bin/chromium'

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/** The headless Chromium every browser tier (e2e, screenshots, renderer bench) drives. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
}
