// The brain verifier against a real HTTP server on 127.0.0.1: fail closed on anything unclear.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRedactor } from '../../src/core/redact.js';
import { askBrain, retryAfterMs } from '../../src/verify/brain.js';
import { chat, hang, json, serve, text, type TestServer } from '../helpers/http.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function ask(responders: Parameters<typeof serve>[0], options: { timeoutMs?: number; apiKey?: string; prompt?: string } = {}) {
  server = await serve(responders);
  return askBrain({
    endpoint: { url: `${server.url}/v1`, model: 'judge-1', apiKey: options.apiKey },
    prompt: options.prompt ?? 'Is it done?',
    timeoutMs: options.timeoutMs ?? 10_000,
    redact: makeRedactor(['sk-brain-secret-key']),
  });
}

describe('brain verifier', () => {
  it('a JSON PASS verdict passes; the request is an OpenAI-style chat completion with the key', async () => {
    const r = await ask([chat('{"verdict":"PASS","reasons":["tests cover it"]}')], { apiKey: 'sk-brain-secret-key' });
    expect(r.verdict).toBe('PASS');
    expect(r.output).toContain('tests cover it');
    const req = server!.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-brain-secret-key');
    const body = JSON.parse(req.body) as { model: string; messages: Array<{ role: string; content: string }> };
    expect(body.model).toBe('judge-1');
    expect(body.messages[0]!.content).toBe('Is it done?');
    // Reasoning models (o-series, gpt-5) refuse any temperature but their default with a 400.
    expect(body).not.toHaveProperty('temperature');
  });

  it("an endpoint with a query (Azure's api-version) keeps it last, after /chat/completions", async () => {
    server = await serve([chat('PASS')]);
    const r = await askBrain({ endpoint: { url: `${server.url}/openai/v1/?api-version=preview`, model: 'judge-1', apiKey: undefined }, prompt: 'q', timeoutMs: 5_000, redact: (s) => s });
    expect(r.verdict).toBe('PASS');
    expect(server.requests[0]!.url).toBe('/openai/v1/chat/completions?api-version=preview');
  });

  it.each([
    ['content as an array of text parts', json(200, { choices: [{ message: { content: [{ type: 'text', text: 'PASS' }, { type: 'text', text: ': it is fixed' }] }, finish_reason: 'stop' }] })],
    ['reasoning left in the content as a <think> block', chat('<think>\nThe tests FAIL before the change, so...\n</think>\n\nPASS: the fix holds')],
  ])('%s is read as the answer', async (_name, responder) => {
    const r = await ask([responder]);
    expect(r.verdict).toBe('PASS');
  });

  it('text beginning with PASS passes; FAIL fails with its reason', async () => {
    expect((await ask([chat('PASS - the root cause is fixed')])).verdict).toBe('PASS');
    await server!.close();
    const fail = await ask([chat('**FAIL**: it only adds a retry')]);
    expect(fail.verdict).toBe('FAIL');
    expect(fail.output).toContain('it only adds a retry');
  });

  it.each([
    ['garbage', chat('I think it is probably fine')],
    ['empty', chat('')],
    ['a JSON verdict that is neither', chat('{"verdict":"MAYBE"}')],
    ['a body that is not JSON', text(200, '<html>oops</html>')],
    ['no choices', json(200, { id: 'x' })],
    ['HTTP 400', json(400, { error: 'bad model' })],
    ['PASS cut short at the token limit', json(200, { choices: [{ message: { role: 'assistant', content: 'PASS' }, finish_reason: 'length' }] })],
    ['PASS held back by a content filter', json(200, { choices: [{ message: { role: 'assistant', content: 'PASS' }, finish_reason: 'content_filter' }] })],
    ['PASS with an error met while generating (OpenRouter)', json(200, { choices: [{ message: { role: 'assistant', content: 'PASS' }, finish_reason: 'error', error: { code: 502, message: 'provider died' } }] })],
    ['PASS, then FAIL', chat('PASS or FAIL: FAIL. The change only adds a retry.')],
  ])('%s is a FAIL', async (_name, responder) => {
    const r = await ask([responder]);
    expect(r.verdict).toBe('FAIL');
    expect(r.output.length).toBeGreaterThan(0);
  });

  it('a 500 is retried; three 500s are a FAIL that says so, and the agent may try again', async () => {
    const r = await ask([json(500, { error: 'boom' })]);
    expect(r.verdict).toBe('FAIL');
    expect(r.output).toContain('HTTP 500');
    expect(r.output).toContain('after 3 tries');
    expect(r.failure).toBeUndefined();
    expect(server!.requests).toHaveLength(3);
  });

  it('a 408 is retried like a busy service', async () => {
    const r = await ask([json(408, { error: 'request timed out' }), chat('PASS')]);
    expect(r.verdict).toBe('PASS');
    expect(server!.requests).toHaveLength(2);
  });

  it('no pause after the last try: a Retry-After on the third 503 is not slept', async () => {
    const started = Date.now();
    const r = await ask([json(503, { error: 'busy' }, { 'retry-after': '2' })]);
    expect(r.verdict).toBe('FAIL');
    expect(server!.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5_500);
  });

  it.each([
    ['a parameter the model refuses (400)', 400, { error: { message: "Unsupported value: 'temperature'", param: 'temperature' } }],
    ['a key it refuses (401)', 401, { error: { message: 'Incorrect API key' } }],
    ['a model it does not have (404)', 404, { error: { message: 'model not found' } }],
  ])('%s is a FAIL marked config, asked once: a person fixes it, another attempt would not', async (_name, status, body) => {
    const r = await ask([json(status, body), chat('PASS')]);
    expect(r).toMatchObject({ verdict: 'FAIL', failure: 'config' });
    expect(r.output).toContain(`HTTP ${status}`);
    expect(server!.requests).toHaveLength(1);
  });

  it('a 429 with retry-after is honoured, then the PASS counts', async () => {
    const started = Date.now();
    const r = await ask([json(429, { error: 'slow down' }, { 'retry-after': '1' }), chat('PASS')]);
    expect(r.verdict).toBe('PASS');
    expect(server!.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a server that hangs past the timeout is a FAIL', async () => {
    const r = await ask([hang], { timeoutMs: 500 });
    expect(r.verdict).toBe('FAIL');
    expect(r.output).toContain('timed out');
  });

  it('a server that trickles an endless body keeps to the timeout under a cancel signal, whatever the garbage collector does', async () => {
    // nodejs/node#57736: a timeout signal combined with AbortSignal.any is held weakly, and a
    // collection while the answer is awaited dropped it: the verifier waited forever.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    server = await serve([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => res.write(' '), 20);
        res.on('close', () => clearInterval(drip));
      },
    ]);
    const collect = setInterval(gc, 50);
    try {
      const r = await askBrain({ endpoint: { url: `${server.url}/v1`, model: 'judge-1', apiKey: undefined }, prompt: 'q', timeoutMs: 500, redact: (s) => s, signal: new AbortController().signal });
      expect(r.verdict).toBe('FAIL');
      expect(r.output).toContain('timed out');
    } finally {
      clearInterval(collect);
    }
  });

  it.each([
    [301, 'http://127.0.0.2:9/v1/chat/completions'],
    [307, '/elsewhere/chat/completions'],
  ])('a redirect (HTTP %i) is not followed: a FAIL marked config that names where it pointed', async (status, location) => {
    const r = await ask([(_req, res) => res.writeHead(status, { location }).end(), chat('PASS')]);
    expect(r).toMatchObject({ verdict: 'FAIL', failure: 'config' });
    expect(r.output).toContain(`answered HTTP ${status}, a redirect to ${new URL(location, server!.url).href}`);
    expect(r.output).toContain('set [brain] url');
    expect(server!.requests).toHaveLength(1);
  });

  it('a missing model is a FAIL naming the key to set', async () => {
    const r = await askBrain({ endpoint: { url: 'http://127.0.0.1:9', model: undefined, apiKey: undefined }, prompt: 'q', timeoutMs: 1000, redact: (s) => s });
    expect(r).toMatchObject({ verdict: 'FAIL', failure: 'config' });
    expect(r.output).toContain('set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL');
  });

  it('a key written into the endpoint URL (user info or query) is not in the FAIL it gives', async () => {
    const r = await askBrain({
      endpoint: { url: 'http://user:url-pass-8d2@127.0.0.1:1/v1?key=url-query-8d2', model: 'judge-1', apiKey: undefined },
      prompt: 'q',
      timeoutMs: 3_000,
      redact: (s) => s,
    });
    expect(r).toMatchObject({ verdict: 'FAIL', failure: 'config' });
    expect(r.output).not.toMatch(/url-(pass|query)-8d2/);
  });

  it('an answer larger than any verdict (9 MiB) is not read whole: a FAIL that says so', async () => {
    const r = await ask([(_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"choices":[{"message":{"content":"PASS ${'x'.repeat(9 * 1024 * 1024)}"}}]}`)]);
    expect(r.verdict).toBe('FAIL');
    expect(r.output).toMatch(/answered more than 8 MiB: no verdict in it was read/);
  });

  it('a query key the endpoint echoes back in its error is redacted', async () => {
    server = await serve([(req, res) => res.writeHead(404).end(`Cannot POST ${req.url}`)]);
    const r = await askBrain({ endpoint: { url: `${server.url}/v1?key=AIzaSyQueryKey123456`, model: 'judge-1', apiKey: undefined }, prompt: 'q', timeoutMs: 3_000, redact: (s) => s });
    expect(r.verdict).toBe('FAIL');
    expect(r.output).toContain('HTTP 404: Cannot POST /v1/chat/completions?key=');
    expect(r.output).not.toContain('AIzaSyQueryKey123456');
  });

  it('a URL that can never be asked is a config failure (a person fixes it; the agent is not run again), naming what is wrong', async () => {
    for (const [url, why] of [
      ['not a url', 'does not parse'],
      ['ftp://127.0.0.1/v1', 'is not http(s) (ftp:)'],
      ['http://user:pw-77@127.0.0.1:1/v1', 'holds a user or password'],
    ] as const) {
      const r = await askBrain({ endpoint: { url, model: 'judge-1', apiKey: undefined }, prompt: 'q', timeoutMs: 3_000, redact: (s) => s });
      expect(r, url).toMatchObject({ verdict: 'FAIL', failure: 'config' });
      expect(r.output).toContain(`the brain endpoint's URL ${why}`);
      expect(r.output).not.toContain('pw-77');
    }
  });

  it('redacts secrets echoed back in the answer', async () => {
    const r = await ask([chat('FAIL: found sk-brain-secret-key in the diff')]);
    expect(r.output).not.toContain('sk-brain-secret-key');
    expect(r.output).toContain('***');
  });

  it.each([
    ['a 401 whose body quotes the key across the 500-character cut', (body: string) => text(401, body), 500],
    ['a 503 (three times) whose body quotes it across the 300-character cut', (body: string) => text(503, body), 300],
    ['an answer that is not JSON', (body: string) => text(200, body), 300],
    ['a verdict quoting it past the parser\'s 200-character cut', (body: string) => chat(body), 200],
  ])('%s: no part of the key is in the FAIL', async (_name, respond, cut) => {
    const key = 'sk-brain-secret-key';
    // The key starts 8 characters before the cut: cut, then redacted, its first 8 would show.
    const body = `${'x'.repeat(cut - 8)}${key} and more`;
    const r = await ask([respond(body), respond(body), respond(body)]);
    expect(r.verdict).toBe('FAIL');
    expect(r.output).not.toMatch(/sk-brai|sk-brain/);
  });

  it('reads retry-after as seconds or a date, capped at 30 s', () => {
    expect(retryAfterMs('2', 500)).toBe(2000);
    expect(retryAfterMs(null, 500)).toBe(500);
    expect(retryAfterMs('99999', 500)).toBe(30_000);
    expect(retryAfterMs('nonsense', 500)).toBe(500);
  });
});

describe('what a brain answer costs', () => {
  const PRICE = { input_per_mtok: 3, output_per_mtok: 15 };
  const priced = (content: string, usage: unknown, finish = 'stop') => json(200, { choices: [{ message: { role: 'assistant', content }, finish_reason: finish }], usage });

  async function askPriced(responders: Parameters<typeof serve>[0], pricing?: typeof PRICE) {
    server = await serve(responders);
    return askBrain({ endpoint: { url: `${server.url}/v1`, model: 'judge-1', apiKey: undefined }, prompt: 'q', timeoutMs: 10_000, redact: (s) => s, pricing: pricing && { 'judge-1': pricing } });
  }

  it("its usage at [pricing.<model>]'s price; without a price, nothing", async () => {
    const answer = priced('PASS', { prompt_tokens: 1000, completion_tokens: 200 });
    expect((await askPriced([answer], PRICE)).costUsd).toBeCloseTo((1000 * 3 + 200 * 15) / 1e6, 12);
    await server!.close();
    expect((await askPriced([answer])).costUsd).toBe(0);
  });

  it('an answer that is no verdict is charged too (the tokens were spent); a 503 that said no usage is not', async () => {
    const r = await askPriced([text(503, 'busy'), priced('PASS: so far', { prompt_tokens: 2000, completion_tokens: 4000 }, 'length')], PRICE);
    expect(r.verdict).toBe('FAIL');
    expect(r.costUsd).toBeCloseTo((2000 * 3 + 4000 * 15) / 1e6, 12);
  });

  /** A prompt of 3000 bytes: 1000 tokens as overseer estimates them (one per 3 bytes), $0.003 at $3 a million. */
  const PROMPT = 'x'.repeat(3000);
  const PROMPT_USD = (1000 * 3) / 1e6;
  async function askUnanswered(responders: Parameters<typeof serve>[0], options: { pricing?: typeof PRICE; url?: string; timeoutMs?: number } = {}) {
    server = await serve(responders);
    const url = options.url ?? `${server.url}/v1`;
    return askBrain({ endpoint: { url, model: 'judge-1', apiKey: undefined }, prompt: PROMPT, timeoutMs: options.timeoutMs ?? 10_000, redact: (s) => s, pricing: options.pricing && { 'judge-1': options.pricing } });
  }
  /** Reads the request, then closes the socket with no answer: the endpoint had the prompt. */
  const cut: Parameters<typeof serve>[0][number] = (req, res) => res.socket?.destroy();

  it("a judge that times out may still be billed: charged its prompt's tokens, estimated, at the input price; without a price, nothing", async () => {
    const r = await askUnanswered([hang], { pricing: PRICE, timeoutMs: 500 });
    expect(r.verdict).toBe('FAIL');
    expect(r.output).toContain('timed out');
    expect(r.costUsd).toBeCloseTo(PROMPT_USD, 12);
    await server!.close();
    expect((await askUnanswered([hang], { timeoutMs: 500 })).costUsd).toBe(0);
  });

  it('a connection cut after the request went is charged each time it happens; an endpoint never reached is not', async () => {
    const r = await askUnanswered([cut], { pricing: PRICE });
    expect(r.verdict).toBe('FAIL');
    expect(server!.requests).toHaveLength(3);
    expect(r.costUsd).toBeCloseTo(3 * PROMPT_USD, 12);
    await server!.close();
    // Nothing listens on port 9: refused, so never read.
    expect((await askUnanswered([cut], { pricing: PRICE, url: 'http://127.0.0.1:9/v1' })).costUsd).toBe(0);
  });

  it('an error status whose body is cut (a 429 from a proxy that drops the connection) is not charged: the model never ran', async () => {
    const limited: Parameters<typeof serve>[0][number] = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"error":');
      setImmediate(() => res.socket?.destroy());
    };
    const r = await askUnanswered([limited, limited, limited], { pricing: PRICE });
    expect(r.verdict).toBe('FAIL');
    expect(server!.requests).toHaveLength(3);
    expect(r.costUsd).toBe(0);
  });

  it('an answer cut mid-body, then a verdict: the cut try is charged its prompt, the verdict its usage', async () => {
    const midway: Parameters<typeof serve>[0][number] = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices":[{"message":');
      setImmediate(() => res.socket?.destroy());
    };
    const r = await askUnanswered([midway, priced('PASS', { prompt_tokens: 1000, completion_tokens: 200 })], { pricing: PRICE });
    expect(r.verdict).toBe('PASS');
    expect(r.costUsd).toBeCloseTo(PROMPT_USD + (1000 * 3 + 200 * 15) / 1e6, 12);
  });

  it('a usage that is not counts of tokens costs nothing, never NaN', async () => {
    const r = await askPriced([priced('PASS', { prompt_tokens: 'many', completion_tokens: -5 })], PRICE);
    expect(r.verdict).toBe('PASS');
    expect(r.costUsd).toBe(0);
  });
});

describe('the tokens an answer is charged for', () => {
  const PRICE = { input_per_mtok: 1, output_per_mtok: 1 };
  async function cost(usage: unknown): Promise<number> {
    server = await serve([json(200, { choices: [{ message: { content: 'PASS' }, finish_reason: 'stop' }], usage })]);
    const r = await askBrain({ endpoint: { url: `${server.url}/v1`, model: 'judge-1', apiKey: undefined }, prompt: 'q', timeoutMs: 10_000, redact: (s) => s, pricing: { 'judge-1': PRICE } });
    await server.close();
    server = undefined;
    return r.costUsd;
  }

  it("thinking a gateway left out of completion_tokens but not out of total_tokens is charged; OpenAI's own counts are taken as they are", async () => {
    expect(await cost({ prompt_tokens: 1000, completion_tokens: 10, total_tokens: 5010 })).toBeCloseTo(5010 / 1e6, 12);
    expect(await cost({ prompt_tokens: 1000, completion_tokens: 4010, total_tokens: 5010 })).toBeCloseTo(5010 / 1e6, 12);
    expect(await cost({ prompt_tokens: 1000, completion_tokens: 10 })).toBeCloseTo(1010 / 1e6, 12);
  });

  it('a count no model could have used (1e308, a fraction) is none: the cost stays a number the ledger can keep', async () => {
    expect(await cost({ prompt_tokens: 1e308, completion_tokens: 1e308 })).toBe(0);
    expect(await cost({ prompt_tokens: 10.5, completion_tokens: 20 })).toBeCloseTo(20 / 1e6, 12);
  });
});
