// OpenAI Codex CLI: `codex exec --json -` (the prompt on stdin) prints JSONL events: thread.started
// (the session id), item.completed, then one turn.completed at the end with the thread's token usage
// so far (priced from [pricing.<model>]), or turn.failed and error. Resume: `codex exec resume <id> -`.

import { tokenCost, type Pricing } from '../core/pricing.js';
import type { AgentAdapter, AgentSignal } from './types.js';
import { parseJsonLine, runningTotal } from './types.js';

/** The items of `codex exec --json` that are the agent acting, not speaking or thinking. */
const ACTIONS = new Set(['command_execution', 'file_change', 'mcp_tool_call', 'web_search']);

/**
 * `priorUsd`: what earlier attempts on a resumed thread were charged. Codex reports the thread's
 * total, seeded from its record on resume, so an attempt costs what it adds to that.
 */
export function codexParser(pricing?: Pricing, priorUsd = 0): (line: string) => AgentSignal[] {
  return (line) => {
    const event = parseJsonLine(line);
    if (!event) return [];
    switch (event.type) {
      case 'thread.started':
        return typeof event.thread_id === 'string' ? [{ kind: 'session', id: event.thread_id }] : [];
      case 'item.completed': {
        const item = event.item as { type?: unknown; text?: unknown } | undefined;
        if (item?.type === 'agent_message' && typeof item.text === 'string') return [{ kind: 'message', text: item.text }];
        // It acted after it spoke: what it said before is no final word.
        return typeof item?.type === 'string' && ACTIONS.has(item.type) ? [{ kind: 'message', text: '' }] : [];
      }
      case 'turn.completed': {
        // The thread's totals so far, not this turn's: cached input is part of input_tokens, and
        // priced as input (a budget errs high).
        const usage = (event.usage ?? {}) as { input_tokens?: unknown; output_tokens?: unknown };
        const signals: AgentSignal[] = [{ kind: 'result', ok: true, text: '' }];
        if (pricing) {
          const total = tokenCost(pricing, usage.input_tokens, usage.output_tokens);
          // A total below what earlier attempts were charged was not seeded from the thread's record
          // (a codex that does not keep it): it is this attempt's alone.
          signals.unshift({ kind: 'cost', usd: total >= priorUsd ? total - priorUsd : total });
        }
        return signals;
      }
      case 'turn.failed':
      case 'error': {
        const error = (event.error ?? event.message ?? event) as unknown;
        const text = typeof error === 'string' ? error : JSON.stringify(error);
        return [{ kind: 'error', text }, ...(event.type === 'turn.failed' ? [{ kind: 'result' as const, ok: false, text }] : [])];
      }
      default:
        return [];
    }
  };
}

export const codex: AgentAdapter = {
  name: 'codex',
  launch: (input) => {
    // `codex exec` runs read-only unless told otherwise: a worker must be able to edit its cwd (and
    // nothing outside it); a reviewer must not. A task's cwd need not be a git repository.
    const options = ['--json', '--sandbox', input.readOnly ? 'read-only' : 'workspace-write', '--skip-git-repo-check'];
    if (input.model) options.push('--model', input.model);
    const resume = input.resumeSession ? ['resume', input.resumeSession] : [];
    // The prompt on stdin (`-`): as an argument, one opening with "-" (a markdown list) would be
    // taken for an option, and one past 128 KiB would not fit.
    return { argv: ['codex', 'exec', ...options, ...resume, '-'], stdin: input.prompt };
  },
  parser: (pricing, priorUsd) => runningTotal(codexParser(pricing, priorUsd)),
};
