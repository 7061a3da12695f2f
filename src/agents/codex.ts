// OpenAI Codex CLI: `codex exec --json PROMPT` prints JSONL events: thread.started (the session id),
// turn.completed with token usage (priced from [pricing.<model>]), turn.failed and error.
// Resume: `codex exec resume <id> PROMPT`.

import type { AgentAdapter, AgentSignal, Pricing } from './types.js';
import { amountIn, parseJsonLine } from './types.js';

export function codexParser(pricing?: Pricing): (line: string) => AgentSignal[] {
  let input = 0;
  let output = 0;
  return (line) => {
    const event = parseJsonLine(line);
    if (!event) return [];
    switch (event.type) {
      case 'thread.started':
        return typeof event.thread_id === 'string' ? [{ kind: 'session', id: event.thread_id }] : [];
      case 'item.completed': {
        const item = event.item as { type?: unknown; text?: unknown } | undefined;
        return item?.type === 'agent_message' && typeof item.text === 'string' ? [{ kind: 'message', text: item.text }] : [];
      }
      case 'turn.completed': {
        const usage = (event.usage ?? {}) as { input_tokens?: unknown; output_tokens?: unknown };
        input += amountIn(usage.input_tokens) ?? 0;
        output += amountIn(usage.output_tokens) ?? 0;
        const signals: AgentSignal[] = [{ kind: 'result', ok: true, text: '' }];
        if (pricing) signals.unshift({ kind: 'cost', usd: (input * pricing.input_per_mtok + output * pricing.output_per_mtok) / 1e6 });
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
    return { argv: ['codex', 'exec', ...options, ...resume, input.prompt], stdin: '' };
  },
  parser: codexParser,
};
