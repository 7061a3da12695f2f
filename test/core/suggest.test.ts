// "Did you mean": which near misses get a suggestion, and which do not.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, distance, nearestWithin } from '../../src/core/suggest.js';

const AGENTS = ['claude', 'codex', 'command', 'demo'];
const TOP = ['fleet', 'brain', 'roles', 'pricing', 'task'];
const TASK_KEYS = ['name', 'cwd', 'prompt', 'prompt_file', 'role', 'agent', 'model', 'budget_usd', 'max_retries', 'timeout_min', 'depends_on', 'verify'];

describe('closest', () => {
  const table: Array<[input: string, candidates: string[], expected: string | undefined, why: string]> = [
    ['cladue', AGENTS, 'claude', 'two letters swapped count as one edit'],
    ['taks', TOP, 'task', 'a swap in a short word'],
    ['tasks', TOP, 'task', 'a plural'],
    ['codx', AGENTS, 'codex', 'a dropped letter'],
    ['CLAUDE', AGENTS, 'claude', 'case does not matter'],
    ['max_concurent', ['max_concurrent', 'budget_usd'], 'max_concurrent', 'a long key with one letter missing'],
    ['dependson', TASK_KEYS, 'depends_on', 'a missing underscore'],
    ['retries', TASK_KEYS, 'max_retries', 'one word of a key'],
    ['timeout', TASK_KEYS, 'timeout_min', 'the first word of a key'],
    ['gpt', AGENTS, undefined, 'nothing close'],
    ['x', ['a', 'b'], undefined, 'a one-letter input is never a typo of another letter'],
    ['', AGENTS, undefined, 'empty input'],
    ['claude', [], undefined, 'no candidates'],
    ['endpoint', ['url', 'model', 'api_key_env'], undefined, 'a different word altogether'],
    ['cmd', AGENTS, undefined, 'an abbreviation is too far'],
    ['cod', ['code', 'cod'], 'cod', 'an exact match wins'],
    ['ab', ['ba', 'ab'], 'ab', 'an exact match wins over an earlier swap'],
    ['abc', ['abd', 'abe'], 'abd', 'a tie goes to the first candidate'],
  ];
  for (const [input, candidates, expected, why] of table) {
    it(`${JSON.stringify(input)} -> ${expected === undefined ? 'no suggestion' : JSON.stringify(expected)}: ${why}`, () => {
      expect(closest(input, candidates)).toBe(expected);
    });
  }
});

describe('didYouMean', () => {
  it('phrases a suggestion as a parenthesised question with a leading space', () => {
    expect(didYouMean('cladue', AGENTS)).toBe(' (did you mean "claude"?)');
  });

  it('is empty when there is nothing to suggest', () => {
    expect(didYouMean('gpt', AGENTS)).toBe('');
  });
});

describe('distance with a limit', () => {
  it('is the full distance up to the limit, and limit + 1 past it', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(distance(a, b, max)).toBe(Math.min(distance(a, b), max + 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a swap as one edit, as without a limit', () => {
    expect(distance('ab', 'ba', 1)).toBe(1);
    expect(distance('abcd', 'badc', 1)).toBe(2);
  });
});

describe('nearestWithin', () => {
  // Short names over a small alphabet, so near misses, swaps and long names all come up.
  const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 0, maxLength: 12 });
  const limit = (c: string) => (c.length >= 8 ? 2 : 1);

  it('finds what reading every candidate finds: the nearest within its limit, the first of equals', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 30 }), fc.array(name, { maxLength: 30 }), (candidates, inputs) => {
        const near = nearestWithin(candidates, limit);
        for (const input of inputs) {
          const within = candidates.map((c) => distance(input, c, limit(c))).map((d, i) => (d <= limit(candidates[i]!) ? d : Infinity));
          const best = Math.min(...within);
          expect(near(input)).toBe(best === Infinity ? undefined : candidates[within.indexOf(best)]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reaches a candidate too long to index, and an input of any length', () => {
    const long = `${'x'.repeat(70)}ab`;
    const near = nearestWithin(['short', long], () => 2);
    expect(near(`${'x'.repeat(70)}ba`)).toBe(long);
    expect(near('shrot')).toBe('short');
    expect(near('y'.repeat(500))).toBeUndefined();
  });
});
