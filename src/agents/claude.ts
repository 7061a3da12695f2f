// Claude Code in print mode: `claude -p --output-format stream-json --verbose`, prompt on stdin.
// One JSON object per line; the last is a `result` with total_cost_usd, session_id, is_error.

import type { AgentAdapter, AgentSignal, LaunchInput } from './types.js';
import { amountIn, parseJsonLine } from './types.js';

export function claudeArgs(input: LaunchInput): string[] {
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  if (input.model) args.push('--model', input.model);
  // Claude's own cap is per invocation: pass what this attempt may still spend.
  if (input.budgetUsd !== undefined) args.push('--max-budget-usd', input.budgetUsd.toFixed(4));
  if (input.readOnly) args.push('--permission-mode', 'plan');
  else if (input.allowedTools?.length) args.push('--allowedTools', ...input.allowedTools);
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
      if (text) signals.push({ kind: 'message', text });
      break;
    }
    case 'result': {
      if (typeof session === 'string') signals.push({ kind: 'session', id: session });
      const cost = amountIn(event.total_cost_usd);
      if (cost !== undefined) signals.push({ kind: 'cost', usd: cost });
      const text = typeof event.result === 'string' ? event.result : String(event.subtype ?? '');
      const ok = event.is_error !== true && (event.subtype === undefined || event.subtype === 'success');
      if (!ok) signals.push({ kind: 'error', text: `${String(event.subtype ?? 'error')}: ${text}` });
      signals.push({ kind: 'result', ok, text });
      break;
    }
    case 'rate_limit_event':
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

export const claude: AgentAdapter = {
  name: 'claude',
  launch: (input) => ({ argv: ['claude', ...claudeArgs(input)], stdin: input.prompt }),
  parser: () => parseClaudeLine,
};
