// Events v1 (DESIGN §8): the frozen, additive-only NDJSON contract. The envelope is
// {v, seq, type, at, run_id}; seq is assigned by the ledger's outbox, never by the producer.

export const EVENTS_VERSION = 1;

// The payload types come from the zod schema (type-only: the ledger does not load zod).
export type { EventPayloads, EventType } from './schema.js';
import type { EventPayloads, EventType } from './schema.js';

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
