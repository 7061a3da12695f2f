// A `brain` verifier: ask an OpenAI-compatible /chat/completions endpoint, parse PASS/FAIL. Fail
// closed: no endpoint, an HTTP error after retries, a timeout or an unclear answer is a FAIL.

import { excerpt, requestFailure, shownUrl } from '../core/redact.js';
import { parseVerdict } from '../core/verdict.js';
import type { CheckResult } from './run.js';
import { capOutput } from './run.js';

export interface BrainEndpoint {
  readonly url: string;
  readonly model: string | undefined;
  readonly apiKey: string | undefined;
}

const RETRIES = 3;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Seconds or an HTTP date, as Retry-After allows; capped so a hostile header cannot stall a run. */
export function retryAfterMs(header: string | null, fallbackMs: number): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(Math.max(0, Number.isFinite(ms) ? ms : fallbackMs), 30_000);
}

export async function askBrain(options: {
  endpoint: BrainEndpoint;
  prompt: string;
  model?: string;
  timeoutMs: number;
  redact: (s: string) => string;
  signal?: AbortSignal;
}): Promise<CheckResult> {
  const started = Date.now();
  const done = (verdict: 'PASS' | 'FAIL', output: string): CheckResult => ({
    verdict,
    output: capOutput(options.redact(output)),
    durationMs: Date.now() - started,
    costUsd: 0,
  });
  const model = options.model ?? options.endpoint.model;
  if (!model) return done('FAIL', 'no model for the brain verifier: set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL');
  const url = `${options.endpoint.url.replace(/\/+$/, '')}/chat/completions`;
  // The verifier's timeout, or the task's cancel (then nothing is recorded of this answer).
  const deadline = options.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]) : AbortSignal.timeout(options.timeoutMs);
  let last = '';
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        signal: deadline,
        headers: {
          'content-type': 'application/json',
          ...(options.endpoint.apiKey ? { authorization: `Bearer ${options.endpoint.apiKey}` } : {}),
        },
        body: JSON.stringify({ model, temperature: 0, messages: [{ role: 'user', content: options.prompt }] }),
      });
    } catch (err) {
      if (deadline.aborted) return done('FAIL', `brain verifier timed out after ${Math.round(options.timeoutMs / 1000)} s (${shownUrl(url)})`);
      last = `cannot reach the brain endpoint ${shownUrl(url)} (${requestFailure(err, url)}): set [brain] url in tasks.toml or OVERSEER_BRAIN_URL`;
      await sleep(500 * attempt, deadline);
      continue;
    }
    const body = await response.text().catch(() => '');
    if (response.status === 429 || response.status >= 500) {
      last = `brain endpoint answered HTTP ${response.status}: ${excerpt(options.redact, body, 300)}`;
      await sleep(retryAfterMs(response.headers.get('retry-after'), 500 * attempt), deadline);
      if (deadline.aborted) return done('FAIL', `brain verifier timed out after ${Math.round(options.timeoutMs / 1000)} s (${last})`);
      continue;
    }
    if (!response.ok) return done('FAIL', `brain endpoint answered HTTP ${response.status}: ${excerpt(options.redact, body, 500)}`);
    let choice: { message?: { content?: unknown }; finish_reason?: unknown } | undefined;
    try {
      choice = (JSON.parse(body) as { choices?: Array<typeof choice> }).choices?.[0];
    } catch {
      return done('FAIL', `brain endpoint answered something that is not JSON: ${excerpt(options.redact, body, 300)}`);
    }
    const content = choice?.message?.content;
    if (typeof content !== 'string') return done('FAIL', `brain answer has no choices[0].message.content: ${excerpt(options.redact, body, 300)}`);
    // Cut off at the token limit: whatever it said so far is not its verdict.
    if (choice?.finish_reason === 'length') return done('FAIL', `brain answer was cut short at the model's token limit (finish_reason "length"): ${excerpt(options.redact, content, 300)}`);
    // Redacted before it is parsed: the parser quotes the answer cut short.
    const judgement = parseVerdict(options.redact(content));
    return done(judgement.verdict, [`${judgement.verdict}`, ...judgement.reasons].join('\n'));
  }
  return done('FAIL', `${last} (after ${RETRIES} tries)`);
}
