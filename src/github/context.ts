// Where the action runs, from the environment GitHub gives a step and the event payload: the repo,
// the commit to gate (a pull request's head, a workflow_run's head, else GITHUB_SHA), the PR number
// for the comment, and whether the change comes from a fork (then agents do not run: no secrets are
// available or wanted).

import { readFileSync } from 'node:fs';

export interface RunContext {
  readonly owner: string;
  readonly repo: string;
  /** The commit checks and the status are attached to. */
  readonly sha: string;
  readonly pullRequest: number | null;
  /** A pull request whose head repository is not the base repository. */
  readonly fork: boolean;
  /** GitHub's run id: stable across re-runs of the workflow. */
  readonly runId: string;
  readonly runAttempt: string;
  readonly job: string;
  readonly serverUrl: string;
  readonly apiUrl: string;
  /**
   * Which fleet of the workflow run this is (the action sets it from its manifest, state directory
   * and name, fleetId): two fleets in one run, a matrix or two jobs, keep their ledgers and their
   * check runs apart.
   */
  readonly fleet?: string;
  /** The fleet's `name` input: it names the status context, the checks and the artifact. */
  readonly fleetName?: string;
  /**
   * This job's own mark, the same for its main and post steps: two legs of one unnamed fleet (a
   * matrix of one manifest) differ only by it.
   */
  readonly leg?: string;
}

interface PullRequestPayload {
  pull_request?: { number?: number; head?: { sha?: string; repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
  /**
   * A `workflow_run` event: GITHUB_SHA is the default branch's head, and the commit the triggering
   * run built (a PR's head, often a fork's: the usual way to reach secrets for one) is here.
   */
  workflow_run?: { head_sha?: string; head_repository?: { full_name?: string } | null; pull_requests?: Array<{ number?: number }> };
}

/** The event that started the workflow (GITHUB_EVENT_PATH), or null when there is none or it is unreadable. */
export function eventPayload(env: NodeJS.ProcessEnv): unknown {
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return null;
  }
}

export function runContext(env: NodeJS.ProcessEnv, payload: unknown): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const event = payload as PullRequestPayload | null;
  const pr = event?.pull_request;
  const run = pr === undefined ? event?.workflow_run : undefined;
  const headRepo = pr ? pr.head?.repo?.full_name : run?.head_repository?.full_name;
  const baseRepo = pr?.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
  const number = pr ? pr.number : run?.pull_requests?.[0]?.number;
  // A deleted head repository (null) is treated as a fork: nothing about it can be trusted.
  const deletedHead = pr ? pr.head?.repo === null : run?.head_repository === null;
  return {
    owner,
    repo,
    sha: pr?.head?.sha ?? run?.head_sha ?? env.GITHUB_SHA ?? '',
    pullRequest: typeof number === 'number' ? number : null,
    fork: (pr !== undefined || run !== undefined) && (headRepo === undefined || headRepo === null ? deletedHead : headRepo !== baseRepo),
    runId: env.GITHUB_RUN_ID ?? 'local',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    job: env.GITHUB_JOB ?? 'job',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
  };
}

/** The link a check run, status or comment points to: this workflow run. */
export function runUrl(ctx: RunContext): string {
  return `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}`;
}
