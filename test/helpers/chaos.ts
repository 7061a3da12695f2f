// Shared by the chaos test (test/e2e/chaos.test.ts, the CLI) and the chaos scenario
// (test/reliability/chaos.rel.ts, the action): the fleet a killed supervisor runs, and the audit of
// the state dir it leaves. The audit returns what it found instead of asserting, so a vitest test
// and a standalone scenario (no vitest there) draw their own conclusions from the same figures.

import { join } from 'node:path';
import { CREATED, type AttemptRecord, type FromState, type TaskState } from '../../src/core/model.js';
import { isLegalCause } from '../../src/core/transitions.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { events } from './ledger.js';

export interface ChaosFleet {
  tasks: number;
  /** max_retries of every task: a kill's resume is bounded by it (resume-cap) as well. */
  maxRetries: number;
  /** Share of tasks whose first attempt fails its verifier on purpose (`@fail-first`): a retry with feedback. */
  failFirst?: number;
  /** Seconds an agent sleeps: min + random * spread. */
  sleep?: { min: number; spread: number };
  maxConcurrent?: number;
}

/** A random DAG of demo-agent tasks, each writing out/<task>.txt that a `run` verifier checks. */
export function chaosFleet(random: () => number, f: ChaosFleet): { toml: string; failFirst: Set<string> } {
  const { min, spread } = f.sleep ?? { min: 0.1, spread: 0.2 };
  const failFirst = new Set<string>();
  let toml = `[fleet]\nagent = "demo"\nmax_concurrent = ${f.maxConcurrent ?? 4}\n`;
  for (let i = 0; i < f.tasks; i++) {
    const deps = i === 0 ? [] : [...new Set([Math.floor(random() * i), ...(random() < 0.3 ? [Math.floor(random() * i)] : [])])];
    const sleep = (min + random() * spread).toFixed(2);
    const draft = f.failFirst !== undefined && random() < f.failFirst;
    if (draft) failFirst.add(`t${i}`);
    const prompt = [...(draft ? [`@fail-first out/t${i}.txt draft`] : []), `@sleep ${sleep}`, `@write out/t${i}.txt done`].join('\n');
    toml += `\n[[task]]\nname = "t${i}"\ncwd = "."\nmax_retries = ${f.maxRetries}\nprompt = """\n${prompt}\n"""\n`;
    if (deps.length) toml += `depends_on = [${deps.map((d) => `"t${d}"`).join(', ')}]\n`;
    toml += `[[task.verify]]\nrun = "grep -q done out/t${i}.txt"\n`;
  }
  return { toml, failFirst };
}

const ACTIVE: ReadonlySet<TaskState> = new Set(['ASSIGNED', 'RUNNING', 'VERIFYING']);

/**
 * What a kill cut short, as the next supervisor finds it: the tasks the durable ledger shows in
 * flight (ASSIGNED, RUNNING, VERIFYING). Read right after the kill, before the restart.
 */
export async function inFlight(stateDir: string): Promise<string[]> {
  let ledger: Ledger;
  try {
    ledger = await Ledger.open({ stateDir, mode: 'read' });
  } catch {
    return []; // killed before the ledger was first written
  }
  try {
    return ledger
      .tasks()
      .filter((t) => ACTIVE.has(t.state))
      .map((t) => t.name);
  } finally {
    ledger.close();
  }
}

export interface ChaosAudit {
  tasks: number;
  states: Partial<Record<TaskState, number>>;
  /** task_transitions rows, and the ones that are illegal or do not follow the task's previous state. */
  transitions: number;
  illegal: string[];
  /** events.ndjson: lines, task.transition lines, and the seqs that are missing, repeated or out of order. */
  events: number;
  transitionLines: number;
  missingSeqs: number[];
  duplicateSeqs: number[];
  outOfOrder: boolean;
  attempts: AttemptRecord[];
  byKind: { fresh: number; retry: number; resume: number };
  orphaned: number;
}

/** Reads the ledger and events.ndjson a run left (every event line is schema-checked on the way). */
export async function auditStateDir(stateDir: string): Promise<ChaosAudit> {
  const ledger = await Ledger.open({ stateDir, mode: 'read' });
  try {
    const tasks = ledger.tasks();
    const states: ChaosAudit['states'] = {};
    for (const t of tasks) states[t.state] = (states[t.state] ?? 0) + 1;

    // Every recorded transition is legal and follows from the one before it.
    const transitions = ledger.transitions();
    const illegal: string[] = [];
    const last = new Map<string, FromState>();
    for (const t of transitions) {
      const expected = last.get(t.taskId) ?? CREATED;
      if (t.from !== expected) illegal.push(`${t.taskId} ${t.from}->${t.to} (${t.cause}) after ${expected}`);
      else if (!isLegalCause(t.from, t.to, t.cause)) illegal.push(`${t.taskId} ${t.from}->${t.to} (${t.cause}) is not a legal transition`);
      last.set(t.taskId, t.to);
    }

    // The event stream runs 1..n: no seq missing, none twice, in order.
    const lines = events(stateDir);
    const seqs = lines.map((e) => e.seq);
    const seen = new Map<number, number>();
    for (const s of seqs) seen.set(s, (seen.get(s) ?? 0) + 1);
    const max = Math.max(0, ...seqs);
    const missingSeqs: number[] = [];
    for (let s = 1; s <= max; s++) if (!seen.has(s)) missingSeqs.push(s);
    const duplicateSeqs = [...seen].filter(([, n]) => n > 1).map(([s]) => s);
    const outOfOrder = seqs.some((s, i) => i > 0 && s <= seqs[i - 1]!);

    const attempts = ledger.attempts();
    const byKind = { fresh: 0, retry: 0, resume: 0 };
    for (const a of attempts) byKind[a.kind]++;
    return {
      tasks: tasks.length,
      states,
      transitions: transitions.length,
      illegal,
      events: lines.length,
      transitionLines: lines.filter((e) => e.type === 'task.transition').length,
      missingSeqs,
      duplicateSeqs,
      outOfOrder,
      attempts,
      byKind,
      orphaned: attempts.filter((a) => a.stopReason === 'orphaned').length,
    };
  } finally {
    ledger.close();
  }
}

/** Problems with the event stream, as sentences (empty when it is whole). */
export function eventProblems(a: ChaosAudit): string[] {
  const out: string[] = [];
  if (a.missingSeqs.length) out.push(`event seqs missing: ${a.missingSeqs.slice(0, 20).join(',')}`);
  if (a.duplicateSeqs.length) out.push(`event seqs repeated: ${a.duplicateSeqs.slice(0, 20).join(',')}`);
  if (a.outOfOrder) out.push('event seqs out of order');
  if (a.transitionLines !== a.transitions) out.push(`${a.transitionLines} task.transition lines for ${a.transitions} task_transitions rows`);
  return out;
}

export interface RepeatAudit {
  /** Resume attempts per task, and the kills that found that task in flight. */
  resumes: number;
  inFlightAtKills: number;
  /** Tasks resumed more often than kills found them in flight (must be empty). */
  overResumed: string[];
  /** Retries past the feedback retry each @fail-first task asks for; which tasks (must be empty). */
  extraRetries: string[];
  /** Tasks started fresh more than once (must be empty). */
  repeatedFresh: string[];
}

/**
 * Were attempts repeated only where a kill cut one short? Each kill may cost one resume per task in
 * flight at it (`inFlightAtKills[k]` from inFlight()); nothing else may be repeated: at most one fresh
 * attempt per task, and a retry only for a task that fails its first verification on purpose.
 */
export function repeatedAttempts(attempts: readonly AttemptRecord[], inFlightAtKills: readonly (readonly string[])[], failFirst: ReadonlySet<string>): RepeatAudit {
  const kills = new Map<string, number>();
  for (const set of inFlightAtKills) for (const t of set) kills.set(t, (kills.get(t) ?? 0) + 1);
  const per = new Map<string, { fresh: number; retry: number; resume: number }>();
  for (const a of attempts) {
    const k = per.get(a.taskId) ?? { fresh: 0, retry: 0, resume: 0 };
    k[a.kind]++;
    per.set(a.taskId, k);
  }
  const overResumed: string[] = [];
  const extraRetries: string[] = [];
  const repeatedFresh: string[] = [];
  let resumes = 0;
  for (const [task, k] of per) {
    resumes += k.resume;
    if (k.resume > (kills.get(task) ?? 0)) overResumed.push(`${task}: ${k.resume} resumes, in flight at ${kills.get(task) ?? 0} kills`);
    if (k.retry > (failFirst.has(task) ? 1 : 0)) extraRetries.push(`${task}: ${k.retry} retries${failFirst.has(task) ? ' (1 expected)' : ''}`);
    if (k.fresh > 1) repeatedFresh.push(`${task}: ${k.fresh} fresh attempts`);
  }
  return { resumes, inFlightAtKills: [...kills.values()].reduce((s, n) => s + n, 0), overResumed, extraRetries, repeatedFresh };
}

export const stateDirOf = (workspace: string) => join(workspace, '.overseer');
