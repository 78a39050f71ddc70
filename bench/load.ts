import Database from 'better-sqlite3'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { ReadyLine } from '../src/shared/ready-line'
import type { Measurement, MeasurementResult } from './measurement'
import { formatTable, mb, ms } from './report'
import { percentile } from './stats'

const CLI = resolve(import.meta.dirname, '../out/main/cli.js')
const MESSAGE = 'github.whoami\njira.myself'
const RUN_PATH = '/api/projects/demo/agentic-sessions/shared-1/agui/run'
const RSS_TARGET = 600 * 1024 * 1024
const EXIT_TARGET_MS = 5000

interface Served {
  ready: ReadyLine
  child: ChildProcess
  db: string
  dir: string
  stderr: () => string
}

interface Answer {
  status: number
  body: string
}

interface PhaseResult {
  profile: string
  loop: 'closed' | 'open'
  seconds: number
  /** Requests to agui/run sent, and how they were answered (status → count). */
  sent: number
  statuses: Map<number, number>
  /** Offered firings the clients skipped because they already had the maximum in flight (open loop). */
  skipped: number
  /** Closed loop: from POST to the turn's end; open loop: the POST's answer. */
  latencyMs: number[]
  turnsByStatus: Map<string, number>
  leaks: number
  leaksByKind: Map<string, number>
  rssPeak: number
  dbBytes: number
  exitMs: number
  emfile: number
  /** The first few findings as the detector words them (masked), to start an investigation. */
  firstFindings: string[]
  /** The store of a hardened phase with findings, kept for inspection (`credscope` can open it). */
  keptStore: string | null
}

async function serve(profile: string): Promise<Served> {
  const dir = await mkdtemp(join(tmpdir(), 'credscope-load-'))
  const db = join(dir, 'runs.db')
  const child = spawn(process.execPath, [CLI, 'serve', '--vault', 'memory', '--db', db, '--profile', profile], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const ready = await new Promise<ReadyLine>((resolveReady, reject) => {
    createInterface({ input: child.stdout ?? process.stdin }).once('line', (line) => resolveReady(JSON.parse(line) as ReadyLine))
    child.once('exit', (code) => reject(new Error(stderr.trim() || `serve exited with ${code ?? 'a signal'}`)))
  })
  return { ready, child, db, dir, stderr: () => stderr }
}

function call(agent: Agent, url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolveAnswer) => {
    const req = request(url, { agent, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', () => resolveAnswer({ status: 0, body: '' }))
    })
    // A refused or reset connection is an answer too: status 0.
    req.on('error', () => resolveAnswer({ status: 0, body: '' }))
    if (init.body) req.write(init.body)
    req.end()
  })
}

function rssOf(pid: number): number {
  const out = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' })
  const kb = Number(out.stdout.trim())
  return Number.isFinite(kb) ? kb * 1024 : 0
}

async function tokens(served: Served, agent: Agent): Promise<string[]> {
  const world = await call(agent, `${served.ready.controlUrl}/world`, { headers: { Authorization: `Bearer ${served.ready.controlToken}` } })
  const users = (JSON.parse(world.body) as { users: Array<{ id: string; token: string }> }).users
  return ['alice', 'bob'].map((id) => users.find((u) => u.id === id)?.token ?? '')
}

function sendTurn(agent: Agent, served: Served, token: string): Promise<Answer> {
  return call(agent, `${served.ready.frontDoorUrl}${RUN_PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: MESSAGE }] })
  })
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/** Stops serve with SIGTERM and times it; then reads the turns and leak findings from its store. */
async function finish(served: Served, result: PhaseResult, stopSampling: () => void): Promise<void> {
  const t0 = performance.now()
  const exited = new Promise<void>((done) => served.child.once('exit', () => done()))
  served.child.kill('SIGTERM')
  const limit = setTimeout(() => served.child.kill('SIGKILL'), 60_000)
  await exited
  clearTimeout(limit)
  result.exitMs = performance.now() - t0
  stopSampling()
  result.emfile = (served.stderr().match(/EMFILE/g) ?? []).length
  for (const suffix of ['', '-wal', '-shm']) result.dbBytes += await stat(`${served.db}${suffix}`).then((s) => s.size, () => 0)
  const db = new Database(served.db, { readonly: true })
  try {
    for (const row of db.prepare('SELECT status, COUNT(*) AS n FROM turns GROUP BY status').all() as Array<{ status: string; n: number }>) result.turnsByStatus.set(row.status, row.n)
    for (const row of db.prepare("SELECT body FROM events WHERE kind = 'leak'").all() as Array<{ body: string }>) {
      const finding = (JSON.parse(row.body) as { finding: { invariant: string; sink: string; message: string } }).finding
      result.leaks++
      if (result.firstFindings.length < 3) result.firstFindings.push(finding.message)
      count(result.leaksByKind, `${finding.invariant} in ${finding.sink}`)
    }
  } finally {
    db.close()
  }
  // A hardened leak is a finding to investigate, so its evidence stays.
  if (result.profile === 'hardened' && result.leaks > 0) result.keptStore = served.db
  else await rm(served.dir, { recursive: true, force: true })
}

function sampleRss(served: Served, result: PhaseResult): () => void {
  const pid = served.child.pid ?? 0
  const timer = setInterval(() => (result.rssPeak = Math.max(result.rssPeak, rssOf(pid))), 500)
  return () => clearInterval(timer)
}

function emptyResult(profile: string, loop: 'closed' | 'open', seconds: number): PhaseResult {
  return { profile, loop, seconds, sent: 0, statuses: new Map(), skipped: 0, latencyMs: [], turnsByStatus: new Map(), leaks: 0, leaksByKind: new Map(), rssPeak: 0, dbBytes: 0, exitMs: 0, emfile: 0, firstFindings: [], keptStore: null }
}

/** Each client sends a turn, waits until it has ended (`/control/turns/<id>?wait=1`), and sends the next. */
async function closedLoop(profile: string, clients: number, seconds: number): Promise<PhaseResult> {
  const served = await serve(profile)
  const result = emptyResult(profile, 'closed', seconds)
  const agent = new Agent({ keepAlive: true, maxSockets: clients * 2 })
  const stopSampling = sampleRss(served, result)
  const [alice, bob] = await tokens(served, agent)
  const deadline = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const token = (i % 2 === 0 ? alice : bob) ?? ''
      while (performance.now() < deadline) {
        const t0 = performance.now()
        const answer = await sendTurn(agent, served, token)
        result.sent++
        count(result.statuses, answer.status)
        if (answer.status !== 200) continue
        const { runId } = JSON.parse(answer.body) as { runId: string }
        await call(agent, `${served.ready.controlUrl}/turns/${runId}?wait=1`, { headers: { Authorization: `Bearer ${served.ready.controlToken}` } })
        result.latencyMs.push(performance.now() - t0)
      }
    })
  )
  agent.destroy()
  await finish(served, result, stopSampling)
  return result
}

/**
 * Clients fire at a fixed offered rate whatever the engine answers (each keeps at most four
 * requests in flight), then serve is stopped at once, with its backlog.
 */
async function openLoop(profile: string, clients: number, seconds: number, rate: number): Promise<PhaseResult> {
  const served = await serve(profile)
  const result = emptyResult(profile, 'open', seconds)
  const agent = new Agent({ keepAlive: true, maxSockets: clients * 4 })
  const stopSampling = sampleRss(served, result)
  const [alice, bob] = await tokens(served, agent)
  const interval = (clients / rate) * 1000
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const token = (i % 2 === 0 ? alice : bob) ?? ''
      const inFlight = new Set<Promise<void>>()
      for (let next = started + (interval * i) / clients; next < deadline; next += interval) {
        const wait = next - performance.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        if (inFlight.size >= 4) {
          result.skipped++
          continue
        }
        const t0 = performance.now()
        const pending = sendTurn(agent, served, token).then((answer) => {
          result.sent++
          count(result.statuses, answer.status)
          result.latencyMs.push(performance.now() - t0)
          inFlight.delete(pending)
        })
        inFlight.add(pending)
      }
      await Promise.all(inFlight)
    })
  )
  agent.destroy()
  await finish(served, result, stopSampling)
  return result
}

function statusCells(r: PhaseResult): string {
  return [...r.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status === 0 ? 'no answer' : status} × ${n}`).join(', ')
}

function latencyCells(r: PhaseResult): string[] {
  const sorted = [...r.latencyMs].sort((a, b) => a - b)
  return sorted.length === 0 ? ['-', '-', '-'] : [ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99))]
}

/**
 * 50 clients through the front door against `credscope serve` (alice and bob, `github.whoami` and
 * `jira.myself`), closed loop and open loop, under hardened (must find no leak and answer no 5xx)
 * and merged (its residual flaws leak; counted for information).
 */
export const loadMeasurement: Measurement = {
  name: 'load',
  title: 'Load through the front door against credscope serve (closed and open loop)',
  async run({ options, memory }): Promise<MeasurementResult> {
    const results: PhaseResult[] = []
    for (const profile of ['hardened', 'merged']) {
      results.push(await closedLoop(profile, options.loadClients, options.loadClosedSeconds))
      memory.sample()
      results.push(await openLoop(profile, options.loadClients, options.loadSeconds, options.loadRate))
      memory.sample()
    }
    const failures: string[] = []
    const lines = [
      `${options.loadClients} clients; closed loop ${options.loadClosedSeconds} s (each waits for its turn to end); open loop ${options.loadSeconds} s at ${options.loadRate} turns/s offered (at most 4 in flight per client), then SIGTERM with the backlog`,
      '',
      ...formatTable(
        ['profile', 'loop', 'sent', 'accepted/s', 'turns ended', 'p50', 'p95', 'p99'],
        results.map((r) => [r.profile, r.loop, String(r.sent), ((r.statuses.get(200) ?? 0) / r.seconds).toFixed(1), String(r.turnsByStatus.get('finished') ?? 0), ...latencyCells(r)])
      ),
      '(closed loop: POST to the end of the turn; open loop: the answer to the POST)',
      '',
      ...formatTable(
        ['profile', 'loop', 'answers by status', 'turns by status'],
        results.map((r) => [r.profile, r.loop, statusCells(r), [...r.turnsByStatus].map(([s, n]) => `${s} × ${n}`).join(', ') || '-']),
        [2, 3]
      ),
      '',
      ...formatTable(
        ['profile', 'loop', 'leak findings', 'rss peak', 'db bytes/turn', 'exit after SIGTERM', 'EMFILE'],
        results.map((r) => {
          const turns = [...r.turnsByStatus.values()].reduce((a, b) => a + b, 0)
          return [r.profile, r.loop, String(r.leaks), mb(r.rssPeak), turns > 0 ? `${Math.round(r.dbBytes / turns)} B` : '-', ms(r.exitMs), String(r.emfile)]
        })
      ),
      ''
    ]
    for (const r of results) {
      for (const [kind, n] of r.leaksByKind) lines.push(`${r.profile} ${r.loop}: ${kind} × ${n}`)
      if (r.profile !== 'hardened') continue
      for (const message of r.firstFindings) lines.push(`  e.g. ${message}`)
      if (r.keptStore) lines.push(`  the run's store is kept for inspection: ${r.keptStore}`)
      const serverErrors = [...r.statuses].filter(([status]) => status >= 500 || status === 0).reduce((n, [, c]) => n + c, 0)
      if (r.leaks > 0) failures.push(`${r.leaks} leak finding(s) under hardened, ${r.loop} loop`)
      if (serverErrors > 0) failures.push(`${serverErrors} answer(s) 5xx or none under hardened, ${r.loop} loop`)
      if (r.emfile > 0) failures.push(`EMFILE ${r.emfile} time(s) under hardened, ${r.loop} loop`)
      if (r.loop === 'closed' && r.sent !== (r.statuses.get(200) ?? 0)) failures.push(`the closed loop under hardened had ${r.sent - (r.statuses.get(200) ?? 0)} refused turn(s); it must have none`)
      lines.push(`hardened ${r.loop}: rss peak ${mb(r.rssPeak)} (target < ${mb(RSS_TARGET)}) ${r.rssPeak < RSS_TARGET ? 'OK' : 'MISSED'}; exit ${ms(r.exitMs)} after SIGTERM (target < ${EXIT_TARGET_MS} ms) ${r.exitMs < EXIT_TARGET_MS ? 'OK' : 'MISSED'}`)
    }
    return { lines, failures }
  }
}
