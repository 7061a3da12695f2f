// A short run of the fuzz scenario (test/reliability/fuzz.rel.ts) for `npm test`: 300 structure-aware
// mutations of valid manifests through the built CLI's `validate --json`, two processes of 150,
// then a few invalid ones one file at a time. No crash, no stack trace, a result per file, and
// diagnostics for the file validated at positions inside it. OVERSEER_SEED replays a failure.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';
import { checkValidateJson, checkValidateSingle, mutatedBytes, mutationCase } from '../helpers/mutations.js';

const MANIFESTS = 300;
const BATCH = 150;
const SINGLE = 12;
const seed = Number(process.env.OVERSEER_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('validate on mutated manifests', () => {
  it('answers every one with a result or diagnostics inside the file, never a crash', async () => {
    const dir = tempDir('overseer-fuzz-');
    const bytes = fc.sample(mutationCase, { seed, numRuns: MANIFESTS }).map(mutatedBytes);
    const files = bytes.map((b, i) => {
      const file = join(dir, `m${String(i).padStart(3, '0')}.toml`);
      writeFileSync(file, b);
      return file;
    });
    const starts = Array.from({ length: MANIFESTS / BATCH }, (_, k) => k * BATCH);
    const answers = await Promise.all(starts.map((s) => cliAsync(['validate', ...files.slice(s, s + BATCH), '--json'])));
    const verdicts = answers.map((a, k) => checkValidateJson(files.slice(starts[k]!, starts[k]! + BATCH), bytes.slice(starts[k]!, starts[k]! + BATCH), a));
    expect(verdicts.map((v) => v.whole), `OVERSEER_SEED=${seed}`).toEqual(starts.map(() => null));
    expect(verdicts.flatMap((v) => v.problems), `OVERSEER_SEED=${seed}`).toEqual([]);
    // Both kinds of answer are exercised.
    const valid = verdicts.reduce((n, v) => n + v.valid, 0);
    const invalid = new Map(verdicts.flatMap((v) => [...v.invalid]));
    expect(valid + invalid.size).toBe(MANIFESTS);
    expect(valid).toBeGreaterThan(0);
    expect(invalid.size).toBeGreaterThan(MANIFESTS / 2);

    const picked = [...invalid.keys()].filter((_, k) => k % Math.floor(invalid.size / SINGLE) === 0).slice(0, SINGLE);
    const singles = await Promise.all(picked.map(async (file) => checkValidateSingle(file, invalid.get(file)!, await cliAsync(['validate', file]))));
    expect(singles.flat(), `OVERSEER_SEED=${seed}`).toEqual([]);
  });
});
