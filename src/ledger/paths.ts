// Where a ledger's files live in its state directory. Apart from the ledger so that code that only
// names the files (the action's cache and artifact, in the post step) does not bundle sql.js.

import { join, resolve } from 'node:path';
import { shellQuote } from '../core/format.js';
import { DEFAULT_STATE_DIR } from '../core/model.js';
import { sha256 } from './spec.js';

export interface LedgerPaths {
  readonly dir: string;
  readonly db: string;
  readonly bak: string;
  /** Commits since the last checkpoint (see journal.ts). */
  readonly journal: string;
  /** The journal a checkpoint moved aside: with .bak, it still reaches the newest state. */
  readonly journalPrev: string;
  readonly lock: string;
  readonly events: string;
  readonly inbox: string;
  readonly logs: string;
}

export function ledgerPaths(stateDir: string): LedgerPaths {
  const db = join(stateDir, 'coord.db');
  return {
    dir: stateDir,
    db,
    bak: `${db}.bak`,
    journal: `${db}.journal`,
    journalPrev: `${db}.journal.prev`,
    lock: `${db}.lock`,
    events: join(stateDir, 'events.ndjson'),
    inbox: join(stateDir, 'inbox'),
    logs: join(stateDir, 'logs'),
  };
}

/**
 * The directory of a task's logs under `logs/`. A name that is a plain file name is used as it is;
 * any other (spaces, other scripts, `..`, a name too long for a file system) is encoded and given a
 * short hash of the name, so it stays one directory inside `logs/` and unique.
 */
export function taskLogDir(paths: Pick<LedgerPaths, 'logs'>, task: string): string {
  if (/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(task)) return join(paths.logs, task);
  const encoded = encodeURIComponent(task).replace(/\./g, '%2E').slice(0, 80);
  return join(paths.logs, `${encoded}-${sha256(task).slice(0, 12)}`);
}

/** What overseer keeps in a state directory, as globs: `*` only at the end (git's pathspecs read them as they are). */
export const STATE_FILES = ['coord.db*', 'events.ndjson*', 'logs', 'inbox', 'summary.json'] as const;

/** Whether a name in a state directory is one of overseer's own. */
export function isStateFile(name: string): boolean {
  return STATE_FILES.some((glob) => (glob.endsWith('*') ? name.startsWith(glob.slice(0, -1)) : name === glob));
}

/**
 * The untracked files a task's cwd held before its first attempt on this checkout, NUL-separated:
 * what a judge's diff does not count as the task's new files (src/verify/diff.ts). Beside the task's
 * logs. The Actions cache keeps the ledger alone, so a re-run on a new runner takes it again there.
 */
export function untrackedAtStart(paths: Pick<LedgerPaths, 'logs'>, task: string): string {
  return join(taskLogDir(paths, task), 'untracked-at-start');
}

/** How to call overseer on this state directory again: a hint printed for copying must work as copied. */
export function cliFor(stateDir: string): string {
  return stateDir === resolve(DEFAULT_STATE_DIR) ? 'overseer' : `overseer --state-dir ${shellQuote(stateDir)}`;
}
