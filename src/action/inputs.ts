// The action's inputs (DESIGN §10). An empty input is unset: run outside GitHub's runner, unset
// inputs arrive as empty strings, so every default is applied here as well as in action.yml.

import * as core from '@actions/core';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { GitHubApi } from '../github/api.js';
import { eventPayload, runContext, type RunContext } from '../github/context.js';
import { fleetId } from '../github/state.js';
import { sha256 } from '../ledger/spec.js';
import { childEnv, msFromEnv } from '../runtime/env.js';
import { DEFAULT_MANIFEST, DEFAULT_STATE_DIR, METRIC_PREFIX } from '../core/model.js';

export interface ActionInputs {
  readonly tasks: string;
  /**
   * The fleet's name, for a workflow run with more than one (matrix legs, two jobs): its status
   * context, check names, ledger cache and artifact are its own. Undefined: the one fleet.
   */
  readonly name?: string;
  readonly mode: 'run' | 'dry-run' | 'validate';
  readonly maxConcurrent?: number;
  readonly budgetUsd?: number;
  readonly token: string;
  readonly checks: boolean;
  /** Undefined: on pull requests only. */
  readonly comment?: boolean;
  readonly summary: boolean;
  readonly cache: boolean;
  readonly artifactName: string;
  readonly pushgatewayUrl?: string;
  readonly metricsPrefix?: string;
  readonly brainUrl?: string;
  readonly brainModel?: string;
  readonly brainApiKey?: string;
  readonly stateDir: string;
  readonly failOn: 'not-done' | 'never';
}

const text = (name: string): string | undefined => core.getInput(name).trim() || undefined;

function flag(name: string): boolean | undefined {
  const v = text(name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new InputError(`input ${name}: "${v}" is not true or false`);
}

function number(name: string, min: number, integer: boolean): number | undefined {
  const v = text(name);
  if (v === undefined) return undefined;
  // Decimal only: Number() also takes "0x14" (20) and "0b11" (3), which no one means as a budget.
  const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new InputError(`input ${name}: "${v}" is not ${integer ? 'an integer' : 'a number'} >= ${min}`);
  return n;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const v = text(name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new InputError(`input ${name}: "${v}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

/** A fleet name: it goes into a status context, check names, a cache key and an artifact name. */
const FLEET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function fleetName(): string | undefined {
  const v = text('name');
  if (v !== undefined && !FLEET_NAME.test(v)) throw new InputError(`input name: "${v}" is not a fleet name (letters, digits, ".", "_" and "-", at most 64, e.g. \${{ matrix.shard }})`);
  return v;
}

/** What the artifact service refuses in a name (@actions/artifact's validateArtifactName): said before the fleet runs, not after. */
const ARTIFACT_NAME_REFUSES = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];

function artifactName(): string {
  const v = text('artifact-name') ?? 'overseer';
  const bad = ARTIFACT_NAME_REFUSES.find((c) => v.includes(c));
  if (bad !== undefined) throw new InputError(`input artifact-name: "${v}" holds ${JSON.stringify(bad)}, which the artifact service refuses (not allowed: ${ARTIFACT_NAME_REFUSES.map((c) => JSON.stringify(c)).join(' ')})`);
  return v;
}

function metricPrefix(): string | undefined {
  const v = text('metrics-prefix');
  if (v !== undefined && !METRIC_PREFIX.test(v)) throw new InputError(`input metrics-prefix: "${v}" is not a Prometheus name prefix ([a-zA-Z_][a-zA-Z0-9_]*), e.g. overseer or claudectl`);
  return v;
}

export function readInputs(): ActionInputs {
  const token = text('github-token') ?? process.env.GITHUB_TOKEN ?? '';
  const brainApiKey = text('brain-api-key');
  // Masked before anything can print them.
  if (token) core.setSecret(token);
  if (brainApiKey) core.setSecret(brainApiKey);
  return {
    tasks: text('tasks') ?? DEFAULT_MANIFEST,
    name: fleetName(),
    mode: oneOf('mode', ['run', 'dry-run', 'validate'] as const, 'run'),
    maxConcurrent: number('max-concurrent', 1, true),
    budgetUsd: number('budget-usd', 0, false),
    token,
    checks: flag('checks') ?? true,
    comment: flag('comment'),
    summary: flag('summary') ?? true,
    cache: flag('cache') ?? true,
    artifactName: artifactName(),
    pushgatewayUrl: text('pushgateway-url'),
    metricsPrefix: metricPrefix(),
    brainUrl: text('brain-url'),
    brainModel: text('brain-model'),
    brainApiKey,
    stateDir: text('state-dir') ?? DEFAULT_STATE_DIR,
    failOn: oneOf('fail-on', ['not-done', 'never'] as const, 'not-done'),
  };
}

/**
 * This job run's mark: the same for every step of one job (a later step continues the fleet), another
 * for each matrix leg and each attempt. GitHub gives no job-run id in the environment, but the
 * runtime token the artifact service reads names it (its `Actions.Results:<run>:<job run>` scope);
 * hashed, as the token is a credential. '0' without one (a local run): legs are not told apart.
 */
export function jobRunOf(env: NodeJS.ProcessEnv): string {
  try {
    const claims = JSON.parse(Buffer.from(env.ACTIONS_RUNTIME_TOKEN?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scp?: unknown };
    const job = String(claims.scp ?? '')
      .split(' ')
      .map((scope) => scope.split(':'))
      .find((parts) => parts[0] === 'Actions.Results' && parts.length === 3)?.[2];
    return job ? sha256(job).slice(0, 8) : '0';
  } catch {
    return '0';
  }
}

/**
 * The commit checked out where the manifest is (a PR may be checked out into a subdirectory), or
 * undefined outside a repository. Forked here, once, before the spawn helper starts (a run that
 * gates nothing must not start it), without GitHub's credentials.
 */
function checkedOut(tasks: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dirname(resolve(tasks)), env: childEnv(process.env), encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Events whose checkout is, by default, the base branch (GITHUB_SHA) rather than the commit they name:
 * the head a workflow_run's triggering run built, a pull_request_target's PR head.
 */
const CHECKED_OUT_ELSEWHERE: Readonly<Record<string, { readonly head: string; readonly ref: string }>> = {
  workflow_run: { head: 'the commit its triggering run built', ref: 'github.event.workflow_run.head_sha' },
  pull_request_target: { head: "the pull request's head", ref: 'github.event.pull_request.head.sha' },
};

/**
 * The run as this fleet's steps see it. Main works out the commit to gate and saves it; post gates
 * the same one. A workflow_run's or pull_request_target's head (often a PR's) is gated only when the
 * workspace holds it: such a run checks out the base branch unless told otherwise, and a verdict on
 * that must not land on the PR. A fork's pull_request_target stays on the PR: nothing runs there, and
 * its checks say so.
 */
export function actionContext(inputs: ActionInputs, step: 'main' | 'post'): RunContext {
  const ctx: RunContext = { ...runContext(process.env, eventPayload(process.env)), fleet: fleetId(inputs), fleetName: inputs.name, leg: jobRunOf(process.env) };
  if (step === 'post') {
    const gated = core.getState('gated-sha');
    return gated && gated !== ctx.sha ? { ...ctx, sha: gated, pullRequest: null, fork: false } : ctx;
  }
  let gated = ctx;
  const event = process.env.GITHUB_EVENT_NAME ?? '';
  const elsewhere = Object.hasOwn(CHECKED_OUT_ELSEWHERE, event) ? CHECKED_OUT_ELSEWHERE[event] : undefined;
  if (elsewhere && !(event === 'pull_request_target' && ctx.fork) && ctx.sha !== (process.env.GITHUB_SHA ?? '')) {
    if (checkedOut(inputs.tasks) !== ctx.sha) {
      core.warning(
        `this ${event}'s checkout (where ${inputs.tasks} is) does not hold ${elsewhere.head} (${ctx.sha.slice(0, 12)}): the checks and the status go on ${(process.env.GITHUB_SHA ?? '').slice(0, 12)}, what was checked out. To gate the pull request, check out \${{ ${elsewhere.ref} }}`,
      );
      gated = { ...ctx, sha: process.env.GITHUB_SHA ?? '', pullRequest: null, fork: false };
    }
  }
  core.saveState('gated-sha', gated.sha);
  return gated;
}

/** The GitHub client the action's steps share: the runner's API URL, warnings as annotations, the backoff tests shorten. */
export function githubApi(token: string, ctx: RunContext): GitHubApi {
  return new GitHubApi({ token, baseUrl: ctx.apiUrl, warn: core.warning, backoffMs: msFromEnv(process.env, 'OVERSEER_GITHUB_BACKOFF_MS') });
}
