// `npm run reliability`: bundles each test/reliability/*.rel.ts with esbuild and runs it in its own
// Node process. Each scenario prints result lines `RELIABILITY {json}` (see report.ts); this runner
// prints them as one table and exits 1 when any scenario failed or lost anything.
// `npm run reliability -- chaos` runs the scenarios whose file name contains "chaos".

import { buildScript } from '../helpers/script-build.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'overseer-reliability-'));
const files = readdirSync('test/reliability').filter((f) => f.endsWith('.rel.ts') && (!only || f.includes(only))).sort();
const rows = [];
let crashed = false;

function runScenario(out) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [out], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OVERSEER_REPO: process.cwd() } });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('RELIABILITY ')) rows.push(JSON.parse(line.slice(12)));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('close', (code) => resolve(code));
  });
}

try {
  for (const file of files) {
    const out = join(dir, file.replace(/\.ts$/, '.mjs'));
    await buildScript(join('test/reliability', file), out);
    console.log(`\n== ${file}`);
    const code = await runScenario(out);
    if (code !== 0) {
      crashed = true;
      rows.push({ scenario: file, trials: 0, failures: 1, lost: 0, details: `the scenario itself exited ${code}`, reproduce: `npm run reliability -- ${file.replace('.rel.ts', '')}` });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const head = ['scenario', 'trials', 'failures', 'lost', 'details', 'reproduce'];
const cells = rows.map((r) => [r.scenario, String(r.trials), String(r.failures), String(r.lost), r.details, r.reproduce]);
const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
console.log('\nReliability\n');
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const c of cells) console.log(line(c));
const bad = rows.filter((r) => r.failures > 0 || r.lost > 0);
console.log(`\n${rows.length} scenarios, ${bad.length} with failures or losses`);
process.exit(bad.length > 0 || crashed ? 1 : 0);
