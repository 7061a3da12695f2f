// `overseer run` end to end: the built CLI supervising real child processes (the demo agent and
// fake `claude`/`codex` executables on PATH that print the real output formats).

import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/ledger.js';
import { cli, cliAsync, CLI, STACK_FRAME } from '../helpers/cli.js';
import { chat, json, serve } from '../helpers/http.js';
import { events, expectContiguous, tempDir } from '../helpers/ledger.js';

const BIN = join(import.meta.dirname, '..', 'helpers', 'bin');
const FAST = { OVERSEER_KILL_GRACE_MS: '300', OVERSEER_BACKOFF_BASE_MS: '50', PATH: `${BIN}:${process.env.PATH}` };

function fleet(toml: string): { dir: string; state: string; file: string } {
  const dir = tempDir('overseer-run-');
  writeFileSync(join(dir, 'tasks.toml'), toml);
  return { dir, state: join(dir, '.overseer'), file: join(dir, 'tasks.toml') };
}

function run(f: { state: string; file: string }, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return cli(['--state-dir', f.state, 'run', f.file, ...extra], { env: { ...FAST, ...env } });
}

async function ledger(state: string) {
  const l = await Ledger.open({ stateDir: state, mode: 'read' });
  try {
    return { tasks: l.tasks(), attempts: l.attempts(), verifications: l.verifications(), transitions: l.transitions() };
  } finally {
    l.close();
  }
}

/** The live children of a process. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Whether a process runs the spawn helper (dist/spawner.js). */
function isHelper(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('spawner.js');
  } catch {
    return false;
  }
}

/** The spawn helper a supervisor forked. */
function helperOf(supervisor: number): number | undefined {
  return childrenOf(supervisor).find(isHelper);
}

/** A process's /proc state letter, or `gone`. A zombie (Z) waiting for a reaper is not running either (this sandbox's init may not reap). */
function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.charAt(0);
  } catch {
    return 'gone';
  }
}

const task = (name: string, prompt: string, extra = '') => `[[task]]\nname = "${name}"\ncwd = "."\nprompt = """\n${prompt}\n"""\n${extra}\n`;

describe('the demo fleet', () => {
  it('runs to DONE, retrying the docs task with the verifier feedback in its prompt', async () => {
    const dir = tempDir('overseer-demo-run-');
    const r = cli(['demo', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('6 DONE');
    expect(r.stdout).toMatch(/docs {2}VERIFYING -> RETRYING {2}\(verify-fail\)/);
    const state = join(dir, '.overseer');
    const l = await ledger(state);
    expect(l.tasks.every((t) => t.state === 'DONE')).toBe(true);
    const docs = l.attempts.filter((a) => a.taskId === 'docs');
    expect(docs.map((a) => a.kind)).toEqual(['fresh', 'retry']);
    // The demo agent echoes the prompt it received: the retry carried the failing verifier.
    const retryLog = readFileSync(docs[1]!.logPath!, 'utf8');
    expect(retryLog).toContain('Previous attempt failed verification');
    expect(retryLog).toContain("grep -q 'GET /users' docs.md");
    // Dependencies were enforced: release-notes started after each of its dependencies was DONE.
    const doneAt = (n: string) => l.transitions.find((t) => t.taskId === n && t.to === 'DONE')!.id;
    const startedAt = l.transitions.find((t) => t.taskId === 'release-notes' && t.to === 'ASSIGNED')!.id;
    for (const dep of ['docs', 'tests', 'lint']) expect(doneAt(dep)).toBeLessThan(startedAt);
    const lines = events(state);
    expectContiguous(lines.map((e) => e.seq));
    expect(lines.filter((e) => e.type === 'task.transition')).toHaveLength(l.transitions.length);
  });
});

describe('dry run', () => {
  it('prints the plan and the exact agent commands with secrets redacted; starts nothing, writes nothing', () => {
    const f = fleet(`[fleet]\nagent = "codex"\n${task('a', 'FAKE:record=ran.jsonl\nuse token sk-planted-123456')}${task('b', 'x', 'depends_on = ["a"]')}`);
    const r = run(f, ['--dry-run'], { SERVICE_TOKEN: 'sk-planted-123456' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('wave 1: a');
    expect(r.stdout).toContain('wave 2: b');
    expect(r.stdout).toContain('codex exec --json --sandbox workspace-write --skip-git-repo-check -   # prompt on stdin');
    expect(r.stdout).not.toContain('sk-planted-123456');
    expect(existsSync(f.state)).toBe(false);
    expect(existsSync(join(f.dir, 'ran.jsonl'))).toBe(false);
    // --json: its one event, a v1 run.started in dry-run mode with the plan (checked against the schema by cli()).
    const json = run(f, ['--dry-run', '--json'], { SERVICE_TOKEN: 'sk-planted-123456' });
    expect(json.code, json.stderr).toBe(0);
    const lines = json.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!) as { type: string; mode: string; seq: number; task_count: number; plan: { waves: string[][]; critical_path: string[]; commands: Array<{ task: string; argv: string[] }> } };
    expect(event).toMatchObject({ type: 'run.started', mode: 'dry-run', seq: 1, task_count: 2 });
    expect(event.plan.waves).toEqual([['a'], ['b']]);
    expect(event.plan.critical_path).toEqual(['a', 'b']);
    expect(event.plan.commands[0]!.argv.slice(0, 3)).toEqual(['codex', 'exec', '--json']);
    expect(json.stdout).not.toContain('sk-planted-123456');
    expect(existsSync(f.state)).toBe(false);
  });
});

describe('a state directory moved elsewhere (a downloaded artifact)', () => {
  it('`logs` reads the attempt logs where the state directory is now', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', '@write out.txt moved')}`);
    expect(run(f).code).toBe(0);
    const moved = join(tempDir('overseer-moved-'), 'state');
    cpSync(f.state, moved, { recursive: true });
    rmSync(f.state, { recursive: true });
    const r = cli(['--state-dir', moved, 'logs', 'a']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('wrote out.txt');
  });
});

describe('events while a writer is mid-line', () => {
  it('a half-written last line is not printed; a cut torn line is not followed by the whole file again', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x')}`);
    expect(run(f).code).toBe(0);
    const path = join(f.state, 'events.ndjson');
    const whole = readFileSync(path, 'utf8');
    const count = whole.trim().split('\n').length;
    appendFileSync(path, '{"v":1,"seq":999,"type":"task.tra');
    const once = cli(['--state-dir', f.state, 'events', '--json']);
    expect(once.code).toBe(0);
    expect(once.stdout.trim().split('\n')).toHaveLength(count);

    const follower = spawn(process.execPath, [CLI, '--state-dir', f.state, 'events', '--follow', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const lines = () => out.trim().split('\n').filter(Boolean);
    for (let i = 0; i < 100 && lines().length < count; i++) await new Promise((r) => setTimeout(r, 50));
    // The next writer cuts the torn line, then appends a real event.
    truncateSync(path, whole.length);
    await new Promise((r) => setTimeout(r, 700));
    const next = `${JSON.stringify({ ...JSON.parse(whole.trim().split('\n').at(-1)!), seq: count + 1 })}\n`;
    appendFileSync(path, next);
    for (let i = 0; i < 100 && lines().length < count + 1; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600));
    follower.kill('SIGINT');
    expect(lines().map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(Array.from({ length: count + 1 }, (_, i) => i + 1));
  });
});

describe('the demo agent as a reviewer', () => {
  it('changes nothing, and passes the work only when the files the task names hold their text', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('good', '@write out/good.txt all done')}[[task.verify]]\nagent = "is the work done?"\n${task('bad', '@append out/bad.txt first', 'max_retries = 0')}[[task.verify]]\nrun = "rm out/bad.txt"\n[[task.verify]]\nagent = "is the work done?"\n`);
    const r = run(f);
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['good:DONE', 'bad:NEEDS_HUMAN']);
    const verdicts = l.verifications.map((v) => `${v.taskId}:${v.kind}:${v.verdict}`);
    expect(verdicts.sort()).toEqual(['bad:agent:FAIL', 'bad:run:PASS', 'good:agent:PASS']);
    expect(l.verifications.find((v) => v.taskId === 'bad' && v.kind === 'agent')!.output).toContain('out/bad.txt is missing');
    // The reviewer wrote nothing: the file holds the worker's one line.
    expect(readFileSync(join(f.dir, 'out', 'good.txt'), 'utf8')).toBe('all done\n');
  });
});

describe('claude', () => {
  it('records cost and session; the agent gets its own API key, never GitHub or Actions credentials', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n[brain]\napi_key_env = "LLM_KEY"\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:cost=0.25')}`);
    // GitHub's and the runner's credentials, and the brain key under the name the manifest gives it.
    const planted = {
      GITHUB_TOKEN: 'ghp_planted_token_1',
      ACTIONS_RUNTIME_TOKEN: 'planted_runtime_2',
      INPUT_GITHUB_TOKEN: 'planted_input_3',
      GH_TOKEN: 'planted_gh_4',
      GH_PAT: 'ghp_planted_pat_8',
      LLM_KEY: 'planted-brain-key-7',
      // The default brain key name is withheld too, whatever name the manifest gives its own.
      OVERSEER_BRAIN_API_KEY: 'planted-default-brain-9',
    };
    const own = { ANTHROPIC_API_KEY: 'sk-ant-planted-own-5', CLAUDE_CODE_OAUTH_TOKEN: 'oauth-planted-own-6', CI: 'true' };
    // The token copied under a name the deny list does not know, whole, inside a URL, or base64 in
    // the header git sends (what actions/checkout configures, here through git's environment).
    const basic = Buffer.from(`x-access-token:${planted.GITHUB_TOKEN}`).toString('base64');
    const copies = {
      DEPLOY_WITH: planted.GITHUB_TOKEN,
      GIT_REMOTE: `https://x-access-token:${planted.GITHUB_TOKEN}@github.com/o/r`,
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    };
    const r = run(f, [], { ...planted, ...own, ...copies });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const call = JSON.parse(readFileSync(join(f.dir, 'calls.jsonl'), 'utf8').trim()) as { argv: string[]; env: Record<string, string> };
    expect(call.argv.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
    for (const [name, value] of Object.entries(planted)) {
      expect(call.env[name]).toBeUndefined();
      expect(JSON.stringify(call.env)).not.toContain(value);
    }
    for (const name of Object.keys(copies)) expect(call.env[name]).toBeUndefined();
    expect(call.env).toMatchObject(own);
    // ...and still redacted from everything overseer writes.
    expect(r.stdout + r.stderr + readFileSync(join(f.state, 'events.ndjson'), 'utf8')).not.toMatch(/planted-own/);
    const l = await ledger(f.state);
    expect(l.attempts[0]).toMatchObject({ costUsd: 0.25, exitCode: 0, failureClass: null });
    expect(l.attempts[0]!.sessionId).toMatch(/^sess-\d+$/);
    expect(l.tasks[0]).toMatchObject({ state: 'DONE', costUsd: 0.25 });
  });

  it('a reviewer is capped by its verifier\'s budget, within what the task has left', async () => {
    // Task a: $1 cap, the worker spent $0.25; its reviewer may spend $0.5 (its own cap). Task b: the
    // reviewer's cap ($5) is more than the $0.75 the task has left.
    const review = (cap: number) => `[[task.verify]]\nagent = "done?"\nbudget_usd = ${cap}\n`;
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:record=calls-a.jsonl\nFAKE:cost=0.25\nFAKE:review=PASS', 'budget_usd = 1.0')}${review(0.5)}${task('b', 'FAKE:record=calls-b.jsonl\nFAKE:cost=0.25\nFAKE:review=PASS', 'budget_usd = 1.0')}${review(5)}`);
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const cap = (file: string) => {
      const calls = readFileSync(join(f.dir, file), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[] });
      const reviewer = calls.find((c) => c.argv.includes('plan'))!;
      return Number(reviewer.argv[reviewer.argv.indexOf('--max-budget-usd') + 1]);
    };
    expect(cap('calls-a.jsonl')).toBe(0.5);
    expect(cap('calls-b.jsonl')).toBe(0.75);
  });

  it('a second result reporting a lower total_cost_usd (the process\'s running total) does not hand back what was spent', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:cost=3\nFAKE:result-again=0.01')}`);
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('spent $3.00');
  });

  it('under a run cap alone, the agent is capped by what the run has left: Claude reports its cost only at the end', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\nbudget_usd = 3.0\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:cost=1')}${task('b', 'FAKE:record=calls.jsonl\nFAKE:cost=1', 'depends_on = ["a"]')}`);
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const caps = readFileSync(join(f.dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((line) => {
      const argv = (JSON.parse(line) as { argv: string[] }).argv;
      return argv[argv.indexOf('--max-budget-usd') + 1];
    });
    expect(caps).toEqual(['3.0000', '2.0000']);
  });

  it('an agent that reports a cost past its cap as it exits needs a human (budget), as if it had been stopped first', async () => {
    const agent = `echo '{"overseer":"result","cost_usd":5}'`;
    for (const [caps, extra] of [['budget_usd = 1.0', ''], ['', 'budget_usd = 1.0\n']] as const) {
      const f = fleet(`[fleet]\n${extra}[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n${task('a', 'x', `role = "w"\n${caps}`)}[[task.verify]]\nrun = "true"\n`);
      const r = run(f);
      expect(r.code, r.stdout).toBe(1);
      const l = await ledger(f.state);
      expect(l.tasks[0]).toMatchObject({ state: 'NEEDS_HUMAN', stateCause: 'budget', costUsd: 5 });
      expect(l.verifications).toEqual([]);
    }
  });

  it('a failing agent is retried with its failure in the prompt, then escalated when retries run out', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:fail=compile error in main.rs', 'max_retries = 1')}`);
    const r = run(f);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('needs a human: retries-exhausted');
    expect(r.stdout).toContain('overseer retry <task>');
    const calls = readFileSync(join(f.dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prompt: string });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.prompt).toContain('Previous attempt failed verification');
    expect(calls[1]!.prompt).toContain('compile error in main.rs');
    const l = await ledger(f.state);
    expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
    expect(l.attempts.map((a) => a.failureClass)).toEqual(['agent-failed', 'agent-failed']);
  });

  it('529 overloaded is transient: backed off and retried without using up max_retries', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:fail-once=API Error: 529 {"type":"overloaded_error"}', 'max_retries = 0')}`);
    const r = run(f);
    expect(r.code, r.stdout).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts.map((a) => a.failureClass)).toEqual(['transient', null]);
    expect(l.transitions.map((t) => t.cause)).toContain('transient');
  });

  it('an agent program that cannot be run (not executable) goes to a human at once, not into endless retries', async () => {
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["./agent.sh"]\n${task('a', 'x', 'role = "w"')}`);
    writeFileSync(join(f.dir, 'agent.sh'), '#!/bin/sh\nexit 0\n'); // mode 644: EACCES
    const r = run(f);
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.tasks[0]).toMatchObject({ state: 'NEEDS_HUMAN', stateCause: 'config' });
    expect(l.attempts).toHaveLength(1);
    expect(r.stderr).toContain('EACCES');
  });

  it('a quota error opens the breaker: the task needs a human and nothing else starts', async () => {
    const f = fleet(
      `[fleet]\nagent = "claude"\nmax_concurrent = 1\n${task('a', 'FAKE:fail=Credit balance is too low')}${task('b', 'FAKE:record=b.jsonl', 'depends_on = []')}`,
    );
    const r = run(f);
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['a:NEEDS_HUMAN', 'b:READY']);
    expect(existsSync(join(f.dir, 'b.jsonl'))).toBe(false);
    expect(events(f.state).some((e) => e.type === 'breaker.opened' && e.failure_class === 'quota')).toBe(true);
    // A person retrying says the quota is back: the breaker closes and the task runs again (here
    // it meets the same quota, and the breaker opens again).
    expect(cli(['--state-dir', f.state, 'retry', 'a']).code).toBe(0);
    run(f);
    const again = await ledger(f.state);
    expect(again.attempts.filter((a) => a.taskId === 'a')).toHaveLength(2);
    expect(events(f.state).filter((e) => e.type === 'breaker.opened')).toHaveLength(2);
    // Cancelling the task the quota stopped (no other waits on it for the same reason) lets the
    // rest run: only a NEEDS_HUMAN task can be retried, so nothing else could reopen dispatch.
    expect(cli(['--state-dir', f.state, 'cancel', 'a']).code).toBe(0);
    expect(run(f).code).toBe(1);
    const after = await ledger(f.state);
    expect(after.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['a:CANCELLED', 'b:DONE']);
  });

  it('a service failure between two attempts does not lose the verifier feedback', async () => {
    // Attempt 1 fails verification; attempt 2 hits a 529; attempt 3 must still be told what failed.
    // The verifier fails its first run only, and then lets the fake Claude's one 529 happen (it
    // fails once, when its marker is gone).
    const verifier = 'n=$(($(cat .v 2>/dev/null || echo 0) + 1)); echo $n > .v; if [ $n = 1 ]; then rm -f .fake-failed-once; echo expected a file named fixed; exit 1; fi';
    const f = fleet(
      `[fleet]\nagent = "claude"\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:fail-once=API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'max_retries = 2')}[[task.verify]]\nrun = ${JSON.stringify(verifier)}\n`,
    );
    writeFileSync(join(f.dir, '.fake-failed-once'), '');
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts.map((a) => a.failureClass)).toEqual([null, 'transient', null]);
    const prompts = readFileSync(join(f.dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { prompt: string }).prompt);
    expect(prompts[1]).toContain('expected a file named fixed');
    expect(prompts[2]).toContain('expected a file named fixed');
    // The 529 is not the feedback: it appears only in the task's own prompt, as often as in the first attempt's.
    const count = (text: string) => text.split('API Error: 529').length - 1;
    expect(count(prompts[2]!)).toBe(count(prompts[0]!));
  });

  it('output that only mentions billing or a 500 is an ordinary failure: no breaker, the retry counts', async () => {
    // A command agent working on billing code: it says so on stdout, prints a test failure at line
    // 512 on stderr, and exits 1. That is the agent failing, not the service.
    const agent = `echo "Editing src/billing/invoice.ts"; echo "FAIL invoice.test.ts:512 expected 500" >&2; exit 1`;
    const f = fleet(`[fleet]\nmax_concurrent = 1\n[roles.worker]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n${task('a', 'fix the billing rounding', 'role = "worker"\nmax_retries = 1')}${task('b', 'other', 'role = "worker"')}`);
    const r = run(f);
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.attempts.filter((a) => a.taskId === 'a').map((a) => a.failureClass)).toEqual(['agent-failed', 'agent-failed']);
    expect(l.tasks.find((t) => t.name === 'a')).toMatchObject({ state: 'NEEDS_HUMAN', stateCause: 'retries-exhausted' });
    // b still ran: no breaker opened.
    expect(l.attempts.some((a) => a.taskId === 'b')).toBe(true);
    expect(events(f.state).some((e) => e.type === 'breaker.opened')).toBe(false);
  });

  it('a result followed by a hang is stopped after the grace and counts as success', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\nresult_grace_sec = 1\n${task('a', 'FAKE:hang-after-result')}`);
    const r = run(f);
    expect(r.code, r.stdout).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts[0]).toMatchObject({ failureClass: null, stopReason: 'result-grace' });
    expect(l.transitions.map((t) => t.cause)).toContain('result-grace');
  });

  it('an agent that ignores SIGTERM and forks a grandchild: the whole group is killed', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\nresult_grace_sec = 1\n${task('a', 'FAKE:stubborn')}`);
    const r = run(f);
    expect(r.code, r.stdout).toBe(0);
    const grandchild = Number(readFileSync(join(f.dir, '.fake-grandchild'), 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(['gone', 'Z']).toContain(processState(grandchild));
  });

  // OVERSEER_MINUTE_MS shortens every `*_min` setting so these run in about a second.
  it('an attempt past timeout_min is stopped (timeout), retried, then escalated', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('slow', '@sleep 30', 'timeout_min = 1\nmax_retries = 1')}`);
    const r = run(f, [], { OVERSEER_MINUTE_MS: '400' });
    expect(r.code, r.stdout).toBe(1);
    const l = await ledger(f.state);
    expect(l.attempts.map((a) => `${a.stopReason}/${a.failureClass}`)).toEqual(['timeout/timeout', 'timeout/timeout']);
    expect(l.transitions.filter((t) => t.to === 'RETRYING' || t.to === 'NEEDS_HUMAN').map((t) => `${t.to}:${t.cause}`)).toEqual(['RETRYING:timeout', 'NEEDS_HUMAN:retries-exhausted']);
    expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
  });

  it("a Claude attempt stopped at its timeout before it reported its cost is charged its task's cap, not $0 (its retry is not given the budget again), and never the run's remainder", async () => {
    const f = fleet(
      `[fleet]\nagent = "claude"\nbudget_usd = 20\nmax_concurrent = 1\n${task('slow', 'FAKE:sleep=30\nFAKE:record=argv.jsonl', 'timeout_min = 1\nmax_retries = 2\nbudget_usd = 2')}` +
        task('free', 'FAKE:sleep=30', 'timeout_min = 1\nmax_retries = 0') +
        task('quick', 'FAKE:cost=0.02', 'depends_on = []'),
    );
    const r = run(f, [], { OVERSEER_MINUTE_MS: '400' });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain("slow: stopped (timeout) before Claude reported its cost: charged $2.00, its task's cap, the most it could spend");
    const l = await ledger(f.state);
    const byTask = (name: string) => l.attempts.filter((a) => a.taskId === name).map((a) => [a.stopReason, a.costUsd]);
    expect(byTask('slow')).toEqual([['timeout', 2]]);
    expect(l.tasks.find((t) => t.name === 'slow')!.state).toBe('NEEDS_HUMAN');
    // A task with no budget of its own is not charged the run's $20: the fleet goes on.
    expect(byTask('free')).toEqual([['timeout', 0]]);
    expect(l.tasks.find((t) => t.name === 'quick')!.state).toBe('DONE');
    expect(readFileSync(join(f.dir, 'argv.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  }, 30_000);

  it('a Claude attempt that crashes before it reports its cost is charged what its tokens say (with a price), never its cap', async () => {
    // One assistant message of 1000 input and 200 output tokens, at $3 and $15 a million: $0.006.
    const f = fleet(
      `[fleet]\nagent = "claude"\n[pricing.m]\ninput_per_mtok = 3\noutput_per_mtok = 15\n${task('priced', 'FAKE:usage=1000/200\nFAKE:crash=3', 'model = "m"\nmax_retries = 0\nbudget_usd = 2')}` +
        task('unpriced', 'FAKE:usage=1000/200\nFAKE:crash=3', 'max_retries = 0\nbudget_usd = 2'),
    );
    const r = run(f);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain('priced: exited 3 before Claude reported its cost: charged $0.0060, estimated from its tokens');
    expect(r.stderr).not.toContain('unpriced: exited 3');
    const l = await ledger(f.state);
    const cost = (name: string) => l.tasks.find((t) => t.name === name)!.costUsd;
    expect(cost('priced')).toBeCloseTo(0.006, 9);
    expect(l.attempts.find((a) => a.taskId === 'priced')!.costUsd).toBeCloseTo(0.006, 9);
    // No price, nothing to estimate from: an agent that ended on its own is not charged its task's cap.
    expect(cost('unpriced')).toBe(0);
  });

  it("a Claude attempt stopped for the run's budget before it reported its cost is charged what its tokens say: its spend is not lost", async () => {
    // `a` reports $1.50 once `b` has printed its one assistant message (1000 in, 200 out at $3 and $15
    // a million: $0.006): the run's $1 is spent, and `b` is stopped for it.
    const waitForB = 'FAKE:bash=until grep -q msg_1 .overseer/logs/b/1.log 2>/dev/null; do sleep 0.05; done';
    const f = fleet(
      `[fleet]\nagent = "claude"\nbudget_usd = 1\nmax_concurrent = 2\n[roles.shell]\nallowed_tools = ["Bash"]\n[pricing.m]\ninput_per_mtok = 3\noutput_per_mtok = 15\n` +
        task('a', `${waitForB}\nFAKE:cost=1.5`, 'role = "shell"\nbudget_usd = 0.5\nmax_retries = 0') +
        task('b', 'FAKE:usage=1000/200\nFAKE:sleep=30', 'model = "m"\nbudget_usd = 0.4\nmax_retries = 0'),
    );
    const r = run(f);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('b: stopped (budget) before Claude reported its cost: charged $0.0060, estimated from its tokens');
    const l = await ledger(f.state);
    expect(l.attempts.find((a) => a.taskId === 'b')).toMatchObject({ stopReason: 'budget' });
    expect(l.tasks.find((t) => t.name === 'b')!.costUsd).toBeCloseTo(0.006, 9);
  }, 30_000);

  it('a command agent that says nothing a parser knows still meets its timeout (its deadlines start when it runs)', async () => {
    const f = fleet(`[roles.shell]\nagent = "command"\ncommand = ["sh", "-c", "echo started; sleep 30"]\n${task('mute', 'x', 'role = "shell"\ntimeout_min = 1\nmax_retries = 0')}`);
    const started = Date.now();
    const r = run(f, [], { OVERSEER_MINUTE_MS: '400' });
    expect(r.code, r.stdout).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const l = await ledger(f.state);
    expect(l.attempts[0]).toMatchObject({ stopReason: 'timeout', failureClass: 'timeout' });
  }, 20_000);

  it('an agent silent past idle_timeout_min is stopped by the watchdog (idle-timeout)', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\nidle_timeout_min = 1\n${task('quiet', '@sleep 30', 'timeout_min = 100\nmax_retries = 0')}`);
    const r = run(f, [], { OVERSEER_MINUTE_MS: '400' });
    expect(r.code, r.stdout).toBe(1);
    const l = await ledger(f.state);
    expect(l.attempts[0]).toMatchObject({ stopReason: 'idle-timeout', failureClass: 'idle-timeout' });
    expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
  });

  it('an agent that keeps printing is not idle: the watchdog counts from its last output, not its start', async () => {
    const f = fleet(`[fleet]\nidle_timeout_min = 1\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo tick $i; sleep 0.2; done"]\n${task('talker', 'x', 'role = "w"\nmax_retries = 0')}`);
    // A manifest minute of 800 ms: the agent runs 2.4 s, printing every 0.2 s.
    const r = run(f, [], { OVERSEER_MINUTE_MS: '800' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts[0]).toMatchObject({ stopReason: null, failureClass: null });
  });

  it('a run verifier that hangs is killed with its children at its timeout and fails closed', async () => {
    const f = fleet(task('v', 'done', 'max_retries = 0\n[[task.verify]]\nrun = "echo checking; sleep 30 & echo $! > grandchild.pid; sleep 30"\ntimeout_min = 1'));
    const r = run(f, [], { OVERSEER_MINUTE_MS: '500' });
    expect(r.code, r.stdout).toBe(1);
    const l = await ledger(f.state);
    expect(l.verifications[0]).toMatchObject({ verdict: 'FAIL' });
    expect(l.verifications[0]!.output).toContain('checking');
    expect(l.verifications[0]!.output).toContain('[timed out after');
    expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
    expect(['gone', 'Z']).toContain(processState(Number(readFileSync(join(f.dir, 'grandchild.pid'), 'utf8'))));
  });

  it('a missing agent executable escalates at once (agent-missing), with a clear message', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'x')}`);
    const r = run(f, [], { PATH: '/nonexistent' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot start claude: not found (is it installed and on PATH?)');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    const l = await ledger(f.state);
    expect(l.tasks[0]).toMatchObject({ state: 'NEEDS_HUMAN', stateCause: 'agent-missing' });
  });

  it.each(['SIGKILL', 'SIGINT'] as const)('an agent left in its result grace by a supervisor ended with %s is verified by the next run, not run (and paid for) again', async (signal) => {
    const f = fleet(`[fleet]\nagent = "claude"\nresult_grace_sec = 600\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:cost=2\nFAKE:hang-after-result', '[[task.verify]]\nrun = "true"')}`);
    const first = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: 'ignore' });
    // Wait until its result is in the ledger on disk, then end the supervisor: outright, or as Ctrl-C (a cancelled job) does.
    const resultRecorded = async () => existsSync(join(f.state, 'coord.db')) && (await ledger(f.state)).attempts[0]?.resultAt != null;
    for (let i = 0; i < 200 && !(await resultRecorded()); i++) await new Promise((r) => setTimeout(r, 50));
    first.kill(signal);
    await new Promise((r) => first.once('exit', r));
    const second = run(f, [], {});
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts.map((a) => [a.kind, a.stopReason, a.costUsd])).toEqual([['fresh', 'result-grace', 2]]);
    expect(l.transitions.map((t) => `${t.to}:${t.cause}`).slice(-2)).toEqual(['VERIFYING:result-grace', 'DONE:verified']);
    expect(readFileSync(join(f.dir, 'calls.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('after the supervisor is killed mid-attempt, the next run resumes with --resume and the session id', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:daemon\nFAKE:sleep-fresh=30')}`);
    // A git work tree, so the attempt's tree fingerprint is recorded and compared on resume.
    writeFileSync(join(f.dir, '.gitignore'), '.overseer/\ncalls.jsonl\n.fake-daemon\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: f.dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'start');
    const first = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: 'ignore' });
    // Wait until the attempt is recorded as started, then kill the supervisor outright.
    for (let i = 0; i < 100 && !existsSync(join(f.dir, 'calls.jsonl')); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    writeFileSync(join(f.dir, 'half-done.txt'), 'the interrupted agent wrote this\n');
    // The orphaned agent is still sleeping; the restart must kill it and resume the session.
    const second = run(f, [], {});
    const l = await ledger(f.state);
    const calls = readFileSync(join(f.dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[]; prompt: string });
    expect(l.transitions.map((t) => `${t.to}:${t.cause}`)).toContain('RESUMING:supervisor-restart');
    expect(l.attempts.map((a) => a.kind)).toEqual(['fresh', 'resume']);
    expect(l.attempts[0]!.stopReason).toBe('orphaned');
    // It was recorded: stopped gently by the reconciler, not killed as an unrecorded stray; what it
    // started in a session of its own went with it.
    expect(second.stderr).not.toContain('not recorded');
    expect(['gone', 'Z']).toContain(processState(Number(readFileSync(join(f.dir, '.fake-daemon'), 'utf8'))));
    expect(calls[1]!.argv).toContain('--resume');
    expect(calls[1]!.argv[calls[1]!.argv.indexOf('--resume') + 1]).toBe(l.attempts[0]!.sessionId);
    expect(calls[1]!.prompt).toContain('Resuming an interrupted attempt');
    const reader = await Ledger.open({ stateDir: f.state, mode: 'read' });
    expect(reader.treeHash(l.attempts[0]!.id)).toMatch(/^[0-9a-f]{64}$/);
    reader.close();
    expect(calls[1]!.prompt).toContain('the working tree changed since that attempt began');
    expect(second.code, second.stdout + second.stderr).toBe(0);
  }, 60_000);
});

describe('a cancel while no supervisor runs, after one was killed', () => {
  it("stops the agent it left (SIGTERM now; the next run makes sure, and ends the attempt), whatever the agent does with SIGTERM", async () => {
    // `deaf` ignores SIGTERM: only the next run's SIGKILL ends it.
    for (const deaf of [false, true]) {
      const command = `${deaf ? "trap '' TERM; " : ''}touch started; sleep 30; touch agent-finished`;
      const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(command)}]\n${task('a', 'x', 'role = "w"')}${task('b', 'x', 'role = "w"\ndepends_on = ["a"]')}`);
      const first = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: 'ignore' });
      for (let i = 0; i < 100 && !existsSync(join(f.dir, 'started')); i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const pid = (await ledger(f.state)).attempts[0]!.pid!;
      expect(processState(pid)).not.toBe('gone');

      const cancel = cli(['--state-dir', f.state, 'cancel', 'a'], { env: FAST });
      expect(cancel.code, cancel.stderr).toBe(0);
      expect(cancel.stdout).toContain(`a: its agent (pid ${pid}), left running by a supervisor that died, was sent SIGTERM`);
      if (!deaf) {
        for (let i = 0; i < 40 && !['gone', 'Z'].includes(processState(pid)); i++) await new Promise((r) => setTimeout(r, 50));
        expect(['gone', 'Z']).toContain(processState(pid));
      }
      const second = run(f);
      expect(second.code, second.stdout + second.stderr).toBe(1);
      expect(['gone', 'Z']).toContain(processState(pid));
      const l = await ledger(f.state);
      expect(l.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['a:CANCELLED', 'b:CANCELLED']);
      expect(l.attempts).toHaveLength(1);
      expect(l.attempts[0]).toMatchObject({ stopReason: 'orphaned' });
      expect(l.attempts[0]!.endedAt).not.toBeNull();
      expect(existsSync(join(f.dir, 'agent-finished'))).toBe(false);
    }
  }, 60_000);
});

describe('a recorded pid the system has given to another process', () => {
  it('is not signalled: the attempt is ended as orphaned and resumed, and the other process runs on', async () => {
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "if [ -e started ]; then exit 0; fi; touch started; exec sleep 30"]\n${task('a', 'x', 'role = "w"')}`);
    const first = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(join(f.dir, 'started')); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const recorded = (await ledger(f.state)).attempts[0]!;
    expect(recorded.pid).toBeGreaterThan(0);
    // The agent is gone, and its pid's number now belongs to a stranger (here: recorded over it,
    // with the agent's start time, as a reused pid would be).
    process.kill(-recorded.pid!, 'SIGKILL');
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((r) => stranger.once('spawn', r));
      const w = await Ledger.open({ stateDir: f.state, mode: 'write' });
      w.attemptStarted(recorded.id, stranger.pid!, recorded.pidStart);
      w.close();
      const second = run(f);
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(processState(stranger.pid!)).not.toMatch(/^(gone|Z)$/);
      const l = await ledger(f.state);
      expect(l.attempts.map((a) => [a.kind, a.stopReason])).toEqual([
        ['fresh', 'orphaned'],
        ['resume', null],
      ]);
    } finally {
      stranger.kill('SIGKILL');
    }
  }, 30_000);
});

describe('processes a killed supervisor started but never recorded', () => {
  it('the next run kills every process marked with this ledger that no recorded attempt owns, and nothing else', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', '@sleep 0')}`);
    expect(run(f).code).toBe(0);
    const runId = String(events(f.state)[0]!.run_id);
    const markOf = (dir: string) => `ledger-${runId}-${createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 12)}`;
    // What a supervisor SIGKILLed between a fork and its commit leaves: an agent (with a child of
    // its own, in its group) carrying the ledger's mark in its tag, in no attempt row.
    const sleeper = (tag: string) =>
      spawn('sh', ['-c', 'sleep 60 & sleep 60'], { detached: true, stdio: 'ignore', env: { ...process.env, OVERSEER_PROCESS_TAG: tag } });
    const stray = sleeper(`${markOf(f.state)}/4242.1.abcdef`);
    // The same run id in another directory: a copy of the state (a cache restored twice), not ours.
    const otherLedger = sleeper(`${markOf(f.dir)}/4242.2.abcdef`);
    const untagged = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 200));
    // sh and its two sleeps
    const strayFamily = [stray.pid!, ...readFileSync(`/proc/${stray.pid}/task/${stray.pid}/children`, 'utf8').trim().split(' ').map(Number)];
    try {
      expect(strayFamily).toHaveLength(3);
      const second = run(f, ['--json']);
      expect(second.code, second.stderr).toBe(0);
      const named = /stopped 3 process\(es\) a killed supervisor left outside any running attempt: started but not recorded, or left by an agent that has ended \(pid ([\d, ]+)\)/.exec(second.stderr);
      expect(named, second.stderr).not.toBeNull();
      expect(named![1]!.split(', ').map(Number).sort()).toEqual([...strayFamily].sort());
      for (const pid of strayFamily) {
        for (let i = 0; i < 40 && !['gone', 'Z'].includes(processState(pid)); i++) await new Promise((r) => setTimeout(r, 50));
        expect(['gone', 'Z']).toContain(processState(pid));
      }
      for (const pid of [otherLedger.pid!, untagged.pid!]) expect(['gone', 'Z']).not.toContain(processState(pid));
    } finally {
      for (const p of [stray, otherLedger, untagged]) {
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }, 30_000);
});

describe('control while running', () => {
  it('`overseer cancel` reaches the running supervisor through the inbox and stops the agent', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:record=calls.jsonl\nFAKE:sleep=30')}${task('b', 'x', 'depends_on = ["a"]')}`);
    const started = Date.now();
    const supervisor = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    supervisor.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && !existsSync(join(f.dir, 'calls.jsonl')); i++) await new Promise((r) => setTimeout(r, 50));
    const cancel = cli(['--state-dir', f.state, 'cancel', 'a']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/queued for the supervisor \(pid \d+\)/);
    const code = await new Promise<number | null>((r) => supervisor.once('exit', r));
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(out).toContain('a  RUNNING -> CANCELLED  (cancelled)');
    expect(out).toContain('b  PENDING -> CANCELLED  (dependency-cancelled)');
    expect(readdirSync(join(f.state, 'inbox')).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(events(f.state).some((e) => e.type === 'control.request' && e.request === 'cancel')).toBe(true);
    // A person stopped the agent: no failure of its own (it read as agent-failed, counted as one).
    const ended = events(f.state).find((e) => e.type === 'task.attempt' && e.phase === 'ended');
    expect(ended).toMatchObject({ task_id: 'a', failure_class: null, stop_reason: 'cancelled' });
  }, 30_000);

  it('a Claude attempt cancelled before it reported its cost is charged what its tokens say: a cancelled task never resumes its session', async () => {
    // One assistant message of 1000 input and 200 output tokens, at $3 and $15 a million: $0.006.
    const f = fleet(`[fleet]\nagent = "claude"\n[pricing.m]\ninput_per_mtok = 3\noutput_per_mtok = 15\n${task('a', 'FAKE:usage=1000/200\nFAKE:sleep=30', 'model = "m"\nbudget_usd = 2')}`);
    const supervisor = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    supervisor.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    // Its assistant message (with its usage) is in its log, so the supervisor has read it.
    const log = join(f.state, 'logs', 'a', '1.log');
    for (let i = 0; i < 200 && !(existsSync(log) && readFileSync(log, 'utf8').includes('msg_1')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cli(['--state-dir', f.state, 'cancel', 'a']).code).toBe(0);
    expect(await new Promise<number | null>((r) => supervisor.once('exit', r))).toBe(1);
    expect(err).toContain('a: stopped (cancelled) before Claude reported its cost: charged $0.0060, estimated from its tokens');
    const l = await ledger(f.state);
    expect(l.tasks[0]).toMatchObject({ state: 'CANCELLED' });
    expect(l.tasks[0]!.costUsd).toBeCloseTo(0.006, 9);
  }, 30_000);

  it('an inbox entry that cannot be removed (a directory named like a request) is warned about once and does not keep the run going', () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x')}`);
    mkdirSync(join(f.state, 'inbox', '1-stuck.json'), { recursive: true });
    const r = run(f);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('ignoring unreadable control request')).toHaveLength(2);
  }, 30_000);

  it('a request queued while the run ends (its last metrics push is slow) is applied to the ledger, not left behind', async () => {
    // The Pushgateway answers the last push only once the test says so: the run has ended its loop
    // and still holds the ledger, so the submit is queued for it.
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    let pushed: () => void = () => {};
    const pushing = new Promise<void>((r) => (pushed = r));
    const gateway = await serve([
      (_req, res) => {
        pushed();
        void released.then(() => res.writeHead(200).end());
      },
    ]);
    try {
      const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x')}`);
      const supervisor = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file, '--pushgateway-url', gateway.url], {
        env: { ...process.env, ...FAST, OVERSEER_PUSH_EVERY_MS: '600000' },
        stdio: 'ignore',
      });
      await pushing;
      const submit = cli(['--state-dir', f.state, 'submit', '--name', 'late', '--cwd', f.dir, '--prompt', 'y', '--agent', 'demo']);
      expect(submit.stdout, submit.stderr).toMatch(/late: submit queued for the supervisor/);
      release();
      const code = await new Promise<number | null>((r) => supervisor.once('exit', r));
      expect(code).toBe(0);
      const l = await ledger(f.state);
      expect(l.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['a:DONE', 'late:PENDING']);
      expect(readdirSync(join(f.state, 'inbox')).filter((n) => n.endsWith('.json'))).toEqual([]);
    } finally {
      release();
      await gateway.close();
    }
  }, 30_000);

  it('an inbox deleted and made again while the fleet is quiet is watched again: a cancel reaches the supervisor at once', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('long', '@sleep 30')}`);
    const started = Date.now();
    const supervisor = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    supervisor.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && !/long\s+ASSIGNED -> RUNNING/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const inbox = join(f.state, 'inbox');
    rmSync(inbox, { recursive: true });
    mkdirSync(inbox, { recursive: true });
    await new Promise((r) => setTimeout(r, 300));
    const cancel = cli(['--state-dir', f.state, 'cancel', 'long']);
    expect(cancel.stdout).toMatch(/queued for the supervisor/);
    const code = await new Promise<number | null>((r) => supervisor.once('exit', r));
    expect(code).toBe(1);
    expect(out).toContain('long  RUNNING -> CANCELLED  (cancelled)');
    // Heard, not found when the agent ended on its own 30 s later.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 40_000);

  it('an inbox watcher that fails is replaced a second later, while the fleet is quiet: a cancel after that reaches the supervisor at once', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('long', '@sleep 30')}`);
    const preload = join(import.meta.dirname, '..', 'helpers', 'watch-fails-once.mjs');
    const supervisor = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST, NODE_OPTIONS: `--import ${preload}` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    supervisor.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && !/long\s+ASSIGNED -> RUNNING/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2_000)); // the watcher failed at 0.2 s; its replacement is due at 1.2 s
    const cancelAt = Date.now();
    expect(cli(['--state-dir', f.state, 'cancel', 'long']).stdout).toMatch(/queued for the supervisor/);
    expect(await new Promise<number | null>((r) => supervisor.once('exit', r))).toBe(1);
    expect(out).toContain('long  RUNNING -> CANCELLED  (cancelled)');
    expect(Date.now() - cancelAt).toBeLessThan(5_000);
  }, 45_000);
});

describe('a control request and a supervisor killed as it takes it', () => {
  it('the request leaves the inbox only once what it did is durable: killed that moment, the cancel holds', async () => {
    for (let round = 0; round < 3; round++) {
      const f = fleet(`[fleet]\nagent = "demo"\n${task('long', '@sleep 30')}`);
      const sup = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      sup.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => sup.once('exit', r));
      for (let i = 0; i < 100 && !/long\s+ASSIGNED -> RUNNING/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/long\s+ASSIGNED -> RUNNING/);
      const inbox = join(f.state, 'inbox');
      const cancel = spawn(process.execPath, [CLI, '--state-dir', f.state, 'cancel', 'long'], { stdio: 'ignore' });
      const cancelled = new Promise((r) => cancel.once('exit', r));
      // Watch the inbox as closely as a loop can, and SIGKILL the supervisor the moment the request
      // goes. A loaded machine may keep this loop from running while the file comes and goes: then
      // the kill comes late and the round proves nothing, but still must find the cancel.
      let seen = false;
      for (const deadline = Date.now() + 3_000; Date.now() < deadline; ) {
        const requests = readdirSync(inbox).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
        if (requests.length > 0) seen = true;
        else if (seen) break;
      }
      sup.kill('SIGKILL');
      await exited;
      await cancelled;
      const l = await ledger(f.state);
      expect(l.tasks[0]!.state, `round ${round}`).toBe('CANCELLED');
      // The next run finds it cancelled, and stops the agent the killed supervisor left.
      expect(run(f).code).toBe(1);
    }
  }, 60_000);
});

describe('stopping in the middle', () => {
  /** Start `run` in the background; resolves with its exit code and output once `ready` holds. */
  async function background(f: { state: string; file: string }, ready: () => boolean) {
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
    for (let i = 0; i < 200 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(ready(), out).toBe(true);
    return { child, exited, output: () => out };
  }
  const verifying = (f: { state: string }) => () => existsSync(join(f.state, 'events.ndjson')) && readFileSync(join(f.state, 'events.ndjson'), 'utf8').includes('"to":"VERIFYING"');

  it('a cancel while the verifiers run stops them and ends the run cleanly', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x')}[[task.verify]]\nrun = "sleep 30"\n`);
    const started = Date.now();
    const sup = await background(f, verifying(f));
    expect(cli(['--state-dir', f.state, 'cancel', 'a']).code).toBe(0);
    expect(await sup.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(sup.output()).not.toMatch(STACK_FRAME);
    expect(sup.output()).toContain('a  VERIFYING -> CANCELLED  (cancelled)');
    const l = await ledger(f.state);
    expect(l.verifications).toEqual([]); // a stopped verifier is no verdict
    expect(l.attempts[0]!.verdict).toBeNull();
  }, 30_000);

  it('Ctrl-C while the verifiers run: exit 130, and the next run verifies the same attempt again', async () => {
    // The verifier hangs the first time only.
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x', 'max_retries = 0')}[[task.verify]]\nrun = "test -f .again || { touch .again; sleep 30; }"\n`);
    // Once the verifier runs, not at VERIFYING: a Ctrl-C before it starts starts none, and the next
    // run's would be its first time (a 30 s sleep).
    const sup = await background(f, () => existsSync(join(f.dir, '.again')));
    sup.child.kill('SIGINT');
    expect(await sup.exited).toBe(130);
    expect(sup.output()).not.toMatch(STACK_FRAME);
    const again = run(f);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts).toHaveLength(1);
    expect(l.verifications.map((v) => v.verdict)).toEqual(['PASS']);
  }, 30_000);

  it("Ctrl-C while a reviewer runs: stopped before Claude reported its cost, it is charged its estimate (with a price), never its cap, so the next run can verify again", async () => {
    const prompt = 'FAKE:usage=1000/200\nFAKE:review-hang=PASS: nothing wrong so far';
    for (const priced of [true, false]) {
      const pricing = priced ? '[pricing.m]\ninput_per_mtok = 3\noutput_per_mtok = 15\n' : '';
      const f = fleet(`[fleet]\nagent = "claude"\n${pricing}${task('a', prompt, 'model = "m"\nbudget_usd = 3\n[[task.verify]]\nagent = "Review."')}`);
      const log = join(f.state, 'logs', 'a', '1.review-1.log');
      const sup = await background(f, () => existsSync(log) && readFileSync(log, 'utf8').includes('nothing wrong so far'));
      sup.child.kill('SIGINT');
      expect(await sup.exited).toBe(130);
      const l = await ledger(f.state);
      expect(l.verifications).toEqual([]); // no verdict: the next run verifies again
      const attemptUsd = l.attempts[0]!.costUsd;
      if (priced) {
        expect(sup.output()).toContain('a: reviewer: stopped (interrupted) before Claude reported its cost: charged $0.01, estimated from its tokens');
        expect(l.tasks[0]!.costUsd).toBeCloseTo(attemptUsd + (2 * (1000 * 3 + 200 * 15)) / 1e6, 9);
      } else {
        // Its cap ($3 less the attempt's cost) would leave the task nothing to be verified with.
        expect(sup.output()).not.toContain('reviewer: stopped');
        expect(l.tasks[0]!.costUsd).toBeCloseTo(attemptUsd, 9);
      }
      expect(events(f.state).find((e) => e.type === 'run.finished')).toMatchObject({ cost_usd: l.tasks[0]!.costUsd });
    }
  }, 60_000);

  // SIGHUP: the terminal or ssh session closed. Dying at once would leave the agent running unwatched.
  it.each(['SIGINT', 'SIGHUP'] as const)('%s while an agent runs costs the task no retry: it resumes', async (signal) => {
    const agent = 'test -f .again || { touch .again; exec sleep 30; }';
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n${task('a', 'x', 'role = "w"\nmax_retries = 0')}`);
    const sup = await background(f, () => existsSync(join(f.dir, '.again')));
    await new Promise((r) => setTimeout(r, 200));
    sup.child.kill(signal);
    expect(await sup.exited).toBe(130);
    const again = run(f);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts.map((a) => `${a.kind}:${a.failureClass}:${a.stopReason}`)).toEqual(['fresh:null:orphaned', 'resume:null:null']);
    // The events say so too: an interrupted attempt is no success.
    const ended = events(f.state).filter((e) => e.type === 'task.attempt' && e.phase === 'ended');
    expect(ended.map((e) => [e.failure_class, e.stop_reason])).toEqual([
      [null, 'orphaned'],
      [null, null],
    ]);
  }, 30_000);

  /** `a` runs on (until a second attempt), `b` ends after a second: the run still writes lines after a pipe closes. */
  const runsOnBesideANap = () => {
    const agent = 'test -f .again || { touch .again; exec sleep 30; }';
    return fleet(
      `[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n[roles.nap]\nagent = "command"\ncommand = ["sleep", "1"]\n` +
        `${task('a', 'x', 'role = "w"\nmax_retries = 0')}${task('b', 'x', 'role = "nap"')}`,
    );
  };

  it('a reader that goes away (`overseer run | head`) stops the run as Ctrl-C does: exit 130, agents stopped, lock released, the next run resumes', async () => {
    const f = runsOnBesideANap();
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
    for (let i = 0; i < 200 && !existsSync(join(f.dir, '.again')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(f.dir, '.again')), err).toBe(true);
    child.stdout.destroy(); // what `head` does once it has its lines
    expect(await exited, err).toBe(130);
    expect(err).toContain('the reader of this output has gone');
    expect(err).not.toMatch(STACK_FRAME);
    expect(existsSync(join(f.state, 'coord.db.lock'))).toBe(false);
    // a's agent was stopped, not left running: the run ended with it recorded as interrupted.
    expect(events(f.state).map((e) => e.type)).toContain('run.finished');
    const again = run(f);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts.filter((x) => x.taskId === 'a').map((x) => `${x.kind}:${x.failureClass}:${x.stopReason}`)).toEqual(['fresh:null:orphaned', 'resume:null:null']);
  }, 30_000);

  it('`overseer run 2>&1 | head -1`: its warnings go to the closed pipe too, and still it stops as Ctrl-C does (exit 130, agents stopped)', async () => {
    const f = runsOnBesideANap();
    const script = `"$NODE" "$CLI" --state-dir "$STATE" run "$FILE" 2>&1 | head -1 >/dev/null; echo "exit \${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { env: { ...process.env, ...FAST, NODE: process.execPath, CLI, STATE: f.state, FILE: f.file }, encoding: 'utf8', timeout: 25_000 });
    expect(r.stdout.trim(), r.stderr).toBe('exit 130');
    expect(existsSync(join(f.state, 'coord.db.lock'))).toBe(false);
    expect(events(f.state).map((e) => e.type)).toContain('run.finished');
    const l = await ledger(f.state);
    // a's agent was started and stopped (or never started, if the pipe closed first): none is left running.
    expect(l.attempts.filter((x) => x.taskId === 'a' && x.endedAt === null)).toEqual([]);
  }, 30_000);

  it('Ctrl-C in a terminal (SIGINT to the whole process group) costs no retry either, with agents the helper started', async () => {
    // `warm` runs while the spawn helper boots, so `a` is started by the helper. A terminal's Ctrl-C
    // reaches the helper too: it must leave stopping the agents to the supervisor.
    const agent = 'test -f .again || { touch .again; exec sleep 30; }';
    const f = fleet(
      `[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n[roles.nap]\nagent = "command"\ncommand = ["sleep", "1"]\n` +
        `${task('warm', 'x', 'role = "nap"')}${task('a', 'x', 'role = "w"\nmax_retries = 0\ndepends_on = ["warm"]')}`,
    );
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
    for (let i = 0; i < 200 && !existsSync(join(f.dir, '.again')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(f.dir, '.again')), out).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    // The signal reaches the helper first (as it may: a race), then the whole group.
    const helper = helperOf(child.pid!);
    expect(helper, out).toBeDefined();
    process.kill(helper!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited, out).toBe(130);
    const again = run(f);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const l = await ledger(f.state);
    expect(l.attempts.filter((x) => x.taskId === 'a').map((x) => `${x.kind}:${x.failureClass}:${x.stopReason}`)).toEqual(['fresh:null:orphaned', 'resume:null:null']);
  }, 30_000);

  it('Ctrl-C while an agent deaf to SIGTERM waits out its timeout\'s grace: its SIGKILL comes sooner, exit 130, no crash', async () => {
    // The timeout's stop gives 8 s; the Ctrl-C's gives 5 s and must bring the SIGKILL forward, or the
    // run would close the ledger before the agent's exit, and that exit would write to it.
    const agent = 'echo $$ > agent.pid; trap "" TERM; sleep 60 & wait; wait';
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n${task('a', 'x', 'role = "w"\ntimeout_min = 1')}`);
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], {
      env: { ...process.env, ...FAST, OVERSEER_KILL_GRACE_MS: '8000', OVERSEER_MINUTE_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code, sig) => r(code ?? (sig ? 128 : null))));
    for (let i = 0; i < 100 && !existsSync(join(f.dir, 'agent.pid')); i++) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(join(f.dir, 'agent.pid'), 'utf8'));
    await new Promise((r) => setTimeout(r, 1_500)); // past timeout_min: its stop has begun
    const interrupted = Date.now();
    child.kill('SIGINT');
    expect(await exited, out).toBe(130);
    expect(Date.now() - interrupted).toBeLessThan(7_000);
    expect(out).not.toMatch(STACK_FRAME);
    expect(['gone', 'Z']).toContain(processState(pid));
    const l = await ledger(f.state);
    expect(l.attempts[0]).toMatchObject({ stopReason: 'timeout' });
  }, 30_000);

  it('Ctrl-C while a git status started for the attempt is still running: when git ends after the run, nothing crashes', async () => {
    const bin = tempDir('overseer-slow-git-');
    writeFileSync(join(bin, 'git'), '#!/bin/sh\nsleep 2\necho "# branch.oid 0"\n', { mode: 0o755 });
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "exec sleep 30"]\n${task('a', 'x', 'role = "w"')}`);
    mkdirSync(join(f.dir, '.git'));
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST, PATH: `${bin}:${FAST.PATH}` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code, sig) => r(code ?? (sig ? 128 : null))));
    for (let i = 0; i < 100 && !/a\s+ASSIGNED -> RUNNING/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited, out).toBe(130);
    expect(out).not.toMatch(STACK_FRAME);
    expect(out).not.toContain('ledger is closed');
  }, 30_000);

  it('an orphan that ignores SIGTERM is gone before its task resumes: never two agents at once', async () => {
    // The first attempt ignores SIGTERM and ticks into a file; the resumed one notes when it starts.
    const agent = 'if test -f .again; then date +%s%N > resumed; else touch .again; trap "" TERM; while :; do date +%s%N >> ticks; sleep 0.05; done; fi';
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n${task('a', 'x', 'role = "w"')}`);
    const sup = await background(f, () => existsSync(join(f.dir, 'ticks')));
    sup.child.kill('SIGKILL');
    await sup.exited;
    const again = run(f); // kill grace 300 ms (FAST)
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const ticks = readFileSync(join(f.dir, 'ticks'), 'utf8').trim().split('\n').map(Number);
    const resumed = Number(readFileSync(join(f.dir, 'resumed'), 'utf8'));
    expect(resumed).toBeGreaterThan(ticks.at(-1)!);
  }, 30_000);
});

describe('the inbox takes only requests', () => {
  it('a FIFO, a symlink or a forged submit is refused with a warning; the run goes on and nothing is written outside', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', '@sleep 1.5')}`);
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const inbox = join(f.state, 'inbox');
    for (let i = 0; i < 100 && !existsSync(inbox); i++) await new Promise((r) => setTimeout(r, 50));
    const outside = join(tempDir('overseer-outside-'), 'escaped');
    execFileSync('mkfifo', [join(inbox, '1-1-fifo.json')]);
    symlinkSync('/etc/hostname', join(inbox, '2-1-link.json'));
    // A name may hold "/" and ".." (a log directory is encoded from it), not a control character.
    const spec = { name: `../../../../../../..\n${outside}`, cwd: '.', prompt: 'x', verify: [{ run: `touch ${outside}-ran` }] };
    writeFileSync(join(inbox, '3-1-forged.json'), JSON.stringify({ request: 'submit', task_id: spec.name, spec, by: 'x' }));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, err).toBe(0);
    expect(err).toContain('not a regular file');
    expect(err).toMatch(/not a valid task name/);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(`${outside}-ran`)).toBe(false);
    expect((await ledger(f.state)).tasks.map((t) => t.name)).toEqual(['a']);
  }, 30_000);
});

describe('claude', () => {
  it('a worker with no role may edit its files (print mode denies edits it was not allowed), a reviewer may not', async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:write=notes.txt=hello\nFAKE:review=PASS', 'max_retries = 0\n[[task.verify]]\nrun = "grep -q hello notes.txt"\n[[task.verify]]\nagent = "Is notes.txt right?"')}`);
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(f.dir, 'notes.txt'), 'utf8')).toBe('hello\n');
    expect((await ledger(f.state)).verifications.map((v) => `${v.kind}:${v.verdict}`)).toEqual(['run:PASS', 'agent:PASS']);
  });

  it("a command the worker was not allowed to run is named in a warning, with what to set", async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n[roles.tester]\nallowed_tools = ["Bash(npm test:*)"]\n${task('a', 'FAKE:bash=npm install left-pad')}${task('b', 'FAKE:bash=touch ran.txt', 'role = "tester"')}`);
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain("a: the agent was denied 1 tool call it had no permission for (Bash(npm install left-pad)): name what it may run in its role's allowed_tools");
    expect(r.stderr).not.toContain('b: the agent was denied');
    expect(existsSync(join(f.dir, 'ran.txt'))).toBe(true);
  });

  it("a plan's usage limit opens the quota breaker: the task waits for a person, the fleet stops spending", async () => {
    const f = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:limit')}${task('b', 'x', 'depends_on = ["a"]')}`);
    const r = run(f);
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.tasks.map((t) => [t.name, t.state])).toEqual([
      ['a', 'NEEDS_HUMAN'],
      ['b', 'PENDING'],
    ]);
    expect(l.tasks[0]!.stateCause).toBe('quota');
    expect(l.attempts).toHaveLength(1);
  });
});

describe('codex', () => {
  it('prices the usage codex reports once, at the end, from [pricing]; an attempt that passed its budget goes to a human, not to its verifiers', async () => {
    const f = fleet(
      `[fleet]\nagent = "codex"\n[pricing.m1]\ninput_per_mtok = 100\noutput_per_mtok = 100\n${task('a', 'FAKE:turns=20\nFAKE:tokens=1000', 'model = "m1"\nbudget_usd = 1.0\n[[task.verify]]\nrun = "true"')}`,
    );
    const r = run(f);
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.tasks[0]).toMatchObject({ state: 'NEEDS_HUMAN', stateCause: 'budget' });
    // 20 steps of 1000 tokens in and out at $100/Mtok: $4, reported in one turn.completed at the end.
    expect(l.tasks[0]!.costUsd).toBeCloseTo(4.0);
    expect(l.verifications).toHaveLength(0);
  });

  it('reads its prompt on stdin: a prompt opening with "-" is not taken for an option', async () => {
    const f = fleet(`[fleet]\nagent = "codex"\n${task('a', '- fix the flaky test\nFAKE:record=ran.jsonl')}`);
    const r = run(f);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [call] = readFileSync(join(f.dir, 'ran.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; prompt: string });
    expect(call!.argv.at(-1)).toBe('-');
    expect(call!.prompt).toContain('- fix the flaky test');
  });

  it('warns before the run when a budget covers a codex task with no price for its model: its cost would count as $0', () => {
    const f = fleet(`[fleet]\nagent = "codex"\nbudget_usd = 5\n${task('a', 'x', 'model = "gpt-5-codex"')}`);
    const r = run(f);
    expect(r.stderr).toContain('1 codex task (a) has a budget but no [pricing.<model>] for its model');
  });
});

describe('verifiers', () => {
  it('run verifiers go in order and stop at the first FAIL; their output is capped and redacted', async () => {
    const f = fleet(
      `[fleet]\nagent = "demo"\n${task('a', '@write out.txt hello', 'max_retries = 0\n[[task.verify]]\nrun = "echo first; echo $SERVICE_TOKEN; exit 0"\n[[task.verify]]\nrun = "echo nope >&2; exit 3"\n[[task.verify]]\nrun = "touch third-ran"')}`,
    );
    const r = run(f, [], { SERVICE_TOKEN: 'planted-verifier-secret' });
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.verifications.map((v) => [v.seq, v.verdict])).toEqual([
      [0, 'PASS'],
      [1, 'FAIL'],
    ]);
    expect(l.verifications[0]!.output).toContain('first');
    expect(l.verifications[0]!.output).not.toContain('planted-verifier-secret');
    expect(l.verifications[1]!.output).toContain('nope');
    expect(l.verifications[1]!.output).toContain('[exit 3]');
    expect(existsSync(join(f.dir, 'third-ran'))).toBe(false);
    const logs = readdirSync(join(f.state, 'logs', 'a')).map((n) => readFileSync(join(f.state, 'logs', 'a', n), 'utf8')).join('');
    expect(logs).not.toContain('planted-verifier-secret');
  });

  it('an agent verifier runs the agent read-only and its PASS or FAIL decides; its cost counts', async () => {
    const pass = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:cost=0.1\nFAKE:review=PASS: the change is safe', 'max_retries = 0\n[[task.verify]]\nagent = "Review for security problems."')}`);
    expect(run(pass).code).toBe(0);
    const l = await ledger(pass.state);
    expect(l.verifications[0]).toMatchObject({ kind: 'agent', verdict: 'PASS' });
    expect(l.verifications[0]!.output).toContain('the change is safe');
    expect(l.tasks[0]!.costUsd).toBeCloseTo(0.2);
    // Its output is logged beside the attempt's own, one file per attempt and verifier.
    expect(readdirSync(join(pass.state, 'logs', 'a')).sort()).toEqual(['1.log', '1.review-1.log']);
    expect(readFileSync(join(pass.state, 'logs', 'a', '1.review-1.log'), 'utf8')).toContain('the change is safe');
    const fail = fleet(`[fleet]\nagent = "claude"\n${task('a', 'FAKE:review=Looks fine I guess', 'max_retries = 0\n[[task.verify]]\nagent = "Review."')}`);
    expect(run(fail).code).toBe(1);
    expect((await ledger(fail.state)).verifications[0]).toMatchObject({ kind: 'agent', verdict: 'FAIL' });
  });

  it('a reviewer stopped at its timeout has no verdict: what it said on the way ("PASS: nothing wrong so far") is a FAIL, and what its tokens say it spent is charged', async () => {
    // Two assistant messages of 1000 input and 200 output tokens, at $3 and $15 a million: $0.012.
    const f = fleet(
      `[fleet]\nagent = "claude"\n[pricing.m]\ninput_per_mtok = 3\noutput_per_mtok = 15\n${task('a', 'FAKE:usage=1000/200\nFAKE:review-hang=PASS: nothing wrong so far; running the tests now.', 'model = "m"\nmax_retries = 0\n[[task.verify]]\nagent = "Review."\ntimeout_min = 1')}`,
    );
    const r = run(f, [], { OVERSEER_MINUTE_MS: '1000' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a: reviewer: stopped (timeout) before Claude reported its cost: charged $0.01, estimated from its tokens');
    const l = await ledger(f.state);
    expect(l.verifications[0]).toMatchObject({ kind: 'agent', verdict: 'FAIL' });
    expect(l.verifications[0]!.output).toContain('reviewer agent timed out after 1 s, before it gave its verdict');
    expect(l.verifications[0]!.costUsd).toBeCloseTo(0.012, 9);
    expect(l.tasks[0]!.costUsd).toBeCloseTo(0.02 + 0.012, 9);
    expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
  }, 30_000);

  it('judges stop at the budget: once the task is past its cap, the next judge is not asked, and the task goes to a human (budget)', async () => {
    // Each answer reports a million prompt tokens, at $3 a million: $3 an answer.
    const priced = json(200, { choices: [{ message: { role: 'assistant', content: 'PASS' } }], usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
    const judge = await serve([priced]);
    try {
      const f = fleet(
        `[fleet]\n[brain]\nurl = "${judge.url}/v1"\nmodel = "judge"\n[pricing.judge]\ninput_per_mtok = 3\noutput_per_mtok = 3\n` +
          `[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "echo '{\\"overseer\\":\\"result\\",\\"cost_usd\\":4.9,\\"ok\\":true}'"]\n` +
          task('a', 'x', 'role = "w"\nbudget_usd = 5\nmax_retries = 0\n[[task.verify]]\nbrain = "one?"\n[[task.verify]]\nbrain = "two?"\n[[task.verify]]\nbrain = "three?"'),
      );
      const r = await cliAsync(['--state-dir', f.state, 'run', f.file], { env: FAST });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      // The first judge took the task past its cap ($4.90 + $3); the other two were never asked.
      expect(judge.requests).toHaveLength(1);
      const l = await ledger(f.state);
      expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
      expect(l.transitions.at(-1)).toMatchObject({ to: 'NEEDS_HUMAN', cause: 'budget' });
      expect(l.tasks[0]!.costUsd).toBeCloseTo(7.9, 6);
      expect(l.verifications.map((v) => [v.verdict, v.output.split('\n')[0]])).toEqual([
        ['PASS', 'PASS'],
        ['FAIL', "not asked: the task's or the run's budget is spent, and a judge is paid for"],
      ]);
    } finally {
      await judge.close();
    }
  });

  it("a chain of reviewers is capped by what the run has left after each one, not by the run's spend when the chain began", async () => {
    // Each claude run (worker, then reviewers) costs $3; the run's cap is $10; the task has no cap of its own.
    const f = fleet(`[fleet]\nagent = "claude"\nbudget_usd = 10\n${task('a', 'FAKE:cost=3\nFAKE:record=argv.jsonl\nFAKE:review=PASS', '[[task.verify]]\nagent = "r1?"\n[[task.verify]]\nagent = "r2?"\n[[task.verify]]\nagent = "r3?"')}`);
    const r = await cliAsync(['--state-dir', f.state, 'run', f.file], { env: FAST });
    const caps = readFileSync(join(f.dir, 'argv.jsonl'), 'utf8').trim().split('\n').map((l) => {
      const argv = (JSON.parse(l) as { argv: string[] }).argv;
      return argv[argv.indexOf('--max-budget-usd') + 1];
    });
    expect(caps, r.stdout + r.stderr).toEqual(['10.0000', '7.0000', '4.0000', '1.0000']);
  }, 30_000);

  it("a brain verifier is shown the task, and the agent's final message", async () => {
    const judge = await serve([chat('PASS: two passes, as asked')]);
    try {
      const message = 'refactored the parser into two passes';
      const f = fleet(
        `[fleet]\n[brain]\nurl = "${judge.url}/v1"\nmodel = "judge"\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "echo '{\\"overseer\\":\\"result\\",\\"message\\":\\"${message}\\"}'"]\n` +
          task('a', 'split the parser', 'role = "w"\n[[task.verify]]\nbrain = "Is the parser split?"'),
      );
      const r = await cliAsync(['--state-dir', f.state, 'run', f.file], { env: FAST });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const asked = (JSON.parse(judge.requests[0]!.body) as { messages: Array<{ content: string }> }).messages[0]!.content;
      expect(asked).toContain('Question: Is the parser split?');
      expect(asked).toContain('split the parser');
      expect(asked.slice(asked.indexOf("The agent's final message:"), asked.indexOf('The change (diff):'))).toContain(message);
    } finally {
      await judge.close();
    }
  });

  it('a run that fails on its ledger (the disk full) stops its agents and exits 3 at once, not waiting on them unwatched', () => {
    // The file size limit (130 KiB: dash counts 512-byte blocks) stands in for a full disk: the journal cannot grow past it.
    const prompt = 'p'.repeat(12_000);
    let toml = `[fleet]\nmax_concurrent = 3\n[roles.long]\nagent = "command"\ncommand = ["sh", "-c", "trap '' TERM; exec sleep 611.5"]\n[roles.w]\nagent = "command"\ncommand = ["sleep", "0.3"]\n`;
    toml += task('long', 'x', 'role = "long"\ntimeout_min = 100');
    for (let i = 0; i < 8; i++) toml += task(`t${i}`, prompt, 'role = "w"');
    const f = fleet(toml);
    const started = Date.now();
    const r = spawnSync('sh', ['-c', `ulimit -f 260; exec "${process.execPath}" "${CLI}" --state-dir "${f.state}" run "${f.file}"`], {
      encoding: 'utf8',
      env: { ...process.env, ...FAST, OVERSEER_KILL_GRACE_MS: '1000' },
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain('file size limit reached');
    // It got as far as starting the agent before the journal filled.
    expect(r.stdout, r.stderr).toContain('long  ASSIGNED -> RUNNING');
    expect(Date.now() - started).toBeLessThan(20_000);
    // The agent deaf to SIGTERM was killed with its group, not left to run its 10 minutes.
    const left = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && (() => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('611.5');
      } catch {
        return false;
      }
    })());
    expect(left).toEqual([]);
  }, 90_000);

  it("a judge is shown the task's whole change: what its first attempt committed, and new files, on the retry too", async () => {
    const judge = await serve([chat('FAIL: add the notes'), chat('PASS')]);
    try {
      // Each attempt commits a file of its own and leaves a new file uncommitted.
      const agent = 'n=$(ls attempt-* 2>/dev/null | wc -l); echo "work of attempt $n" > attempt-$n; git add attempt-$n && git -c user.name=a -c user.email=a@example.com commit -qm "attempt $n"; echo "notes of attempt $n" > notes-$n.txt';
      const f = fleet(
        `[fleet]\n[brain]\nurl = "${judge.url}/v1"\nmodel = "judge"\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", ${JSON.stringify(agent)}]\n` +
          task('a', 'do the work', 'role = "w"\nmax_retries = 1\n[[task.verify]]\nbrain = "Is the work done?"'),
      );
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: f.dir, encoding: 'utf8' });
      git('init', '-q');
      git('add', 'tasks.toml');
      git('commit', '-qm', 'start');
      const r = await cliAsync(['--state-dir', f.state, 'run', f.file], { env: FAST });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const asked = judge.requests.map((q) => (JSON.parse(q.body) as { messages: Array<{ content: string }> }).messages[0]!.content);
      expect(asked).toHaveLength(2);
      const change = (prompt: string) => prompt.slice(prompt.indexOf('The change (diff):'));
      expect(change(asked[0]!)).toContain('+work of attempt 0');
      expect(change(asked[0]!)).toContain('+notes of attempt 0');
      // The retry's judge still sees the first attempt's commit, beside the retry's own work.
      expect(change(asked[1]!)).toContain('+work of attempt 0');
      expect(change(asked[1]!)).toContain('+work of attempt 1');
      expect(change(asked[1]!)).toContain('+notes of attempt 1');
      // Not the ledger, the agents' logs or anything else of overseer's state directory.
      expect(change(asked[1]!)).not.toContain('.overseer/');
    } finally {
      await judge.close();
    }
  });

  it('a judge endpoint that refuses the request (HTTP 400) sends the task to a human after one attempt, the agent not run again', async () => {
    const judge = await serve([json(400, { error: { message: "Unsupported value: 'temperature' does not support 0 with this model." } })]);
    try {
      const f = fleet(`[fleet]\nagent = "demo"\n[brain]\nurl = "${judge.url}/v1"\nmodel = "gpt-5-mini"\n${task('a', 'x', 'max_retries = 3\n[[task.verify]]\nbrain = "Is it good?"')}`);
      const r = await cliAsync(['--state-dir', f.state, 'run', f.file], { env: FAST });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const l = await ledger(f.state);
      expect(l.tasks[0]).toMatchObject({ state: 'NEEDS_HUMAN' });
      expect(l.attempts).toHaveLength(1);
      expect(l.verifications[0]!.output).toContain('HTTP 400');
      expect(r.stdout).toContain('needs a human: config');
    } finally {
      await judge.close();
    }
  });

  it('a brain verifier with no endpoint fails closed, naming the key to set', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x', 'max_retries = 0\n[[task.verify]]\nbrain = "Is it good?"')}`);
    const r = run(f, [], { OVERSEER_BRAIN_URL: 'http://127.0.0.1:9', OVERSEER_BRAIN_MODEL: 'm' });
    expect(r.code).toBe(1);
    const l = await ledger(f.state);
    expect(l.verifications[0]).toMatchObject({ kind: 'brain', verdict: 'FAIL' });
    expect(l.verifications[0]!.output).toContain('set [brain] url in tasks.toml or OVERSEER_BRAIN_URL');
  });
});

describe('secrets in the manifest', () => {
  it('a task name holding a secret value is refused before anything runs, without echoing it', () => {
    const secret = 'tok3n-planted-in-a-name';
    const f = fleet(`[fleet]\nagent = "demo"\n${task('ok', 'x')}${task(`fix-${secret}`, 'x')}`);
    const r = run(f, [], { RELEASE_TOKEN: secret });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f.file}:11:8: this name holds the value of $RELEASE_TOKEN; rename it`);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(existsSync(f.state)).toBe(false);
  });

  it('a prompt, prompt file, verifier or role holding one is refused at FILE:LINE:COL, all at once: the ledger (an artifact) keeps specs as written', () => {
    const secret = 'h7Qz-planted-db-pw-5521';
    const f = fleet(
      `[fleet]\nagent = "demo"\n[roles.${JSON.stringify(`r-${secret}`)}]\n` +
        `${task('a', `log in with ${secret}`)}` +
        `[[task]]\nname = "b"\ncwd = "."\nprompt_file = "b.md"\n` +
        `${task('c', 'x')}[[task.verify]]\nrun = "PGPASSWORD=${secret} psql -c 'select 1'"\n` +
        `${task('d', 'uses $DB_PASSWORD from its environment')}[[task.verify]]\nrun = "PGPASSWORD=$DB_PASSWORD psql -c 'select 1'"\n`,
    );
    writeFileSync(join(f.dir, 'b.md'), `the password is ${secret}\n`);
    const r = run(f, [], { DB_PASSWORD: secret });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(f.file));
    expect(lines.map((l) => l.split(': ')[0])).toEqual([`${f.file}:3:1`, `${f.file}:7:10`, `${f.file}:14:15`, `${f.file}:23:7`]);
    expect(lines[0]).toContain('this name holds the value of $DB_PASSWORD');
    expect(lines[2]).toContain('the prompt read from b.md holds the value of $DB_PASSWORD');
    expect(lines[3]).toContain('refer to the variable instead');
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(existsSync(f.state)).toBe(false);
    // The dry run says so too. (Task d, which names the variable, is not reported.)
    const dry = run(f, ['--dry-run'], { DB_PASSWORD: secret });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`${f.file}:23:7: this value holds the value of $DB_PASSWORD; the ledger keeps it as written`);
    expect(dry.stdout + dry.stderr).not.toContain(secret);
  });

  it('a credential pasted with a newline, one line of a key, a JSON field, an encoded token: each refused once, naming every variable', () => {
    const token = 'ghp_abcDEF1234567890abcdefXYZ';
    const pem = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', '-----END OPENSSH PRIVATE KEY-----'].join('\n');
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    const f = fleet(
      `[fleet]\nagent = "demo"\n` +
        `${task('a', `call the API with ${token}`)}` +
        `${task('b', 'check the key line b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ')}` +
        `${task('c', 'use key id a1b2c3d4e5f6a7b8c9d0e1f2')}` +
        `${task('d', 'x')}[[task.verify]]\nrun = "curl -H 'Authorization: Basic ${basic}' https://api.example"\n`,
    );
    const env = { MY_TOKEN: `${token}\n`, GH_TOKEN: token, SSH_PRIVATE_KEY: pem, GCP_CREDENTIALS: JSON.stringify({ private_key_id: 'a1b2c3d4e5f6a7b8c9d0e1f2', type: 'service_account' }) };
    const r = run(f, ['--dry-run'], env);
    const lines = r.stderr.split('\n').filter((l) => l.includes(`${f.file}:`));
    expect(lines.map((l) => /holds the value of ([^;]*);/.exec(l)?.[1])).toEqual(['$MY_TOKEN and $GH_TOKEN', '$SSH_PRIVATE_KEY', '$GCP_CREDENTIALS', '$MY_TOKEN and $GH_TOKEN']);
    expect(r.stderr).not.toContain(token);
  });

  it('a word a CI job uses as a test password, or a credential in a cwd path, stops nothing', async () => {
    const f = fleet(
      `[fleet]\nagent = "demo"\n${task('postgres-migration', 'Add a password reset endpoint backed by the postgres users table; mount the prod-db-credentials secret; the app runs at http://localhost:3000/api/auth', 'cwd = "svc-Zq7xK2mP9wL4"\n[[task.verify]]\nrun = "psql postgres://postgres:postgres@localhost/app -c \'select 1\' || true"')}`.replace('cwd = "."\n', ''),
    );
    mkdirSync(join(f.dir, 'svc-Zq7xK2mP9wL4'));
    const env = {
      POSTGRES_PASSWORD: 'postgres',
      JWT_SECRET: 'changeme',
      DATABASE_URL: 'postgres://postgres:password@localhost/db',
      DIR_TOKEN: 'svc-Zq7xK2mP9wL4',
      // An address, and a name that describes a credential, are no credentials.
      AUTH_URL: 'http://localhost:3000/api/auth',
      DB_SECRET_NAME: 'prod-db-credentials',
    };
    const r = run(f, [], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('holds the value');
  });
});

describe('the spawn helper', () => {
  it('a supervisor gone before the helper has booted (a run that ends at once) leaves no stack trace on stderr', async () => {
    const helper = fork(join(CLI, '..', 'spawner.js'), [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    helper.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    helper.disconnect();
    const code = await new Promise<number | null>((r) => helper.once('exit', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('agents are forked by dist/spawner.js; if it dies mid-run its children are stopped and retried', async () => {
    // `a` starts after `warm`: killed while `a` runs, the helper has children to lose.
    const f = fleet(`[fleet]\nagent = "demo"\n${task('warm', '@sleep 1')}${task('a', '@sleep 30', 'max_retries = 2\ndepends_on = ["warm"]')}`);
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    for (let i = 0; i < 100 && !/\ba\s+ASSIGNED -> RUNNING/.test(stdout); i++) await new Promise((r) => setTimeout(r, 50));
    // The helper is the supervisor's child running spawner.js, and the agent is the helper's child.
    const helper = helperOf(child.pid!);
    expect(helper, 'a spawner.js child of the supervisor').toBeDefined();
    const agent = childrenOf(helper!)[0];
    expect(agent).toBeGreaterThan(0);
    process.kill(helper!, 'SIGKILL');
    // The orphaned agent is stopped; the task is retried with a new helper.
    for (let i = 0; i < 100 && processState(agent!) !== 'gone' && processState(agent!) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(['gone', 'Z']).toContain(processState(agent!));
    for (let i = 0; i < 100 && !/RUNNING -> RETRYING/.test(stdout); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stdout).toMatch(/a\s+RUNNING -> RETRYING/);
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
  }, 30_000);

  it('the helper, every agent\'s parent, holds none of the supervisor\'s credentials in its environment', () => {
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "tr '\\\\0' '\\\\n' < /proc/$PPID/environ > parent.env; cat /proc/$PPID/cmdline > parent.cmd"]\n${task('a', 'x', 'role = "w"')}`);
    const planted = { GITHUB_TOKEN: 'ghp_planted_parent_1', ACTIONS_RUNTIME_TOKEN: 'planted_parent_runtime_2', 'INPUT_GITHUB-TOKEN': 'planted_parent_input_3', OVERSEER_BRAIN_API_KEY: 'planted-parent-brain-4' };
    const r = run(f, [], planted);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(f.dir, 'parent.cmd'), 'utf8')).toContain('spawner.js');
    const parentEnv = readFileSync(join(f.dir, 'parent.env'), 'utf8');
    expect(parentEnv).toMatch(/^PATH=/m);
    for (const value of Object.values(planted)) expect(parentEnv).not.toContain(value);
  });

  it('a prompt too long to pass to exec (E2BIG) needs a human at once, not a run of retries', async () => {
    // The command agent gets its prompt in $OVERSEER_PROMPT too: one string past Linux's 128 KiB.
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["true"]\n${task('a', 'x'.repeat(140 * 1024), 'role = "w"')}`);
    const r = run(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('E2BIG');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    const l = await ledger(f.state);
    expect(l.tasks[0]).toMatchObject({ state: 'NEEDS_HUMAN', stateCause: 'config' });
    expect(l.attempts).toHaveLength(1);
  });

  it('a spawn helper that cannot even start (exits before it is ready) does not fail the run: agents are forked by the supervisor, with one warning', () => {
    // A copy of dist/ whose spawner.js dies at load, as a broken install would.
    const copy = tempDir();
    cpSync(join(CLI, '..'), copy, { recursive: true });
    writeFileSync(join(copy, 'spawner.js'), 'process.exit(3);\n');
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x')}${task('b', 'x')}${task('c', 'x', 'depends_on = ["a", "b"]')}[[task.verify]]\nrun = "true"\n`);
    const r = spawnSync(process.execPath, [join(copy, 'cli.js'), '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/the spawn helper \(.*spawner\.js\) exited before it was ready \(code 3\); agents and verifiers are forked by the supervisor/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/3 DONE/);
    expect(r.stderr).not.toMatch(/cannot start/);
  }, 30_000);

  it('a spawn helper that cannot be forked at all (no pid, no exit: EAGAIN, ENOMEM) does not hang the run', () => {
    // A fork that fails outright, as at the user's process limit: here the program to fork is not
    // there (ENOENT), which Node reports the same way, an 'error' with no pid and no 'exit' after it.
    const preload = join(tempDir(), 'no-fork.mjs');
    writeFileSync(preload, "process.execPath = '/nonexistent/node';\n");
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "true"]\n${task('a', 'x', 'role = "w"')}${task('b', 'x', 'role = "w"\ndepends_on = ["a"]')}[[task.verify]]\nrun = "true"\n`);
    const r = spawnSync(process.execPath, ['--import', preload, CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST, OVERSEER_HELPER_TIMEOUT_MS: '1000' }, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/the spawn helper \(.*spawner\.js\) could not be started \(ENOENT\); agents and verifiers are forked by the supervisor/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/2 DONE/);
  }, 30_000);

  /** Run `toml` with a short helper timeout; once `ready` holds (the helper has booted by then), freeze it (SIGSTOP). */
  async function freezeHelper(toml: string, ready: (out: string) => boolean, then: (f: { state: string }, supervisor: number, out: () => string) => unknown = () => {}) {
    const f = fleet(toml);
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], {
      env: { ...process.env, ...FAST, OVERSEER_HELPER_TIMEOUT_MS: '500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    let helper: number | undefined;
    for (let i = 0; i < 100 && !(helper = helperOf(child.pid!)); i++) await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 250 && !ready(out); i++) await new Promise((r) => setTimeout(r, 20));
    expect(helper, out).toBeDefined();
    process.kill(helper!, 'SIGSTOP');
    await then(f, child.pid!, () => out);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('hung'), 20_000)))]);
    clearTimeout(timer);
    const helperAfter = processState(helper!);
    // A failed run leaves nothing behind: the supervisor and the frozen helper.
    child.kill('SIGKILL');
    if (helperAfter !== 'gone') process.kill(helper!, 'SIGKILL');
    expect(out).toMatch(new RegExp(`the spawn helper \\(pid ${helper}\\) has not answered for 500 ms`));
    expect(out).not.toMatch(STACK_FRAME);
    expect(['gone', 'Z']).toContain(helperAfter);
    return { code, out, ledger: await ledger(f.state) };
  }

  it('a helper frozen before it boots is replaced: the launches it held fail as transient and run through the next one', async () => {
    // The CLI starts the helper before anything else and never forks an agent itself: frozen at
    // once, the helper holds the first launches, and the run would wait on it for ever.
    const r = await freezeHelper(`[fleet]\nagent = "demo"\n${task('a', 'x')}${task('b', 'x')}`, () => true);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/a: cannot start .*: the spawn helper stopped answering/);
    // A launch lost with the helper is the machine's failure: retried, and not the task's retries.
    for (const name of ['a', 'b']) {
      expect(r.ledger.attempts.filter((a) => a.taskId === name).map((a) => a.failureClass)).toEqual(['transient', null]);
    }
    expect(r.ledger.tasks.map((t) => t.state)).toEqual(['DONE', 'DONE']);
  }, 40_000);

  it('a helper that stops answering while it runs a verifier is replaced: the verification runs again, the run finishes', async () => {
    let forkedBy: string[] = [];
    const r = await freezeHelper(
      `[fleet]\nagent = "demo"\n${task('warm', '@sleep 1')}[[task.verify]]\nrun = "sleep 2"\n${task('b', 'x', 'depends_on = ["warm"]')}`,
      (out) => /\bwarm\s+RUNNING -> VERIFYING/.test(out),
      async (_f, supervisor, out) => {
        // The verifier is started again by the new helper, not forked by the supervisor while that
        // one boots: what stuck the old helper (a hung file system) would stick the supervisor.
        for (let i = 0; i < 400 && !out().includes('verifying again'); i++) await new Promise((r) => setTimeout(r, 25));
        const helperChild = () => childrenOf(supervisor).some((p) => isHelper(p) && childrenOf(p).length > 0);
        const ownChild = () => childrenOf(supervisor).some((p) => !isHelper(p));
        for (let i = 0; i < 200 && !helperChild() && !ownChild(); i++) await new Promise((r) => setTimeout(r, 25));
        forkedBy = childrenOf(supervisor).map((p) => (isHelper(p) ? 'helper' : 'supervisor'));
      },
    );
    expect(forkedBy).toEqual(['helper']);
    expect(r.code, r.out).toBe(0);
    expect(r.ledger.tasks.map((t) => t.state)).toEqual(['DONE', 'DONE']);
    // The verifier killed with the helper is no verdict on warm's work: verified again, one attempt.
    expect(r.out).toContain('warm: verifier `sleep 2` was lost with the spawn helper; verifying again');
    expect(r.ledger.verifications.filter((v) => v.taskId === 'warm').map((v) => v.verdict)).toEqual(['PASS']);
    expect(r.ledger.attempts.filter((a) => a.taskId === 'warm')).toHaveLength(1);
  }, 40_000);

  it('a verifier lost with its helper more than three times fails closed: the verifiers failed to run', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', 'x', 'max_retries = 0')}[[task.verify]]\nrun = "sleep 30"\n`);
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const runsVerifier = (helper: number) =>
      childrenOf(helper).some((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('sleep');
        } catch {
          return false;
        }
      });
    // Kill each helper as soon as it runs the verifier: four losses, one more than are verified again.
    let kills = 0;
    for (let i = 0; i < 800 && kills < 4; i++) {
      const helper = helperOf(child.pid!);
      if (helper && runsVerifier(helper)) {
        process.kill(helper, 'SIGKILL');
        kills++;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const code = await exited;
    expect(kills, out).toBe(4);
    expect(code, out).toBe(1);
    expect(out.match(/verifying again/g)).toHaveLength(3);
    expect(out).toContain('a: verifiers failed to run');
    const l = await ledger(f.state);
    expect(l.tasks[0]!.state).toBe('NEEDS_HUMAN');
    expect(l.attempts[0]!.verdict).toBe('FAIL');
  }, 40_000);

  it('a helper that stops answering while its agent is stopped is replaced: the slot frees and the run finishes', async () => {
    // One slot. `a` is started by the helper, which is then frozen, and `a` cancelled: the
    // supervisor kills it, but its exit would be reported by the frozen helper, never.
    const r = await freezeHelper(
      `[fleet]\nagent = "demo"\nmax_concurrent = 1\n${task('warm', '@sleep 2')}${task('a', '@sleep 30', 'depends_on = ["warm"]')}${task('b', 'x', 'depends_on = ["warm"]')}`,
      (out) => /\ba\s+ASSIGNED -> RUNNING/.test(out),
      (f) => expect(cli(['--state-dir', f.state, 'cancel', 'a']).code).toBe(0),
    );
    expect(r.code, r.out).toBe(1);
    expect(r.ledger.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['warm:DONE', 'a:CANCELLED', 'b:DONE']);
  }, 40_000);
});

describe('what a long unattended run meets', () => {
  const flood = (bytes: number, then: string) => `["sh", "-c", "head -c ${bytes} /dev/zero | tr '\\\\0' a | fold -w 100; ${then}"]`;

  it('a log the disk will not take (EFBIG under ulimit -f, as ENOSPC) is given up with a warning; the run goes on', async () => {
    const f = fleet(`[fleet]\n[roles.w]\nagent = "command"\ncommand = ${flood(3_000_000, 'exit 0')}\n${task('a', 'x', 'role = "w"\n[[task.verify]]\nrun = "true"')}`);
    const r = spawnSync('sh', ['-c', 'ulimit -f 1024; exec "$0" "$@"', process.execPath, CLI, '--state-dir', f.state, 'run', f.file], { encoding: 'utf8', env: { ...process.env, ...FAST } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: a: cannot write its log .*1\.log \(EFBIG\); the rest of its output is not logged/);
    expect(r.stderr).not.toMatch(/internal error|STACK|at writeSync/);
    expect((await ledger(f.state)).tasks[0]!.state).toBe('DONE');
  });

  it('a log cut at its 16 MiB cap ends with the end of the output, which the retry is told', async () => {
    // 17 MB of build noise, then the error that matters, then exit 1; the retry records its prompt.
    const f = fleet(
      `[fleet]\n[roles.w]\nagent = "command"\ncommand = ["sh", "-c", "if [ -e failed ]; then printf '%s' \\"$OVERSEER_PROMPT\\" > retry.txt; exit 0; fi; touch failed; head -c 17000000 /dev/zero | tr '\\\\0' a | fold -w 100; echo 'FATAL: the real error is in src/db.ts line 42' >&2; exit 1"]\n` +
        task('a', 'build it', 'role = "w"\nmax_retries = 1'),
    );
    const r = run(f);
    expect(r.code, r.stderr).toBe(0);
    const log = readFileSync(join(f.state, 'logs', 'a', '1.log'), 'utf8');
    expect(log.length).toBeLessThan(16 * 1024 * 1024 + 20_000);
    expect(log).toContain('[overseer: log cut at 16777216 bytes; the last of the output follows at the end]');
    // stdout and stderr come through two pipes: the error is near the end, not always last.
    expect(log.slice(log.lastIndexOf('[overseer: the last '))).toContain('FATAL: the real error is in src/db.ts line 42');
    expect(readFileSync(join(f.dir, 'retry.txt'), 'utf8')).toContain('FATAL: the real error is in src/db.ts line 42');
  }, 60_000);

  it('events.ndjson deleted mid-run: the run warns and writes the rest of its events to a new file', async () => {
    const f = fleet(`[fleet]\nagent = "demo"\n${task('a', '@sleep 1')}${task('b', 'x', 'depends_on = ["a"]')}`);
    const child = spawn(process.execPath, [CLI, '--state-dir', f.state, 'run', f.file], { env: { ...process.env, ...FAST } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const path = join(f.state, 'events.ndjson');
    for (let i = 0; i < 100 && !(existsSync(path) && readFileSync(path, 'utf8').includes('"to":"RUNNING"')); i++) await new Promise((r) => setTimeout(r, 50));
    rmSync(path);
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`warning: ${path} was deleted or replaced while the run wrote it; events from here on go to a new ${path}`);
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string });
    expect(lines.at(-1)!.type).toBe('run.finished');
    // The new file goes on from where the old one was: no seq is reused.
    expect(lines[0]!.seq).toBeGreaterThan(5);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => lines[0]!.seq + i));
  }, 30_000);
});
