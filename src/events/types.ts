// Events v1 (DESIGN §8): the frozen, additive-only NDJSON contract. The envelope is
// {v, seq, type, at, run_id}; seq is assigned by the ledger's outbox, never by the producer.

import type { AttemptKind, FromState, TaskState, TransitionCause, Verdict, VerifierKind } from '../core/model.js';

export const EVENTS_VERSION = 1;

export interface EventPayloads {
  'run.started': {
    manifest: string;
    manifest_sha256: string;
    task_count: number;
    max_concurrent: number;
    budget_usd: number | null;
    mode: 'run' | 'dry-run';
    version: string;
  };
  'task.transition': { task_id: string; from: FromState; to: TaskState; cause: TransitionCause };
  'task.attempt': {
    task_id: string;
    attempt_id: number;
    attempt_num: number;
    kind: AttemptKind;
    agent: string;
    phase: 'started' | 'ended';
    exit_code: number | null;
    failure_class: string | null;
    cost_usd: number;
    duration_ms: number | null;
    session_id: string | null;
  };
  'task.verification': {
    task_id: string;
    attempt_id: number;
    kind: VerifierKind;
    verdict: Verdict;
    cost_usd: number;
    index: number;
    command: string;
    duration_ms: number;
  };
  'task.escalated': { task_id: string; reason: string; addressed_to: string };
  'control.request': { request: string; task_id?: string; by: string };
  'breaker.opened': { failure_class: string; task_id: string };
  'run.finished': {
    counts: Partial<Record<TaskState, number>>;
    cost_usd: number;
    duration_ms: number;
    exit_code: number;
  };
}

export type EventType = keyof EventPayloads;

export type EventEnvelope<T extends EventType = EventType> = {
  v: typeof EVENTS_VERSION;
  seq: number;
  type: T;
  at: string;
  run_id: string;
} & EventPayloads[T];

/** An event before the outbox gives it a seq. */
export interface PendingEvent<T extends EventType = EventType> {
  type: T;
  at: string;
  payload: EventPayloads[T];
}
