// Every GitHub write goes through here. 5xx, 429 and secondary rate limits are retried with backoff
// that honours `retry-after`; a create is looked for before it is sent again (a lost answer must not
// make a second check run or comment). A 401/403 (a token without the permission, a fork's read-only
// token) or a service that stays down turns GitHub reporting off with one warning. Nothing here
// throws at the caller: a GitHub failure never changes a verdict, the summary and artifacts still carry it.

import { getOctokit } from '@actions/github';

export interface ApiOptions {
  readonly token: string;
  readonly baseUrl: string;
  readonly warn: (message: string) => void;
  /** First retry delay (1 s, doubling); `retry-after` wins when the server sends it. */
  readonly backoffMs?: number;
}

/** Tries per call (a 5xx, 429 or dropped connection is tried again) before reporting turns off. */
const TRIES = 4;

type Octokit = ReturnType<typeof getOctokit>;

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

const MAX_WAIT_MS = 60_000;

export interface CallOptions<T> {
  /**
   * For a create that must not happen twice (a check run, a comment): a failure with no answer or
   * a 5xx may still have created it, so before trying again look for it. What this finds is the
   * call's result; undefined tries again.
   */
  readonly findCreated?: () => Promise<T | undefined>;
}

export class GitHubApi {
  private readonly octokit: Octokit;
  private off: string | null = null;

  constructor(private readonly options: ApiOptions) {
    // Octokit's own retry and throttling plugins are not loaded: this class is the one retry policy.
    this.octokit = getOctokit(options.token, { baseUrl: options.baseUrl, request: { retries: 0 } });
  }

  /** A REST call, e.g. `call('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {...})`. Undefined once reporting is off. */
  async call<T = unknown>(route: string, params: Record<string, unknown>, options: CallOptions<T> = {}): Promise<T | undefined> {
    if (this.off) return undefined;
    let delay = this.options.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.octokit.request(route, params);
        return response.data as T;
      } catch (err) {
        const e = err as HttpError;
        const status = e.status ?? 0;
        const headers = e.response?.headers ?? {};
        const rateLimited = status === 429 || (status === 403 && (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0'));
        const transient = rateLimited || status >= 500 || status === 0;
        if (!transient) {
          if (status === 401 || status === 403) this.turnOff(`GitHub refused ${route.split(' ')[0]} (${status}: ${e.message ?? ''})`);
          else this.options.warn(`GitHub ${route} failed (${status}: ${e.message ?? ''}); skipped`);
          return undefined;
        }
        if (attempt >= TRIES) {
          this.turnOff(`GitHub kept failing (${status || 'no connection'}: ${e.message ?? ''}) after ${TRIES} tries`);
          return undefined;
        }
        const retryAfter = Number(headers['retry-after']);
        const reset = Number(headers['x-ratelimit-reset']) * 1000 - Date.now();
        const wait = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : rateLimited && reset > 0 ? reset : delay;
        await new Promise((r) => setTimeout(r, Math.min(wait, MAX_WAIT_MS)));
        delay *= 2;
        // A rate limit refused the request; anything else may have been done without our hearing.
        if (options.findCreated && !rateLimited) {
          const found = await options.findCreated();
          if (found !== undefined || this.off) return found;
        }
      }
    }
  }

  private turnOff(reason: string): void {
    if (this.off) return;
    this.off = reason;
    this.options.warn(
      `${reason}. Check runs, the commit status and the PR comment are off for this run; the job summary and artifacts still have every result. ` +
        'For gating, give the job `permissions: { checks: write, statuses: write, pull-requests: write }`.',
    );
  }
}
