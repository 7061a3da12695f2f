// Options every command shares, read once: where the ledger lives.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { DEFAULT_STATE_DIR } from '../core/model.js';
import { makeRedactor, type Redactor } from '../core/redact.js';
import { secretsFrom } from '../runtime/env.js';

export { DEFAULT_MANIFEST, DEFAULT_STATE_DIR } from '../core/model.js';

export interface GlobalOptions {
  stateDir?: string;
}

/**
 * The state directory. `check`: a command that reads or writes it refuses a file there (exit 2);
 * `doctor` reports it among its checks, and a dry run does not touch it.
 */
export function stateDirOf(options: GlobalOptions, check = true): string {
  // An empty OVERSEER_STATE_DIR (a workflow's `${{ inputs.x }}` left blank) is unset, not the
  // current directory, where the ledger's files would mix with the repository's.
  const given = options.stateDir ?? (process.env.OVERSEER_STATE_DIR || undefined);
  const dir = resolve(given ?? DEFAULT_STATE_DIR);
  if (!check) return dir;
  // A file where the directory should be (or on its way) is a mistake in the option, whichever
  // command reads it: one message and exit 2, not each command's own failure to open something in it.
  let notDir: boolean;
  try {
    notDir = !statSync(dir).isDirectory();
  } catch (err) {
    notDir = (err as NodeJS.ErrnoException).code === 'ENOTDIR';
  }
  if (notDir) {
    const from = options.stateDir !== undefined ? '--state-dir' : given !== undefined ? 'OVERSEER_STATE_DIR' : 'the state directory';
    throw new InputError(`${from} ${dir} is not a directory`);
  }
  return dir;
}

let redactor: Redactor | undefined;

/**
 * What the CLI prints on stderr: warnings and errors quote other programs and services (a
 * gateway's answer, a failed spawn), so they are redacted like everything else it writes.
 */
export function redacted(text: string): string {
  redactor ??= makeRedactor(secretsFrom(process.env));
  return redactor(text);
}

/** Warnings go to stderr so stdout stays clean for --json. */
export function warn(message: string): void {
  process.stderr.write(`overseer: warning: ${redacted(message)}\n`);
}
