#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  InputError
} from "./chunk-SEJOQJNG.js";

// src/manifest/diagnostic.ts
function formatDiagnostic(d) {
  return `${d.file}:${d.line}:${d.col}: ${d.message}${d.key ? ` (key ${d.key})` : ""}`;
}
var ManifestError = class extends InputError {
  constructor(diagnostics) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.diagnostics = diagnostics;
    this.name = "ManifestError";
  }
  diagnostics;
};

export {
  formatDiagnostic,
  ManifestError
};
