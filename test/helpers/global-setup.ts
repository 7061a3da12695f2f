// Builds dist/ once before the suite when it is older than the sources, so `vitest` alone works
// (npm test builds first anyway). End-to-end tests run the built bundles as child processes.
// Also makes sure the real Prometheus tools the metrics tests use are installed.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrometheusTools } from './prometheus.js';

function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  const bundles = ['cli.js', 'action.js', 'post.js', 'demo-agent.js', 'spawner.js'].map((f) => join(root, 'dist', f));
  const stale = bundles.some((b) => !existsSync(b) || statSync(b).mtimeMs < newest(join(root, 'src')));
  if (stale) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  ensurePrometheusTools();
}
