#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/core/url.ts
function withPath(base, path) {
  try {
    const u = new URL(base);
    u.pathname = `${u.pathname.replace(/\/+$/, "")}/${path}`;
    return u.toString();
  } catch {
    return `${base.replace(/\/+$/, "")}/${path}`;
  }
}

export {
  withPath
};
