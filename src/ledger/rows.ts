// Rows out of sql.js statements as plain objects; the ledger maps them to typed records.

import type { Database } from './sqljs.js';

export type Row = Record<string, unknown>;
type Statement = ReturnType<Database['prepare']>;

export function rowsOf(stmt: Statement, params: Array<string | number | null>): Row[] {
  const rows: Row[] = [];
  try {
    stmt.bind(params);
    // Column names once per query, values as arrays: getAsObject() asks for the names on every row.
    let names: string[] | undefined;
    while (stmt.step()) {
      names ??= stmt.getColumnNames();
      const values = stmt.get();
      const row: Row = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
      rows.push(row);
    }
  } finally {
    stmt.reset();
  }
  return rows;
}
