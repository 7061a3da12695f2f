// The action's post step, run even when main failed or the job was cancelled: save the ledger to the
// Actions cache under a fresh key and upload the run's files as an artifact. It never fails the job.

import * as core from '@actions/core';
import { eventPayload, runContext } from '../github/context.js';
import { saveLedger, uploadRun } from '../github/state.js';

async function post(): Promise<void> {
  const stateDir = core.getState('state-dir');
  if (!stateDir || core.getState('mode') !== 'run') {
    core.info('overseer post: nothing to keep (validate and dry-run write no ledger)');
    return;
  }
  const ctx = runContext(process.env, eventPayload(process.env));
  if (core.getState('cache') !== 'false') {
    const key = await saveLedger(ctx, stateDir, core.warning);
    if (key) core.info(`ledger saved to the Actions cache as ${key}`);
  }
  const name = await uploadRun(core.getState('artifact-name') || 'overseer', ctx, stateDir, core.warning);
  if (name) core.info(`run files uploaded as artifact ${name}`);
}

try {
  await post();
} catch (err) {
  core.warning(`overseer post step: ${(err as Error)?.message ?? String(err)}`);
}
