// Options every command shares, read once: where the ledger lives.

import { resolve } from 'node:path';
import { DEFAULT_STATE_DIR } from '../core/model.js';
import { makeRedactor, type Redactor } from '../core/redact.js';
import { secretsFrom } from '../runtime/env.js';

export { DEFAULT_MANIFEST, DEFAULT_STATE_DIR } from '../core/model.js';

export interface GlobalOptions {
  stateDir?: string;
}

export function stateDirOf(options: GlobalOptions): string {
  return resolve(options.stateDir ?? process.env.OVERSEER_STATE_DIR ?? DEFAULT_STATE_DIR);
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
