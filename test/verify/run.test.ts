// runCheck(), the `run` verifier, as a real child process: stopped by its abort signal whether the
// signal fires while it runs or had fired before it started (a Ctrl-C while its launch waited).

import { describe, expect, it } from 'vitest';
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
});
