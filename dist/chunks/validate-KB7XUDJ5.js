#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  printJson
} from "./chunk-QBEZOSNL.js";
import {
  loadManifest
} from "./chunk-VOTIOR5A.js";
import {
  ManifestError
} from "./chunk-2RLIGDW4.js";
import "./chunk-ME6OC5CB.js";
import {
  plural
} from "./chunk-MZRR4JYV.js";
import {
  EXIT,
  UserError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/validate.ts
function counts(file) {
  const { manifest } = loadManifest(file);
  const verifiers = manifest.task.reduce((n, t) => n + t.verify.length, 0);
  return { valid: true, file, tasks: manifest.task.length, verifiers, diagnostics: [] };
}
function check(file) {
  try {
    return counts(file);
  } catch (err) {
    if (err instanceof ManifestError) return { valid: false, file, diagnostics: err.diagnostics, error: err.message };
    if (err instanceof UserError) return { valid: false, file, diagnostics: [], error: err.message };
    throw err;
  }
}
var validLine = (r) => `${r.file}: valid (${plural(r.tasks, "task")}, ${plural(r.verifiers, "verifier")})`;
function validateCommand(files, options) {
  if (files.length === 1 && !options.json) {
    console.log(validLine(counts(files[0])));
    return EXIT.ok;
  }
  const results = files.map(check);
  if (options.json) {
    const out = results.map(({ error, ...r }) => r.diagnostics.length === 0 && error ? { ...r, error } : r);
    printJson(files.length === 1 ? out[0] : out);
  } else {
    for (const r of results) {
      if (r.valid) console.log(validLine(r));
      else process.stderr.write(`${r.error}
`);
    }
    const bad = results.filter((r) => !r.valid).length;
    if (bad > 0) process.stderr.write(`overseer: ${bad} of ${files.length} files invalid
`);
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.invalidInput;
}
export {
  validateCommand
};
