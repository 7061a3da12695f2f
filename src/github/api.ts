// Every GitHub write goes through here: the one retry policy. Three kinds of write (check runs, the
// commit status, the PR comment) each need their own permission, so each fails on its own:
// - a 5xx or a dropped connection is tried again with backoff; one that outlasts the tries skips
//   that write only (a short outage must not cost the status written at the end);
// - a rate limit (429, or a 403 that says so: GitHub's secondary limit often sends no retry-after)
//   is waited out as the server asks, within a bound for the whole run;
// - a 401/403 refusal turns that kind of write off (a token may write statuses but not checks);
// - a create is looked for before it is sent again (a lost answer must not make a second check run
//   or comment).
// Each kind warns once per problem. Nothing here throws at the caller: a GitHub failure never
// changes a verdict, the summary and artifacts still carry it.

import { getOctokit } from '@actions/github';

export interface ApiOptions {
  readonly token: string;
  readonly baseUrl: string;
  readonly warn: (message: string) => void;
  /**
   * First retry delay (1 s, doubling); every wait scales with it, so tests can shorten them all: a
   * rate limit that names no time waits 60 times it, and a run waits out rate limits for at most
   * 300 times it (5 min). `retry-after` wins when the server sends it.
   */
  readonly backoffMs?: number;
  /** How long one request may take before it counts as a failed one (30 s). */
  readonly requestTimeoutMs?: number;
}

export type WriteKind = 'checks' | 'statuses' | 'comments';

const WHAT: Record<WriteKind, string> = { checks: 'check runs', statuses: 'the commit status', comments: 'the PR comment' };
const PERMISSION: Record<WriteKind, string> = { checks: 'checks: write', statuses: 'statuses: write', comments: 'pull-requests: write' };
/** The job permissions the action works with (docs/action.md): checkout reads, the three kinds of write. */
export const FULL_PERMISSIONS = 'permissions: { contents: read, checks: write, statuses: write, pull-requests: write }';

/** The kind of write a route belongs to: what a refusal turns off. */
function kindOf(route: string): WriteKind {
  if (route.includes('/check-runs')) return 'checks';
  if (route.includes('/statuses')) return 'statuses';
  if (route.includes('/comments')) return 'comments';
  throw new Error(`bug: no kind of GitHub write for ${route}`);
}

/** Tries per call for a 5xx or a dropped connection: 1 + 2 + 4 s of waiting. */
const TRIES = 4;
/** For a final write (no later write makes up for it): about a minute of waiting. */
const FINAL_TRIES = 7;
/** Rate limits one call waits out before its write is skipped (the run-wide bound comes first). */
const RATE_LIMIT_TRIES = 6;
const MAX_WAIT_MS = 60_000;

type Octokit = ReturnType<typeof getOctokit>;

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

type Failure =
  | { type: 'refused'; status: number; message: string }
  | { type: 'rate-limited'; status: number; message: string; waitMs: number | null }
  | { type: 'transient'; status: number; message: string }
  | { type: 'rejected'; status: number; message: string };

/** What a failed request means. `waitMs`: how long the server asked us to wait, if it said. */
function classify(err: unknown, now: number): Failure {
  const e = err as HttpError;
  const status = e.status ?? 0;
  const message = e.message ?? '';
  const headers = e.response?.headers ?? {};
  const retryAfter = headers['retry-after'] === undefined ? NaN : Number(headers['retry-after']);
  const reset = Number(headers['x-ratelimit-reset']) * 1000 - now;
  const exhausted = headers['x-ratelimit-remaining'] === '0';
  // GitHub answers a rate limit with 429 or 403; a 403 is one when its headers or its message say so.
  if (status === 429 || (status === 403 && (Number.isFinite(retryAfter) || exhausted || /rate limit/i.test(message)))) {
    const waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : exhausted && reset > 0 ? reset : null;
    return { type: 'rate-limited', status, message, waitMs };
  }
  if (status === 401 || status === 403) return { type: 'refused', status, message };
  if (status >= 500 || status === 0) return { type: 'transient', status, message };
  return { type: 'rejected', status, message };
}

export interface CallOptions<T> {
  /**
   * For a create that must not happen twice (a check run, a comment): a failure with no answer or
   * a 5xx may still have created it, so before trying again look for it. What this finds is the
   * call's result; undefined tries again.
   */
  readonly findCreated?: () => Promise<T | undefined>;
  /** The last write of its kind in this run (a check's conclusion, the status, the comment): tried longer. */
  readonly final?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class GitHubApi {
  private readonly octokit: Octokit;
  private readonly off = new Set<WriteKind>();
  private readonly warned = new Set<string>();
  private readonly backoffMs: number;
  private readonly requestTimeoutMs: number;
  /** What is left of the run's allowance for waiting out rate limits. */
  private rateLimitLeftMs: number;

  constructor(private readonly options: ApiOptions) {
    // Octokit's own retry and throttling plugins are not loaded: this class is the one retry policy.
    this.octokit = getOctokit(options.token, { baseUrl: options.baseUrl, request: { retries: 0 } });
    this.backoffMs = options.backoffMs ?? 1000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.rateLimitLeftMs = 300 * this.backoffMs;
  }

  /** A REST call, e.g. `call('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {...})`. Undefined when it failed or its kind is off. */
  async call<T = unknown>(route: string, params: Record<string, unknown>, options: CallOptions<T> = {}): Promise<T | undefined> {
    const kind = kindOf(route);
    if (this.off.has(kind)) return undefined;
    const tries = options.final ? FINAL_TRIES : TRIES;
    let delay = this.backoffMs;
    let failures = 0;
    let limits = 0;
    for (;;) {
      try {
        // A request that hangs is a failure like a 5xx: undici would wait 300 s for the headers alone.
        const response = await this.octokit.request(route, { ...params, request: { signal: AbortSignal.timeout(this.requestTimeoutMs) } });
        // A 2xx whose body is not JSON (cut short, a proxy's page) is no answer: Octokit hands back its text.
        if (response.status !== 204 && (typeof response.data !== 'object' || response.data === null)) {
          throw Object.assign(new Error(`answered ${response.status} with a body that is not JSON`), { status: 502 });
        }
        return response.data as T;
      } catch (err) {
        const failure = classify(err, Date.now());
        const what = `${failure.status || 'no connection'}: ${failure.message}`;
        switch (failure.type) {
          case 'refused':
            // A 401 is the token itself (expired, revoked): no kind of write can work.
            if (failure.status === 401) this.turnOff(['checks', 'statuses', 'comments'], `GitHub refused the token (${what})`);
            else this.turnOff([kind], `GitHub refused ${route.split(' ')[0]} of ${WHAT[kind]} (${what})`);
            return undefined;
          case 'rejected':
            // A 404 or 422 comes back the same for every write of its kind: say it once.
            this.warnOnce(`${kind}:${failure.status}`, `GitHub answered ${route.split(' ')[0]} for ${WHAT[kind]} with ${what}; skipped (later answers like it are not repeated)`);
            return undefined;
          case 'rate-limited': {
            // GitHub: without retry-after or a reset time, wait at least a minute, then longer.
            const waitMs = failure.waitMs ?? 60 * this.backoffMs * 2 ** limits;
            if (++limits >= RATE_LIMIT_TRIES || waitMs > this.rateLimitLeftMs) {
              this.warnOnce(
                `${kind}:rate-limit`,
                `GitHub's rate limit (${what}) outlasted the waiting allowed for this run: a write of ${WHAT[kind]} was skipped; later ones are still tried`,
              );
              return undefined;
            }
            this.rateLimitLeftMs -= waitMs;
            await sleep(waitMs);
            // A rate limit refused the request: nothing was created, so nothing to look for.
            continue;
          }
          case 'transient': {
            if (++failures >= tries) {
              this.warnOnce(`${kind}:transient`, `GitHub kept failing (${what}) after ${tries} tries: a write of ${WHAT[kind]} was skipped; later ones are still tried`);
              return undefined;
            }
            await sleep(Math.min(delay, MAX_WAIT_MS));
            delay *= 2;
            // The request may have been done without our hearing.
            if (options.findCreated) {
              const found = await options.findCreated();
              if (found !== undefined || this.off.has(kind)) return found;
            }
            continue;
          }
          default: {
            const unknown: never = failure;
            throw new Error(`bug: unhandled GitHub failure ${JSON.stringify(unknown)}`, { cause: err });
          }
        }
      }
    }
  }

  /** Say something about GitHub's writes where the run's warnings go. */
  warn(message: string): void {
    this.options.warn(message);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.warn(message);
  }

  private turnOff(kinds: WriteKind[], reason: string): void {
    const newly = kinds.filter((k) => !this.off.has(k));
    if (newly.length === 0) return;
    for (const k of newly) this.off.add(k);
    const names = newly.map((k) => WHAT[k]);
    const off = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    const pat = newly.includes('checks') ? ' (a personal access token cannot write check runs: use the job token or a GitHub App token)' : '';
    this.options.warn(
      `${reason}. Writing ${off} is off for this run; the job summary and artifacts still have every result. ` +
        `For gating, add \`${newly.map((k) => PERMISSION[k]).join(', ')}\` to the job's \`permissions:\`${pat}. ` +
        // A block grants only what it lists: one holding just the missing line would take away contents: read.
        `A \`permissions:\` block grants only what it lists; the whole of what overseer needs is \`${FULL_PERMISSIONS}\`.`,
    );
  }
}
