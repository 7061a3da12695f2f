// Build a TypeScript entry (a child-process script for a test) into one runnable .mjs with esbuild,
// so tests can start real processes that use overseer's own modules. Cached per entry per run.

import { build } from 'esbuild';
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
    out = build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }).then(() => outfile);
    built.set(entry, out);
  }
  return out;
}
