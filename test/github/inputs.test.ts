// The action's inputs as the runner passes them (INPUT_* variables): numbers are decimal.

import { afterEach, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';

const set = (name: string, value: string) => (process.env[`INPUT_${name.toUpperCase()}`] = value);
afterEach(() => {
  for (const name of ['BUDGET-USD', 'MAX-CONCURRENT']) delete process.env[`INPUT_${name}`];
});

describe('numeric inputs', () => {
  it('take decimal numbers, and refuse hex, binary and exponents that Number() would take', () => {
    set('budget-usd', '20.5');
    set('max-concurrent', '3');
    expect(readInputs()).toMatchObject({ budgetUsd: 20.5, maxConcurrent: 3 });
    for (const [name, value] of [['budget-usd', '0x14'], ['budget-usd', '2e1'], ['max-concurrent', '0b11'], ['budget-usd', '$20']]) {
      set('budget-usd', '1');
      set('max-concurrent', '1');
      set(name!, value!);
      expect(() => readInputs(), value).toThrow(`input ${name}: "${value}" is not`);
    }
  });
});
