// Rows out of sql.js statements as plain objects; the ledger maps them to typed records.

import type { Database } from './sqljs.js';

export type Row = Record<string, unknown>;
type Statement = ReturnType<Database['prepare']>;

export function rowsOf(stmt: Statement, params: Array<string | number | null>): Row[] {
  const rows: Row[] = [];
  try {
    stmt.bind(params);
    while (stmt.step()) rows.push(stmt.getAsObject());
  } finally {
    stmt.reset();
  }
  return rows;
}
