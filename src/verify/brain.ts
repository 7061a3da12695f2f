// A `brain` verifier: ask an OpenAI-compatible /chat/completions endpoint, parse PASS/FAIL. Fail
// closed: no endpoint, an HTTP error after retries, a timeout or an unclear answer is a FAIL. A
// request the endpoint refuses as wrong (no model, a bad key) is a FAIL marked `config`: a person
// must fix it, and running the agent again would not. An answer's tokens (its `usage`) cost what
// [pricing.<model>] says, when it names the judge's model; a request that got no answer (a timeout,
// a connection cut) may be billed all the same, and is charged its prompt, estimated.

import { brainUrlProblem, type Manifest } from '../core/manifest.js';
import { estimatedTokens, pricingFor, tokenCost, tokensIn } from '../core/pricing.js';
import { excerpt, makeRedactor, requestFailure, secretsOfUrl, shownLocation, shownUrl } from '../core/redact.js';
import { withPath } from '../core/url.js';
import { parseVerdict } from '../core/verdict.js';
import type { CheckResult } from './run.js';

export interface BrainEndpoint {
  readonly url: string;
  readonly model: string | undefined;
  readonly apiKey: string | undefined;
}

const RETRIES = 3;

/**
 * How a request fails once the endpoint has it (the socket closed or reset under it), as opposed to
 * one that never reached it (refused, no such host): the model may have read the prompt.
 */
const CUT = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

const causeCode = (err: unknown): string | undefined => (err as { cause?: { code?: unknown } }).cause?.code as string | undefined;

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

/**
 * HTTP statuses that say the request itself is wrong (a bad key, a model that does not exist, a
 * parameter the model refuses): asking again, or running the agent again, cannot change them. 408
 * and 429 are a busy service, and 409 a conflict that may clear.
 */
const isConfigStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;

/**
 * The answer's text: a string, or the text parts of a content array (Mistral's); a leading
 * `<think>` block (reasoning a server left in the content: Ollama, vLLM without a reasoning parser)
 * is no part of the verdict.
 */
function answerText(content: unknown): string | undefined {
  const text = Array.isArray(content)
    ? content
        .filter((p): p is { type: 'text'; text: string } => typeof p === 'object' && p !== null && (p as { type?: unknown }).type === 'text' && typeof (p as { text?: unknown }).text === 'string')
        .map((p) => p.text)
        .join('')
    : content;
  return typeof text === 'string' ? text.replace(/^\s*<think>[\s\S]*?<\/think>/, '') : undefined;
}

/**
 * The finish reasons of an answer the model ended itself: OpenAI's `stop`, and what some compatible
 * servers say for it. Anything else (`length`, `content_filter`, `tool_calls`, `error`) is no verdict.
 */
const FINISHED = new Set(['stop', 'end_turn', 'eos', 'eos_token', 'stop_sequence']);

interface Choice {
  message?: { content?: unknown };
  finish_reason?: unknown;
  error?: unknown;
}

interface Completion {
  choices?: Choice[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
}

/**
 * An answer's output tokens: `completion_tokens` (OpenAI counts a reasoning model's thinking in it),
 * or what `total_tokens` says beyond the prompt when that is more: some compatible gateways leave
 * thinking out of `completion_tokens` but not out of the total.
 */
function outputTokens(usage: NonNullable<Completion['usage']>): number {
  const completion = tokensIn(usage.completion_tokens) ?? 0;
  const total = tokensIn(usage.total_tokens);
  const prompt = tokensIn(usage.prompt_tokens) ?? 0;
  return total === undefined ? completion : Math.max(completion, total - prompt);
}

/** An answer is a verdict and a few reasons: one far larger is not read whole (it would be held in memory three times over). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

class TooLarge extends Error {}

/** The response's body as text, refused past `max` bytes (the rest is not read: the connection is dropped). */
async function textUpTo(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > max) {
      await response.body.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export async function askBrain(options: {
  endpoint: BrainEndpoint;
  prompt: string;
  model?: string;
  timeoutMs: number;
  redact: (s: string) => string;
  signal?: AbortSignal;
  /** [pricing.<model>]: the judge model's answers are charged for at its price (none: not metered). */
  pricing?: Manifest['pricing'];
}): Promise<CheckResult> {
  const started = Date.now();
  // The endpoint's own key, when its URL carries one (`?key=...`), is as secret as the API key.
  const ownSecrets = makeRedactor(secretsOfUrl(options.endpoint.url));
  const redact = (text: string) => ownSecrets(options.redact(text));
  /** What the answer cost (an answer that says its usage, at the judge model's price). */
  let costUsd = 0;
  const done = (verdict: 'PASS' | 'FAIL', output: string, failure?: 'config'): CheckResult => ({
    verdict,
    // Capped where every verifier's output is, in verify().
    output: redact(output),
    durationMs: Date.now() - started,
    costUsd,
    ...(failure ? { failure } : {}),
  });
  const unusable = brainUrlProblem(options.endpoint.url);
  if (unusable) return done('FAIL', `the brain endpoint's URL ${unusable}: set [brain] url in tasks.toml or OVERSEER_BRAIN_URL`, 'config');
  const model = options.model ?? options.endpoint.model;
  const price = options.pricing && pricingFor(options.pricing, model);
  if (!model) return done('FAIL', 'no model for the brain verifier: set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL', 'config');
  /**
   * A try that got no answer (its timeout, a cancel, a connection cut once sent) may be billed: the
   * endpoint may read the prompt and answer into the void. Charged its prompt's tokens, estimated
   * high, at the input price; its output is unknown and unbounded (no max_tokens is sent: reasoning
   * models refuse it), so not charged. Without a price, nothing, as for every answer.
   */
  const unanswered = () => {
    if (price) costUsd += tokenCost(price, estimatedTokens(options.prompt), 0);
  };
  const url = withPath(options.endpoint.url, 'chat/completions');
  // The verifier's timeout, or the task's cancel (then nothing is recorded of this answer). Not
  // AbortSignal.any([AbortSignal.timeout(..), signal]): Node holds a timeout signal inside `any`
  // weakly, so a garbage collection drops it and the deadline never comes (nodejs/node#57736).
  const timer = new AbortController();
  const clock = setTimeout(() => timer.abort(new DOMException('the brain verifier timed out', 'TimeoutError')), options.timeoutMs);
  const deadline = options.signal ? AbortSignal.any([timer.signal, options.signal]) : timer.signal;
  /** Up to RETRIES tries within the deadline. */
  const ask = async (): Promise<CheckResult> => {
    const timedOut = (what: string) => done('FAIL', `brain verifier timed out after ${Math.round(options.timeoutMs / 1000)} s (${what})`);
    let last = '';
    for (let attempt = 1; attempt <= RETRIES; attempt++) {
      // A pause before the next try, none after the last: Retry-After may ask for 30 s.
      const pause = (ms: number) => (attempt < RETRIES ? sleep(ms, deadline) : Promise.resolve());
      // Out of time while it paused: no request goes, and none is charged.
      if (deadline.aborted) return timedOut(shownUrl(url));
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          signal: deadline,
          // Not followed: a 301 or 302 turns the POST into a GET that carries no question (whatever
          // answers it never saw the work), and a 307 sends the task's diff to a host nobody named.
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            ...(options.endpoint.apiKey ? { authorization: `Bearer ${options.endpoint.apiKey}` } : {}),
          },
          // No temperature: reasoning models (OpenAI's o-series and gpt-5) refuse any but their default.
          body: JSON.stringify({ model, messages: [{ role: 'user', content: options.prompt }] }),
        });
      } catch (err) {
        if (deadline.aborted || CUT.has(causeCode(err) ?? '')) unanswered();
        if (deadline.aborted) return timedOut(shownUrl(url));
        last = `cannot reach the brain endpoint ${shownUrl(url)} (${requestFailure(err, url)}): set [brain] url in tasks.toml or OVERSEER_BRAIN_URL`;
        await pause(500 * attempt);
        continue;
      }
      let body: string;
      try {
        body = await textUpTo(response, MAX_ANSWER_BYTES);
      } catch (err) {
        if (err instanceof TooLarge) return done('FAIL', `the brain endpoint ${shownUrl(url)} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB: no verdict in it was read`);
        // The answer stopped coming: the deadline, or the connection dropped mid-body. Only a 2xx is
        // an answer the model may have been billed for; an error status means it never ran.
        if (response.ok) unanswered();
        if (deadline.aborted) return timedOut(`${shownUrl(url)} stopped sending its answer`);
        last = `the brain endpoint ${shownUrl(url)} dropped the connection while answering`;
        await pause(500 * attempt);
        continue;
      }
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        last = `brain endpoint answered HTTP ${response.status}: ${excerpt(redact, body, 300)}`;
        await pause(retryAfterMs(response.headers.get('retry-after'), 500 * attempt));
        if (deadline.aborted) return timedOut(last);
        continue;
      }
      if (response.status >= 300 && response.status < 400) {
        const where = shownLocation(response.headers.get('location'), url);
        return done('FAIL', `brain endpoint ${shownUrl(url)} answered HTTP ${response.status}, a redirect to ${where}: set [brain] url in tasks.toml (or OVERSEER_BRAIN_URL) to the endpoint itself`, 'config');
      }
      if (!response.ok) {
        // The request is wrong, not the work: a person fixes the endpoint, the key or the model.
        const failure = isConfigStatus(response.status) ? 'config' : undefined;
        return done('FAIL', `brain endpoint answered HTTP ${response.status}: ${excerpt(redact, body, 500)}`, failure);
      }
      let completion: Completion | null;
      try {
        completion = JSON.parse(body) as Completion | null;
      } catch {
        return done('FAIL', `brain endpoint answered something that is not JSON: ${excerpt(redact, body, 300)}`);
      }
      // Charged whatever the answer says, a verdict or not: the tokens were spent.
      const usage = completion?.usage;
      if (price && typeof usage === 'object' && usage !== null) costUsd += tokenCost(price, usage.prompt_tokens, outputTokens(usage));
      const choice = completion?.choices?.[0];
      // An error in a 200 (OpenRouter reports one met while generating this way).
      if (choice?.error !== undefined && choice.error !== null) return done('FAIL', `brain answer carries an error: ${excerpt(redact, JSON.stringify(choice.error), 300)}`);
      const content = answerText(choice?.message?.content);
      if (content === undefined) return done('FAIL', `brain answer has no choices[0].message.content: ${excerpt(redact, body, 300)}`);
      // Only an answer the model finished is its verdict: not one cut at the token limit ("length"),
      // filtered ("content_filter") or ended by an error.
      const finish = choice?.finish_reason;
      if (finish !== undefined && finish !== null && !FINISHED.has(String(finish).toLowerCase())) {
        return done('FAIL', `brain answer did not finish (finish_reason ${JSON.stringify(finish)}): ${excerpt(redact, content, 300)}`);
      }
      // Redacted before it is parsed: the parser quotes the answer cut short.
      const judgement = parseVerdict(redact(content));
      return done(judgement.verdict, [`${judgement.verdict}`, ...judgement.reasons].join('\n'));
    }
    return done('FAIL', `${last} (after ${RETRIES} tries)`);
  };
  try {
    return await ask();
  } finally {
    clearTimeout(clock);
  }
}
