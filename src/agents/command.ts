// Any program as an agent: the role's argv, the prompt on stdin and in $OVERSEER_PROMPT. It may
// print `{"overseer":"result","cost_usd":..,"session_id":..,"ok":..}` lines; its exit code decides.

import type { AgentAdapter, AgentSignal } from './types.js';
import { parseJsonLine } from './types.js';

export function parseCommandLine(line: string): AgentSignal[] {
  const event = parseJsonLine(line);
  if (!event || event.overseer !== 'result') return [];
  const signals: AgentSignal[] = [];
  if (typeof event.session_id === 'string') signals.push({ kind: 'session', id: event.session_id });
  if (typeof event.cost_usd === 'number') signals.push({ kind: 'cost', usd: event.cost_usd });
  signals.push({ kind: 'result', ok: event.ok !== false, text: typeof event.message === 'string' ? event.message : '' });
  return signals;
}

export const command: AgentAdapter = {
  name: 'command',
  launch: (input) => {
    if (!input.command?.length) throw new Error('agent "command" launched without a command (the manifest check should have caught this)');
    // A reviewer (an `agent` verifier) is told so: it should change nothing and answer PASS or FAIL.
    return { argv: input.command, stdin: input.prompt, env: { OVERSEER_PROMPT: input.prompt, ...(input.readOnly && { OVERSEER_REVIEW: '1' }) } };
  },
  parser: () => parseCommandLine,
};
