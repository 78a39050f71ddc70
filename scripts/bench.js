#!/usr/bin/env node
// npm run bench: builds (the renderer measurement drives the built app in Chromium), then runs
// bench/index.ts through tsx in a fresh Node process; arguments go to it (`npm run bench --
// --turns 200`). The exit code is the bench's: non-zero only if it broke or found a leak under
// hardened, never because a speed target was missed.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) {
  process.stderr.write(`the build failed${build.error ? ` (${build.error.message})` : ''}; the bench measures the built app, so nothing ran\n`)
  process.exit(1)
}
const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/index.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
if (run.error) {
  process.stderr.write(`could not start the bench: ${run.error.message}\n`)
  process.exit(1)
}
process.exit(run.status ?? 1)
