/** Runs, turns, append-only events and audit lines. No column ever holds a secret value. */
export const migration0001 = {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('live', 'scenario')),
  title TEXT NOT NULL,
  profile TEXT NOT NULL,
  flaws TEXT NOT NULL,
  seed INTEGER NOT NULL,
  world TEXT NOT NULL,
  scenario TEXT,
  created_at TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'passed', 'failed', 'incomplete')),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  summary TEXT
);
CREATE TABLE turns (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  turn TEXT NOT NULL,
  project TEXT NOT NULL,
  session TEXT NOT NULL,
  thread TEXT NOT NULL,
  sender TEXT,
  sender_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL,
  PRIMARY KEY (run_id, turn)
);
CREATE TABLE events (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  turn TEXT,
  at INTEGER NOT NULL,
  hop TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX events_by_turn ON events (run_id, turn, seq);
CREATE TABLE audit (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE TRIGGER events_append_only BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit lines are append-only'); END;
`
}
