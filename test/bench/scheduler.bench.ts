// Scheduler figures (issue: engine): a random 200-task DAG of sleep tasks (0.05-0.3 s, `command`
// agent, a `run` verifier that exits 0), max_concurrent 4. In the same run: the same DAG as a
// Makefile under `make -j4`, and the lower bound max(critical path, total work / 4).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criticalPath } from '../../src/core/graph.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { printTable } from './measure.js';

const N = 200;
const SLOTS = 4;
const repo = process.env.OVERSEER_REPO ?? process.cwd();
const cli = join(repo, 'dist', 'cli.js');

let seed = Number(process.env.OVERSEER_BENCH_SEED ?? 42);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

const tasks = Array.from({ length: N }, (_, i) => {
  const deps = new Set<number>();
  const count = i === 0 ? 0 : Math.floor(random() * 3);
  for (let k = 0; k < count; k++) deps.add(Math.floor(random() * i));
  return { name: `t${i}`, sleep: Number((0.05 + random() * 0.25).toFixed(3)), deps: [...deps].map((d) => `t${d}`) };
});
const nodes = tasks.map((t) => ({ name: t.name, dependsOn: t.deps }));
const weights = new Map(tasks.map((t) => [t.name, t.sleep]));
const work = tasks.reduce((s, t) => s + t.sleep, 0);
const bound = Math.max(criticalPath(nodes, (n) => weights.get(n)!).length, work / SLOTS);

const dir = mkdtempSync(join(tmpdir(), 'overseer-sched-'));
try {
  // make -j4
  const makefile = [`all: ${tasks.map((t) => t.name).join(' ')}`, ...tasks.map((t) => `${t.name}: ${t.deps.join(' ')}\n\t@sleep ${t.sleep}`), `.PHONY: all ${tasks.map((t) => t.name).join(' ')}`].join('\n');
  writeFileSync(join(dir, 'Makefile'), `${makefile}\n`);
  let t0 = performance.now();
  execFileSync('make', ['-j4', '-s', '-f', join(dir, 'Makefile'), 'all'], { cwd: dir });
  const makeMs = performance.now() - t0;

  // overseer
  let toml = `[fleet]\nmax_concurrent = ${SLOTS}\n\n[roles.sleeper]\nagent = "command"\ncommand = ["sh", "-c", "sleep \\"$OVERSEER_PROMPT\\""]\n`;
  for (const t of tasks) {
    toml += `\n[[task]]\nname = "${t.name}"\ncwd = "."\nrole = "sleeper"\nprompt = "${t.sleep}"\n`;
    if (t.deps.length) toml += `depends_on = [${t.deps.map((d) => `"${d}"`).join(', ')}]\n`;
    toml += '[[task.verify]]\nrun = "true"\n';
  }
  writeFileSync(join(dir, 'tasks.toml'), toml);
  t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, '--state-dir', join(dir, '.overseer'), 'run', join(dir, 'tasks.toml'), '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const overseerMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`overseer run exited ${r.status}: ${r.stderr}`);

  const ledger = await Ledger.open({ stateDir: join(dir, '.overseer'), mode: 'read' });
  const transitions = ledger.transitions();
  ledger.close();
  const at = (task: string, to: string) => Date.parse(transitions.find((x) => x.taskId === task && x.to === to)!.at);
  const mean = (f: (t: (typeof tasks)[number]) => number) => tasks.reduce((s, t) => s + f(t), 0) / N;
  const overhead = mean((t) => at(t.name, 'DONE') - at(t.name, 'ASSIGNED') - t.sleep * 1000);
  // Where the overhead goes, per task: the agent's spawn, its exit being noticed, the verifier.
  const toRunning = mean((t) => at(t.name, 'RUNNING') - at(t.name, 'ASSIGNED'));
  const toVerifying = mean((t) => at(t.name, 'VERIFYING') - at(t.name, 'RUNNING') - t.sleep * 1000);
  const toDone = mean((t) => at(t.name, 'DONE') - at(t.name, 'VERIFYING'));
  // make's own cost per task slot: what its 4 slots spent beyond the sleeps.
  const makePerTask = (makeMs * SLOTS - work * 1000) / N;

  printTable(`Scheduler: ${N}-task random DAG, ${SLOTS} slots, sleeps 0.05-0.3 s (seed ${process.env.OVERSEER_BENCH_SEED ?? 42})`, [
    { name: 'overseer makespan', value: overseerMs, unit: 'ms', baselineName: 'make -j4', baseline: makeMs, target: '<= 1.00x', ok: overseerMs <= makeMs },
    { name: 'overseer makespan', value: overseerMs, unit: 'ms', baselineName: 'lower bound', baseline: bound * 1000, target: '<= 1.10x', ok: overseerMs <= bound * 1100 },
    { name: 'make -j4 makespan', value: makeMs, unit: 'ms', baselineName: 'lower bound', baseline: bound * 1000 },
    { name: 'overhead per task (dispatch to DONE minus sleep)', value: overhead, unit: 'ms', baselineName: 'make slot time per task minus sleep', baseline: makePerTask },
    { name: '  ASSIGNED to RUNNING (agent spawn)', value: toRunning, unit: 'ms', baselineName: 'overhead per task', baseline: overhead },
    { name: '  RUNNING to VERIFYING minus sleep (exit noticed)', value: toVerifying, unit: 'ms', baselineName: 'overhead per task', baseline: overhead },
    { name: '  VERIFYING to DONE (verifier spawn, run, persist)', value: toDone, unit: 'ms', baselineName: 'overhead per task', baseline: overhead },
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
