#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  printJson,
  table
} from "./chunk-QBEZOSNL.js";
import {
  Ledger
} from "./chunk-T2WGTKV7.js";
import {
  warn
} from "./chunk-EFIRAADO.js";
import "./chunk-HWDXN4IG.js";
import "./chunk-YIKUX76P.js";
import "./chunk-ME6OC5CB.js";
import {
  TASK_STATES,
  isTaskState,
  plural,
  usd
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/status.ts
async function statusCommand(stateDir, options) {
  const wanted = options.state?.toUpperCase();
  if (wanted !== void 0 && !isTaskState(wanted)) {
    throw new InputError(`--state ${options.state}: not a state (one of ${TASK_STATES.join(", ")})`);
  }
  const ledger = await Ledger.open({ stateDir, mode: "read", warn });
  try {
    const attempts = ledger.attemptCounts();
    const all = ledger.taskStates();
    const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0]));
    for (const t of all) counts[t.state]++;
    const tasks = all.filter((t) => wanted === void 0 || t.state === wanted).map((t) => ({
      name: t.name,
      state: t.state,
      cause: t.stateCause,
      attempts: attempts.get(t.name) ?? 0,
      cost_usd: t.costUsd,
      updated_at: t.updatedAt
    }));
    const drained = ledger.control("drain") === "1";
    if (options.json) {
      printJson({ run_id: ledger.runId, drained, counts, tasks });
      return 0;
    }
    const total = all.reduce((sum, t) => sum + t.costUsd, 0);
    const summary = TASK_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(", ");
    console.log(`${plural(all.length, "task")}: ${summary || "none"}; spent ${usd(total)}${drained ? "; DRAINED (no new dispatch; `overseer undrain` to resume)" : ""}`);
    if (tasks.length > 0) {
      console.log(
        `
${table(
          ["task", "state", "cause", "attempts", "cost", "updated"],
          tasks.map((t) => [t.name, t.state, t.cause, String(t.attempts), usd(t.cost_usd), t.updated_at])
        )}`
      );
    } else if (wanted) {
      console.log(`no task is ${wanted}`);
    }
    return 0;
  } finally {
    ledger.close();
  }
}
export {
  statusCommand
};
