// The GitHub Action end to end: the built dist/action.js and dist/post.js run as child processes with
// the environment a runner gives a step, against a fake GitHub API on 127.0.0.1 that records every
// call. Real agents (the demo agent and a shell command) and real verifiers run.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../helpers/action.js';
import { fakeActionsCache, type FakeCache } from '../helpers/actions-cache.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { processStartTime, thisHost } from '../../src/runtime/identity.js';
import { dropFirst, failFirst, fakeGitHub, type FakeGitHub } from '../helpers/github.js';
import { tempDir } from '../helpers/ledger.js';

const TOKEN = 'ghs_plantedTokenValue1234567890';
const BRAIN_KEY = 'sk-planted-brain-key-0987654321';
const DEPLOY = 'planted-deploy-secret-555';
const HEAD = 'b'.repeat(40);

const FLEET = `[fleet]
agent = "demo"

[roles.shell]
agent = "command"
command = ["sh", "-c", "env > agent-env.txt"]

[[task]]
name = "good"
cwd = "."
prompt = "fine"
[[task.verify]]
run = "true"

[[task]]
name = "envdump"
cwd = "."
role = "shell"
prompt = "dump"

[[task]]
name = "bad"
cwd = "."
prompt = "x"
max_retries = 0
[[task.verify]]
run = 'echo "deploy failed with $(cat .deploy-key)"; exit 1'

[[task]]
name = "later"
cwd = "."
prompt = "after good"
depends_on = ["good"]
`;

const pr = (headRepo = 'octo/fleet') => ({
  name: 'pull_request',
  payload: { pull_request: { number: 7, head: { sha: HEAD, repo: { full_name: headRepo } }, base: { repo: { full_name: 'octo/fleet' } } } },
});

function workspace(toml = FLEET): string {
  const dir = tempDir('overseer-action-');
  writeFileSync(join(dir, 'tasks.toml'), toml);
  // A secret a verifier can read and print (the runner also has it in DEPLOY_TOKEN, so it is known).
  writeFileSync(join(dir, '.deploy-key'), DEPLOY);
  return dir;
}

/** Every byte the action wrote or sent: request bodies, step output, summary, state files, logs. */
function everything(gh: FakeGitHub, dir: string, run: Awaited<ReturnType<typeof runAction>>): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      // Not the agent's own dump of its environment: it holds the job's own credentials by design.
      else if (!['tasks.toml', '.gh-event.json', '.deploy-key', 'agent-env.txt'].includes(name)) files.push(readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return [...gh.calls.map((c) => c.raw), run.main.stdout, run.main.stderr, run.post.stdout, run.post.stderr, ...files].join('\n');
}

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await fakeGitHub();
});
afterEach(() => gh.close());

const inputs = (extra: Record<string, string> = {}) => ({ 'github-token': TOKEN, 'brain-api-key': BRAIN_KEY, cache: 'true', ...extra });

describe('the action on a pull request', () => {
  it('runs the fleet, gates the head commit, comments once, sets outputs; no secret anywhere', async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url, env: { DEPLOY_TOKEN: DEPLOY } });
    expect(run.main.code, run.main.stdout).toBe(1); // fail-on not-done: `bad` needs a human
    expect(run.main.stdout).toContain('::error::1 of 4 tasks are not DONE');
    expect(run.outputs).toMatchObject({ verdict: 'fail', done: '3', 'needs-human': '1', cancelled: '0' });
    expect(run.outputs['ledger-path']).toBe(join(dir, '.overseer', 'coord.db'));

    // One check per task on the PR head, in progress first, then its conclusion.
    const checks = Object.fromEntries(gh.checkRuns.map((c) => [c.name, c]));
    expect(Object.keys(checks).sort()).toEqual(['overseer / bad', 'overseer / envdump', 'overseer / good', 'overseer / later']);
    // external_id: overseer:<run id>:<fleet>:<task>, the same across re-runs, another for another fleet of the run.
    expect(gh.checkRuns.every((c) => c.head_sha === HEAD && new RegExp(`^overseer:4242:[0-9a-f]{12}:${c.name.slice(11)}$`).test(c.external_id ?? ''))).toBe(true);
    expect(checks['overseer / good']!.history[0]).toBe('in_progress');
    expect(checks['overseer / good']!.conclusion).toBe('success');
    expect(checks['overseer / bad']!.conclusion).toBe('failure');
    expect(checks['overseer / bad']!.output?.summary).toContain('| 1 | run | ❌ FAIL |');
    expect(checks['overseer / bad']!.output?.summary).toContain('deploy failed with ***');

    // The aggregate status branch protection requires.
    expect(gh.statuses.at(-1)).toMatchObject({ sha: HEAD, context: 'overseer/verifier', state: 'failure' });
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toMatch(/^<!-- overseer:sticky -->\n## ❌ overseer: 3 of 4 tasks DONE/);
    expect(gh.comments[0]!.body).toContain('overseer retry bad');
    expect(run.summary).toContain('## ❌ overseer: 3 of 4 tasks DONE');
    expect(run.summary).toContain('| <code>bad</code> | 🙋 NEEDS_HUMAN (retries-exhausted) | 1 |');

    // The token authenticates every call, and reaches nothing else: not the agents, not any output.
    expect(gh.calls.every((c) => c.authorization === `token ${TOKEN}`)).toBe(true);
    const agentEnv = readFileSync(join(dir, 'agent-env.txt'), 'utf8');
    expect(agentEnv).not.toMatch(/GITHUB_TOKEN|INPUT_|ACTIONS_RUNTIME/);
    expect(agentEnv).not.toContain(TOKEN);
    expect(agentEnv).not.toContain(BRAIN_KEY);
    expect(agentEnv).toContain(`DEPLOY_TOKEN=${DEPLOY}`); // the job's own credentials do reach agents
    // Both secrets are masked for the runner first (the `::add-mask::` command is consumed, never shown)...
    expect(run.main.stdout.indexOf(`::add-mask::${TOKEN}`)).toBe(run.main.stdout.indexOf('::'));
    expect(run.main.stdout).toContain(`::add-mask::${BRAIN_KEY}`);
    // ...and appear nowhere else.
    const all = everything(gh, dir, run).replace(/^::add-mask::.*$/gm, '');
    for (const secret of [TOKEN, BRAIN_KEY, DEPLOY]) expect(all).not.toContain(secret);

    // Without cache and artifact services (as here), post warns and keeps the job going.
    expect(run.post.code).toBe(0);
    expect(run.post.stdout).toContain('Actions cache is not available');
    expect(run.post.stdout).toContain('artifact service is not available');
    expect(JSON.parse(readFileSync(join(dir, '.overseer', 'summary.json'), 'utf8'))).toMatchObject({ verdict: 'fail', counts: { DONE: 3, NEEDS_HUMAN: 1 } });
  }, 60_000);

  it("a run whose budget is spent fails its status and says so on the checks it did not start: a re-run alone would start nothing", async () => {
    const toml = `[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "y"\n`;
    const run = await runAction({ workspace: workspace(toml), inputs: inputs({ 'budget-usd': '0' }), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(gh.statuses.at(-1)).toMatchObject({ state: 'failure', description: "Stopped: the run's budget ($0.00) is spent" });
    const checks = gh.checkRuns.filter((c) => c.status === 'completed');
    expect(checks).toHaveLength(2);
    for (const c of checks) {
      expect(c.conclusion).toBe('action_required');
      expect(c.output?.title).toBe("Not run: the run's budget ($0.00) is spent");
      expect(c.output?.summary).toContain('To run it: raise --budget-usd or [fleet] budget_usd.');
      expect(c.output?.summary).not.toContain('Re-run this job');
    }
    expect(run.summary).toContain("**Tasks that could start did not:** the run's budget ($0.00) is spent.");
  }, 60_000);

  it('a fleet that cannot run here (a task whose cwd is missing) fails its status at once, saying why, and post does not ask for a re-run', async () => {
    const toml = `[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "nope"\nprompt = "x"\n`;
    const run = await runAction({ workspace: workspace(toml), inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain('::error file=tasks.toml,line=5,col=7::cwd "nope" does not exist');
    const states = gh.statuses.filter((st) => st.context === 'overseer/verifier').map((st) => [st.state, st.description]);
    expect(states).toEqual([['failure', expect.stringMatching(/^Not run: tasks\.toml:5:7: cwd "nope" does not exist/)]]);
    expect(run.post.stdout).not.toContain('Did not finish');
  }, 60_000);

  it('a state-dir the run cannot create (a file is in the way) fails the status with the reason, not "did not finish, re-run"', async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs({ 'state-dir': 'tasks.toml' }), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(`::error::cannot create the state directory ${join(dir, 'tasks.toml')}`);
    expect(run.main.stdout).not.toContain('internal error');
    const states = gh.statuses.filter((st) => st.context === 'overseer/verifier').map((st) => [st.state, st.description]);
    expect(states).toEqual([['failure', expect.stringMatching(/^Not run: cannot create the state directory /)]]);
    expect(run.post.stdout).not.toContain('did not finish');
    expect(run.post.code).toBe(0);
  }, 60_000);

  it('two named fleets on one PR keep a sticky comment each: the one that passes does not hide the one that failed', async () => {
    const failing = `[fleet]\nagent = "demo"\n[[task]]\nname = "t"\ncwd = "."\nprompt = "x"\nmax_retries = 0\n[[task.verify]]\nrun = "false"\n`;
    const passing = `[fleet]\nagent = "demo"\n[[task]]\nname = "t"\ncwd = "."\nprompt = "x"\n`;
    expect((await runAction({ workspace: workspace(failing), inputs: inputs({ name: 'api' }), event: pr(), apiUrl: gh.url })).main.code).toBe(1);
    expect((await runAction({ workspace: workspace(passing), inputs: inputs({ name: 'web' }), event: pr(), apiUrl: gh.url })).main.code).toBe(0);
    expect(gh.comments).toHaveLength(2);
    const of = (fleet: string) => gh.comments.find((c) => c.body.includes(`Fleet **${fleet}**`))!.body;
    expect(of('api')).toContain('## ❌ overseer: 0 of 1 tasks DONE');
    expect(of('web')).toContain('## ✅ overseer: all 1 tasks DONE');
    // Each fleet's next run edits its own comment.
    expect((await runAction({ workspace: workspace(passing), inputs: inputs({ name: 'api' }), event: pr(), apiUrl: gh.url })).main.code).toBe(0);
    expect(gh.comments).toHaveLength(2);
    expect(of('api')).toContain('## ✅ overseer: all 1 tasks DONE');
  }, 90_000);

  it('a second run (resumed, or a re-run that lost the ledger) edits its checks and comment, never duplicates them', async () => {
    const dir = workspace();
    const first = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(first.main.code).toBe(1);
    const created = () => gh.calls.filter((c) => c.method === 'POST' && /check-runs$|comments$/.test(c.path)).length;
    expect(created()).toBe(5); // 4 checks + 1 comment

    // Same state dir: receipts in the ledger; DONE tasks are not run again.
    const again = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(again.main.code).toBe(1);
    // Like a second `run` step of one job: the ledger on disk is continued, never overwritten by a restore.
    expect(again.main.stdout).toContain('a ledger is on disk already in');
    expect(again.main.stdout).not.toContain('Actions cache is not available here: the ledger starts');
    expect(created()).toBe(5);
    // The action logs each event line: `good` is never dispatched again.
    expect(first.main.stdout).toContain('"task_id":"good","from":"READY","to":"ASSIGNED"');
    expect(again.main.stdout).not.toContain('"task_id":"good","from":"READY","to":"ASSIGNED"');

    // A maintainer deletes the sticky comment: the next run's edit of it is a 404, and it is made again.
    gh.comments.length = 0;
    const third = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(third.main.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
    expect(created()).toBe(6);
    gh.comments.length = 0;
    expect((await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url })).main.code).toBe(1);
    expect(gh.comments).toHaveLength(1);

    // A fresh state dir (the ledger lost): found by external_id and by the comment marker instead.
    const before = created();
    const patches = () => gh.calls.filter((c) => c.method === 'PATCH' && /issues\/comments\/\d+$/.test(c.path)).length;
    const patched = patches();
    const other = workspace();
    const lost = await runAction({ workspace: other, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(lost.main.code).toBe(1);
    expect(created()).toBe(before);
    expect(gh.checkRuns).toHaveLength(4);
    expect(gh.comments).toHaveLength(1);
    expect(patches()).toBe(patched + 1);
  }, 90_000);

  it('5xx and a rate limit with retry-after are retried; the results are the same', async () => {
    gh.faults = [failFirst(2, 502), failFirst(1, 429, { 'retry-after': '0' })];
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(gh.calls.filter((c) => c.status >= 500 || c.status === 429)).toHaveLength(3);
    expect(gh.checkRuns).toHaveLength(4);
    expect(gh.checkRuns.find((c) => c.name === 'overseer / good')!.conclusion).toBe('success');
    expect(gh.statuses.at(-1)!.state).toBe('failure');
    expect(gh.comments).toHaveLength(1);
  }, 60_000);

  it('a dropped connection is retried; a check run or comment whose answer was lost is found, not created twice', async () => {
    // The first request loses its connection before GitHub acts; the first two POSTs after it acted.
    gh.faults = [dropFirst(1, 'before'), dropFirst(2, 'after', (c) => c.method === 'POST')];
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', done: '3', 'needs-human': '1' });
    expect(gh.calls.filter((c) => c.dropped).map((c) => `${c.method} ${c.dropped}`)).toEqual(['GET before', 'POST after', 'POST after']);
    expect(run.main.stdout).not.toContain('::warning::GitHub');
    expect(gh.checkRuns.map((c) => c.external_id?.replace(/^overseer:4242:[0-9a-f]{12}:/, '')).sort()).toEqual(['bad', 'envdump', 'good', 'later']);
    expect(gh.checkRuns.every((c) => c.status === 'completed')).toBe(true);
    expect(gh.comments).toHaveLength(1);
  }, 60_000);

  it('403 on every kind of write turns each off with one warning naming its permission; the run, summary and outputs are unchanged', async () => {
    gh.faults = [() => ({ status: 403, body: { message: 'Resource not accessible by integration' } })];
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', done: '3', 'needs-human': '1' });
    const refused = run.main.stdout.split('\n').filter((l) => l.startsWith('::warning::GitHub refused'));
    expect(refused.map((l) => /add `([^`]*)` to the job's `permissions:`/.exec(l)?.[1]).sort()).toEqual(['checks: write', 'pull-requests: write', 'statuses: write']);
    expect(gh.calls).toHaveLength(3); // one per kind: nothing more is tried once refused
    expect(run.summary).toContain('3 of 4 tasks DONE');
  }, 60_000);

  it('plain inputs are not secrets: a task may be named after one and its output mention them; a URL password is', async () => {
    // The runner sets every defaulted input (INPUT_ARTIFACT-NAME=overseer, INPUT_TASKS=tasks.toml...).
    const dir = workspace(`[fleet]
agent = "demo"

[[task]]
name = "overseer-docs"
cwd = "."
prompt = "x"
max_retries = 0
[[task.verify]]
run = 'echo "overseer: tasks.toml in .overseer is not-done"; exit 1'
`);
    const gateway = 'http://pushuser:planted-gw-password-77@127.0.0.1:9/';
    const run = await runAction({ workspace: dir, inputs: inputs({ 'pushgateway-url': gateway }), event: pr(), apiUrl: gh.url });
    expect(run.main.code, run.main.stdout).toBe(1);
    expect(run.main.stdout).not.toContain('contains the value of a secret');
    const check = gh.checkRuns.find((c) => c.name === 'overseer / overseer-docs');
    expect(check?.output?.summary).toContain('overseer: tasks.toml in .overseer is not-done');
    // The failed pushes warn with the gateway's address, never its password.
    expect(run.main.stdout).toContain('metrics push failed');
    expect(everything(gh, dir, run)).not.toContain('planted-gw-password-77');
  }, 30_000);

  it('a comment that only copies the marker is not the sticky comment: a PR author cannot take it over', async () => {
    gh.comments.push({ id: 1, issue: 7, body: '<!-- overseer:sticky -->\n## ✅ overseer: all tasks DONE', user: { login: 'mallory', type: 'User' }, author_association: 'CONTRIBUTOR' });
    const run = await runAction({ workspace: workspace(), inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(gh.comments.find((c) => c.id === 1)!.body).toBe('<!-- overseer:sticky -->\n## ✅ overseer: all tasks DONE');
    const ours = gh.comments.filter((c) => c.user?.type === 'Bot');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toMatch(/overseer: 3 of 4 tasks DONE/);
  }, 30_000);

  it('an agent cannot approve a task through the inbox: the action takes no control requests', async () => {
    const request = JSON.stringify({ request: 'approve', task_id: 'broken', by: 'maintainer' });
    const forge = `sleep 1; mkdir -p .overseer/inbox; printf '%s' '${request}' > .overseer/inbox/1-1-forged.json; sleep 1`;
    const dir = workspace(`[fleet]
agent = "demo"

[roles.forger]
agent = "command"
command = ["sh", "-c", ${JSON.stringify(forge)}]

[[task]]
name = "broken"
cwd = "."
prompt = "x"
max_retries = 0
[[task.verify]]
run = "exit 1"

[[task]]
name = "forger"
cwd = "."
role = "forger"
prompt = "approve broken"
`);
    const run = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'needs-human': '1' });
    expect(run.main.stdout).toContain('control request(s) in');
    expect(run.main.stdout).toContain('were ignored');
    expect(gh.statuses.at(-1)).toMatchObject({ state: 'failure' });
  }, 30_000);

  it('a fork PR (pull_request_target, whose token may write) runs no agent; every check is neutral with the reason; the status stays pending', async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs(), event: { ...pr('mallory/fleet'), name: 'pull_request_target' }, apiUrl: gh.url });
    expect(existsSync(join(dir, 'agent-env.txt'))).toBe(false);
    expect(gh.checkRuns).toHaveLength(4);
    expect(gh.checkRuns.every((c) => c.conclusion === 'neutral' && c.output?.title === 'Not run on a fork')).toBe(true);
    expect(gh.statuses.at(-1)!.state).toBe('pending');
    expect(run.outputs.verdict).toBe('fail');
    expect(run.main.stdout).toContain('comes from a fork');
    // Not run is not failed: the step stays green, and its summary says why nothing ran.
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).not.toContain('::error::');
    expect(run.summary).toMatch(/^> This pull request comes from a fork/);
    // Nothing ran, so no ledger is made (not even for the receipts): a re-run reads the manifest again.
    expect(existsSync(join(dir, '.overseer', 'coord.db'))).toBe(false);
  }, 60_000);

  it("a fork's pull_request, whose token GitHub makes read-only, writes nothing to GitHub and asks for no permission", async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs(), event: pr('mallory/fleet'), apiUrl: gh.url });
    expect(existsSync(join(dir, 'agent-env.txt'))).toBe(false);
    expect(gh.calls).toHaveLength(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.main.stdout).toContain('::notice::a pull request from a fork gets a read-only token');
    expect(run.main.stdout + run.post.stdout).not.toContain('permissions');
  }, 60_000);
});

describe('the ledger in the Actions cache', () => {
  let cache: FakeCache;
  beforeEach(async () => {
    cache = await fakeActionsCache();
  });
  afterEach(() => cache.close());

  it('a ledger another workflow run left on disk (a kept workspace) is moved aside: its DONE tasks do not pass a new commit', async () => {
    const toml = `[fleet]\nagent = "demo"\n\n[[task]]\nname = "good"\ncwd = "."\nprompt = "@write out.txt done"\n[[task.verify]]\nrun = "grep -q done out.txt"\n`;
    const dir = workspace(toml);
    const first = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url });
    expect(first.outputs.verdict).toBe('pass');
    rmSync(join(dir, 'out.txt'));
    // While a live process holds that ledger (another runner sharing the directory), it is not
    // moved from under it: the run stops at the lock, as it always has.
    const lock = join(dir, '.overseer', 'coord.db.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: thisHost(), started_at: new Date().toISOString(), proc_start: processStartTime(process.pid), role: 'supervisor' }));
    const busy = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url, env: { GITHUB_RUN_ID: '5000', GITHUB_SHA: 'b'.repeat(40) } });
    expect(busy.main.code).not.toBe(0);
    expect(busy.main.stdout).not.toContain('held the ledger');
    expect(busy.main.stdout).toContain(`ledger is in use by pid ${process.pid}`);
    rmSync(lock);
    // The next workflow run, on another commit, in the same workspace.
    const next = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url, env: { GITHUB_RUN_ID: '5000', GITHUB_SHA: 'b'.repeat(40) } });
    expect(next.main.stdout).toMatch(/held the ledger of workflow run 4242, not this one \(5000\): moved to .*\.overseer\.run-4242-\d+; this run starts its own/);
    expect(next.outputs.verdict).toBe('pass');
    expect(existsSync(join(dir, 'out.txt'))).toBe(true); // its agent ran again, for this commit
    // A second step of that same workflow run continues its ledger.
    const same = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url, env: { GITHUB_RUN_ID: '5000', GITHUB_SHA: 'b'.repeat(40) } });
    expect(same.main.stdout).not.toContain('held the ledger');
    expect(same.main.stdout).toContain('a ledger is on disk already in');
  }, 60_000);

  it('without a token (a secret Dependabot may not read) the verdict stands, the log says how to gate, and post still saves the ledger', async () => {
    const toml = `[fleet]\nagent = "demo"\n\n[[task]]\nname = "bad"\ncwd = "."\nprompt = "x"\nmax_retries = 0\n[[task.verify]]\nrun = "exit 1"\n`;
    const run = await runAction({ workspace: workspace(toml), inputs: inputs({ 'github-token': '' }), event: pr(), apiUrl: gh.url, env: { ACTIONS_CACHE_URL: cache.url, ACTIONS_RUNTIME_TOKEN: 'planted-runtime-token-4711' } });
    expect(run.main.code).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'needs-human': '1' });
    expect(gh.calls).toHaveLength(0);
    expect(run.main.stdout).toContain(
      '::warning::github-token is empty (a secret this run may not read is empty, as on Dependabot\'s pull requests): check runs, the commit status and the PR comment are off',
    );
    expect(run.main.stdout).toContain('To gate, leave github-token unset (its default is ${{ github.token }}) and give the job `permissions: { contents: read, checks: write, statuses: write, pull-requests: write }`');
    expect(run.post.code).toBe(0);
    expect(cache.entries.filter((e) => e.committed).map((e) => e.key)).toEqual([expect.stringMatching(/^overseer-coord-octo-fleet-4242-[0-9a-f]{12}-1-agents-\d+$/)]);
  }, 60_000);

  it('a re-run on a fresh runner restores it through the cache service: DONE tasks are not run again', async () => {
    const toml = `[fleet]
agent = "demo"

[[task]]
name = "good"
cwd = "."
prompt = "@write out.txt done"
[[task.verify]]
run = "grep -q done out.txt"

[[task]]
name = "bad"
cwd = "."
prompt = "x"
max_retries = 0
[[task.verify]]
run = "exit 1"
`;
    const service = { ACTIONS_CACHE_URL: cache.url, ACTIONS_RUNTIME_TOKEN: 'planted-runtime-token-4711' };
    const first = await runAction({ workspace: workspace(toml), inputs: inputs(), event: pr(), apiUrl: gh.url, env: service });
    expect(first.outputs).toMatchObject({ done: '1', 'needs-human': '1' });
    expect(first.main.stdout).toContain('no cached ledger for this workflow run');
    expect(cache.entries.filter((e) => e.committed).map((e) => e.key)).toEqual([expect.stringMatching(/^overseer-coord-octo-fleet-4242-[0-9a-f]{12}-1-agents-\d+$/)]);

    // The re-run of the job, on a new machine: an empty workspace, the same workflow run, attempt 2.
    const dir = workspace(toml);
    const again = await runAction({ workspace: dir, inputs: inputs(), event: pr(), apiUrl: gh.url, env: { ...service, GITHUB_RUN_ATTEMPT: '2' } });
    expect(again.main.stdout).toMatch(/ledger restored from the cache \(overseer-coord-octo-fleet-4242-[0-9a-f]{12}-1-agents-\d+\)/);
    expect(again.outputs).toMatchObject({ done: '1', 'needs-human': '1' });
    const ledger = await Ledger.open({ stateDir: join(dir, '.overseer'), mode: 'read' });
    try {
      expect(ledger.attempts().map((a) => a.taskId).sort()).toEqual(['bad', 'good']); // nothing ran again
    } finally {
      ledger.close();
    }
    // The re-run did not write out.txt: good's agent never ran here.
    expect(existsSync(join(dir, 'out.txt'))).toBe(false);
    // Every save was under the version every restore asked with (the path list is hashed into it).
    const versions = new Set([...cache.lookups.map((l) => l.version), ...cache.entries.map((e) => e.version)]);
    expect(versions.size).toBe(1);
    expect(cache.entries.filter((e) => e.committed)).toHaveLength(2);
    expect(everything(gh, dir, again)).not.toContain('planted-runtime-token-4711');
  }, 60_000);
});

describe('the action on a push', () => {
  it('gates GITHUB_SHA with checks and a status, and writes no comment; dry-run renders the plan only', async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs({ 'fail-on': 'never' }), event: { name: 'push', payload: { ref: 'refs/heads/main' } }, apiUrl: gh.url });
    expect(run.main.code).toBe(0); // fail-on never
    expect(gh.checkRuns).toHaveLength(4);
    expect(gh.checkRuns.every((c) => c.head_sha === 'a'.repeat(40))).toBe(true);
    expect(gh.statuses.at(-1)).toMatchObject({ context: 'overseer/verifier' });
    expect(gh.comments).toHaveLength(0);
    expect(gh.calls.some((c) => c.path.includes('/issues/'))).toBe(false);

    const plan = workspace();
    const dry = await runAction({ workspace: plan, inputs: inputs({ mode: 'dry-run' }), event: { name: 'push', payload: {} }, apiUrl: gh.url });
    expect(dry.main.code).toBe(0);
    expect(dry.summary).toMatch(/^## 🧪 overseer dry run: 4 tasks in 2 waves/);
    expect(existsSync(join(plan, '.overseer'))).toBe(false);
    expect(existsSync(join(plan, 'agent-env.txt'))).toBe(false);

    // Outside a runner (no GITHUB_STEP_SUMMARY), as docs/action.md runs it locally: no summary, a warning, exit 0.
    const local = await runAction({ workspace: plan, inputs: inputs({ mode: 'dry-run' }), event: { name: 'push', payload: {} }, apiUrl: gh.url, env: { GITHUB_STEP_SUMMARY: undefined } });
    expect(local.main.code, local.main.stdout).toBe(0);
    expect(local.main.stdout).toContain('::warning::no GITHUB_STEP_SUMMARY (not on a GitHub runner): the job summary is not written; `overseer plan tasks.toml` shows the same plan');
    // A dry run writes no ledger or events: it names none as an output.
    expect(local.outputs['ledger-path']).toBeUndefined();
    expect(local.outputs['events-path']).toBeUndefined();
  }, 60_000);

  it("a workflow_run gates the head its triggering run built when the workspace holds it, else what was checked out, saying so", async () => {
    const toml = `[fleet]\nagent = "demo"\n\n[[task]]\nname = "t"\ncwd = "."\nprompt = "x"\n`;
    // The PR's head checked out into a subdirectory (actions/checkout with `path: pr`), the manifest in it.
    const dir = workspace(toml);
    const pr = join(dir, 'pr');
    mkdirSync(pr);
    writeFileSync(join(pr, 'tasks.toml'), toml);
    const git = (...args: string[]) => execFileSync('git', ['-C', pr, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', 'tasks.toml');
    git('commit', '-qm', 'fleet');
    const head = git('rev-parse', 'HEAD');
    const event = (sha: string) => ({ name: 'workflow_run', payload: { workflow_run: { head_sha: sha, head_repository: { full_name: 'octo/fleet' }, pull_requests: [{ number: 12 }] } } });

    const held = await runAction({ workspace: dir, inputs: inputs({ cache: 'false', tasks: 'pr/tasks.toml' }), event: event(head), apiUrl: gh.url, env: { GITHUB_EVENT_NAME: 'workflow_run' } });
    expect(held.main.code, held.main.stdout).toBe(0);
    expect([...new Set(gh.statuses.map((s) => s.sha))]).toEqual([head]);
    expect(gh.comments.map((c) => c.issue)).toEqual([12]);

    // The default checkout of a workflow_run: the default branch, not the head it names.
    const other = workspace(toml);
    const unheld = await runAction({ workspace: other, inputs: inputs({ cache: 'false' }), event: event('d'.repeat(40)), apiUrl: gh.url, env: { GITHUB_EVENT_NAME: 'workflow_run' } });
    expect(unheld.main.code, unheld.main.stdout).toBe(0);
    expect(unheld.main.stdout).toContain("::warning::this workflow_run's checkout (where tasks.toml is) does not hold the commit its triggering run built");
    expect([...new Set(gh.statuses.map((s) => s.sha))]).toEqual([head, 'a'.repeat(40)]);
    expect(gh.checkRuns.every((c) => c.head_sha !== 'd'.repeat(40))).toBe(true);
  }, 60_000);

  it("a pull_request_target gates the PR's head only when the workspace holds it: its default checkout is the base branch", async () => {
    const toml = `[fleet]\nagent = "demo"\n\n[[task]]\nname = "t"\ncwd = "."\nprompt = "x"\n`;
    const event = (head: string) => ({ name: 'pull_request_target', payload: { pull_request: { number: 9, head: { sha: head, repo: { full_name: 'octo/fleet' } }, base: { repo: { full_name: 'octo/fleet' } } } } });
    // The default checkout: the base branch (GITHUB_SHA), not the PR's head. The fleet verified the base.
    const base = await runAction({ workspace: workspace(toml), inputs: inputs({ cache: 'false' }), event: event(HEAD), apiUrl: gh.url });
    expect(base.main.code, base.main.stdout).toBe(0);
    expect(base.main.stdout).toContain(`::warning::this pull_request_target's checkout (where tasks.toml is) does not hold the pull request's head (${HEAD.slice(0, 12)})`);
    expect(base.main.stdout).toContain('check out ${{ github.event.pull_request.head.sha }}');
    expect([...new Set([...gh.statuses, ...gh.checkRuns].map((x) => ('sha' in x ? x.sha : x.head_sha)))]).toEqual(['a'.repeat(40)]);
    expect(gh.comments).toHaveLength(0);

    // Checked out at the PR's head (\`ref: \${{ github.event.pull_request.head.sha }}\`): the PR is gated.
    const dir = workspace(toml);
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', 'tasks.toml');
    git('commit', '-qm', 'fleet');
    const head = git('rev-parse', 'HEAD');
    const held = await runAction({ workspace: dir, inputs: inputs({ cache: 'false' }), event: event(head), apiUrl: gh.url });
    expect(held.main.code, held.main.stdout).toBe(0);
    expect(held.main.stdout).not.toContain('does not hold');
    expect(gh.statuses.at(-1)).toMatchObject({ sha: head, state: 'success' });
    expect(gh.comments.map((c) => c.issue)).toEqual([9]);
  }, 60_000);

  it('an invalid manifest fails the step with file:line:col annotations and writes nothing', async () => {
    const dir = workspace('[[task]]\nname = "a"\ncwd = "."\nprompt = ""\n');
    const run = await runAction({ workspace: dir, inputs: inputs(), event: { name: 'push', payload: {} }, apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/::error file=tasks\.toml,line=4,col=\d+::/);
    expect(gh.calls).toHaveLength(0);
    expect(existsSync(join(dir, '.overseer', 'coord.db'))).toBe(false);
  });

  it('a metrics-prefix input that is not a Prometheus name fails the step before anything runs', async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: inputs({ 'metrics-prefix': 'my-fleet' }), event: { name: 'push', payload: {} }, apiUrl: gh.url });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain('input metrics-prefix: "my-fleet" is not a Prometheus name prefix');
    expect(gh.calls).toHaveLength(0);
    expect(existsSync(join(dir, '.overseer', 'coord.db'))).toBe(false);
  });
});

describe('more than one fleet in a workflow run', () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await fakeGitHub();
  });
  afterEach(async () => {
    await gh.close();
  });

  const oneTask = (verify: string) => `[fleet]\nagent = "demo"\n\n[[task]]\nname = "tests"\ncwd = "."\nprompt = "x"\nmax_retries = 0\n[[task.verify]]\nrun = "${verify}"\n`;
  const fleetIn = (dir: string, file: string, toml: string) => {
    writeFileSync(join(dir, file), toml);
    return dir;
  };

  it('two jobs with their own manifests, unnamed: a fleet that passes after one that failed does not turn the status green, and neither edits the other\'s check', async () => {
    const dir = workspace();
    fleetIn(dir, 'frontend.toml', oneTask('false'));
    fleetIn(dir, 'backend.toml', oneTask('true'));
    const frontend = await runAction({ workspace: dir, inputs: inputs({ tasks: 'frontend.toml', 'state-dir': '.overseer-frontend', 'fail-on': 'never' }), event: pr(), apiUrl: gh.url, env: { GITHUB_JOB: 'frontend' } });
    const backend = await runAction({ workspace: dir, inputs: inputs({ tasks: 'backend.toml', 'state-dir': '.overseer-backend' }), event: pr(), apiUrl: gh.url, env: { GITHUB_JOB: 'backend' } });
    expect(frontend.outputs.verdict).toBe('fail');
    expect(backend.outputs.verdict).toBe('pass');
    // The context is one and the last writer wins: the second fleet must not write success over the first's failure.
    const last = gh.statuses.filter((s) => s.sha === HEAD && s.context === 'overseer/verifier').at(-1)!;
    expect(last.state).toBe('failure');
    expect(last.description).toContain('Another overseer fleet on this context is failure');
    // Two check runs, one per fleet, each completed as its own fleet left it.
    expect(gh.checkRuns.map((c) => c.conclusion).sort()).toEqual(['failure', 'success']);
  }, 60_000);

  it('a named fleet (a matrix leg) has its own status context, check names and artifact; a bad name or artifact name fails the step before anything runs', async () => {
    const dir = fleetIn(workspace(), 'tasks.toml', oneTask('true'));
    const run = await runAction({ workspace: dir, inputs: inputs({ name: 'shard-a' }), event: pr(), apiUrl: gh.url });
    expect(run.main.code, run.main.stdout).toBe(0);
    // Pending while it runs, then its verdict.
    expect(gh.statuses.map((s) => [s.context, s.state, s.description])).toEqual([
      ['overseer/verifier (shard-a)', 'pending', 'Running 1 task'],
      ['overseer/verifier (shard-a)', 'success', 'All 1 tasks verified'],
    ]);
    expect(gh.checkRuns.map((c) => c.name)).toEqual(['overseer (shard-a) / tests']);

    for (const [input, value, message] of [
      ['name', 'shard a/b', 'input name: "shard a/b" is not a fleet name'],
      ['artifact-name', 'fleet/run:1', 'input artifact-name: "fleet/run:1" holds ":", which the artifact service refuses'],
    ] as const) {
      const calls = gh.calls.length;
      const bad = fleetIn(workspace(), 'tasks.toml', oneTask('true'));
      const r = await runAction({ workspace: bad, inputs: inputs({ [input]: value }), event: pr(), apiUrl: gh.url });
      expect(r.main.code).toBe(1);
      expect(r.main.stdout).toContain(message);
      expect(gh.calls.length).toBe(calls);
      expect(existsSync(join(bad, '.overseer', 'coord.db'))).toBe(false);
    }
  }, 60_000);
});
