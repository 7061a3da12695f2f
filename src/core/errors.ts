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
