// `overseer run [file]`: run the fleet to completion. One line per transition, a final table, exit
// 0 only when every task is DONE. `--dry-run` validates, plans and prints the exact agent commands;
// it starts no process and writes no ledger.

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { agentFor } from '../../agents/registry.js';
import { InputError } from '../../core/errors.js';
import { agentOverrideProblem, brainKeyEnv, modelOf, resolveAgent, roleOf } from '../../core/manifest.js';
import { TASK_STATES, type AgentName } from '../../core/model.js';
import { buildPlan } from '../../core/plan.js';
import { makeRedactor } from '../../core/redact.js';
import { Ledger } from '../../ledger/ledger.js';
import { stallOf } from '../../ledger/report.js';
import { sha256 } from '../../ledger/spec.js';
import { EVENTS_VERSION } from '../../events/types.js';
import { VERSION } from '../../version.js';
import { sqlEngine } from '../../ledger/sqljs.js';
import { formatDiagnostic, loadManifest } from '../../manifest/load.js';
import { preflight } from '../../runtime/preflight.js';
import { lowest } from '../../runtime/snapshot.js';
import { secretsFrom } from '../../runtime/env.js';
import { runFleet, type RunOutcome } from '../../runtime/supervisor.js';
import { cliFor, duration, onOutputClosed, plural, shellQuote, table, usd } from '../output.js';
import { warn } from '../settings.js';

export interface RunOptions {
  dryRun?: boolean;
  maxConcurrent?: number;
  budgetUsd?: number;
  agent?: AgentName;
  json?: boolean;
  metricsPrefix?: string;
  pushgatewayUrl?: string;
}

function describeEvent(line: string): string | null {
  const e = JSON.parse(line) as Record<string, unknown>;
  const time = String(e.at).slice(11, 19);
  if (e.type === 'task.transition') return `${time}  ${String(e.task_id)}  ${String(e.from)} -> ${String(e.to)}  (${String(e.cause)})`;
  if (e.type === 'task.verification') return `${time}  ${String(e.task_id)}  verifier ${Number(e.index) + 1} (${String(e.kind)}) ${String(e.verdict)}`;
  if (e.type === 'task.escalated') return `${time}  ${String(e.task_id)}  needs a human: ${String(e.reason)}`;
  if (e.type === 'breaker.opened') return `${time}  quota breaker opened by ${String(e.task_id)}: no new tasks start`;
  return null;
}

export async function runCommand(stateDir: string, file: string, options: RunOptions): Promise<number> {
  // SQLite's wasm compiles in the background while the manifest is read and checked.
  if (!options.dryRun) void sqlEngine();
  const loaded = loadManifest(file);
  const problem = options.agent && agentOverrideProblem(loaded.manifest, options.agent);
  if (problem) throw new InputError(problem);
  const redact = makeRedactor(secretsFrom(process.env, [brainKeyEnv(loaded.manifest)]));
  if (options.dryRun) return dryRun(loaded, options, redact);

  // `overseer run | head`: the reader has gone, and exiting would leave the agents running unwatched
  // with the lock held. The run stops as on Ctrl-C (exit 130); the next run resumes them.
  const stop = new AbortController();
  const unlisten = onOutputClosed(() => {
    warn('the reader of this output has gone (a closed pipe): stopping as on Ctrl-C');
    stop.abort();
  });
  let outcome: RunOutcome;
  try {
    outcome = await runFleet({
      loaded,
      stop: stop.signal,
      stateDir,
      maxConcurrent: options.maxConcurrent,
      budgetUsd: options.budgetUsd,
      agent: options.agent,
      redact,
      env: process.env,
      warn,
      metrics: { prefix: options.metricsPrefix, pushUrl: options.pushgatewayUrl },
      onEvents: (lines) => {
        for (const line of lines) {
          if (options.json) process.stdout.write(`${line}\n`);
          else {
            const text = describeEvent(line);
            if (text) console.log(text);
          }
        }
      },
    });
  } finally {
    unlisten();
  }
  if (process.env.OVERSEER_STATS) {
    const p = outcome.persist;
    process.stderr.write(
      `overseer: stats: ${p.commits} persists, ${p.totalMs.toFixed(0)} ms in total, ${(p.totalMs / Math.max(1, p.commits)).toFixed(2)} ms mean, ${p.maxMs.toFixed(1)} ms worst, ledger ${(p.bytes / 1024).toFixed(0)} KiB\n`,
    );
  }
  if (options.json) return outcome.exitCode;

  const cli = cliFor(stateDir);
  const ledger = await Ledger.open({ stateDir, mode: 'read', warn });
  let waiting: string | undefined;
  try {
    const attempts = ledger.attemptsByTask();
    const verdictsOf = new Map<number, string[]>();
    for (const v of ledger.verifications()) {
      const list = verdictsOf.get(v.attemptId) ?? [];
      list.push(`${v.kind}:${v.verdict}`);
      verdictsOf.set(v.attemptId, list);
    }
    const rows = ledger.tasks().map((t) => {
      const mine = attempts.get(t.name) ?? [];
      const ms = mine.reduce((sum, a) => sum + (a.startedAt && a.endedAt ? Date.parse(a.endedAt) - Date.parse(a.startedAt) : 0), 0);
      const lastId = mine[mine.length - 1]?.id;
      const verdicts = (lastId === undefined ? undefined : verdictsOf.get(lastId))?.join(' ');
      return [t.name, t.state, String(mine.length), usd(t.costUsd), duration(ms), verdicts || '-'];
    });
    console.log(`\n${table(['task', 'state', 'attempts', 'cost', 'duration', 'verdicts'], rows)}`);
    waiting = whyWaiting(ledger, outcome.counts.READY + outcome.counts.RETRYING + outcome.counts.RESUMING, cli);
  } finally {
    ledger.close();
  }
  const summary = TASK_STATES.filter((s) => outcome.counts[s] > 0).map((s) => `${outcome.counts[s]} ${s}`).join(', ');
  console.log(`\n${summary}; spent ${usd(outcome.costUsd)} in ${duration(outcome.durationMs)}`);
  for (const b of outcome.blocked) console.log(`${b.task}: blocked by ${b.by}`);
  if (waiting) console.log(waiting);
  if (outcome.counts.NEEDS_HUMAN > 0) {
    console.log(`next: \`${cli} status --state NEEDS_HUMAN\`, then \`${cli} logs <task>\`, and \`${cli} retry <task>\` or \`${cli} approve <task>\``);
  }
  return outcome.exitCode;
}

/** Why tasks that could start did not: the run ends with them waiting only for one of these. */
function whyWaiting(ledger: Ledger, waiting: number, cli: string): string | undefined {
  if (waiting === 0) return undefined;
  const n = `${plural(waiting, 'task')} could start but did not`;
  const stall = stallOf(ledger, cli);
  return stall ? `${n}: ${stall.reason} (${stall.action})` : n;
}

function dryRun(loaded: ReturnType<typeof loadManifest>, options: RunOptions, redact: (s: string) => string): number {
  const { manifest, prompts, dir } = loaded;
  const runBudget = options.budgetUsd ?? manifest.fleet.budget_usd;
  for (const d of preflight(loaded, { env: process.env, budgetUsd: runBudget })) warn(`${formatDiagnostic(d)}: a run stops here (exit 2)`);
  const plan = buildPlan(manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on })));
  const commands = manifest.task.map((t, i) => {
    const agent = options.agent ?? resolveAgent(manifest, t);
    const role = roleOf(manifest, t.role);
    const launch = agentFor(agent).launch({ prompt: prompts[i]!, model: modelOf(manifest, t), allowedTools: role?.allowed_tools, budgetUsd: lowest(t.budget_usd, runBudget), command: role?.command });
    return { task: t.name, agent, cwd: resolve(dir, t.cwd), argv: launch.argv.map((a) => redact(a)), verifiers: t.verify.length, stdin: Boolean(launch.stdin) };
  });
  if (options.json) {
    // DESIGN §8: a dry run prints its event, a v1 run.started in dry-run mode, with the plan in it.
    const event = {
      v: EVENTS_VERSION,
      seq: 1,
      type: 'run.started',
      at: new Date().toISOString(),
      run_id: randomUUID(),
      manifest: loaded.file,
      manifest_sha256: sha256(loaded.source),
      task_count: manifest.task.length,
      max_concurrent: options.maxConcurrent ?? manifest.fleet.max_concurrent,
      budget_usd: options.budgetUsd ?? manifest.fleet.budget_usd ?? null,
      mode: 'dry-run',
      version: VERSION,
      plan: { waves: plan.waves, critical_path: plan.criticalPath.path, commands },
    };
    process.stdout.write(`${JSON.stringify(event)}\n`);
    return 0;
  }
  console.log(`dry run: ${plural(manifest.task.length, 'task')} in ${plural(plan.waves.length, 'wave')}; nothing is started and no ledger is written\n`);
  for (const [w, wave] of plan.waves.entries()) console.log(`wave ${w + 1}: ${wave.join(', ')}`);
  console.log(`critical path: ${plan.criticalPath.path.join(' -> ')}\n`);
  for (const c of commands) {
    console.log(`${c.task}  (agent ${c.agent}, cwd ${c.cwd}, ${plural(c.verifiers, 'verifier')})`);
    console.log(`  ${c.argv.map(shellQuote).join(' ')}${c.stdin ? '   # prompt on stdin' : ''}`);
  }
  return 0;
}
