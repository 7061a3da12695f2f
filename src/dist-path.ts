// Programs that ship beside the bundles in dist/ (the demo agent, the spawn helper). The code asking
// may sit in dist/ itself or in dist/chunks/ (the CLI is split per command), so look in both.
// Under tests that import src/ there is no such file: null.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function besideBundle(name: string): string | null {
  for (const relative of [`./${name}`, `../${name}`]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return null;
}
