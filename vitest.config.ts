import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// The CLI records runs in the user's run history by default; tests keep theirs in a place of their own.
const env = { CREDSCOPE_HOME: join(tmpdir(), `credscope-tests-${process.pid}`) }

// Four tiers: pure functions, the engine over real loopback HTTP and SQLite, the real OS keychain,
// and the app in Chromium. Speed targets live in `npm run bench`, never here.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, env } },
      { test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'], testTimeout: 30_000, env } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false, env } }
    ]
  }
})
