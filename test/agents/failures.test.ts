// The failures Claude Code and Codex print today, as their own sources and users show them, through
// the adapters' parsers and the classifier: what decides a retry, a backoff, the quota breaker or a
// human.

import { describe, expect, it } from 'vitest';
import { parseClaudeLine } from '../../src/agents/claude.js';
import { codexParser } from '../../src/agents/codex.js';
import { parseCommandLine } from '../../src/agents/command.js';
import type { AgentSignal } from '../../src/agents/types.js';
import { attemptOutcome } from '../../src/core/failure.js';
import type { AgentName } from '../../src/core/model.js';

function outcome(parse: (line: string) => AgentSignal[], lines: string[], stderr = '', agent: AgentName = 'claude') {
  const errors: string[] = [];
  let result: { ok: boolean; text: string } | null = null;
  for (const line of lines) {
    for (const s of parse(line)) {
      if (s.kind === 'error') errors.push(s.text);
      if (s.kind === 'result') result = { ok: s.ok, text: s.text };
    }
  }
  return { failure: attemptOutcome({ agent, stopReason: null, code: 1, errors, result, stderrTail: () => stderr }), errors, result };
}

describe('Claude Code failures', () => {
  it("a plan's usage limit (a rejected rate_limit_event, a 429 result that says when it resets) is a quota: it lasts hours", () => {
    const r = outcome(parseClaudeLine, [
      '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1790000000,"rateLimitType":"five_hour"},"session_id":"s"}',
      '{"type":"assistant","message":{"model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"You\'ve hit your limit · resets 3pm (UTC)"}]},"error":"rate_limit","session_id":"s"}',
      '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You\'ve hit your limit · resets 3pm (UTC)","session_id":"s","total_cost_usd":0}',
    ]);
    expect(r.failure).toBe('quota');
  });

  it('a 429 result with no limit message is a rate limit; a 529 is transient', () => {
    expect(outcome(parseClaudeLine, ['{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"API Error: Request rejected","total_cost_usd":0}']).failure).toBe('rate-limit');
    expect(outcome(parseClaudeLine, ['{"type":"result","subtype":"success","is_error":true,"api_error_status":529,"result":"Overloaded","total_cost_usd":0}']).failure).toBe('transient');
  });

  it('an unreachable API is transient', () => {
    const r = outcome(parseClaudeLine, ['{"type":"result","subtype":"success","is_error":true,"api_error_status":null,"result":"API Error: Unable to connect to API (ENOTFOUND)","session_id":"s","total_cost_usd":0.75}']);
    expect(r.failure).toBe('transient');
  });

  it('an error subtype has its reasons in errors[], not result: they reach the classifier and the retry', () => {
    const r = outcome(parseClaudeLine, ['{"type":"result","subtype":"error_during_execution","is_error":true,"errors":["API Error: 529 Overloaded"],"session_id":"s","total_cost_usd":0.4}']);
    expect(r.failure).toBe('transient');
    expect(r.result).toEqual({ ok: false, text: 'API Error: 529 Overloaded' });
  });

  it('Claude stopping itself at --max-budget-usd is a budget stop, not a failed agent', () => {
    expect(outcome(parseClaudeLine, ['{"type":"result","subtype":"error_max_budget_usd","is_error":true,"errors":[],"session_id":"s","total_cost_usd":1.02}']).failure).toBe('budget');
  });

  it('a rate_limit_event that only warns is no error (its utilization 0.429 is no HTTP 429)', () => {
    const r = outcome(parseClaudeLine, ['{"type":"rate_limit_event","rate_limit_info":{"status":"allowed_warning","utilization":0.429,"rateLimitType":"seven_day"},"session_id":"s"}'], 'Error: ENOENT: no such file or directory');
    expect(r.errors).toEqual([]);
    expect(r.failure).toBe('agent-failed');
  });

  it('a resumed session that is gone (a re-run on a new runner) is transient: the next attempt starts afresh, not counted', () => {
    expect(outcome(parseClaudeLine, [], 'No conversation found with session ID: 3f2a9c1e-0000-4000-8000-000000000000').failure).toBe('transient');
  });
});

describe('Codex failures (codex-rs/protocol/src/error.rs)', () => {
  const failed = (message: string) => [`{"type":"error","message":${JSON.stringify(message)}}`, `{"type":"turn.failed","error":{"message":${JSON.stringify(message)}}}`];
  it.each([
    ["You've hit your usage limit. Visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again at 3:28 PM.", 'quota'],
    ['You hit your spend cap set in your workspace. Increase your spend cap to continue.', 'quota'],
    ['To use Codex with your ChatGPT plan, upgrade to Plus: https://chatgpt.com/explore/plus.', 'quota'],
    ['Selected model is at capacity. Please try a different model.', 'transient'],
    ["We're currently experiencing high demand, which may cause temporary errors.", 'transient'],
    ['stream disconnected before completion: error sending request for url (https://api.openai.com/v1/responses)', 'transient'],
    ['Connection failed: error sending request for url (https://chatgpt.com/backend-api/codex/responses)', 'transient'],
    ['request timed out', 'transient'],
    ['unexpected status 400 Bad Request: model not supported', 'agent-failed'],
  ])('%s -> %s', (message, expected) => {
    expect(outcome(codexParser(), failed(message), '', 'codex').failure).toBe(expected);
  });
});

describe("a command agent's own output", () => {
  it.each([
    ['a traceback from rate_limit.py', 'Traceback (most recent call last):\n  File "app/rate_limit.py", line 12\nAssertionError'],
    ['a test asserting on "Upgrade to Pro"', "Expected: \"Upgrade to Pro\"\nReceived: \"Upgrade\""],
    ['a test that timed out on a request', 'FAIL api.test.ts > fetches > Request timed out after 5000ms'],
    ['a test that could not resolve a host', 'Error: getaddrinfo ENOTFOUND db.internal'],
    // Shapes a service's errors have too: from a command agent, they are its tests' words.
    ['a test count', 'Tests: 429 passed, 1 failed'],
    ['a stack frame at line 429', '    at Context.<anonymous> (test/api.test.js:429:14)'],
    ['an assertion on a quota message', "AssertionError: expected 'Widget quota exceeded' to equal 'ok'"],
    ['a test of an error page', 'expected status 200, got status 500 Internal Server Error'],
  ])('%s on stderr is its failure, not an outage, a limit or a quota', (_name, stderr) => {
    expect(attemptOutcome({ agent: 'command', stopReason: null, code: 1, errors: [], result: null, stderrTail: () => stderr })).toBe('agent-failed');
    // Its own final message, a failure it reports, is its own too.
    expect(attemptOutcome({ agent: 'command', stopReason: null, code: 1, errors: [], result: { ok: false, text: stderr }, stderrTail: () => '' })).toBe('agent-failed');
  });

  it('a failure it declares on its result line ("failure": "rate-limit") is that failure; any other word is its own', () => {
    const declared = (failure: string) => outcome(parseCommandLine, [`{"overseer":"result","ok":false,"failure":"${failure}","message":"HTTP 429 from the wrapped tool"}`], '', 'command').failure;
    expect(declared('rate-limit')).toBe('rate-limit');
    expect(declared('transient')).toBe('transient');
    expect(declared('quota')).toBe('quota');
    expect(declared('timeout')).toBe('agent-failed');
    // Only with ok: false.
    expect(outcome(parseCommandLine, ['{"overseer":"result","ok":true,"failure":"quota"}'], '', 'command').errors).toEqual([]);
  });

  it("the same stderr from Claude Code is read for the service's errors", () => {
    expect(attemptOutcome({ agent: 'claude', stopReason: null, code: 1, errors: [], result: null, stderrTail: () => 'API Error: 529 {"type":"overloaded_error"}' })).toBe('transient');
    expect(attemptOutcome({ agent: 'command', stopReason: null, code: 1, errors: [], result: null, stderrTail: () => 'API Error: 529 {"type":"overloaded_error"}' })).toBe('agent-failed');
  });
});
