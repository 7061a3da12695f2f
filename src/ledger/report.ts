// What the job summary and summary.json are made of, read from a ledger: per task its state and
// cause, attempts, spend, time from first dispatch, the verdicts of its latest verified attempt,
// and for a task that needs a human the failure it last met.

import { totals as totalsOf, type RunSummary, type Stall, type SummaryTask } from '../core/summary.js';
import { usd } from '../core/format.js';
import { roundUsd } from '../core/pricing.js';
import { dispatchReserve } from '../core/reconcile.js';
import { ENDED_STATES, type TaskState } from '../core/model.js';
import { failedChecks } from '../core/prompts.js';
import type { Ledger } from './ledger.js';
import { taskCap } from './spec.js';

export function runSummaryOf(ledger: Ledger, options: { cli?: string; now?: number } = {}): RunSummary {
  const now = options.now ?? Date.now();
  // Everything but a human-needing task's failure is on the task rows (schema v2).
  let runFirst: number | null = null;
  let runLast: number | null = null;

  const tasks: SummaryTask[] = ledger.tasks().map((t) => {
    const first = t.firstDispatchedAt === null ? null : Date.parse(t.firstDispatchedAt);
    // A task's updated_at is its last transition: for an ended task, when it ended.
    const last = Date.parse(t.updatedAt);
    if (first !== null) runFirst = Math.min(runFirst ?? Infinity, first);
    runLast = Math.max(runLast ?? -Infinity, last);
    const lastFailure = t.state === 'NEEDS_HUMAN' ? failureOf(ledger, t.name) : undefined;
    return {
      name: t.name,
      state: t.state,
      cause: t.stateCause,
      dependsOn: t.spec.depends_on,
      attempts: t.attemptCount,
      costUsd: t.costUsd,
      budgetUsd: taskCap(t, t.spec),
      durationMs: first === null ? null : (ENDED_STATES.has(t.state) ? last : now) - first,
      verdicts: t.verdicts,
      ...(lastFailure !== undefined && { lastFailure }),
    };
  });
  const cli = options.cli ?? 'overseer';
  const stalled = tasks.some((t) => WAITING.has(t.state)) ? stallOf(ledger, cli) : undefined;
  return {
    mode: 'run',
    runId: ledger.runId,
    tasks,
    durationMs: runFirst !== null && runLast !== null ? runLast - runFirst : null,
    budgetUsd: ledger.fleetBudgetUsd,
    ...(options.cli !== undefined && { cli: options.cli }),
    ...(stalled && { stalled }),
  };
}

/** States of a task that could start but waits for a slot (or for what stops the run's dispatch). */
const WAITING: ReadonlySet<TaskState> = new Set(['READY', 'RETRYING', 'RESUMING']);

/**
 * What stops the ledger's dispatch, if anything does: a drain, the quota breaker, or the run's budget
 * when no waiting task's reserve fits in what is left (the reconciler's rule, with nothing in flight
 * as at a run's end). None when one could start: the run was cut short (a cancelled job, Ctrl-C).
 */
export function stallOf(ledger: Ledger, cli: string): Stall | undefined {
  if (ledger.control('drain') === '1') return { reason: 'the ledger is drained', action: `\`${cli} undrain\`, then \`${cli} run\`` };
  if ((ledger.control('breaker') ?? '') !== '') return { reason: 'the quota breaker is open', action: `a provider quota ran out; \`${cli} retry\` a task once it is restored` };
  const budget = ledger.fleetBudgetUsd;
  if (budget === null) return undefined;
  const left = roundUsd(budget - ledger.spentUsd());
  const waiting = ledger.tasks().filter((t) => WAITING.has(t.state));
  // Infinity (no cap of its own) runs alone, and at a run's end nothing else runs.
  const couldStart = (need: number) => need === Infinity || need <= left;
  if (left > 0 && waiting.some((t) => couldStart(dispatchReserve({ budgetUsd: taskCap(t, t.spec), costUsd: t.costUsd }, true)))) return undefined;
  const action = 'raise --budget-usd or [fleet] budget_usd';
  if (left <= 0) return { reason: `the run's budget (${usd(budget)}) is spent`, action };
  return { reason: `what is left of the run's budget (${usd(left)} of ${usd(budget)}) does not cover their budgets`, action };
}

/**
 * What a task that needs a human last met: the first failure of its latest attempt that failed
 * (a failing verifier, or how the agent ended). A task escalated for its budget or a resume cap
 * may have a later attempt that did not fail.
 */
function failureOf(ledger: Ledger, task: string): string | undefined {
  const verifications = ledger.verifications(task);
  for (const attempt of ledger.attempts(task).reverse()) {
    const [first] = failedChecks(attempt, verifications, () => '');
    if (!first) continue;
    return first.kind === 'agent-exit' ? `attempt ${attempt.attemptNum} ended: ${first.command}` : `${first.kind} verifier: ${first.command}\n${first.output}`;
  }
  return undefined;
}

/** summary.json: the verdict and totals a script reads, with one entry per task. */
export function summaryJson(summary: RunSummary): Record<string, unknown> {
  const totals = totalsOf(summary.tasks);
  return {
    version: 1,
    run_id: summary.runId,
    verdict: totals.verdict,
    counts: totals.counts,
    cost_usd: totals.costUsd,
    budget_usd: summary.budgetUsd,
    duration_ms: summary.durationMs,
    tasks: summary.tasks.map((t) => ({
      name: t.name,
      state: t.state,
      cause: t.cause,
      attempts: t.attempts,
      cost_usd: t.costUsd,
      duration_ms: t.durationMs,
      verdicts: t.verdicts,
    })),
  };
}
