// The single-writer lock (DESIGN §4.1): `coord.db.lock` holds {pid, host, started_at, proc_start,
// role}, created with O_EXCL. A lock whose process is gone on this host is stale and taken over
// with a warning; a live one is an error naming the pid (exit 3).

import { closeSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { LedgerError } from '../core/errors.js';
import { diskError, writeAll } from './disk.js';
import { writeAtomic } from './file.js';
import { isSameProcess, processStartTime, thisHost } from '../runtime/identity.js';

export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  proc_start: string | null;
  /**
   * A supervisor holds the ledger for its whole run and applies queued control requests; a command
   * holds it for a moment and applies nothing. A lock file without a role (an older overseer's) is
   * taken as a supervisor's.
   */
  role: LockRole;
}

export type LockRole = 'supervisor' | 'command';

/** The ledger is held by another live process: control commands queue their request when it is a supervisor. */
export class LedgerBusyError extends LedgerError {
  constructor(
    message: string,
    readonly holder: LockHolder | null,
  ) {
    super(message);
    this.name = 'LedgerBusyError';
  }
}

/** How long a lock file may stay unreadable (being written) before it counts as stale. */
const TORN_LOCK_GRACE_MS = 10_000;
/** How long to wait for another process's takeover of a stale lock before looking again. */
const TAKEOVER_WAIT_MS = 50;

export interface Lock {
  readonly path: string;
  /** Say from now on that this holder is a `role` (the file is replaced whole: a reader never sees half of it). */
  announce(role: LockRole): void;
  release(): void;
}

function readHolder(path: string): LockHolder | 'unreadable' | 'gone' {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return 'unreadable';
    return {
      pid: parsed.pid,
      host: parsed.host,
      started_at: String(parsed.started_at ?? ''),
      proc_start: typeof parsed.proc_start === 'string' ? parsed.proc_start : null,
      role: parsed.role === 'command' ? 'command' : 'supervisor',
    };
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LedgerError(`cannot create lock ${path}: ${(err as Error).message}`);
  }
  try {
    writeAll(fd, Buffer.from(JSON.stringify(holder)));
  } catch (err) {
    closeSync(fd);
    unlinkQuiet(path); // a half-written lock would stop every writer for TORN_LOCK_GRACE_MS
    throw diskError(err, 'writing', path);
  }
  closeSync(fd);
  return true;
}

/** Read-only check used by control commands: is a live supervisor holding the ledger? */
export function liveHolder(path: string): LockHolder | null {
  const holder = readHolder(path);
  if (holder === 'gone' || holder === 'unreadable') return null;
  if (holder.host !== thisHost()) return holder;
  return isSameProcess(holder.pid, holder.proc_start) ? holder : null;
}

export function acquireLock(path: string, now: Date, warn: (message: string) => void, role: LockRole = 'command'): Lock {
  const me: LockHolder = {
    pid: process.pid,
    host: thisHost(),
    started_at: now.toISOString(),
    proc_start: processStartTime(process.pid),
    role,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, me)) return ownLock(path, me);
    const holder = readHolder(path);
    if (holder === 'gone') continue; // released between our create and our read: try again
    let takeover: string;
    if (holder === 'unreadable') {
      const age = Date.now() - statMtime(path);
      if (age < TORN_LOCK_GRACE_MS) {
        throw new LedgerBusyError(`ledger is being locked by another process (${path} is being written); try again`, null);
      }
      takeover = `taking over an unreadable lock file ${path} (${Math.round(age / 1000)} s old)`;
    } else if (holder.host !== me.host) {
      throw new LedgerBusyError(
        `ledger is in use by pid ${holder.pid} on host ${holder.host} (since ${holder.started_at}); ` +
          `if that machine is gone, delete ${path}`,
        holder,
      );
    } else if (isSameProcess(holder.pid, holder.proc_start)) {
      throw new LedgerBusyError(`ledger is in use by pid ${holder.pid} (since ${holder.started_at}); lock file ${path}`, holder);
    } else {
      takeover = `taking over a stale lock: pid ${holder.pid} (since ${holder.started_at}) is no longer running`;
    }
    const removed = removeStale(path, holder);
    if (removed === 'busy') sleep(TAKEOVER_WAIT_MS); // another process is taking it over: see who won
    if (removed === 'removed') warn(takeover);
  }
  throw new LedgerError(`could not acquire ${path}: another process keeps taking it; try again`);
}

/**
 * Remove a lock judged stale, if it is still the one judged, under an O_EXCL guard file. Without
 * the guard two processes that both judged it stale could both remove it: the second removal
 * would take the first taker's new lock, and both would write. Nothing is removed when another
 * process holds the guard ('busy') or the lock changed since it was judged ('changed'). A guard
 * is held for a moment; one older than TORN_LOCK_GRACE_MS was left by a process killed while
 * taking over, and is removed.
 */
export function removeStale(path: string, judged: LockHolder | 'unreadable'): 'removed' | 'changed' | 'busy' {
  const guard = `${path}.takeover`;
  try {
    closeSync(openSync(guard, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw diskError(err, 'creating', guard);
    if (Date.now() - statMtime(guard) > TORN_LOCK_GRACE_MS) unlinkQuiet(guard);
    return 'busy';
  }
  try {
    const again = readHolder(path);
    if (again === 'gone' || JSON.stringify(again) !== JSON.stringify(judged)) return 'changed';
    // Unreadable twice is not proof of the same file: another taker's new lock is unreadable too
    // for the moment between its create and its write. Only an old one is the torn lock judged.
    if (again === 'unreadable' && Date.now() - statMtime(path) < TORN_LOCK_GRACE_MS) return 'changed';
    unlinkQuiet(path);
    return 'removed';
  } finally {
    unlinkQuiet(guard);
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ownLock(path: string, me: LockHolder): Lock {
  let held = true;
  return {
    path,
    announce(role) {
      if (held) writeAtomic(path, Buffer.from(JSON.stringify({ ...me, role })), { keepPrevious: false });
    },
    release() {
      if (!held) return;
      held = false;
      const holder = readHolder(path);
      if (holder !== 'gone' && holder !== 'unreadable' && holder.pid === me.pid && holder.started_at === me.started_at) {
        unlinkQuiet(path);
      }
    },
  };
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
