#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/dist-path.ts
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
var found = /* @__PURE__ */ new Map();
function besideBundle(name) {
  let path = found.get(name);
  if (path === void 0) {
    path = [`./${name}`, `../${name}`].map((relative) => fileURLToPath(new URL(relative, import.meta.url))).find((p) => existsSync(p)) ?? null;
    found.set(name, path);
  }
  return path;
}

export {
  besideBundle
};
