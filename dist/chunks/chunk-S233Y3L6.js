#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/core/model.ts
var TASK_STATES = [
  "PENDING",
  "READY",
  "ASSIGNED",
  "RUNNING",
  "VERIFYING",
  "DONE",
  "RETRYING",
  "RESUMING",
  "NEEDS_HUMAN",
  "CANCELLED"
];
var CREATED = "CREATED";
var TERMINAL_STATES = /* @__PURE__ */ new Set(["DONE", "CANCELLED"]);
var ENDED_STATES = /* @__PURE__ */ new Set(["DONE", "NEEDS_HUMAN", "CANCELLED"]);
var ACTIVE_STATES = /* @__PURE__ */ new Set(["ASSIGNED", "RUNNING", "VERIFYING"]);
function isTaskState(value) {
  return TASK_STATES.includes(value);
}
var VERIFIER_KINDS = ["run", "brain", "agent"];
var AGENT_NAMES = ["claude", "codex", "command", "demo"];
var METRIC_PREFIX = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
var DEFAULT_METRIC_PREFIX = "overseer";
var MAX_TIMER_MS = 2 ** 31 - 1;
var DEFAULT_MANIFEST = "tasks.toml";
var DEFAULT_STATE_DIR = ".overseer";

export {
  TASK_STATES,
  CREATED,
  TERMINAL_STATES,
  ENDED_STATES,
  ACTIVE_STATES,
  isTaskState,
  VERIFIER_KINDS,
  AGENT_NAMES,
  METRIC_PREFIX,
  DEFAULT_METRIC_PREFIX,
  MAX_TIMER_MS,
  DEFAULT_MANIFEST,
  DEFAULT_STATE_DIR
};
