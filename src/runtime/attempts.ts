// The agent side of a task's attempts, for the supervisor: starting one (its prompt, the agent's
// command line, the process, what its output says) and recording how it ended; stopping one, ours
// or one a dead supervisor left. Which tasks it is working on (`live`) feeds the reconciler's snapshot.

import { join, resolve } from 'node:path';
import { agentFor } from '../agents/registry.js';
import type { AgentSignal, Launch } from '../agents/types.js';
import { pricingFor, unreportedCharge, unreportedWarning } from '../core/pricing.js';
import { UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import { attemptOutcome } from '../core/failure.js';
import { modelOf, resolveAgent, roleOf, verifierOf, type Manifest } from '../core/manifest.js';
import { ACTIVE_STATES, type AgentName, type AttemptKind } from '../core/model.js';
import type { StopReason } from '../core/reconcile.js';
import type { Ledger } from '../ledger/ledger.js';
import { taskLogDir, untrackedAtStart } from '../ledger/paths.js';
import { recordUntracked } from '../verify/diff.js';
import { cwdProblem } from '../manifest/load.js';
import { isSameProcess } from './identity.js';
import { Orphans } from './orphans.js';
import { SpawnError, startProcess, type Exit, type RunningProcess } from './process.js';
import { attemptPrompt } from './prompting.js';
import { budgetLeft, lowest, type LiveTask } from './snapshot.js';
import type { RunSettings } from './supervisor.js';
import { headCommit, treeHash } from './tree.js';
import type { Verifiable } from './verification.js';

export interface AttemptContext {
  readonly ledger: Ledger;
  readonly manifest: Manifest;
  readonly manifestDir: string;
  readonly settings: Pick<RunSettings, 'agent' | 'redact' | 'warn'>;
  /** What every agent starts from (no GitHub credentials, this ledger's process mark). */
  readonly agentEnv: NodeJS.ProcessEnv;
  readonly killGraceMs: number;
  /** What the run's cap leaves (undefined with none): an agent that caps itself gets the lower of this and its task's. */
  readonly runLeft: () => number | undefined;
  /** Wake the supervisor's loop: something the reconciler reads has changed. */
  readonly poke: () => void;
}

/** What this supervisor holds of a task's current attempt beyond the ledger. */
export interface Running extends Verifiable {
  proc?: RunningProcess;
  message: string;
  errors: string[];
  result: { ok: boolean; text: string } | null;
  /** Whether the agent has said what the attempt cost. */
  costSeen?: boolean;
  /** What its token counts say it has cost so far, when it says dollars only at the end (Claude, with a price). */
  estimateUsd?: number;
  /** The cap its task's own budget gave it, for an agent that enforces that cap itself (Claude's --max-budget-usd). */
  capUsd?: number;
  /** A [pricing] table covers its model (so `estimateUsd` comes once it reports usage). */
  priced?: boolean;
}

/** Why a program could not start that no retry can change (E2BIG: its arguments and environment are too long). */
const UNRUNNABLE = new Set(['EACCES', 'ENOEXEC', 'EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EPERM', 'EINVAL', 'E2BIG']);

/** How an attempt that never ran ends: retried (`transient`), or a person's to fix. */
type StartFailure = 'transient' | 'agent-missing' | 'config';

/** Why an agent could not start. */
function startFailure(err: unknown): StartFailure {
  if (err instanceof SpawnError && err.code === 'ENOENT') return 'agent-missing';
  // A program that cannot be run as it is (not executable, not a program, a directory) fails the
  // same way every time: a person must fix it. Retrying it would loop for as long as the run lasts.
  if (err instanceof SpawnError && UNRUNNABLE.has(err.code)) return 'config';
  return 'transient';
}

export class Attempts {
  /** The tasks this supervisor is working on, as the reconciler sees them. */
  readonly live = new Map<string, LiveTask>();
  /** Their processes and what their agents said. */
  readonly running = new Map<string, Running>();
  /** Processes a dead supervisor left, being stopped. */
  private readonly orphans: Orphans;
  /** The run failed: what its agents do from now on is not recorded (see abandon). */
  private abandoned = false;

  constructor(private readonly ctx: AttemptContext) {
    this.orphans = new Orphans(ctx.killGraceMs);
  }

  /** The task's work is over (DONE, cancelled, escalated): nothing more is kept for it. */
  forget(task: string): void {
    this.live.delete(task);
    this.running.delete(task);
  }

  /** Start a new attempt's agent. Settles once it runs or has failed to start (recorded either way). */
  async start(task: string, kind: AttemptKind): Promise<void> {
    const { ledger, manifest, settings, agentEnv, poke } = this.ctx;
    const row = ledger.task(task)!;
    const spec = row.spec;
    const agentName = settings.agent ?? resolveAgent(manifest, spec);
    const role = roleOf(manifest, spec.role);
    const cwd = resolve(this.ctx.manifestDir, spec.cwd);
    const previous = ledger.attempts(task);
    const last = previous[previous.length - 1];
    const attempt = ledger.beginAttempt({ task, kind, agent: agentName, logPath: (n) => join(taskLogDir(ledger.paths, task), `${n}.log`) });
    const state: LiveTask = { attemptId: attempt.id, phase: 'spawning', stopping: false, stopReason: null, resultAtMs: null, lastOutputAtMs: null };
    this.live.set(task, state);
    const fail = (failure: StartFailure, message: string) => {
      settings.warn(`${task}: ${message}`);
      ledger.endAttempt(attempt.id, { exitCode: null, failureClass: failure, stopReason: null });
      ledger.transition(task, failure === 'transient' ? 'RETRYING' : 'NEEDS_HUMAN', failure);
      if (failure !== 'transient') ledger.emit('task.escalated', { task_id: task, reason: failure, addressed_to: spec.role ?? 'human' });
      this.live.delete(task);
      poke(); // a slot is free again
    };
    // Checked for the manifest's tasks when the run starts; gone since, or a submitted task's.
    const problem = cwdProblem(cwd);
    if (problem) {
      fail('config', `cwd ${cwd} ${problem}`);
      return;
    }
    // For a judge's diff, before the agent can change anything (taken beside the prompt, not after it):
    // what was untracked before the task is not its change (kept once; a task with no judge needs none),
    // and HEAD is where its change begins.
    const judged = spec.verify.some((v) => verifierOf(v).kind !== 'run');
    const untracked = judged ? recordUntracked(cwd, agentEnv, untrackedAtStart(ledger.paths, task)) : undefined;
    const prompt = await attemptPrompt(ledger, kind, spec, previous, { cwd, env: agentEnv }, settings.redact);
    const base = await headCommit(cwd, agentEnv);
    await untracked;
    const adapter = agentFor(agentName);
    const model = modelOf(manifest, spec);
    const resumeSession = kind === 'resume' ? (last?.sessionId ?? undefined) : undefined;
    let launch: Launch;
    const taskLeft = budgetLeft(row, spec);
    const budgetUsd = lowest(taskLeft, this.ctx.runLeft());
    try {
      launch = adapter.launch({
        prompt,
        model,
        allowedTools: role?.allowed_tools,
        budgetUsd,
        resumeSession,
        command: role?.command,
      });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      fail('config', err.message);
      return;
    }
    // What earlier attempts on the session it resumes were charged (codex reports the session's total).
    const priorUsd = resumeSession ? previous.filter((a) => a.sessionId === resumeSession).reduce((sum, a) => sum + a.costUsd, 0) : 0;
    const pricing = pricingFor(manifest.pricing, model);
    const parse = adapter.parser(pricing, priorUsd);
    // The cap it was launched with, when its task has a budget of its own: what it is charged if
    // stopped before it says what it spent (never the run's remainder alone).
    const capUsd = adapter.capsItself && taskLeft !== undefined ? budgetUsd : undefined;
    const run: Running = { message: '', errors: [], result: null, priced: pricing !== undefined, ...(capUsd !== undefined ? { capUsd } : {}) };
    this.running.set(task, run);
    const onSignal = (signal: AgentSignal) => this.signalled(task, state, run, signal);
    let proc: RunningProcess;
    try {
      proc = await startProcess({
        argv: launch.argv,
        cwd,
        env: { ...agentEnv, ...launch.env },
        stdin: launch.stdin,
        logPath: join(taskLogDir(ledger.paths, task), `${attempt.num}.log`),
        redact: settings.redact,
        onLine: (line) => parse(line).forEach(onSignal),
        onOutput: () => {
          state.lastOutputAtMs = Date.now();
        },
        warn: (message) => settings.warn(`${task}: ${message}`),
      });
    } catch (err) {
      fail(startFailure(err), (err as Error).message);
      return;
    }
    run.proc = proc;
    state.phase = 'running';
    state.lastOutputAtMs = Date.now();
    ledger.tx(() => {
      ledger.attemptStarted(attempt.id, proc.pid, proc.startTime);
      if (base) ledger.setBaseCommit(attempt.id, base);
      ledger.transition(task, 'RUNNING', 'started');
    });
    poke(); // its deadlines (timeout, idle watchdog) start now: the next tick schedules them
    // The tree's fingerprint, once the agent runs: a `git status` of a large tree must not hold up the loop.
    void treeHash(cwd, agentEnv).then((hash) => {
      if (!hash || !ledger.isOpen || this.abandoned || this.live.get(task)?.attemptId !== attempt.id) return;
      ledger.setTreeHash(attempt.id, hash);
      poke(); // persist it soon: a resume after a crash compares against it
    });
    void proc.exited.then((exit) => this.exited(task, agentName, state, run, exit));
  }

  /** What the agent said as it ran: recorded, kept for the verifiers and the failure, or warned about. */
  private signalled(task: string, state: LiveTask, run: Running, signal: AgentSignal): void {
    const { ledger, settings, poke } = this.ctx;
    const { attemptId } = state;
    // The run has ended (Ctrl-C) or failed while this agent, deaf to SIGTERM, still prints: the next run resumes it.
    if (!ledger.isOpen || this.abandoned) return;
    switch (signal.kind) {
      case 'session':
        // Stored and shown as it is: a session id that holds a secret is not kept (no resume then).
        if (settings.redact(signal.id) !== signal.id) return;
        ledger.attemptProgress(attemptId, { sessionId: signal.id });
        poke(); // persist it soon: a resume after a crash needs the session id
        return;
      case 'cost':
        run.costSeen = true;
        ledger.attemptProgress(attemptId, { costUsd: signal.usd });
        poke();
        return;
      case 'estimate':
        run.estimateUsd = signal.usd;
        return;
      case 'message':
        run.message = signal.text;
        return;
      case 'result':
        run.result = { ok: signal.ok, text: signal.text };
        if (signal.text) run.message = signal.text;
        state.resultAtMs = Date.now();
        ledger.attemptProgress(attemptId, { resultAt: new Date(state.resultAtMs).toISOString(), agentOk: signal.ok });
        poke();
        return;
      case 'error':
        run.errors.push(signal.text);
        return;
      case 'denied':
        settings.warn(
          `${task}: the agent was denied ${plural(signal.tools.length, 'tool call')} it had no permission for (${signal.tools.slice(0, 3).join(', ')}${signal.tools.length > 3 ? ', ...' : ''}): name what it may run in its role's allowed_tools`,
        );
        return;
      default: {
        const never: never = signal;
        throw new Error(`unhandled agent signal ${JSON.stringify(never)}`);
      }
    }
  }

  /** The agent's process has ended: the attempt ends, with how it failed if it did. */
  private exited(task: string, agent: AgentName, state: LiveTask, run: Running, exit: Exit): void {
    const { ledger, poke } = this.ctx;
    const { attemptId } = state;
    // Gone after the run ended or failed: its attempt stays open in the ledger, and the next run takes it up.
    if (!ledger.isOpen || this.abandoned) return;
    const failure = attemptOutcome({
      agent,
      stopReason: state.stopReason,
      code: exit.code,
      lost: exit.lost,
      errors: run.errors,
      result: run.result,
      stderrTail: () => run.proc?.stderrTail() ?? '',
    });
    this.chargeUnreported(task, state, run, exit);
    ledger.endAttempt(attemptId, { exitCode: exit.code, failureClass: failure, stopReason: state.stopReason });
    state.phase = 'exited';
    state.stopping = false;
    // Cancelled while running: nothing more to do for this task.
    if (!ACTIVE_STATES.has(ledger.task(task)?.state ?? 'DONE')) this.forget(task);
    poke();
  }

  /**
   * An agent that ended before it said what it cost is charged what unreportedCharge says. Stopped
   * for its time (a timeout, the idle watchdog): its tokens' estimate, else its task's cap. Ended on
   * its own (a crash), lost with the spawn helper, or stopped by a cancel or the run's budget: its
   * estimate only, as it may have spent little. Its session is never resumed (a cancelled task runs
   * no more; a retry starts afresh), so what it used is spent. One stopped by Ctrl-C (`orphaned`) is
   * not charged: the next run resumes its session.
   */
  private chargeUnreported(task: string, state: LiveTask, run: Running, exit: Exit): void {
    if (run.costSeen || run.result !== null || state.stopReason === 'orphaned') return;
    const timedOut = state.stopReason === 'timeout' || state.stopReason === 'idle-timeout';
    const charge = unreportedCharge(run, !timedOut);
    if (!charge) return;
    this.ctx.ledger.attemptProgress(state.attemptId, { costUsd: charge.usd });
    const ended = state.stopReason !== null ? `stopped (${state.stopReason})` : exit.lost ? 'lost with the spawn helper' : exit.code === null ? `killed by ${exit.signal ?? 'a signal'}` : `exited ${exit.code}`;
    this.ctx.settings.warn(`${task}: ${unreportedWarning(ended, charge, "its task's cap", run.priced)}`);
  }

  /** Take a task up for its verifiers: after a restart it is not live here yet. */
  verifying(task: string, attemptId: number): Running {
    let state = this.live.get(task);
    if (!state) {
      state = { attemptId, phase: 'verifying', stopping: false, stopReason: null, resultAtMs: null, lastOutputAtMs: null };
      this.live.set(task, state);
    }
    state.phase = 'verifying';
    // After a restart there is no Running entry either: one holds the abort, so a cancel reaches it.
    let run = this.running.get(task);
    if (!run) {
      run = { message: '', errors: [], result: null };
      this.running.set(task, run);
    }
    return run;
  }

  /** Stop an attempt's agent; its exit ends the attempt. */
  stop(task: string, attemptId: number, reason: StopReason): void {
    const { ledger, killGraceMs, poke } = this.ctx;
    const state = this.live.get(task);
    const run = this.running.get(task);
    if (state?.attemptId === attemptId && run?.proc) {
      state.stopping = true;
      state.stopReason = reason;
      run.proc.stop(killGraceMs);
      return;
    }
    // An attempt left by a dead supervisor: its process, if it is still that process, is stopped,
    // and the attempt ends only once it is gone. Until then the task stays live here.
    // (`result-grace`: it had printed a successful result, and ends as that success.)
    const a = ledger.attempt(attemptId);
    if (!a || a.endedAt !== null || this.orphans.has(attemptId)) return;
    const stopReason = reason === 'result-grace' ? 'result-grace' : 'orphaned';
    if (!a.pid || !isSameProcess(a.pid, a.pidStart)) {
      ledger.endAttempt(attemptId, { exitCode: null, failureClass: null, stopReason });
      return;
    }
    this.live.set(task, { attemptId, phase: 'stopping', stopping: true, stopReason, resultAtMs: null, lastOutputAtMs: null });
    this.orphans.stop(attemptId, a.pid, a.pidStart, () => {
      if (!ledger.isOpen || this.abandoned) return;
      ledger.endAttempt(attemptId, { exitCode: null, failureClass: null, stopReason });
      this.live.delete(task);
      poke();
    });
  }

  /** Stop what runs for tasks that were cancelled (by a control request). */
  stopCancelled(): void {
    for (const [task, run] of this.running) {
      if (this.ctx.ledger.task(task)?.state !== 'CANCELLED') continue;
      run.abort?.abort();
      const state = this.live.get(task);
      if (state?.phase === 'running') {
        // A person stopped it: no failure of the agent's (a SIGTERM exit would read as agent-failed).
        if (!state.stopping) {
          state.stopping = true;
          state.stopReason = 'cancelled';
        }
        run.proc?.stop(this.ctx.killGraceMs); // its exit forgets the task
      } else this.forget(task);
    }
  }

  /**
   * Ctrl-C: stop every running agent and verification, as a crash would (not the agent's failure,
   * not a counted attempt: the resume cap bounds these), sooner than a stop already under way.
   * Settles once the agents are gone, or after their grace.
   */
  async interrupt(graceMs: number): Promise<void> {
    const exits: Promise<unknown>[] = [];
    for (const [task, run] of this.running) {
      run.abort?.abort();
      const state = this.live.get(task);
      if (run.proc && state?.phase === 'running') {
        // A stop already decided (a timeout, the budget) stays the reason: it ended the attempt.
        // One in its result grace has finished its work: it ends as that success, and is verified.
        if (!state.stopping) {
          state.stopping = true;
          state.stopReason = state.resultAtMs !== null && run.result?.ok === true ? 'result-grace' : 'orphaned';
        }
        run.proc.stop(graceMs);
        exits.push(run.proc.exited);
      }
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(exits), new Promise((r) => (timer = setTimeout(r, graceMs + 1_000)))]);
    clearTimeout(timer);
  }

  /**
   * The run failed: stop every agent as Ctrl-C does, but record nothing of their ends (the ledger
   * may be what failed). Their attempts stay open, and the next run takes them up.
   */
  async abandon(graceMs: number): Promise<void> {
    this.abandoned = true;
    await this.interrupt(graceMs);
  }

  /** The run is ending: SIGKILL the orphans still being stopped, abort every verification. */
  close(): void {
    this.orphans.killAll();
    for (const run of this.running.values()) run.abort?.abort();
  }
}
