// Shared by the ledger tests: temporary state directories, a ledger with a few tasks, the event file.

import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import { taskOf } from './tasks.js';
import { assertEventsFile } from './events.js';

/** Every directory made by tempDir() in this test file: events-guard.ts validates their events. */
export const createdDirs: string[] = [];

export function tempDir(prefix = 'overseer-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

export { taskOf };

export async function ledgerWith(dir: string, names: string[], warn?: (m: string) => void): Promise<Ledger> {
  const ledger = await Ledger.open({ stateDir: dir, mode: 'write', create: true, warn });
  ledger.addTasks(names.map((name) => taskOf(name)));
  ledger.commit();
  return ledger;
}

export interface EventLine {
  v: number;
  seq: number;
  type: string;
  at: string;
  run_id: string;
  [key: string]: unknown;
}

export function events(dir: string): EventLine[] {
  const path = join(dir, 'events.ndjson');
  if (!existsSync(path)) return [];
  assertEventsFile(path);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EventLine);
}

/** Seqs must run 1..n with no gap and no duplicate. */
export function expectContiguous(seqs: number[]): void {
  const expected = seqs.map((_, i) => i + 1);
  if (JSON.stringify(seqs) !== JSON.stringify(expected)) {
    throw new Error(`event seqs are not contiguous from 1: ${seqs.join(',')}`);
  }
}
