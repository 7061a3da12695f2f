// Builds the self-contained dist/ bundles with esbuild, and the published events JSON Schema from
// its zod source. `--check` builds into a temporary directory and fails when the committed dist/ or
// docs/events.v1.schema.json differs, so CI catches a stale bundle or schema.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLI stays readable; the action bundles are minified to stay under 3 MB each (@actions/cache and
// @actions/artifact bring the Azure storage SDK).
const entries = {
  cli: 'src/cli/main.ts',
  'demo-agent': 'src/demo/agent.ts',
  // Forks agents and verifiers for cli.js and action.js (see src/runtime/spawn.ts).
  spawner: 'src/runtime/spawner.ts',
};
const minified = {
  action: 'src/action/main.ts',
  post: 'src/action/post.ts',
};

// CJS dependencies (sql.js, @actions/*) call require() and read __dirname; an ESM bundle has neither.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __overseerCreateRequire } from 'node:module';",
  "import { fileURLToPath as __overseerFileURLToPath } from 'node:url';",
  "import { dirname as __overseerDirname } from 'node:path';",
  'const require = __overseerCreateRequire(import.meta.url);',
  'const __filename = __overseerFileURLToPath(import.meta.url);',
  'const __dirname = __overseerDirname(__filename);',
].join('\n');

async function bundle(outdir) {
  // Chunk names carry a content hash: clear the old ones so dist/ holds only what the build made.
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  await bundleSome(outdir, entries, false);
  await bundleSome(outdir, minified, true);
}

async function bundleSome(outdir, entryPoints, minify) {
  await build({
    entryPoints,
    // The CLI loads each command's code when it runs (program.ts imports them lazily): split, so a
    // short command like `status` does not parse the code of `run`, `metrics` or zod.
    splitting: !minify,
    chunkNames: 'chunks/[name]-[hash]',
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: banner },
    legalComments: 'none',
    logLevel: 'warning',
    // A bundle must not differ between machines: no absolute paths, no timestamps.
    sourcemap: false,
    minify,
    treeShaking: true,
  });
}

const SCHEMA_PATH = 'docs/events.v1.schema.json';

/** The JSON Schema text generated from src/events/schema.ts. */
async function eventsSchema(dir) {
  const out = join(dir, 'events-schema.mjs');
  await build({ entryPoints: ['src/events/schema.ts'], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  const { eventsJsonSchema } = await import(out);
  return `${JSON.stringify(eventsJsonSchema(), null, 2)}\n`;
}

function sameTree(a, b) {
  const files = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).sort();
  const fa = files(a);
  const fb = files(b);
  if (fa.join() !== fb.join()) return `files differ: ${fa.join(', ')} vs ${fb.join(', ')}`;
  for (const f of fa) {
    if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) return `${f} differs`;
  }
  return null;
}

if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-dist-'));
  try {
    await bundle(dir);
    const diff = sameTree('dist', dir) ?? (readFileSync(SCHEMA_PATH, 'utf8') === (await eventsSchema(dir)) ? null : `${SCHEMA_PATH} differs`);
    if (diff) {
      console.error(`check-dist: dist/ is stale (${diff}). Run \`npm run build\` and commit dist/.`);
      process.exit(1);
    }
    console.log('check-dist: dist/ matches a fresh build');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  await bundle('dist');
  const dir = mkdtempSync(join(tmpdir(), 'overseer-schema-'));
  try {
    writeFileSync(SCHEMA_PATH, await eventsSchema(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
