// How an attempt ended, as one of a fixed set of classes (DESIGN §5). The class decides what
// happens next: retry now, back off, open the quota breaker, or stop for a human.

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

export function isFailureClass(value: string): value is FailureClass {
  return (FAILURE_CLASSES as readonly string[]).includes(value);
}

const QUOTA = /credit balance|insufficient[_ ]quota|quota (?:exceeded|exhausted)|billing|usage limit reached|out of credits/i;
const RATE_LIMIT = /\b429\b|rate[_ -]?limit|too many requests/i;
const TRANSIENT = /\b5\d\d\b|\b529\b|overloaded|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network error|service unavailable|internal server error/i;

/**
 * Classify an agent's failure from its error text (the result message, stderr tail). Quota is
 * checked first: a billing error must open the breaker even when it also says 429.
 */
export function classifyError(text: string): FailureClass {
  if (QUOTA.test(text)) return 'quota';
  if (RATE_LIMIT.test(text)) return 'rate-limit';
  if (TRANSIENT.test(text)) return 'transient';
  return 'agent-failed';
}

/** Failures that are the service's fault: retried with backoff, not counted against max_retries. */
export function isBackoffClass(failure: FailureClass): boolean {
  return failure === 'transient' || failure === 'rate-limit';
}
