import { defineConfig } from 'vitest/config'

// The tests Stryker runs against each mutant (`npm run mutation`): unit tests and the in-process
// integration tests. Left out: tests that spawn the built CLI from out/ (Stryker mutates the
// sources, so they would test unmutated code), the OS keychain, the browser, and the fuzz test
// (its counts depend on timing, which instrumented code changes). Stryker's vitest runner
// overrides the pool with one worker thread; better-sqlite3 and keytar load in threads.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: [
      'test/integration/cli.test.ts',
      'test/integration/scenario-cli.test.ts',
      'test/integration/serve.test.ts',
      'test/integration/fuzz*.test.ts',
      // Spawns the built serve and the platform's Python client: it tests out/, not the mutant.
      'test/integration/platform-runner-client.test.ts'
    ],
    testTimeout: 30_000
  }
})
