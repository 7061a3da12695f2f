// Output for people: aligned tables, durations and money as the summary writes them
// (core/format.ts), and commands to copy. Scripts use --json instead.


export { duration, plural, shellQuote, usd } from '../core/format.js';
export { cliFor } from '../ledger/paths.js';

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


const whenOutputCloses = new Set<() => void>();

/**
 * Be told when stdout's reader has gone (`overseer run | head`), rather than exit then: a command
 * with agents running must wind them down, not leave them. Returns the way to stop being told.
 */
export function onOutputClosed(listener: () => void): () => void {
  whenOutputCloses.add(listener);
  return () => whenOutputCloses.delete(listener);
}

/** Whether stdout's reader has gone; from then on the output goes nowhere. */
export let outputClosed = false;

/** Called by the entry point on EPIPE: false when no command listens (it may exit then). */
export function closeOutput(): boolean {
  const first = !outputClosed;
  outputClosed = true;
  if (first) for (const listener of whenOutputCloses) listener();
  return whenOutputCloses.size > 0;
}
