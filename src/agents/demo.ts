// The built-in demo agent (src/demo/agent.ts): run by this Node with the bundle-relative path, never
// a cwd-relative one (tasks run in their own cwd). It speaks Claude's stream-json.

import { fileURLToPath } from 'node:url';
import { besideBundle } from '../dist-path.js';
import { parseClaudeLine } from './claude.js';
import { runningTotal, type AgentAdapter } from './types.js';

/** dist/demo-agent.js beside the running bundle; under tests, the built one in dist/. */
export function demoAgentPath(): string {
  const override = process.env.OVERSEER_DEMO_AGENT;
  if (override) return override;
  // Run from src/ (tests), this file is src/agents/demo.ts: the built agent is in ../../dist/.
  return besideBundle('demo-agent.js') ?? fileURLToPath(new URL('../../dist/demo-agent.js', import.meta.url));
}

export const demo: AgentAdapter = {
  name: 'demo',
  // A reviewer (readOnly) changes nothing: it checks the work and answers PASS or FAIL.
  launch: (input) => ({ argv: [process.execPath, demoAgentPath(), ...(input.readOnly ? ['--review'] : [])], stdin: input.prompt }),
  parser: () => runningTotal(parseClaudeLine),
};
