// What the metrics are made of: fleet aggregates read from a ledger in a few SQL queries (so a
// scrape of a 10k-task ledger stays cheap). Plain data; the metrics adapter turns it into a registry.

import type { TaskState } from './model.js';

export interface FleetStats {
  /** Tasks per state (states with no task are absent; the registry fills zeros). */
  readonly tasksByState: Partial<Record<TaskState, number>>;
  /** Spend across every attempt and verifier. */
  readonly costUsd: number;
  /** The fleet budget the last run was started with, or null for none. */
  readonly budgetUsd: number | null;
  /** Transitions into RETRYING or RESUMING, by cause. */
  readonly retriesByCause: Readonly<Record<string, number>>;
  /** Ended attempts by outcome: `success`, a failure class, or `orphaned`. */
  readonly attemptsByOutcome: Readonly<Record<string, number>>;
  /** Seconds each ended attempt ran. */
  readonly attemptSeconds: readonly number[];
  /** Seconds from a DONE task's first dispatch to DONE. */
  readonly taskSeconds: readonly number[];
  readonly verifications: ReadonlyArray<{ readonly kind: string; readonly verdict: 'PASS' | 'FAIL'; readonly count: number }>;
  /** Seconds per verifier run, by kind. */
  readonly verifierSeconds: Readonly<Record<string, readonly number[]>>;
  readonly breakerOpen: boolean;
}

/** The metric label of an ended attempt's outcome (not core/failure.ts's attemptOutcome, which decides what happens next). */
export function outcomeLabel(failureClass: string | null, stopReason: string | null): string {
  if (stopReason === 'orphaned' || stopReason === 'cancelled') return stopReason;
  return failureClass ?? 'success';
}
