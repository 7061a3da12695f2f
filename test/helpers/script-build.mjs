// One way to turn a TypeScript entry (a benchmark, a reliability scenario, a test's child script)
// into a runnable .mjs: bundled with esbuild, with `require` available to CommonJS dependencies.

import { build } from 'esbuild';

export function buildScript(entry, outfile) {
  return build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}
