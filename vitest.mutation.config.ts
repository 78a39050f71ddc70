import { relative } from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// The tests Stryker runs against each mutant (`npm run mutation`): unit tests and the focused
// in-process integration tests. Left out:
// - tests that spawn the built CLI from out/ (Stryker mutates the sources, so they would test
//   unmutated code), the OS keychain, the browser;
// - the fuzz test (its counts depend on timing, which instrumented code changes);
// - the sweeps of the whole scenario library (flaw proofs, determinism, the docs' examples). They
//   reach nearly every mutant, and a mutant no test kills runs every test that reaches it: with
//   them a run outgrew CI's 90 minutes. What the mutation score asks is that focused tests pin
//   the decision code; the sweeps still run in `npm test`.
// Stryker's vitest runner overrides the pool with one worker thread; better-sqlite3 and keytar load in threads.

// Stryker stops a mutant's run at its first failing test, and vitest's own order runs the longest
// files first: unit tests first, in a fixed order, kill most mutants before any integration test starts.
class UnitFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (spec: TestSpecification): string => relative(spec.project.config.root, spec.moduleId)
    const tier = (spec: TestSpecification): number => (key(spec).startsWith('test/unit/') ? 0 : 1)
    return Promise.resolve([...files].sort((a, b) => tier(a) - tier(b) || key(a).localeCompare(key(b))))
  }
}

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: [
      'test/integration/cli.test.ts',
      'test/integration/scenario-cli.test.ts',
      'test/integration/serve.test.ts',
      'test/integration/fuzz*.test.ts',
      // Spawns the built serve and the platform's Python client: it tests out/, not the mutant.
      'test/integration/platform-runner-client.test.ts',
      'test/integration/flaw-proofs.test.ts',
      'test/integration/determinism.test.ts',
      'test/integration/doc-examples.test.ts'
    ],
    sequence: { sequencer: UnitFirstSequencer },
    // One module graph for every file of a run: a mutant's run loads the engine once, not per file.
    // Safe because Stryker switches mutants at run time and static mutants are left out.
    isolate: false,
    testTimeout: 30_000
  }
})
