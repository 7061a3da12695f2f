// Programs that ship beside the bundles in dist/ (the demo agent, the spawn helper). The code asking
// may sit in dist/ itself or in dist/chunks/ (the CLI is split per command), so look in both.
// Under tests that import src/ there is no such file: null.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const found = new Map<string, string | null>();

/** Looked up once per name: the spawn helper is asked for at every launch. */
export function besideBundle(name: string): string | null {
  let path = found.get(name);
  if (path === undefined) {
    path = [`./${name}`, `../${name}`].map((relative) => fileURLToPath(new URL(relative, import.meta.url))).find((p) => existsSync(p)) ?? null;
    found.set(name, path);
  }
  return path;
}
