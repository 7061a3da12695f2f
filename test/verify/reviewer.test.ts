// An `agent` reviewer as a real child process: the fake `claude` (test/helpers/bin) run read-only,
// stopped before its result, is charged as an attempt would be, not $0.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claude } from '../../src/agents/claude.js';
import { makeRedactor } from '../../src/core/redact.js';
import { runReviewer } from '../../src/verify/reviewer.js';
import { tempDir } from '../helpers/ledger.js';

const BIN = join(import.meta.dirname, '..', 'helpers', 'bin');
/** $3 a million input tokens, $15 a million output. */
const PRICE = { input_per_mtok: 3, output_per_mtok: 15 };
/** Two assistant messages ("working on it", then the hung one) of 1000 input and 200 output tokens each. */
const HANGS = 'FAKE:usage=1000/200\nFAKE:review-hang=PASS: nothing wrong so far; running the tests now.';
const ESTIMATE = (2 * (1000 * 3 + 200 * 15)) / 1e6;

function review(options: { priced: boolean; capUsd?: number; timeoutMs?: number; signal?: AbortSignal; onLine?: (line: string) => void; prompt?: string }) {
  const dir = tempDir('overseer-reviewer-');
  const parser = claude.parser(options.priced ? PRICE : undefined);
  const warnings: string[] = [];
  const done = runReviewer({
    launch: claude.launch({ prompt: options.prompt ?? HANGS, readOnly: true, budgetUsd: options.capUsd }),
    parse: (line) => {
      options.onLine?.(line);
      return parser(line);
    },
    cwd: dir,
    env: { ...process.env, PATH: `${BIN}:${process.env.PATH}` },
    logPath: join(dir, 'review.log'),
    redact: makeRedactor([]),
    timeoutMs: options.timeoutMs ?? 600_000,
    budgetUsd: options.capUsd,
    capUsd: options.capUsd,
    priced: options.priced,
    killGraceMs: 300,
    signal: options.signal ?? new AbortController().signal,
    warn: (m) => warnings.push(m),
  });
  return done.then((r) => ({ ...r, warnings }));
}

describe('a reviewer stopped before Claude reported its cost', () => {
  it('at its timeout, with a price for its model: charged what its tokens say (each message once), and still a FAIL', async () => {
    const r = await review({ priced: true, capUsd: 5, timeoutMs: 3_000 });
    expect(r.error).toContain('reviewer agent timed out after 3 s, before it gave its verdict');
    expect(r.costUsd).toBeCloseTo(ESTIMATE, 12);
    expect(r.warnings).toEqual(['stopped (timeout) before Claude reported its cost: charged $0.01, estimated from its tokens']);
  }, 30_000);

  it('at its timeout, with no price: charged the cap it was given (the most it could spend); with no cap of its own, nothing', async () => {
    const [capped, uncapped] = await Promise.all([review({ priced: false, capUsd: 1.5, timeoutMs: 3_000 }), review({ priced: false, timeoutMs: 3_000 })]);
    expect(capped.costUsd).toBe(1.5);
    expect(capped.warnings[0]).toMatch(/^stopped \(timeout\) before Claude reported its cost: charged \$1\.50, the cap it was given, the most it could spend/);
    expect(uncapped.costUsd).toBe(0);
    expect(uncapped.warnings).toEqual([]);
  }, 30_000);

  it('by a cancel or Ctrl-C before it reported any usage: nothing, not its cap (a guess at the worst would spend what the next run needs to verify again)', async () => {
    for (const priced of [false, true]) {
      const r = await review({ priced, capUsd: 5, signal: AbortSignal.abort() });
      expect(r.costUsd, `priced: ${priced}`).toBe(0);
      expect(r.warnings).toEqual([]);
    }
  }, 30_000);

  it('by a cancel or Ctrl-C (its signal aborted): charged its estimate all the same, since a fresh reviewer takes its place', async () => {
    const abort = new AbortController();
    // Aborted once it has said its last word: no clock decides what it had printed.
    const r = await review({ priced: true, capUsd: 5, signal: abort.signal, onLine: (line) => line.includes('nothing wrong so far') && setImmediate(() => abort.abort()) });
    expect(r.costUsd).toBeCloseTo(ESTIMATE, 12);
    expect(r.warnings).toEqual(['stopped (interrupted) before Claude reported its cost: charged $0.01, estimated from its tokens']);
  }, 30_000);

  it('ended on its own (a crash): charged its estimate with a price, never its cap without one', async () => {
    const crash = 'FAKE:usage=1000/200\nFAKE:crash=3';
    const [priced, unpriced] = await Promise.all([review({ priced: true, capUsd: 5, prompt: crash }), review({ priced: false, capUsd: 5, prompt: crash })]);
    expect(priced.error).toContain('reviewer agent exited 3');
    expect(priced.costUsd).toBeCloseTo(ESTIMATE / 2, 12);
    expect(priced.warnings).toEqual(['exited 3 before Claude reported its cost: charged $0.0060, estimated from its tokens']);
    expect(unpriced.costUsd).toBe(0);
    expect(unpriced.warnings).toEqual([]);
  }, 30_000);
});
