// Options every command shares, read once: where the ledger lives.

import { resolve } from 'node:path';
import { DEFAULT_STATE_DIR } from '../core/model.js';

export { DEFAULT_MANIFEST, DEFAULT_STATE_DIR } from '../core/model.js';

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
