// Shared by the benchmarks: timing, medians and the printed table.

import { spawnSync } from 'node:child_process';

/** A task's whole life in five transitions, as the benchmarks record it. */
export const LIFECYCLE = [
  ['READY', 'deps-done'],
  ['ASSIGNED', 'dispatched'],
  ['RUNNING', 'started'],
  ['VERIFYING', 'agent-exited'],
  ['DONE', 'verified'],
] as const;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median milliseconds of `fn` over `runs` runs (after one warm-up). */
export function timeIt(runs: number, fn: () => void): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

/** Median wall milliseconds of a child process, run to completion. */
export function timeProcess(runs: number, argv: string[], check?: (stdout: string) => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    check?.(r.stdout);
    if (i > 0) samples.push(ms);
  }
  return median(samples);
}

export interface Row {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  target?: string;
  ok?: boolean;
}

export function printTable(title: string, rows: Row[]): void {
  const cells = rows.map((r) => [
    r.name,
    `${r.value.toFixed(1)} ${r.unit}`,
    r.baselineName,
    `${r.baseline.toFixed(1)} ${r.unit}`,
    `${(r.value / r.baseline).toFixed(2)}x`,
    r.target ? `${r.target} ${r.ok ? 'ok' : 'MISSED'}` : '',
  ]);
  const head = ['measure', 'value', 'baseline', 'baseline value', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
