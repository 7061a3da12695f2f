// The legal-transition table (DESIGN §3). Every state change in the ledger goes through
// assertTransition(); an illegal one is a bug in overseer, never a user error, so it throws.

import type { FromState, TaskState, TransitionCause } from './model.js';

type Edges = Partial<Record<TaskState, readonly TransitionCause[]>>;

const TO_NEEDS_HUMAN: readonly TransitionCause[] = [
  'retries-exhausted',
  'resume-cap',
  'budget',
  'quota',
  'loop',
  'agent-missing',
  'config',
];
const TO_RETRYING_FROM_RUNNING: readonly TransitionCause[] = [
  'agent-failed',
  'timeout',
  'idle-timeout',
  'transient',
  'rate-limit',
];
const CANCEL: readonly TransitionCause[] = ['cancelled'];

/** from -> to -> the causes that may carry that edge. Anything absent is illegal. */
export const TRANSITIONS: Readonly<Record<FromState, Edges>> = {
  CREATED: { PENDING: ['created'] },
  PENDING: { READY: ['deps-done'], CANCELLED: ['cancelled', 'dependency-cancelled'] },
  // READY -> NEEDS_HUMAN (budget): its budget is spent before it could start (beyond DESIGN §3).
  READY: { ASSIGNED: ['dispatched'], CANCELLED: CANCEL, NEEDS_HUMAN: ['budget'] },
  ASSIGNED: {
    RUNNING: ['started'],
    // Spawn failed (transient), or no process started within claim_timeout.
    RETRYING: ['transient', 'rate-limit'],
    RESUMING: ['supervisor-restart'],
    NEEDS_HUMAN: TO_NEEDS_HUMAN,
    CANCELLED: CANCEL,
  },
  RUNNING: {
    VERIFYING: ['agent-exited', 'result-grace'],
    RETRYING: TO_RETRYING_FROM_RUNNING,
    RESUMING: ['supervisor-restart'],
    NEEDS_HUMAN: TO_NEEDS_HUMAN,
    CANCELLED: CANCEL,
  },
  VERIFYING: {
    DONE: ['verified', 'no-verifiers'],
    RETRYING: ['verify-fail'],
    RESUMING: ['supervisor-restart'],
    NEEDS_HUMAN: TO_NEEDS_HUMAN,
    CANCELLED: CANCEL,
  },
  RETRYING: { ASSIGNED: ['dispatched'], NEEDS_HUMAN: TO_NEEDS_HUMAN, CANCELLED: CANCEL },
  RESUMING: { ASSIGNED: ['dispatched'], NEEDS_HUMAN: TO_NEEDS_HUMAN, CANCELLED: CANCEL },
  NEEDS_HUMAN: { DONE: ['approved'], READY: ['retry-requested'], CANCELLED: CANCEL },
  DONE: {},
  CANCELLED: {},
};

export function isLegalTransition(from: FromState, to: TaskState): boolean {
  return TRANSITIONS[from][to] !== undefined;
}

export function isLegalCause(from: FromState, to: TaskState, cause: TransitionCause): boolean {
  return TRANSITIONS[from][to]?.includes(cause) ?? false;
}

/** Thrown for a transition the table forbids: always a bug in the caller. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly task: string,
    readonly from: FromState,
    readonly to: TaskState,
    readonly transitionCause: TransitionCause,
  ) {
    super(`illegal transition for task ${task}: ${from} -> ${to} (${transitionCause})`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(task: string, from: FromState, to: TaskState, cause: TransitionCause): void {
  if (!isLegalCause(from, to, cause)) throw new IllegalTransitionError(task, from, to, cause);
}
