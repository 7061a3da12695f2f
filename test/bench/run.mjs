// `npm run bench`: bundles each test/bench/*.bench.ts with esbuild and runs it in its own Node
// process, so every benchmark starts cold and prints its own table.

import { buildScript } from '../helpers/script-build.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'overseer-bench-'));
const benches = readdirSync('test/bench').filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
let failed = false;
try {
  for (const file of benches) {
    const out = join(dir, file.replace(/\.ts$/, '.mjs'));
    await buildScript(join('test/bench', file), out);
    const r = spawnSync(process.execPath, [out], { stdio: 'inherit', env: { ...process.env, OVERSEER_REPO: process.cwd() } });
    if (r.status !== 0) failed = true;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
