#!/usr/bin/env node
// npm test: builds, then runs every test tier (unit, integration, keychain, browser) with a real
// keychain, and ends with the plain line `N passed, N failed`. Arguments go to vitest.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)

// Linux without a desktop session: rerun inside a private D-Bus session with gnome-keyring.
if (process.platform === 'linux' && !process.env.CREDSCOPE_PRIVATE_KEYRING && !process.env.DBUS_SESSION_BUS_ADDRESS) {
  const run = spawnSync(join(root, 'scripts/with-keyring.sh'), [process.execPath, fileURLToPath(import.meta.url), ...args], {
    cwd: root,
    stdio: 'inherit'
  })
  process.exit(run.status ?? 1)
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) {
  process.stdout.write('the build failed; no tests ran\n0 passed, 1 failed\n')
  process.exit(1)
}

const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })
const report = join(results, 'vitest.json')
rmSync(report, { force: true })
const vitest = join(root, 'node_modules/vitest/vitest.mjs')
const run = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...args], {
  cwd: root,
  stdio: 'inherit'
})

let passed = 0
let failed = 1
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests ?? 0
  failed = json.numFailedTests ?? 0

  // A file that fails to load has no tests to count; count it once so it cannot pass silently.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1
  }
}
if (run.status !== 0 && failed === 0) failed = 1
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
