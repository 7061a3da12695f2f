// The ledger handle: the one writer of coord.db. It opens (recovering from .bak when the file is
// damaged, refusing files that are not ours), and applies transitions with their history row and
// event in one transaction; attempts, verifications and the reads every command makes are here too.
// How it persists and feeds events.ndjson is store.ts (DESIGN §4).

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LedgerError } from '../core/errors.js';
import type { VerdictFailure } from '../core/failure.js';
import {
  CREATED,
  type AttemptKind,
  type AttemptRecord,
  type Verdict,
  type VerifierKind,
  type FromState,
  type TaskState,
  type TransitionCause,
  type TransitionRecord,
  type VerificationRecord,
} from '../core/model.js';
import { assertTransition } from '../core/transitions.js';
import { outcomeLabel, type FleetStats } from '../core/stats.js';
import { openEventLog, type EventLog } from '../events/ndjson.js';
import { ensureDir } from './file.js';
import { Journal } from './journal.js';
import { acquireLock, type LockRole } from './lock.js';
import { migrate, SCHEMA_VERSION, userVersion } from './schema.js';
import { openDatabase } from './sqljs.js';
import { isStateFile, ledgerPaths } from './paths.js';
import { applyJournal, load, readWithJournal } from './load.js';
import { attemptEvent, toAttempt, toTask, toVerification, type TaskRow } from './rows.js';
import type { StoredSpec } from './spec.js';
import { LedgerStore } from './store.js';

export { ledgerPaths, type LedgerPaths } from './paths.js';
export type { TaskRow } from './rows.js';

export interface OpenOptions {
  readonly stateDir: string;
  /** `write` takes the lock and may create the ledger; `read` needs neither and changes nothing. */
  readonly mode: 'write' | 'read';
  /** With `write`: start a new ledger when there is none (run, submit). Otherwise that is an error. */
  readonly create?: boolean;
  /** With `write`: who holds the lock (see LockHolder.role). Only the supervisor says 'supervisor'. */
  readonly role?: LockRole;
  readonly clock?: () => Date;
  readonly warn?: (message: string) => void;
}

export interface NewTask {
  readonly name: string;
  readonly spec: StoredSpec;
  readonly specHash: string;
}


export class Ledger extends LedgerStore {
  /**
   * The supervisor reads every task and attempt on every tick. Rows are kept here and only the
   * tasks a write touched are read again; a rollback or a new task drops the whole cache.
   */
  private readonly cache: { tasks: Map<string, TaskRow> | null; attempts: Map<string, AttemptRecord[]> | null; touched: Set<string> } = {
    tasks: null,
    attempts: null,
    touched: new Set(),
  };

  static async open(options: OpenOptions): Promise<Ledger> {
    const paths = ledgerPaths(options.stateDir);
    const clock = options.clock ?? (() => new Date());
    const warn = options.warn ?? (() => {});
    const missing = () =>
      new LedgerError(`no ledger at ${paths.db}: start one with \`overseer run\` or \`overseer submit\``);
    if (options.mode === 'read') {
      const db = await readWithJournal(paths, warn);
      if (!db) throw missing();
      migrate(db, userVersion(db));
      return new Ledger(db, paths, 'read', clock, null, null, null, 0);
    }

    if (!options.create && !existsSync(paths.db) && !existsSync(paths.bak)) throw missing();
    try {
      ensureDir(paths.dir);
      keepOutOfGit(paths.dir);
    } catch (err) {
      throw new LedgerError(`cannot create the state directory ${paths.dir}: ${(err as Error).message}`);
    }
    const lock = acquireLock(paths.lock, clock(), warn, options.role);
    let events: EventLog | null = null;
    try {
      const loaded = await load(paths, 'write', warn);
      const fresh = loaded === null;
      const db = loaded?.db ?? (await openDatabase());
      const journaled = loaded ? applyJournal(db, paths, loaded.fromBak, 'write', warn) : { seq: 0, changed: false, setAside: false };
      const from = userVersion(db);
      migrate(db, from);
      events = openEventLog(paths.events, warn);
      const ledger = new Ledger(db, paths, 'write', clock, lock, events, new Journal(paths.journal, paths.journalPrev), journaled.seq);
      if (fresh) ledger.initMeta();
      // A new, migrated, recovered or journal-replayed ledger is written out whole at once.
      if (fresh || from < SCHEMA_VERSION || !existsSync(paths.db) || journaled.changed) {
        ledger.dirty = true;
        ledger.checkpointDue = true;
      }
      // .bak + journal.prev + journal must reach the newest state. They no longer do after a
      // migration (not journaled), a recovery (.bak and journal.prev are the old ones) or a journal
      // set aside: that checkpoint is written as the .bak too.
      ledger.rebaseDue = !fresh && (from < SCHEMA_VERSION || loaded.fromBak || journaled.setAside);
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

  /** The fleet budget the last run was started with (null: none); metrics and summaries have no manifest. */
  get fleetBudgetUsd(): number | null {
    const budget = this.meta('fleet_budget_usd');
    return budget === undefined || budget === '' ? null : Number(budget);
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
      const known = new Set(this.all('SELECT name FROM tasks').map((r) => String(r.name)));
      for (const t of tasks) {
        if (known.has(t.name)) continue;
        known.add(t.name);
        this.write(
          `INSERT INTO tasks (name, ord, spec, state, state_cause, spec_hash, created_at, updated_at)
           VALUES (?, ?, ?, 'PENDING', 'created', ?, ?, ?)`,
          [t.name, ++ord, JSON.stringify(t.spec), t.specHash, now, now],
        );
        this.recordTransition(t.name, CREATED, 'PENDING', 'created', now);
        added.push(t.name);
      }
      if (added.length > 0) this.forget();
    });
    return added;
  }

  /**
   * Record a known task's edited spec (a manifest edit of a task not yet run or at rest). An edited
   * budget_usd is the latest word on the task's cap: it replaces the one a `retry --budget-usd` gave,
   * which would otherwise still win (taskCap). Not a transition: updated_at, the time of the last
   * one (a NEEDS_HUMAN task's duration ends there), stays.
   */
  replaceSpec(task: NewTask): void {
    const budgetEdited = this.task(task.name)?.spec.budget_usd !== task.spec.budget_usd;
    this.tx(() => {
      this.write('UPDATE tasks SET spec = ?, spec_hash = ? WHERE name = ?', [JSON.stringify(task.spec), task.specHash, task.name]);
      if (budgetEdited) this.write('UPDATE tasks SET budget_override_usd = NULL WHERE name = ?', [task.name]);
      this.cache.touched.add(task.name);
    });
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
      if (to === 'ASSIGNED') this.write('UPDATE tasks SET first_dispatched_at = COALESCE(first_dispatched_at, ?) WHERE name = ?', [now, task]);
      this.cache.touched.add(task);
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
      this.cache.touched.add(task);
      if (budgetUsd !== undefined) this.write('UPDATE tasks SET budget_override_usd = ? WHERE name = ?', [budgetUsd, task]);
      this.transition(task, 'READY', 'retry-requested');
    });
  }

  // ---- attempts and verifications ----------------------------------------------------------

  /** Record a new attempt before its process starts; returns its id and number. */
  beginAttempt(input: { task: string; kind: AttemptKind; agent: string; logPath: (num: number) => string }): { id: number; num: number } {
    let id = 0;
    let num = 0;
    this.tx(() => {
      num = Number(this.one('SELECT COALESCE(MAX(attempt_num), 0) + 1 AS n FROM task_attempts WHERE task_id = ?', [input.task])?.n ?? 1);
      this.write('INSERT INTO task_attempts (task_id, attempt_num, kind, agent, log_path) VALUES (?, ?, ?, ?, ?)', [
        input.task,
        num,
        input.kind,
        input.agent,
        input.logPath(num),
      ]);
      id = Number(this.one('SELECT last_insert_rowid() AS id')?.id);
      this.write('UPDATE tasks SET attempt_count = attempt_count + 1 WHERE name = ?', [input.task]);
      this.cache.touched.add(input.task);
    });
    return { id, num };
  }

  /** The process is running: pid and start time, so a restart can find it (and not a reused pid). */
  attemptStarted(id: number, pid: number, pidStart: string | null): void {
    this.tx(() => {
      const now = this.clock().toISOString();
      this.write('UPDATE task_attempts SET pid = ?, pid_start = ?, started_at = ? WHERE id = ?', [pid, pidStart, now, id]);
      const a = this.attempt(id)!;
      this.cache.touched.add(a.taskId);
      this.emit('task.attempt', attemptEvent(a, 'started', null), now);
    });
  }

  /** New cost, session or result from the agent's output. Cost is the attempt's running total. */
  attemptProgress(id: number, update: { costUsd?: number; sessionId?: string; resultAt?: string; agentOk?: boolean }): void {
    this.tx(() => {
      const a = this.attempt(id);
      if (!a) return;
      this.cache.touched.add(a.taskId);
      if (update.costUsd !== undefined && update.costUsd !== a.costUsd) {
        this.write('UPDATE task_attempts SET cost_usd = ? WHERE id = ?', [update.costUsd, id]);
        this.write('UPDATE tasks SET cost_usd = ROUND(cost_usd + ?, 9) WHERE name = ?', [update.costUsd - a.costUsd, a.taskId]);
      }
      if (update.sessionId !== undefined) this.write('UPDATE task_attempts SET session_id = ? WHERE id = ?', [update.sessionId, id]);
      if (update.resultAt !== undefined) {
        this.write('UPDATE task_attempts SET result_at = ?, agent_reported_success = ? WHERE id = ?', [update.resultAt, update.agentOk === false ? 0 : 1, id]);
      }
    });
  }

  endAttempt(id: number, end: { exitCode: number | null; failureClass: string | null; stopReason: string | null }): void {
    this.tx(() => {
      const now = this.clock().toISOString();
      this.write('UPDATE task_attempts SET ended_at = ?, exit_code = ?, failure_class = ?, stop_reason = COALESCE(?, stop_reason) WHERE id = ?', [
        now,
        end.exitCode,
        end.failureClass,
        end.stopReason,
        id,
      ]);
      const a = this.attempt(id)!;
      this.cache.touched.add(a.taskId);
      const durationMs = a.startedAt ? Date.parse(now) - Date.parse(a.startedAt) : null;
      this.emit('task.attempt', attemptEvent(a, 'ended', durationMs), now);
    });
  }

  recordVerification(v: { attemptId: number; task: string; index: number; kind: VerifierKind; command: string; verdict: Verdict; output: string; costUsd: number; durationMs: number }): void {
    this.tx(() => {
      const now = this.clock().toISOString();
      this.write(
        `INSERT INTO task_verifications (attempt_id, task_id, seq, kind, command, verdict, output, cost_usd, duration_ms, ran_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [v.attemptId, v.task, v.index, v.kind, v.command, v.verdict, v.output, v.costUsd, v.durationMs, now],
      );
      if (v.costUsd > 0) this.write('UPDATE tasks SET cost_usd = ROUND(cost_usd + ?, 9) WHERE name = ?', [v.costUsd, v.task]);
      this.write(
        `UPDATE tasks SET verdicts = CASE WHEN verdicts_attempt = ? AND verdicts <> '' AND ? > 0 THEN verdicts || ' ' || ? ELSE ? END, verdicts_attempt = ? WHERE name = ?`,
        [v.attemptId, v.index, `${v.kind}:${v.verdict}`, `${v.kind}:${v.verdict}`, v.attemptId, v.task],
      );
      this.cache.touched.add(v.task);
      this.emit(
        'task.verification',
        { task_id: v.task, attempt_id: v.attemptId, kind: v.kind, verdict: v.verdict, cost_usd: v.costUsd, index: v.index, command: v.command, duration_ms: v.durationMs },
        now,
      );
    });
  }

  /**
   * Money spent for a task that no attempt or verdict carries (a judge or reviewer stopped by a
   * cancel or Ctrl-C): counted in its cost, and so in the run's, with no row of its own.
   */
  chargeTask(task: string, costUsd: number): void {
    if (costUsd <= 0) return;
    this.tx(() => {
      this.write('UPDATE tasks SET cost_usd = ROUND(cost_usd + ?, 9) WHERE name = ?', [costUsd, task]);
      this.cache.touched.add(task);
    });
  }

  /** HEAD's commit when the attempt began: where a judge's diff of the task starts. */
  setBaseCommit(attemptId: number, commit: string): void {
    this.tx(() => {
      this.write('UPDATE task_attempts SET base_commit = ? WHERE id = ?', [commit, attemptId]);
      this.touchAttempt(attemptId);
    });
  }

  setTreeHash(attemptId: number, hash: string): void {
    this.tx(() => {
      this.write('UPDATE task_attempts SET tree_hash = ? WHERE id = ?', [hash, attemptId]);
      this.touchAttempt(attemptId);
    });
  }

  /**
   * Where the task's work began, for a judge's diff: HEAD's commit when its first attempt (of those
   * that recorded one) started, and when its first attempt started (ms; null before any).
   */
  taskStart(task: string): { base: string | null; since: number | null } {
    const base = this.one('SELECT base_commit FROM task_attempts WHERE task_id = ? AND base_commit IS NOT NULL ORDER BY attempt_num LIMIT 1', [task]);
    const first = this.one('SELECT started_at FROM task_attempts WHERE task_id = ? AND started_at IS NOT NULL ORDER BY attempt_num LIMIT 1', [task]);
    return { base: base ? String(base.base_commit) : null, since: first ? Date.parse(String(first.started_at)) : null };
  }

  treeHash(attemptId: number): string | null {
    const row = this.one('SELECT tree_hash FROM task_attempts WHERE id = ?', [attemptId]);
    return row?.tree_hash === null || row?.tree_hash === undefined ? null : String(row.tree_hash);
  }

  /**
   * The attempt's verdict; a FAIL that needs a person, not a retry, carries why (the agent's own
   * failure_class stays as it ended: its outcome in metrics and events does not change).
   */
  setVerdict(attemptId: number, verdict: Verdict, failure?: VerdictFailure): void {
    this.tx(() => {
      this.write('UPDATE task_attempts SET verdict = ?, verdict_failure = ? WHERE id = ?', [verdict, failure ?? null, attemptId]);
      this.touchAttempt(attemptId);
    });
  }

  attempt(id: number): AttemptRecord | undefined {
    const row = this.one('SELECT * FROM task_attempts WHERE id = ?', [id]);
    return row ? toAttempt(row) : undefined;
  }

  // ---- reads ------------------------------------------------------------------------------

  /** Every task in manifest order. The rows are shared with later calls: do not change them. */
  tasks(): TaskRow[] {
    this.refresh();
    this.cache.tasks ??= new Map(this.all('SELECT * FROM tasks ORDER BY ord').map((r) => [String(r.name), toTask(r)]));
    return [...this.cache.tasks.values()];
  }

  /** Each task's attempts in order, for the supervisor's every-tick snapshot. Shared rows, as above. */
  attemptsByTask(): ReadonlyMap<string, readonly AttemptRecord[]> {
    this.refresh();
    if (!this.cache.attempts) {
      const byTask = new Map<string, AttemptRecord[]>();
      for (const a of this.attempts()) {
        const list = byTask.get(a.taskId);
        if (list) list.push(a);
        else byTask.set(a.taskId, [a]);
      }
      this.cache.attempts = byTask;
    }
    return this.cache.attempts;
  }

  /** Read again the rows of the tasks written since the last read. */
  private refresh(): void {
    if (this.cache.touched.size === 0) return;
    for (const name of this.cache.touched) {
      if (this.cache.tasks) {
        const row = this.one('SELECT * FROM tasks WHERE name = ?', [name]);
        if (row) this.cache.tasks.set(name, toTask(row));
      }
      if (this.cache.attempts) this.cache.attempts.set(name, this.attempts(name));
    }
    this.cache.touched.clear();
  }

  protected override forget(): void {
    this.cache.tasks = null;
    this.cache.attempts = null;
    this.cache.touched.clear();
  }

  private touchAttempt(id: number): void {
    const row = this.one('SELECT task_id FROM task_attempts WHERE id = ?', [id]);
    if (row) this.cache.touched.add(String(row.task_id));
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
    return new Map(this.all('SELECT name, attempt_count FROM tasks').map((r) => [String(r.name), Number(r.attempt_count)]));
  }

  /** One task; from the read cache when it is filled (the supervisor asks several times a tick). */
  task(name: string): TaskRow | undefined {
    this.refresh();
    if (this.cache.tasks) return this.cache.tasks.get(name);
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

  /**
   * Each attempt's verifier results, of its last verification: one cut short by a crash or Ctrl-C
   * ran again from its first verifier, and what the cut one recorded is kept (for metrics, whose
   * counters never go down) but is no longer the attempt's result.
   */
  verifications(task?: string): VerificationRecord[] {
    // The subquery names the task so that it uses the (task_id, attempt_id, seq) index: by attempt
    // alone it scanned the table once per row (2.5 s of a 3,000-task run's closing table).
    const last = 'id >= (SELECT MAX(r.id) FROM task_verifications r WHERE r.task_id = v.task_id AND r.attempt_id = v.attempt_id AND r.seq = 0)';
    const rows = task
      ? this.all(`SELECT * FROM task_verifications v WHERE task_id = ? AND ${last} ORDER BY attempt_id, seq`, [task])
      : this.all(`SELECT * FROM task_verifications v WHERE ${last} ORDER BY id`);
    return rows.map(toVerification);
  }

  /** What every task in the ledger has been charged: what a run's cap is measured against. */
  spentUsd(): number {
    return Number(this.all('SELECT ROUND(COALESCE(SUM(cost_usd), 0), 9) AS cost FROM tasks')[0]?.cost ?? 0);
  }

  /** Fleet aggregates for metrics, in a handful of grouped queries. */
  stats(): FleetStats {
    const tasksByState: Partial<Record<TaskState, number>> = {};
    for (const r of this.all('SELECT state, COUNT(*) AS n FROM tasks GROUP BY state')) tasksByState[String(r.state) as TaskState] = Number(r.n);
    // One sum, rounded: adding per-state sums in an order that changes as tasks move made the
    // cost counter dip by 1e-16, which Prometheus reads as a reset (and a rate of the whole spend).
    const costUsd = this.spentUsd();
    const counted = (sql: string) => Object.fromEntries(this.all(sql).map((r) => [String(r.k), Number(r.n)]));
    const attemptsByOutcome: Record<string, number> = {};
    for (const r of this.all('SELECT failure_class, stop_reason, COUNT(*) AS n FROM task_attempts WHERE ended_at IS NOT NULL GROUP BY failure_class, stop_reason')) {
      const outcome = outcomeLabel(r.failure_class === null ? null : String(r.failure_class), r.stop_reason === null ? null : String(r.stop_reason));
      attemptsByOutcome[outcome] = (attemptsByOutcome[outcome] ?? 0) + Number(r.n);
    }
    const seconds = (sql: string) => this.all(sql).map((r) => Math.max(0, Number(r.s)));
    const attemptSeconds = seconds('SELECT (julianday(ended_at) - julianday(started_at)) * 86400 AS s FROM task_attempts WHERE ended_at IS NOT NULL AND started_at IS NOT NULL');
    // A DONE task's last change is reaching DONE (a terminal state): its updated_at.
    const taskSeconds = seconds("SELECT (julianday(updated_at) - julianday(first_dispatched_at)) * 86400 AS s FROM tasks WHERE state = 'DONE' AND first_dispatched_at IS NOT NULL");
    const verifierSeconds: Record<string, number[]> = {};
    for (const r of this.all('SELECT kind, duration_ms FROM task_verifications')) (verifierSeconds[String(r.kind)] ??= []).push(Number(r.duration_ms) / 1000);
    return {
      tasksByState,
      costUsd,
      budgetUsd: this.fleetBudgetUsd,
      retriesByCause: counted("SELECT cause AS k, COUNT(*) AS n FROM task_transitions WHERE to_state IN ('RETRYING', 'RESUMING') GROUP BY cause"),
      attemptsByOutcome,
      attemptSeconds,
      taskSeconds,
      verifications: this.all('SELECT kind, verdict, COUNT(*) AS n FROM task_verifications GROUP BY kind, verdict').map((r) => ({
        kind: String(r.kind),
        verdict: String(r.verdict) as 'PASS' | 'FAIL',
        count: Number(r.n),
      })),
      verifierSeconds,
      breakerOpen: (this.control('breaker') ?? '') !== '',
    };
  }

  /** What earlier runs created on GitHub (check runs, the status, the comment), by key. */
  receipts(): Map<string, { remoteId: string; payloadHash: string | null }> {
    return new Map(
      this.all('SELECT key, remote_id, payload_hash FROM github_receipts').map((r) => [
        String(r.key),
        { remoteId: String(r.remote_id), payloadHash: r.payload_hash === null ? null : String(r.payload_hash) },
      ]),
    );
  }

  setReceipts(receipts: ReadonlyMap<string, { remoteId: string; payloadHash: string | null }>): void {
    this.tx(() => {
      for (const [key, r] of receipts) {
        this.write(
          `INSERT INTO github_receipts (key, kind, remote_id, payload_hash) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET remote_id = excluded.remote_id, payload_hash = excluded.payload_hash`,
          [key, key.split(':')[0]!, r.remoteId, r.payloadHash],
        );
      }
    });
  }

}

/**
 * The state directory usually sits in the repository the agents work in. A `.gitignore` of `*` in
 * it keeps the ledger and the agents' logs out of an agent's `git add -A` (and so out of its
 * commits and pull requests), and out of `git clean -fd` (which would delete the run's state).
 */
function keepOutOfGit(dir: string): void {
  const path = join(dir, '.gitignore');
  // Only in a directory of overseer's own: a state dir given as `.` must not ignore a repository.
  if (existsSync(path) || !readdirSync(dir).every(isStateFile)) return;
  writeFileSync(path, '# overseer\'s state (ledger, events, logs): not for committing\n*\n');
}
