// runCheck(), the `run` verifier, as a real child process: stopped by its abort signal whether the
// signal fires while it runs or had fired before it started (a Ctrl-C while its launch waited); and
// verify() with a timeout longer than a timer can hold.

import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentFor } from '../../src/agents/registry.js';
import { makeRedactor } from '../../src/core/redact.js';
import { runReviewer } from '../../src/verify/reviewer.js';
import { verify, type VerifierOutcome, type VerifyContext } from '../../src/verify/index.js';
import { HeadAndTail, OUTPUT_CAP, PASS_OUTPUT_CAP, runCheck } from '../../src/verify/run.js';
import { json, serve } from '../helpers/http.js';

const base = { cwd: '/', env: process.env, timeoutMs: 60_000, redact: (s: string) => s };

/** A reviewer run as the supervisor runs it: `script` is a Node program that prints Claude Code's stream-json. */
const reviewWith = (script: string, secrets: string[], budgetUsd?: number, warn?: (m: string) => void) =>
  runReviewer({
    budgetUsd,
    warn,
    launch: { argv: [process.execPath, '-e', script], stdin: '' },
    parse: agentFor('claude').parser(),
    cwd: '/',
    env: process.env,
    logPath: join(mkdtempSync(join(tmpdir(), 'overseer-reviewer-')), '1.log'),
    redact: makeRedactor(secrets),
    timeoutMs: 30_000,
    killGraceMs: 1_000,
    signal: new AbortController().signal,
  });

/** verify() as the supervisor calls it, with no brain endpoint; each outcome is pushed onto `outcomes`. */
const verifyWith = (options: Pick<VerifyContext, 'verifiers'> & Partial<VerifyContext>, outcomes: VerifierOutcome[]) =>
  verify({
    cwd: '/',
    env: process.env,
    redact: (s) => s,
    taskPrompt: 'p',
    agentMessage: '',
    brain: { url: 'http://127.0.0.1:9/v1', model: undefined, apiKey: undefined },
    review: () => Promise.reject(new Error('no reviewer here')),
    record: (o) => outcomes.push(o),
    ...options,
  });

describe('run verifier', () => {
  it('keeps 4 KiB of what a passing check printed, head and tail, and 64 KiB of a failing one', async () => {
    const noisy = (code: number) => `seq 1 20000; exit ${code}`;
    const pass = await runCheck({ ...base, command: noisy(0) });
    expect(pass.verdict).toBe('PASS');
    expect(pass.output.length).toBeLessThanOrEqual(PASS_OUTPUT_CAP + 40);
    expect(pass.output.startsWith('1\n2\n')).toBe(true);
    expect(pass.output.endsWith('19999\n20000')).toBe(true);
    const fail = await runCheck({ ...base, command: noisy(1) });
    expect(fail.verdict).toBe('FAIL');
    expect(fail.output.length).toBeGreaterThan(PASS_OUTPUT_CAP * 8);
    expect(fail.output.length).toBeLessThanOrEqual(OUTPUT_CAP + 40);
    expect(fail.output.endsWith('20000\n[exit 1]')).toBe(true);
  });

  it('keeps the last line whole when it is longer than the cap (a JSON report), not an empty tail', () => {
    const out = new HeadAndTail(1_000);
    for (let i = 0; i < 2_000; i++) out.add(`line ${i}`);
    out.add('Tests: 3 failed');
    out.add(`{"report":"${'z'.repeat(5_000)}"}`);
    const text = out.text();
    expect(text.startsWith('line 0\nline 1\n')).toBe(true);
    expect(text.endsWith(`{"report":"${'z'.repeat(5_000)}"}\n`)).toBe(true);
    expect(text).toMatch(/… \[\d+ characters cut\] …/);
  });

  it("keeps the true end of a long failing output (the test runner's summary), however much comes before it", async () => {
    const fail = await runCheck({ ...base, command: 'seq 1 200000; echo "FINAL: 3 tests failed in foo.test.ts"; exit 1' });
    expect(fail.verdict).toBe('FAIL');
    expect(fail.output.startsWith('1\n2\n')).toBe(true);
    expect(fail.output.endsWith('199999\n200000\nFINAL: 3 tests failed in foo.test.ts\n[exit 1]')).toBe(true);
    expect(fail.output.length).toBeLessThanOrEqual(OUTPUT_CAP + 40);
    expect(fail.output).toContain('[output cut]');
  });

  it('is stopped when its signal aborts while it runs', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const started = Date.now();
    const r = await runCheck({ ...base, command: 'sleep 30', signal: abort.signal });
    expect(r.verdict).toBe('FAIL');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is stopped at once when its signal aborted before it started', async () => {
    const started = Date.now();
    const r = await runCheck({ ...base, command: 'sleep 30', signal: AbortSignal.abort() });
    expect(r.verdict).toBe('FAIL');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a timeout_min past what a timer holds (2^31 ms) waits, not fails at once', async () => {
    const outcomes: VerifierOutcome[] = [];
    const { verdict } = await verifyWith({ verifiers: [{ run: 'sleep 0.3', timeout_min: 100_000 }] }, outcomes);
    expect(outcomes.map((o) => [o.verdict, o.output])).toEqual([['PASS', '']]);
    expect(verdict).toBe('PASS');
  });

  it("a brain judge is priced by its own model's [pricing.<model>], else the endpoint's model's; a model named like an Object method has no price", async () => {
    const server = await serve(Array.from({ length: 3 }, () => json(200, { choices: [{ message: { content: 'PASS' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1e6, completion_tokens: 0 } })));
    try {
      const outcomes: VerifierOutcome[] = [];
      const pricing = { 'judge-own': { input_per_mtok: 2, output_per_mtok: 0 }, 'judge-default': { input_per_mtok: 5, output_per_mtok: 0 } };
      const brain = { url: `${server.url}/v1`, model: 'judge-default', apiKey: undefined };
      await verifyWith({ verifiers: [{ brain: 'done?', model: 'judge-own', timeout_min: 1 }, { brain: 'done?', timeout_min: 1 }, { brain: 'done?', model: 'constructor', timeout_min: 1 }], brain, pricing }, outcomes);
      expect(outcomes.map((o) => [o.verdict, o.costUsd])).toEqual([
        ['PASS', 2],
        ['PASS', 5],
        ['PASS', 0],
      ]);
    } finally {
      await server.close();
    }
  });

  it("a reviewer's answer is capped as a check's output is: 4 KiB of a PASS, 64 KiB of a FAIL", async () => {
    const outcomes: VerifierOutcome[] = [];
    const run = (message: string) => verifyWith({ verifiers: [{ agent: 'is it done?', timeout_min: 1 }], review: () => Promise.resolve({ message, costUsd: 0 }) }, outcomes);
    expect((await run(`PASS\n${'p'.repeat(500_000)}`)).verdict).toBe('PASS');
    expect((await run(`FAIL\n${'f'.repeat(500_000)}`)).verdict).toBe('FAIL');
    expect(outcomes.map((o) => o.output.length <= (o.verdict === 'PASS' ? 4 : 64) * 1024)).toEqual([true, true]);
    expect(outcomes[1]!.output.length).toBeGreaterThan(60 * 1024);
  });

  it.each([
    ['an answer that does not open with a verdict, quoted to 200 characters', 200],
    ['a PASS and then a FAIL, quoted to 200 characters', 200],
  ])('an agent reviewer\'s words are redacted before they are cut: %s', async (name, cut) => {
    const token = 'dtok_9c1e5b7a3f2d4e6c8a0b1d3f5e7a9c2b';
    // The token starts 8 characters before the cut: cut first, its first 8 would escape redaction.
    const opening = name.startsWith('a PASS') ? 'PASS\nbut FAIL: ' : '';
    const message = `${opening}${'z'.repeat(cut - 8 - opening.length)}${token} and more`;
    const outcomes: VerifierOutcome[] = [];
    const { verdict } = await verifyWith(
      { verifiers: [{ agent: 'is it done?', timeout_min: 1 }], redact: makeRedactor([token]), review: () => Promise.resolve({ message, costUsd: 0 }) },
      outcomes,
    );
    expect(verdict).toBe('FAIL');
    expect(outcomes[0]!.output).toContain('z'.repeat(20));
    expect(outcomes[0]!.output).not.toContain('dtok_');
  });

  it('a reviewer that reports an error is quoted to 500 characters, redacted before the cut', async () => {
    const token = 'dtok_9c1e5b7a3f2d4e6c8a0b1d3f5e7a9c2b';
    const text = `${'z'.repeat(492)}${token} and more`;
    // Claude Code's stream-json: a result that reports an error, from a process that exits 0.
    const script = `console.log(JSON.stringify({ type: 'result', subtype: 'error_during_execution', is_error: true, result: ${JSON.stringify(text)}, session_id: 's', total_cost_usd: 0.01 }))`;
    const review = await reviewWith(script, [token]);
    expect(review.error).toContain('z'.repeat(20));
    expect(review.error).not.toContain('dtok_');
  });

  it('a reviewer that says PASS and then exits non-zero gives no verdict: an error', async () => {
    const script = `console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'PASS: looks right', session_id: 's', total_cost_usd: 0.01 })); process.exit(1)`;
    const review = await reviewWith(script, []);
    expect(review.error).toMatch(/^reviewer agent exited 1/);
    expect(review.message).toBe('PASS: looks right');
  });

  it('a PASS said before the reviewer went on to act is no verdict: an empty result then has no answer', async () => {
    const line = (o: object) => `console.log(${JSON.stringify(JSON.stringify(o))});`;
    const script = [
      line({ type: 'assistant', message: { content: [{ type: 'text', text: 'PASS: the diff adds README.md. Let me read it once more.' }] } }),
      line({ type: 'assistant', message: { content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'README.md' } }] } }),
      line({ type: 'assistant', message: { content: [{ type: 'tool_use', id: 't2', name: 'TodoWrite', input: {} }] } }),
      line({ type: 'result', subtype: 'success', is_error: false, result: '', session_id: 's', total_cost_usd: 0.01 }),
    ].join('');
    const review = await reviewWith(script, []);
    expect(review.error).toBeUndefined();
    expect(review.message).toBe('');
  });

  it('its last words count when it did nothing after them', async () => {
    const line = (o: object) => `console.log(${JSON.stringify(JSON.stringify(o))});`;
    const script = [
      line({ type: 'assistant', message: { content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'README.md' } }] } }),
      line({ type: 'assistant', message: { content: [{ type: 'text', text: 'PASS: README.md says hello' }] } }),
      line({ type: 'result', subtype: 'success', is_error: false, result: '', session_id: 's', total_cost_usd: 0.01 }),
    ].join('');
    expect((await reviewWith(script, [])).message).toBe('PASS: README.md says hello');
  });

  it('a reviewer whose verdict comes with a cost past its budget keeps its verdict (Claude reports its cost only then)', async () => {
    const script = `console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'PASS: it is fixed', session_id: 's', total_cost_usd: 1.02 }))`;
    const review = await reviewWith(script, [], 1);
    expect(review).toMatchObject({ message: 'PASS: it is fixed', costUsd: 1.02 });
    expect(review.error).toBeUndefined();
  });

  it('a reviewer Claude stopped at the --max-budget-usd it was given is a budget error for a person, not a verdict', async () => {
    const script = `console.log(JSON.stringify({ type: 'result', subtype: 'error_max_budget_usd', is_error: true, errors: [], session_id: 's', total_cost_usd: 1.01 })); process.exit(1)`;
    const warnings: string[] = [];
    const review = await reviewWith(script, [], 1, (m) => warnings.push(m));
    expect(review).toMatchObject({ costUsd: 1.01, failure: 'budget' });
    // It paid for no verdict: nothing says it did.
    expect(warnings).toEqual([]);
    expect(review.error).toContain('reviewer agent stopped at its budget ($1.01 spent) before it gave its verdict');
  });

  it('a reviewer that passes its budget before it answers is stopped: a budget error for a person, not a verdict', async () => {
    // A command reviewer reporting its spend as it goes, then thinking on: $2 against a $1 cap.
    const review = await runReviewer({
      launch: { argv: [process.execPath, '-e', `console.log(JSON.stringify({ overseer: 'cost', cost_usd: 2 })); setTimeout(() => console.log(JSON.stringify({ overseer: 'result', cost_usd: 2.5, message: 'PASS' })), 20000)`], stdin: '' },
      parse: (line) => {
        const cost = (JSON.parse(line) as { cost_usd?: number }).cost_usd;
        return cost === undefined ? [] : [{ kind: 'cost', usd: cost }];
      },
      cwd: '/',
      env: process.env,
      logPath: join(mkdtempSync(join(tmpdir(), 'overseer-reviewer-')), '1.log'),
      redact: makeRedactor([]),
      timeoutMs: 30_000,
      budgetUsd: 1,
      killGraceMs: 1_000,
      signal: new AbortController().signal,
    });
    expect(review).toMatchObject({ costUsd: 2, failure: 'budget' });
    expect(review.error).toMatch(/^reviewer agent spent \$2\.00, past its budget of \$1\.00, before it gave its verdict/);
  });
});
