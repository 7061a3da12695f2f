// Observability figures (issue: observability): building the metrics registry (and its text) and
// rendering the job summary at 1k and 10k tasks, each beside the time to load the same ledger
// (open + read) measured in the same run. Target: summary + metrics <= the ledger load at 10k.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSummary } from '../../src/core/summary.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { runSummaryOf } from '../../src/ledger/report.js';
import { StoredSpecSchema } from '../../src/ledger/spec.js';
import { buildRegistry } from '../../src/metrics/registry.js';
import { LIFECYCLE, median, printTable, type Row } from './measure.js';


/** n tasks in a chain, each run once with a cost and one passing `run` verifier; every 50th needs a human. */
async function fleet(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `overseer-obs-${n}-`));
  const ledger = await Ledger.open({ stateDir: dir, mode: 'write', create: true });
  ledger.tx(() => ledger.setMeta('fleet_budget_usd', String(n)));
  const spec = (i: number) => StoredSpecSchema.parse({ name: `task-${i}`, cwd: '.', prompt: 'Fix the flaky test.', depends_on: i ? [`task-${i - 1}`] : [], verify: [{ run: 'npm test' }] });
  ledger.addTasks(Array.from({ length: n }, (_, i) => ({ name: `task-${i}`, spec: spec(i), specHash: `h${i}` })));
  for (let i = 0; i < n; i++) {
    const task = `task-${i}`;
    for (const [to, cause] of LIFECYCLE.slice(0, 3)) ledger.transition(task, to, cause);
    const { id } = ledger.beginAttempt({ task, kind: 'fresh', agent: 'claude', logPath: () => '/dev/null' });
    ledger.attemptStarted(id, 1, null);
    ledger.attemptProgress(id, { costUsd: 0.1 });
    ledger.endAttempt(id, { exitCode: 0, failureClass: null, stopReason: null });
    ledger.transition(task, 'VERIFYING', 'agent-exited');
    const pass = i % 50 !== 0;
    ledger.recordVerification({ attemptId: id, task, index: 0, kind: 'run', command: 'npm test', verdict: pass ? 'PASS' : 'FAIL', output: pass ? '' : 'FAIL src/x.test.ts\n  expected 1 to be 2', costUsd: 0, durationMs: 1200 });
    ledger.setVerdict(id, pass ? 'PASS' : 'FAIL');
    if (pass) ledger.transition(task, 'DONE', 'verified');
    else ledger.transition(task, 'NEEDS_HUMAN', 'retries-exhausted');
  }
  ledger.commit();
  ledger.close();
  return dir;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const rows: Row[] = [];
for (const n of [1000, 10000]) {
  const dir = await fleet(n);
  const runs = n === 1000 ? 9 : 5;
  // The baseline: what any reader pays to get at the data (open, check, read every task row).
  const load = await time(runs, async () => {
    const l = await Ledger.open({ stateDir: dir, mode: 'read' });
    l.tasks();
    l.close();
  });
  const ledger = await Ledger.open({ stateDir: dir, mode: 'read' });
  const metrics = await time(runs, () => buildRegistry(ledger.stats()).metrics());
  const summary = await time(runs, async () => renderSummary(runSummaryOf(ledger)));
  ledger.close();
  rows.push({ name: `metrics registry + text, ${n} tasks`, value: metrics, unit: 'ms', baselineName: 'ledger load', baseline: load });
  rows.push({ name: `job summary render, ${n} tasks`, value: summary, unit: 'ms', baselineName: 'ledger load', baseline: load });
  rows.push({
    name: `summary + metrics, ${n} tasks`,
    value: metrics + summary,
    unit: 'ms',
    baselineName: 'ledger load',
    baseline: load,
    ...(n === 10000 && { target: '<= 1.00x', ok: metrics + summary <= load }),
  });
  rmSync(dir, { recursive: true, force: true });
}
printTable('Observability: metrics and summary beside a ledger load (median of runs)', rows);
