// The built CLI, run as a child process, read the way a user reads it: exit code, stdout, stderr,
// and the files in the state directory.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../src/demo/fleet.js';
import { ControlRequestSchema } from '../../src/runtime/inbox.js';
import { cli, CLI, STACK_FRAME } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';

const repo = join(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const DIAMOND = `[[task]]
name = "top"
cwd = "."
prompt = "start"

[[task]]
name = "left"
cwd = "."
prompt = "l"
depends_on = ["top"]

[[task]]
name = "right"
cwd = "."
prompt = "r"
depends_on = ["top"]

[[task]]
name = "bottom"
cwd = "."
prompt = "end"
depends_on = ["left", "right"]
[[task.verify]]
run = "true"
`;

function project(manifest = DIAMOND): { dir: string; state: string; file: string } {
  const dir = tempDir('overseer-cli-');
  writeFileSync(join(dir, 'tasks.toml'), manifest);
  return { dir, state: join(dir, '.overseer'), file: join(dir, 'tasks.toml') };
}

function status(state: string): { counts: Record<string, number>; drained: boolean; tasks: Array<{ name: string; state: string; cause: string }> } {
  const r = cli(['--state-dir', state, 'status', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof status>;
}

function submit(state: string, name: string, extra: string[] = []) {
  return cli(['--state-dir', state, 'submit', '--name', name, '--cwd', '.', '--prompt', `do ${name}`, ...extra]);
}

describe('help and usage', () => {
  const commands: Record<string, string[]> = {
    init: ['--force', '--dir'],
    validate: ['--json'],
    plan: ['--json'],
    submit: ['--name', '--cwd', '--prompt', '--role', '--agent', '--model', '--depends-on', '--max-retries', '--timeout-min', '--budget-usd', '--verify'],
    status: ['--state', '--json'],
    logs: ['--attempt', '--follow'],
    events: ['--follow', '--json'],
    cancel: [],
    approve: [],
    retry: ['--budget-usd'],
    drain: [],
    undrain: [],
    demo: ['--dir'],
  };

  it('the program help lists every command; --version prints the version', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of Object.keys(commands)) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  for (const [command, options] of Object.entries(commands)) {
    it(`${command} --help lists its options`, () => {
      const r = cli([command, '--help']);
      expect(r.code).toBe(0);
      for (const o of options) expect(r.stdout).toContain(o);
    });
  }

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['status', '--bogus'], /unknown option '--bogus'/],
    [['submit', '--name', 'a'], /required option '--cwd <dir>' not specified/],
    [['submit', '--name', 'a', '--cwd', '.', '--prompt', 'x', '--max-retries', 'two'], /expected an integer >= 0/],
    [['logs'], /missing required argument 'task'/],
    // An unset shell variable ("$BUDGET") must not become a $0 cap or a 0 count.
    [['run', 'tasks.toml', '--budget-usd', ''], /--budget-usd.*expected a number of dollars >= 0 \(e\.g\. 5 or 2\.50\), got ""/],
    [['run', 'tasks.toml', '--max-concurrent', ' 3'], /expected an integer >= 1, got " 3"/],
    [['run', 'tasks.toml', '--max-concurrent', '0x10'], /expected an integer >= 1, got "0x10"/],
    [['submit', '--name', 'a', '--cwd', '.', '--prompt', 'x', '--max-retries', ''], /expected an integer >= 0, got ""/],
    [['retry', 'a', '--budget-usd', '1e2'], /expected a number of dollars >= 0/],
    [['metrics', 'push', '--url', 'http://127.0.0.1:9', '--job', ''], /--job.*expected a job name, got an empty value/],
  ])('%j exits 2 with a usage hint and no stack trace', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('init', () => {
  it('writes a manifest that validates and a workflow; refuses to overwrite without --force', () => {
    const dir = tempDir('overseer-init-');
    expect(cli(['init', '--dir', dir]).code).toBe(0);
    expect(existsSync(join(dir, '.github', 'workflows', 'overseer.yml'))).toBe(true);
    expect(cli(['validate', join(dir, 'tasks.toml')]).code).toBe(0);
    const again = cli(['init', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('tasks.toml and');
    expect(again.stderr).toContain('use --force to overwrite');
    writeFileSync(join(dir, 'tasks.toml'), 'changed');
    expect(cli(['init', '--dir', dir, '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'tasks.toml'), 'utf8')).toContain('[[task]]');
  });
});

describe('validate', () => {
  it('a valid file: exit 0 with its counts', () => {
    const { file } = project();
    const r = cli(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${file}: valid (4 tasks, 1 verifier)\n`);
  });

  it('an invalid file: exit 2, FILE:LINE:COL lines on stderr, no stack trace', () => {
    const { file } = project('[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\nmax_retries = -1\ndepends_on = ["zz"]\n');
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      `${file}:5:15: must be >= 0, got the integer -1 (key task[0].max_retries)`,
      `${file}:6:15: depends on unknown task "zz" (key task[0].depends_on[0])`,
    ]);
    expect(r.stderr).toContain('2 problems found; nothing was run');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('--json gives the diagnostics with positions', () => {
    const { file } = project('[[task]]\nname = "a"\ncwd = "."\n');
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Array<{ line: number; col: number; message: string }> };
    expect(out.valid).toBe(false);
    expect(out.diagnostics).toEqual([{ file, line: 1, col: 1, message: 'missing required key "prompt" (or "prompt_file")', key: 'task[0].prompt' }]);
  });

  it('several files in one call: each reported, exit 2 when any is invalid; --json gives an array', () => {
    const good = project().file;
    const bad = project('[[task]]\nname = "a"\ncwd = "."\n').file;
    const missing = join(tempDir(), 'nope.toml');
    const r = cli(['validate', good, bad, missing]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${good}: valid (4 tasks, 1 verifier)\n`);
    expect(r.stderr).toContain(`${bad}:1:1: missing required key "prompt"`);
    expect(r.stderr).toContain('no such file');
    expect(r.stderr).toContain('overseer: 2 of 3 files invalid');
    const json = JSON.parse(cli(['validate', good, bad, '--json']).stdout) as Array<{ file: string; valid: boolean }>;
    expect(json.map((x) => [x.file, x.valid])).toEqual([
      [good, true],
      [bad, false],
    ]);
    expect(cli(['validate', good, good]).code).toBe(0);
  });

  it('a missing file and a directory are exit 2 with a hint', () => {
    const dir = tempDir();
    const missing = cli(['validate', join(dir, 'nope.toml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file (create one with `overseer init`)');
    const directory = cli(['validate', dir]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('is a directory');
    // --json says why too, though there is no position to give.
    const json = cli(['validate', '--json', join(dir, 'nope.toml')]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, diagnostics: [], error: expect.stringContaining('no such file') });
  });
});

describe('plan', () => {
  it('prints the waves of a diamond in order, the critical path and a mermaid graph', () => {
    const { file } = project();
    const r = cli(['plan', file]);
    expect(r.code).toBe(0);
    const waveOf = (task: string) => Number(new RegExp(`^(\\d+)\\s+${task}\\s`, 'm').exec(r.stdout)?.[1]);
    expect([waveOf('top'), waveOf('left'), waveOf('right'), waveOf('bottom')]).toEqual([1, 2, 2, 3]);
    expect(r.stdout).toContain('critical path (3 tasks): top -> left -> bottom');
    expect(r.stdout).toContain('```mermaid\nflowchart LR');
  });

  it('--json matches the manifest', () => {
    const { file } = project();
    const plan = JSON.parse(cli(['plan', file, '--json']).stdout) as {
      waves: string[][];
      critical_path: string[];
      mermaid: string;
      tasks: Array<{ name: string; depends_on: string[]; verifiers: string[] }>;
    };
    expect(plan.waves).toEqual([['top'], ['left', 'right'], ['bottom']]);
    expect(plan.critical_path).toEqual(['top', 'left', 'bottom']);
    expect(plan.tasks.map((t) => t.name)).toEqual(['top', 'left', 'right', 'bottom']);
    expect(plan.tasks[3]).toMatchObject({ depends_on: ['left', 'right'], verifiers: ['run'] });
    expect(plan.mermaid.split('\n').filter((l) => l.includes('-->'))).toHaveLength(4);
    expect(Object.keys(plan)).not.toContain('criticalPath');
  });

  it('a timeout of 0 is shown as none (no limit), not as 0 min', () => {
    const { file } = project(`[[task]]\nname = "solo"\ncwd = "."\nprompt = "x"\ntimeout_min = 0\n[[task]]\nname = "two"\ncwd = "."\nprompt = "x"\n`);
    const out = cli(['plan', file]).stdout;
    expect(out).toMatch(/^1\s+solo\s+claude\s+-\s+2\s+none\s/m);
    expect(out).toMatch(/^1\s+two\s+claude\s+-\s+2\s+45 min\s/m);
  });

  it('counts agree with their nouns: one task in one wave', () => {
    const { file, state } = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "solo"\ncwd = "."\nprompt = "x"\n`);
    expect(cli(['plan', file]).stdout).toContain(': 1 task in 1 wave,');
    expect(cli(['run', file, '--dry-run']).stdout).toContain('dry run: 1 task in 1 wave;');
    expect(cli(['doctor', file, '--json']).stdout).toContain(': 1 task, 0 verifiers');
    expect(cli(['--state-dir', state, 'run', file]).code).toBe(0);
    expect(cli(['--state-dir', state, 'status']).stdout).toMatch(/^1 task: 1 DONE/m);
  });
});

describe('submit and status', () => {
  it('submit creates the ledger with a PENDING task; status shows every state with zeros', () => {
    const { state } = project();
    const r = submit(state, 'a', ['--verify', 'npm test']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('a: submitted\n');
    const s = status(state);
    expect(s.tasks).toEqual([expect.objectContaining({ name: 'a', state: 'PENDING', cause: 'created' })]);
    expect(Object.keys(s.counts)).toHaveLength(10);
    expect(s.counts.PENDING).toBe(1);
    expect(s.counts.DONE).toBe(0);
  });

  it('rejects unknown dependencies, duplicate names and bad names with exit 2', () => {
    const { state } = project();
    expect(submit(state, 'a').code).toBe(0);
    const dep = submit(state, 'b', ['--depends-on', 'a,ghost']);
    expect(dep.code).toBe(2);
    expect(dep.stderr).toContain('--depends-on names unknown task(s): ghost');
    const dup = submit(state, 'a');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('task "a" already exists');
    const bad = submit(state, 'a\tb');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--name: task name must not be blank or hold a control character');
    // As a run checks its manifest: a directory that is not there, a credential the ledger would keep.
    const nodir = cli(['--state-dir', state, 'submit', '--name', 'c', '--cwd', join(state, 'nodir'), '--prompt', 'x']);
    expect(nodir.code).toBe(2);
    expect(nodir.stderr).toContain(`--cwd: ${join(state, 'nodir')} does not exist`);
    const secret = 'planted-db-pw-8841';
    const leaky = cli(['--state-dir', state, 'submit', '--name', 'd', '--cwd', '.', '--prompt', `use ${secret}`, '--verify', `PGPASSWORD=${secret} psql`], { env: { DB_PASSWORD: secret } });
    expect(leaky.code).toBe(2);
    expect(leaky.stderr).toContain('--prompt, --verify: holds the value of $DB_PASSWORD; the ledger keeps it as written');
    expect(leaky.stderr).not.toContain(secret);
    expect(status(state).tasks.map((t) => t.name)).toEqual(['a']);
  });

  it('--depends-on takes a name as written, commas included; it repeats; a list `a,b` still works where no task is named so', () => {
    const { state } = project();
    for (const name of ['lint, then test', 'a', 'b']) expect(submit(state, name).code).toBe(0);
    expect(submit(state, 'after-lint', ['--depends-on', 'lint, then test']).code).toBe(0);
    expect(submit(state, 'repeated', ['--depends-on', 'a', '--depends-on', 'b']).code).toBe(0);
    expect(submit(state, 'listed', ['--depends-on', 'a, b']).code).toBe(0);
    const unknown = submit(state, 'c', ['--depends-on', 'a', '--depends-on', 'lint, then build']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--depends-on names unknown task(s): lint, then build');
    // Who waits on whom, as a cancel shows it: every dependent of a cancelled task is cancelled with it.
    cli(['--state-dir', state, 'cancel', 'lint, then test']);
    expect(status(state).tasks.filter((t) => t.state === 'CANCELLED').map((t) => t.name)).toEqual(['lint, then test', 'after-lint']);
    cli(['--state-dir', state, 'cancel', 'b']);
    expect(status(state).tasks.filter((t) => t.cause === 'dependency-cancelled').map((t) => t.name)).toEqual(['after-lint', 'repeated', 'listed']);
  });

  it('status --state filters; a bad --state is exit 2', () => {
    const { state } = project();
    submit(state, 'a');
    submit(state, 'b');
    cli(['--state-dir', state, 'cancel', 'b']);
    const r = cli(['--state-dir', state, 'status', '--state', 'cancelled', '--json']);
    expect((JSON.parse(r.stdout) as { tasks: Array<{ name: string }> }).tasks.map((t) => t.name)).toEqual(['b']);
    const bad = cli(['--state-dir', state, 'status', '--state', 'SLEEPING']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--state SLEEPING: not a state');
  });

  it('status, logs and events with no ledger: exit 3 and how to start one', () => {
    const { state } = project();
    for (const args of [['status'], ['logs', 'a'], ['events']]) {
      const r = cli(['--state-dir', state, ...args]);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(/overseer run|nothing has run/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it('events: readable lines, and --json lines with the v1 envelope and contiguous seqs', () => {
    const { state } = project();
    submit(state, 'a');
    submit(state, 'b', ['--depends-on', 'a']);
    const text = cli(['--state-dir', state, 'events']).stdout;
    expect(text).toMatch(/task\.transition\s+a: CREATED -> PENDING \(created\)/);
    const lines = cli(['--state-dir', state, 'events', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (const e of lines) {
      expect(e).toMatchObject({ v: 1, run_id: expect.any(String), at: expect.any(String), type: expect.any(String) });
    }
    expect(lines.map((e) => e.type)).toEqual(['control.request', 'task.transition', 'control.request', 'task.transition']);
  });

  it('logs of an unknown task is exit 2; of a task with no attempts, a note', () => {
    const { state } = project();
    submit(state, 'a');
    const unknown = cli(['--state-dir', state, 'logs', 'zz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no task "zz"');
    const none = cli(['--state-dir', state, 'logs', 'a']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('task "a" has no attempts yet (state PENDING)');
  });
});

describe('control', () => {
  it('cancel cascades to waiting dependents; cancelling a terminal task is exit 2', () => {
    const { state } = project();
    submit(state, 'a');
    submit(state, 'b', ['--depends-on', 'a']);
    submit(state, 'c', ['--depends-on', 'b']);
    submit(state, 'd');
    expect(cli(['--state-dir', state, 'cancel', 'a']).stdout).toBe('a: cancelled\n');
    expect(status(state).tasks.map((t) => `${t.name}:${t.state}:${t.cause}`)).toEqual([
      'a:CANCELLED:cancelled',
      'b:CANCELLED:dependency-cancelled',
      'c:CANCELLED:dependency-cancelled',
      'd:PENDING:created',
    ]);
    const again = cli(['--state-dir', state, 'cancel', 'a']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('task "a" is already CANCELLED');
  });

  it('approve and retry of a task that is not NEEDS_HUMAN are exit 2 naming its state', () => {
    const { state } = project();
    submit(state, 'a');
    for (const verb of ['approve', 'retry']) {
      const r = cli(['--state-dir', state, verb, 'a']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`task "a" is PENDING: only a NEEDS_HUMAN task can be ${verb === 'approve' ? 'approved' : 'retried'}`);
    }
  });

  it("the summary's next commands work as copied for a task whose name starts with a dash", () => {
    const { state, file } = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "-x"\ncwd = "."\nprompt = "x"\nbudget_usd = 0\n`);
    expect(cli(['--state-dir', state, 'run', file]).code).toBe(1);
    const summary = cli(['--state-dir', state, 'summary']).stdout;
    const retry = `overseer --state-dir ${state} retry --budget-usd 1 -- -x`;
    const approve = `overseer --state-dir ${state} approve -- -x`;
    expect(summary).toContain(retry);
    expect(summary).toContain(approve);
    // As a shell would split them (no quoting is needed for these).
    const args = (command: string) => command.split(' ').slice(1);
    expect(cli(args(retry)).code).toBe(0);
    expect(status(state).tasks[0]).toMatchObject({ name: '-x', state: 'READY' });
  });

  it('retry of a task whose budget is spent needs a new one: without --budget-usd it is exit 2 saying so', () => {
    const { state, file } = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\nbudget_usd = 0\n`);
    const first = cli(['--state-dir', state, 'run', file]);
    expect(first.code).toBe(1);
    expect(status(state).tasks[0]).toMatchObject({ name: 'a', state: 'NEEDS_HUMAN', cause: 'budget' });
    // The hints name the state directory the run was given, so they work as copied.
    expect(first.stdout).toContain(`next: \`overseer --state-dir ${state} status --state NEEDS_HUMAN\``);
    expect(cli(['--state-dir', state, 'summary']).stdout).toContain(`overseer --state-dir ${state} retry --budget-usd 1 a`);
    const bare = cli(['--state-dir', state, 'retry', 'a']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('task "a" has spent its budget ($0.00 of $0.00): retry it with --budget-usd more than 0');
    expect(status(state).tasks[0]!.state).toBe('NEEDS_HUMAN');
    expect(cli(['--state-dir', state, 'retry', 'a', '--budget-usd', '1']).code).toBe(0);
    expect(status(state).tasks[0]!.state).toBe('READY');
    expect(cli(['--state-dir', state, 'run', file]).code).toBe(0);
  });

  it('drain shows in status; undrain clears it', () => {
    const { state } = project();
    submit(state, 'a');
    expect(cli(['--state-dir', state, 'drain']).code).toBe(0);
    expect(status(state).drained).toBe(true);
    expect(cli(['--state-dir', state, 'status']).stdout).toContain('DRAINED');
    expect(cli(['--state-dir', state, 'undrain']).code).toBe(0);
    expect(status(state).drained).toBe(false);
  });

  it('while another process holds the ledger, requests are queued in the inbox and coord.db is untouched', async () => {
    const { state } = project();
    submit(state, 'a');
    const before = readFileSync(join(state, 'coord.db'));
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('fs').writeFileSync(process.argv[1], JSON.stringify({pid: process.pid, host: ${JSON.stringify(hostname())}, started_at: 'now', proc_start: null})); console.log('held'); setInterval(() => {}, 1000);`,
        join(state, 'coord.db.lock'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    for (const args of [['cancel', 'a'], ['drain'], ['submit', '--name', 'b', '--cwd', '.', '--prompt', 'later']]) {
      const r = cli(['--state-dir', state, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`queued for the supervisor (pid ${holder.pid})`);
    }
    const inbox = readdirSync(join(state, 'inbox')).filter((f) => f.endsWith('.json'));
    expect(inbox).toHaveLength(3);
    const requests = inbox.map((f) => ControlRequestSchema.parse(JSON.parse(readFileSync(join(state, 'inbox', f), 'utf8'))));
    expect(requests.map((r) => r.request).sort()).toEqual(['cancel', 'drain', 'submit']);
    expect(readFileSync(join(state, 'coord.db')).equals(before)).toBe(true);
    // A request that cannot apply is refused at once, even while queued.
    const bad = cli(['--state-dir', state, 'approve', 'a']);
    expect(bad.code).toBe(2);
  });

  it('a command waits for another command to let go of the ledger, then applies its request', async () => {
    const { state } = project();
    submit(state, 'a');
    // A command holding the lock for 400 ms (a parallel submit, slowed down).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); fs.writeFileSync(process.argv[1], JSON.stringify({pid: process.pid, host: ${JSON.stringify(hostname())}, started_at: 'now', proc_start: null, role: 'command'})); console.log('held'); setTimeout(() => fs.unlinkSync(process.argv[1]), 400);`,
        join(state, 'coord.db.lock'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const started = Date.now();
    const r = cli(['--state-dir', state, 'cancel', 'a']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('a: cancelled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(existsSync(join(state, 'inbox'))).toBe(false);
  });

  it('while another command holds the ledger past the wait, requests are refused naming its pid, never queued', async () => {
    const { state } = project();
    submit(state, 'a');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('fs').writeFileSync(process.argv[1], JSON.stringify({pid: process.pid, host: ${JSON.stringify(hostname())}, started_at: 'now', proc_start: null, role: 'command'})); console.log('held'); setInterval(() => {}, 1000);`,
        join(state, 'coord.db.lock'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    for (const args of [['cancel', 'a'], ['submit', '--name', 'b', '--cwd', '.', '--prompt', 'later']]) {
      const r = cli(['--state-dir', state, ...args], { env: { OVERSEER_LOCK_WAIT_MS: '300' } });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`ledger is in use by pid ${holder.pid}`);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    expect(existsSync(join(state, 'inbox'))).toBe(false);
  });
});

describe('the state directory', () => {
  it('comes from --state-dir, else OVERSEER_STATE_DIR, else .overseer', () => {
    const { state } = project();
    submit(state, 'a');
    const elsewhere = tempDir('overseer-empty-');
    const fromEnv = cli(['status'], { cwd: elsewhere, env: { OVERSEER_STATE_DIR: state } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toContain('1 task: 1 PENDING');
    const flagWins = cli(['--state-dir', join(elsewhere, 'none'), 'status'], { cwd: elsewhere, env: { OVERSEER_STATE_DIR: state } });
    expect(flagWins.code).toBe(3);
    expect(flagWins.stderr).toContain(`no ledger at ${join(elsewhere, 'none', 'coord.db')}`);
    const neither = cli(['status'], { cwd: elsewhere });
    expect(neither.stderr).toContain(`no ledger at ${join(elsewhere, '.overseer', 'coord.db')}`);
  });

  it('a file where the state directory should be is exit 2 with one message, whichever command meets it', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    const manifest = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n`).file;
    for (const [dir, args] of [
      [file, ['status']],
      [file, ['run', manifest]],
      [join(file, 'under'), ['submit', '--name', 'x', '--cwd', '.', '--prompt', 'p']],
      [join(file, 'under'), ['events']],
      [file, ['summary']],
    ] as const) {
      const r = cli(['--state-dir', dir, ...args]);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe(`overseer: --state-dir ${dir} is not a directory\n`);
    }
    const fromEnv = cli(['status'], { env: { OVERSEER_STATE_DIR: file } });
    expect(fromEnv.stderr).toBe(`overseer: OVERSEER_STATE_DIR ${file} is not a directory\n`);
    // doctor reports it among its checks; a dry run does not touch it.
    const doctor = cli(['--state-dir', file, 'doctor', manifest, '--json']);
    expect(doctor.code).toBe(3);
    const checks = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; status: string }> }).checks;
    expect(checks).toContainEqual(expect.objectContaining({ name: 'state dir', status: 'fail' }));
    expect(checks).toContainEqual(expect.objectContaining({ name: 'ledger', status: 'skip' }));
    expect(cli(['--state-dir', file, 'run', manifest, '--dry-run']).code).toBe(0);
  });

  it('an empty OVERSEER_STATE_DIR is unset (.overseer), not the current directory; an empty --state-dir is exit 2', () => {
    const dir = tempDir();
    const fromEnv = cli(['status'], { cwd: dir, env: { OVERSEER_STATE_DIR: '' } });
    expect(fromEnv.stderr).toContain(join(dir, '.overseer', 'coord.db'));
    const empty = cli(['--state-dir', '', 'status'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('expected a directory, got an empty value');
  });
});

describe('demo', () => {
  it('writes the six-task demo fleet (making --dir) and runs it; the docs copy is the embedded fleet byte for byte', () => {
    const dir = join(tempDir('overseer-demo-'), 'not', 'yet');
    const r = cli(['demo', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 DONE');
    expect(readFileSync(join(dir, 'tasks.toml'), 'utf8')).toBe(DEMO_FLEET);
    expect(readFileSync(join(repo, 'docs', 'examples', 'demo', 'tasks.toml'), 'utf8')).toBe(DEMO_FLEET);
  });

  it('refuses a --dir with anything in it (its tasks.toml and files would be overwritten), changing nothing', () => {
    const dir = tempDir('overseer-demo-');
    writeFileSync(join(dir, 'tasks.toml'), '# my own fleet\n');
    writeFileSync(join(dir, 'docs.md'), '# my docs\n');
    const r = cli(['demo', '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir} is not an empty directory`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readFileSync(join(dir, 'tasks.toml'), 'utf8')).toBe('# my own fleet\n');
    expect(readFileSync(join(dir, 'docs.md'), 'utf8')).toBe('# my docs\n');
    expect(existsSync(join(dir, '.overseer'))).toBe(false);
  });
});

describe('small promises', () => {
  it('submit stores --cwd where the caller is: a later run from elsewhere works there', async () => {
    const { dir, state } = project();
    mkdirSync(join(dir, 'sub'));
    const r = cli(['--state-dir', state, 'submit', '--name', 'here', '--cwd', '.', '--prompt', '@write WHERE.txt sub', '--agent', 'demo'], { cwd: join(dir, 'sub') });
    expect(r.code, r.stderr).toBe(0);
    const { Ledger } = await import('../../src/ledger/ledger.js');
    const ledger = await Ledger.open({ stateDir: state, mode: 'read' });
    try {
      expect((ledger.task('here')!.spec as { cwd: string }).cwd).toBe(join(dir, 'sub'));
    } finally {
      ledger.close();
    }
  });

  it('a reader that stops reading (events | head -1) ends it quietly: no EPIPE stack trace', () => {
    // Far more than a pipe holds, so the writer is still writing when head has gone.
    const state = mkdtempSync(join(tmpdir(), 'overseer-epipe-'));
    const line = (seq: number) => JSON.stringify({ v: 1, seq, type: 'task.transition', at: '2026-11-26T00:00:00.000Z', run_id: 'r', task_id: 'a', from: 'PENDING', to: 'READY', cause: 'deps-done' });
    writeFileSync(join(state, 'events.ndjson'), `${Array.from({ length: 5000 }, (_, i) => line(i + 1)).join('\n')}\n`);
    for (const json of [[], ['--json']]) {
      const r = spawnSync('sh', ['-c', `node "$CLI" --state-dir "$STATE" events ${json.join(' ')} | head -1 > /dev/null`], {
        env: { ...process.env, CLI: join(repo, 'dist', 'cli.js'), STATE: state },
        encoding: 'utf8',
      });
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stderr).not.toContain('EPIPE');
    }
  });

  it('an error thrown outside a command (in an event handler) is exit 3 as a bug, redacted, not Node\'s trace and exit 1', () => {
    const { state, file } = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "@sleep 2"\n`);
    // A preload that throws from a timer once the run is under way (what a bug in an output handler does).
    const preload = join(state, '..', 'throw-later.mjs');
    writeFileSync(preload, "setTimeout(() => { throw new Error('boom in a handler, key ' + process.env.PLANTED_TOKEN); }, 500);\n");
    const r = cli(['--state-dir', state, 'run', file], { env: { NODE_OPTIONS: `--import ${preload}`, PLANTED_TOKEN: 'planted-token-4471' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('overseer: internal error (this is a bug, please report it):\nError: boom in a handler, key ***');
    expect(r.stderr).not.toContain('planted-token-4471');
  });

  it('a run that ends with tasks it could have started says why: drained, or the run budget spent', () => {
    const drained = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n`);
    expect(submit(drained.state, 'a').code).toBe(0);
    expect(cli(['--state-dir', drained.state, 'drain']).code).toBe(0);
    const r1 = cli(['--state-dir', drained.state, 'run', drained.file]);
    expect(r1.code).toBe(1);
    // The hint names the state directory it was given: copied as printed, it works.
    expect(r1.stdout).toContain(`1 task could start but did not: the ledger is drained (\`overseer --state-dir ${drained.state} undrain\`, then \`overseer --state-dir ${drained.state} run\`)`);

    const spent = project(`[fleet]\nagent = "demo"\nmax_concurrent = 2\nbudget_usd = 0.01\n[[task]]\nname = "a"\ncwd = "."\nprompt = "@cost 0.05"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "x"\n`);
    const r2 = cli(['--state-dir', spent.state, 'run', spent.file]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain("1 task could start but did not: the run's budget ($0.01) is spent");
    expect(r2.stderr).toContain('2 tasks have no budget_usd of their own: under the run\'s cap (0.01 USD) each may spend all that is left, so they run one at a time');
  });

  it('run --agent command needs every task to have a role with a program: exit 2 before anything runs or is written', () => {
    const { dir, state, file } = project(`[roles.r]\ncommand = ["sh", "-c", "true"]\n[[task]]\nname = "ok"\ncwd = "."\nprompt = "x"\nrole = "r"\n[[task]]\nname = "bare"\ncwd = "."\nprompt = "y"\n`);
    for (const extra of [['--dry-run'], []]) {
      const r = cli(['--state-dir', state, 'run', file, '--agent', 'command', ...extra], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--agent command runs the program of each task\'s role, and task bare has no role that sets command = ["./agent.sh"]');
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    expect(existsSync(state)).toBe(false);
    // With every task given a role that names a program, it runs.
    const all = project(`[roles.r]\ncommand = ["sh", "-c", "true"]\n[[task]]\nname = "ok"\ncwd = "."\nprompt = "x"\nrole = "r"\n`);
    const r = cli(['--state-dir', all.state, 'run', all.file, '--agent', 'command']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('submit --agent command --role R is checked by the run whose manifest defines R: it runs, or needs a human', () => {
    const runs = project(`[roles.r]\ncommand = ["sh", "-c", "true"]\n[[task]]\nname = "seed"\ncwd = "."\nprompt = "x"\nagent = "demo"\n`);
    expect(submit(runs.state, 'sub', ['--agent', 'command', '--role', 'r']).code).toBe(0);
    const r1 = cli(['--state-dir', runs.state, 'run', runs.file]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(status(runs.state).tasks.find((t) => t.name === 'sub')!.state).toBe('DONE');

    // The run's manifest has no program for that role: that task needs a person; no crash, no stack trace.
    const lacks = project(`[[task]]\nname = "seed"\ncwd = "."\nprompt = "x"\nagent = "demo"\n`);
    expect(submit(lacks.state, 'sub', ['--agent', 'command', '--role', 'r']).code).toBe(0);
    const r2 = cli(['--state-dir', lacks.state, 'run', lacks.file]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('sub: agent "command" needs a program');
    expect(r2.stderr).not.toMatch(STACK_FRAME);
    expect(status(lacks.state).tasks.find((t) => t.name === 'sub')).toMatchObject({ state: 'NEEDS_HUMAN', cause: 'config' });
    // Without a role, no run could give it a program: refused at once.
    const none = submit(lacks.state, 'norole', ['--agent', 'command']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('agent "command" needs a program');
  });

  it('a cwd that is missing or not a directory stops a run before it starts: FILE:LINE:COL, exit 2; the dry run warns', () => {
    const { dir, state, file } = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "nope"\nprompt = "x"\n[[task]]\nname = "b"\ncwd = "tasks.toml"\nprompt = "y"\n[[task]]\nname = "c"\ncwd = "."\nprompt = "z"\n`);
    const r = cli(['--state-dir', state, 'run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5:7: cwd "nope" does not exist (${join(dir, 'nope')}) (key task[0].cwd)`);
    expect(r.stderr).toContain(`${file}:9:7: cwd "tasks.toml" is not a directory (${file}) (key task[1].cwd)`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(state)).toBe(false);
    const dry = cli(['--state-dir', state, 'run', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`${file}:5:7: cwd "nope" does not exist (${join(dir, 'nope')}) (key task[0].cwd): a run stops here (exit 2)`);
    // validate does not look: the tree may be on another machine.
    expect(cli(['validate', file]).code).toBe(0);
  });

  it('a task budget over the run budget, or a brain verifier with no model, stops a run before any agent is paid; the dry run warns and shows the cap a run passes', () => {
    const { dir, state, file } = project(
      `[fleet]\nbudget_usd = 1.5\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "y"\nbudget_usd = 3.0\n[[task.verify]]\nbrain = "Is it right?"\n`,
    );
    const env = { PATH: `${join(import.meta.dirname, '..', 'helpers', 'bin')}:${process.env.PATH}`, FAKE_CLAUDE_LOG: join(dir, 'claude.log'), OVERSEER_BRAIN_MODEL: '' };
    const r = cli(['--state-dir', state, 'run', file], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${file}:11:14: budget_usd $3.00 is more than the run's budget ($1.50): the task could never start`);
    expect(r.stderr).toContain(`${file}:13:1: no model for the brain verifier (b): set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(state)).toBe(false);
    // --budget-usd is the run's cap: under 10 the budget fits, and a model from the environment is one.
    const dry = cli(['--state-dir', state, 'run', file, '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/:11:14: budget_usd \$3\.00 is more than [^\n]*\(key task\[1\]\.budget_usd\): a run stops here \(exit 2\)\n/);
    // The cap each agent is given is what a run passes: the lower of the task's and the run's.
    expect(dry.stdout).toMatch(/\n {2}claude -p [^\n]*--max-budget-usd 1\.5000 [^\n]*\nb /);
    expect(dry.stdout).toMatch(/\nb [^\n]*\n {2}claude -p [^\n]*--max-budget-usd 1\.5000 /);
    const fits = cli(['--state-dir', state, 'run', file, '--dry-run', '--budget-usd', '10'], { env: { ...env, OVERSEER_BRAIN_MODEL: 'judge' } });
    expect(fits.stderr).not.toContain('a run stops here');
    expect(fits.stdout).toMatch(/\nb [^\n]*\n {2}claude -p [^\n]*--max-budget-usd 3\.0000 /);
    const ftp = cli(['--state-dir', state, 'run', file, '--budget-usd', '10'], { env: { ...env, OVERSEER_BRAIN_MODEL: 'judge', OVERSEER_BRAIN_URL: 'ftp://127.0.0.1/v1' } });
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain(`${file}:13:1: the brain endpoint's URL (OVERSEER_BRAIN_URL) is not http(s) (ftp:)`);
  });

  it('after an empty [[task.verify]] (skipped), a judge with no model and a credential in a verifier are named at their own lines', () => {
    const { dir, state, file } = project(
      `[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n[[task.verify]]\n[[task.verify]]\nrun = "curl -H 'x: sk-abcdefghijklmnopqrstuvwxyz123456' http://x"\n[[task.verify]]\nbrain = "Is it right?"\n`,
    );
    const env = { PATH: `${join(import.meta.dirname, '..', 'helpers', 'bin')}:${process.env.PATH}`, FAKE_CLAUDE_LOG: join(dir, 'claude.log'), OVERSEER_BRAIN_MODEL: '', OPENAI_API_KEY: 'sk-abcdefghijklmnopqrstuvwxyz123456' };
    const r = cli(['--state-dir', state, 'run', file], { env });
    expect(r.code, r.stderr).toBe(2);
    // The keys are the file's: verify[1] and verify[2] of task[0], not the manifest's verify[0] and verify[1].
    expect(r.stderr).toContain(`${file}:7:7: this value holds the value of $OPENAI_API_KEY;`);
    expect(r.stderr).toContain('(key task[0].verify[1].run)');
    expect(r.stderr).toContain(`${file}:9:1: no model for the brain verifier (a): set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL, or model on the verifier (key task[0].verify[2].brain)`);
    const dry = cli(['--state-dir', state, 'run', file, '--dry-run'], { env: { ...env, OVERSEER_BRAIN_MODEL: 'judge', OVERSEER_BRAIN_URL: 'ftp://127.0.0.1/v1' } });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`${file}:9:1: the brain endpoint's URL (OVERSEER_BRAIN_URL) is not http(s) (ftp:) (key task[0].verify[2].brain): a run stops here (exit 2)`);
    expect(dry.stdout).toContain('2 verifiers');
  });

  it('a resumed run does not refuse a task its ledger has already ended for a budget over this run\'s', () => {
    const a = `[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\nbudget_usd = 8\n`;
    const { state, file } = project(a);
    expect(cli(['--state-dir', state, 'run', file, '--budget-usd', '10']).code).toBe(0);
    writeFileSync(file, `${a}[[task]]\nname = "b"\ncwd = "."\nprompt = "y"\nbudget_usd = 1\n`);
    const again = cli(['--state-dir', state, 'run', file, '--budget-usd', '5']);
    expect(again.code, again.stderr).toBe(0);
    expect(status(state).tasks.map((t) => [t.name, t.state])).toEqual([['a', 'DONE'], ['b', 'DONE']]);
  });

  it('events --follow started before there is a ledger waits for one, and prints the run that comes', async () => {
    const { state, file } = project(`[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n`);
    const follower = spawn(process.execPath, [CLI, '--state-dir', state, 'events', '--follow', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => follower.once('exit', (code) => r(code)));
    try {
      await new Promise((r) => setTimeout(r, 800));
      // It used to end here, with exit code 13 and nothing printed.
      expect(follower.exitCode).toBeNull();
      expect(cli(['--state-dir', state, 'run', file]).code).toBe(0);
      for (let i = 0; i < 60 && !out.includes('"run.finished"'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toContain('run.finished');
    } finally {
      follower.kill('SIGINT');
      await exited;
    }
  }, 30_000);

  it('a mistyped URL option with a password in it is refused without printing the password back', () => {
    for (const args of [['metrics', 'push', '--url', 'http:/ci:Sup3rS3cret@pushgw.internal:9091'], ['run', '--pushgateway-url', 'https//ci:Sup3rS3cret@gw', 'x.toml']]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('is invalid. expected an http(s) URL');
      expect(r.stderr).toContain('ci:***@');
      expect(r.stderr + r.stdout).not.toContain('Sup3rS3cret');
    }
  });

  it('task names as claudectl takes them (spaces, other scripts, a slash, "..") run, and their logs stay inside logs/', () => {
    const names = ['..', '修复-测试', 'auth/middleware:v2', 'fix flaky test'];
    const toml = names.map((n, i) => `[[task]]\nname = ${JSON.stringify(n)}\ncwd = "."\nprompt = "x"\nagent = "demo"\n${i > 0 ? `depends_on = [${JSON.stringify(names[i - 1])}]\n` : ''}${i === 3 ? 'max_retries = 0\n[[task.verify]]\nrun = "false"\n' : ''}`).join('\n');
    const { state, file } = project(toml);
    const r = cli(['--state-dir', state, 'run', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(status(state).tasks.map((t) => [t.name, t.state])).toEqual([...names.slice(0, 3).map((n) => [n, 'DONE']), ['fix flaky test', 'NEEDS_HUMAN']]);
    // One directory per task under logs/, none outside it.
    const logs = readdirSync(join(state, 'logs'));
    expect(logs).toHaveLength(4);
    expect(readdirSync(state).filter((f) => f.endsWith('.log'))).toEqual([]);
    const first = cli(['--state-dir', state, 'logs', 'fix flaky test']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(0);
    // The commands to continue quote the name, so they work as copied.
    expect(cli(['--state-dir', state, 'summary']).stdout).toContain(`overseer --state-dir ${state} retry 'fix flaky test'`);
  });

  it("claudectl's own manifests (test/fixtures/manifests/claudectl/upstream) validate, plan, dry-run and run as written", () => {
    const upstream = join(repo, 'test', 'fixtures', 'manifests', 'claudectl', 'upstream');
    const dir = tempDir('overseer-claudectl-');
    mkdirSync(join(dir, 'services'));
    for (const name of readdirSync(upstream)) {
      const file = join(dir, name);
      writeFileSync(file, readFileSync(join(upstream, name)));
      for (const args of [['validate', file], ['plan', file], ['run', file, '--dry-run']]) {
        const r = cli(args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      }
    }
    // The two with no verifiers run to DONE with the demo agent (a brain verifier needs a model, `cargo` a Rust project).
    for (const name of ['dependency-chain.toml', 'fan-out.toml']) {
      const state = join(dir, `.overseer-${name}`);
      const r = cli(['--state-dir', state, 'run', join(dir, name), '--agent', 'demo']);
      expect(r.code, r.stderr).toBe(0);
      expect(status(state).tasks.map((t) => t.state)).toEqual(['DONE', 'DONE', 'DONE']);
    }
  });

  it('the dry run shows each agent reading its prompt on stdin (codex too, as `-`)', () => {
    const { dir } = project(
      `[fleet]\n[roles.s]\nagent = "command"\ncommand = ["./agent.sh", "--go"]\n[[task]]\nname = "c"\ncwd = "."\nprompt = "x"\nagent = "codex"\n[[task]]\nname = "k"\ncwd = "."\nprompt = "y"\nagent = "claude"\n[[task]]\nname = "s"\ncwd = "."\nprompt = "z"\nrole = "s"\n`,
    );
    const r = cli(['run', join(dir, 'tasks.toml'), '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/codex exec [^\n]* - {3}# prompt on stdin\n/);
    expect(r.stdout).toMatch(/claude -p [^\n]*# prompt on stdin/);
    expect(r.stdout).toMatch(/\.\/agent\.sh --go {3}# prompt on stdin/);
  });
});

describe('a path that is not what a command needs', () => {
  it('is a message naming the path and what is wrong with it, never a stack trace', () => {
    const dir = tempDir();
    const file = join(dir, 'afile');
    writeFileSync(file, 'x');
    mkdirSync(join(dir, 'manifest-dir', 'tasks.toml'), { recursive: true });
    for (const [args, path] of [
      [['init', '--dir', file], file],
      [['init', '--dir', join(dir, 'manifest-dir'), '--force'], join(dir, 'manifest-dir', 'tasks.toml')],
      // A file as the state directory: see 'a file where the state directory should be'.
    ] as const) {
      const r = cli([...args], { cwd: dir });
      expect([2, 3], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr).toMatch(/^overseer: cannot \w+ /);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

describe('no stack traces for bad input', () => {
  it.each([
    [['validate', '/dev/null']],
    [['plan', '/nonexistent/tasks.toml']],
    [['--state-dir', '/proc/forbidden', 'submit', '--name', 'a', '--cwd', '.', '--prompt', 'x']],
    [['retry', 'a', '--budget-usd', '-3']],
  ])('%j', (args) => {
    mkdirSync(tempDir(), { recursive: true });
    const r = cli(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).toMatch(/^overseer: |:\d+:\d+: |error: /m);
  });
});
