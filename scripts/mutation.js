#!/usr/bin/env node
// npm run mutation: runs Stryker (stryker.config.js) over the decision and detection code, then
// prints one line per mutated file with its mutation score and exits 1 if any file is below 90%.
// Arguments go to `stryker run`: `-- --mutate src/main/backend/rbac.ts` (a comma list or a glob)
// mutates that only; `-- --incremental` reuses test/mutation/stryker-incremental.json, the baseline
// committed with the code, and re-tests only mutants whose code or covering tests changed
// (`--force` tests everything); either way it rewrites the file.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const THRESHOLD = 90
const root = fileURLToPath(new URL('..', import.meta.url))
const report = join(root, 'reports/mutation/mutation.json')
const stryker = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js')

// A report left by an earlier run must never be read as this run's.
rmSync(report, { force: true })
const started = Date.now()
const run = spawnSync(process.execPath, [stryker, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
const minutes = ((Date.now() - started) / 60_000).toFixed(1)

// The baseline is committed with the code: it must not carry this machine's path.
const baseline = join(root, 'test/mutation/stryker-incremental.json')
if (existsSync(baseline)) {
  const portable = JSON.parse(readFileSync(baseline, 'utf8'))
  delete portable.projectRoot
  writeFileSync(baseline, JSON.stringify(portable))
}

if (run.error || !existsSync(report)) {
  process.stdout.write(`Stryker did not produce ${relative(root, report)}${run.error ? ` (${run.error.message})` : ''}; no score\n`)
  process.exit(1)
}

// Stryker's score: detected (killed, timed out) over valid (detected, survived, not covered);
// mutants that did not compile or crashed the runner, and ignored ones, count in neither.
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

const { files } = JSON.parse(readFileSync(report, 'utf8'))
const rows = Object.entries(files)
  .map(([file, { mutants }]) => {
    const count = (set) => mutants.filter((m) => set.has(m.status)).length
    const detected = count(DETECTED)
    const valid = detected + count(UNDETECTED)
    return { file: relative(root, join(root, file)), detected, valid, score: valid === 0 ? 100 : (100 * detected) / valid }
  })
  .sort((a, b) => a.file.localeCompare(b.file))

const width = Math.max(...rows.map((r) => r.file.length), 0)
for (const r of rows) {
  const mark = r.score < THRESHOLD ? 'BELOW' : 'ok'
  process.stdout.write(`${r.score.toFixed(2).padStart(6)}%  ${r.file.padEnd(width)}  ${r.detected}/${r.valid} detected  ${mark}\n`)
}
const below = rows.filter((r) => r.score < THRESHOLD)
const verdict = below.length === 0 ? `${rows.length} file(s), all at or above ${THRESHOLD}%` : `${below.length} of ${rows.length} file(s) below ${THRESHOLD}%`
process.stdout.write(`${verdict}, in ${minutes} min; surviving mutants: reports/mutation/mutation.html\n`)
process.exit(below.length > 0 || run.status !== 0 ? 1 : 0)
