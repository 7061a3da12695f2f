#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  criticalPath,
  topologicalWaves
} from "./chunk-MZRR4JYV.js";

// src/core/plan.ts
function buildPlan(nodes, states) {
  return {
    waves: topologicalWaves(nodes),
    criticalPath: criticalPath(nodes),
    mermaid: mermaidGraph(nodes, states)
  };
}
var STATE_CLASS = {
  PENDING: "pending",
  READY: "pending",
  ASSIGNED: "active",
  RUNNING: "active",
  VERIFYING: "active",
  RETRYING: "active",
  RESUMING: "active",
  DONE: "done",
  NEEDS_HUMAN: "human",
  CANCELLED: "cancelled"
};
function mermaidGraph(nodes, states) {
  const id = new Map(nodes.map((n, i) => [n.name, `t${i}`]));
  const lines = ["flowchart LR"];
  for (const n of nodes) {
    const state = states?.get(n.name);
    const label = escapeLabel(n.name) + (state ? `<br/>${state}` : "");
    lines.push(`  ${id.get(n.name)}["${label}"]${state ? `:::${STATE_CLASS[state]}` : ""}`);
  }
  for (const n of nodes) {
    for (const dep of n.dependsOn) {
      const from = id.get(dep);
      if (from) lines.push(`  ${from} --> ${id.get(n.name)}`);
    }
  }
  if (states) {
    lines.push(
      "  classDef pending fill:#eeeeee,stroke:#999999",
      "  classDef active fill:#fff3bf,stroke:#f08c00",
      "  classDef done fill:#d3f9d8,stroke:#2b8a3e",
      "  classDef human fill:#ffe3e3,stroke:#c92a2a",
      "  classDef cancelled fill:#f1f3f5,stroke:#868e96,stroke-dasharray: 3 3"
    );
  }
  return lines.join("\n");
}
function escapeLabel(text) {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

export {
  buildPlan,
  mermaidGraph
};
