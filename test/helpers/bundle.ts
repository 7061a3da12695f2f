// Build a TypeScript entry (a child-process script for a test) into one runnable .mjs with esbuild,
// so tests can start real processes that use overseer's own modules. Cached per entry per run.

import { buildScript } from './script-build.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const built = new Map<string, Promise<string>>();
let outDir: string | undefined;

export function bundle(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    outDir ??= mkdtempSync(join(tmpdir(), 'overseer-test-bundle-'));
    const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}.mjs`);
    out = buildScript(entry, outfile).then(() => outfile);
    built.set(entry, out);
  }
  return out;
}
