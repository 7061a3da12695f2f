// What a user must never see from bad input: a stack frame, or overseer's own "internal error"
// (its top-level catch for a bug). No imports: the reliability scripts bundle this alone.

/** A stack frame in output means a user saw a crash. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** A stack frame or overseer's "internal error" line. */
export const CRASH = /^\s+at .+:\d+:\d+\)?$|internal error/m;
