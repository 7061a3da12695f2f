#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  requester
} from "./chunk-6BU4EQGO.js";
import {
  cwdProblem
} from "./chunk-VOTIOR5A.js";
import "./chunk-2RLIGDW4.js";
import {
  controlCommand
} from "./chunk-ASDLGNHT.js";
import "./chunk-XC4VD2P4.js";
import "./chunk-T2WGTKV7.js";
import "./chunk-K3LD2QA5.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-EFIRAADO.js";
import {
  refusableCredentials
} from "./chunk-HWDXN4IG.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-YIKUX76P.js";
import {
  secretPaths
} from "./chunk-ME6OC5CB.js";
import {
  checkManifest,
  formatPath,
  newTask
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/submit.ts
import { resolve } from "node:path";
var FLAG = {
  name: "--name",
  cwd: "--cwd",
  prompt: "--prompt",
  role: "--role",
  agent: "--agent",
  model: "--model",
  depends_on: "--depends-on",
  max_retries: "--max-retries",
  timeout_min: "--timeout-min",
  budget_usd: "--budget-usd",
  verify: "--verify"
};
async function submitCommand(stateDir, o) {
  const raw = {
    name: o.name,
    // Where the caller is, not where a later `run` is: stored absolute.
    cwd: resolve(o.cwd),
    prompt: o.prompt,
    ...o.role !== void 0 && { role: o.role },
    ...o.agent !== void 0 && { agent: o.agent },
    ...o.model !== void 0 && { model: o.model },
    ...o.maxRetries !== void 0 && { max_retries: o.maxRetries },
    ...o.timeoutMin !== void 0 && { timeout_min: o.timeoutMin },
    ...o.budgetUsd !== void 0 && { budget_usd: o.budgetUsd },
    verify: (o.verify ?? []).map((run) => ({ run }))
  };
  const checked = checkManifest({ task: [raw] }, { rolesAtRun: true });
  if (!checked.ok) {
    const lines = checked.issues.map((i) => {
      const key = i.path[2];
      return `${typeof key === "string" && FLAG[key] ? FLAG[key] : formatPath(i.path)}: ${i.message}`;
    });
    throw new InputError(lines.join("\n"));
  }
  const problem = cwdProblem(raw.cwd);
  if (problem) throw new InputError(`--cwd: ${raw.cwd} ${problem}`);
  const { cwd: _cwd, ...flags } = raw;
  for (const { name, forms } of refusableCredentials(process.env)) {
    const holding = [...new Set(secretPaths(flags, forms).map((path) => FLAG[path[0]] ?? formatPath(path)))];
    if (holding.length > 0) {
      throw new InputError(
        `${holding.join(", ")}: holds the value of $${name}; the ledger keeps it as written (and a workflow uploads the ledger): refer to the variable instead ('$${name}' in single quotes for a --verify command, or let the agent read it from its environment)`
      );
    }
  }
  const spec = { ...checked.manifest.task[0], depends_on: o.dependsOn ?? [] };
  const task = newTask(spec, o.prompt);
  return controlCommand(
    stateDir,
    { request: "submit", task_id: task.name, spec: task.spec, by: requester() },
    { create: true }
  );
}
export {
  submitCommand
};
