// Control requests (DESIGN §4.4). Without a running supervisor a command applies its request to
// the ledger directly, under the lock. While `run` holds the lock, the command drops a request
// file into .overseer/inbox/ instead; the supervisor ingests it on its next tick.

import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ensureDir } from '../ledger/file.js';

export const ControlRequestSchema = z.discriminatedUnion('request', [
  z.object({ request: z.literal('cancel'), task_id: z.string(), by: z.string() }),
  z.object({ request: z.literal('approve'), task_id: z.string(), by: z.string() }),
  z.object({ request: z.literal('retry'), task_id: z.string(), budget_usd: z.number().min(0).optional(), by: z.string() }),
  z.object({ request: z.literal('drain'), by: z.string() }),
  z.object({ request: z.literal('undrain'), by: z.string() }),
  z.object({ request: z.literal('submit'), task_id: z.string(), spec: z.record(z.string(), z.unknown()), by: z.string() }),
]);
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

/** Write a request file atomically (temp + rename) so the supervisor never reads half of one. */
export function enqueue(inboxDir: string, request: ControlRequest, now: Date): string {
  ensureDir(inboxDir);
  const name = `${now.getTime()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
  const tmp = join(inboxDir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(request));
  const path = join(inboxDir, name);
  renameSync(tmp, path);
  return path;
}

export interface InboxEntry {
  readonly path: string;
  readonly request: ControlRequest | null;
  /** Why the file could not be read as a request, when `request` is null. */
  readonly problem?: string;
}

/** Pending requests in arrival order. The caller removes each with `remove` once applied. */
export function readInbox(inboxDir: string): InboxEntry[] {
  let names: string[];
  try {
    names = readdirSync(inboxDir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  return names.sort(byArrival).map((name) => {
    const path = join(inboxDir, name);
    try {
      const parsed = ControlRequestSchema.safeParse(JSON.parse(readRequest(path)));
      return parsed.success ? { path, request: parsed.data } : { path, request: null, problem: parsed.error.message };
    } catch (err) {
      return { path, request: null, problem: (err as Error).message };
    }
  });
}

/** A request is small: one JSON object. Anything larger is not one. */
const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * A request file's text. Only a regular file, not followed through a symlink, opened without
 * blocking: a FIFO dropped in the inbox must not stall the supervisor, nor a link make it read
 * what the link points at.
 */
function readRequest(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_REQUEST_BYTES) throw new Error(`larger than ${MAX_REQUEST_BYTES} bytes`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

export function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function byArrival(a: string, b: string): number {
  const ta = Number(a.split('-')[0]);
  const tb = Number(b.split('-')[0]);
  return ta - tb || a.localeCompare(b);
}
