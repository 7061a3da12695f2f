// coord.db on disk: atomic persist (temp + fsync + rename, the previous file kept as .bak) and
// the checks that decide, on open, whether bytes are a healthy overseer ledger (DESIGN §4.2).

import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { diskError, renameFile, writeAll } from './disk.js';
import { APP_MARK, SCHEMA_VERSION, userVersion } from './schema.js';
import type { Database } from './sqljs.js';
import { openDatabase } from './sqljs.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replace `path` with `bytes` so that a crash at any instant leaves either the old or the new
 * file whole, and (unless `keepPrevious` is false) `path.bak` holding the previous version. `path`
 * is never absent: the old file is hard-linked to the backup before the new one is renamed over it.
 */
export function writeAtomic(path: string, bytes: Uint8Array, { keepPrevious = true } = {}): void {
  const tmp = `${path}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeAll(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    // A short temp file must never be renamed in; leave no half file behind either.
    rmSync(tmp, { force: true });
    throw diskError(err, 'writing', tmp);
  }
  if (keepPrevious && existsSync(path)) {
    const bakTmp = `${path}.bak.tmp`;
    try {
      unlinkSync(bakTmp);
    } catch {
      // not there
    }
    try {
      linkSync(path, bakTmp);
    } catch {
      try {
        copyFileSync(path, bakTmp); // file systems without hard links
      } catch (err) {
        throw diskError(err, 'copying', path);
      }
    }
    renameFile(bakTmp, `${path}.bak`);
  }
  renameFile(tmp, path);
  fsyncDir(dirname(path));
}

export type Health =
  | { kind: 'ok'; db: Database; version: number }
  /** Not ours: a foreign SQLite file or one from a newer overseer. Never recovered over. */
  | { kind: 'refuse'; reason: string }
  /** Damaged: truncated, garbled, empty. A healthy .bak may stand in. */
  | { kind: 'corrupt'; reason: string };

/**
 * Open bytes as a ledger and judge them. The caller owns (and must close) an 'ok' db. `thorough`
 * adds SQLite's quick_check (a full read of every page): a writer pays it once per open so it never
 * persists over damage; a reader skips it and reports damage when a query meets it.
 */
export async function inspect(bytes: Uint8Array, { thorough = true } = {}): Promise<Health> {
  if (bytes.length === 0) return { kind: 'corrupt', reason: 'the file is empty' };
  if (bytes.length < 100 || !Buffer.from(bytes.buffer, bytes.byteOffset, 16).equals(SQLITE_MAGIC)) {
    return { kind: 'corrupt', reason: 'it is not a SQLite database (bad header)' };
  }
  // SQLite's header records page size and page count: a shorter file was cut off.
  const view = new DataView(bytes.buffer, bytes.byteOffset, 100);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = view.getUint32(28);
  if (pages > 0 && bytes.length < pageSize * pages) {
    return { kind: 'corrupt', reason: `it is truncated (${bytes.length} of ${pageSize * pages} bytes)` };
  }
  let db: Database | undefined;
  try {
    db = await openDatabase(bytes);
    const check = thorough ? String(db.exec('PRAGMA quick_check')[0]?.values[0]?.[0] ?? '') : 'ok';
    if (check !== 'ok') {
      db.close();
      return { kind: 'corrupt', reason: `SQLite integrity check failed: ${check.slice(0, 200)}` };
    }
    const version = userVersion(db);
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values.map((r) => String(r[0])) ?? [];
    const app = tables.includes('meta')
      ? db.exec("SELECT value FROM meta WHERE key = 'app'")[0]?.values[0]?.[0]
      : undefined;
    if (app !== APP_MARK) {
      db.close();
      return { kind: 'refuse', reason: 'it is a SQLite database but not an overseer ledger' };
    }
    if (version > SCHEMA_VERSION) {
      db.close();
      return {
        kind: 'refuse',
        reason: `it was written by a newer overseer (schema ${version}; this one reads up to ${SCHEMA_VERSION}): upgrade overseer`,
      };
    }
    return { kind: 'ok', db, version };
  } catch (err) {
    db?.close();
    return { kind: 'corrupt', reason: `SQLite cannot read it (${(err as Error).message})` };
  }
}

export function readIfExists(path: string): Uint8Array | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A read's error (EISDIR) carries no path: the message must say which file.
    (err as NodeJS.ErrnoException).path ??= path;
    throw err;
  }
}

/**
 * mkdir -p that cannot spin: Node's recursive mkdirSync loops forever where mkdir answers ENOENT
 * under an existing parent (/proc, some FUSE mounts). Create one level at a time instead.
 */
export function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
