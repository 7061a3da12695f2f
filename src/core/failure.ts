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

// The shapes of the services' own errors, not words that ordinary output holds too: a task about
// "the billing page", a test failing at "line 512" or code that "adds rate limiting" is no outage.
const QUOTA = /credit balance is too low|insufficient[_ ]quota|exceeded your current quota|quota (?:exceeded|exhausted)|usage limit reached|out of credits|billing (?:hard )?limit/i;
const RATE_LIMIT = /\b429\b|rate[_ -]?limit(?:ed|_error|_exceeded| exceeded| reached| hit)|too many requests/i;
const TRANSIENT =
  /\b(?:api error|http(?:\/[\d.]+)?|status(?: code)?|error)[: ]+5\d\d\b|\b5\d\d (?:internal server error|bad gateway|service unavailable|gateway timeout)\b|overloaded|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network error|service unavailable|internal server error/i;

/**
 * Classify an agent's failure from its error text: the adapter's error and result signals, or
 * stderr (never an agent's ordinary output). Quota is checked first: a billing error must open
 * the breaker even when it also says 429.
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
