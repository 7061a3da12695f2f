// What the checks say when the job ends before its tasks do: a task blocked behind one that needs a
// human, a job cancelled mid-run. No check run may be left in_progress (a PR would show it spinning
// forever); each says what it waits on, and a re-run edits the same check run.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../helpers/action.js';
import { fakeGitHub, type FakeGitHub } from '../helpers/github.js';
import { tempDir } from '../helpers/ledger.js';

const TOKEN = 'ghs_unfinishedTokenValue123456';
const HEAD = 'f'.repeat(40);
const pr = { name: 'pull_request', payload: { pull_request: { number: 5, head: { sha: HEAD, repo: { full_name: 'octo/fleet' } }, base: { repo: { full_name: 'octo/fleet' } } } } };

function workspace(toml: string): string {
  const dir = tempDir('overseer-action-unfinished-');
  writeFileSync(join(dir, 'tasks.toml'), toml);
  return dir;
}

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await fakeGitHub();
});
afterEach(() => gh.close());

/** This workflow run's check of `task` (runAction's GITHUB_RUN_ID is 4242). */
const checkOf = (task: string) => gh.checkRuns.find((c) => new RegExp(`^overseer:4242:[0-9a-f]{12}:${task}$`).test(c.external_id ?? ''));

/** Acts on main once the check of `task` is in_progress on the fake GitHub. */
function whenRunning(task: string, act: (main: ChildProcess) => void): (child: ChildProcess) => void {
  return (child) => {
    const timer = setInterval(() => {
      if (checkOf(task)?.status !== 'in_progress') return;
      clearInterval(timer);
      act(child);
    }, 20);
    child.once('exit', () => clearInterval(timer));
  };
}

describe('a task the job ended without', () => {
  it('blocked behind a task that needs a human: a completed check (action_required) naming the task it waits on; a re-run edits it', async () => {
    const dir = workspace(`[fleet]
agent = "demo"

[[task]]
name = "a"
cwd = "."
prompt = "x"
max_retries = 0
[[task.verify]]
run = "exit 1"

[[task]]
name = "b"
cwd = "."
prompt = "y"
depends_on = ["a"]

[[task]]
name = "c"
cwd = "."
prompt = "z"
depends_on = ["b"]
`);
    const run = await runAction({ workspace: dir, inputs: { 'github-token': TOKEN, cache: 'false' }, event: pr, apiUrl: gh.url });
    expect(run.outputs).toMatchObject({ verdict: 'fail', done: '0', 'needs-human': '1' });
    expect(gh.checkRuns.map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['overseer / a', 'completed', 'failure'],
      ['overseer / b', 'completed', 'action_required'],
      ['overseer / c', 'completed', 'action_required'],
    ]);
    for (const task of ['b', 'c']) {
      expect(checkOf(task)!.output?.title).toBe('Not run: waits on a, which needs a human');
      expect(checkOf(task)!.output?.summary).toContain(`\`${task}\` did not run: it waits on \`a\`, which needs a human (retries-exhausted). Continue with \`overseer retry a\``);
    }
    expect(gh.statuses.at(-1)!.state).toBe('failure');

    // A re-run of the job: the same check runs are edited, none added.
    await runAction({ workspace: dir, inputs: { 'github-token': TOKEN, cache: 'false' }, event: pr, apiUrl: gh.url });
    expect(gh.checkRuns).toHaveLength(3);
    expect(gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/check-runs'))).toHaveLength(3);
  }, 60_000);

  it('a job cancelled mid-run (SIGINT to main): the running task and the one after it get completed checks saying so', async () => {
    const dir = workspace(`[fleet]
agent = "demo"

[[task]]
name = "slow"
cwd = "."
prompt = "@sleep 30"

[[task]]
name = "after"
cwd = "."
prompt = "x"
depends_on = ["slow"]
`);
    const run = await runAction({
      workspace: dir,
      inputs: { 'github-token': TOKEN, cache: 'false' },
      event: pr,
      apiUrl: gh.url,
      env: { OVERSEER_KILL_GRACE_MS: '500' },
      onMain: whenRunning('slow', (main) => main.kill('SIGINT')),
    });
    expect(run.main.code).toBe(1);
    expect(checkOf('slow')).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(checkOf('slow')!.output?.title).toMatch(/^Did not finish \((ASSIGNED|RUNNING|VERIFYING|RESUMING)\)$/);
    expect(checkOf('slow')!.output?.summary).toContain('Re-run this job: it resumes from the ledger');
    // `after` never started: its check is made at the end, completed, naming what it waits on.
    expect(checkOf('after')).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(checkOf('after')!.output?.title).toBe('Not run: waits on slow');
    expect(gh.checkRuns.every((c) => c.status === 'completed')).toBe(true);
    expect(gh.statuses.at(-1)!.state).toBe('pending');
  }, 60_000);

  it('with checks off, a main killed before it could report leaves no "Running" status behind: post says it did not finish', async () => {
    const dir = workspace(`[fleet]\nagent = "demo"\n\n[[task]]\nname = "slow"\ncwd = "."\nprompt = "@sleep 5"\n`);
    const run = await runAction({
      workspace: dir,
      inputs: { 'github-token': TOKEN, cache: 'false', checks: 'false' },
      event: pr,
      apiUrl: gh.url,
      cancelled: true,
      onMain: (child) => {
        const timer = setInterval(() => {
          if (gh.statuses.length === 0) return;
          clearInterval(timer);
          setTimeout(() => child.kill('SIGKILL'), 300);
        }, 20);
        child.once('exit', () => clearInterval(timer));
      },
    });
    expect(run.main.code).toBeNull();
    expect(gh.statuses.map((s) => s.description)).toEqual(['Running 1 task', expect.stringMatching(/^Did not finish/)]);
    expect(gh.checkRuns).toEqual([]);
  }, 60_000);

  it('a main killed before it could report (SIGKILL, then the post step of a cancelled job): post completes the check runs it left in_progress', async () => {
    const dir = workspace(`[fleet]
agent = "demo"

[[task]]
name = "slow"
cwd = "."
prompt = "@sleep 3"

[[task]]
name = "after"
cwd = "."
prompt = "x"
depends_on = ["slow"]
`);
    // Another workflow run's check on the same commit is not this job's to complete.
    gh.checkRuns.push({ id: 1, name: 'overseer / slow', head_sha: HEAD, external_id: 'overseer:999:slow', status: 'in_progress', conclusion: null, output: null, history: ['in_progress'] });
    const run = await runAction({
      workspace: dir,
      inputs: { 'github-token': TOKEN, cache: 'false' },
      event: pr,
      apiUrl: gh.url,
      onMain: whenRunning('slow', (main) => main.kill('SIGKILL')),
      cancelled: true,
    });
    expect(run.main.code).toBeNull();
    expect(run.post.code).toBe(0);
    expect(run.post.stdout).toContain('the main step did not finish: completed 1 check run it left in_progress (action_required)');
    const mine = checkOf('slow')!;
    expect(mine).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(mine.output?.summary).toContain('Re-run this job: it resumes from the ledger');
    expect(gh.checkRuns.find((c) => c.id === 1)!.status).toBe('in_progress');
    // `after` never started: it has no check run to leave spinning.
    expect(checkOf('after')).toBeUndefined();
    // The status branch protection requires names why there is no verdict (main posted only "Running").
    expect(gh.statuses.map((s) => s.state)).toEqual(['pending', 'pending']);
    expect(gh.statuses[0]!.description).toBe('Running 2 tasks');
    expect(gh.statuses[1]).toMatchObject({ sha: HEAD, state: 'pending', context: 'overseer/verifier' });
    expect(gh.statuses[1]!.description).toMatch(/^Did not finish: .*Re-run it/);
  }, 60_000);

  it('a re-run after a post step wrote "did not finish" sets its checks and status again, even with the outcome an earlier run recorded', async () => {
    const dir = workspace(`[fleet]\nagent = "demo"\n\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\nmax_retries = 0\n[[task.verify]]\nrun = "false"\n`);
    const inputs = { 'github-token': TOKEN, cache: 'false' };
    await runAction({ workspace: dir, inputs, event: pr, apiUrl: gh.url });
    expect(checkOf('a')).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gh.statuses.at(-1)!.state).toBe('failure');
    // A later attempt's main was killed before it reported; its post step wrote over both (as
    // completeAbandoned and statusUnfinished do), past the receipts the ledger holds.
    Object.assign(checkOf('a')!, { conclusion: 'action_required', output: { title: 'Did not finish (RUNNING)', summary: 'Re-run this job' } });
    gh.statuses.push({ ...gh.statuses.at(-1)!, state: 'pending', description: 'Did not finish: the job ended before overseer could report. Re-run it to resume from the ledger' });
    // The next attempt finds the same outcome in the ledger, and says so on GitHub again.
    await runAction({ workspace: dir, inputs, event: pr, apiUrl: gh.url });
    expect(checkOf('a')).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gh.statuses.at(-1)!.state).toBe('failure');
    expect(gh.checkRuns).toHaveLength(1);
  }, 60_000);

  it('a main that reported leaves the post step nothing to complete', async () => {
    const dir = workspace(`[fleet]\nagent = "demo"\n\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n`);
    const run = await runAction({ workspace: dir, inputs: { 'github-token': TOKEN, cache: 'false' }, event: pr, apiUrl: gh.url });
    expect(run.post.code).toBe(0);
    const reported = gh.calls.length;
    expect(run.post.stdout).not.toContain('did not finish');
    // Post asked GitHub nothing: its calls all came from main.
    expect(gh.calls.slice(reported)).toEqual([]);
    expect(gh.calls.some((c) => c.query.get('status') === 'in_progress')).toBe(false);
  }, 60_000);
});
