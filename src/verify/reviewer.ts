// An `agent` verifier's process: the task's agent started read-only with the reviewer prompt, its
// final word (its tool's result, else its last message, if it did nothing after it) kept as its
// answer and its cost counted. A reviewer that fails to start, times out, passes its budget, exits
// non-zero or reports an error gives an error instead of an answer: the verifier then fails closed.
// One that ended before it said what it cost is charged as an attempt would be (unreportedCharge): at
// its timeout, its estimate or its cap; stopped by a cancel or Ctrl-C, or crashed, its estimate only.
// A fresh reviewer takes its place, so what it spent is spent.

import type { AgentSignal, Launch } from '../agents/types.js';
import { classifyError } from '../core/failure.js';
import { usd } from '../core/format.js';
import { unreportedCharge, unreportedWarning } from '../core/pricing.js';
import { excerpt, type Redactor } from '../core/redact.js';
import { startProcess } from '../runtime/process.js';
import { lostWithHelper } from '../runtime/helper.js';
import { ABORT_GRACE_MS, VerifierLost } from './run.js';

export interface Review {
  readonly message: string;
  readonly costUsd: number;
  readonly error?: string;
  /** An error that is no verdict on the work and needs a person: its budget ran out before it answered. */
  readonly failure?: 'budget';
}

export async function runReviewer(input: {
  readonly launch: Launch;
  readonly parse: (line: string) => AgentSignal[];
  readonly cwd: string;
  /** The environment every agent starts from; the launch's own variables go on top. */
  readonly env: NodeJS.ProcessEnv;
  readonly logPath: string;
  readonly redact: Redactor;
  readonly timeoutMs: number;
  /** What it may spend (the verifier's cap within the task's and the run's): stopped when it passes it. */
  readonly budgetUsd?: number;
  /**
   * The cap it enforces itself from a budget of its own (the verifier's or its task's; Claude's
   * --max-budget-usd): what it is charged when stopped before it reported its cost and no price
   * gives an estimate. Undefined: nothing then.
   */
  readonly capUsd?: number;
  /** A [pricing] table covers its model: what its tokens cost is estimated as it runs. */
  readonly priced?: boolean;
  readonly killGraceMs: number;
  readonly signal: AbortSignal;
  readonly warn?: (message: string) => void;
}): Promise<Review> {
  let message = '';
  let costUsd = 0;
  let costSeen = false;
  /** What its tokens say it has spent so far, with a price for its model (Claude's usage). */
  let estimateUsd: number | undefined;
  /** The agent's own final word, when its tool gives one (claude's result; codex's is empty). */
  let result: { ok: boolean; text: string } | undefined;
  let overBudget = false;
  /** What its tool reported as errors: Claude stopping itself at --max-budget-usd is a budget stop. */
  const errors: string[] = [];
  let stop = () => {};
  try {
    const proc = await startProcess({
      argv: input.launch.argv,
      cwd: input.cwd,
      env: { ...input.env, ...input.launch.env },
      stdin: input.launch.stdin,
      logPath: input.logPath,
      redact: input.redact,
      warn: input.warn,
      onLine: (line) => {
        for (const s of input.parse(line)) {
          if (s.kind === 'message') message = s.text;
          if (s.kind === 'result') result = { ok: s.ok, text: s.text };
          if (s.kind === 'cost') {
            costUsd = s.usd;
            costSeen = true;
          }
          if (s.kind === 'estimate') estimateUsd = s.usd;
          if (s.kind === 'error') errors.push(s.text);
        }
        // Past its cap: stopped, as an agent is, unless its answer is in (Claude and Codex report their
        // cost only on the line that gives it). An answer it paid for is kept; the overshoot is one report.
        if (input.budgetUsd !== undefined && costUsd > input.budgetUsd && !overBudget) {
          overBudget = true;
          if (result === undefined) stop();
        }
      },
    });
    stop = () => proc.stop(input.killGraceMs);
    if (overBudget && result === undefined) stop();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, input.timeoutMs);
    // Aborted (a cancel, Ctrl-C): nothing it says counts any more, so it gets the run verifiers'
    // short grace, not an agent's (Ctrl-C stops everything within 5 s).
    const abort = () => proc.stop(Math.min(input.killGraceMs, ABORT_GRACE_MS));
    input.signal.addEventListener('abort', abort);
    if (input.signal.aborted) abort();
    const exit = await proc.exited;
    clearTimeout(timer);
    input.signal.removeEventListener('abort', abort);
    if (exit.lost && !input.signal.aborted) throw new VerifierLost('reviewer agent');
    // Ended before it said what it cost: stopped at its timeout (its estimate, else its cap), or by a
    // cancel or Ctrl-C, or on its own (a crash): its estimate only.
    if (!costSeen && result === undefined) {
      const charge = unreportedCharge({ estimateUsd, capUsd: input.capUsd }, !timedOut);
      if (charge) {
        costUsd = charge.usd;
        const ended = timedOut ? 'stopped (timeout)' : input.signal.aborted ? 'stopped (interrupted)' : `exited ${exit.code ?? exit.signal}`;
        input.warn?.(unreportedWarning(ended, charge, 'the cap it was given', input.priced));
      }
    }
    // Only a reviewer that finished has a verdict: what it said on the way ("PASS so far, let me
    // run the tests") is not one. Fail closed on a timeout, a crash, or a result it marks failed.
    const answer = result?.text || message;
    if (overBudget && result === undefined) {
      return { message: answer, costUsd, failure: 'budget', error: `reviewer agent spent ${usd(costUsd)}, past its budget of ${usd(input.budgetUsd!)}, before it gave its verdict` };
    }
    // Claude stopped itself at the --max-budget-usd it was given (error_max_budget_usd), whatever its exit code.
    if (classifyError(errors.join('\n')) === 'budget') return { message: answer, costUsd, failure: 'budget', error: `reviewer agent stopped at its budget (${usd(costUsd)} spent) before it gave its verdict` };
    if (overBudget) input.warn?.(`spent ${usd(costUsd)} for its verdict, past its budget of ${usd(input.budgetUsd!)}`);
    if (timedOut) return { message: answer, costUsd, error: `reviewer agent timed out after ${Math.round(input.timeoutMs / 1000)} s, before it gave its verdict` };
    if (exit.code !== 0) return { message: answer, costUsd, error: `reviewer agent exited ${exit.code ?? exit.signal}: ${proc.tail().slice(-500)}` };
    if (result && !result.ok) return { message: answer, costUsd, error: `reviewer agent reported an error: ${excerpt(input.redact, result.text, 500) || proc.tail().slice(-500)}` };
    return { message: answer, costUsd };
  } catch (err) {
    if (err instanceof VerifierLost) throw err;
    if (lostWithHelper(err)) throw new VerifierLost('reviewer agent');
    return { message: '', costUsd, error: `reviewer agent could not start: ${(err as Error).message}` };
  }
}
