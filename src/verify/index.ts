// Run a task's verifiers in order for one attempt; the first FAIL stops the chain. Each result is
// handed to `record` as it comes, so the ledger has it even if a later verifier hangs.

import { verifierOf, verifierText, type Manifest, type Verifier, type VerifierSpec } from '../core/manifest.js';
import type { VerdictFailure } from '../core/failure.js';
import { MAX_TIMER_MS, type Verdict, type VerifierKind } from '../core/model.js';
import { judgePrompt } from '../core/prompts.js';
import { parseVerdict } from '../core/verdict.js';
import { askBrain, type BrainEndpoint } from './brain.js';
import { diffOf } from './diff.js';
import type { Review } from './reviewer.js';
import { capOutput, OUTPUT_CAP, PASS_OUTPUT_CAP, runCheck, type CheckResult } from './run.js';

export interface VerifierOutcome extends CheckResult {
  readonly index: number;
  readonly kind: VerifierKind;
  readonly command: string;
}

export interface VerifyContext {
  readonly verifiers: readonly VerifierSpec[];
  /** How long a manifest minute lasts (60 s; tests shorten it). */
  readonly minuteMs?: number;
  readonly cwd: string;
  /** Where the task's work began (its first attempt's HEAD, and when): what a judge's diff starts from. */
  readonly start?: { readonly base: string | null; readonly since: number | null };
  /** Left out of a judge's diff (the ledger and the agents' logs). */
  readonly stateDir?: string;
  /** The untracked files the task found (recordUntracked): not its new files. */
  readonly untrackedAtStart?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly redact: (s: string) => string;
  readonly taskPrompt: string;
  readonly agentMessage: string;
  readonly brain: BrainEndpoint;
  /** [pricing.<model>]: what a `brain` judge's answers cost, by model. */
  readonly pricing?: Manifest['pricing'];
  /** Runs the task's agent read-only with a reviewer prompt and returns its final message. */
  readonly review: (request: { prompt: string; model: string | undefined; timeoutMs: number; budgetUsd: number | undefined; index: number }) => Promise<Review>;
  readonly record: (outcome: VerifierOutcome) => void;
  /**
   * What a judge or reviewer stopped midway (a cancel, Ctrl-C) spent: no verdict is recorded, but
   * the money is gone (a fresh one takes its place), so it is charged to the task all the same.
   */
  readonly spent?: (costUsd: number) => void;
  readonly signal?: AbortSignal;
  /**
   * What the task and the run have left to spend, asked before each judge and reviewer (undefined:
   * no cap). With nothing left one is not asked: its answer would be paid for past the cap.
   */
  readonly budgetLeft?: () => number | undefined;
}

/** The verdict on an attempt, and why a FAIL needs a person rather than a retry (see CheckResult). */
export interface VerifyOutcome {
  readonly verdict: Verdict;
  readonly failure?: VerdictFailure;
}

export async function verify(ctx: VerifyContext): Promise<VerifyOutcome> {
  let diff: string | undefined;
  /** The task's change, for the judges: read once, by the first that asks. */
  const change = async () =>
    (diff ??= await diffOf(ctx.cwd, ctx.env, { base: ctx.start?.base, since: ctx.start?.since ?? undefined, stateDir: ctx.stateDir, untrackedAtStart: ctx.untrackedAtStart }));
  for (const [index, spec] of ctx.verifiers.entries()) {
    if (ctx.signal?.aborted) return { verdict: 'FAIL' };
    const v = verifierOf(spec);
    const command = verifierText(v);
    const left = v.kind === 'run' ? undefined : ctx.budgetLeft?.();
    const result: CheckResult =
      left !== undefined && left <= 0
        ? { verdict: 'FAIL', output: `not asked: the task's or the run's budget is spent, and a ${v.kind === 'brain' ? 'judge' : 'reviewer'} is paid for`, durationMs: 0, costUsd: 0, failure: 'budget' }
        : await check(ctx, v, index, change);
    // Stopped midway (a cancel, Ctrl-C): what it said is no verdict on the work; what it spent was spent.
    if (ctx.signal?.aborted) {
      if (result.costUsd > 0) ctx.spent?.(result.costUsd);
      return { verdict: 'FAIL' };
    }
    // Kept as every verifier's is (DESIGN §7): a judge's or reviewer's words are capped like a check's output.
    const output = capOutput(result.output, result.verdict === 'PASS' ? PASS_OUTPUT_CAP : OUTPUT_CAP);
    ctx.record({ ...result, output, index, kind: v.kind, command: ctx.redact(command) });
    if (result.verdict === 'FAIL') return { verdict: 'FAIL', ...(result.failure ? { failure: result.failure } : {}) };
  }
  return { verdict: 'PASS' };
}

/** One verifier's result: a `run` check, a `brain` judge's answer, or an `agent` reviewer's. */
async function check(ctx: VerifyContext, v: Verifier, index: number, change: () => Promise<string>): Promise<CheckResult> {
  const timeoutMs = Math.min(v.timeoutMin * (ctx.minuteMs ?? 60_000), MAX_TIMER_MS);
  switch (v.kind) {
    case 'run':
      return runCheck({ command: v.command, cwd: ctx.cwd, env: ctx.env, timeoutMs, redact: ctx.redact, signal: ctx.signal });
    case 'brain': {
      const prompt = judgePrompt({ question: v.question, taskPrompt: ctx.taskPrompt, agentMessage: ctx.agentMessage, diff: await change() }, ctx.redact);
      return askBrain({ endpoint: ctx.brain, prompt, model: v.model, timeoutMs, redact: ctx.redact, signal: ctx.signal, pricing: ctx.pricing });
    }
    case 'agent': {
      const prompt = judgePrompt({ question: v.prompt, taskPrompt: ctx.taskPrompt, agentMessage: ctx.agentMessage, diff: await change() }, ctx.redact);
      const started = Date.now();
      const review = await ctx.review({ prompt, model: v.model, timeoutMs, budgetUsd: v.budgetUsd, index });
      // Redacted before it is parsed: the parser quotes the answer cut short.
      const judgement = review.error ? { verdict: 'FAIL' as const, reasons: [review.error] } : parseVerdict(ctx.redact(review.message));
      return {
        verdict: judgement.verdict,
        output: ctx.redact([judgement.verdict, ...judgement.reasons].join('\n')),
        durationMs: Date.now() - started,
        costUsd: review.costUsd,
        ...(review.error && review.failure ? { failure: review.failure } : {}),
      };
    }
    default: {
      const never: never = v;
      throw new Error(`unknown verifier ${JSON.stringify(never)}`);
    }
  }
}
