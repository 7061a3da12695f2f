// The reconciler's view of the fleet: ledger rows plus what only this supervisor knows (which
// tasks it is working on, when an agent last spoke, which stops it has asked for).

import type { FailureClass } from '../core/failure.js';
import { isFailureClass } from '../core/failure.js';
import type { AttemptView, Snapshot, StopReason, TaskView } from '../core/reconcile.js';
import type { AttemptRecord } from '../core/model.js';
import { roundUsd } from '../core/pricing.js';
import type { Ledger, TaskRow } from '../ledger/ledger.js';
import { taskCap, type StoredSpec } from '../ledger/spec.js';

/** What the supervisor knows about a task it is working on. */
export interface LiveTask {
  attemptId: number;
  /** `stopping`: an orphan (left by a dead supervisor) being stopped; its attempt ends when it is gone. */
  phase: 'spawning' | 'running' | 'exited' | 'verifying' | 'stopping';
  stopping: boolean;
  stopReason: StopReason | null;
  resultAtMs: number | null;
  lastOutputAtMs: number | null;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** What a task may still spend (its cap less its cost); undefined with no cap. */
export function budgetLeft(row: { readonly budgetOverrideUsd: number | null; readonly costUsd: number }, spec: StoredSpec): number | undefined {
  const cap = taskCap(row, spec);
  return cap === null ? undefined : Math.max(0, cap - row.costUsd);
}

/** The lowest of the caps that are set; undefined when none is. */
export function lowest(...caps: Array<number | undefined>): number | undefined {
  const set = caps.filter((c): c is number => c !== undefined);
  return set.length > 0 ? Math.min(...set) : undefined;
}

function attemptView(a: AttemptRecord, live: LiveTask | undefined): AttemptView {
  const mine = live?.attemptId === a.id ? live : undefined;
  const failure = a.failureClass !== null && isFailureClass(a.failureClass) ? (a.failureClass as FailureClass) : null;
  return {
    id: a.id,
    num: a.attemptNum,
    kind: a.kind,
    startedAtMs: ms(a.startedAt) ?? 0,
    endedAtMs: ms(a.endedAt),
    failure,
    stopReason: (a.stopReason as StopReason | null) ?? mine?.stopReason ?? null,
    resultAtMs: mine?.resultAtMs ?? ms(a.resultAt),
    resultOk: a.agentReportedSuccess === true,
    lastOutputAtMs: mine?.lastOutputAtMs ?? null,
    verdict: a.verdict,
    verdictFailure: a.verdictFailure === 'config' || a.verdictFailure === 'budget' ? a.verdictFailure : null,
    stopping: mine?.stopping ?? false,
  };
}

export function taskView(t: TaskRow, attempts: readonly AttemptRecord[], live: LiveTask | undefined, specs?: Map<string, StoredSpec>, minuteMs = 60_000): TaskView {
  let spec = specs?.get(t.specHash);
  if (!spec) {
    spec = t.spec;
    specs?.set(t.specHash, spec);
  }
  return {
    name: t.name,
    state: t.state,
    dependsOn: spec.depends_on,
    maxRetries: spec.max_retries,
    timeoutMs: spec.timeout_min === 0 ? Infinity : spec.timeout_min * minuteMs,
    budgetUsd: taskCap(t, spec),
    hasVerifiers: spec.verify.length > 0,
    costUsd: t.costUsd,
    attemptsBase: t.attemptsBase,
    attempts: attempts.map((a) => attemptView(a, live)),
    sinceMs: Date.parse(t.updatedAt),
    live: live !== undefined,
  };
}

/**
 * Views of tasks this supervisor is not working on depend only on their ledger rows, which the
 * ledger's read cache replaces when (and only when) a write touches them: a view is rebuilt when its
 * row or attempt list is a new object. A 2,000-task fleet no longer rebuilds 2,000 views per tick.
 */
export class SnapshotCache {
  readonly specs = new Map<string, StoredSpec>();
  readonly views = new WeakMap<TaskRow, { attempts: readonly AttemptRecord[]; view: TaskView }>();
}

const NO_ATTEMPTS: readonly AttemptRecord[] = [];

export function buildSnapshot(ledger: Ledger, live: ReadonlyMap<string, LiveTask>, cache = new SnapshotCache(), minuteMs = 60_000): Snapshot {
  const byTask = ledger.attemptsByTask();
  let spentUsd = 0;
  const tasks = ledger.tasks().map((t) => {
    spentUsd += t.costUsd;
    const attempts = byTask.get(t.name) ?? NO_ATTEMPTS;
    const mine = live.get(t.name);
    if (mine) return taskView(t, attempts, mine, cache.specs, minuteMs);
    const known = cache.views.get(t);
    if (known && known.attempts === attempts) return known.view;
    const view = taskView(t, attempts, undefined, cache.specs, minuteMs);
    cache.views.set(t, { attempts, view });
    return view;
  });
  return {
    tasks,
    drained: ledger.control('drain') === '1',
    breakerOpen: (ledger.control('breaker') ?? '') !== '',
    spentUsd: roundUsd(spentUsd),
  };
}
