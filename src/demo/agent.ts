// The built-in demo agent: a real child process that speaks Claude Code's stream-json dialect, so
// the demo fleet runs with no API key. It reads its prompt from stdin and obeys `@` directives:
//   @sleep SECONDS            pause, to look like work
//   @write PATH TEXT          write TEXT (\n for newlines) to PATH, relative to the cwd
//   @append PATH TEXT         append TEXT to PATH
//   @fail-first PATH TEXT     on a first attempt write TEXT to PATH and skip the directives
//                             after it (so the verifier FAILs); on a retry (the prompt carries
//                             "Previous attempt failed verification") ignore this line
//   @exit CODE                end with this exit code and an error result
//   @cost USD                 report this cost (default 0.01)
// A prompt with no directive succeeds after a short sleep (claudectl's plain-English examples).
// Run with --review (an `agent` verifier: read-only), it changes nothing: it checks that every file
// the quoted task's @write and @append lines name holds their text, and answers PASS or FAIL.

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

const RETRY_MARKER = 'Previous attempt failed verification';

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function sleep(seconds: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, seconds) * 1000));
}

function write(path: string, text: string, append: boolean): void {
  const target = resolve(process.cwd(), path);
  mkdirSync(dirname(target), { recursive: true });
  const body = `${text.replace(/\\n/g, '\n')}\n`;
  if (append) appendFileSync(target, body);
  else writeFileSync(target, body);
}

/** A reviewer's verdict on the work the quoted task asked for, as the judge prompt wants it. */
function review(directives: readonly string[]): string {
  const expected = new Map<string, string[]>();
  for (const line of directives) {
    const [verb = '', path = ''] = line.slice(1).split(/\s+/);
    const text = line.slice(1 + verb.length).trim().slice(path.length).trim().replace(/\\n/g, '\n');
    if (verb === 'write') expected.set(path, [text]);
    else if (verb === 'append') expected.set(path, [...(expected.get(path) ?? []), text]);
  }
  const problems: string[] = [];
  for (const [path, texts] of expected) {
    let body: string;
    try {
      body = readFileSync(resolve(process.cwd(), path), 'utf8');
    } catch {
      problems.push(`${path} is missing`);
      continue;
    }
    for (const text of texts) if (!body.includes(text)) problems.push(`${path} does not say ${JSON.stringify(text)}`);
  }
  const reasons = problems.length > 0 ? problems : [expected.size > 0 ? `${[...expected.keys()].join(', ')} as asked` : 'nothing to check'];
  return JSON.stringify({ verdict: problems.length > 0 ? 'FAIL' : 'PASS', reasons });
}

async function main(): Promise<number> {
  const prompt = readFileSync(0, 'utf8');
  const sessionId = randomUUID();
  const started = Date.now();
  if (process.argv.includes('--review')) {
    const verdict = review(prompt.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('@')));
    emit({ type: 'system', subtype: 'init', session_id: sessionId, model: 'overseer-demo', tools: [] });
    emit({ type: 'result', subtype: 'success', is_error: false, duration_ms: Date.now() - started, num_turns: 1, result: verdict, session_id: sessionId, total_cost_usd: 0.01 });
    return 0;
  }
  const isRetry = prompt.includes(RETRY_MARKER);
  emit({ type: 'system', subtype: 'init', session_id: sessionId, model: 'overseer-demo', tools: [] });
  // Echo what arrived, so the log shows the feedback a retry carried.
  emit({ type: 'system', subtype: 'prompt', session_id: sessionId, prompt });

  const directives = prompt.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('@'));
  let cost = 0.01;
  let exitCode = 0;
  const did: string[] = [];
  if (directives.length === 0) await sleep(0.2);
  for (const line of directives) {
    const [verb = '', arg = '', ...rest] = line.slice(1).split(/\s+/);
    const text = line.slice(1 + verb.length).trim().slice(arg.length).trim();
    if (verb === 'sleep') await sleep(Number(arg) || 0);
    else if (verb === 'write' || verb === 'append') {
      write(arg, text, verb === 'append');
      did.push(`${verb === 'write' ? 'wrote' : 'appended to'} ${arg}`);
    } else if (verb === 'fail-first') {
      if (isRetry) continue;
      write(arg, text, false);
      did.push(`wrote a first draft of ${arg}`);
      break;
    } else if (verb === 'exit') {
      exitCode = Number(arg) || 1;
      break;
    } else if (verb === 'cost') cost = Number(arg) || 0;
    else did.push(`ignored unknown directive @${verb}${rest.length ? ' …' : ''}`);
  }

  const summary = did.length > 0 ? did.join('; ') : 'nothing to change';
  const text = `${isRetry ? 'Retry after feedback. ' : ''}${summary}.`;
  emit({ type: 'assistant', session_id: sessionId, message: { role: 'assistant', content: [{ type: 'text', text }] } });
  emit({
    type: 'result',
    subtype: exitCode === 0 ? 'success' : 'error_during_execution',
    is_error: exitCode !== 0,
    duration_ms: Date.now() - started,
    num_turns: 1,
    result: text,
    session_id: sessionId,
    total_cost_usd: cost,
  });
  return exitCode;
}

process.exitCode = await main();
