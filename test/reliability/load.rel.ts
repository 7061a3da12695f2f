// Load: a fleet of 2,000 instant tasks (a `command` agent that exits at once, no verifier) beside
// the same fleet of 200, in one run: wall time, supervisor CPU and peak RSS, commits and persist
// time per commit. Cost per task must not grow with the fleet (the row fails if CPU per task at
// 2,000 is more than twice the figure at 200: worse than linear).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import { report } from './report.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();
const cli = join(repo, 'dist', 'cli.js');

interface Figures {
  n: number;
  wallS: number;
  cpuS: number;
  rssMb: number;
  commits: number;
  persistMs: number;
  done: number;
  ok: boolean;
}

async function fleet(n: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), `overseer-load-${n}-`));
  try {
    let toml = '[fleet]\nmax_concurrent = 4\n[roles.instant]\nagent = "command"\ncommand = ["true"]\n';
    for (let i = 0; i < n; i++) toml += `\n[[task]]\nname = "t${i}"\ncwd = "."\nrole = "instant"\nprompt = "x"\n`;
    writeFileSync(join(dir, 'tasks.toml'), toml);
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, cli, '--state-dir', join(dir, 'state'), 'run', join(dir, 'tasks.toml'), '--json'], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, OVERSEER_STATS: '1' },
    });
    const time = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
    const stats = /stats: (\d+) persists, (\d+) ms in total/.exec(r.stderr);
    if (!time || !stats) throw new Error(`no figures in:\n${r.stderr}`);
    const ledger = await Ledger.open({ stateDir: join(dir, 'state'), mode: 'read' });
    const done = ledger.tasks().filter((t) => t.state === 'DONE').length;
    ledger.close();
    return {
      n,
      wallS: Number(time[1]),
      cpuS: Number(time[2]) + Number(time[3]),
      rssMb: Number(time[4]) / 1024,
      commits: Number(stats[1]),
      persistMs: Number(stats[2]),
      done,
      ok: r.status === 0 && done === n,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = await fleet(200);
const large = await fleet(2000);
const perTask = (f: Figures) => (f.cpuS * 1000) / f.n;
const growth = perTask(large) / perTask(small);
const describe = (f: Figures) =>
  `${f.n} tasks: ${f.wallS.toFixed(1)} s wall, ${perTask(f).toFixed(1)} ms CPU/task, ${f.rssMb.toFixed(0)} MB peak RSS, ${f.commits} commits at ${(f.persistMs / f.commits).toFixed(2)} ms`;
report({
  scenario: 'load: 2,000 instant tasks vs 200',
  trials: 2,
  failures: [small, large].filter((f) => !f.ok).length + (growth > 2 ? 1 : 0),
  lost: small.n - small.done + (large.n - large.done),
  details: `${describe(small)}; ${describe(large)}; CPU per task x${growth.toFixed(2)} for 10x the tasks`,
  reproduce: 'npm run reliability -- load',
});
