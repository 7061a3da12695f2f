// What a reliability scenario reports: one row of the table `npm run reliability` prints.

export interface ReliabilityRow {
  /** Short name, e.g. "chaos: 100 SIGKILLs, 30 tasks". */
  scenario: string;
  trials: number;
  /** Trials that did not end as promised (a crash, a stack trace, an illegal transition…). */
  failures: number;
  /** Data lost: tasks, transitions, events or ledger rows that should be there and are not. Must be 0. */
  lost: number;
  /** The figures behind the row: times, memory, what was checked. */
  details: string;
  /** The command that replays it (with the seed when random). */
  reproduce: string;
}

export function report(row: ReliabilityRow): void {
  process.stdout.write(`RELIABILITY ${JSON.stringify(row)}\n`);
}

export { prng } from '../helpers/prng.js';

export const seedFrom = (fallback: number): number => Number(process.env.OVERSEER_SEED ?? fallback);
