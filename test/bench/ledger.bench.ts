// Ledger figures (issue: foundation): commit time per tick and a cold `overseer status --json`,
// at 1k and 10k tasks with 5 transitions each, beside baselines measured in the same run:
// a raw fs.writeFileSync of the whole ledger's bytes (what a commit cost before the journal), and a
// bare `node -e ''` start. A commit is a journal append; the whole file is written at checkpoints.
// Then reading every task's verdicts (the table `overseer run` closes with) beside reading every
// attempt, a table of the same length: the two grow alike unless a query scans per row.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import { StoredSpecSchema } from '../../src/ledger/spec.js';
import { LIFECYCLE, printTable, timeIt, timeProcess, type Row } from './measure.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();
const cli = join(repo, 'dist', 'cli.js');
const TICKS = 30;

async function fleet(n: number): Promise<{ dir: string; ledger: Ledger }> {
  const dir = mkdtempSync(join(tmpdir(), `overseer-bench-${n}-`));
  const ledger = await Ledger.open({ stateDir: dir, mode: 'write', create: true });
  const spec = { cwd: '.', prompt: 'Fix the flaky test and keep the suite green.', max_retries: 2, timeout_min: 45, depends_on: [], verify: [{ run: 'npm test', timeout_min: 15 }] };
  ledger.addTasks(Array.from({ length: n }, (_, i) => ({ name: `task-${i}`, spec: StoredSpecSchema.parse({ ...spec, name: `task-${i}` }), specHash: `h${i}` })));
  // All but the last TICKS tasks run their whole life (5 transitions); those stay PENDING for the ticks.
  for (let i = 0; i < n - TICKS; i++) {
    for (const [to, cause] of LIFECYCLE) ledger.transition(`task-${i}`, to, cause);
  }
  ledger.commit();
  return { dir, ledger };
}

const rows: Row[] = [];
for (const n of [1000, 10000]) {
  const { dir, ledger } = await fleet(n);
  ledger.close(); // a checkpoint: coord.db whole, the size a full persist would write
  const bytes = statSync(join(dir, 'coord.db')).size;
  const reopened = await Ledger.open({ stateDir: dir, mode: 'write' });
  // One tick = one task changes state, then persist + event flush: what the supervisor pays per change.
  let next = n - TICKS;
  const persist = timeIt(TICKS - 2, () => {
    reopened.transition(`task-${next++}`, 'READY', 'deps-done');
    reopened.commit();
  });
  const raw = new Uint8Array(bytes);
  const rawPath = join(dir, 'raw.bin');
  const write = timeIt(TICKS - 2, () => writeFileSync(rawPath, raw));
  reopened.close();
  const mib = (bytes / 1024 / 1024).toFixed(1);
  rows.push({
    name: `commit per tick, ${n} tasks (ledger ${mib} MiB)`,
    value: persist,
    unit: 'ms',
    baselineName: 'fs.writeFileSync of the ledger',
    baseline: write,
    ...(n === 1000 && { target: '<= 20 ms', ok: persist <= 20 }),
  });
  const status = timeProcess(7, [process.execPath, cli, '--state-dir', dir, 'status', '--json'], (out) => {
    const parsed = JSON.parse(out) as { tasks: unknown[] };
    if (parsed.tasks.length !== n) throw new Error(`status listed ${parsed.tasks.length} tasks, expected ${n}`);
  });
  const bare = timeProcess(7, [process.execPath, '-e', '']);
  rows.push({
    name: `cold status --json, ${n} tasks`,
    value: status,
    unit: 'ms',
    baselineName: "node -e ''",
    baseline: bare,
    ...(n === 1000 && { target: '<= 150 ms', ok: status <= 150 }),
  });
  rmSync(dir, { recursive: true, force: true });
}

/** n finished tasks, each with one attempt and two verifier verdicts. */
async function verifiedFleet(n: number): Promise<{ dir: string; ledger: Ledger }> {
  const { dir, ledger } = await fleet(0);
  const spec = StoredSpecSchema.parse({ name: 'x', cwd: '.', prompt: 'p', verify: [{ run: 'true' }, { run: 'true' }] });
  ledger.addTasks(Array.from({ length: n }, (_, i) => ({ name: `v-${i}`, spec: { ...spec, name: `v-${i}` }, specHash: 'v' })));
  for (let i = 0; i < n; i++) {
    const task = `v-${i}`;
    const { id } = ledger.beginAttempt({ task, kind: 'fresh', agent: 'command', logPath: () => 'log' });
    ledger.endAttempt(id, { exitCode: 0, failureClass: null, stopReason: null });
    for (const index of [0, 1]) ledger.recordVerification({ attemptId: id, task, index, kind: 'run', command: 'true', verdict: 'PASS', output: '', costUsd: 0, durationMs: 1 });
  }
  ledger.commit();
  return { dir, ledger };
}

for (const n of [1000, 5000]) {
  const { dir, ledger } = await verifiedFleet(n);
  const verdicts = timeIt(5, () => ledger.verifications());
  const attempts = timeIt(5, () => ledger.attempts());
  rows.push({ name: `read every verdict, ${n} tasks (${2 * n} rows)`, value: verdicts, unit: 'ms', baselineName: `read every attempt (${n} rows)`, baseline: attempts });
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
}
printTable('Ledger: persist, cold status and reads (median of runs)', rows);
