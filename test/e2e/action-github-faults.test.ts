// How the action reports when GitHub fails part of the time: the built dist/action.js runs as a
// child process against the fake GitHub API, which fails on purpose. A failure may cost one write,
// or one kind of write (check runs, the status, the comment) when the token may not make it; it
// never costs the commit status branch protection waits for when GitHub answers again, and it never
// changes the verdict.

import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../helpers/action.js';
import { failMatching, fakeGitHub, type FakeGitHub } from '../helpers/github.js';
import { tempDir } from '../helpers/ledger.js';

const TOKEN = 'ghs_faultsTokenValue1234567890';
const HEAD = 'e'.repeat(40);
const pr = { name: 'pull_request', payload: { pull_request: { number: 3, head: { sha: HEAD, repo: { full_name: 'octo/fleet' } }, base: { repo: { full_name: 'octo/fleet' } } } } };

/** Two tasks, the second after the first; both DONE (no verifiers). */
const TWO = `[fleet]
agent = "demo"

[[task]]
name = "a"
cwd = "."
prompt = "x"

[[task]]
name = "b"
cwd = "."
prompt = "y"
depends_on = ["a"]
`;

function workspace(toml = TWO): string {
  const dir = tempDir('overseer-action-faults-');
  writeFileSync(join(dir, 'tasks.toml'), toml);
  return dir;
}

const warnings = (run: ActionRun) => run.main.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
const answer = (status: number, message = `injected ${status}`) => ({ status, body: { message } });

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await fakeGitHub();
});
afterEach(() => gh.close());

const go = (dir: string) => runAction({ workspace: dir, inputs: { 'github-token': TOKEN, cache: 'false' }, event: pr, apiUrl: gh.url });

describe('transient failures cost one write, not the run', () => {
  it('a 5xx burst that outlasts one write skips that write only: every check, the status and the comment are still written', async () => {
    gh.faults = [failMatching(4, 502, (c) => c.path.includes('/check-runs'))];
    const run = await go(workspace());
    expect(run.outputs).toMatchObject({ verdict: 'pass', done: '2' });
    expect(gh.calls.filter((c) => c.path.includes('/check-runs')).slice(0, 4).map((c) => c.status)).toEqual([502, 502, 502, 502]);
    expect(gh.checkRuns.map((c) => [c.name, c.status, c.conclusion]).sort()).toEqual([
      ['overseer / a', 'completed', 'success'],
      ['overseer / b', 'completed', 'success'],
    ]);
    expect(gh.statuses.at(-1)).toMatchObject({ sha: HEAD, context: 'overseer/verifier', state: 'success' });
    expect(gh.comments).toHaveLength(1);
    const w = warnings(run);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/GitHub kept failing \(502: injected 502\) after 4 tries: a write of check runs was skipped; later ones are still tried/);
  }, 60_000);

  it('a check run that went in_progress before a 5xx burst is completed at the end', async () => {
    let burst = -1;
    gh.faults = [
      (c) => {
        // The first check run is created (in_progress); the 6 requests after it fail.
        if (burst < 0 && c.method === 'POST' && c.path.endsWith('/check-runs')) return void (burst = 0);
        return burst >= 0 && burst++ < 6 ? answer(503) : undefined;
      },
    ];
    const run = await go(workspace(`[fleet]\nagent = "demo"\n\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n`));
    expect(run.outputs.verdict).toBe('pass');
    expect(gh.calls.filter((c) => c.status === 503)).toHaveLength(6);
    expect(gh.checkRuns).toHaveLength(1);
    expect(gh.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(gh.checkRuns[0]!.history[0]).toBe('in_progress');
    expect(gh.statuses.at(-1)!.state).toBe('success');
  }, 60_000);

  it('a status write is tried longer than a check run write during the run', async () => {
    // 5 failures: more than a write's 4 tries, fewer than a final write's 7. The first status (pending, as
    // the run starts) takes them; the verdict at the end goes through at once.
    gh.faults = [failMatching(5, 502, (c) => c.path.includes('/statuses/'))];
    const run = await go(workspace());
    expect(gh.calls.filter((c) => c.path.includes('/statuses/')).map((c) => c.status)).toEqual([502, 502, 502, 502, 502, 201, 201]);
    expect(gh.statuses.at(-1)!.state).toBe('success');
    expect(warnings(run)).toEqual([]);
  }, 60_000);
});

describe('an outage at the end does not hold back the outputs', () => {
  it('a job cancelled while GitHub answers 500 to the final writes already has every output', async () => {
    let main: ChildProcess | undefined;
    let killedAt: string | undefined;
    gh.faults = [
      (c) => {
        // The verdict's status is the last final write (after every check's): only the end of the run posts
        // one that does not say "Running". The job is cancelled there, as it would be during a long outage.
        const description = String(c.body?.description ?? '');
        if (!killedAt && c.method === 'POST' && c.path.includes('/statuses/') && !description.startsWith('Running')) {
          killedAt = description;
          main!.kill('SIGKILL');
        }
        return answer(500);
      },
    ];
    const run = await runAction({
      workspace: workspace(),
      inputs: { 'github-token': TOKEN, cache: 'false' },
      event: pr,
      apiUrl: gh.url,
      onMain: (child) => (main = child),
      cancelled: true,
    });
    expect(killedAt).toMatch(/^All tasks verified/);
    expect(run.main.code).toBeNull();
    expect(run.outputs).toMatchObject({ verdict: 'pass', done: '2', 'needs-human': '0', cancelled: '0', 'cost-usd': expect.stringMatching(/^\d+\.\d{4}$/) });
  }, 60_000);
});

describe('a refusal turns off its own kind of write', () => {
  it('a token that cannot write check runs still posts the status and the comment; one warning names the permission', async () => {
    gh.faults = [(c) => (c.path.includes('/check-runs') ? answer(403, 'You must authenticate via a GitHub App.') : undefined)];
    const run = await go(workspace());
    expect(run.outputs).toMatchObject({ verdict: 'pass', done: '2' });
    expect(gh.calls.filter((c) => c.path.includes('/check-runs'))).toHaveLength(1); // nothing more once refused
    expect(gh.statuses.at(-1)).toMatchObject({ context: 'overseer/verifier', state: 'success' });
    expect(gh.comments).toHaveLength(1);
    const w = warnings(run);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('GitHub refused GET of check runs (403: You must authenticate via a GitHub App.). Writing check runs is off for this run');
    // The line to add, and the whole block: one holding only `checks: write` would take away `contents: read`.
    expect(w[0]).toContain("add `checks: write` to the job's `permissions:`");
    expect(w[0]).toContain('the whole of what overseer needs is `permissions: { contents: read, checks: write, statuses: write, pull-requests: write }`');
    expect(w[0]).toContain('a personal access token cannot write check runs');
  }, 60_000);

  it('a 401 (a bad token) turns every kind off at once, with one warning', async () => {
    gh.faults = [() => answer(401, 'Bad credentials')];
    const run = await go(workspace());
    expect(run.outputs.verdict).toBe('pass');
    expect(gh.calls).toHaveLength(1);
    const w = warnings(run);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('GitHub refused the token (401: Bad credentials). Writing check runs, the commit status and the PR comment is off');
  }, 60_000);

  it('404s on every call (a repository the token cannot see) warn once per kind of write, not once per call', async () => {
    gh.faults = [() => answer(404, 'Not Found')];
    const dir = workspace(`[fleet]\nagent = "demo"\n${['a', 'b', 'c'].map((n) => `\n[[task]]\nname = "${n}"\ncwd = "."\nprompt = "x"\n`).join('')}`);
    const run = await go(dir);
    expect(run.outputs).toMatchObject({ verdict: 'pass', done: '3' });
    expect(gh.calls.length).toBeGreaterThan(6); // every write is still tried
    const w = warnings(run);
    expect(w).toHaveLength(3);
    expect(w.map((l) => /for (check runs|the commit status|the PR comment) with 404/.exec(l)?.[1]).sort()).toEqual(['check runs', 'the PR comment', 'the commit status']);
  }, 60_000);
});

describe('what GitHub would refuse as too large is never sent', () => {
  it("a failure log of non-ASCII text fits a check run's summary, which GitHub caps at 65535 bytes, not characters", async () => {
    // Box drawing and CJK, as test runners and progress bars print them: 3 bytes a character.
    const toml = `[fleet]\nagent = "demo"\n\n[[task]]\nname = "wide"\ncwd = "."\nprompt = "x"\nmax_retries = 0\n[[task.verify]]\nrun = "yes '━━━━━━━━━━ 日本語 ✗' | head -n 4000; exit 1"\n`;
    const run = await go(workspace(toml));
    expect(run.main.code).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'needs-human': '1' });
    expect(gh.calls.filter((c) => c.status === 422).map((c) => `${c.method} ${c.path}`)).toEqual([]);
    expect(warnings(run)).toEqual([]);
    const check = gh.checkRuns.find((c) => c.name === 'overseer / wide')!;
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // The final text, with the log and what to run next, not only the one written as the task ended.
    expect(check.output?.summary).toContain('━━━━━━━━━━ 日本語 ✗');
    expect(check.output?.summary).toContain('overseer retry wide');
    expect(Buffer.byteLength(check.output!.summary!)).toBeLessThanOrEqual(65535);
  }, 60_000);
});

describe('rate limits are waited out, not refusals', () => {
  it("a 403 secondary rate limit without retry-after is waited out (60 backoffs) and the write made; nothing is turned off", async () => {
    gh.faults = [failMatching(1, 403, () => true, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.')];
    const run = await go(workspace());
    expect(gh.calls[0]!.status).toBe(403);
    // OVERSEER_GITHUB_BACKOFF_MS is 20 in the tests: a rate limit that names no time waits 60 of them.
    expect(gh.calls[1]!.at - gh.calls[0]!.at).toBeGreaterThanOrEqual(1150);
    expect(gh.calls[1]!.path).toBe(gh.calls[0]!.path);
    expect(gh.checkRuns.every((c) => c.conclusion === 'success')).toBe(true);
    expect(gh.checkRuns).toHaveLength(2);
    expect(gh.statuses.at(-1)!.state).toBe('success');
    expect(warnings(run)).toEqual([]);
  }, 60_000);

  it('a rate limit that never lifts is waited out for a bounded time, then writes are skipped with one warning per kind', async () => {
    gh.faults = [() => answer(403, 'You have exceeded a secondary rate limit.')];
    const started = Date.now();
    const run = await go(workspace());
    // The run's allowance is 300 backoffs (6 s here), then nothing more is waited for.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.outputs).toMatchObject({ verdict: 'pass', done: '2' });
    const w = warnings(run);
    expect(w.length).toBeGreaterThanOrEqual(1);
    expect(w.length).toBeLessThanOrEqual(3);
    expect(w.every((l) => l.includes("GitHub's rate limit (403: You have exceeded a secondary rate limit.) outlasted the waiting allowed for this run"))).toBe(true);
    expect(w.some((l) => /refused/.test(l))).toBe(false);
    const waited = gh.calls.slice(1).reduce((sum, c, i) => sum + (c.at - gh.calls[i]!.at), 0);
    expect(waited).toBeGreaterThanOrEqual(5_500);
  }, 60_000);
});
