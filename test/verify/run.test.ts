// runCheck(), the `run` verifier, as a real child process: stopped by its abort signal whether the
// signal fires while it runs or had fired before it started (a Ctrl-C while its launch waited); and
// verify() with a timeout longer than a timer can hold.

import { describe, expect, it } from 'vitest';
import { verify, type VerifierOutcome } from '../../src/verify/index.js';
import { runCheck } from '../../src/verify/run.js';

const base = { cwd: '/', env: process.env, timeoutMs: 60_000, redact: (s: string) => s };

describe('run verifier', () => {
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
    const verdict = await verify({
      verifiers: [{ run: 'sleep 0.3', timeout_min: 100_000 }],
      cwd: '/',
      env: process.env,
      redact: (s) => s,
      taskPrompt: 'p',
      agentMessage: '',
      brain: { url: 'http://127.0.0.1:9/v1', model: undefined, apiKey: undefined },
      review: () => Promise.reject(new Error('no reviewer here')),
      record: (o) => outcomes.push(o),
    });
    expect(outcomes.map((o) => [o.verdict, o.output])).toEqual([['PASS', '']]);
    expect(verdict).toBe('PASS');
  });
});
