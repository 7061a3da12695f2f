// Options every command shares, read once: where the ledger lives.

import { resolve } from 'node:path';

export const DEFAULT_STATE_DIR = '.overseer';
export const DEFAULT_MANIFEST = 'tasks.toml';

export interface GlobalOptions {
  stateDir?: string;
}

export function stateDirOf(options: GlobalOptions): string {
  return resolve(options.stateDir ?? process.env.OVERSEER_STATE_DIR ?? DEFAULT_STATE_DIR);
}

/** Warnings go to stderr so stdout stays clean for --json. */
export function warn(message: string): void {
  process.stderr.write(`overseer: warning: ${message}\n`);
}
