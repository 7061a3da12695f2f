// The action's post step, run even when main failed or the job was cancelled: complete the check
// runs a main that did not finish left in_progress, save the ledger to the Actions cache under a
// fresh key and upload the run's files as an artifact. It never fails the job.

import * as core from '@actions/core';
import { plural } from '../core/format.js';
import type { RunContext } from '../github/context.js';
import { completeAbandoned, statusContext, statusUnfinished } from '../github/gate.js';
import { saveLedger, uploadRun } from '../github/state.js';
import type { GitHubApi } from '../github/api.js';
import { actionContext, githubApi, readInputs } from './inputs.js';

async function post(): Promise<void> {
  const stateDir = core.getState('state-dir');
  if (!stateDir || core.getState('mode') !== 'run') {
    core.info('overseer post: nothing to keep (validate and dry-run write no ledger)');
    return;
  }
  const inputs = readInputs();
  const ctx = actionContext(inputs, 'post');
  const checks = core.getState('checks') === 'on';
  const status = core.getState('status') === 'on';
  if ((checks || status) && core.getState('reported') !== 'true') await completeUnreported(githubApi(inputs.token, ctx), ctx, { checks, status });
  if (core.getState('cache') !== 'false') {
    const key = await saveLedger(ctx, stateDir, core.warning);
    if (key) core.info(`ledger saved to the Actions cache as ${key}`);
  }
  const name = await uploadRun(core.getState('artifact-name') || 'overseer', ctx, stateDir, core.warning);
  if (name) core.info(`run files uploaded as artifact ${name}`);
}

/**
 * Main may have started check runs and did not report (killed, or it failed): none may stay
 * in_progress, and the aggregate status says why there is no verdict.
 */
async function completeUnreported(api: GitHubApi, ctx: RunContext, wrote: { checks: boolean; status: boolean }): Promise<void> {
  if (wrote.checks) {
    const completed = await completeAbandoned(api, ctx);
    if (completed) core.info(`the main step did not finish: completed ${plural(completed, 'check run')} it left in_progress (action_required)`);
  }
  if (wrote.status && ctx.sha && (await statusUnfinished(api, ctx))) core.info(`the main step did not finish: ${statusContext(ctx)} is pending, saying so`);
}

try {
  await post();
} catch (err) {
  core.warning(`overseer post step: ${(err as Error)?.message ?? String(err)}`);
}
