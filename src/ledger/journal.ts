// The commit journal. A full persist (export, write, fsync, rename) costs in proportion to the
// ledger's size, and a run commits in proportion to its tasks: persisting every commit whole made a
// 2,000-task run quadratic. Between two full persists (checkpoints) each commit appends its writes
// as one JSON line to coord.db.journal and fsyncs it: a cost in proportion to the change.
//
// A checkpoint records the last journal seq it holds (meta `journal_seq`), then moves the journal to
// coord.db.journal.prev and starts an empty one. So coord.db + journal is the newest state, and
// coord.db.bak (the previous checkpoint) + journal.prev + journal is the same state again: a damaged
// coord.db loses nothing. Replay skips entries a checkpoint already holds and stops at a gap. An
// entry is a whole line: a torn last line (a crash mid-append, no newline) is a commit that did not
// happen, and a writer cuts it before appending; a whole line that is not an entry is damage.

import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendWhole, cutTornTail, diskError, renameFile } from './disk.js';
import { fsyncDir } from './file.js';
import type { Database } from './sqljs.js';

export type Params = Array<string | number | null>;

export interface JournalEntry {
  readonly seq: number;
  readonly writes: ReadonlyArray<readonly [string, Params]>;
}

export class Journal {
  private fd: number;
  private bytes: number;

  constructor(
    readonly path: string,
    readonly prevPath: string,
  ) {
    try {
      this.fd = openSync(path, 'a+');
      this.bytes = cutTornTail(this.fd);
    } catch (err) {
      throw diskError(err, 'opening', path);
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** Append one commit, fsynced; on failure the journal is as it was and a LedgerError is thrown. */
  append(entry: JournalEntry): void {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    appendWhole(this.fd, this.path, line);
    this.bytes += line.length;
  }

  /** After a checkpoint: these entries are in coord.db now, and still needed beside coord.db.bak. */
  rotate(): void {
    closeSync(this.fd);
    try {
      renameFile(this.path, this.prevPath);
      this.bytes = 0;
    } finally {
      // Reopened even when the rename failed: the next commit appends where this one did.
      this.fd = openSync(this.path, 'a');
    }
    fsyncDir(dirname(this.path));
  }

  close(): void {
    closeSync(this.fd);
  }
}

function entries(path: string): { entries: JournalEntry[]; problem?: string } {
  if (!existsSync(path)) return { entries: [] };
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop(); // '' after the last newline, or a torn line: a commit that never completed
  const out: JournalEntry[] = [];
  for (const [i, line] of lines.entries()) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = undefined;
    }
    if (!isEntry(entry)) return { entries: out, problem: `line ${i + 1} is not a journal entry` };
    out.push(entry);
  }
  return { entries: out };
}

/** What append writes: valid JSON of another shape (`null`, `5`) is damage like any other. */
function isEntry(value: unknown): value is JournalEntry {
  const e = value as Partial<JournalEntry> | null;
  return typeof e === 'object' && e !== null && Number.isSafeInteger(e.seq) && Array.isArray(e.writes) && e.writes.every((w) => Array.isArray(w) && typeof w[0] === 'string' && Array.isArray(w[1]));
}

/** Where a replay stopped: the file (journal.prev or the journal) and why. */
export interface ReplayProblem {
  readonly file: string;
  readonly why: string;
}

/**
 * Apply the entries after `fromSeq` from journal.prev (when given: on top of .bak) and journal to
 * `db`, in order, each in its own transaction. Stops at a gap (entries that do not follow this
 * checkpoint), at an entry that does not apply and at damage, saying in which file. Returns the
 * last seq applied (`fromSeq` when none) and how many were applied.
 */
export function replayJournal(db: Database, path: string, fromSeq: number, prevPath: string | null): { lastSeq: number; applied: number; problem?: ReplayProblem } {
  let lastSeq = fromSeq;
  let applied = 0;
  for (const file of prevPath ? [prevPath, path] : [path]) {
    const read = entries(file);
    for (const entry of read.entries) {
      if (entry.seq <= lastSeq) continue; // already in the checkpoint
      if (entry.seq !== lastSeq + 1) return { lastSeq, applied, problem: { file, why: `entry ${entry.seq} follows ${lastSeq}: not this checkpoint's journal` } };
      db.exec('BEGIN');
      try {
        for (const [sql, params] of entry.writes) db.run(sql, params);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        return { lastSeq, applied, problem: { file, why: `entry ${entry.seq} does not apply (${(err as Error).message})` } };
      }
      lastSeq = entry.seq;
      applied++;
    }
    if (read.problem) return { lastSeq, applied, problem: { file, why: read.problem } };
  }
  return { lastSeq, applied };
}
