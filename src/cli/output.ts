// Output for people: aligned tables, durations and money as the summary writes them
// (core/format.ts), and commands to copy. Scripts use --json instead.

import { resolve } from 'node:path';
import { shellQuote } from '../core/format.js';
import { DEFAULT_STATE_DIR } from '../core/model.js';

export { duration, plural, shellQuote, usd } from '../core/format.js';

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** How to call overseer on this state directory again: a hint printed for copying must work as copied. */
export function cliFor(stateDir: string): string {
  return stateDir === resolve(DEFAULT_STATE_DIR) ? 'overseer' : `overseer --state-dir ${shellQuote(stateDir)}`;
}
