#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/cli/output.ts
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells) => cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
function printJson(value) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}
`);
}
var whenOutputCloses = /* @__PURE__ */ new Set();
function onOutputClosed(listener) {
  whenOutputCloses.add(listener);
  return () => whenOutputCloses.delete(listener);
}
var outputClosed = false;
function closeOutput() {
  const first = !outputClosed;
  outputClosed = true;
  if (first) for (const listener of whenOutputCloses) listener();
  return whenOutputCloses.size > 0;
}

export {
  table,
  printJson,
  onOutputClosed,
  outputClosed,
  closeOutput
};
