// The scheduler benchmark's simulation (test/bench/simulate.ts) drives the real reconciler on a
// virtual clock. These tests keep it honest: it must finish every DAG, agree with hand-worked
// makespans, and show the dispatch order the reconciler promises (longest remaining chain first).

import { describe, expect, it } from 'vitest';
import { perTaskAllowance, simulate, type SimTask } from '../bench/simulate.js';

const chain = (prefix: string, n: number, sleep = 1): SimTask[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, sleep, deps: i === 0 ? [] : [`${prefix}${i - 1}`] }));
const independent = (prefix: string, n: number, sleep = 1): SimTask[] => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, sleep, deps: [] }));

describe('scheduler simulation', () => {
  it('runs a chain one task after another, whatever the order or the slots', () => {
    const tasks = [...chain('c', 3, 1), { name: 'x', sleep: 2, deps: ['c2'] }];
    expect(simulate(tasks, 4, 'overseer')).toBe(5);
    expect(simulate(tasks, 4, 'fifo')).toBe(5);
  });

  it('starts the longest remaining chain first, where listed order would leave it for last', () => {
    // Four independent tasks listed before a four-task chain, two slots: make's order runs the
    // independent ones first and then the chain alone (6 s); the reconciler runs the chain beside
    // them and meets the bound, max(chain 4 s, work 8 s / 2 slots).
    const tasks = [...independent('w', 4), ...chain('s', 4)];
    expect(simulate(tasks, 2, 'fifo')).toBe(6);
    expect(simulate(tasks, 2, 'overseer')).toBe(4);
  });

  it('adds the cost per task to every task on the critical path', () => {
    const tasks = [...independent('w', 4), ...chain('s', 4)];
    expect(simulate(tasks, 2, 'overseer', 100)).toBeCloseTo(4.4, 6);
  });

  it('finds the cost per task a limit allows, and says when none does', () => {
    const tasks = [...independent('w', 4), ...chain('s', 4)];
    // 4 chained tasks of 1 s within 4.2 s: 50 ms each.
    expect(perTaskAllowance(tasks, 2, 4.2)).toBeCloseTo(50, 0);
    expect(perTaskAllowance(tasks, 2, 3.9)).toBeLessThan(0);
  });
});
