// Events v1 as a zod schema: the source of the published JSON Schema (docs/events.v1.schema.json,
// written by `npm run build` and checked by `check-dist`) and of the payload types the ledger emits.
// Additive only: a field may be added (consumers must ignore what they do not know), never renamed,
// removed or retyped. Objects are loose for that reason; required fields stay required.

import * as z from 'zod';
import { ATTEMPT_KINDS, CREATED, TASK_STATES, TRANSITION_CAUSES, VERIFIER_KINDS } from '../core/model.js';
import { EVENTS_VERSION } from './types.js';

const count = z.int().nonnegative();
const usd = z.number().nonnegative();
const taskId = z.string().min(1).describe("The task's name (the ledger's key).");
const state = z.enum(TASK_STATES);

export const PAYLOADS = {
  'run.started': z.looseObject({
    manifest: z.string(),
    manifest_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    task_count: count,
    max_concurrent: z.int().positive(),
    budget_usd: usd.nullable(),
    mode: z.enum(['run', 'dry-run']),
    version: z.string(),
    plan: z
      .looseObject({
        waves: z.array(z.array(taskId)),
        critical_path: z.array(taskId),
        commands: z.array(
          z.looseObject({ task: taskId, agent: z.string(), cwd: z.string(), argv: z.array(z.string()).describe('Secrets redacted; the prompt goes on stdin.'), verifiers: count }),
        ),
      })
      .optional()
      .describe('A dry run only (`run --dry-run --json`): what would run, in which waves, with which commands.'),
  }),
  'task.transition': z.looseObject({
    task_id: taskId,
    from: z.enum([CREATED, ...TASK_STATES]),
    to: state,
    cause: z.enum(TRANSITION_CAUSES),
  }),
  'task.attempt': z.looseObject({
    task_id: taskId,
    attempt_id: z.int().positive(),
    attempt_num: z.int().positive(),
    kind: z.enum(ATTEMPT_KINDS),
    agent: z.string(),
    phase: z.enum(['started', 'ended']),
    exit_code: z.int().nullable(),
    failure_class: z.string().nullable().describe('null: the agent did not fail (a success, unless stop_reason is orphaned); else a failure class such as transient, rate-limit, quota, timeout, budget.'),
    cost_usd: usd,
    duration_ms: count.nullable(),
    session_id: z.string().nullable(),
    stop_reason: z
      .string()
      .nullable()
      .optional()
      .describe('On phase ended (added to v1 later: absent from older lines): why overseer stopped it, if it did: timeout, idle-timeout, budget, result-grace, or orphaned (cut short by the end of its supervisor: no outcome of its own, and the task resumes).'),
  }),
  'task.verification': z.looseObject({
    task_id: taskId,
    attempt_id: z.int().positive(),
    kind: z.enum(VERIFIER_KINDS),
    verdict: z.enum(['PASS', 'FAIL']),
    cost_usd: usd,
    index: count.describe("The verifier's 0-based position in the task's list."),
    command: z.string(),
    duration_ms: count,
  }),
  'task.escalated': z.looseObject({
    task_id: taskId,
    reason: z.string(),
    addressed_to: z.string().describe('The task role, or "human".'),
  }),
  'control.request': z.looseObject({
    request: z.string(),
    task_id: taskId.optional(),
    by: z.string(),
  }),
  'breaker.opened': z.looseObject({
    failure_class: z.string(),
    task_id: taskId,
  }),
  'run.finished': z.looseObject({
    counts: z.partialRecord(state, count),
    cost_usd: usd,
    duration_ms: count,
    exit_code: z.int(),
  }),
} as const;

export type EventPayloads = { [K in keyof typeof PAYLOADS]: z.infer<(typeof PAYLOADS)[K]> };
export type EventType = keyof EventPayloads;

const envelope = {
  v: z.literal(EVENTS_VERSION),
  seq: z.int().positive().describe('Contiguous from 1 within a ledger; assigned by the outbox.'),
  at: z.iso.datetime({ offset: true }),
  run_id: z.string().min(1),
};

/** One line of events.ndjson. */
export const EVENT_LINE = z.discriminatedUnion(
  'type',
  (Object.keys(PAYLOADS) as EventType[]).map((type) => PAYLOADS[type].extend({ ...envelope, type: z.literal(type) })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
);

/** The published JSON Schema (draft 2020-12). */
export function eventsJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/overseer/overseer/docs/events.v1.schema.json',
    title: 'overseer events v1: one line of events.ndjson',
    ...z.toJSONSchema(EVENT_LINE, { target: 'draft-2020-12' }),
  };
}
