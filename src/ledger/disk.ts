// Writing the ledger's files so that a full disk never passes for a commit. fs.writeSync may
// write only part of a buffer (a full disk, a file size limit) and say so only in its return
// value; the next write then fails. Every byte is written or the write is an error, an append
// that fails is cut back to where it began, and an fs failure becomes a LedgerError naming the
// file: the machine is in the way (exit 3), not a bug.

import { fstatSync, fsyncSync, ftruncateSync, writeSync } from 'node:fs';
import { LedgerError } from '../core/errors.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file size limit reached',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EIO: 'I/O error',
};

/**
 * An fs error as a LedgerError: "disk full writing /x/coord.db.journal (ENOSPC)". Anything
 * without an errno is a bug and is returned as it is.
 */
export function diskError(err: unknown, doing: string, path: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return err instanceof Error ? err : new Error(String(err));
  return new LedgerError(`${REASONS[code] ?? (err as Error).message} ${doing} ${path} (${code})`);
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
 * Append `bytes` whole and fsync them, or leave the file as it was and throw a LedgerError:
 * half a line glued to the next append would hide every commit after it.
 */
export function appendWhole(fd: number, path: string, bytes: Uint8Array): void {
  const before = fstatSync(fd).size;
  try {
    writeAll(fd, bytes);
    fsyncSync(fd);
  } catch (err) {
    try {
      ftruncateSync(fd, before);
      fsyncSync(fd);
    } catch {
      // The cut failed too: the write's own error is the one to report.
    }
    throw diskError(err, 'writing', path);
  }
}
