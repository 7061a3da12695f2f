// Manifest fuzzing through the built CLI: 10,000 structure-aware mutations of valid manifests
// (test/helpers/mutations.ts), written to files and checked with `validate --json` in batches of
// 500, two processes at a time. Every answer must be exit 0/2, no crash, parsable JSON with a
// result per file, and diagnostics for the file validated at positions inside it. A sample of the
// invalid ones is checked again one file at a time, the way a user and CI annotations read it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkValidateJson, checkValidateSingle, mutatedBytes, mutationCase, type CliAnswer } from '../helpers/mutations.js';
import { report, seedFrom } from './report.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();
const cli = join(repo, 'dist', 'cli.js');
const seed = seedFrom(20260601);
const MANIFESTS = 10_000;
const BATCH = 500;
const PARALLEL = 2;
const SINGLE = 200;

function validate(args: string[]): Promise<CliAnswer & { ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'validate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Run `work` over `items`, `n` at a time. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'overseer-fuzz-'));
const t0 = performance.now();
const cases = fc.sample(mutationCase, { seed, numRuns: MANIFESTS });
const bytes = cases.map(mutatedBytes);
const files = bytes.map((b, i) => {
  const file = join(dir, `m${String(i).padStart(5, '0')}.toml`);
  writeFileSync(file, b);
  return file;
});
const generateMs = performance.now() - t0;

const failed = new Map<string, string[]>();
const fail = (file: string, what: string) => failed.set(file, [...(failed.get(file) ?? []), what]);
let valid = 0;
const invalid = new Map<string, number>();
let processMs = 0;

const batches = Array.from({ length: Math.ceil(MANIFESTS / BATCH) }, (_, b) => b * BATCH);
const t1 = performance.now();
await pool(batches, PARALLEL, async (start) => {
  const chunk = files.slice(start, start + BATCH);
  const answer = await validate([...chunk, '--json']);
  processMs += answer.ms;
  const verdicts = checkValidateJson(chunk, bytes.slice(start, start + BATCH), answer);
  if (verdicts.whole === null) {
    valid += verdicts.valid;
    for (const [file, n] of verdicts.invalid) invalid.set(file, n);
    for (const p of verdicts.problems) fail(p.slice(0, p.indexOf(': ')), p);
    return;
  }
  // The batch failed as a whole: find which manifests did it, one process each.
  console.log(`batch at ${start}: ${verdicts.whole}; checking its files one by one`);
  for (const [k, file] of chunk.entries()) {
    const one = await validate([file, '--json']);
    const wrapped = { ...one, stdout: one.stdout.trim().startsWith('{') ? `[${one.stdout}]` : one.stdout };
    const v = checkValidateJson([file], [bytes[start + k]!], wrapped);
    if (v.whole !== null) fail(file, `${file}: ${v.whole}`);
    for (const p of v.problems) fail(file, p);
    valid += v.valid;
    for (const [f, n] of v.invalid) invalid.set(f, n);
  }
});
const batchMs = performance.now() - t1;

// One file at a time, no --json: what a user reads on stderr.
const invalidFiles = [...invalid.keys()].filter((f) => !failed.has(f)).sort();
const step = Math.max(1, invalidFiles.length / SINGLE);
const sample = Array.from({ length: Math.min(SINGLE, invalidFiles.length) }, (_, k) => invalidFiles[Math.floor(k * step)]!);
const t2 = performance.now();
await pool(sample, PARALLEL, async (file) => {
  for (const p of checkValidateSingle(file, invalid.get(file)!, await validate([file]))) fail(file, p);
});
const singleMs = performance.now() - t2;

const problems = [...failed.values()].flat();
for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
if (problems.length > 20) console.log(`  … and ${problems.length - 20} more`);
if (failed.size > 0) console.log(`the manifests are kept in ${dir} (m<index>.toml, index into fc.sample(mutationCase, { seed: ${seed} }))`);
else rmSync(dir, { recursive: true, force: true });

const rate = Math.round(MANIFESTS / (batchMs / 1000));
report({
  scenario: `fuzz: ${MANIFESTS} mutated manifests through validate`,
  trials: MANIFESTS,
  failures: failed.size,
  lost: 0,
  details:
    `${valid} valid, ${invalid.size} invalid; ${rate} manifests/s (${batches.length} processes of ${BATCH}, ${PARALLEL} at a time), ` +
    `${(processMs / MANIFESTS).toFixed(2)} ms per manifest in a process; ${sample.length} invalid ones one at a time in ${(singleMs / 1000).toFixed(1)} s; ` +
    `generated in ${(generateMs / 1000).toFixed(1)} s; seed ${seed}`,
  reproduce: `OVERSEER_SEED=${seed} npm run reliability -- fuzz`,
});
