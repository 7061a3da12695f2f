// What the job summary and summary.json are made of, read from a ledger: per task its state and
// cause, attempts, spend, time from first dispatch, the verdicts of its latest verified attempt,
// and for a task that needs a human the failure it last met.

import type { RunSummary, SummaryTask, SummaryTotals } from '../core/summary.js';
import type { TaskState } from '../core/model.js';
import type { Ledger } from './ledger.js';

const ENDED = new Set<TaskState>(['DONE', 'NEEDS_HUMAN', 'CANCELLED']);

export function runSummaryOf(ledger: Ledger, options: { cli?: string; now?: number } = {}): RunSummary {
  const now = options.now ?? Date.now();
  const span = new Map<string, { first: number; last: number }>();
  let runFirst: number | null = null;
  let runLast: number | null = null;
  for (const t of ledger.transitions()) {
    const at = Date.parse(t.at);
    runLast = runLast === null ? at : Math.max(runLast, at);
    if (t.to === 'ASSIGNED') runFirst = runFirst === null ? at : Math.min(runFirst, at);
    const s = span.get(t.taskId);
    if (t.to === 'ASSIGNED' && !s) span.set(t.taskId, { first: at, last: at });
    else if (s) s.last = at;
  }
  const verifications = new Map<string, ReturnType<Ledger['verifications']>>();
  for (const v of ledger.verifications()) {
    const list = verifications.get(v.taskId);
    if (list) list.push(v);
    else verifications.set(v.taskId, [v]);
  }
  const attempts = ledger.attemptCounts();
  const lastAttempt = new Map<string, ReturnType<Ledger['attempts']>[number]>();
  for (const a of ledger.attempts()) lastAttempt.set(a.taskId, a);

  const tasks: SummaryTask[] = ledger.tasks().map((t) => {
    const spec = t.spec as { depends_on?: string[] };
    const s = span.get(t.name);
    const mine = verifications.get(t.name) ?? [];
    const latestVerified = mine.length > 0 ? mine[mine.length - 1]!.attemptId : null;
    const verdicts = mine.filter((v) => v.attemptId === latestVerified).map((v) => ({ kind: v.kind, verdict: v.verdict }));
    let lastFailure: string | undefined;
    if (t.state === 'NEEDS_HUMAN') {
      const failed = [...mine].reverse().find((v) => v.verdict === 'FAIL');
      const a = lastAttempt.get(t.name);
      if (failed && (!a || failed.attemptId === a.id || a.failureClass === null)) lastFailure = `${failed.kind} verifier: ${failed.command}\n${failed.output}`;
      else if (a?.failureClass) lastFailure = `attempt ${a.attemptNum} (${a.agent}) ended: ${a.failureClass}${a.exitCode !== null ? `, exit ${a.exitCode}` : ''}`;
    }
    return {
      name: t.name,
      state: t.state,
      cause: t.stateCause,
      dependsOn: spec.depends_on ?? [],
      attempts: attempts.get(t.name) ?? 0,
      costUsd: t.costUsd,
      durationMs: s ? (ENDED.has(t.state) ? s.last : now) - s.first : null,
      verdicts,
      ...(lastFailure !== undefined && { lastFailure }),
    };
  });
  const budget = ledger.meta('fleet_budget_usd');
  return {
    mode: 'run',
    runId: ledger.runId,
    tasks,
    durationMs: runFirst !== null && runLast !== null ? runLast - runFirst : null,
    budgetUsd: budget === undefined || budget === '' ? null : Number(budget),
    ...(options.cli !== undefined && { cli: options.cli }),
  };
}

/** summary.json: the verdict and totals a script reads, with one entry per task. */
export function summaryJson(summary: RunSummary, totals: SummaryTotals): Record<string, unknown> {
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
