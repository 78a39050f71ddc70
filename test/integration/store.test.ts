import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { MIGRATIONS } from '../../src/main/store/migrations'
import type { NewRun } from '../../src/main/store/rows'
import { Store } from '../../src/main/store/store'
import type { EventBody, TraceEvent } from '../../src/shared/events'
import { maskSecret } from '../../src/shared/mask'
import { secretFields } from '../../src/shared/providers'
import { startTestEngine } from '../support/engine'

let dir = ''
let dbPath = ''
const opened: Store[] = []
let engine: Engine | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credscope-store-'))
  dbPath = join(dir, 'c.db')
})

afterEach(async () => {
  await engine?.stop()
  engine = null
  for (const store of opened.splice(0)) store.close()
  await rm(dir, { recursive: true, force: true })
})

function open(): Store {
  const store = Store.open(dbPath)
  opened.push(store)
  return store
}

/** A second, raw connection: what a curious user (or a bug) could do to the file behind our back. */
function raw(): Database.Database {
  return new Database(dbPath)
}

function newRun(id: string): NewRun {
  return { id, kind: 'live', title: 'a test run', platform: 'merge', profile: 'as-is', flaws: ['r3-mcp-not-rebuilt'], seed: 7, world: { users: ['alice'] }, startedAt: 1_000 }
}

function event(runId: string, seq: number, turn: string | null, body: EventBody): TraceEvent {
  return { ...body, seq, runId, at: 1_000 + seq, hop: 'proxy', turn }
}

/** The events of one turn, as the engine would append them. */
function turnEvents(runId: string, turn: string): TraceEvent[] {
  return [
    event(runId, 1, turn, { kind: 'turn.started', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'bob' }, senderId: 'bob', expectedOwner: 'bob' }),
    event(runId, 2, turn, { kind: 'runner.step', step: 'populate', detail: 'as bob' }),
    event(runId, 3, turn, { kind: 'audit', text: 'CREDENTIAL_ACCESS provider=github user=bob' }),
    event(runId, 4, null, { kind: 'note', text: 'between turns' }),
    event(runId, 5, turn, { kind: 'turn.finished', status: 'finished' })
  ]
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise<void>((done) => child.on('exit', () => done()))
  return child.pid!
}

describe('Store migrations', () => {
  it('records every migration in schema_migrations with the checksum of its SQL', () => {
    open().close()
    const db = raw()
    const rows = db.prepare('SELECT id, name, checksum, applied_at FROM schema_migrations ORDER BY id').all() as Array<{ id: number; name: string; checksum: string; applied_at: string }>
    db.close()
    expect(rows.map((r) => ({ id: r.id, name: r.name, checksum: r.checksum }))).toEqual(
      MIGRATIONS.map((m) => ({ id: m.id, name: m.name, checksum: createHash('sha256').update(m.sql).digest('hex').slice(0, 16) }))
    )
    for (const row of rows) expect(Number.isNaN(Date.parse(row.applied_at))).toBe(false)
  })

  it('reopens an existing database without applying anything twice or losing a run', () => {
    const first = open()
    first.createRun(newRun('run-1'))
    first.close()
    const before = raw()
    const migrations = before.prepare('SELECT * FROM schema_migrations ORDER BY id').all()
    before.close()

    const second = open()
    expect(second.run('run-1')?.title).toBe('a test run')
    second.close()
    open().close()
    const after = raw()
    expect(after.prepare('SELECT * FROM schema_migrations ORDER BY id').all()).toEqual(migrations)
    after.close()
  })

  it('refuses a database whose applied migration was edited since', () => {
    open().close()
    const db = raw()
    db.prepare('UPDATE schema_migrations SET checksum = ? WHERE id = 1').run('0000000000000000')
    db.close()
    expect(() => open()).toThrow(/migration 1 \(initial\) was edited after it was applied/)
  })

  it('refuses a database written by a newer credscope', () => {
    open().close()
    const db = raw()
    db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(9999, 'from-the-future', 'x', new Date().toISOString())
    db.close()
    expect(() => open()).toThrow(/newer credscope/)
  })
})

describe('Store records', () => {
  it('keeps events and audit lines append-only: an UPDATE raises', () => {
    const store = open()
    store.createRun(newRun('run-1'))
    for (const e of turnEvents('run-1', 'turn-1')) store.append(e)
    // Appends of one tick share a transaction; another connection writes after it committed.
    store.flush()
    const db = raw()
    expect(() => db.prepare("UPDATE events SET body = '{}' WHERE run_id = 'run-1'").run()).toThrow(/events are append-only/)
    expect(() => db.prepare("UPDATE audit SET text = '' WHERE run_id = 'run-1'").run()).toThrow(/audit lines are append-only/)
    db.close()
    expect(store.events('run-1').map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
  })

  it('round-trips a run: createRun, append, turns, events, audit lines and finishRun', () => {
    const store = open()
    store.createRun(newRun('run-1'))
    expect(store.run('run-1')).toMatchObject({ id: 'run-1', kind: 'live', status: 'running', flaws: ['r3-mcp-not-rebuilt'], world: { users: ['alice'] }, endedAt: null, turnCount: 0, eventCount: 0 })

    const appended = turnEvents('run-1', 'turn-1')
    for (const e of appended) store.append(e)
    expect(store.events('run-1')).toEqual(appended)
    expect(store.events('run-1', 3).map((e) => e.seq)).toEqual([4, 5])
    expect(store.turnEvents('run-1', 'turn-1').map((e) => e.seq)).toEqual([1, 2, 3, 5])
    expect(store.auditLines('run-1')).toEqual(['CREDENTIAL_ACCESS provider=github user=bob'])
    expect(store.turns('run-1')).toEqual([
      { turn: 'turn-1', project: 'demo', session: 'shared-1', thread: 'shared-1', sender: { kind: 'user', userId: 'bob' }, senderId: 'bob', startedAt: 1_001, finishedAt: 1_005, status: 'finished', summary: null }
    ])
    // The engine writes a turn's summary once the turn has been checked; it reads back as written.
    store.setTurnSummary('run-1', 'turn-1', { served: [{ slot: 'github', owner: 'bob' }] })
    expect(store.turns('run-1')[0]?.summary).toEqual({ served: [{ slot: 'github', owner: 'bob' }] })

    store.finishRun('run-1', 'passed', { leaks: 0 })
    const run = store.run('run-1')
    expect(run).toMatchObject({ status: 'passed', summary: { leaks: 0 }, turnCount: 1, eventCount: 5 })
    expect(run?.endedAt).not.toBeNull()
    expect(store.listRuns().map((r) => r.id)).toEqual(['run-1'])
  })

  it('reads one turn by its id, with its summary, without reading the others', () => {
    const store = open()
    store.createRun(newRun('run-1'))
    store.createRun(newRun('run-2'))
    const turns = ['turn-a', 'turn-b', 'turn-c']
    turns.forEach((turn, i) => {
      for (const e of turnEvents('run-1', turn)) store.append({ ...e, seq: e.seq + i * 10, at: e.at + i * 10 })
    })
    store.append({ ...turnEvents('run-2', 'turn-b')[0]!, senderId: 'alice' } as TraceEvent)
    store.setTurnSummary('run-1', 'turn-b', { served: [{ slot: 'github', owner: 'bob' }] })

    expect(store.turn('run-1', 'turn-b')).toEqual(store.turns('run-1')[1])
    expect(store.turn('run-1', 'turn-b')).toMatchObject({ turn: 'turn-b', status: 'finished', finishedAt: 1_015, summary: { served: [{ slot: 'github', owner: 'bob' }] } })
    expect(store.turn('run-1', 'turn-a')?.summary).toBeNull()
    // The same turn id in another run is another turn.
    expect(store.turn('run-2', 'turn-b')).toMatchObject({ senderId: 'alice', status: 'running', summary: null })
    expect(store.turn('run-1', 'turn-z')).toBeNull()
    expect(store.turn('no-run', 'turn-a')).toBeNull()
  })

  it('commits a batch of appends together, and none of it when the batch throws', () => {
    const store = open()
    store.createRun(newRun('run-1'))
    store.batch(() => {
      for (const e of turnEvents('run-1', 'turn-1')) store.append(e)
    })
    expect(store.events('run-1').map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(() =>
      store.batch(() => {
        for (const e of turnEvents('run-1', 'turn-2')) store.append({ ...e, seq: e.seq + 5 })
        throw new Error('stop half-way')
      })
    ).toThrow('stop half-way')
    expect(store.events('run-1').map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(store.turn('run-1', 'turn-2')).toBeNull()
    expect(store.auditLines('run-1')).toHaveLength(1)
  })

  it('reopens a past run and reads its events in order', () => {
    const first = open()
    first.createRun(newRun('run-1'))
    first.createRun(newRun('run-2'))
    const appended = turnEvents('run-1', 'turn-1')
    // Appended out of seq order on purpose: readers must get the run's order, not insertion order.
    for (const e of [...appended].reverse()) first.append(e)
    first.append(event('run-2', 1, null, { kind: 'note', text: 'another run' }))
    first.finishRun('run-1', 'finished')
    first.close()

    const second = open()
    expect(second.run('run-1')?.status).toBe('finished')
    expect(second.events('run-1')).toEqual(appended)
    expect(second.events('run-2').map((e) => e.kind)).toEqual(['note'])
  })

  it('marks a run left running by a dead process incomplete when the store is opened again', async () => {
    const first = open()
    first.createRun(newRun('ours'))
    first.createRun(newRun('orphan'))
    first.close()
    const db = raw()
    db.prepare("UPDATE runs SET pid = ? WHERE id = 'orphan'").run(await deadPid())
    db.close()

    const second = open()
    expect(second.run('orphan')?.status).toBe('incomplete')
    expect(second.run('orphan')?.endedAt).not.toBeNull()
    // This process is alive, so its own run is still running.
    expect(second.run('ours')?.status).toBe('running')
  })
})

describe('secrets and the SQLite file', () => {
  it('holds no secret of an engine run, not even a cut-off part of one, while the masked forms are there', async () => {
    const store = open()
    engine = await startTestEngine({ store })
    const sends: Array<Parameters<Engine['sendTurn']>[0]> = [
      { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami\ngitlab.whoami\njira.myself\ngoogle.whoami\nmcp.docs.whoami\nenv.dump\nfs.list' },
      { sender: { kind: 'user', userId: 'alice' }, project: 'demo', session: 'shared-1', message: 'github.whoami\nenv.dump' },
      { sender: { kind: 'apikey', key: 'ci-bot' }, project: 'demo', session: 'shared-1', message: 'github.whoami' },
      { sender: { kind: 'scheduled' }, project: 'demo', session: 'shared-1', message: 'jira.myself' },
      // The runner's own request bodies reach the trace as 4096-character previews; place bob's token
      // across that cut so a preview taken before redaction would keep most of it.
      {
        sender: { kind: 'user', userId: 'bob' },
        project: 'demo',
        session: 'shared-1',
        message: `http POST https://api.github.com/user -H 'Authorization: Bearer \${BOT_TOKEN}' -d '${'x'.repeat(4096 - 20)}\${GITHUB_TOKEN}'`
      }
    ]
    for (const send of sends) expect((await engine.sendTurn(send)).turn?.status).toBe('finished')

    const entries = engine.sim.registry.entries()
    const owners = new Set(entries.map(([, ref]) => ref.owner))
    // Every kind of secret of the run is under test: user canaries, bearer tokens, ServiceAccount tokens.
    expect(entries.some(([, ref]) => ref.field === 'oauth-token')).toBe(true)
    expect([...owners].some((o) => o.startsWith('sa:demo/ambient-session-'))).toBe(true)
    expect([...owners].some((o) => o.startsWith('sa:demo/ambient-key-'))).toBe(true)

    // Read while the engine is live, so the -wal file still holds what has not been checkpointed.
    const files = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f))
    expect(files).toContain(`${dbPath}-wal`)
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)))
    const credentials = await engine.sim.credentials.entries()
    const jiraBasics = credentials.flatMap(({ credential: c }) => (c.provider === 'jira' ? [Buffer.from(`${c.email}:${c.apiToken}`).toString('base64')] : []))

    const found: string[] = []
    for (const [value, ref] of entries) {
      const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]
      // A cut-off secret is still a secret: its first and last 16 characters must not be there either.
      if (value.length >= 24) forms.push(value.slice(0, 16), value.slice(-16))
      for (const form of new Set(forms)) if (bytes.includes(form)) found.push(`${ref.owner} ${ref.slot} ${ref.field} (${ref.fingerprint}) as ${maskSecret(form)}`)
    }
    for (const basic of jiraBasics) if (bytes.includes(basic)) found.push(`a Jira Basic credential ${maskSecret(basic)}`)
    expect(found).toEqual([])

    // Redaction replaced the values, it did not drop the evidence: the masks of what the turns used are there.
    const served = credentials.filter((c) => c.userId === 'bob' && ['github', 'jira'].includes(c.slot)).map((c) => secretFields(c.credential)[0]!.value)
    const bearer = entries.filter(([, ref]) => ref.owner === 'bob' && ref.field === 'oauth-token').map(([value]) => value)
    for (const value of [...served, ...bearer]) expect(bytes.includes(maskSecret(value)), maskSecret(value)).toBe(true)
  })
})
