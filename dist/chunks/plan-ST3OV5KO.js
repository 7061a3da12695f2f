#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  buildPlan
} from "./chunk-V6JPE4YA.js";
import {
  printJson,
  table
} from "./chunk-QBEZOSNL.js";
import {
  loadManifest
} from "./chunk-VOTIOR5A.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-ME6OC5CB.js";
import {
  plural,
  resolveAgent
} from "./chunk-MZRR4JYV.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/plan.ts
function planCommand(file, options) {
  const { manifest } = loadManifest(file);
  const nodes = manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on }));
  const plan = buildPlan(nodes);
  const tasks = manifest.task.map((t) => ({
    name: t.name,
    agent: resolveAgent(manifest, t),
    depends_on: t.depends_on,
    max_retries: t.max_retries,
    timeout_min: t.timeout_min,
    budget_usd: t.budget_usd ?? null,
    verifiers: t.verify.map((v) => v.run !== void 0 ? "run" : v.brain !== void 0 ? "brain" : "agent")
  }));
  const byName = new Map(tasks.map((t) => [t.name, t]));
  if (options.json) {
    const { criticalPath, ...rest } = plan;
    printJson({ file, max_concurrent: manifest.fleet.max_concurrent, budget_usd: manifest.fleet.budget_usd ?? null, tasks, ...rest, critical_path: criticalPath.path });
    return 0;
  }
  const budget = manifest.fleet.budget_usd === void 0 ? "no budget cap" : `budget $${manifest.fleet.budget_usd}`;
  console.log(`${file}: ${plural(tasks.length, "task")} in ${plural(plan.waves.length, "wave")}, max_concurrent ${manifest.fleet.max_concurrent}, ${budget}
`);
  console.log(
    table(
      ["wave", "task", "agent", "depends on", "retries", "timeout", "verifiers"],
      plan.waves.flatMap(
        (wave, w) => wave.map((name) => {
          const t = byName.get(name);
          return [String(w + 1), name, t.agent, t.depends_on.join(", ") || "-", String(t.max_retries), t.timeout_min === 0 ? "none" : `${t.timeout_min} min`, t.verifiers.join(", ") || "-"];
        })
      )
    )
  );
  console.log(`
critical path (${plural(plan.criticalPath.length, "task")}): ${plan.criticalPath.path.join(" -> ")}`);
  console.log(`
\`\`\`mermaid
${plan.mermaid}
\`\`\``);
  return 0;
}
export {
  planCommand
};
