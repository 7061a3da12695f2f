// Any program as an agent: the role's argv, the prompt on stdin and in $OVERSEER_PROMPT. It may
// print `{"overseer":"result","cost_usd":..,"session_id":..,"ok":..}` lines; its exit code decides.

import { InputError } from '../core/errors.js';
import { DECLARED_FAILURE, isDeclarable } from '../core/failure.js';
import type { AgentAdapter, AgentSignal } from './types.js';
import { amountIn, parseJsonLine, runningTotal } from './types.js';

export function parseCommandLine(line: string): AgentSignal[] {
  const event = parseJsonLine(line);
  if (!event || event.overseer !== 'result') return [];
  const signals: AgentSignal[] = [];
  if (typeof event.session_id === 'string') signals.push({ kind: 'session', id: event.session_id });
  const cost = amountIn(event.cost_usd);
  if (cost !== undefined) signals.push({ kind: 'cost', usd: cost });
  // A wrapper around a tool that a service failed (a 429, an outage, a quota) says so in words of its own.
  if (event.ok === false && isDeclarable(event.failure)) signals.push({ kind: 'error', text: `${DECLARED_FAILURE}${event.failure}` });
  signals.push({ kind: 'result', ok: event.ok !== false, text: typeof event.message === 'string' ? event.message : '' });
  return signals;
}

export const command: AgentAdapter = {
  name: 'command',
  launch: (input) => {
    // The manifest check and `run --agent` make sure of a program, except for a submitted task whose
    // role the run's manifest does not give one: that task needs a person (attempts.ts).
    if (!input.command?.length) throw new InputError('agent "command" needs a program: give the task a role whose [roles.<name>] table sets command = ["./agent.sh"]');
    // A reviewer (an `agent` verifier) is told so: it should change nothing and answer PASS or FAIL.
    return { argv: input.command, stdin: input.prompt, env: { OVERSEER_PROMPT: input.prompt, ...(input.readOnly && { OVERSEER_REVIEW: '1' }) } };
  },
  parser: () => runningTotal(parseCommandLine),
};
