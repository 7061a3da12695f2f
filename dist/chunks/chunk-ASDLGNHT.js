#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  deliver
} from "./chunk-XC4VD2P4.js";
import {
  warn
} from "./chunk-EFIRAADO.js";
import {
  msFromEnv
} from "./chunk-HWDXN4IG.js";

// src/cli/commands/control.ts
var DONE_WORDS = {
  cancel: "cancelled",
  approve: "approved (DONE)",
  retry: "set READY for another try",
  drain: "drained: no new task will start; running work finishes",
  undrain: "undrained: dispatch resumes",
  submit: "submitted"
};
async function controlCommand(stateDir, request, options = {}) {
  const result = await deliver(stateDir, request, { create: options.create, warn, waitMs: msFromEnv(process.env, "OVERSEER_LOCK_WAIT_MS") });
  const subject = "task_id" in request ? `${request.task_id}: ` : "";
  if (result.mode === "applied") {
    console.log(`${subject}${DONE_WORDS[request.request]}`);
    if (result.stopped !== void 0) {
      console.log(`${subject}its agent (pid ${result.stopped}), left running by a supervisor that died, was sent SIGTERM; the next \`overseer run\` makes sure it has ended`);
    }
  } else {
    const who = result.pid === null ? "the running supervisor" : `the supervisor (pid ${result.pid})`;
    console.log(`${subject}${request.request} queued for ${who}; it applies on its next tick (${result.path})`);
  }
  return 0;
}

export {
  controlCommand
};
