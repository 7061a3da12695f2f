// The one registry of agents.

import type { AgentName } from '../core/model.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { command } from './command.js';
import { demo } from './demo.js';
import type { AgentAdapter } from './types.js';

const AGENTS: Readonly<Record<AgentName, AgentAdapter>> = { claude, codex, command, demo };

export function agentFor(name: AgentName): AgentAdapter {
  return AGENTS[name];
}
