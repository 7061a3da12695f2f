// Control requests as the supervisor takes them from its inbox: a request file is just a file, so a
// malformed one is refused as the user's error (the supervisor warns and goes on), never a crash.

import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { Ledger } from '../../src/ledger/ledger.js';
import { applyRequest } from '../../src/runtime/control.js';
import { ledgerWith, tempDir } from '../helpers/ledger.js';

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
