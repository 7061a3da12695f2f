// The one module that loads sql.js. We import the `sql-wasm-inline` build: its wasm is embedded,
// so nothing has to be found beside the bundle at run time (the default build looks for a .wasm
// next to __dirname, which an ESM bundle does not have). Initialised once per process.

import initSqlJs from 'sql.js/dist/sql-wasm-inline.js';
import type { Database, SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | undefined;

export function sqlEngine(): Promise<SqlJsStatic> {
  engine ??= (initSqlJs as unknown as () => Promise<SqlJsStatic>)();
  return engine;
}

export type { Database };
