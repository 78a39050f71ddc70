import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations'

/** The migration's content hash, so that editing a shipped migration is caught at open. */
function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16)
}

/** Applies the migrations not yet applied; refuses a database whose shipped migrations were edited or that a newer credscope wrote. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Map((db.prepare('SELECT id, checksum FROM schema_migrations').all() as Array<{ id: number; checksum: string }>).map((r) => [r.id, r.checksum]))
  for (const migration of MIGRATIONS) {
    const sum = checksum(migration.sql)
    const existing = applied.get(migration.id)
    if (existing !== undefined) {
      if (existing !== sum) throw new Error(`migration ${migration.id} (${migration.name}) was edited after it was applied; add a new migration instead`)
      continue
    }
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(migration.id, migration.name, sum, new Date().toISOString())
    })()
  }
  const newest = Math.max(...MIGRATIONS.map((m) => m.id))
  const newestApplied = Math.max(0, ...applied.keys())
  if (newestApplied > newest) throw new Error(`this database was written by a newer credscope (schema ${newestApplied} > ${newest})`)
}
