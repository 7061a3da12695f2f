// Where a ledger's files live in its state directory. Apart from the ledger so that code that only
// names the files (the action's cache and artifact, in the post step) does not bundle sql.js.

import { join } from 'node:path';

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
