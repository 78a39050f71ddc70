/** `credscope explore` as a CI job runs it: exit codes, the bundle it writes and replay, shards and --merge. */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli'

const R2 = 'resources/scenarios/flaws/r2-no-turn-lock.yaml'
const R7 = 'resources/scenarios/flaws/r7-bot-not-bound-to-session.yaml'
let dir = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-explore-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('credscope explore', () => {
  it('exits 1 with the failing schedule, its lanes and a bundle that replay re-runs event for event', async () => {
    const bundle = join(dir, 'r7.json')
    const ran = await runCli(['explore', R7, '--profile', 'hardened', '--flaw', 'r7', '--out', bundle], { boundMs: 60_000 })
    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain('explore r7-bot-not-bound-to-session under head · hardened + r7: dfs within 2 preemptions, budget 60s, shard 1/1, seed 2')
    expect(ran.stdout).toMatch(/✗ a schedule fails: 0 deviations from the default, 0 preemptions/)
    expect(ran.stdout).toContain("credential: expected no credential, the response carries bob's github token")
    expect(ran.stdout).toMatch(/lanes:\n {2}f1 {2}scenario r7-bot-not-bound-to-session\n/)
    expect(ran.stdout).toContain(`bundle written to ${bundle}; replay it with: credscope replay ${bundle}`)
    const written = JSON.parse(await readFile(bundle, 'utf8')) as { schedule?: unknown }
    expect(written.schedule).toEqual({ strategy: 'dfs', deviations: '-', preemptions: 0 })
    const replayed = await runCli(['replay', bundle], { boundMs: 60_000 })
    expect(replayed.code).toBe(0)
    expect(replayed.stdout).toMatch(/reproduced: the trace matches the bundle event for event \(\d+ events\)/)
  })

  it('exits 0 when every schedule of every shard passes, and --merge adds the shards up (exit 2 with one missing)', async () => {
    const reports = [join(dir, 's1.json'), join(dir, 's2.json')]
    const shards = await Promise.all(reports.map((report, i) => runCli(['explore', R2, '--profile', 'hardened', '--preemptions', '1', '--shard', `${i + 1}/2`, '--report', report], { boundMs: 90_000 })))
    for (const shard of shards) {
      expect(shard.code).toBe(0)
      expect(shard.stdout).toContain('✓ no schedule fails: every schedule within the bound ran')
    }
    const counts = shards.map((s) => Number(/^(\d+) schedules, /m.exec(s.stdout)?.[1]))
    const merged = await runCli(['explore', '--merge', ...reports])
    expect(merged.code).toBe(0)
    expect(merged.stdout).toContain('explore r2-no-turn-lock under head · hardened: dfs within 1, 2 of 2 shards')
    expect(merged.stdout).toMatch(new RegExp(`^${(counts[0] ?? 0) + (counts[1] ?? 0)} schedules, \\d+ distinct traces, space ${(counts[0] ?? 0) + (counts[1] ?? 0)} schedules, all run;`, 'm'))
    const partial = await runCli(['explore', '--merge', reports[0] ?? ''])
    expect(partial.code).toBe(2)
    expect(partial.stdout).toContain('shards without a report: 2/2')
  })

  it('exits 2 on bad input, saying what it takes', async () => {
    const cases: Array<[string[], string]> = [
      [['explore', R2, '--strategy', 'bfs'], '--strategy is dfs, pct, random, not "bfs"'],
      [['explore', R2, '--shard', '3/2'], '--shard needs i/n with 1 ≤ i ≤ n (2/4 is the second of four), not "3/2"'],
      [['explore', R2, '--budget', 'soon'], '--budget needs a duration (60s, 5m) or a number of runs (500), not "soon"'],
      [['explore', R2, '--preemptions', 'two'], '--preemptions needs a whole number from 0 to 10, not "two"'],
      [['explore', R2, R7], 'explore takes one scenario file (or --merge and the shard reports)'],
      [['explore', '--merge', R2], `${R2}: not a credscope explore report: the file is not JSON`]
    ]
    for (const [args, message] of cases) {
      const ran = await runCli(args)
      expect(ran.code, args.join(' ')).toBe(2)
      expect(ran.stderr, args.join(' ')).toContain(message)
    }
  })
})
