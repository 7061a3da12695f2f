// The prompts overseer writes: the retry prompt (the failure fed back to the agent), the recovery
// prompt (after a supervisor crash), and the question put to a judge. Pure: callers pass in the
// log tail, the verifier history and the redactor.

import type { VerifierKind } from './model.js';

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

function fenced(text: string): string {
  const fence = text.includes('```') ? '~~~~' : '```';
  return `${fence}\n${text}\n${fence}`;
}

/** Original prompt + what failed, so the next attempt knows what to fix. */
export function retryPrompt(original: string, failures: readonly FailedCheck[], redact: (s: string) => string): string {
  const parts = [original.trimEnd(), '', `## ${RETRY_MARKER}`, ''];
  if (failures.length === 0) parts.push('The previous attempt did not finish successfully. Try again.');
  for (const f of failures) {
    const what = f.kind === 'agent-exit' ? 'The agent itself failed' : `Verifier \`${f.kind}\` failed`;
    parts.push(`${what}: ${redact(f.command)}`, '', fenced(redact(bounded(f.output.trimEnd() || '(no output)'))), '');
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
    parts.push('', 'The end of the interrupted attempt\'s log:', '', fenced(redact(bounded(ctx.logTail.trimEnd()))));
  }
  return parts.join('\n');
}

/** What a `brain` or `agent` verifier is asked. The answer is parsed by parseVerdict. */
export function judgePrompt(input: { question: string; taskPrompt: string; agentMessage: string; diff: string }, redact: (s: string) => string): string {
  return [
    'You are a strict reviewer deciding whether a coding task is done.',
    'Answer with JSON {"verdict": "PASS" | "FAIL", "reasons": ["..."]}, or text that starts with PASS or FAIL.',
    'When in doubt, answer FAIL.',
    '',
    `Question: ${input.question}`,
    '',
    'The task:',
    fenced(redact(bounded(input.taskPrompt))),
    '',
    "The agent's final message:",
    fenced(redact(bounded(input.agentMessage || '(none)'))),
    '',
    'The change (diff):',
    fenced(redact(bounded(input.diff || '(no diff)', 16_000))),
  ].join('\n');
}
