// The reconciler (DESIGN §5): tick(snapshot, policy, now) -> actions. Pure and deterministic, and
// level-triggered: it reads the fleet as it is and says what to do next, so running it twice on
// the same snapshot does no harm. The runtime performs the actions and records their results in
// the ledger before the next tick looks.

import type { FailureClass } from './failure.js';
import { isBackoffClass, type VerdictFailure } from './failure.js';
import { remainingChain } from './graph.js';
import { roundUsd } from './pricing.js';
import { ACTIVE_STATES, type AttemptKind, type TaskState, type TransitionCause } from './model.js';

export interface AttemptView {
  readonly id: number;
  readonly num: number;
  readonly kind: AttemptKind;
  readonly startedAtMs: number;
  /** Set once the agent process has ended and its outcome is recorded. */
  readonly endedAtMs: number | null;
  /** null = success; otherwise why the agent's run failed. */
  readonly failure: FailureClass | null;
  /** Why the runtime stopped it, when it did (result-grace counts as success). */
  readonly stopReason: StopReason | null;
  /** When the agent printed its final result (result grace starts here). */
  readonly resultAtMs: number | null;
  /** Its result claimed success (what it claims, not a verdict: verifiers decide). */
  readonly resultOk: boolean;
  /** When the agent last printed anything (idle watchdog). */
  readonly lastOutputAtMs: number | null;
  /** The verifiers' outcome for this attempt, once decided. */
  readonly verdict: 'PASS' | 'FAIL' | null;
  /** Why a FAIL verdict needs a person rather than a retry (a judge refused the request, a reviewer's budget ran out). */
  readonly verdictFailure: VerdictFailure | null;
  /** A stop was requested and the process has not ended yet. */
  readonly stopping: boolean;
}

export interface TaskView {
  readonly name: string;
  readonly state: TaskState;
  readonly dependsOn: readonly string[];
  readonly maxRetries: number;
  readonly timeoutMs: number;
  /** The task's cap (a human's retry may raise it); null = none. */
  readonly budgetUsd: number | null;
  readonly hasVerifiers: boolean;
  readonly costUsd: number;
  /** Attempts numbered up to this were before a human's `retry`: they do not count. */
  readonly attemptsBase: number;
  readonly attempts: readonly AttemptView[];
  /** When the task entered its current state. */
  readonly sinceMs: number;
  /**
   * This supervisor is working on the task (spawning it, running its agent or its verifiers).
   * A task ASSIGNED, RUNNING or VERIFYING that is not live was left by a supervisor that died.
   */
  readonly live: boolean;
}

export interface Snapshot {
  readonly tasks: readonly TaskView[];
  readonly drained: boolean;
  readonly breakerOpen: boolean;
  /** Everything spent in this ledger: attempts and verifiers. */
  readonly spentUsd: number;
}

export interface Policy {
  readonly maxConcurrent: number;
  readonly budgetUsd: number | null;
  readonly claimTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly resultGraceMs: number;
  /** Backoff for transient failures: base doubling to max, at most `tries` in a row. */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number; readonly tries: number };
  /** Expected duration per task (median of earlier attempts), for dispatch order; default 1. */
  readonly weight?: (task: string) => number;
  /** A number in [0, 1) per (task, streak), for jitter; pure callers pass a hash. */
  readonly jitter?: (task: string, streak: number) => number;
}

export const DEFAULT_POLICY: Omit<Policy, 'maxConcurrent' | 'budgetUsd' | 'idleTimeoutMs' | 'resultGraceMs'> = {
  claimTimeoutMs: 5 * 60_000,
  backoff: { baseMs: 2_000, maxMs: 60_000, tries: 3 },
};

/** Why overseer stopped an agent; `cancelled`: a person cancelled its task. */
export type StopReason = 'timeout' | 'idle-timeout' | 'result-grace' | 'budget' | 'orphaned' | 'cancelled';

export type Action =
  | { readonly type: 'transition'; readonly task: string; readonly to: TaskState; readonly cause: TransitionCause }
  | { readonly type: 'start-attempt'; readonly task: string; readonly kind: AttemptKind }
  | { readonly type: 'run-verifiers'; readonly task: string; readonly attemptId: number }
  | { readonly type: 'stop-attempt'; readonly task: string; readonly attemptId: number; readonly reason: StopReason }
  | { readonly type: 'escalate'; readonly task: string; readonly reason: TransitionCause }
  | { readonly type: 'open-breaker'; readonly task: string; readonly failure: FailureClass }
  | { readonly type: 'schedule'; readonly atMs: number };

const DISPATCHABLE: ReadonlySet<TaskState> = new Set(['READY', 'RETRYING', 'RESUMING']);

interface Tally {
  /** Attempts that count against max_retries. */
  readonly counted: number;
  readonly resumes: number;
  /** Service failures (transient, rate-limit) in a row at the end. */
  readonly streak: number;
}

/**
 * Walk a task's attempts since the last human retry. A service failure (5xx, 429) is retried
 * with backoff and does not count against max_retries, up to `tries` in a row; past that it counts.
 */
function tally(t: TaskView, tries: number): Tally {
  let counted = 0;
  let resumes = 0;
  let streak = 0;
  for (const a of t.attempts) {
    if (a.num <= t.attemptsBase) continue;
    if (a.kind === 'resume') resumes++;
    // An attempt cut short by a supervisor crash is not the agent's failure: resume-cap bounds those.
    if (a.stopReason === 'orphaned') continue;
    if (a.failure !== null && isBackoffClass(a.failure)) {
      streak++;
      if (streak > tries) counted++;
    } else {
      streak = 0;
      if (a.endedAtMs !== null || a.verdict !== null) counted++;
    }
  }
  return { counted, resumes, streak };
}

function latest(t: TaskView): AttemptView | undefined {
  return t.attempts[t.attempts.length - 1];
}

/** When a task that failed for the service's sake may be dispatched again. */
function notBefore(t: TaskView, streak: number, policy: Policy): number {
  const last = latest(t);
  if (!last || last.failure === null || !isBackoffClass(last.failure) || last.endedAtMs === null) return 0;
  const { baseMs, maxMs } = policy.backoff;
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, streak - 1));
  const jitter = policy.jitter ? policy.jitter(t.name, streak) : 0.5;
  return last.endedAtMs + Math.round(delay * (0.75 + 0.5 * jitter));
}

function budgetSpent(t: TaskView): boolean {
  return t.budgetUsd !== null && t.costUsd >= t.budgetUsd;
}

/**
 * What a task still may spend, reserved from the run's cap at dispatch: its remaining budget; with
 * no cap of its own, nothing, or under a run cap all that is left (Infinity: it runs alone).
 */
export function dispatchReserve(task: { readonly budgetUsd: number | null; readonly costUsd: number }, runCapped: boolean): number {
  if (task.budgetUsd === null) return runCapped ? Infinity : 0;
  return Math.max(0, roundUsd(task.budgetUsd - task.costUsd));
}

/**
 * Each task's remaining chain, remembered per policy (whose weights are fixed) while the graph stays
 * the same: recomputing it walks every task and edge, on every tick. A memo, so still pure.
 */
const chains = new WeakMap<Policy, { graph: ReadonlyArray<{ name: string; dependsOn: readonly string[] }>; chain: Map<string, number> }>();

function chainsFor(tasks: readonly TaskView[], policy: Policy): Map<string, number> {
  const known = chains.get(policy);
  if (known && sameGraph(known.graph, tasks)) return known.chain;
  const graph = tasks.map((t) => ({ name: t.name, dependsOn: t.dependsOn }));
  const chain = remainingChain(graph, policy.weight);
  chains.set(policy, { graph, chain });
  return chain;
}

function sameGraph(a: ReadonlyArray<{ name: string; dependsOn: readonly string[] }>, b: readonly TaskView[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name) return false;
    if (x.dependsOn !== y.dependsOn && (x.dependsOn.length !== y.dependsOn.length || x.dependsOn.some((d, k) => d !== y.dependsOn[k]))) return false;
  }
  return true;
}

/**
 * What to do next, in four steps, each seeing what the steps before it decided: (1) the work in
 * flight (orphans, outcomes, deadlines), (2) dependents released or cancelled, (3) tasks that can
 * have no further attempt, (4) dispatch into the free slots.
 */
export function tick(snapshot: Snapshot, policy: Policy, now: number): Action[] {
  const plan = new Plan(snapshot, policy, now);
  plan.inFlight();
  plan.release();
  plan.settleWaiting();
  plan.dispatch();
  return plan.done();
}

/**
 * One tick's decisions, in the order the runtime applies them, and where they leave each task. A
 * class for the state the four steps share (the actions so far, each task's next state, the
 * deadlines, the breaker), not for anything it owns.
 */
class Plan {
  private readonly actions: Action[] = [];
  /** The state each task will be in once this tick's transitions apply. */
  private readonly next: Map<string, TaskState>;
  private readonly deadlines: number[] = [];
  private breakerOpen: boolean;
  private readonly overRunBudget: boolean;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly policy: Policy,
    private readonly now: number,
  ) {
    this.next = new Map(snapshot.tasks.map((t) => [t.name, t.state]));
    this.breakerOpen = snapshot.breakerOpen;
    this.overRunBudget = policy.budgetUsd !== null && snapshot.spentUsd > policy.budgetUsd;
  }

  // ---- what a tick can do to a task --------------------------------------------------------

  private move(t: TaskView, to: TaskState, cause: TransitionCause): void {
    this.actions.push({ type: 'transition', task: t.name, to, cause });
    this.next.set(t.name, to);
  }

  private escalate(t: TaskView, cause: TransitionCause): void {
    this.move(t, 'NEEDS_HUMAN', cause);
    this.actions.push({ type: 'escalate', task: t.name, reason: cause });
  }

  /** After a failed attempt: another try, or a human when attempts or budget are spent. */
  private retryOrEscalate(t: TaskView, cause: TransitionCause, counted: number): void {
    if (counted >= 1 + t.maxRetries) this.escalate(t, 'retries-exhausted');
    else if (budgetSpent(t)) this.escalate(t, 'budget');
    else this.move(t, 'RETRYING', cause);
  }

  private stop(t: TaskView, a: AttemptView, reason: StopReason): void {
    if (!a.stopping) this.actions.push({ type: 'stop-attempt', task: t.name, attemptId: a.id, reason });
  }

  /** Past its own cap or the run's: its attempt is stopped, or, had it ended first, not verified. */
  private overBudget(t: TaskView): boolean {
    return this.overRunBudget || (t.budgetUsd !== null && t.costUsd > t.budgetUsd);
  }

  // ---- 1. Work in flight: orphans, outcomes, deadlines -------------------------------------

  inFlight(): void {
    for (const t of this.snapshot.tasks) {
      if (ACTIVE_STATES.has(t.state)) this.decideInFlight(t);
      else this.stopLeftOpen(t);
    }
  }

  /**
   * A task that ended (a cancel applied while no supervisor ran) with an attempt a dead supervisor
   * left open: its process may still run, editing the tree and spending. It is stopped, and its
   * attempt ended once it is gone; the task's state stays as it is.
   */
  private stopLeftOpen(t: TaskView): void {
    const a = latest(t);
    if (!t.live && a !== undefined && a.endedAtMs === null) this.stop(t, a, 'orphaned');
  }

  private decideInFlight(t: TaskView): void {
    const a = latest(t);
    const { counted, resumes, streak } = tally(t, this.policy.backoff.tries);
    if (!t.live && this.leftBehind(t, a, resumes)) return;
    if (t.state === 'ASSIGNED') {
      // The runtime moves ASSIGNED -> RUNNING when the process starts; this is the claim timeout.
      if (this.now - t.sinceMs >= this.policy.claimTimeoutMs) this.move(t, 'RETRYING', 'transient');
      else this.deadlines.push(t.sinceMs + this.policy.claimTimeoutMs);
      return;
    }
    if (!a) throw new Error(`task ${t.name} is ${t.state} with no attempt`);
    if (t.state === 'VERIFYING') this.verdict(t, a, counted);
    else if (a.endedAtMs !== null) this.ended(t, a, counted, streak);
    else this.watch(t, a);
  }

  /**
   * A task in flight that no supervisor is working on: left by one that died. True when decided
   * here; false when its attempt ended with an outcome of its own, acted on as if it were live.
   */
  private leftBehind(t: TaskView, a: AttemptView | undefined, resumes: number): boolean {
    // Left while verifying a finished attempt: the agent's work is done, so verify it again
    // rather than run the agent again.
    if (t.state === 'VERIFYING' && a && a.endedAtMs !== null && a.failure === null && a.verdict === null) {
      this.actions.push({ type: 'run-verifiers', task: t.name, attemptId: a.id });
      return true;
    }
    // Its process may still run: stop it, and resume once it has ended (the runtime ends it when
    // the process is gone): the next attempt must not run beside it, in the same cwd and on the
    // same session.
    // One that had already printed a successful result was in its result grace: its work is done
    // and paid for, so it is verified, as it would have been, not run again.
    if (a && a.endedAtMs === null) {
      this.stop(t, a, a.resultAtMs !== null && a.resultOk ? 'result-grace' : 'orphaned');
      return true;
    }
    // An attempt that ended with an outcome of its own (an exit, a failure, a verdict) before the
    // supervisor could act on it is acted on now, as it would have been. Only an attempt cut short
    // by the supervisor's end, or never started, is run again.
    if (a !== undefined && a.endedAtMs !== null && a.stopReason !== 'orphaned' && t.state !== 'ASSIGNED') return false;
    // One resume more than max_retries (DESIGN: max_retries): with max_retries = 0, a Ctrl-C or a
    // cancelled job would otherwise send every task it interrupted to a human.
    if (resumes >= 1 + t.maxRetries) this.escalate(t, 'resume-cap');
    else this.move(t, 'RESUMING', 'supervisor-restart');
    return true;
  }

  private verdict(t: TaskView, a: AttemptView, counted: number): void {
    if (a.verdict === 'PASS') this.move(t, 'DONE', t.hasVerifiers ? 'verified' : 'no-verifiers');
    // A verifier that cannot be asked as configured (a judge's endpoint refused the request), or a
    // reviewer that spent its budget before it answered: a person acts; another attempt of the
    // agent would end the same way, and pay for it.
    else if (a.verdict === 'FAIL' && a.verdictFailure !== null) this.escalate(t, a.verdictFailure);
    else if (a.verdict === 'FAIL') this.retryOrEscalate(t, 'verify-fail', counted);
  }

  /** The agent of a RUNNING task has ended: verify its work, or act on how it failed. */
  private ended(t: TaskView, a: AttemptView, counted: number, streak: number): void {
    const failure = a.failure;
    if (failure === null && this.overBudget(t)) {
      // It spent past a cap and exited before a tick could stop it (a cost reported at the end,
      // as Claude's is): the same outcome as when the stop came first, whatever the timing.
      this.escalate(t, 'budget');
      return;
    }
    if (failure === null) {
      this.move(t, 'VERIFYING', a.stopReason === 'result-grace' ? 'result-grace' : 'agent-exited');
      this.actions.push({ type: 'run-verifiers', task: t.name, attemptId: a.id });
      return;
    }
    // Every class has its outcome here: a new one is a compile error until it has one.
    switch (failure) {
      case 'quota':
        this.escalate(t, 'quota');
        if (!this.breakerOpen) this.actions.push({ type: 'open-breaker', task: t.name, failure });
        this.breakerOpen = true;
        return;
      case 'budget':
      case 'agent-missing':
      case 'config':
        this.escalate(t, failure);
        return;
      case 'transient':
      case 'rate-limit':
        // The service's fault: backed off and not counted, a few times in a row; then counted.
        if (streak <= this.policy.backoff.tries) this.move(t, 'RETRYING', failure);
        else this.retryOrEscalate(t, 'transient', counted);
        return;
      case 'timeout':
      case 'idle-timeout':
        this.retryOrEscalate(t, failure, counted);
        return;
      // An attempt's own failure is never verify-fail (that is a verdict's), but a ledger may say so.
      case 'agent-failed':
      case 'verify-fail':
        this.retryOrEscalate(t, 'agent-failed', counted);
        return;
      default: {
        const never: never = failure;
        throw new Error(`unhandled failure class ${JSON.stringify(never)}`);
      }
    }
  }

  /** A running agent: stopped when over budget or past a deadline; otherwise its deadlines are due later. */
  private watch(t: TaskView, a: AttemptView): void {
    if (a.stopping) return;
    if (this.overBudget(t)) {
      this.stop(t, a, 'budget');
      return;
    }
    const checks: Array<[at: number, reason: StopReason]> = [
      [a.startedAtMs + t.timeoutMs, 'timeout'],
      [(a.lastOutputAtMs ?? a.startedAtMs) + this.policy.idleTimeoutMs, 'idle-timeout'],
    ];
    if (a.resultAtMs !== null) checks.push([a.resultAtMs + this.policy.resultGraceMs, 'result-grace']);
    const due = checks.filter(([at]) => at <= this.now).sort((x, y) => x[0] - y[0])[0];
    if (due) this.stop(t, a, due[1]);
    else this.deadlines.push(...checks.map(([at]) => at));
  }

  // ---- 2. Dependencies: only DONE releases a dependent; a CANCELLED dependency cancels it ---

  release(): void {
    for (const t of this.snapshot.tasks) {
      if (t.state !== 'PENDING') continue;
      // A dependency not in the ledger has no state, and holds its dependent back.
      const deps = t.dependsOn.map((d) => this.next.get(d));
      if (deps.some((s) => s === 'CANCELLED')) this.move(t, 'CANCELLED', 'dependency-cancelled');
      else if (deps.every((s) => s === 'DONE')) this.move(t, 'READY', 'deps-done');
    }
  }

  // ---- 3. Waiting for another attempt that cannot come -------------------------------------

  /**
   * Spent budget or attempts, or the quota breaker is open. A READY task whose budget is spent
   * already (a cap of 0, a retry granted no new budget) would be stopped as soon as it started: a
   * person must give it budget first. A task the runtime sent back to RETRYING itself (its launch
   * failed) has its attempts counted here.
   */
  settleWaiting(): void {
    for (const t of this.snapshot.tasks) {
      const state = this.next.get(t.name)!;
      if (state === 'READY' && budgetSpent(t)) this.escalate(t, 'budget');
      if (state !== 'RETRYING' && state !== 'RESUMING') continue;
      if (budgetSpent(t)) this.escalate(t, 'budget');
      else if (this.breakerOpen) this.escalate(t, 'quota');
      else if (state === 'RETRYING' && tally(t, this.policy.backoff.tries).counted >= 1 + t.maxRetries) this.escalate(t, 'retries-exhausted');
    }
  }

  // ---- 4. Dispatch: longest remaining chain first, ties in manifest order, within every limit

  dispatch(): void {
    const { snapshot, policy, next } = this;
    if (snapshot.drained || this.breakerOpen) return;
    const inFlight = snapshot.tasks.filter((t) => ACTIVE_STATES.has(next.get(t.name)!));
    // A task cancelled (or ended) while its process may still run holds its slot until it is gone.
    // One whose work ended (an exit recorded, a verdict given) frees it in this tick: the next task
    // must not wait a tick for it.
    const holding = (t: TaskView) => t.live && !ACTIVE_STATES.has(next.get(t.name)!) && (!ACTIVE_STATES.has(t.state) || latest(t)?.endedAtMs === null);
    let active = inFlight.length + snapshot.tasks.filter(holding).length;
    // Under a run cap, a task with no cap of its own may spend all that is left: it runs alone.
    const reserveOf = (t: TaskView) => dispatchReserve(t, policy.budgetUsd !== null);
    let reserved = inFlight.reduce((sum, t) => sum + reserveOf(t), 0);
    const runLeft = policy.budgetUsd === null ? Infinity : roundUsd(policy.budgetUsd - snapshot.spentUsd);
    const chain = chainsFor(snapshot.tasks, policy);
    const ready = snapshot.tasks
      .map((t, ord) => ({ t, ord }))
      .filter(({ t }) => DISPATCHABLE.has(next.get(t.name)!))
      .sort((x, y) => chain.get(y.t.name)! - chain.get(x.t.name)! || x.ord - y.ord);
    for (const { t } of ready) {
      if (active >= policy.maxConcurrent) break;
      const state = next.get(t.name)!;
      if (state === 'RETRYING') {
        const at = notBefore(t, tally(t, policy.backoff.tries).streak, policy);
        if (at > this.now) {
          this.deadlines.push(at);
          continue;
        }
      }
      // The run cap must cover what is reserved for work in flight plus this task's reserve.
      const need = reserveOf(t);
      if (runLeft <= 0 || (need === Infinity ? reserved > 0 : roundUsd(reserved + need) > runLeft)) continue;
      this.move(t, 'ASSIGNED', 'dispatched');
      this.actions.push({ type: 'start-attempt', task: t.name, kind: state === 'RESUMING' ? 'resume' : state === 'RETRYING' ? 'retry' : 'fresh' });
      active++;
      reserved += need;
    }
  }

  /** The actions, with the earliest deadline still ahead as a `schedule`. */
  done(): Action[] {
    const upcoming = this.deadlines.filter((at) => at > this.now && Number.isFinite(at));
    if (upcoming.length > 0) this.actions.push({ type: 'schedule', atMs: Math.min(...upcoming) });
    return this.actions;
  }
}
