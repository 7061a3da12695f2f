// Where the action runs, from the environment GitHub gives a step and the event payload: the repo,
// the commit to gate (a pull request's head, else GITHUB_SHA), the PR number for the comment, and
// whether the PR comes from a fork (then agents do not run: no secrets are available or wanted).

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
   * Which fleet of the workflow run this is (the action sets it from its manifest and state
   * directory, fleetId): two fleets in one run, a matrix or two jobs, keep their ledgers apart.
   */
  readonly fleet?: string;
}

interface PullRequestPayload {
  pull_request?: { number?: number; head?: { sha?: string; repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
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
  const pr = (payload as PullRequestPayload | null)?.pull_request;
  const headRepo = pr?.head?.repo?.full_name;
  const baseRepo = pr?.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
  return {
    owner,
    repo,
    sha: pr?.head?.sha ?? env.GITHUB_SHA ?? '',
    pullRequest: typeof pr?.number === 'number' ? pr.number : null,
    // A deleted head repository (null) is treated as a fork: nothing about it can be trusted.
    fork: pr !== undefined && (headRepo === undefined || headRepo === null ? pr.head?.repo === null : headRepo !== baseRepo),
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
