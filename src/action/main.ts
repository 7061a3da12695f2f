// The action's main step: read the inputs, restore the ledger from the cache, run the same engine as
// `overseer run`, then report: summary.json, the outputs, the job summary, check runs, the commit
// status and the sticky PR comment. The post step saves the cache and uploads the artifact.

import * as core from '@actions/core';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { plural } from '../core/format.js';
import { fromSystemError, InputError, UserError } from '../core/errors.js';
import { brainKeyEnv } from '../core/manifest.js';
import { ENDED_STATES, type TaskState } from '../core/model.js';
import { makeRedactor } from '../core/redact.js';
import { planSummary, renderSummary, totals, type RunSummary } from '../core/summary.js';
import type { RunContext } from '../github/context.js';
import { FULL_PERMISSIONS } from '../github/api.js';
import { Gate, type Receipt } from '../github/gate.js';
import { restoreLedger, type Restored } from '../github/state.js';
import { ensureDir } from '../ledger/file.js';
import { Ledger, ledgerPaths } from '../ledger/ledger.js';
import { liveHolder } from '../ledger/lock.js';
import { runSummaryOf, summaryJson } from '../ledger/report.js';
import { formatDiagnostic, loadManifest, ManifestError, type LoadedManifest } from '../manifest/load.js';
import { secretsFrom } from '../runtime/env.js';
import { startSpawnHelper } from '../runtime/helper.js';
import { runFleet } from '../runtime/supervisor.js';
import { actionContext, githubApi, readInputs, type ActionInputs } from './inputs.js';

// The summary's next commands: the CLI on this run's ledger (docs/action.md, Continuing a task).
const CLI = 'overseer';

async function main(): Promise<void> {
  const inputs = readInputs();
  const stateDir = resolve(inputs.stateDir);
  const ctx = actionContext(inputs, 'main');
  core.saveState('state-dir', stateDir);
  core.saveState('mode', inputs.mode);
  core.saveState('cache', String(inputs.cache));
  core.saveState('artifact-name', inputs.artifactName);

  const loaded = loadManifest(inputs.tasks);
  core.info(`${inputs.tasks}: valid (${plural(loaded.manifest.task.length, 'task')})`);
  if (inputs.mode === 'validate') return;
  if (inputs.mode === 'dry-run') {
    if (inputs.summary) await writeSummary(renderSummary(planSummary(loaded.manifest)), `\`${CLI} plan ${inputs.tasks}\` shows the same plan`);
    return;
  }
  // Only a run writes them.
  core.setOutput('ledger-path', join(stateDir, 'coord.db'));
  core.setOutput('events-path', join(stateDir, 'events.ndjson'));

  // run. The spawn helper boots while the ledger is restored (see startSpawnHelper); a fork runs nothing.
  if (!ctx.fork) startSpawnHelper();
  await setAsideOtherRun(stateDir, ctx.runId, loaded.file);
  if (inputs.cache) core.info(restoredText(await restoreLedger(ctx, stateDir, core.warning), stateDir));
  const receipts = await readReceipts(stateDir);
  const gate = openGate(inputs, ctx, receipts);
  if (ctx.fork) core.warning(FORK_REASON);
  else await runWithGate(inputs, ctx, loaded, stateDir, gate);
  await report(inputs, ctx, loaded, stateDir, gate && { gate, receipts });
}

const FORK_REASON =
  'This pull request comes from a fork: overseer does not run agents on forks (no secrets are available to them, and none should be). A maintainer can run the fleet on a branch of this repository.';

/** Check runs, the commit status and the PR comment, when the token may write them; undefined when not (and why, once). */
function openGate(inputs: ActionInputs, ctx: RunContext, receipts: Map<string, Receipt>): Gate | undefined {
  // A fork's pull_request gets a read-only token whatever the workflow asks (GitHub's rule for public
  // forks): a write could only be refused, and its warning would ask for permissions already given.
  const readOnly = ctx.fork && process.env.GITHUB_EVENT_NAME === 'pull_request';
  const api = inputs.token && !readOnly ? githubApi(inputs.token, ctx) : undefined;
  if (readOnly) core.notice('a pull request from a fork gets a read-only token: no check runs, status or comment are written; the job summary has the result');
  else if (!api) {
    // The usual cause: `github-token: ${{ secrets.X }}` where the run may not read X (Dependabot's PRs, forks).
    core.warning(
      `github-token is empty (a secret this run may not read is empty, as on Dependabot's pull requests): check runs, the commit status and the PR comment are off; the job summary and artifacts have the results. To gate, leave github-token unset (its default is \${{ github.token }}) and give the job \`${FULL_PERMISSIONS}\``,
    );
  }
  if (!api || !ctx.sha) return undefined;
  const forkReason = ctx.fork ? FORK_REASON : undefined;
  const gate = new Gate(api, ctx, { checks: inputs.checks, comment: inputs.comment ?? ctx.pullRequest !== null, forkReason, receipts });
  // From here check runs may go in_progress: if this step does not get to report, the post step completes them.
  if (inputs.checks) core.saveState('checks', 'on');
  // From here the status may say "Running": if this step does not report, the post step says why not.
  if (!forkReason) core.saveState('status', 'on');
  return gate;
}

/** The engine, as `overseer run` runs it, with the checks following its events. */
async function runWithGate(inputs: ActionInputs, ctx: RunContext, loaded: LoadedManifest, stateDir: string, gate: Gate | undefined): Promise<void> {
  const env = engineEnv(inputs, brainKeyEnv(loaded.manifest));
  const redact = makeRedactor([...secretsFrom(env, [brainKeyEnv(loaded.manifest)]), inputs.token, inputs.brainApiKey]);
  const seen: Seen = new Map();
  // "Running" goes out with the run's first events, once its checks before the start have passed: a
  // fleet that cannot run here (a missing cwd, a task over the run's budget) fails its status instead,
  // saying why ("Running", then post's "did not finish, re-run", would send someone to re-run it).
  let begun = false;
  const outcome = await runFleet({
    loaded,
    stateDir,
    maxConcurrent: inputs.maxConcurrent,
    budgetUsd: inputs.budgetUsd,
    redact,
    env,
    warn: (m) => core.warning(redact(m)),
    onEvents: (lines) => {
      for (const line of lines) {
        core.info(redact(line));
        if (!gate) continue;
        // Not awaited: the status goes out while the fleet starts (finish waits for every queued write).
        if (!begun) void gate.begin(loaded.manifest.task.length);
        begun = true;
        follow(gate, seen, line);
      }
    },
    metrics: { prefix: inputs.metricsPrefix, pushUrl: inputs.pushgatewayUrl },
    // No control requests on a runner: only the agents could write them.
    inbox: false,
    // Which workflow run this ledger is: the next one on this machine does not continue it.
    meta: { [GITHUB_RUN_META]: ctx.runId },
  }).catch(async (err: unknown) => {
    // Refused before it began (a task's cwd missing, a state-dir that is a file, a ledger in use): the
    // status says why, not post's "did not finish, re-run", as a re-run meets the same refusal.
    const refusal = begun ? undefined : refusalOf(err);
    if (refusal !== undefined) {
      await gate?.refused(refusal);
      core.saveState('reported', 'true');
    }
    throw err;
  });
  core.info(`run finished: exit ${outcome.exitCode}`);
}

/** What a user error says, in a status's few words; undefined for a bug. */
function refusalOf(err: unknown): string | undefined {
  if (err instanceof ManifestError) {
    const [first, ...more] = err.diagnostics;
    return `${formatDiagnostic(first!)}${more.length > 0 ? ` (and ${more.length} more)` : ''}`;
  }
  return (err instanceof UserError ? err : fromSystemError(err))?.message;
}

/** The run's results: summary.json, the outputs, the job summary, the checks' last word and the step's own verdict. */
async function report(inputs: ActionInputs, ctx: RunContext, loaded: LoadedManifest, stateDir: string, github: { gate: Gate; receipts: Map<string, Receipt> } | undefined): Promise<void> {
  const run = await summarize(stateDir, loaded, ctx);
  const t = totals(run.tasks);
  // The outputs go first, as soon as they are known: GitHub's final writes below are retried for about
  // a minute each while it is down, and a step cancelled or timed out meanwhile has still written them
  // (core.setOutput appends to GITHUB_OUTPUT at once; the runner reads the file when the step ends).
  core.setOutput('verdict', t.verdict);
  core.setOutput('done', String(t.counts.DONE));
  core.setOutput('needs-human', String(t.counts.NEEDS_HUMAN));
  core.setOutput('cancelled', String(t.counts.CANCELLED));
  core.setOutput('cost-usd', t.costUsd.toFixed(4));
  // On a fork nothing ran: the summary says why before it lists the tasks that waited.
  if (inputs.summary) await writeSummary(`${ctx.fork ? `> ${FORK_REASON}\n\n` : ''}${renderSummary(run)}`);
  if (github) {
    await github.gate.finish(run);
    await writeReceipts(stateDir, github.receipts);
  }
  core.saveState('reported', 'true');
  // A fork's tasks did not fail: they were not run, and a red step on every contributor's PR says otherwise.
  if (t.verdict !== 'pass' && inputs.failOn === 'not-done' && !ctx.fork) {
    core.setFailed(`${t.tasks - t.counts.DONE} of ${t.tasks} tasks are not DONE (see the job summary)`);
  }
}

/** The job summary, where the runner gives one: outside it (a local run) there is none to write; `instead` says where to look. */
async function writeSummary(markdown: string, instead = 'summary.json in the state directory has the results'): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.warning(`no GITHUB_STEP_SUMMARY (not on a GitHub runner): the job summary is not written; ${instead}`);
    return;
  }
  await core.summary.addRaw(markdown).write();
}

const GITHUB_RUN_META = 'github_run_id';

/**
 * A ledger on disk from another workflow run (a self-hosted runner that keeps its workspace, a
 * state-dir outside it) holds tasks verified on another commit: they must not pass this one. It is
 * moved aside and this run starts its own. The same workflow run's ledger (an earlier step of the
 * job, a re-run) is continued, as is one no action run made (a `submit` in an earlier step).
 */
async function setAsideOtherRun(stateDir: string, runId: string, manifest: string): Promise<void> {
  const paths = ledgerPaths(stateDir);
  if (!existsSync(paths.db) && !existsSync(paths.bak)) return;
  let from: string | undefined;
  try {
    const ledger = await Ledger.open({ stateDir, mode: 'read' });
    try {
      from = ledger.meta(GITHUB_RUN_META);
    } finally {
      ledger.close();
    }
  } catch {
    return; // unreadable: the run recovers it or says why
  }
  if (from === undefined || from === runId) return;
  // Held by a live process (another runner on this machine sharing the directory): never moved from
  // under it. The run then stops at the lock, as it always has.
  if (liveHolder(paths.lock)) return;
  // Never move a directory that holds the workspace or the manifest.
  const holds = (path: string) => !relative(stateDir, resolve(path)).startsWith('..');
  if (holds(process.cwd()) || holds(manifest)) {
    throw new InputError(`${stateDir} holds a ledger from workflow run ${from}, not this one (${runId}): remove it, or give state-dir a directory of its own`);
  }
  const aside = `${stateDir}.run-${from}-${Date.now()}`;
  renameSync(stateDir, aside);
  core.warning(`${stateDir} held the ledger of workflow run ${from}, not this one (${runId}): moved to ${aside}; this run starts its own`);
}

function restoredText(restored: Restored, stateDir: string): string {
  switch (restored.kind) {
    case 'restored':
      return `ledger restored from the cache (${restored.key})`;
    case 'on-disk':
      return `a ledger is on disk already in ${stateDir} (an earlier step of this job): continuing it, not restoring an older one from the cache`;
    case 'miss':
      return 'no cached ledger for this workflow run: starting fresh';
    case 'unavailable':
      return 'starting from what is on disk';
    default: {
      const unknown: never = restored;
      throw new Error(`bug: unhandled restore result ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The engine's environment: the brain inputs as the variables it reads (the key under the name the
 * manifest gives it, `[brain] api_key_env`). Agents never get the token (childEnv strips it).
 */
function engineEnv(inputs: ActionInputs, keyEnv: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(inputs.brainUrl && { OVERSEER_BRAIN_URL: inputs.brainUrl }),
    ...(inputs.brainModel && { OVERSEER_BRAIN_MODEL: inputs.brainModel }),
    ...(inputs.brainApiKey && { [keyEnv]: inputs.brainApiKey }),
  };
}

/** What the event stream says of each task so far: enough for its check while the run goes on. */
type Seen = Map<string, { attempts: number; costUsd: number; attemptId: number; verdicts: Array<{ kind: 'run' | 'brain' | 'agent'; verdict: 'PASS' | 'FAIL' }> }>;

/** Checks follow the run: in_progress on dispatch, completed with its verdicts when a task ends. */
function follow(gate: Gate, seen: Seen, line: string): void {
  const e = JSON.parse(line) as Record<string, unknown> & { type: string; task_id?: string };
  if (!e.task_id) return;
  const task = seen.get(e.task_id) ?? { attempts: 0, costUsd: 0, attemptId: 0, verdicts: [] };
  seen.set(e.task_id, task);
  if (e.type === 'task.attempt' && e.phase === 'started') task.attempts++;
  if (e.type === 'task.attempt' && e.phase === 'ended') task.costUsd += Number(e.cost_usd ?? 0);
  if (e.type === 'task.verification') {
    // A new attempt's verification, or the same attempt's run again from its first verifier.
    if (e.attempt_id !== task.attemptId || e.index === 0) task.verdicts = [];
    task.attemptId = Number(e.attempt_id);
    task.verdicts.push({ kind: e.kind as 'run', verdict: e.verdict as 'PASS' });
    task.costUsd += Number(e.cost_usd ?? 0);
  }
  if (e.type !== 'task.transition') return;
  if (e.to === 'ASSIGNED') gate.started(e.task_id);
  if (ENDED_STATES.has(e.to as TaskState)) {
    gate.ended({ name: e.task_id, state: e.to as TaskState, cause: String(e.cause), dependsOn: [], attempts: task.attempts, costUsd: task.costUsd, durationMs: null, verdicts: task.verdicts });
  }
}

async function summarize(stateDir: string, loaded: LoadedManifest, ctx: RunContext): Promise<RunSummary> {
  let run: RunSummary;
  if (existsSync(ledgerPaths(stateDir).db) || existsSync(ledgerPaths(stateDir).bak)) {
    // A damaged ledger is an error the step reports, not an empty run.
    const ledger = await Ledger.open({ stateDir, mode: 'read', warn: core.warning });
    try {
      run = runSummaryOf(ledger, { cli: CLI });
    } finally {
      ledger.close();
    }
  } else {
    // Fork mode (nothing ran): every task as the manifest has it, nothing started.
    run = {
      mode: 'run',
      runId: ctx.runId,
      tasks: loaded.manifest.task.map((t) => ({ name: t.name, state: 'PENDING', cause: 'created', dependsOn: t.depends_on, attempts: 0, costUsd: 0, durationMs: null, verdicts: [] })),
      durationMs: null,
      budgetUsd: null,
      cli: CLI,
    };
  }
  ensureDir(stateDir);
  writeFileSync(join(stateDir, 'summary.json'), `${JSON.stringify(summaryJson(run), null, 2)}\n`);
  return run;
}

/**
 * What earlier runs created on GitHub (their ids), without what they last wrote there: a post step
 * since (a cancelled job's "did not finish") wrote past the receipt, so this run writes each of its
 * checks, its status and its comment once, even when its outcome is the one the receipt holds.
 */
async function readReceipts(stateDir: string): Promise<Map<string, Receipt>> {
  try {
    const ledger = await Ledger.open({ stateDir, mode: 'read' });
    try {
      return new Map([...ledger.receipts()].map(([key, r]) => [key, { remoteId: r.remoteId, payloadHash: null }]));
    } finally {
      ledger.close();
    }
  } catch {
    return new Map();
  }
}

async function writeReceipts(stateDir: string, receipts: Map<string, Receipt>): Promise<void> {
  // No ledger (a fork, where nothing ran): none is made for receipts alone, or the next job would
  // restore an empty ledger instead of reading the manifest. Its checks are found by external_id.
  const paths = ledgerPaths(stateDir);
  if (receipts.size === 0 || (!existsSync(paths.db) && !existsSync(paths.bak))) return;
  try {
    const ledger = await Ledger.open({ stateDir, mode: 'write' });
    try {
      ledger.setReceipts(receipts);
      ledger.commit();
    } finally {
      ledger.close();
    }
  } catch (err) {
    core.warning(`could not record GitHub receipts in the ledger (${(err as Error).message}); a re-run finds its checks by external_id`);
  }
}

try {
  await main();
} catch (err) {
  if (err instanceof ManifestError) {
    for (const d of err.diagnostics) core.error(d.message, { file: d.file, startLine: d.line, startColumn: d.col });
    core.setFailed(`${plural(err.diagnostics.length, 'problem')} in the manifest:\n${err.diagnostics.map(formatDiagnostic).join('\n')}`);
  } else if (err instanceof UserError) {
    core.setFailed(err.message);
  } else if (fromSystemError(err)) {
    core.setFailed(fromSystemError(err)!.message);
  } else {
    core.setFailed(`internal error (a bug): ${(err as Error)?.stack ?? String(err)}`);
  }
}
