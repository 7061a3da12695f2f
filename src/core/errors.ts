// The two kinds of failure (STYLE habit 4). A UserError carries a message a person can act on and
// the exit code of DESIGN §11; it is printed without a stack trace. Anything else is a bug.

export const EXIT = {
  ok: 0,
  notDone: 1,
  invalidInput: 2,
  infrastructure: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Bad input or usage: exit 2. */
export class InputError extends UserError {
  constructor(message: string) {
    super(message, EXIT.invalidInput);
    this.name = 'InputError';
  }
}

/** The ledger or the machine is in the way (locked, corrupt, unwritable): exit 3. */
export class LedgerError extends UserError {
  constructor(message: string) {
    super(message, EXIT.infrastructure);
    this.name = 'LedgerError';
  }
}

/** What an errno means, said for a person: one table for the CLI's path errors and the ledger's disk errors. */
export const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'disk full',
  EFBIG: 'file size limit reached',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};
/** Path problems are the input's (exit 2); the rest is the machine's (exit 3). */
const BAD_PATH = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENAMETOOLONG', 'ELOOP']);

/**
 * A file-system error from Node (code, syscall, path) as a message a person can act on: a path
 * that is a file where a directory is wanted is no bug in overseer. Undefined for anything else.
 */
export function fromSystemError(err: unknown): UserError | undefined {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown };
  if (typeof e?.code !== 'string' || !(e.code in SYSTEM_REASONS) || typeof e.syscall !== 'string') return undefined;
  const where = typeof e.path === 'string' ? ` ${e.path}${typeof e.dest === 'string' ? ` -> ${e.dest}` : ''}` : '';
  return new UserError(`cannot ${e.syscall}${where}: ${SYSTEM_REASONS[e.code]} (${e.code})`, BAD_PATH.has(e.code) ? EXIT.invalidInput : EXIT.infrastructure);
}
