// PR gating (DESIGN §10): a check run per task `overseer / <task>`, the aggregate commit status
// `overseer/verifier` that branch protection requires, and one sticky PR comment. Every write is
// idempotent: a receipt (kept in the ledger between runs) names what was created, and before any
// create the check is looked up by its external_id and the comment by its marker, so a resumed or
// re-run job edits what exists instead of adding another.

import { createHash } from 'node:crypto';
import { cutToBytes, cutToChars, plural, taskArg, usd } from '../core/format.js';
import { blocker } from '../core/graph.js';
import { ENDED_STATES } from '../core/model.js';
import { escapeText, fence } from '../core/markdown.js';
import { nextCommands, reasonText, renderSummary, totals, type RunSpend, type RunSummary, type Stall, type SummaryTask } from '../core/summary.js';
import type { GitHubApi } from './api.js';
import { runUrl, type RunContext } from './context.js';

export const STATUS_CONTEXT = 'overseer/verifier';

/** The aggregate status's context: `overseer/verifier`, or `overseer/verifier (<name>)` for a named fleet. */
export const statusContext = (ctx: RunContext) => (ctx.fleetName ? `${STATUS_CONTEXT} (${ctx.fleetName})` : STATUS_CONTEXT);
/** What a person does about a task the job ended without: the same words on every such check. */
function resumeText(ctx: RunContext): string {
  return `Re-run this job: it resumes from the ledger, and DONE tasks are not run again. [Workflow run](${runUrl(ctx)})`;
}

export const COMMENT_MARKER = '<!-- overseer:sticky -->';

/**
 * The sticky comment's marker: a named fleet has a comment of its own (one shared, the last fleet to
 * finish would hide another's failure under its pass); unnamed fleets share one, as they share the status.
 */
const commentMarker = (ctx: RunContext) => (ctx.fleetName ? `<!-- overseer:sticky:${encodeURIComponent(ctx.fleetName)} -->` : COMMENT_MARKER);
/** Who may have written the sticky comment besides a bot: people with write access. */
const TRUSTED = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
/** A check run's summary: GitHub refuses (422) one over 65535 bytes of UTF-8, which its docs call characters. */
const CHECK_TEXT_MAX_BYTES = 60_000;
const COMMENT_MAX = 60_000;

export interface Receipt {
  readonly remoteId: string;
  readonly payloadHash: string | null;
}

export interface GateOptions {
  readonly checks: boolean;
  readonly comment: boolean;
  /** Fork mode: nothing ran; every check is neutral with this reason. */
  readonly forkReason?: string;
  /** Receipts from earlier runs (key -> remote id), updated as this run writes. */
  readonly receipts: Map<string, Receipt>;
}

interface CheckRun {
  id: number;
  external_id?: string | null;
}

/**
 * What every check run of this fleet in this workflow run has as its external_id's start: the same
 * across re-runs, another for another fleet of the run (which must never edit or complete these).
 */
const externalIdPrefix = (ctx: RunContext) => `overseer:${ctx.runId}:${ctx.fleet ? `${ctx.fleet}:` : ''}`;

type StatusState = 'success' | 'failure' | 'pending';
/** Worse first: what a context shared by several fleets says is the worst of their own verdicts. */
const SEVERITY: Record<StatusState, number> = { success: 0, pending: 1, failure: 2 };
const worst = (a: StatusState, b: StatusState) => (SEVERITY[b] > SEVERITY[a] ? b : a);

/**
 * Which fleet wrote a status (in which workflow run and attempt, from which job run: its leg) and
 * what it found itself: its target URL (this workflow run) carries all of it in its fragment. The
 * state posted may be worse than the fleet's own (another fleet on the context did not pass); the
 * others read the fleet's own, so one fleet's failure is not passed on as another's for good.
 */
const statusUrl = (ctx: RunContext, own: StatusState) => `${runUrl(ctx)}${ctx.fleet ? `#overseer-fleet-${ctx.fleet}-${ctx.runId}-${ctx.runAttempt}-${ctx.leg ?? '0'}-${own}` : ''}`;
function fleetOfStatus(url: string | null | undefined): { fleet: string; run: string; attempt: string; leg: string; own: StatusState } | undefined {
  const m = /#overseer-fleet-([0-9a-f]+)-([0-9A-Za-z]+)-(\d+)-([0-9a-z]+)-(success|failure|pending)$/.exec(url ?? '');
  return m ? { fleet: m[1]!, run: m[2]!, attempt: m[3]!, leg: m[4]!, own: m[5] as StatusState } : undefined;
}

const asCreated = (id: string | undefined) => (id === undefined ? undefined : { id: Number(id) });
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

export class Gate {
  /** One write at a time per task, in order: a start never overtakes the end it precedes. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: GitHubApi,
    private readonly ctx: RunContext,
    private readonly options: GateOptions,
  ) {}

  checkName(task: string): string {
    return this.ctx.fleetName ? `overseer (${this.ctx.fleetName}) / ${task}` : `overseer / ${task}`;
  }

  externalId(task: string): string {
    return `${externalIdPrefix(this.ctx)}${task}`;
  }

  /**
   * The run starts: the aggregate status goes pending ("Running N tasks"), so a pull request shows the
   * fleet at work for hours rather than a status not yet reported, and other fleets sharing the
   * context see this one before it ends. Queued: the promise settles when it is written (or skipped).
   */
  begin(tasks: number): Promise<void> {
    if (this.options.forkReason) return Promise.resolve();
    this.enqueue(() => this.reportStatus('pending', `Running ${plural(tasks, 'task')}`));
    return this.queue;
  }

  /** The fleet cannot run here (`reason`: what a person fixes): the status fails at once, saying so. */
  async refused(reason: string): Promise<void> {
    if (this.options.forkReason) return;
    this.enqueue(() => this.reportStatus('failure', `Not run: ${reason}`));
    await this.queue;
  }

  /** A task was dispatched: its check goes in_progress. Queued; returns at once. */
  started(task: string): void {
    if (!this.options.checks) return;
    this.enqueue(() => this.writeCheck(task, { status: 'in_progress', output: { title: 'Running', summary: `Attempt started. [Workflow run](${runUrl(this.ctx)})` } }));
  }

  /** A task reached an end state: its check completes with the verdicts. Queued. */
  ended(task: SummaryTask): void {
    if (!this.options.checks) return;
    this.enqueue(() => this.writeCheck(task.name, this.completion(task)));
  }

  /** After the run: every check final, the aggregate status, the sticky comment. Waits for all writes. */
  async finish(run: RunSummary): Promise<void> {
    await this.queue;
    // Final writes: nothing after them makes up for one lost, so each is tried longer.
    if (this.options.checks) {
      const byName = new Map(run.tasks.map((t) => [t.name, t]));
      const spend = { budgetUsd: run.budgetUsd, spentUsd: totals(run.tasks).costUsd };
      const about = { byName, cli: run.cli ?? 'overseer', spend, ...(run.stalled && { stalled: run.stalled }) };
      for (const task of run.tasks) await this.writeCheck(task.name, this.completion(task, about), true);
    }
    await this.writeStatus(run);
    if (this.options.comment && this.ctx.pullRequest !== null) await this.writeComment(run);
  }

  /** One write after another; one that throws (a bug, an answer of a shape never seen) is warned about, never the run's end. */
  private enqueue(write: () => Promise<void>): void {
    const guarded = () => write().catch((err: unknown) => this.api.warn(`a GitHub write failed: ${(err as Error).message}`));
    this.queue = this.queue.then(guarded, guarded);
  }

  private completion(task: SummaryTask, run?: { byName: ReadonlyMap<string, SummaryTask>; cli: string; spend: RunSpend; stalled?: Stall }): Record<string, unknown> {
    if (this.options.forkReason) {
      return { status: 'completed', conclusion: 'neutral', output: { title: 'Not run on a fork', summary: this.options.forkReason } };
    }
    if (!ENDED_STATES.has(task.state)) return this.unfinished(task, run ?? { byName: new Map(), cli: 'overseer' });
    const conclusion = task.state === 'DONE' ? 'success' : task.state === 'NEEDS_HUMAN' ? 'failure' : 'neutral';
    const title =
      task.state === 'DONE'
        ? `Verified after ${plural(task.attempts, 'attempt')}`
        : task.state === 'NEEDS_HUMAN'
          ? `Needs a human: ${task.cause}`
          : `Cancelled (${task.cause})`;
    const lines = [
      '| # | Verifier | Verdict |',
      '|---|---|---|',
      ...task.verdicts.map((v, i) => `| ${i + 1} | ${v.kind} | ${v.verdict === 'PASS' ? '✅ PASS' : '❌ FAIL'} |`),
    ];
    const parts = [task.verdicts.length > 0 ? lines.join('\n') : 'No verifiers ran.', `Attempts: ${task.attempts} · cost ${usd(task.costUsd)}`];
    if (task.lastFailure) parts.push(fence(cutToBytes(task.lastFailure, CHECK_TEXT_MAX_BYTES - 2000)));
    if (task.state === 'NEEDS_HUMAN') {
      parts.push(`Why: ${reasonText(task, run?.spend)}. Continue with one of:\n\n\`\`\`sh\n${nextCommands(run?.cli ?? 'overseer', task, run?.spend).join('\n')}\n\`\`\``);
    }
    return { status: 'completed', conclusion, output: { title, summary: cutToBytes(parts.join('\n\n'), CHECK_TEXT_MAX_BYTES) } };
  }

  /**
   * A task the job ended without: its check completes (an in_progress check would spin forever on
   * the PR) as `action_required`, not `neutral`: someone has to act for it to run, and a branch
   * protection rule that requires this check must not count it as passed, which it would a neutral.
   * The text says what it waits on. A re-run edits this same check run.
   */
  private unfinished(task: SummaryTask, run: { byName: ReadonlyMap<string, SummaryTask>; cli: string; stalled?: Stall }): Record<string, unknown> {
    const resume = resumeText(this.ctx);
    const waiting = task.state === 'PENDING' || task.state === 'READY';
    const name = blocker(task.name, run.byName);
    const by = name === undefined ? undefined : run.byName.get(name);
    let title: string;
    let text: string;
    if (waiting && by?.state === 'NEEDS_HUMAN') {
      title = `Not run: waits on ${by.name}, which needs a human`;
      text =
        `\`${task.name}\` did not run: it waits on \`${by.name}\`, which needs a human (${by.cause}). ` +
        `Continue with \`${run.cli} retry ${taskArg(by.name)}\` or accept it with \`${run.cli} approve ${taskArg(by.name)}\`, then ${resume.replace(/^R/, 'r')}`;
    } else if (waiting && by) {
      title = `Not run: waits on ${by.name}`;
      text = `\`${task.name}\` did not run: it waits on \`${by.name}\`, which was ${by.state} (${by.cause}) when this job ended. ${resume}`;
    } else if (waiting && run.stalled && task.state !== 'PENDING') {
      // Not the job's end: the run would not start it. A re-run alone starts nothing either.
      title = `Not run: ${run.stalled.reason}`;
      text = `\`${task.name}\` could start but did not: ${run.stalled.reason}. To run it: ${run.stalled.action}.`;
    } else if (waiting) {
      title = 'Not run';
      text = `\`${task.name}\` did not run: this job ended before it was dispatched (${task.state}, ${task.cause}). ${resume}`;
    } else {
      title = `Did not finish (${task.state})`;
      text = `This job ended while \`${task.name}\` was ${task.state} (${task.cause}), after ${plural(task.attempts, 'attempt')}. ${resume}`;
    }
    return { status: 'completed', conclusion: 'action_required', output: { title, summary: text } };
  }

  private async writeCheck(task: string, body: Record<string, unknown>, final = false): Promise<void> {
    const key = `check:${this.externalId(task)}`;
    const payloadHash = hash(body);
    const known = this.options.receipts.get(key);
    if (known?.payloadHash === payloadHash) return;
    const repo = { owner: this.ctx.owner, repo: this.ctx.repo };
    let id = known?.remoteId;
    if (id === undefined) {
      const found = await this.findCheck(task, final);
      // A lookup that failed says nothing: a create now could be a second check run. A later write tries again.
      if (!found) return;
      id = found.id;
    }
    if (id !== undefined) {
      const updated = await this.api.call<CheckRun>('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: Number(id), ...body }, { final });
      if (!updated) return;
    } else {
      const created = await this.api.call<CheckRun>(
        'POST /repos/{owner}/{repo}/check-runs',
        { ...repo, name: this.checkName(task), head_sha: this.ctx.sha, external_id: this.externalId(task), details_url: runUrl(this.ctx), ...body },
        // A create whose answer was lost is found by its external_id, not made twice.
        { final, findCreated: async () => asCreated((await this.findCheck(task, final))?.id) },
      );
      // An answer without an id is a lost one: a later write looks the check run up again.
      if (!created || !Number.isSafeInteger(created.id)) return;
      id = String(created.id);
    }
    this.options.receipts.set(key, { remoteId: id, payloadHash });
  }

  /** The task's check run on the head commit, by external_id: `{ id }` (undefined id: none yet), or undefined when the lookup failed. */
  private async findCheck(task: string, final: boolean): Promise<{ id: string | undefined } | undefined> {
    const found = await this.api.call<{ check_runs: CheckRun[] }>(
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      { owner: this.ctx.owner, repo: this.ctx.repo, ref: this.ctx.sha, check_name: this.checkName(task), filter: 'all', per_page: 100 },
      { final },
    );
    // An answer without its list says nothing, as a failed lookup: a create now could be a second check run.
    if (!found || !Array.isArray(found.check_runs)) return undefined;
    const run = found.check_runs.find((c) => c.external_id === this.externalId(task));
    return { id: run ? String(run.id) : undefined };
  }

  private async writeStatus(run: RunSummary): Promise<void> {
    const t = totals(run.tasks);
    // A run that will not start what is left (its budget is spent, the quota breaker is open) failed:
    // pending would wait for a run that cannot come by itself.
    const failed = t.counts.NEEDS_HUMAN + t.counts.CANCELLED > 0 || run.stalled !== undefined;
    const state = this.options.forkReason ? 'pending' : t.verdict === 'pass' ? 'success' : failed ? 'failure' : 'pending';
    const description = this.options.forkReason
      ? 'Fork PR: agents did not run; a maintainer must run overseer'
      : t.verdict === 'pass'
        ? `All ${t.tasks} tasks verified`
        : run.stalled && t.counts.NEEDS_HUMAN + t.counts.CANCELLED === 0
          ? `Stopped: ${run.stalled.reason}`
          : Object.entries(t.counts)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ');
    await this.reportStatus(state, description);
  }

  /** This fleet's verdict, joined with other fleets' on a shared context, posted unless it was already. */
  private async reportStatus(state: StatusState, description: string): Promise<void> {
    const body = await aggregateStatus(this.api, this.ctx, state, description);
    const key = `status:${this.ctx.sha}`;
    const payloadHash = hash(body);
    if (this.options.receipts.get(key)?.payloadHash === payloadHash) return;
    const created = await postStatus(this.api, this.ctx, body);
    if (created && Number.isSafeInteger(created.id)) this.options.receipts.set(key, { remoteId: String(created.id), payloadHash });
  }

  private async writeComment(run: RunSummary): Promise<void> {
    const body = `${commentMarker(this.ctx)}\n${this.ctx.fleetName ? `Fleet **${escapeText(this.ctx.fleetName)}**\n\n` : ''}${renderSummary(run, COMMENT_MAX)}`;
    const key = `comment:${this.ctx.pullRequest}${this.ctx.fleetName ? `:${this.ctx.fleetName}` : ''}`;
    const payloadHash = hash(body);
    const known = this.options.receipts.get(key);
    if (known?.payloadHash === payloadHash) return;
    const repo = { owner: this.ctx.owner, repo: this.ctx.repo };
    const edit = async (id: string) => {
      const updated = await this.api.call('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: Number(id), body }, { final: true });
      if (updated) this.options.receipts.set(key, { remoteId: id, payloadHash });
      return updated !== undefined;
    };
    if (known !== undefined) {
      if (await edit(known.remoteId)) return;
      // The comment we wrote may be gone (a maintainer deleted it: every edit would be a 404): look again.
      this.options.receipts.delete(key);
    }
    const found = await this.findComment();
    // A lookup that failed says nothing: a create now could be a second comment.
    if (!found) return;
    if (found.id !== undefined) {
      await edit(found.id);
      return;
    }
    const created = await this.api.call<{ id: number }>(
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...repo, issue_number: this.ctx.pullRequest, body },
      // A create whose answer was lost is found by its marker, not made twice.
      { final: true, findCreated: async () => asCreated((await this.findComment())?.id) },
    );
    if (created && Number.isSafeInteger(created.id)) this.options.receipts.set(key, { remoteId: String(created.id), payloadHash });
  }

  /**
   * The sticky comment, found by its marker, written by a bot or a maintainer (not one login:
   * GITHUB_TOKEN, an app and a PAT write as different ones). Anyone may post the marker: a PR author's
   * comment holding it must not become the one we edit (our verdict under their name, theirs to change).
   * `{ id }` (undefined id: none yet), or undefined when the lookup failed.
   */
  private async findComment(): Promise<{ id: string | undefined } | undefined> {
    for (let page = 1; page <= 30; page++) {
      const comments = await this.api.call<Array<{ id: number; body?: string; user?: { type?: string }; author_association?: string }>>(
        'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
        { owner: this.ctx.owner, repo: this.ctx.repo, issue_number: this.ctx.pullRequest, per_page: 100, page },
        { final: true },
      );
      if (!Array.isArray(comments)) return undefined;
      const marker = commentMarker(this.ctx);
      const mine = comments.find((c) => c.body?.includes(marker) && (c.user?.type === 'Bot' || TRUSTED.has(c.author_association ?? '')));
      if (mine) return { id: String(mine.id) };
      if (comments.length < 100) return { id: undefined };
    }
    return { id: undefined };
  }
}

/**
 * For the post step when main did not report: the aggregate status says the run did not finish, as
 * main's own for an interrupted run does (pending: branch protection keeps waiting, fail closed), so
 * a required `overseer/verifier` names the reason instead of "waiting for status to be reported".
 * Whether GitHub took it.
 */
export async function statusUnfinished(api: GitHubApi, ctx: RunContext): Promise<boolean> {
  const body = await aggregateStatus(api, ctx, 'pending', 'Did not finish: the job ended before overseer could report. Re-run it to resume from the ledger');
  return (await postStatus(api, ctx, body)) !== undefined;
}

/**
 * The status this fleet posts: its own verdict, or worse when other fleets share the context (no
 * `name` of their own) and did not pass: the context is one and the last writer wins, so it says the
 * worst of every fleet's own verdict. Legs of one fleet (a matrix of one manifest, unnamed) cannot
 * be told apart later: their clash is a failure that says to name them.
 */
async function aggregateStatus(api: GitHubApi, ctx: RunContext, own: StatusState, description: string) {
  const mine = statusBody(ctx, own, description);
  if (ctx.fleetName || own === 'failure') return mine;
  const others = await otherFleets(api, ctx);
  // Fail closed, but not red: a re-run asks again.
  if (others === undefined) return own === 'success' ? statusBody(ctx, 'pending', 'All tasks verified, but the statuses of other fleets on this context could not be read: re-run this job', own) : mine;
  if (others === 'legs') return statusBody(ctx, 'failure', 'Legs of one fleet (a matrix, one manifest) share this context: give each its own `name` input', own);
  if (worst(own, others) === own) return mine;
  return statusBody(ctx, others, `Another overseer fleet on this context is ${others} (this one: ${own}): give each fleet its own \`name\` input`, own);
}

/**
 * The worst own verdict of the other fleets that posted on this context (each one's newest), success
 * when there are none; `legs` when another leg of this fleet posted in this run attempt; undefined
 * when GitHub could not be asked.
 */
async function otherFleets(api: GitHubApi, ctx: RunContext): Promise<StatusState | 'legs' | undefined> {
  const seen = new Set<string>();
  let found: StatusState = 'success';
  for (let page = 1; page <= 10; page++) {
    const statuses = await api.call<Array<{ context?: string; target_url?: string | null }>>(
      'GET /repos/{owner}/{repo}/commits/{ref}/statuses',
      { owner: ctx.owner, repo: ctx.repo, ref: ctx.sha, per_page: 100, page },
      { final: true },
    );
    if (!statuses) return undefined;
    // Newest first: a fleet's first status here is its latest word.
    for (const s of statuses) {
      const from = s.context === statusContext(ctx) ? fleetOfStatus(s.target_url) : undefined;
      if (!from) continue;
      // This fleet's own statuses: an earlier attempt or another run of it (a push and a pull_request
      // on one commit) is its past, and the newest word stands; a second job run of this very attempt
      // is a matrix leg.
      if (from.fleet === ctx.fleet) {
        if (from.run === ctx.runId && from.attempt === ctx.runAttempt && from.leg !== ctx.leg) return 'legs';
        continue;
      }
      if (seen.has(from.fleet)) continue;
      seen.add(from.fleet);
      found = worst(found, from.own);
    }
    if (statuses.length < 100) break;
  }
  return found;
}

/** The aggregate status as posted: `overseer/verifier` on the head commit, linking this workflow run. */
function statusBody(ctx: RunContext, state: StatusState, description: string, own: StatusState = state) {
  return { state, context: statusContext(ctx), description: cutToChars(description, 140), target_url: statusUrl(ctx, own) };
}

function postStatus(api: GitHubApi, ctx: RunContext, body: ReturnType<typeof statusBody>): Promise<{ id: number } | undefined> {
  return api.call<{ id: number }>('POST /repos/{owner}/{repo}/statuses/{sha}', { owner: ctx.owner, repo: ctx.repo, sha: ctx.sha, ...body }, { final: true });
}

/**
 * For the post step when main did not finish (killed: the job was cancelled or timed out and main
 * did not stop in time): every check run of this workflow run that main left in_progress on the
 * head commit completes as action_required, as gate.finish would have. They are found on GitHub by
 * external_id, since a killed main may not have saved its receipts. Returns how many were completed,
 * or undefined when GitHub could not be asked.
 */
export async function completeAbandoned(api: GitHubApi, ctx: RunContext): Promise<number | undefined> {
  const prefix = externalIdPrefix(ctx);
  const left: CheckRun[] = [];
  for (let page = 1; page <= 30; page++) {
    const found = await api.call<{ check_runs: CheckRun[] }>(
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      { owner: ctx.owner, repo: ctx.repo, ref: ctx.sha, status: 'in_progress', filter: 'all', per_page: 100, page },
      { final: true },
    );
    if (!found) return undefined;
    left.push(...found.check_runs.filter((c) => c.external_id?.startsWith(prefix)));
    if (found.check_runs.length < 100) break;
  }
  let completed = 0;
  for (const check of left) {
    const task = check.external_id!.slice(prefix.length);
    const output = {
      title: 'Did not finish',
      summary:
        `This job ended (cancelled, timed out, or its runner lost) before \`${task}\` finished, and its main step had no time to report. ${resumeText(ctx)}`,
    };
    const done = await api.call(
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      { owner: ctx.owner, repo: ctx.repo, check_run_id: check.id, status: 'completed', conclusion: 'action_required', output },
      { final: true },
    );
    if (done) completed++;
  }
  return completed;
}
