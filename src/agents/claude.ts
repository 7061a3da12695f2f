// Claude Code in print mode: `claude -p --output-format stream-json --verbose`, prompt on stdin.
// One JSON object per line; the last is a `result` with total_cost_usd, session_id, is_error (and,
// for an API failure, api_error_status; for an error subtype, its reasons in errors[]).

import { tokenCost, tokensIn, type Pricing } from '../core/pricing.js';
import type { AgentAdapter, AgentSignal, LaunchInput } from './types.js';
import { amountIn, parseJsonLine, runningTotal } from './types.js';

export function claudeArgs(input: LaunchInput): string[] {
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  if (input.model) args.push('--model', input.model);
  // Claude's own cap is per invocation: pass what this attempt may still spend (it refuses 0).
  if (input.budgetUsd !== undefined) args.push('--max-budget-usd', Math.max(0.0001, input.budgetUsd).toFixed(4));
  // Print mode asks no one: a tool that needs approval is denied. A role's allowed_tools is all its
  // worker may do (a read-only role stays read-only); a worker with none may edit files in its cwd
  // (acceptEdits) and run nothing. A reviewer only reads (plan).
  // The mode is always given: a repository's .claude/settings.json defaultMode must not widen it.
  if (input.readOnly) args.push('--permission-mode', 'plan');
  else if (input.allowedTools?.length) args.push('--permission-mode', 'default', '--allowedTools', ...input.allowedTools);
  else args.push('--permission-mode', 'acceptEdits');
  if (input.resumeSession) args.push('--resume', input.resumeSession);
  return args;
}

/** Parse one line of Claude Code's stream-json (also spoken by the demo agent). */
export function parseClaudeLine(line: string): AgentSignal[] {
  const event = parseJsonLine(line);
  if (!event) return [];
  const signals: AgentSignal[] = [];
  const session = event.session_id;
  switch (event.type) {
    case 'system':
      if (typeof session === 'string') signals.push({ kind: 'session', id: session });
      break;
    case 'assistant': {
      const content = (event.message as { content?: unknown } | undefined)?.content;
      const text = Array.isArray(content)
        ? content
            .filter((c): c is { type: string; text: string } => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'text')
            .map((c) => c.text)
            .join('')
        : '';
      // A message the API failed to give carries its kind: rate_limit, billing_error, server_error...
      if (typeof event.error === 'string') signals.push({ kind: 'error', text: `assistant error: ${event.error}` });
      // A message that calls a tool is no final word, whatever it said before the call.
      const acts = Array.isArray(content) && content.some((c) => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'tool_use');
      if (acts) signals.push({ kind: 'message', text: '' });
      else if (text) signals.push({ kind: 'message', text });
      break;
    }
    case 'result': {
      if (typeof session === 'string') signals.push({ kind: 'session', id: session });
      const cost = amountIn(event.total_cost_usd);
      if (cost !== undefined) signals.push({ kind: 'cost', usd: cost });
      // An error subtype has no `result`: its reasons are in errors[].
      const reasons = Array.isArray(event.errors) ? event.errors.filter((e): e is string => typeof e === 'string').join('\n') : '';
      const text = typeof event.result === 'string' ? event.result : reasons || String(event.subtype ?? '');
      const ok = event.is_error !== true && (event.subtype === undefined || event.subtype === 'success');
      if (!ok) {
        // An API failure says its HTTP status apart from its message ("You've hit your limit" is a 429).
        const status = typeof event.api_error_status === 'number' ? `API Error: ${event.api_error_status} ` : '';
        signals.push({ kind: 'error', text: `${String(event.subtype ?? 'error')}: ${status}${text}` });
      }
      signals.push({ kind: 'result', ok, text });
      // Print mode asks no one: what needed a permission it lacked was denied, and it went on without.
      if (Array.isArray(event.permission_denials) && event.permission_denials.length > 0) {
        const tools = event.permission_denials.map((d: unknown) => {
          const { tool_name: name, tool_input: input } = (d ?? {}) as { tool_name?: unknown; tool_input?: { command?: unknown; file_path?: unknown } };
          const what = typeof input?.command === 'string' ? input.command : typeof input?.file_path === 'string' ? input.file_path : undefined;
          return `${typeof name === 'string' ? name : 'a tool'}${what === undefined ? '' : `(${what.slice(0, 60)})`}`;
        });
        signals.push({ kind: 'denied', tools });
      }
      break;
    }
    case 'rate_limit_event': {
      // Sent as a limit nears too (`allowed`, `allowed_warning`): only a refusal is an error.
      const info = (event.rate_limit_info ?? {}) as { status?: unknown; rateLimitType?: unknown };
      if (info.status === 'rejected') signals.push({ kind: 'error', text: `rate limit reached (${String(info.rateLimitType ?? 'unknown')}): ${JSON.stringify(info)}` });
      break;
    }
    case 'error': {
      const message = JSON.stringify(event.error ?? event);
      signals.push({ kind: 'error', text: message });
      break;
    }
    default:
      break;
  }
  return signals;
}

/**
 * One attempt's parser. With a price for the model, what the attempt has cost so far is also
 * estimated from each assistant message's usage, for an attempt stopped before its `result` (a
 * timeout): charged then, and only then (Claude enforces its own cap while it runs). A message comes
 * once per content block with the same id, its output count only final in the last: each message
 * counts once, at the most it reported. Cache reads are priced at a tenth of input and cache writes
 * at 1.25 times, as Anthropic bills them.
 */
export function claudeParser(pricing?: Pricing): (line: string) => AgentSignal[] {
  if (!pricing) return parseClaudeLine;
  const messages = new Map<string, { input: number; output: number }>();
  let reported = false;
  return (line) => {
    const signals = parseClaudeLine(line);
    if (signals.some((s) => s.kind === 'cost')) reported = true;
    const usage = reported ? undefined : messageUsage(line);
    if (usage) {
      const seen = messages.get(usage.id);
      messages.set(usage.id, { input: Math.max(seen?.input ?? 0, usage.input), output: Math.max(seen?.output ?? 0, usage.output) });
      let usd = 0;
      for (const m of messages.values()) usd += tokenCost(pricing, m.input, m.output);
      signals.push({ kind: 'estimate', usd });
    }
    return signals;
  };
}

/** An assistant line's message id and token usage (input with cache reads and writes at their rates), if it has both. */
function messageUsage(line: string): { id: string; input: number; output: number } | undefined {
  if (!line.includes('"usage"')) return undefined;
  const event = parseJsonLine(line);
  const message = event?.type === 'assistant' ? (event.message as { id?: unknown; usage?: Record<string, unknown> } | undefined) : undefined;
  if (typeof message?.id !== 'string' || typeof message.usage !== 'object' || message.usage === null) return undefined;
  const u = message.usage;
  const input = Math.round((tokensIn(u.input_tokens) ?? 0) + 1.25 * (tokensIn(u.cache_creation_input_tokens) ?? 0) + 0.1 * (tokensIn(u.cache_read_input_tokens) ?? 0));
  return { id: message.id, input, output: tokensIn(u.output_tokens) ?? 0 };
}

export const claude: AgentAdapter = {
  name: 'claude',
  capsItself: true,
  launch: (input) => ({ argv: ['claude', ...claudeArgs(input)], stdin: input.prompt }),
  parser: (pricing) => runningTotal(claudeParser(pricing)),
};
