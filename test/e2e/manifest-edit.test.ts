// A tasks.toml edited between two `overseer run`s on one ledger: the usual fix after a task needs a
// human (a better verifier, prompt or budget), run by the built CLI with the demo agent.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, STACK_FRAME } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';

const FAST = { OVERSEER_KILL_GRACE_MS: '300', OVERSEER_BACKOFF_BASE_MS: '50' };

describe('a manifest edited after a run', () => {
  it('a NEEDS_HUMAN task whose verifier was fixed passes on `retry` with the new one; its blocked dependent runs its edited prompt; a DONE task is not run again', () => {
    const dir = tempDir('overseer-edit-');
    const file = join(dir, 'tasks.toml');
    const state = join(dir, '.overseer');
    const fleet = (verifier: string, dependent: string, done: string) =>
      `[fleet]\nagent = "demo"\n` +
      `[[task]]\nname = "done"\ncwd = "."\nprompt = "${done}"\n\n` +
      `[[task]]\nname = "a"\ncwd = "."\nprompt = "@write a.txt hello"\nmax_retries = 0\n[[task.verify]]\nrun = "${verifier}"\n\n` +
      `[[task]]\nname = "b"\ncwd = "."\nprompt = "${dependent}"\ndepends_on = ["a"]\n`;
    const run = () => cli(['--state-dir', state, 'run', file], { env: FAST });
    const overseer = (...args: string[]) => cli(['--state-dir', state, ...args], { env: FAST });

    writeFileSync(file, fleet('grep -q bye a.txt', '@write b.txt first', '@write done.txt once'));
    expect(run().code).toBe(1);
    expect(overseer('status', '--json').stdout).toContain('"NEEDS_HUMAN": 1');

    writeFileSync(file, fleet('grep -q hello a.txt', '@write b.txt edited', '@append done.txt again'));
    const edited = run();
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain(`task a changed in the manifest: it still needs a human: \`overseer --state-dir ${state} retry a\` runs it with the new spec`);
    expect(edited.stderr).toContain('task done changed in the manifest since it was recorded; the ledger keeps the recorded spec: it is DONE and is not run again');
    expect(edited.stderr).not.toMatch(STACK_FRAME);

    expect(overseer('retry', 'a').code).toBe(0);
    const fixed = run();
    expect(fixed.stderr).not.toMatch(STACK_FRAME);
    expect(fixed.code).toBe(0);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('edited\n');
    expect(readFileSync(join(dir, 'done.txt'), 'utf8')).toBe('once\n');
  });

  it('a budget_usd raised in the file after a `retry --budget-usd` ran out lets a plain `retry` run the task', () => {
    const dir = tempDir('overseer-edit-');
    const file = join(dir, 'tasks.toml');
    const state = join(dir, '.overseer');
    const fleet = (budget: number, verifier: string) =>
      `[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "@write a.txt hello\\n@cost 1"\nbudget_usd = ${budget}\nmax_retries = 3\n[[task.verify]]\nrun = "${verifier}"\n`;
    const overseer = (...args: string[]) => cli(['--state-dir', state, ...args], { env: FAST });

    writeFileSync(file, fleet(1.5, 'grep -q bye a.txt'));
    expect(overseer('run', file).code).toBe(1);
    expect(overseer('retry', 'a', '--budget-usd', '3').code).toBe(0);
    expect(overseer('run', file).code).toBe(1);
    expect(overseer('status', '--json').stdout).toContain('"cause": "budget"');

    writeFileSync(file, fleet(10, 'grep -q hello a.txt'));
    expect(overseer('run', file).stderr).toContain(`task a changed in the manifest: it still needs a human: \`overseer --state-dir ${state} retry a\` runs it with the new spec`);
    const retried = overseer('retry', 'a');
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(overseer('run', file).code).toBe(0);
  });
});
