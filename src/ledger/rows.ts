// Rows out of sql.js statements as plain objects, and the typed records the ledger makes of them.

import type { AttemptRecord, TaskRecord, TaskState, TransitionCause, Verdict, VerificationRecord, VerifierKind } from '../core/model.js';
import type { EventPayloads } from '../events/types.js';
import { readSpec, type StoredSpec } from './spec.js';
import type { Database } from './sqljs.js';

export type Row = Record<string, unknown>;

export interface TaskRow extends TaskRecord {
  readonly ord: number;
  readonly spec: StoredSpec;
  readonly attemptsBase: number;
  readonly budgetOverrideUsd: number | null;
  readonly firstDispatchedAt: string | null;
  readonly attemptCount: number;
  /** The latest verified attempt's verifier verdicts, in order. */
  readonly verdicts: ReadonlyArray<{ readonly kind: VerifierKind; readonly verdict: Verdict }>;
}
type Statement = ReturnType<Database['prepare']>;

export function rowsOf(stmt: Statement, params: Array<string | number | null>): Row[] {
  const rows: Row[] = [];
  try {
    stmt.bind(params);
    // Column names once per query, values as arrays: getAsObject() asks for the names on every row.
    let names: string[] | undefined;
    while (stmt.step()) {
      names ??= stmt.getColumnNames();
      const values = stmt.get();
      const row: Row = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
      rows.push(row);
    }
  } finally {
    stmt.reset();
  }
  return rows;
}

export function attemptEvent(a: AttemptRecord, phase: 'started' | 'ended', durationMs: number | null): EventPayloads['task.attempt'] {
  return {
    task_id: a.taskId,
    attempt_id: a.id,
    attempt_num: a.attemptNum,
    kind: a.kind,
    agent: a.agent,
    phase,
    exit_code: a.exitCode,
    failure_class: a.failureClass,
    cost_usd: a.costUsd,
    duration_ms: durationMs,
    session_id: a.sessionId,
    ...(phase === 'ended' && { stop_reason: a.stopReason }),
  };
}

export function toTask(r: Row): TaskRow {
  const name = String(r.name);
  const rawSpec = String(r.spec);
  let spec: StoredSpec | undefined;
  return {
    name,
    ord: Number(r.ord),
    // Parsed on first use: listing 10k tasks for `status` needs no spec.
    get spec() {
      return (spec ??= readSpec(name, rawSpec));
    },
    state: String(r.state) as TaskState,
    stateCause: String(r.state_cause) as TransitionCause,
    specHash: String(r.spec_hash),
    costUsd: Number(r.cost_usd),
    attemptsBase: Number(r.attempts_base),
    budgetOverrideUsd: r.budget_override_usd === null ? null : Number(r.budget_override_usd),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    firstDispatchedAt: str(r.first_dispatched_at),
    attemptCount: Number(r.attempt_count),
    verdicts: String(r.verdicts)
      .split(' ')
      .filter(Boolean)
      .map((kv) => {
        const [kind, verdict] = kv.split(':');
        return { kind: kind as VerifierKind, verdict: verdict as Verdict };
      }),
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toAttempt(r: Row): AttemptRecord {
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
    pidStart: str(r.pid_start),
    stopReason: str(r.stop_reason),
    resultAt: str(r.result_at),
    agentReportedSuccess: r.agent_reported_success === null || r.agent_reported_success === undefined ? null : Number(r.agent_reported_success) === 1,
    verdict: r.verdict === null || r.verdict === undefined ? null : (String(r.verdict) as AttemptRecord['verdict']),
    verdictFailure: str(r.verdict_failure),
  };
}

export function toVerification(r: Row): VerificationRecord {
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
