// The prompts overseer writes: the retry prompt (the failure fed back to the agent), the recovery
// prompt (after a supervisor crash), and the question put to a judge. Pure: callers pass in the
// log tail, the verifier history and the redactor.

import { fence } from './markdown.js';
import type { Verdict, VerifierKind } from './model.js';

/** The marker an agent (and the demo agent) can recognise a retry by. */
export const RETRY_MARKER = 'Previous attempt failed verification';

/** Each piece of feedback is cut to this many characters (head and tail kept). */
export const FEEDBACK_LIMIT = 4000;

export interface FailedCheck {
  readonly kind: VerifierKind | 'agent-exit';
  readonly command: string;
  readonly output: string;
}

export function bounded(text: string, limit = FEEDBACK_LIMIT): string {
  if (text.length <= limit) return text;
  const half = Math.floor((limit - 40) / 2);
  return `${text.slice(0, half)}\n… [${text.length - 2 * half} characters cut] …\n${text.slice(-half)}`;
}

/**
 * Text quoted into a prompt: redacted first, then cut (a cut first could leave half a secret,
 * which no longer matches), then fenced so that nothing in it can end the quote.
 */
function quoted(text: string, redact: (s: string) => string, limit = FEEDBACK_LIMIT): string {
  return fence(bounded(redact(text), limit));
}

/** An attempt and its verifications, as the ledger records them. */
export interface AttemptRecordLike {
  readonly id: number;
  readonly agent: string;
  readonly failureClass: string | null;
  readonly exitCode: number | null;
}
export interface VerificationLike {
  readonly attemptId: number;
  readonly kind: VerifierKind;
  readonly command: string;
  readonly verdict: Verdict;
  readonly output: string;
}

/**
 * What made an attempt fail: its failing verifiers, or else the agent's own failure (its class and
 * exit, with `agentOutput()`, read only then). Empty when the attempt did not fail. The retry
 * prompt feeds these back; the summary shows the first for a task that needs a human.
 */
export function failedChecks(attempt: AttemptRecordLike, verifications: readonly VerificationLike[], agentOutput: () => string): FailedCheck[] {
  const failed: FailedCheck[] = verifications
    .filter((v) => v.attemptId === attempt.id && v.verdict === 'FAIL')
    .map((v) => ({ kind: v.kind, command: v.command, output: v.output }));
  if (failed.length === 0 && attempt.failureClass) {
    failed.push({ kind: 'agent-exit', command: `${attempt.agent} (${attempt.failureClass}, exit ${attempt.exitCode ?? 'none'})`, output: agentOutput() });
  }
  return failed;
}

/** Original prompt + what failed, so the next attempt knows what to fix. */
export function retryPrompt(original: string, failures: readonly FailedCheck[], redact: (s: string) => string): string {
  const parts = [original.trimEnd(), '', `## ${RETRY_MARKER}`, ''];
  if (failures.length === 0) parts.push('The previous attempt did not finish successfully. Try again.');
  for (const f of failures) {
    const what = f.kind === 'agent-exit' ? 'The agent itself failed' : `Verifier \`${f.kind}\` failed`;
    parts.push(`${what}: ${redact(f.command)}`, '', quoted(f.output.trimEnd() || '(no output)', redact), '');
  }
  parts.push('Fix the cause of these failures. The task is done only when every verifier passes.');
  return parts.join('\n');
}

export interface RecoveryContext {
  readonly logTail: string;
  readonly history: readonly { attempt: number; kind: VerifierKind; verdict: string; command: string }[];
  /** True when git HEAD or `git status` differ from when the interrupted attempt began. */
  readonly treeChanged: boolean;
}

/** After a supervisor crash: the original prompt, what the interrupted attempt did, and a warning. */
export function recoveryPrompt(original: string, ctx: RecoveryContext, redact: (s: string) => string): string {
  const parts = [original.trimEnd(), '', '## Resuming an interrupted attempt', ''];
  parts.push('The supervisor stopped while a previous attempt at this task was running. Continue from where it left off.');
  if (ctx.treeChanged) {
    parts.push('', 'Warning: the working tree changed since that attempt began (git HEAD or `git status` differ). Check what is already done before changing more.');
  }
  if (ctx.history.length > 0) {
    parts.push('', 'Verifier results so far:');
    for (const h of ctx.history) parts.push(`- attempt ${h.attempt}: ${h.kind} ${h.verdict}: ${redact(h.command)}`);
  }
  if (ctx.logTail.trim() !== '') {
    parts.push('', 'The end of the interrupted attempt\'s log:', '', quoted(ctx.logTail.trimEnd(), redact));
  }
  return parts.join('\n');
}

/** What a `brain` or `agent` verifier is asked. The answer is parsed by parseVerdict. */
export function judgePrompt(input: { question: string; taskPrompt: string; agentMessage: string; diff: string }, redact: (s: string) => string): string {
  return [
    'You are a strict reviewer deciding whether a coding task is done.',
    'Answer with JSON {"verdict": "PASS" | "FAIL", "reasons": ["..."]}, or with PASS or FAIL alone on the first line and your reasons below it.',
    'When in doubt, answer FAIL.',
    '',
    `Question: ${input.question}`,
    '',
    'The task:',
    quoted(input.taskPrompt, redact),
    '',
    "The agent's final message:",
    quoted(input.agentMessage || '(none)', redact),
    '',
    'The change (diff):',
    quoted(input.diff || '(no diff)', redact, 16_000),
  ].join('\n');
}
