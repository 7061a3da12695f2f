// How an attempt ended, as one of a fixed set of classes (DESIGN §5). The class decides what
// happens next: retry now, back off, open the quota breaker, or stop for a human.

import type { AgentName } from './model.js';
import type { StopReason } from './reconcile.js';

export const FAILURE_CLASSES = [
  'transient',
  'rate-limit',
  'quota',
  'timeout',
  'idle-timeout',
  'budget',
  'verify-fail',
  'agent-failed',
  'agent-missing',
  'config',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** Why a FAIL verdict goes to a person at once: a judge refused the request, or a reviewer spent its budget before it answered. */
export type VerdictFailure = Extract<FailureClass, 'config' | 'budget'>;

export function isFailureClass(value: string): value is FailureClass {
  return (FAILURE_CLASSES as readonly string[]).includes(value);
}

// The shapes of the services' own errors, not words that ordinary output holds too: a task about
// "the billing page", a test failing at "line 512" or code that "adds rate limiting" is no outage.
// These are read from the adapter's errors and from stderr.
const QUOTA = /credit balance is too low|insufficient[_ ]quota|exceeded your current quota|quota (?:exceeded|exhausted)|usage limit reached|out of credits|billing (?:hard )?limit/i;
const RATE_LIMIT = /\b429\b|rate[_ -]?limit(?:ed|_error|_exceeded| exceeded| reached| hit)|too many requests/i;
const TRANSIENT =
  /\b(?:api error|http(?:\/[\d.]+)?|status(?: code)?|error)[: ]+5\d\d\b|\b5\d\d (?:internal server error|bad gateway|service unavailable|gateway timeout)\b|overloaded|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network error|service unavailable|internal server error|no conversation found with session ID/i;

// What Claude Code and Codex themselves say, read only from what their adapters parsed as errors
// (never from stderr, where a command agent's tests may print "Upgrade to Pro" or "request timed
// out"). A plan's usage limit (Claude's "You've hit your limit · resets 3pm", Codex's "You've hit
// your usage limit", a spend cap) lasts hours: a quota, so the breaker stops the fleet spending retries.
const TOOL_QUOTA =
  /you(?:'|\u2019)?ve hit your (?:usage )?limit|you have hit your (?:usage )?limit|hit your spend cap|reached your specified API usage limits|with your ChatGPT plan, upgrade to|assistant error: billing_error/i;
const TOOL_RATE_LIMIT = /assistant error: rate_limit\b/;
const TOOL_TRANSIENT =
  /unable to connect to API|ENOTFOUND|stream disconnected before completion|connection failed: error sending request|request timed out|model is at capacity|experiencing high demand|assistant error: (?:server_error|overloaded)/i;
/** Claude stopped itself at its --max-budget-usd: the budget's stop, as overseer's would be. */
const OWN_BUDGET_STOP = /\berror_max_budget_usd\b/;

/**
 * Classify an agent's failure from the adapter's error and result signals (`errors`) and its stderr
 * (never an agent's ordinary output). Quota is checked first: a billing error must open the breaker
 * even when it also says 429. A session that is gone (a resume on a new runner) is transient: the
 * next attempt starts afresh, not counted.
 */
export function classifyError(errors: string, stderr = ''): FailureClass {
  const both = `${errors}\n${stderr}`;
  if (OWN_BUDGET_STOP.test(errors)) return 'budget';
  if (QUOTA.test(both) || TOOL_QUOTA.test(errors)) return 'quota';
  if (RATE_LIMIT.test(both) || TOOL_RATE_LIMIT.test(errors)) return 'rate-limit';
  if (TRANSIENT.test(both) || TOOL_TRANSIENT.test(errors)) return 'transient';
  return 'agent-failed';
}

/**
 * A `command` agent's own word that a service failed it (its result line's `"failure"`), as the
 * adapter passes it on: the only way such an agent's failure is anything but `agent-failed`.
 */
export const DECLARED_FAILURE = 'the agent reports a service failure: ';
const DECLARABLE = new Set<string>(['transient', 'rate-limit', 'quota']);

export function isDeclarable(value: unknown): value is 'transient' | 'rate-limit' | 'quota' {
  return typeof value === 'string' && DECLARABLE.has(value);
}

/** How an agent's process ended, as the runtime saw it. */
export interface AttemptEnd {
  /**
   * Which agent it was. A `command` agent's stderr and final message are its own program's words
   * (its tests' output: "Tests: 429 passed", "expected 'quota exceeded'"): no service speaks there,
   * so its failure is its own, never an outage that backs off or opens the quota breaker.
   */
  readonly agent: AgentName;
  /** Why the runtime stopped it, if it did. */
  readonly stopReason: StopReason | null;
  readonly code: number | null;
  /** Killed with the spawn helper that started it, not for anything it did. */
  readonly lost?: boolean;
  /** What the adapter parsed as errors. */
  readonly errors: readonly string[];
  /** The agent's final result, if it printed one. */
  readonly result: { readonly ok: boolean; readonly text: string } | null;
  readonly stderrTail: () => string;
}

/** How an ended attempt counts: null for success (its verifiers decide), else its failure class. */
export function attemptOutcome(end: AttemptEnd): FailureClass | null {
  const { stopReason, result } = end;
  // Cut short by the supervisor (a crash, Ctrl-C): not the agent's doing; it resumes.
  if (stopReason === 'orphaned' || stopReason === 'cancelled') return null;
  if (stopReason === 'timeout' || stopReason === 'idle-timeout' || stopReason === 'budget') return stopReason;
  const text = [...end.errors, result && !result.ok ? result.text : ''].join('\n');
  const ownWords = end.agent === 'command';
  const declared = end.errors.find((e) => e.startsWith(DECLARED_FAILURE))?.slice(DECLARED_FAILURE.length);
  const own = (): FailureClass => (isDeclarable(declared) ? declared : 'agent-failed');
  if (stopReason === 'result-grace') return result?.ok ? null : ownWords ? own() : classifyError(text);
  // Killed with its spawn helper: the machine's failure, retried like a service's (not counted at
  // first), unless the agent had already said it was done: then its work is verified.
  if (end.lost) return result?.ok ? null : 'transient';
  if (end.code === 0 && (result === null || result.ok)) return null;
  if (ownWords) return own();
  // The adapter's errors and stderr: never stdout, where the agent talks about its work.
  return classifyError(text, end.stderrTail());
}

/** Failures that are the service's fault: retried with backoff, not counted against max_retries. */
export function isBackoffClass(failure: FailureClass): boolean {
  return failure === 'transient' || failure === 'rate-limit';
}
