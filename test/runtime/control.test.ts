// Control requests as the supervisor takes them from its inbox: a request file is just a file, so a
// malformed one is refused as the user's error (the supervisor warns and goes on), never a crash.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { liveHolder } from '../../src/ledger/lock.js';
import { applyRequest, deliver } from '../../src/runtime/control.js';
import { ledgerWith, taskOf, tempDir } from '../helpers/ledger.js';

let ledger: Ledger | undefined;
afterEach(() => {
  ledger?.close();
  ledger = undefined;
});

const submit = (spec: Record<string, unknown>) => ({ request: 'submit' as const, task_id: 'new', spec: { name: 'new', cwd: '.', ...spec }, by: 'test' });

describe('a submitted task from the inbox', () => {
  it.each([
    ['depends_on that is not a list', { prompt: 'x', depends_on: 'ab' }, 'depends_on must be a list of task names'],
    ['a prompt_file instead of the prompt', { prompt_file: 'p.md' }, 'carries no prompt text'],
  ])('%s is refused as the user\'s error, and nothing is added', async (_name, spec, message) => {
    ledger = await ledgerWith(tempDir(), ['a']);
    let thrown: unknown;
    try {
      applyRequest(ledger, submit(spec));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toContain(message);
    expect(ledger.task('new')).toBeUndefined();
  });

  it('"depends_on": null (a script\'s None) is none: the task is added, kept with a list, never an internal error', async () => {
    ledger = await ledgerWith(tempDir(), ['a']);
    applyRequest(ledger, submit({ prompt: 'x', depends_on: null }));
    expect(ledger.task('new')?.spec.depends_on).toEqual([]);
  });

  it('a well-formed one is added with its dependencies, and the defaults a manifest task gets', async () => {
    ledger = await ledgerWith(tempDir(), ['a']);
    applyRequest(ledger, submit({ prompt: 'x', depends_on: ['a'] }));
    expect(ledger.task('new')?.state).toBe('PENDING');
    expect(ledger.task('new')?.spec).toMatchObject({ depends_on: ['a'], max_retries: 2, timeout_min: 45, verify: [] });
  });
});

describe('a request queued as the supervisor lets the ledger go', () => {
  /** A ledger held as `overseer run` holds it, with task `a`. */
  async function supervised(dir: string): Promise<Ledger> {
    const held = await Ledger.open({ stateDir: dir, mode: 'write', create: true, role: 'supervisor' });
    held.addTasks([taskOf('a')]);
    held.commit();
    return held;
  }
  const inbox = (dir: string) => (existsSync(join(dir, 'inbox')) ? readdirSync(join(dir, 'inbox')) : []);

  it('seen held by a supervisor that has read its inbox for the last time, it is applied by the command itself, not left for a run that may never come', async () => {
    const dir = tempDir();
    const held = await supervised(dir);
    // deliver() finds the lock held by the supervisor before it returns its promise; the
    // supervisor then ends (its last look at the inbox found nothing) before the request is written.
    const delivered = deliver(dir, { request: 'cancel', task_id: 'a', by: 'test' });
    held.close();
    expect(await delivered).toEqual({ mode: 'applied' });
    const after = await Ledger.open({ stateDir: dir, mode: 'read' });
    try {
      expect(after.task('a')?.state).toBe('CANCELLED');
    } finally {
      after.close();
    }
    expect(inbox(dir)).toEqual([]);
  });

  it("taken by the ending supervisor's last look, which then holds the ledger past the command's wait: queued (it was applied there), not an error", async () => {
    const dir = tempDir();
    const held = await supervised(dir);
    const delivered = deliver(dir, { request: 'drain', by: 'test' }, { waitMs: 200 });
    held.stopTakingRequests();
    // The last look: it applies what it finds and removes the file, then takes its time to close.
    const took = new Promise<void>((resolve) => {
      const look = setInterval(() => {
        const [file] = inbox(dir);
        if (file === undefined) return;
        clearInterval(look);
        applyRequest(held, { request: 'drain', by: 'test' });
        held.commit();
        rmSync(join(dir, 'inbox', file));
        resolve();
      }, 2);
    });
    await took;
    const answer = await delivered;
    held.close();
    expect(answer).toMatchObject({ mode: 'queued' });
    const after = await Ledger.open({ stateDir: dir, mode: 'read' });
    try {
      expect(after.control('drain')).toBe('1');
    } finally {
      after.close();
    }
  });

  it('a supervisor that takes no more requests says so in its lock: a command waits for it, then applies its own', async () => {
    const dir = tempDir();
    const held = await supervised(dir);
    held.stopTakingRequests();
    expect(liveHolder(held.paths.lock)?.role).toBe('command');
    const delivered = deliver(dir, { request: 'drain', by: 'test' });
    setTimeout(() => held.close(), 100);
    expect(await delivered).toEqual({ mode: 'applied' });
    expect(existsSync(held.paths.lock)).toBe(false);
    expect(inbox(dir)).toEqual([]);
  });
});
