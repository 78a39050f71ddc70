import Database from 'better-sqlite3'
import { mkdirSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import type { StoreHealthView } from '../../shared/api'
import type { EventKind, TraceEvent } from '../../shared/events'
import type { RecordedSchedule } from '../../shared/explore-view'
import type { EventSink } from '../trace/trace'
import { migrate } from './migrate'
import { type NewRun, type RawEvent, type RawRun, type RawTurn, type RunRow, type RunStatus, type TurnRow, toEvent, toRunRow, toTurnRow } from './rows'

/** Whether the store can still record, and if not, why and since when. */
export type StoreHealth = StoreHealthView

const FILE_CHECK_MS = 2000

/** Which file a path names: a removed or replaced database file has another (or none). */
function identityOf(path: string): string | null {
  try {
    const info = statSync(path)
    return `${info.dev}:${info.ino}`
  } catch {
    return null
  }
}

/**
 * The run store (better-sqlite3): runs, turns, append-only events and audit lines, under
 * numbered migrations. Only redacted events ever reach it.
 */
export class Store implements EventSink {
  /** The file this store opened; null for an in-memory store. */
  private readonly fileIdentity: string | null
  private lost: { message: string; since: string; droppedEvents: number } | null = null
  private readonly lostListeners = new Set<(health: StoreHealth) => void>()
  /** A transaction this store opened for the appends of this tick: they commit (and reach the WAL) once. */
  private tickTransaction = false
  private watch: ReturnType<typeof setInterval> | null = null
  private readonly insertEvent: Database.Statement
  private readonly insertTurn: Database.Statement
  private readonly finishTurn: Database.Statement
  private readonly insertAudit: Database.Statement
  private readonly selectTurn: Database.Statement

  private constructor(
    private readonly db: Database.Database,
    readonly path: string
  ) {
    this.insertEvent = db.prepare('INSERT INTO events (run_id, seq, turn, at, hop, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
    this.insertTurn = db.prepare(
      'INSERT OR IGNORE INTO turns (run_id, turn, project, session, thread, sender, sender_id, started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    this.finishTurn = db.prepare('UPDATE turns SET finished_at = ?, status = ? WHERE run_id = ? AND turn = ?')
    this.insertAudit = db.prepare('INSERT INTO audit (run_id, seq, at, text) VALUES (?, ?, ?, ?)')
    this.selectTurn = db.prepare('SELECT * FROM turns WHERE run_id = ? AND turn = ?')
    this.fileIdentity = path === ':memory:' ? null : identityOf(path)
    // An idle store notices too: someone may remove the file between runs of activity.
    if (this.fileIdentity !== null) this.watch = setInterval(() => this.checkFile(), FILE_CHECK_MS).unref()
  }

  /** Opens (creating if needed) and migrates; runs left `running` by a dead process become `incomplete`. */
  static open(path: string): Store {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const db = new Database(path, { timeout: 5000 })
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    const store = new Store(db, path)
    store.markAbandonedRuns()
    return store
  }

  private markAbandonedRuns(): void {
    const running = this.db.prepare("SELECT id, pid, host FROM runs WHERE status = 'running'").all() as Array<{ id: string; pid: number; host: string }>
    const mark = this.db.prepare("UPDATE runs SET status = 'incomplete', ended_at = ? WHERE id = ?")
    for (const run of running) {
      if (run.host === hostname() && isAlive(run.pid)) continue
      mark.run(new Date().toISOString(), run.id)
    }
  }

  createRun(run: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, kind, title, platform, profile, flaws, seed, world, scenario, scenario_name, created_at, started_at, status, pid, host)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`
      )
      .run(run.id, run.kind, run.title, run.platform, run.profile, JSON.stringify(run.flaws), run.seed, JSON.stringify(run.world), run.scenario ?? null, run.scenarioName ?? null, new Date().toISOString(), run.startedAt, process.pid, hostname())
  }

  /** Renames a run; false when the store has no such run. */
  setRunTitle(id: string, title: string): boolean {
    return this.db.prepare('UPDATE runs SET title = ? WHERE id = ?').run(title, id).changes > 0
  }

  finishRun(id: string, status: Exclude<RunStatus, 'running'>, summary?: unknown): void {
    this.db.prepare('UPDATE runs SET status = ?, ended_at = ?, summary = ? WHERE id = ?').run(status, new Date().toISOString(), summary === undefined ? null : JSON.stringify(summary), id)
  }

  /**
   * Records one event. The columns carry its envelope (run, seq, turn, time, hop), so the body
   * keeps only the rest. Appends of one tick share a transaction; a store whose file was removed
   * or replaced records nothing more and says so (see health).
   */
  append(event: TraceEvent): void {
    if (this.lost) {
      this.lost.droppedEvents++
      return
    }
    try {
      if (!this.db.inTransaction) {
        this.db.exec('BEGIN')
        this.tickTransaction = true
        setImmediate(() => this.commit())
      }
      const { seq, runId, at, hop, turn, ...body } = event
      this.insertEvent.run(runId, seq, turn, at, hop, event.kind, JSON.stringify(body))
      if (event.kind === 'turn.started' && turn) {
        this.insertTurn.run(runId, turn, event.project, event.session, event.thread, JSON.stringify(event.sender), event.senderId, at, 'running')
      } else if (event.kind === 'turn.finished' && turn) {
        this.finishTurn.run(at, event.status, runId, turn)
      } else if (event.kind === 'audit') {
        this.insertAudit.run(runId, seq, at, event.text)
      }
    } catch (error) {
      // SQLite busy past its timeout, a full disk, a broken file: told like a removed file, never swallowed.
      this.fail(`The run store ${this.path} stopped accepting writes (${error instanceof Error ? error.message : String(error)}); nothing is recorded since. Restart credscope to record again.`)
    }
  }

  /** Commits what this tick appended, after checking the file is still the one we opened. */
  flush(): void {
    this.commit()
  }

  private commit(): void {
    if (!this.tickTransaction || !this.db.open) return
    this.tickTransaction = false
    try {
      this.db.exec('COMMIT')
    } catch (error) {
      this.fail(`The run store ${this.path} could not commit (${error instanceof Error ? error.message : String(error)}); nothing is recorded since. Restart credscope to record again.`)
      return
    }
    this.checkFile()
  }

  /** Whether the store still records; checks the file first. */
  health(): StoreHealth {
    this.checkFile()
    return this.lost ? { ok: false, ...this.lost } : { ok: true }
  }

  /** Called once, when the store notices its file is gone or replaced. */
  onLost(listener: (health: StoreHealth) => void): () => void {
    this.lostListeners.add(listener)
    return () => this.lostListeners.delete(listener)
  }

  private checkFile(): void {
    if (this.lost || this.fileIdentity === null || !this.db.open) return
    const now = identityOf(this.path)
    if (now === this.fileIdentity) return
    const what = now === null ? 'was removed' : 'was replaced by another file'
    this.fail(`The run store ${this.path} ${what} while credscope was running; nothing is recorded since. Restart credscope to record again (the runs recorded so far are lost with the file).`)
  }

  private fail(message: string): void {
    if (this.lost) return
    this.lost = { message, since: new Date().toISOString(), droppedEvents: 0 }
    if (this.db.inTransaction) this.db.exec('ROLLBACK')
    this.tickTransaction = false
    const health = this.health()
    for (const listener of this.lostListeners) listener(health)
  }

  listRuns(limit = 200): RunRow[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, (SELECT COUNT(*) FROM turns t WHERE t.run_id = r.id) AS turn_count,
                (SELECT COALESCE(MAX(seq), 0) FROM events e WHERE e.run_id = r.id) AS event_count
         FROM runs r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`
      )
      .all(limit) as RawRun[]
    return rows.map(toRunRow)
  }

  run(id: string): RunRow | null {
    const row = this.db
      .prepare(
        `SELECT r.*, (SELECT COUNT(*) FROM turns t WHERE t.run_id = r.id) AS turn_count,
                (SELECT COALESCE(MAX(seq), 0) FROM events e WHERE e.run_id = r.id) AS event_count
         FROM runs r WHERE r.id = ?`
      )
      .get(id) as RawRun | undefined
    return row ? toRunRow(row) : null
  }

  events(runId: string, afterSeq = 0, limit = 1_000_000): TraceEvent[] {
    const rows = this.db.prepare('SELECT run_id, seq, turn, at, hop, body FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(runId, afterSeq, limit) as RawEvent[]
    return rows.map(toEvent)
  }

  /** The run's events of some kinds only (leak findings, tool calls), without reading the rest. */
  eventsOfKinds(runId: string, kinds: readonly EventKind[]): TraceEvent[] {
    if (kinds.length === 0) return []
    const rows = this.db
      .prepare(`SELECT run_id, seq, turn, at, hop, body FROM events WHERE run_id = ? AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY seq`)
      .all(runId, ...kinds) as RawEvent[]
    return rows.map(toEvent)
  }

  turnEvents(runId: string, turn: string): TraceEvent[] {
    const rows = this.db.prepare('SELECT run_id, seq, turn, at, hop, body FROM events WHERE run_id = ? AND turn = ? ORDER BY seq').all(runId, turn) as RawEvent[]
    return rows.map(toEvent)
  }

  turns(runId: string): TurnRow[] {
    const rows = this.db.prepare('SELECT * FROM turns WHERE run_id = ? ORDER BY started_at, rowid').all(runId) as RawTurn[]
    return rows.map(toTurnRow)
  }

  /** One turn by its id, through the primary key: opening a turn of a long run reads one row, not all. */
  turn(runId: string, turn: string): TurnRow | null {
    const row = this.selectTurn.get(runId, turn) as RawTurn | undefined
    return row ? toTurnRow(row) : null
  }

  setTurnSummary(runId: string, turn: string, summary: unknown): void {
    this.db.prepare('UPDATE turns SET summary = ? WHERE run_id = ? AND turn = ?').run(JSON.stringify(summary), runId, turn)
  }

  setScenarioSource(runId: string, source: string): void {
    this.db.prepare('UPDATE runs SET scenario_source = ? WHERE id = ?').run(source, runId)
  }

  /** The schedule a run was made under (a bundle's `schedule`, as JSON); see migration 0005. */
  setSchedule(runId: string, schedule: RecordedSchedule): void {
    this.db.prepare('UPDATE runs SET schedule = ? WHERE id = ?').run(JSON.stringify(schedule), runId)
  }

  schedule(runId: string): RecordedSchedule | null {
    const row = this.db.prepare('SELECT schedule FROM runs WHERE id = ?').get(runId) as { schedule: string | null } | undefined
    return row?.schedule ? (JSON.parse(row.schedule) as RecordedSchedule) : null
  }

  scenarioSource(runId: string): string | null {
    const row = this.db.prepare('SELECT scenario_source FROM runs WHERE id = ?').get(runId) as { scenario_source: string | null } | undefined
    return row?.scenario_source ?? null
  }

  auditLines(runId: string): string[] {
    return (this.db.prepare('SELECT text FROM audit WHERE run_id = ? ORDER BY seq').all(runId) as Array<{ text: string }>).map((r) => r.text)
  }

  /**
   * Runs `work` in one SQLite transaction, so many appends commit (and sync) once; a throw rolls
   * all of it back. Importing or generating a long run takes seconds this way instead of minutes.
   */
  batch<T>(work: () => T): T {
    this.commit()
    return this.db.transaction(work)()
  }

  deleteRun(id: string): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0
  }

  close(): void {
    if (this.watch) clearInterval(this.watch)
    if (!this.db.open) return
    this.commit()
    this.db.close()
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
