// The aggregate status when several unnamed fleets share the one overseer/verifier context on a
// commit: the last writer wins on GitHub, so each fleet posts the worst of its own verdict and the
// other fleets' own (read from their statuses), and never passes a failure on as its own for good.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SummaryTask } from '../../src/core/summary.js';
import { GitHubApi } from '../../src/github/api.js';
import { runContext } from '../../src/github/context.js';
import { Gate } from '../../src/github/gate.js';
import { failMatching, fakeGitHub, type FakeGitHub } from '../helpers/github.js';

const HEAD = 'c'.repeat(40);
let gh: FakeGitHub;
beforeEach(async () => {
  gh = await fakeGitHub();
});
afterEach(() => gh.close());

const task = (state: SummaryTask['state']): SummaryTask => ({ name: 't', state, cause: 'x', dependsOn: [], attempts: 1, costUsd: 0, durationMs: 1, verdicts: [] });

/** One fleet's end of run: its status as gate.finish posts it. */
async function finish(fleet: string, state: SummaryTask['state'], warnings: string[] = []): Promise<void> {
  const ctx = { ...runContext({ GITHUB_REPOSITORY: 'octo/fleet', GITHUB_SHA: HEAD, GITHUB_RUN_ID: '1', GITHUB_API_URL: gh.url }, null), fleet };
  const api = new GitHubApi({ token: 't', baseUrl: gh.url, warn: (m) => warnings.push(m), backoffMs: 1 });
  await new Gate(api, ctx, { checks: false, comment: false, receipts: new Map() }).finish({ mode: 'run', runId: 'r', tasks: [task(state)], durationMs: 1, budgetUsd: null });
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

  it('a lone fleet whose lookup fails posts pending (re-run), not a red failure', async () => {
    gh.faults = [failMatching(100, 502, (c) => c.method === 'GET')];
    await finish('aaaaaaaaaaaa', 'DONE');
    expect(last()).toMatchObject({ state: 'pending' });
    expect(last().description).toContain('could not be read: re-run this job');
  });
});
