// What `overseer plan` shows and the summary reuses: waves, the critical path, and a mermaid graph.

import { criticalPath, topologicalWaves, type GraphNode } from './graph.js';
import type { TaskState } from './model.js';

export interface Plan {
  readonly waves: string[][];
  readonly criticalPath: { length: number; path: string[] };
  readonly mermaid: string;
}

export function buildPlan(nodes: readonly GraphNode[], states?: ReadonlyMap<string, TaskState>): Plan {
  return {
    waves: topologicalWaves(nodes),
    criticalPath: criticalPath(nodes),
    mermaid: mermaidGraph(nodes, states),
  };
}

const STATE_CLASS: Record<TaskState, string> = {
  PENDING: 'pending',
  READY: 'pending',
  ASSIGNED: 'active',
  RUNNING: 'active',
  VERIFYING: 'active',
  RETRYING: 'active',
  RESUMING: 'active',
  DONE: 'done',
  NEEDS_HUMAN: 'human',
  CANCELLED: 'cancelled',
};

/**
 * A mermaid flowchart, dependencies pointing at their dependents. Node ids are positional (task
 * names may hold characters mermaid reads as syntax); labels are quoted with `"` escaped.
 */
export function mermaidGraph(nodes: readonly GraphNode[], states?: ReadonlyMap<string, TaskState>): string {
  const id = new Map(nodes.map((n, i) => [n.name, `t${i}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) {
    const state = states?.get(n.name);
    const label = escapeLabel(n.name) + (state ? `<br/>${state}` : '');
    lines.push(`  ${id.get(n.name)}["${label}"]${state ? `:::${STATE_CLASS[state]}` : ''}`);
  }
  for (const n of nodes) {
    for (const dep of n.dependsOn) {
      const from = id.get(dep);
      if (from) lines.push(`  ${from} --> ${id.get(n.name)}`);
    }
  }
  if (states) {
    lines.push(
      '  classDef pending fill:#eeeeee,stroke:#999999',
      '  classDef active fill:#fff3bf,stroke:#f08c00',
      '  classDef done fill:#d3f9d8,stroke:#2b8a3e',
      '  classDef human fill:#ffe3e3,stroke:#c92a2a',
      '  classDef cancelled fill:#f1f3f5,stroke:#868e96,stroke-dasharray: 3 3',
    );
  }
  return lines.join('\n');
}

/** Mermaid entity codes for the characters that would end or mark up a quoted label. */
function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
