// The ledger handle: the one writer of coord.db. It opens (recovering from .bak when the file is
// damaged, refusing files that are not ours), applies transitions with their history row and event
// in one transaction, persists atomically between transactions, and flushes the event outbox to
// events.ndjson exactly once (DESIGN §4).

import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LedgerError } from '../core/errors.js';
import {
  CREATED,
  type AttemptRecord,
  type FromState,
  type TaskRecord,
  type TaskState,
  type TransitionCause,
  type TransitionRecord,
  type VerificationRecord,
} from '../core/model.js';
import { assertTransition } from '../core/transitions.js';
import { openEventLog, type EventLog } from '../events/ndjson.js';
import { EVENTS_VERSION, type EventPayloads, type EventType } from '../events/types.js';
import { ensureDir, inspect, readIfExists, writeAtomic } from './file.js';
import { acquireLock, type Lock } from './lock.js';
import { migrate, SCHEMA_VERSION, userVersion } from './schema.js';
import { sqlEngine, type Database } from './sqljs.js';
import { rowsOf, type Row } from './rows.js';

export interface LedgerPaths {
  readonly dir: string;
  readonly db: string;
  readonly bak: string;
  readonly lock: string;
  readonly events: string;
  readonly inbox: string;
  readonly logs: string;
}

export function ledgerPaths(stateDir: string): LedgerPaths {
  const db = join(stateDir, 'coord.db');
  return {
    dir: stateDir,
    db,
    bak: `${db}.bak`,
    lock: `${db}.lock`,
    events: join(stateDir, 'events.ndjson'),
    inbox: join(stateDir, 'inbox'),
    logs: join(stateDir, 'logs'),
  };
}

export interface OpenOptions {
  readonly stateDir: string;
  /** `write` takes the lock and may create the ledger; `read` needs neither and changes nothing. */
  readonly mode: 'write' | 'read';
  /** With `write`: start a new ledger when there is none (run, submit). Otherwise that is an error. */
  readonly create?: boolean;
  readonly clock?: () => Date;
  readonly warn?: (message: string) => void;
}

export interface NewTask {
  readonly name: string;
  readonly spec: unknown;
  readonly specHash: string;
}

export interface TaskRow extends TaskRecord {
  readonly ord: number;
  readonly spec: unknown;
  readonly attemptsBase: number;
  readonly budgetOverrideUsd: number | null;
}

/** Load the ledger file, falling back to a healthy .bak; null when neither file exists. */
async function load(paths: LedgerPaths, mode: OpenOptions['mode'], warn: (m: string) => void): Promise<Database | null> {
  const bytes = readIfExists(paths.db);
  const thorough = mode === 'write';
  let problem: string;
  if (bytes) {
    const health = await inspect(bytes, { thorough });
    if (health.kind === 'ok') return health.db;
    if (health.kind === 'refuse') throw new LedgerError(`${paths.db}: ${health.reason}. Nothing was changed.`);
    problem = `${paths.db} is damaged: ${health.reason}`;
  } else {
    problem = `${paths.db} is missing`;
  }

  const bak = readIfExists(paths.bak);
  if (!bak) {
    if (!bytes) return null;
    throw new LedgerError(
      `${problem}, and there is no ${paths.bak} to recover from. Nothing was changed; ` +
        `move ${paths.db} aside to start a new ledger.`,
    );
  }
  const backup = await inspect(bak, { thorough });
  if (backup.kind !== 'ok') {
    throw new LedgerError(`${problem}, and ${paths.bak} is unusable too (${backup.reason}). Nothing was changed.`);
  }
  if (mode === 'read') {
    warn(`${problem}; reading ${paths.bak} instead`);
  } else if (bytes) {
    // Keep the damaged file for inspection; writeAtomic must not link it over the good .bak.
    const aside = `${paths.db}.damaged-${Date.now()}`;
    renameSync(paths.db, aside);
    warn(`${problem}; recovered from ${paths.bak} (the damaged file is kept as ${aside}); the last step may run again`);
  } else {
    warn(`${problem}; recovered from ${paths.bak}; the last step may run again`);
  }
  return backup.db;
}

export class Ledger {
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();
  private dirty = false;
  private inTx = false;
  private closed = false;

  private constructor(
    private readonly db: Database,
    readonly paths: LedgerPaths,
    readonly mode: OpenOptions['mode'],
    private readonly clock: () => Date,
    private readonly lock: Lock | null,
    private readonly events: EventLog | null,
  ) {}

  static async open(options: OpenOptions): Promise<Ledger> {
    const paths = ledgerPaths(options.stateDir);
    const clock = options.clock ?? (() => new Date());
    const warn = options.warn ?? (() => {});
    const missing = () =>
      new LedgerError(`no ledger at ${paths.db}: start one with \`overseer run\` or \`overseer submit\``);
    if (options.mode === 'read') {
      const db = await load(paths, 'read', warn);
      if (!db) throw missing();
      migrate(db, userVersion(db));
      return new Ledger(db, paths, 'read', clock, null, null);
    }

    if (!options.create && !existsSync(paths.db) && !existsSync(paths.bak)) throw missing();
    try {
      ensureDir(paths.dir);
    } catch (err) {
      throw new LedgerError(`cannot create the state directory ${paths.dir}: ${(err as Error).message}`);
    }
    const lock = acquireLock(paths.lock, clock(), warn);
    let events: EventLog | null = null;
    try {
      let db = await load(paths, 'write', warn);
      const fresh = db === null;
      if (!db) db = new (await sqlEngine()).Database();
      const from = userVersion(db);
      migrate(db, from);
      events = openEventLog(paths.events);
      const ledger = new Ledger(db, paths, 'write', clock, lock, events);
      if (fresh) ledger.initMeta();
      // A new, migrated or recovered ledger is written out at once, so coord.db is whole again.
      if (fresh || from < SCHEMA_VERSION || !existsSync(paths.db)) ledger.dirty = true;
      ledger.reconcileOutbox();
      ledger.commit();
      return ledger;
    } catch (err) {
      events?.close();
      lock.release();
      throw err;
    }
  }

  // ---- meta and control -------------------------------------------------------------------

  private initMeta(): void {
    const now = this.clock().toISOString();
    this.tx(() => {
      this.setMeta('run_id', randomUUID());
      this.setMeta('created_at', now);
      this.setMeta('next_seq', '1');
    });
  }

  meta(key: string): string | undefined {
    const row = this.one('SELECT value FROM meta WHERE key = ?', [key]);
    return row ? String(row.value) : undefined;
  }

  setMeta(key: string, value: string): void {
    this.write('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  get runId(): string {
    return this.meta('run_id') ?? '';
  }

  control(key: string): string | undefined {
    const row = this.one('SELECT value FROM control WHERE key = ?', [key]);
    return row ? String(row.value) : undefined;
  }

  setControl(key: string, value: string): void {
    this.write('INSERT INTO control (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  // ---- tasks and transitions --------------------------------------------------------------

  /** Insert tasks not yet in the ledger (CREATED -> PENDING). Returns the names inserted. */
  addTasks(tasks: readonly NewTask[]): string[] {
    const added: string[] = [];
    this.tx(() => {
      const now = this.clock().toISOString();
      let ord = Number(this.one('SELECT COALESCE(MAX(ord), -1) AS m FROM tasks')?.m ?? -1);
      for (const t of tasks) {
        if (this.one('SELECT 1 AS x FROM tasks WHERE name = ?', [t.name])) continue;
        this.write(
          `INSERT INTO tasks (name, ord, spec, state, state_cause, spec_hash, created_at, updated_at)
           VALUES (?, ?, ?, 'PENDING', 'created', ?, ?, ?)`,
          [t.name, ++ord, JSON.stringify(t.spec), t.specHash, now, now],
        );
        this.recordTransition(t.name, CREATED, 'PENDING', 'created', now);
        added.push(t.name);
      }
    });
    return added;
  }

  /**
   * Move a task to a new state. The state, its history row and its event are written in one
   * transaction; an edge the table forbids throws IllegalTransitionError (a bug, never ignored).
   */
  transition(task: string, to: TaskState, cause: TransitionCause): void {
    this.tx(() => {
      const row = this.one('SELECT state FROM tasks WHERE name = ?', [task]);
      if (!row) throw new Error(`transition of unknown task ${task}`);
      const from = String(row.state) as TaskState;
      assertTransition(task, from, to, cause);
      const now = this.clock().toISOString();
      this.write('UPDATE tasks SET state = ?, state_cause = ?, updated_at = ? WHERE name = ?', [to, cause, now, task]);
      this.recordTransition(task, from, to, cause, now);
    });
  }

  private recordTransition(task: string, from: FromState, to: TaskState, cause: TransitionCause, at: string): void {
    this.write('INSERT INTO task_transitions (task_id, from_state, to_state, cause, at) VALUES (?, ?, ?, ?, ?)', [
      task,
      from,
      to,
      cause,
      at,
    ]);
    this.emit('task.transition', { task_id: task, from, to, cause }, at);
  }

  /** A human's `retry`: a fresh set of attempts from now, and optionally a new budget. */
  grantRetry(task: string, budgetUsd: number | undefined): void {
    this.tx(() => {
      const attempts = Number(this.one('SELECT COUNT(*) AS n FROM task_attempts WHERE task_id = ?', [task])?.n ?? 0);
      this.write('UPDATE tasks SET attempts_base = ? WHERE name = ?', [attempts, task]);
      if (budgetUsd !== undefined) this.write('UPDATE tasks SET budget_override_usd = ? WHERE name = ?', [budgetUsd, task]);
      this.transition(task, 'READY', 'retry-requested');
    });
  }

  /** Queue an event in the outbox; it reaches events.ndjson after the next persist. */
  emit<T extends EventType>(type: T, payload: EventPayloads[T], at = this.clock().toISOString()): number {
    let seq = 0;
    this.tx(() => {
      seq = Number(this.meta('next_seq') ?? '1');
      this.setMeta('next_seq', String(seq + 1));
      // Envelope keys first for readers, and assigned again last so no payload field can shadow them.
      const envelope = { v: EVENTS_VERSION, seq, type, at, run_id: this.runId };
      const line = JSON.stringify(Object.assign({ ...envelope }, payload, envelope));
      this.write('INSERT INTO events_outbox (seq, json) VALUES (?, ?)', [seq, line]);
    });
    return seq;
  }

  // ---- reads ------------------------------------------------------------------------------

  tasks(): TaskRow[] {
    return this.all('SELECT * FROM tasks ORDER BY ord').map(toTask);
  }

  /** Every task's state and cost without its spec: what `status` lists, cheaply at 10k tasks. */
  taskStates(): Array<Pick<TaskRow, 'name' | 'state' | 'stateCause' | 'costUsd' | 'updatedAt'>> {
    return this.all('SELECT name, state, state_cause, cost_usd, updated_at FROM tasks ORDER BY ord').map((r) => ({
      name: String(r.name),
      state: String(r.state) as TaskState,
      stateCause: String(r.state_cause) as TransitionCause,
      costUsd: Number(r.cost_usd),
      updatedAt: String(r.updated_at),
    }));
  }

  /** Attempts per task, counted in SQL. */
  attemptCounts(): Map<string, number> {
    return new Map(this.all('SELECT task_id, COUNT(*) AS n FROM task_attempts GROUP BY task_id').map((r) => [String(r.task_id), Number(r.n)]));
  }

  task(name: string): TaskRow | undefined {
    const row = this.one('SELECT * FROM tasks WHERE name = ?', [name]);
    return row ? toTask(row) : undefined;
  }

  transitions(task?: string): TransitionRecord[] {
    const rows = task
      ? this.all('SELECT * FROM task_transitions WHERE task_id = ? ORDER BY id', [task])
      : this.all('SELECT * FROM task_transitions ORDER BY id');
    return rows.map((r) => ({
      id: Number(r.id),
      taskId: String(r.task_id),
      from: String(r.from_state) as FromState,
      to: String(r.to_state) as TaskState,
      cause: String(r.cause) as TransitionCause,
      at: String(r.at),
    }));
  }

  attempts(task?: string): AttemptRecord[] {
    const rows = task
      ? this.all('SELECT * FROM task_attempts WHERE task_id = ? ORDER BY attempt_num', [task])
      : this.all('SELECT * FROM task_attempts ORDER BY id');
    return rows.map(toAttempt);
  }

  verifications(task?: string): VerificationRecord[] {
    const rows = task
      ? this.all('SELECT * FROM task_verifications WHERE task_id = ? ORDER BY attempt_id, seq', [task])
      : this.all('SELECT * FROM task_verifications ORDER BY id');
    return rows.map(toVerification);
  }

  /** Events still in the outbox (not yet in events.ndjson). */
  pendingEvents(): Array<{ seq: number; json: string }> {
    return this.all('SELECT seq, json FROM events_outbox ORDER BY seq').map((r) => ({ seq: Number(r.seq), json: String(r.json) }));
  }

  // ---- durability -------------------------------------------------------------------------

  /**
   * Persist if anything changed, then flush the outbox to events.ndjson. Call between ticks,
   * never inside a transaction (sql.js cannot export mid-transaction).
   */
  commit(): void {
    this.assertWritable();
    if (this.inTx) throw new Error('commit() inside a transaction');
    if (!this.dirty) return;
    this.persist();
    this.flushOutbox();
  }

  private persist(): void {
    writeAtomic(this.paths.db, this.db.export());
    // export() closes and reopens the database, which frees every prepared statement.
    this.statements.clear();
    this.dirty = false;
  }

  /** Append persisted outbox rows to events.ndjson (exactly once), then prune them. */
  private flushOutbox(): void {
    const pending = this.pendingEvents();
    if (pending.length === 0) return;
    this.events!.append(pending);
    // The prune alone does not make the ledger dirty: it reaches disk with the next persist, and
    // until then a restart finds those rows already in events.ndjson (seq <= lastSeq) and skips them.
    this.tx(() => this.write('DELETE FROM events_outbox WHERE seq <= ?', [this.events!.lastSeq]), { dirty: false });
  }

  /**
   * After a crash or a .bak recovery the file may be ahead of the ledger: never reuse a seq that
   * is already in events.ndjson, and drop outbox rows the file already holds.
   */
  private reconcileOutbox(): void {
    const lastInFile = this.events!.lastSeq;
    const next = Number(this.meta('next_seq') ?? '1');
    this.tx(() => {
      if (next <= lastInFile) this.setMeta('next_seq', String(lastInFile + 1));
    });
    if (this.pendingEvents().length > 0) this.dirty = true;
  }

  close(): void {
    if (this.closed) return;
    try {
      if (this.mode === 'write' && this.dirty) this.commit();
    } finally {
      this.closed = true;
      this.statements.clear();
      this.db.close();
      this.events?.close();
      this.lock?.release();
    }
  }

  // ---- SQL plumbing -----------------------------------------------------------------------

  /** Run `fn` in a transaction; nested calls join the outer one. */
  tx(fn: () => void, options: { dirty: boolean } = { dirty: true }): void {
    if (this.inTx) {
      fn();
      return;
    }
    this.assertWritable();
    this.db.exec('BEGIN');
    this.inTx = true;
    try {
      fn();
      this.db.exec('COMMIT');
      if (options.dirty) this.dirty = true;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.inTx = false;
    }
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('ledger is closed');
    if (this.mode !== 'write') throw new Error('ledger opened read-only');
  }

  private prepared(sql: string): ReturnType<Database['prepare']> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private write(sql: string, params: Array<string | number | null>): void {
    if (!this.inTx) throw new Error('write outside a transaction');
    const stmt = this.prepared(sql);
    stmt.run(params);
  }

  private all(sql: string, params: Array<string | number | null> = []): Row[] {
    try {
      return rowsOf(this.prepared(sql), params);
    } catch (err) {
      // A reader skips the full integrity check at open; damage it meets later is still a user error.
      if (this.mode === 'read' && /malformed|not a database|corrupt/i.test((err as Error).message)) {
        throw new LedgerError(`${this.paths.db} is damaged (${(err as Error).message}); a write command such as \`overseer run\` recovers it from ${this.paths.bak}`);
      }
      throw err;
    }
  }

  private one(sql: string, params: Array<string | number | null> = []): Row | undefined {
    return this.all(sql, params)[0];
  }
}

function toTask(r: Row): TaskRow {
  const rawSpec = String(r.spec);
  let spec: unknown;
  return {
    name: String(r.name),
    ord: Number(r.ord),
    // Parsed on first use: listing 10k tasks for `status` needs no spec.
    get spec() {
      return (spec ??= JSON.parse(rawSpec));
    },
    state: String(r.state) as TaskState,
    stateCause: String(r.state_cause) as TransitionCause,
    specHash: String(r.spec_hash),
    costUsd: Number(r.cost_usd),
    attemptsBase: Number(r.attempts_base),
    budgetOverrideUsd: r.budget_override_usd === null ? null : Number(r.budget_override_usd),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toAttempt(r: Row): AttemptRecord {
  return {
    id: Number(r.id),
    taskId: String(r.task_id),
    attemptNum: Number(r.attempt_num),
    kind: String(r.kind) as AttemptRecord['kind'],
    agent: String(r.agent),
    pid: num(r.pid),
    startedAt: str(r.started_at),
    endedAt: str(r.ended_at),
    exitCode: num(r.exit_code),
    sessionId: str(r.session_id),
    costUsd: Number(r.cost_usd),
    failureClass: str(r.failure_class),
    logPath: str(r.log_path),
  };
}

function toVerification(r: Row): VerificationRecord {
  return {
    id: Number(r.id),
    attemptId: Number(r.attempt_id),
    taskId: String(r.task_id),
    seq: Number(r.seq),
    kind: String(r.kind) as VerificationRecord['kind'],
    command: String(r.command),
    verdict: String(r.verdict) as VerificationRecord['verdict'],
    output: String(r.output),
    costUsd: Number(r.cost_usd),
    durationMs: Number(r.duration_ms),
    ranAt: String(r.ran_at),
  };
}
