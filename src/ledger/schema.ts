// The ledger's schema (DESIGN §4) and its migrations. The version lives in PRAGMA user_version;
// MIGRATIONS[i] takes a ledger from version i to i + 1. Only ever append to this list.

import type { Database } from './sqljs.js';

export const APP_MARK = 'overseer';

const V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tasks (
  name TEXT PRIMARY KEY,
  ord INTEGER NOT NULL,
  spec TEXT NOT NULL,
  state TEXT NOT NULL,
  state_cause TEXT NOT NULL,
  spec_hash TEXT NOT NULL,
  cost_usd REAL NOT NULL DEFAULT 0,
  -- a human's retry grants a fresh set of attempts from here, and may raise the budget
  attempts_base INTEGER NOT NULL DEFAULT 0,
  budget_override_usd REAL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE task_transitions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  cause TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX task_transitions_task ON task_transitions (task_id, id);
CREATE TABLE task_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  attempt_num INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('fresh', 'retry', 'resume')),
  agent TEXT NOT NULL,
  pid INTEGER,
  pid_start TEXT,
  started_at TEXT,
  ended_at TEXT,
  exit_code INTEGER,
  session_id TEXT,
  cost_usd REAL NOT NULL DEFAULT 0,
  usage TEXT,
  failure_class TEXT,
  log_path TEXT,
  -- why the supervisor stopped it (timeout, idle-timeout, result-grace, budget, orphaned)
  stop_reason TEXT,
  -- when the agent printed its final result; what it claimed (recorded, never decisive)
  result_at TEXT,
  agent_reported_success INTEGER,
  -- the verifiers' outcome for this attempt
  verdict TEXT CHECK (verdict IN ('PASS', 'FAIL')),
  -- git HEAD + status hash of the cwd when the attempt began (recovery warns when it changed)
  tree_hash TEXT,
  UNIQUE (task_id, attempt_num)
);
CREATE TABLE task_verifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  attempt_id INTEGER NOT NULL,
  task_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('run', 'brain', 'agent')),
  command TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('PASS', 'FAIL')),
  output TEXT NOT NULL,
  cost_usd REAL NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL,
  ran_at TEXT NOT NULL
);
CREATE INDEX task_verifications_task ON task_verifications (task_id, attempt_id, seq);
CREATE TABLE events_outbox (seq INTEGER PRIMARY KEY, json TEXT NOT NULL, flushed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE github_receipts (key TEXT PRIMARY KEY, kind TEXT NOT NULL, remote_id TEXT NOT NULL, payload_hash TEXT);
CREATE TABLE control (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

// v2: what the summary and metrics read per task, kept on the task row (maintained by the ledger's
// writes) so a 10k-task report does not regroup the whole history; and an index for per-task attempts.
const V2 = `
ALTER TABLE tasks ADD COLUMN first_dispatched_at TEXT;
ALTER TABLE tasks ADD COLUMN attempt_count INTEGER NOT NULL DEFAULT 0;
-- the latest verified attempt's verdicts in order, as "kind:VERDICT kind:VERDICT"
ALTER TABLE tasks ADD COLUMN verdicts TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN verdicts_attempt INTEGER;
UPDATE tasks SET
  first_dispatched_at = (SELECT MIN(at) FROM task_transitions x WHERE x.task_id = tasks.name AND x.to_state = 'ASSIGNED'),
  attempt_count = (SELECT COUNT(*) FROM task_attempts a WHERE a.task_id = tasks.name),
  verdicts_attempt = (SELECT MAX(attempt_id) FROM task_verifications v WHERE v.task_id = tasks.name);
UPDATE tasks SET verdicts = COALESCE((
  SELECT group_concat(kv, ' ') FROM (
    SELECT kind || ':' || verdict AS kv FROM task_verifications v WHERE v.task_id = tasks.name AND v.attempt_id = tasks.verdicts_attempt ORDER BY seq
  )), '');
CREATE INDEX task_attempts_task ON task_attempts (task_id, attempt_num);
-- retries by cause (metrics) without a scan of the whole history
CREATE INDEX task_transitions_to ON task_transitions (to_state, cause);
`;

// v3: why a FAIL verdict needs a person rather than a retry (a judge refused the request: config; a
// reviewer spent its budget before it answered: budget), kept apart from the agent's own failure_class.
const V3 = `
ALTER TABLE task_attempts ADD COLUMN verdict_failure TEXT;
`;

// v4: the commit HEAD was on when an attempt began: a judge is shown the task's change since its
// first attempt began (commits the agent made included), not only what is left uncommitted.
const V4 = `
ALTER TABLE task_attempts ADD COLUMN base_commit TEXT;
`;

export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4];
export const SCHEMA_VERSION = MIGRATIONS.length;

export function userVersion(db: Database): number {
  return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
}

/** Apply the migrations a ledger is missing, each in its own transaction with its version bump. */
export function migrate(db: Database, from: number): void {
  for (let v = from; v < SCHEMA_VERSION; v++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[v]!);
      if (v === 0) db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['app', APP_MARK]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}
