// The scheduler benchmark's simulations: a DAG of known durations run on a virtual clock, with a
// fixed cost per task and nothing else. `overseer` drives the real reconciler (core/reconcile.ts,
// pure, so it runs here unchanged) and does what the runtime does with its actions; `fifo` starts
// ready tasks in the order they are listed, as make does. Set against the measured runs, they
// separate what the dispatch order costs from what each task's processes and commits cost.

import { DEFAULT_POLICY, tick, type AttemptView, type Policy, type TaskView } from '../../src/core/reconcile.js';
import type { TaskState } from '../../src/core/model.js';

export interface SimTask {
  readonly name: string;
  /** Seconds. */
  readonly sleep: number;
  readonly deps: readonly string[];
}

/** Makespan in seconds of `tasks` on `slots` slots, each task costing `perTaskMs` beyond its sleep. */
export function simulate(tasks: readonly SimTask[], slots: number, order: 'overseer' | 'fifo', perTaskMs = 0): number {
  return order === 'fifo' ? fifo(tasks, slots, perTaskMs / 1000) : reconciled(tasks, slots, perTaskMs);
}

function fifo(tasks: readonly SimTask[], slots: number, cost: number): number {
  const done = new Set<string>();
  const started = new Set<string>();
  const running: Array<{ name: string; end: number }> = [];
  let now = 0;
  while (done.size < tasks.length) {
    for (const t of tasks) {
      if (running.length >= slots) break;
      if (!started.has(t.name) && t.deps.every((d) => done.has(d))) {
        started.add(t.name);
        running.push({ name: t.name, end: now + t.sleep + cost });
      }
    }
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    done.add(next.name);
  }
  return now;
}

/**
 * The reconciler on a virtual clock (milliseconds). Like the runtime: a dispatched task is RUNNING
 * at once, its agent ends after its sleep plus the per-task cost, its verifiers pass at once.
 * Durations are unknown to the policy, as on a first run (every weight 1).
 */
function reconciled(tasks: readonly SimTask[], slots: number, perTaskMs: number): number {
  const policy: Policy = { ...DEFAULT_POLICY, maxConcurrent: slots, budgetUsd: null, idleTimeoutMs: 1e12, resultGraceMs: 1e12 };
  const views = new Map<string, TaskView>(
    tasks.map((t) => [
      t.name,
      { name: t.name, state: 'PENDING', dependsOn: t.deps, maxRetries: 0, timeoutMs: 1e12, budgetUsd: null, hasVerifiers: true, costUsd: 0, attemptsBase: 0, attempts: [], sinceMs: 0, live: false },
    ]),
  );
  const ends = new Map<string, number>();
  const update = (name: string, change: Partial<TaskView>) => views.set(name, { ...views.get(name)!, ...change });
  const setAttempt = (name: string, change: Partial<AttemptView>) => update(name, { attempts: [{ ...views.get(name)!.attempts[0]!, ...change }] });
  const sleepOf = new Map(tasks.map((t) => [t.name, t.sleep * 1000]));
  let now = 0;
  for (let guard = 0; guard < tasks.length * 20; guard++) {
    const actions = tick({ tasks: [...views.values()], drained: false, breakerOpen: false, spentUsd: 0 }, policy, now);
    let changed = false;
    for (const a of actions) {
      if (a.type === 'transition') {
        // Like the runtime's live set: a task is live from its dispatch until it is DONE.
        update(a.task, { state: a.to as TaskState, sinceMs: now, ...(a.to === 'ASSIGNED' ? { live: true } : a.to === 'DONE' ? { live: false } : {}) });
        changed = true;
      } else if (a.type === 'start-attempt') {
        const attempt: AttemptView = { id: 1, num: 1, kind: a.kind, startedAtMs: now, endedAtMs: null, failure: null, stopReason: null, resultAtMs: null, resultOk: false, lastOutputAtMs: null, verdict: null, verdictFailure: null, stopping: false };
        update(a.task, { state: 'RUNNING', attempts: [attempt] });
        ends.set(a.task, now + sleepOf.get(a.task)! + perTaskMs);
      } else if (a.type === 'run-verifiers') {
        setAttempt(a.task, { verdict: 'PASS' });
      }
    }
    if (changed) continue;
    if (ends.size === 0) break;
    const [name, end] = [...ends].sort((x, y) => x[1] - y[1])[0]!;
    ends.delete(name);
    now = end;
    setAttempt(name, { endedAtMs: end });
  }
  if ([...views.values()].some((v) => v.state !== 'DONE')) throw new Error('simulation did not finish every task');
  return now / 1000;
}

/**
 * The largest per-task cost (ms) at which the reconciler's order still finishes within `limit`
 * seconds. Negative when even no cost at all is too slow: the limit is out of reach.
 */
export function perTaskAllowance(tasks: readonly SimTask[], slots: number, limit: number): number {
  let lo = -50;
  let hi = 100;
  while (hi - lo > 0.05) {
    const mid = (lo + hi) / 2;
    if (simulate(tasks, slots, 'overseer', mid) <= limit) lo = mid;
    else hi = mid;
  }
  return lo;
}
