// Action figures (issue: the action): cold start of dist/action.js, from process start to its first
// tick (the run.started event: bundle load, inputs, manifest, sql.js wasm init, ledger created and
// persisted), beside a bare `node -e ''` in the same run; and the size of every bundle.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable, type Row } from './measure.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();
const RUNS = 7;

function firstTick(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const state = mkdtempSync(join(dir, 'state-'));
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(repo, 'dist', 'action.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH, INPUT_TASKS: 'tasks.toml', INPUT_MODE: 'run', INPUT_CACHE: 'false', 'INPUT_STATE-DIR': state, GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STATE: join(dir, 'state') },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('"type":"run.started"')) {
        const ms = performance.now() - t0;
        child.kill('SIGKILL');
        resolve(ms);
      }
    });
    child.once('exit', () => reject(new Error(`action ended before its first tick:\n${out}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'overseer-action-bench-'));
try {
  writeFileSync(join(dir, 'tasks.toml'), '[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
  for (const f of ['out', 'state']) writeFileSync(join(dir, f), '');
  const starts: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const ms = await firstTick(dir);
    if (i > 0) starts.push(ms);
  }
  const bare: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    if (i > 0) bare.push(performance.now() - t);
  }
  const start = median(starts);
  const node = median(bare);
  const rows: Row[] = [
    { name: 'action cold start to first tick', value: start, unit: 'ms', baselineName: "node -e ''", baseline: node },
    { name: 'action cold start over bare node', value: start - node, unit: 'ms', baselineName: 'target 300 ms', baseline: 300, target: '<= 300 ms', ok: start - node <= 300 },
  ];
  for (const bundle of ['action.js', 'post.js', 'cli.js', 'demo-agent.js']) {
    const mb = statSync(join(repo, 'dist', bundle)).size / 1e6;
    rows.push({ name: `dist/${bundle} size`, value: mb, unit: 'MB', baselineName: 'limit 3 MB', baseline: 3, target: '<= 3 MB', ok: mb <= 3 });
  }
  printTable('Action: cold start and bundle sizes (median of runs)', rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
