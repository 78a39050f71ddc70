// Stryker (`npm run mutation`, scripts/mutation.js): mutates the code that decides whose
// credential a request gets and the code that detects when it went wrong, and runs the
// in-process tests against each mutant. 9.6.x: Stryker 10 needs Node 22.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  // Each mutant runs only the tests that reached it in the dry run.
  coverageAnalysis: 'perTest',
  // A mutant in module-level code (a constant table such as the cleared env keys) runs the whole
  // suite, a minute each on two cores, which CI's 90 minutes cannot carry; the score leaves them out.
  ignoreStatic: true,
  mutate: [
    'src/main/backend/identity-middleware.ts',
    'src/main/backend/sso-identity.ts',
    'src/main/backend/project-context.ts',
    'src/main/backend-process/ssar-cache.ts',
    'src/main/backend/rbac.ts',
    'src/main/backend/credentials/enforce.ts',
    'src/main/runner/fetch-client.ts',
    'src/main/runner/credentials-env.ts',
    'src/main/runner/populate-head.ts',
    'src/main/proxy/runner-stream.ts',
    'src/main/ledger/leak-detector.ts',
    'src/main/turns/turns.ts',
    'src/main/flaws/policies.ts',
    'src/main/controlplane/api-server.ts',
    'src/main/trace/redactor.ts',
    'src/main/trace/redaction-memo.ts',
    'src/main/trace/secret-index.ts',
    'src/main/scenarios/expectations.ts',
    'src/main/scenarios/diff.ts'
  ],
  // The sandbox needs sources, tests, scenarios and docs/examples; not builds or old results.
  ignorePatterns: ['out', 'test-results', 'reports', '.credscope', 'docs/images', '.stryker-tmp*'],
  tempDirName: '.stryker-tmp',
  reporters: ['progress', 'clear-text', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // CI runs `--incremental` against this committed baseline: only mutants whose code or covering
  // tests changed since it was written are tested again (README, "npm run mutation").
  incrementalFile: 'test/mutation/stryker-incremental.json',
  // scripts/mutation.js enforces 90% per file; Stryker's own break is on the total only.
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always'
}

export default config
