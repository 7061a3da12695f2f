// What a supervisor does before its first tick: refuse a task or role name that holds a secret,
// add the manifest's new tasks to the ledger, stop the processes a killed supervisor started but
// never recorded, and work out the ledger's process mark and the dispatch weights.

import { realpathSync } from 'node:fs';
import { pricingFor } from '../core/pricing.js';
import { plural, taskArg } from '../core/format.js';
import { brainEndpoint, modelOf, resolveAgent, type Manifest } from '../core/manifest.js';
import { TERMINAL_STATES, type TaskState } from '../core/model.js';
import type { Policy } from '../core/reconcile.js';
import type { Ledger } from '../ledger/ledger.js';
import { cliFor } from '../ledger/paths.js';
import { newTask, sha256, taskCap } from '../ledger/spec.js';
import { isSameProcess } from './identity.js';
import { taggedProcesses, under } from './tags.js';
import type { RunSettings } from './supervisor.js';

/**
 * Dispatch weights (DESIGN §5): each task's median duration over its earlier attempts in this
 * ledger; a task never run weighs the median of all known durations, or 1 when nothing is known.
 */
export function durationWeights(ledger: Ledger): (task: string) => number {
  const byTask = new Map<string, number[]>();
  for (const a of ledger.attempts()) {
    if (!a.startedAt || !a.endedAt || a.failureClass !== null) continue;
    const ms = Date.parse(a.endedAt) - Date.parse(a.startedAt);
    const list = byTask.get(a.taskId);
    if (list) list.push(ms);
    else byTask.set(a.taskId, [ms]);
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  };
  const weights = new Map([...byTask].map(([task, xs]) => [task, Math.max(1, median(xs))]));
  const fallback = weights.size > 0 ? median([...weights.values()]) : 1;
  return (task) => weights.get(task) ?? fallback;
}

/**
 * This ledger's mark on the processes its supervisors start: its run id (kept across runs) and where
 * it lives, so a copy of the state directory (a cache restored for two jobs on one machine) is
 * another ledger, whose agents are not ours to stop.
 */
export function ledgerMark(ledger: Ledger): string {
  let where = ledger.paths.dir;
  try {
    where = realpathSync(where);
  } catch {
    // as given
  }
  return `ledger-${ledger.runId || 'unknown'}-${sha256(where).slice(0, 12)}`;
}

/**
 * A supervisor killed between starting a process and committing its record leaves a process the
 * ledger does not know: the next run would start the task again beside it. Every process this
 * ledger's supervisors start carries the ledger's mark (and we hold the lock, so none of them is
 * another live supervisor's): each one that is not a recorded attempt still running (the reconciler
 * stops those, gently, and resumes their tasks), nor started by one, is killed here. Linux only.
 */
export function stopUnrecorded(ledger: Ledger, mark: string, warn: (m: string) => void): void {
  const recorded = ledger
    .attempts()
    .filter((a) => a.endedAt === null && a.pid !== null && isSameProcess(a.pid, a.pidStart))
    .map((a) => a.pid!);
  // Anywhere in the tag's path: an overseer run as an agent marks its children below its own tag.
  const ours = taggedProcesses((tag) => tag.split('/').includes(mark));
  const kept = ours.filter((p) => recorded.includes(p.pid)).map((p) => p.tag);
  const strays = ours.filter((p) => !kept.some((tag) => under(p.tag, tag))).map((p) => p.pid);
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  if (strays.length > 0) warn(`stopped ${strays.length} process(es) a killed supervisor left outside any running attempt: started but not recorded, or left by an agent that has ended (pid ${strays.join(', ')})`);
}

/**
 * Where a manifest edit of a known task takes effect: a task with no attempt under way and not ended
 * for good runs the edited spec (the usual fix after NEEDS_HUMAN: a better prompt, verifier or
 * budget). A DONE or CANCELLED task keeps the spec it ended with, and an attempt under way (or one
 * a killed supervisor left, to be resumed) the spec it was started from.
 */
const TAKES_EDITS: ReadonlySet<TaskState> = new Set(['PENDING', 'READY', 'RETRYING', 'NEEDS_HUMAN']);

/**
 * Add manifest tasks the ledger does not have, record the edited spec of those that can take it
 * (TAKES_EDITS), and say which edits and which ledger tasks the file no longer names wait or run on.
 */
export function syncManifest(ledger: Ledger, settings: Pick<RunSettings, 'loaded' | 'warn' | 'stateDir'>): void {
  const { manifest, prompts } = settings.loaded;
  const tasks = manifest.task.map((t, i) => newTask(t, prompts[i]!));
  const known = new Map(ledger.tasks().map((t) => [t.name, t]));
  for (const t of tasks) {
    const existing = known.get(t.name);
    if (!existing || existing.specHash === t.specHash) continue;
    if (!TAKES_EDITS.has(existing.state)) {
      const why = TERMINAL_STATES.has(existing.state) ? `it is ${existing.state} and is not run again` : `its attempt under way (${existing.state}) goes on with it`;
      settings.warn(`task ${t.name} changed in the manifest since it was recorded; the ledger keeps the recorded spec: ${why}`);
      continue;
    }
    // Past PENDING a task no longer waits for its dependencies: one it was not given to wait for would be ignored.
    const waitsOn = existing.state === 'PENDING' ? [] : t.spec.depends_on.filter((d) => ledger.task(d)?.state !== 'DONE');
    if (waitsOn.length > 0) {
      // A CANCELLED one never will be DONE: only taking it out of depends_on lets the edit in.
      const cancelled = waitsOn.filter((d) => ledger.task(d)?.state === 'CANCELLED');
      const until =
        cancelled.length > 0
          ? `${cancelled.join(', ')} ${cancelled.length === 1 ? 'is' : 'are'} CANCELLED: take ${cancelled.length === 1 ? 'it' : 'them'} out of its depends_on to have the edit recorded`
          : `the first run after ${waitsOn.length === 1 ? 'it is' : 'they are'} DONE records it`;
      settings.warn(`task ${t.name} changed in the manifest, but the ledger keeps the recorded spec: it is ${existing.state}, past waiting for its dependencies, and the new spec names ${waitsOn.join(', ')}, not DONE yet; ${until}`);
      continue;
    }
    ledger.replaceSpec(t);
    const next = existing.state === 'NEEDS_HUMAN' ? `it still needs a human: \`${cliFor(settings.stateDir)} retry ${taskArg(t.name)}\` runs it with the new spec` : `it runs with the new spec (${existing.state})`;
    settings.warn(`task ${t.name} changed in the manifest: ${next}`);
  }
  ledger.addTasks(tasks);
  const named = new Set(tasks.map((t) => t.name));
  // The tasks added are all named; those known are as read above (an edit changes no state).
  const unnamed = [...known.values()].filter((t) => !named.has(t.name) && !TERMINAL_STATES.has(t.state));
  if (unnamed.length > 0) {
    const names = unnamed.slice(0, 5).map((t) => t.name).join(', ') + (unnamed.length > 5 ? ', ...' : '');
    settings.warn(`${plural(unnamed.length, 'task')} in the ledger ${unnamed.length === 1 ? 'is' : 'are'} not in the manifest (${names}: removed, renamed or submitted): ${unnamed.length === 1 ? 'it stays' : 'they stay'} in the fleet and run${unnamed.length === 1 ? 's' : ''} as recorded; \`${cliFor(settings.stateDir)} cancel <task>\` drops one`);
  }
}

/**
 * Under a run cap, a task with no cap of its own may spend all that is left, so the reconciler runs
 * such tasks one at a time: say so at start, not as a fleet that is mysteriously serial.
 */
export function warnUncapped(ledger: Ledger, policy: Pick<Policy, 'budgetUsd' | 'maxConcurrent'>, warn: (m: string) => void): void {
  if (policy.budgetUsd === null || policy.maxConcurrent < 2) return;
  const uncapped = ledger.tasks().filter((t) => !TERMINAL_STATES.has(t.state) && taskCap(t, t.spec) === null);
  if (uncapped.length > 1) {
    warn(`${uncapped.length} tasks have no budget_usd of their own: under the run's cap (${policy.budgetUsd} USD) each may spend all that is left, so they run one at a time; give them budgets to run them side by side`);
  }
}

/**
 * Codex and a `brain` judge report tokens, not dollars: their cost is counted only from
 * `[pricing.<model>]`. A budget over a codex task, or a task a judge verifies, with no price for the
 * model would never see that spending, so say so before the run.
 */
export function warnUnpriced(manifest: Manifest, settings: Pick<RunSettings, 'agent' | 'budgetUsd' | 'env'>, warn: (m: string) => void): void {
  const fleetBudget = settings.budgetUsd ?? manifest.fleet.budget_usd;
  const budgeted = manifest.task.filter((t) => t.budget_usd !== undefined || fleetBudget !== undefined);
  const unpriced = budgeted.filter((t) => {
    if ((settings.agent ?? resolveAgent(manifest, t)) !== 'codex') return false;
    // Its agent, and the reviewers (`agent` verifiers) that run it again, on their own model or its.
    const model = modelOf(manifest, t);
    const models = [model, ...t.verify.filter((v) => v.agent !== undefined).map((v) => v.model ?? model)];
    return models.some((m) => pricingFor(manifest.pricing, m) === undefined);
  });
  if (unpriced.length > 0) {
    const names = unpriced.slice(0, 5).map((t) => t.name).join(', ') + (unpriced.length > 5 ? ', ...' : '');
    warn(`${plural(unpriced.length, 'codex task')} (${names}) ${unpriced.length === 1 ? 'has' : 'have'} a budget but no [pricing.<model>] for ${unpriced.length === 1 ? 'its' : 'their'} model (or a reviewer's): codex reports tokens, so that cost counts as $0 and no budget stops it; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok`);
  }
  const judgeDefault = brainEndpoint(manifest, settings.env).model;
  const judges = new Set(budgeted.flatMap((t) => t.verify.filter((v) => v.brain !== undefined).map((v) => v.model ?? judgeDefault)));
  const unpricedJudges = [...judges].filter((model): model is string => model !== undefined && pricingFor(manifest.pricing, model) === undefined);
  if (unpricedJudges.length > 0) {
    warn(`brain judge model${unpricedJudges.length === 1 ? '' : 's'} ${unpricedJudges.map((m) => `"${m}"`).join(', ')} ${unpricedJudges.length === 1 ? 'has' : 'have'} no [pricing.<model>]: under a budget ${unpricedJudges.length === 1 ? 'its answers count' : 'their answers count'} as $0; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok`);
  }
}
