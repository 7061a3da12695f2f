// Reading coord.db from disk: the checkpoint (or a healthy .bak when it is damaged), brought up to
// date with its journal; a journal that does not fit is set aside, never applied. The writer's path
// (recovering, keeping the damaged file) and the reader's (changing nothing, reading again when a
// checkpoint lands mid-read) share it. DESIGN §4, docs/ledger.md.

import { existsSync, renameSync, statSync } from 'node:fs';
import { LedgerError } from '../core/errors.js';
import { diskError, renameFile } from './disk.js';
import { inspect, readIfExists } from './file.js';
import { replayJournal } from './journal.js';
import type { LedgerPaths } from './paths.js';
import type { Database } from './sqljs.js';

type Mode = 'write' | 'read';

/** Load the ledger file, falling back to a healthy .bak; null when neither file exists. */
export async function load(paths: LedgerPaths, mode: Mode, warn: (m: string) => void): Promise<{ db: Database; fromBak: boolean } | null> {
  const bytes = readIfExists(paths.db);
  const thorough = mode === 'write';
  let problem: string;
  if (bytes) {
    const health = await inspect(bytes, { thorough });
    if (health.kind === 'ok') return { db: health.db, fromBak: false };
    if (health.kind === 'refuse') throw new LedgerError(`${paths.db}: ${health.reason}. Nothing was changed.`);
    problem = `${paths.db} is damaged: ${health.reason}`;
  } else {
    problem = `${paths.db} is missing`;
  }

  const bak = readIfExists(paths.bak);
  if (!bak) {
    if (!bytes) return null;
    throw new LedgerError(
      `${problem}, and there is no ${paths.bak} to recover from. Nothing was changed; ` +
        `move ${paths.db} aside to start a new ledger.`,
    );
  }
  const backup = await inspect(bak, { thorough });
  if (backup.kind !== 'ok') {
    throw new LedgerError(`${problem}, and ${paths.bak} is unusable too (${backup.reason}). Nothing was changed.`);
  }
  if (mode === 'read') {
    warn(`${problem}; reading ${paths.bak} instead`);
  } else if (bytes) {
    // Keep the damaged file for inspection; writeAtomic must not link it over the good .bak.
    const aside = `${paths.db}.damaged-${Date.now()}`;
    renameFile(paths.db, aside);
    warn(`${problem}; recovered from ${paths.bak} (the damaged file is kept as ${aside}); the last step may run again`);
  } else {
    warn(`${problem}; recovered from ${paths.bak}; the last step may run again`);
  }
  return { db: backup.db, fromBak: true };
}

/**
 * Bring a loaded checkpoint up to date with its journal (coord.db.bak, after a recovery, with
 * journal.prev too). A journal that does not fit the checkpoint is set aside, not applied.
 */
export function applyJournal(db: Database, paths: LedgerPaths, fromBak: boolean, mode: Mode, warn: (m: string) => void): { seq: number; changed: boolean; setAside: boolean } {
  const checkpointSeq = Number(db.exec("SELECT value FROM meta WHERE key = 'journal_seq'")[0]?.values[0]?.[0] ?? 0);
  const prevPath = paths.journalPrev;
  if (!existsSync(paths.journal) && !existsSync(prevPath)) return { seq: checkpointSeq, changed: fromBak, setAside: false };
  // journal.prev only matters on top of .bak: its entries are all in coord.db already.
  const r = replayJournal(db, paths.journal, checkpointSeq, fromBak ? prevPath : null);
  if (r.problem) {
    const why = `${r.problem.file}: ${r.problem.why}`;
    if (mode === 'write') {
      // Keep what was not applied: the file at fault and, when that is journal.prev, the journal after it.
      const unused = r.problem.file === prevPath ? [prevPath, paths.journal] : [paths.journal];
      const kept = unused.flatMap((file) => setAside(file));
      warn(`${why}: its journal was not applied${kept.length > 0 ? ` and is kept as ${kept.join(' and ')}` : ''}`);
    } else {
      warn(`${why}: its journal was not applied`);
    }
  }
  return { seq: r.lastSeq, changed: fromBak || r.applied > 0 || r.problem !== undefined, setAside: r.problem !== undefined };
}

/** How many times a reader reads again when a checkpoint lands while it reads. */
const READ_ATTEMPTS = 3;

/**
 * A reader's view: the checkpoint and its journal, read without the lock. A writer's checkpoint
 * between reading coord.db and reading the journal would pair the old file with the new journal:
 * an older ledger (the commits now in journal.prev are missing) or, after one more commit, a gap.
 * A checkpoint renames a new file over coord.db, so when coord.db is not the file read, read again.
 */
export async function readWithJournal(paths: LedgerPaths, warn: (m: string) => void): Promise<Database | null> {
  for (let attempt = 1; ; attempt++) {
    const before = fileIdentity(paths.db);
    const notes: string[] = [];
    const loaded = await load(paths, 'read', (m) => notes.push(m));
    if (!loaded) return null;
    applyJournal(loaded.db, paths, loaded.fromBak, 'read', (m) => notes.push(m));
    if (fileIdentity(paths.db) === before || attempt === READ_ATTEMPTS) {
      for (const note of notes) warn(note);
      return loaded.db;
    }
    loaded.db.close();
  }
}

function fileIdentity(path: string): string {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'none';
  }
}

/** Move a journal file out of replay's way, kept for inspection; [] when there is none. */
function setAside(file: string): string[] {
  const aside = `${file}.unused-${Date.now()}`;
  try {
    renameSync(file, aside);
    return [aside];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw diskError(err, 'renaming', file);
  }
}
