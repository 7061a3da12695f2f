// Writing the ledger's files so that a full disk never passes for a commit. fs.writeSync may
// write only part of a buffer (a full disk, a file size limit) and say so only in its return
// value; the next write then fails. Every byte is written or the write is an error, an append
// that fails is cut back to where it began, and an fs failure becomes a LedgerError naming the
// file: the machine is in the way (exit 3), not a bug.

import { fstatSync, fsyncSync, ftruncateSync, readSync, renameSync, writeSync } from 'node:fs';
import { LedgerError, SYSTEM_REASONS } from '../core/errors.js';

/**
 * An fs error as a LedgerError: "disk full writing /x/coord.db.journal (ENOSPC)". Anything
 * without an errno is a bug and is returned as it is.
 */
export function diskError(err: unknown, doing: string, path: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return err instanceof Error ? err : new Error(String(err));
  // Node's own text is "EBADF: bad file descriptor, write": keep the middle.
  const reason = SYSTEM_REASONS[code] ?? (err as Error).message.replace(/^\w+: /, '').split(',')[0];
  return new LedgerError(`${reason} ${doing} ${path} (${code})`);
}

export function renameFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    throw diskError(err, 'renaming', from);
  }
}

/** Write all of `bytes` at the fd's position (the end, for a file opened to append). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    // A regular file never takes 0 bytes of a non-empty write; do not spin if one does.
    if (n <= 0) throw Object.assign(new Error('write took no bytes'), { code: 'ENOSPC' });
    done += n;
  }
}

/**
 * Append `bytes` whole and fsync them (unless `sync` is false), or leave the file as it was and
 * throw a LedgerError: half a line glued to the next append would hide every commit after it.
 */
export function appendWhole(fd: number, path: string, bytes: Uint8Array, sync = true): void {
  const before = fstatSync(fd).size;
  try {
    writeAll(fd, bytes);
    if (sync) fsyncSync(fd);
  } catch (err) {
    try {
      ftruncateSync(fd, before);
      fsyncSync(fd);
    } catch {
      // The cut failed too (the write's error is the one to report): the next writer's open
      // cuts the torn line (cutTornTail).
    }
    throw diskError(err, 'writing', path);
  }
}

/** fsync, or a LedgerError naming the file. */
export function syncFile(fd: number, path: string): void {
  try {
    fsyncSync(fd);
  } catch (err) {
    throw diskError(err, 'syncing', path);
  }
}

/** How much of a file's end is read at a time when looking for its last complete line. */
export const TAIL_CHUNK = 64 * 1024;

/**
 * Cut a torn final line (a kill mid-append: no newline yet) back to the last complete one and
 * return the new size. Left in place, the next append would be glued onto it, and a reader that
 * skips the unreadable line would lose that append too.
 */
export function cutTornTail(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0 || readRange(fd, size - 1, size)[0] === 0x0a) return size;
  let keep = 0;
  for (let end = size; end > 0; end -= TAIL_CHUNK) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const nl = readRange(fd, start, end).lastIndexOf(0x0a);
    if (nl !== -1) {
      keep = start + nl + 1;
      break;
    }
  }
  ftruncateSync(fd, keep);
  fsyncSync(fd);
  return keep;
}

export function readRange(fd: number, start: number, end: number): Buffer {
  const buf = Buffer.alloc(end - start);
  readSync(fd, buf, 0, buf.length, start);
  return buf;
}
