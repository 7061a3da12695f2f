import { describe, expect, it } from 'vitest';
import { claude, claudeArgs, claudeParser, parseClaudeLine } from '../../src/agents/claude.js';
import { codex, codexParser } from '../../src/agents/codex.js';
import { command, parseCommandLine } from '../../src/agents/command.js';
import type { AgentSignal } from '../../src/agents/types.js';

describe('claude stream-json', () => {
  it('reads the session, assistant text, cost and an error result', () => {
    expect(parseClaudeLine('{"type":"system","subtype":"init","session_id":"s1"}')).toEqual([{ kind: 'session', id: 's1' }]);
    expect(parseClaudeLine('{"type":"assistant","message":{"content":[{"type":"text","text":"hi"},{"type":"text","text":" there"}]}}')).toEqual([{ kind: 'message', text: 'hi there' }]);
    expect(parseClaudeLine('{"type":"result","subtype":"success","is_error":false,"result":"done","session_id":"s1","total_cost_usd":0.12}')).toEqual([
      { kind: 'session', id: 's1' },
      { kind: 'cost', usd: 0.12 },
      { kind: 'result', ok: true, text: 'done' },
    ]);
    const err = parseClaudeLine('{"type":"result","subtype":"error_max_turns","is_error":true,"result":"","total_cost_usd":1}');
    expect(err.find((s) => s.kind === 'result')).toEqual({ kind: 'result', ok: false, text: '' });
    expect(err.some((s) => s.kind === 'error')).toBe(true);
  });
  it('ignores non-JSON and unknown lines', () => {
    expect(parseClaudeLine('Warning: something')).toEqual([]);
    expect(parseClaudeLine('{"type":"user"}')).toEqual([]);
    expect(parseClaudeLine('{not json')).toEqual([]);
  });
  it('builds print-mode arguments with model, budget, tools and resume', () => {
    expect(claudeArgs({ prompt: 'p', model: 'm', budgetUsd: 1.5, allowedTools: ['Edit', 'Bash(npm test:*)'], resumeSession: 's9' })).toEqual([
      '-p', '--output-format', 'stream-json', '--verbose', '--model', 'm', '--max-budget-usd', '1.5000', '--permission-mode', 'default', '--allowedTools', 'Edit', 'Bash(npm test:*)', '--resume', 's9',
    ]);
    const review = claudeArgs({ prompt: 'p', readOnly: true, allowedTools: ['Edit'] });
    expect(review.slice(review.indexOf('--permission-mode'))).toEqual(['--permission-mode', 'plan']);
  });

  it('a worker with no allowed_tools may edit its files (print mode denies what it may not do, and asks no one); a role that lists its tools gets those alone', () => {
    const argv = claudeArgs({ prompt: 'fix it' });
    expect(argv.slice(argv.indexOf('--permission-mode'), argv.indexOf('--permission-mode') + 2)).toEqual(['--permission-mode', 'acceptEdits']);
    expect(argv).not.toContain('--allowedTools');
    const readOnly = claudeArgs({ prompt: 'look', allowedTools: ['Read', 'Grep', 'Bash(npm run lint:*)'] });
    expect(readOnly.slice(readOnly.indexOf('--permission-mode'))).toEqual(['--permission-mode', 'default', '--allowedTools', 'Read', 'Grep', 'Bash(npm run lint:*)']);
  });

  it('never passes a budget Claude refuses ("--max-budget-usd must be a positive number")', () => {
    const argv = claudeArgs({ prompt: 'p', budgetUsd: 0.00004 });
    expect(argv[argv.indexOf('--max-budget-usd') + 1]).toBe('0.0001');
  });

  it('with a price, estimates the cost so far from each message once, at its highest usage, cache at its rates; never as a cost, and not after the result', () => {
    const parse = claudeParser({ input_per_mtok: 3, output_per_mtok: 15 });
    const message = (id: string, output: number) =>
      JSON.stringify({ type: 'assistant', message: { id, content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 1000, cache_creation_input_tokens: 800, cache_read_input_tokens: 500_000, output_tokens: output } } });
    const estimate = (line: string): Array<number | string> => parse(line).flatMap((s): Array<number | string> => (s.kind === 'estimate' ? [s.usd] : s.kind === 'cost' ? [`cost ${s.usd}`] : []));
    // Input: 1,000 + 1.25 x 800 cache writes + 0.1 x 500,000 cache reads = 52,000 tokens at $3.
    const input = 52_000 * 3;
    // One message seen twice (a content block each): 1 then 200 output tokens at $15.
    expect(estimate(message('m1', 1))).toEqual([(input + 1 * 15) / 1e6]);
    expect(estimate(message('m1', 200))).toEqual([(input + 200 * 15) / 1e6]);
    // A block of the same message with a stale count does not lower it; a second message adds.
    expect(estimate(message('m1', 1))).toEqual([(input + 200 * 15) / 1e6]);
    expect(estimate(message('m2', 100))).toEqual([(2 * input + 300 * 15) / 1e6]);
    // The result's own total is the cost; after it, no estimate.
    expect(estimate('{"type":"result","subtype":"success","is_error":false,"result":"done","total_cost_usd":0.42,"session_id":"s"}')).toEqual(['cost 0.42']);
    expect(estimate(message('m3', 100))).toEqual([]);
    // Without a price, usage says nothing about dollars.
    expect(claudeParser()(message('m1', 200)).filter((s) => s.kind === 'estimate' || s.kind === 'cost')).toEqual([]);
  });

  it("a PASS said before it acted is not its final message: a tool call after it empties it", () => {
    expect(parseClaudeLine('{"type":"assistant","message":{"content":[{"type":"text","text":"PASS so far; let me check"},{"type":"tool_use","id":"t","name":"Read","input":{}}]}}')).toEqual([{ kind: 'message', text: '' }]);
    expect(parseClaudeLine('{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t","name":"Read","input":{}}]}}')).toEqual([{ kind: 'message', text: '' }]);
  });
});

describe('codex exec --json', () => {
  it("prices turn.completed's usage, the thread's totals so far (not a delta to add up)", () => {
    const parse = codexParser({ input_per_mtok: 2, output_per_mtok: 10 });
    expect(parse('{"type":"thread.started","thread_id":"th1"}')).toEqual([{ kind: 'session', id: 'th1' }]);
    expect(parse('{"type":"item.completed","item":{"type":"agent_message","text":"ok"}}')).toEqual([{ kind: 'message', text: 'ok' }]);
    expect(parse('{"type":"turn.completed","usage":{"input_tokens":1000000,"cached_input_tokens":0,"output_tokens":1000000}}')[0]).toEqual({ kind: 'cost', usd: 12 });
  });

  it('a resumed thread reports its total since it began: the attempt is charged what it adds to what earlier attempts were', () => {
    // Attempt 1: 1M in / 100k out = $2.25. Attempt 2 resumes and does as much again: codex reports 2M / 200k.
    const price = { input_per_mtok: 1.25, output_per_mtok: 10 };
    const first = codexParser(price)('{"type":"turn.completed","usage":{"input_tokens":1000000,"output_tokens":100000}}')[0];
    const second = codexParser(price, 2.25)('{"type":"turn.completed","usage":{"input_tokens":2000000,"output_tokens":200000}}')[0];
    expect(first).toEqual({ kind: 'cost', usd: 2.25 });
    expect(second).toEqual({ kind: 'cost', usd: 2.25 });
    // A resumed thread reporting less than was charged before kept no record of it: its total is the attempt's.
    expect(codexParser(price, 2.25)('{"type":"turn.completed","usage":{"input_tokens":1000000,"output_tokens":0}}')[0]).toEqual({ kind: 'cost', usd: 1.25 });
  });

  it('an item where it acted (a command, a file change) after it spoke empties its final message', () => {
    const parse = codexParser();
    expect(parse('{"type":"item.completed","item":{"id":"i1","type":"command_execution","command":"npm test","status":"completed"}}')).toEqual([{ kind: 'message', text: '' }]);
    expect(parse('{"type":"item.completed","item":{"id":"i2","type":"reasoning","text":"thinking"}}')).toEqual([]);
  });
  it('reports a failed turn as an error and a failed result', () => {
    expect(codexParser()('{"type":"turn.failed","error":{"message":"429 Too Many Requests"}}')).toEqual([
      { kind: 'error', text: '{"message":"429 Too Many Requests"}' },
      { kind: 'result', ok: false, text: '{"message":"429 Too Many Requests"}' },
    ]);
  });
  it('resumes with `exec resume ID`; a worker may write its cwd, a reviewer may not; the prompt goes on stdin', () => {
    const options = (sandbox: string) => ['--json', '--sandbox', sandbox, '--skip-git-repo-check', '--model', 'm'];
    expect(codex.launch({ prompt: 'go on', resumeSession: 'th1', model: 'm' })).toEqual({ argv: ['codex', 'exec', ...options('workspace-write'), 'resume', 'th1', '-'], stdin: 'go on' });
    expect(codex.launch({ prompt: 'review', model: 'm', readOnly: true })).toEqual({ argv: ['codex', 'exec', ...options('read-only'), '-'], stdin: 'review' });
    // A prompt opening with "-" (a markdown list) would be an option as an argument.
    expect(codex.launch({ prompt: '- fix the test\n- keep the API' }).argv).not.toContain('- fix the test\n- keep the API');
  });
});

describe('every agent reports a running total', () => {
  it('a later, lower cost (a second Claude result, a second Codex turn.completed) does not hand back what was spent', () => {
    const costs = (parse: (line: string) => AgentSignal[], lines: string[]) => lines.flatMap((l) => parse(l).flatMap((s) => (s.kind === 'cost' ? [s.usd] : [])));
    const result = (usd: number) => JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'done', total_cost_usd: usd });
    expect(costs(claude.parser(), [result(3), result(0.01)])).toEqual([3, 3]);
    const turn = (tokens: number) => JSON.stringify({ type: 'turn.completed', usage: { input_tokens: tokens, output_tokens: 0 } });
    expect(costs(codex.parser({ input_per_mtok: 1, output_per_mtok: 1 }), [turn(2_000_000), turn(1_000_000)])).toEqual([2, 2]);
  });
});

describe('command agent result line', () => {
  it("reads cost_usd as the attempt's running total: a lower one later does not hand back what was spent", () => {
    const parse = command.parser();
    const cost = (usd: number) => parse(JSON.stringify({ overseer: 'result', cost_usd: usd, ok: true })).flatMap((s) => (s.kind === 'cost' ? [s.usd] : []));
    expect([cost(4), cost(0.01), cost(5)]).toEqual([[4], [4], [5]]);
  });

  it('reads cost, session and ok from an overseer result line', () => {
    expect(parseCommandLine('{"overseer":"result","cost_usd":0.3,"session_id":"c1","ok":false,"message":"nope"}')).toEqual([
      { kind: 'session', id: 'c1' },
      { kind: 'cost', usd: 0.3 },
      { kind: 'result', ok: false, text: 'nope' },
    ]);
    expect(parseCommandLine('plain output')).toEqual([]);
  });
});

describe('amounts an agent reports', () => {
  it('a cost or token count that is not a finite number >= 0 is ignored: 1e999 parses to Infinity, a negative would hand budget back', () => {
    for (const bad of ['1e999', '-1', '"5"', 'null']) {
      expect(parseCommandLine(`{"overseer":"result","cost_usd":${bad}}`)).toEqual([{ kind: 'result', ok: true, text: '' }]);
      expect(parseClaudeLine(`{"type":"result","is_error":false,"result":"r","total_cost_usd":${bad}}`)).toEqual([{ kind: 'result', ok: true, text: 'r' }]);
      const parse = codexParser({ input_per_mtok: 2, output_per_mtok: 10 });
      expect(parse(`{"type":"turn.completed","usage":{"input_tokens":${bad},"output_tokens":1000000}}`)[0]).toEqual({ kind: 'cost', usd: 10 });
    }
  });
});
