// The aggregate status when several unnamed fleets share the one overseer/verifier context on a
// commit: the last writer wins on GitHub, so each fleet posts the worst of its own verdict and the
// other fleets' own (read from their statuses), and never passes a failure on as its own for good.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SummaryTask } from '../../src/core/summary.js';
import { GitHubApi } from '../../src/github/api.js';
import { runContext } from '../../src/github/context.js';
import { Gate, statusUnfinished } from '../../src/github/gate.js';
import { jobRunOf } from '../../src/action/inputs.js';
import { failMatching, fakeGitHub, type FakeGitHub } from '../helpers/github.js';

const HEAD = 'c'.repeat(40);
let gh: FakeGitHub;
beforeEach(async () => {
  gh = await fakeGitHub();
});
afterEach(() => gh.close());

const task = (state: SummaryTask['state']): SummaryTask => ({ name: 't', state, cause: 'x', dependsOn: [], attempts: 1, costUsd: 0, durationMs: 1, verdicts: [] });

const contextOf = (fleet: string, leg = 'a1', attempt = '1', run = '1') => ({
  ...runContext({ GITHUB_REPOSITORY: 'octo/fleet', GITHUB_SHA: HEAD, GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: attempt, GITHUB_API_URL: gh.url }, null),
  fleet,
  leg,
});
const apiFor = () => new GitHubApi({ token: 't', baseUrl: gh.url, warn: () => {}, backoffMs: 1 });

/** One fleet's end of run (one leg of it, in one run attempt): its status as gate.finish posts it. */
async function finish(fleet: string, state: SummaryTask['state'], leg?: string, attempt?: string, run?: string): Promise<void> {
  await new Gate(apiFor(), contextOf(fleet, leg, attempt, run), { checks: false, comment: false, receipts: new Map() }).finish({ mode: 'run', runId: 'r', tasks: [task(state)], durationMs: 1, budgetUsd: null });
}

const last = () => gh.statuses.filter((s) => s.context === 'overseer/verifier').at(-1)!;

describe('fleets sharing the overseer/verifier context', () => {
  it('a passing fleet does not hide another that failed; the status turns green once both have passed', async () => {
    await finish('aaaaaaaaaaaa', 'NEEDS_HUMAN');
    await finish('bbbbbbbbbbbb', 'DONE');
    expect(last()).toMatchObject({ state: 'failure' });
    expect(last().description).toContain('Another overseer fleet on this context is failure (this one: success)');
    // Fleet a is fixed and passes: b's own verdict was a pass, so the context is green, not stuck red.
    await finish('aaaaaaaaaaaa', 'DONE');
    expect(last()).toMatchObject({ state: 'success' });
  });

  it('one that did not finish (pending) keeps the context pending, not red, until it passes', async () => {
    await finish('aaaaaaaaaaaa', 'RUNNING');
    await finish('bbbbbbbbbbbb', 'DONE');
    expect(last()).toMatchObject({ state: 'pending' });
    await finish('aaaaaaaaaaaa', 'DONE');
    expect(last()).toMatchObject({ state: 'success' });
  });

  it('a fleet whose job ended before it reported (the post step) does not turn another fleet\'s failure into pending', async () => {
    await finish('aaaaaaaaaaaa', 'NEEDS_HUMAN');
    expect(await statusUnfinished(apiFor(), contextOf('bbbbbbbbbbbb'))).toBe(true);
    expect(last()).toMatchObject({ state: 'failure' });
  });

  it('two legs of one unnamed fleet (a matrix of one manifest) cannot be told apart later: their clash is a failure saying to name them', async () => {
    await finish('aaaaaaaaaaaa', 'NEEDS_HUMAN', 'leg1');
    await finish('aaaaaaaaaaaa', 'DONE', 'leg2');
    expect(last()).toMatchObject({ state: 'failure' });
    expect(last().description).toContain('Legs of one fleet (a matrix, one manifest) share this context: give each its own `name` input');
  });

  it("a fleet's own earlier statuses (an earlier attempt, another workflow run on the commit) are its past, not another fleet's verdict", async () => {
    await finish('aaaaaaaaaaaa', 'NEEDS_HUMAN', 'leg1', '1');
    await finish('aaaaaaaaaaaa', 'DONE', 'leg9', '2');
    expect(last()).toMatchObject({ state: 'success' });
    // `on: [push, pull_request]`: two runs of one fleet gate the same head, each in its attempt 1.
    await finish('aaaaaaaaaaaa', 'DONE', 'leg3', '1', '2');
    expect(last()).toMatchObject({ state: 'success' });
  });

  it('a fleet still running is seen: its start posts pending, and another fleet that passes meanwhile leaves the context pending', async () => {
    const running = new Gate(apiFor(), contextOf('aaaaaaaaaaaa'), { checks: false, comment: false, receipts: new Map() });
    await running.begin(3);
    expect(last()).toMatchObject({ state: 'pending', description: 'Running 3 tasks' });
    await finish('bbbbbbbbbbbb', 'DONE');
    expect(last()).toMatchObject({ state: 'pending' });
    await running.finish({ mode: 'run', runId: 'r', tasks: [task('DONE')], durationMs: 1, budgetUsd: null });
    expect(last()).toMatchObject({ state: 'success' });
  });

  it('a lone fleet whose lookup fails posts pending (re-run), not a red failure', async () => {
    gh.faults = [failMatching(100, 502, (c) => c.method === 'GET')];
    await finish('aaaaaaaaaaaa', 'DONE');
    expect(last()).toMatchObject({ state: 'pending' });
    expect(last().description).toContain('could not be read: re-run this job');
  });
});

describe("a job run's mark", () => {
  const token = (scp: string) => `x.${Buffer.from(JSON.stringify({ scp })).toString('base64url')}.sig`;
  it('is read from the runtime token: the same for every step of a job, another for each leg or attempt, never the token itself', () => {
    const leg1 = jobRunOf({ ACTIONS_RUNTIME_TOKEN: token('Actions.GenericRead:00000000 Actions.Results:run-1:job-run-1') });
    expect(leg1).toMatch(/^[0-9a-f]{8}$/);
    expect(jobRunOf({ ACTIONS_RUNTIME_TOKEN: token('Actions.Results:run-1:job-run-1 Actions.UploadArtifacts:x') })).toBe(leg1);
    expect(jobRunOf({ ACTIONS_RUNTIME_TOKEN: token('Actions.Results:run-1:job-run-2') })).not.toBe(leg1);
    for (const env of [{}, { ACTIONS_RUNTIME_TOKEN: 'not-a-jwt' }, { ACTIONS_RUNTIME_TOKEN: token('Actions.GenericRead:x') }]) expect(jobRunOf(env)).toBe('0');
  });
});

describe('the check run of a task that needs a human', () => {
  it("says whose budget stopped it and the command that continues it, as the job summary does", async () => {
    const spent: SummaryTask = { ...task('NEEDS_HUMAN'), cause: 'budget', costUsd: 1.22, budgetUsd: 1 };
    await new Gate(apiFor(), contextOf('aaaaaaaaaaaa'), { checks: true, comment: false, receipts: new Map() }).finish({ mode: 'run', runId: 'r', tasks: [spent], durationMs: 1, budgetUsd: null });
    const summary = gh.checkRuns.at(-1)!.output?.summary ?? '';
    expect(summary).toContain('Why: its budget is spent ($1.22 of $1.00).');
    // A plain `retry` of a task that spent its budget is refused: the command gives it a new one.
    expect(summary).toContain('overseer retry --budget-usd 3 t');
    expect(summary).not.toMatch(/retry t\b/);
  });
});

describe('an answer from GitHub that is not what it should be', () => {
  it('a 2xx whose body is not JSON is tried again, not taken as an answer: the check run is written once and completed', async () => {
    let garbled = 2;
    // The first lookup and the first create are answered 200 with half a JSON body.
    gh.faults = [(c) => (c.path.endsWith('/check-runs') && garbled-- > 0 ? { status: 200, raw: '{"total_count": 0, "check_ru', acted: c.method === 'POST' } : undefined)];
    const warnings: string[] = [];
    const api = new GitHubApi({ token: 't', baseUrl: gh.url, warn: (m) => warnings.push(m), backoffMs: 1 });
    const gate = new Gate(api, contextOf('aaaaaaaaaaaa'), { checks: true, comment: false, receipts: new Map() });
    gate.started('t');
    await gate.finish({ mode: 'run', runId: 'r', tasks: [task('DONE')], durationMs: 1, budgetUsd: null });
    expect(gh.checkRuns.map((r) => [r.name, r.status, r.conclusion])).toEqual([[expect.stringContaining('t'), 'completed', 'success']]);
    expect(warnings).toEqual([]);
  });

  it('a write that throws is warned about, and the writes after it still happen', async () => {
    const warnings: string[] = [];
    const api = new GitHubApi({ token: 't', baseUrl: gh.url, warn: (m) => warnings.push(m), backoffMs: 1 });
    const gate = new Gate(api, contextOf('aaaaaaaaaaaa'), { checks: true, comment: false, receipts: new Map() });
    const write = api.call.bind(api);
    let first = true;
    api.call = (async (...args: Parameters<typeof write>) => {
      if (first) {
        first = false;
        throw new Error('a bug in one write');
      }
      return write(...args);
    }) as typeof api.call;
    gate.started('t');
    await gate.finish({ mode: 'run', runId: 'r', tasks: [task('DONE')], durationMs: 1, budgetUsd: null });
    expect(warnings).toEqual(['a GitHub write failed: a bug in one write']);
    expect(gh.checkRuns.map((r) => r.conclusion)).toEqual(['success']);
  });
});

describe('the status description', () => {
  it('is cut to the 140 characters GitHub takes, never between the halves of an emoji (half of one is no character to send)', async () => {
    const gate = new Gate(apiFor(), contextOf('aaaaaaaaaaaa'), { checks: false, comment: false, receipts: new Map() });
    // "Not run: " is 9 characters: the emoji's two UTF-16 halves are the 140th and the 141st.
    await gate.refused(`${'x'.repeat(130)}\u{1F600} and the rest of the reason`);
    expect(last()).toMatchObject({ state: 'failure', description: `Not run: ${'x'.repeat(130)}` });
  });
});
