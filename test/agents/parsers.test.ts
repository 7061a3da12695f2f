import { describe, expect, it } from 'vitest';
import { claudeArgs, parseClaudeLine } from '../../src/agents/claude.js';
import { codex, codexParser } from '../../src/agents/codex.js';
import { parseCommandLine } from '../../src/agents/command.js';

describe('claude stream-json', () => {
  it('reads the session, assistant text, cost and an error result', () => {
    expect(parseClaudeLine('{"type":"system","subtype":"init","session_id":"s1"}')).toEqual([{ kind: 'session', id: 's1' }]);
    expect(parseClaudeLine('{"type":"assistant","message":{"content":[{"type":"text","text":"hi"},{"type":"tool_use","name":"Edit"}]}}')).toEqual([{ kind: 'message', text: 'hi' }]);
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
      '-p', '--output-format', 'stream-json', '--verbose', '--model', 'm', '--max-budget-usd', '1.5000', '--allowedTools', 'Edit', 'Bash(npm test:*)', '--resume', 's9',
    ]);
    expect(claudeArgs({ prompt: 'p', readOnly: true, allowedTools: ['Edit'] })).toContain('plan');
  });
});

describe('codex exec --json', () => {
  it('adds up usage across turns and prices it', () => {
    const parse = codexParser({ input_per_mtok: 2, output_per_mtok: 10 });
    expect(parse('{"type":"thread.started","thread_id":"th1"}')).toEqual([{ kind: 'session', id: 'th1' }]);
    expect(parse('{"type":"item.completed","item":{"type":"agent_message","text":"ok"}}')).toEqual([{ kind: 'message', text: 'ok' }]);
    parse('{"type":"turn.completed","usage":{"input_tokens":1000000,"output_tokens":0}}');
    const second = parse('{"type":"turn.completed","usage":{"input_tokens":0,"output_tokens":1000000}}');
    expect(second[0]).toEqual({ kind: 'cost', usd: 12 });
  });
  it('reports a failed turn as an error and a failed result', () => {
    expect(codexParser()('{"type":"turn.failed","error":{"message":"429 Too Many Requests"}}')).toEqual([
      { kind: 'error', text: '{"message":"429 Too Many Requests"}' },
      { kind: 'result', ok: false, text: '{"message":"429 Too Many Requests"}' },
    ]);
  });
  it('resumes with `exec resume ID`; a worker may write its cwd, a reviewer may not', () => {
    const options = (sandbox: string) => ['--json', '--sandbox', sandbox, '--skip-git-repo-check', '--model', 'm'];
    expect(codex.launch({ prompt: 'go on', resumeSession: 'th1', model: 'm' }).argv).toEqual(['codex', 'exec', ...options('workspace-write'), 'resume', 'th1', 'go on']);
    expect(codex.launch({ prompt: 'review', model: 'm', readOnly: true }).argv).toEqual(['codex', 'exec', ...options('read-only'), 'review']);
  });
});

describe('command agent result line', () => {
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
