// The one module that loads sql.js. We import the `sql-wasm-inline` build: its wasm is embedded,
// so nothing has to be found beside the bundle at run time (the default build looks for a .wasm
// next to __dirname, which an ESM bundle does not have). Initialised once per process.

import { setFlagsFromString } from 'node:v8';
import initSqlJs from 'sql.js/dist/sql-wasm-inline.js';
import type { Database, SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | undefined;

/**
 * sql.js's wasm runs on V8's baseline compiler only (Liftoff), in every command. Its optimising tier
 * (TurboFan) compiles hot functions on background threads: on a 2-core runner those compiles took the
 * core the supervisor's own work and its spawn helper needed, and a run's first agent started 100 ms
 * later. The optimised code did not pay that back: inserts, lookups and exports of a 50,000-row
 * database take the same time on both tiers (their cost is in sql.js's JavaScript glue and copies).
 */
export function sqlEngine(): Promise<SqlJsStatic> {
  if (!engine) setFlagsFromString('--liftoff-only');
  engine ??= (initSqlJs as unknown as () => Promise<SqlJsStatic>)();
  return engine;
}

/**
 * A database in sql.js's memory, empty or loaded from a file's bytes. Its rollback journal is kept
 * in memory too: in a file it would be another file in sql.js's emulated file system, created,
 * written and deleted on every transaction (2-3x the cost of a small one). Nothing is lost: the
 * ledger's durability is its own (journal.ts, file.ts), and the database lives only as long as
 * this process. A rollback still works (`OFF` would not give one).
 */
export async function openDatabase(bytes?: Uint8Array): Promise<Database> {
  const db = new (await sqlEngine()).Database(bytes);
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF');
  return db;
}

export type { Database };
