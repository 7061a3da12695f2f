#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  secretsFrom
} from "./chunk-HWDXN4IG.js";
import {
  makeRedactor
} from "./chunk-ME6OC5CB.js";
import {
  DEFAULT_STATE_DIR
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";

// src/cli/settings.ts
import { statSync } from "node:fs";
import { resolve } from "node:path";
function stateDirOf(options, check = true) {
  const given = options.stateDir ?? (process.env.OVERSEER_STATE_DIR || void 0);
  const dir = resolve(given ?? DEFAULT_STATE_DIR);
  if (!check) return dir;
  let notDir;
  try {
    notDir = !statSync(dir).isDirectory();
  } catch (err) {
    notDir = err.code === "ENOTDIR";
  }
  if (notDir) {
    const from = options.stateDir !== void 0 ? "--state-dir" : given !== void 0 ? "OVERSEER_STATE_DIR" : "the state directory";
    throw new InputError(`${from} ${dir} is not a directory`);
  }
  return dir;
}
var redactor;
function redacted(text) {
  redactor ??= makeRedactor(secretsFrom(process.env));
  return redactor(text);
}
function warn(message) {
  process.stderr.write(`overseer: warning: ${redacted(message)}
`);
}

export {
  stateDirOf,
  redacted,
  warn
};
