// A task's spec as the ledger stores it: the validated manifest entry with its prompt read in, so
// the ledger alone can run, show or retry a task. The hash tells when a manifest edit changed it.
// Read back through its schema, never cast: a row changed outside overseer is refused by name.

import { createHash } from 'node:crypto';
import * as z from 'zod';
import { LedgerError } from '../core/errors.js';
import { TaskSchema, type TaskSpec } from '../core/manifest.js';
import type { NewTask } from './ledger.js';

export const StoredSpecSchema = TaskSchema.omit({ prompt: true, prompt_file: true }).extend({ prompt: z.string() });

export type StoredSpec = z.output<typeof StoredSpecSchema>;

/** The top-level fields a stored spec may leave out (optional, or with a default). */
const OMISSIBLE = new Set(Object.entries(StoredSpecSchema.shape).flatMap(([key, field]) => (field.safeParse(undefined).success ? [key] : [])));

export function storedSpec(spec: TaskSpec, prompt: string): StoredSpec {
  const { prompt_file: _promptFile, ...rest } = spec;
  return { ...rest, prompt };
}

export function newTask(spec: TaskSpec, prompt: string): NewTask {
  const stored = storedSpec(spec, prompt);
  return { name: stored.name, spec: stored, specHash: sha256(JSON.stringify(stored)) };
}

/** A task row's spec column as the spec it holds; a LedgerError naming the task when it is not one. */
export function readSpec(task: string, json: string): StoredSpec {
  const refuse = (problem: string) =>
    new LedgerError(
      `task "${task}" in the ledger has a spec this overseer cannot read (${problem}): the ledger was changed by hand, or an older overseer stored a task it could not run; put back a copy you trust, or start a new ledger (another --state-dir)`,
    );
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw refuse('it is not JSON');
  }
  // Until specs were parsed, a submit request from the inbox was stored as it came, and a field a
  // script wrote as null (Python's None: `"depends_on": null`) was taken as not given: it still is,
  // where a spec may leave the field out (a null name or cwd is still refused as null).
  if (typeof value === 'object' && value !== null) value = Object.fromEntries(Object.entries(value).filter(([key, v]) => v !== null || !OMISSIBLE.has(key)));
  const parsed = StoredSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw refuse(`${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A task's spending cap: a human's new one (`retry --budget-usd`), else its spec's; null for none. */
export function taskCap(row: { readonly budgetOverrideUsd: number | null }, spec: StoredSpec): number | null {
  return row.budgetOverrideUsd ?? spec.budget_usd ?? null;
}
