// Money and time as the CLI and the job summary write them (one place: core/format.ts).

import { describe, expect, it } from 'vitest';
import { cutToBytes, cutToChars, duration, usd } from '../../src/core/format.js';

describe('usd', () => {
  it.each([
    [0, '$0.00'],
    [1.755, '$1.75'],
    [0.0042, '$0.0042'],
    [0.01, '$0.01'],
    [12, '$12.00'],
  ])('%s -> %s', (value, text) => expect(usd(value)).toBe(text));
});

describe('duration', () => {
  it.each([
    [850.4, '850 ms'],
    [999, '999 ms'],
    [999.7, '1.0 s'],
    [59_990, '1m00s'],
    [119_600, '2m00s'],
    [1000, '1.0 s'],
    [12_345, '12.3 s'],
    [59_900, '59.9 s'],
    [61_000, '1m01s'],
    [125_000, '2m05s'],
    [3_600_000, '1h00m'],
    [3_720_000, '1h02m'],
  ])('%s ms -> %s', (ms, text) => expect(duration(ms)).toBe(text));
});

describe('cutToBytes', () => {
  it.each([
    ['ascii', 'abcdef', 4, 'abcd'],
    ['a fit is unchanged', '日本', 6, '日本'],
    ['never half a character (3-byte)', '日本語', 7, '日本'],
    ['never half a surrogate pair (4-byte)', 'a😀b', 4, 'a'],
    ['a U+FFFD of the text itself is kept when whole', 'x\uFFFDy', 4, 'x\uFFFD'],
  ])('%s', (_, text, max, cut) => {
    expect(cutToBytes(text, max)).toBe(cut);
    expect(new TextEncoder().encode(cutToBytes(text, max)).length).toBeLessThanOrEqual(max);
  });
});

describe('cutToChars', () => {
  it.each([
    ['a fit is unchanged', 'a😀', 3, 'a😀'],
    ['cut at the cap', 'abcdef', 4, 'abcd'],
    ['never the first half of a surrogate pair alone', 'ab😀', 3, 'ab'],
    ['a whole pair at the cap is kept', 'a😀b', 3, 'a😀'],
  ])('%s', (_, text, max, cut) => expect(cutToChars(text, max)).toBe(cut));
});
