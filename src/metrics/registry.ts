// The Prometheus view of a fleet (DESIGN §9): a fresh prom-client Registry built from ledger
// aggregates. Names take a prefix: `overseer` by default, `claudectl` to feed claudectl's dashboards
// (its four metrics keep their names and labels).

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DEFAULT_METRIC_PREFIX, TASK_STATES, VERIFIER_KINDS } from '../core/model.js';
import type { FleetStats } from '../core/stats.js';

export const DEFAULT_PREFIX = DEFAULT_METRIC_PREFIX;

/** Agent attempts run for minutes to hours; verifiers for seconds to minutes. */
const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 2700, 3600, 7200];
const VERIFIER_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 900];

export interface RegistryOptions {
  readonly prefix?: string;
  /** `overseer run` is supervising the ledger now (see metrics/index.ts runActive). */
  readonly runActive?: boolean;
}

export function buildRegistry(stats: FleetStats, { prefix = DEFAULT_PREFIX, runActive = false }: RegistryOptions = {}): Registry {
  const registry = new Registry();
  const registers = [registry];
  const name = (n: string) => `${prefix}_${n}`;

  const byState = new Gauge({ name: name('tasks_by_state'), help: 'Tasks in each state.', labelNames: ['state'], registers });
  for (const state of TASK_STATES) byState.set({ state }, stats.tasksByState[state] ?? 0);

  new Counter({ name: name('fleet_cost_usd_total'), help: 'USD spent by every attempt and verifier.', registers }).inc(stats.costUsd);

  const retries = new Counter({ name: name('retries_total'), help: 'Transitions into RETRYING or RESUMING, by cause.', labelNames: ['cause'], registers });
  for (const [cause, n] of Object.entries(stats.retriesByCause)) retries.inc({ cause }, n);

  const passRate = new Gauge({ name: name('verifier_pass_rate'), help: 'Fraction of verifier runs that passed (0-1), by kind.', labelNames: ['kind'], registers });
  const verifications = new Counter({ name: name('verifications_total'), help: 'Verifier runs, by kind and verdict.', labelNames: ['kind', 'verdict'], registers });
  for (const kind of VERIFIER_KINDS) {
    const pass = stats.verifications.find((v) => v.kind === kind && v.verdict === 'PASS')?.count ?? 0;
    const fail = stats.verifications.find((v) => v.kind === kind && v.verdict === 'FAIL')?.count ?? 0;
    verifications.inc({ kind, verdict: 'PASS' }, pass);
    verifications.inc({ kind, verdict: 'FAIL' }, fail);
    // A kind that never ran has no rate: absent rather than a misleading 0 or 1.
    if (pass + fail > 0) passRate.set({ kind }, pass / (pass + fail));
  }

  const attempts = new Counter({ name: name('attempts_total'), help: 'Ended agent attempts, by outcome (success, a failure class, orphaned, cancelled).', labelNames: ['outcome'], registers });
  for (const [outcome, n] of Object.entries(stats.attemptsByOutcome)) attempts.inc({ outcome }, n);

  const attemptDuration = new Histogram({ name: name('attempt_duration_seconds'), help: 'Wall time of each ended agent attempt.', buckets: DURATION_BUCKETS, registers });
  for (const s of stats.attemptSeconds) attemptDuration.observe(s);
  const taskDuration = new Histogram({ name: name('task_duration_seconds'), help: 'From first dispatch to DONE, per DONE task.', buckets: DURATION_BUCKETS, registers });
  for (const s of stats.taskSeconds) taskDuration.observe(s);
  const verifierDuration = new Histogram({ name: name('verifier_duration_seconds'), help: 'Wall time of each verifier run, by kind.', labelNames: ['kind'], buckets: VERIFIER_BUCKETS, registers });
  for (const [kind, list] of Object.entries(stats.verifierSeconds)) for (const s of list) verifierDuration.observe({ kind }, s);

  if (stats.budgetUsd !== null) {
    new Gauge({ name: name('budget_remaining_usd'), help: 'Fleet budget left (budget_usd minus spend; negative when overrun).', registers }).set(stats.budgetUsd - stats.costUsd);
  }
  new Gauge({ name: name('breaker_open'), help: '1 while the quota breaker stops new dispatch.', registers }).set(stats.breakerOpen ? 1 : 0);
  // A Pushgateway keeps a finished run's last values for ever: alerts on the gauges above need to
  // tell a run that is still going from one whose group merely stayed (docs/metrics.md's rules).
  new Gauge({ name: name('run_active'), help: '1 while overseer run supervises this ledger, 0 once it has ended.', registers }).set(runActive ? 1 : 0);
  return registry;
}
