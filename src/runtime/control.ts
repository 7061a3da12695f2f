// What a control request does to the ledger: cancel, approve, retry, drain, undrain, submit.
// The same code serves a command applying its request directly and the supervisor ingesting the
// inbox, so both paths check and act alike.

import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { usd } from '../core/format.js';
import { checkManifest, formatPath, TASK_NAME_PATTERN } from '../core/manifest.js';
import { downstream } from '../core/graph.js';
import { TERMINAL_STATES } from '../core/model.js';
import { Ledger, type NewTask } from '../ledger/ledger.js';
import { LedgerBusyError } from '../ledger/lock.js';
import { newTask, taskCap } from '../ledger/spec.js';
import { isSameProcess } from './identity.js';
import { enqueue, remove, type ControlRequest } from './inbox.js';
import { killGroup } from './process.js';

/**
 * The task a submit request asks the ledger to keep, checked as a manifest's task is (and against
 * the ledger: a new name, known dependencies), stored as a manifest's is, with the schema's
 * defaults. Throws InputError. Checked again here, not only by `submit`: a request file is just a
 * file in the inbox.
 */
function submittedTask(ledger: Ledger, request: Extract<ControlRequest, { request: 'submit' }>): NewTask {
  const id = request.task_id;
  if (!TASK_NAME_PATTERN.test(id) || request.spec.name !== id) {
    throw new InputError(`submitted task name ${JSON.stringify(id).slice(0, 80)} is not a valid task name (blank, or a control character in it)`);
  }
  const checked = checkManifest({ task: [{ ...request.spec, depends_on: [] }] }, { rolesAtRun: true });
  if (!checked.ok) throw new InputError(`submitted task "${id}" is not a valid task: ${checked.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')}`);
  // What the schema was not shown: its dependencies (checked against the ledger, not a manifest;
  // none may be null, as a script's JSON writes it), and its prompt, which the ledger keeps as text
  // (`submit` reads a prompt file; a request carries it).
  const deps: unknown = request.spec.depends_on ?? [];
  if (!Array.isArray(deps) || !deps.every((d): d is string => typeof d === 'string')) {
    throw new InputError(`submitted task "${id}": depends_on must be a list of task names`);
  }
  const prompt = request.spec.prompt;
  if (typeof prompt !== 'string') throw new InputError(`submitted task "${id}" carries no prompt text (a request holds the prompt itself, not a prompt_file)`);
  const existing = ledger.task(id);
  if (existing) throw new InputError(`task "${id}" already exists (state ${existing.state})`);
  const { names, unknown } = dependencyNames(deps, (name) => ledger.task(name) !== undefined);
  if (unknown.length > 0) throw new InputError(`--depends-on names unknown task(s): ${unknown.join(', ')}`);
  // A name listed twice is one dependency, as in a manifest.
  return newTask({ ...checked.manifest.task[0]!, depends_on: [...new Set(names)] }, prompt);
}

/**
 * The tasks a submit's `--depends-on` values name. A value is one name as written: a name may hold a
 * comma ("lint, then test"). A value that is no task's name is read the older way, as a comma-separated
 * list (`--depends-on a,b`): it stays unambiguous because an exact name always wins. `unknown` holds
 * what to report: the list's missing names when some of it is known, else the value as written.
 */
function dependencyNames(values: readonly string[], known: (name: string) => boolean): { names: string[]; unknown: string[] } {
  const names: string[] = [];
  const unknown: string[] = [];
  for (const value of values) {
    if (known(value)) {
      names.push(value);
      continue;
    }
    // An empty list (`--depends-on "$DEPS"` with none) names nothing, as before.
    const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
    if (parts.every(known)) names.push(...parts);
    else if (parts.some(known)) unknown.push(...parts.filter((part) => !known(part)));
    else unknown.push(value);
  }
  return { names, unknown };
}

/** Throws InputError when the request cannot apply to the ledger as it is. Changes nothing. */
export function checkRequest(ledger: Ledger, request: ControlRequest): void {
  if (request.request === 'drain' || request.request === 'undrain') return;
  if (request.request === 'submit') {
    submittedTask(ledger, request);
    return;
  }
  const task = ledger.task(request.task_id);
  if (!task) {
    const names = ledger.tasks().map((t) => t.name);
    throw new InputError(`no task "${request.task_id}" in the ledger${names.length ? ` (tasks: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})` : ''}`);
  }
  switch (request.request) {
    case 'cancel':
      if (TERMINAL_STATES.has(task.state)) throw new InputError(`task "${task.name}" is already ${task.state}`);
      return;
    case 'approve':
    case 'retry':
      if (task.state !== 'NEEDS_HUMAN') {
        throw new InputError(`task "${task.name}" is ${task.state}: only a NEEDS_HUMAN task can be ${request.request === 'approve' ? 'approved' : 'retried'}`);
      }
      if (request.request === 'retry' && request.budget_usd !== undefined && request.budget_usd <= task.costUsd) {
        throw new InputError(`task "${task.name}" has spent ${usd(task.costUsd)} already: --budget-usd must be more than that (its new cap covers all it spends)`);
      }
      if (request.request === 'retry' && request.budget_usd === undefined) {
        // Another try under the same spent cap would go straight back to NEEDS_HUMAN (budget).
        const cap = taskCap(task, task.spec);
        if (cap !== null && task.costUsd >= cap) {
          throw new InputError(`task "${task.name}" has spent its budget (${usd(task.costUsd)} of ${usd(cap)}): retry it with --budget-usd more than ${task.costUsd}`);
        }
      }
      return;
    default: {
      const never: never = request;
      throw new Error(`unhandled request ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The quota breaker stays open while a task it stopped waits for a person. Once none does (each
 * retried, approved or cancelled), dispatch goes on: otherwise no command could ever reopen it, as
 * only a NEEDS_HUMAN task can be retried. A quota still spent opens it again at the next failure.
 */
function settleBreaker(ledger: Ledger): void {
  if ((ledger.control('breaker') ?? '') === '') return;
  if (ledger.tasks().some((t) => t.state === 'NEEDS_HUMAN' && t.stateCause === 'quota')) return;
  ledger.setControl('breaker', '');
}

/** Apply a checked request in one transaction, with its control.request event. */
export function applyRequest(ledger: Ledger, request: ControlRequest): void {
  checkRequest(ledger, request);
  ledger.tx(() => {
    const taskId = 'task_id' in request ? request.task_id : undefined;
    ledger.emit('control.request', { request: request.request, ...(taskId ? { task_id: taskId } : {}), by: request.by });
    switch (request.request) {
      case 'cancel': {
        ledger.transition(request.task_id, 'CANCELLED', 'cancelled');
        const tasks = ledger.tasks();
        const nodes = tasks.map((t) => ({ name: t.name, dependsOn: t.spec.depends_on }));
        for (const name of downstream(nodes, request.task_id)) {
          if (ledger.task(name)?.state === 'PENDING') ledger.transition(name, 'CANCELLED', 'dependency-cancelled');
        }
        settleBreaker(ledger);
        return;
      }
      case 'approve':
        ledger.transition(request.task_id, 'DONE', 'approved');
        settleBreaker(ledger);
        return;
      case 'retry':
        ledger.grantRetry(request.task_id, request.budget_usd);
        // A person retrying after a quota failure says the quota is back: dispatch again.
        if ((ledger.control('breaker') ?? '') !== '') ledger.setControl('breaker', '');
        return;
      case 'drain':
        ledger.setControl('drain', '1');
        return;
      case 'undrain':
        ledger.setControl('drain', '0');
        return;
      case 'submit':
        ledger.addTasks([submittedTask(ledger, request)]);
        return;
      default: {
        const never: never = request;
        throw new Error(`unhandled request ${JSON.stringify(never)}`);
      }
    }
  });
}

/** `stopped`: a cancelled task's agent, left running by a supervisor that died, sent SIGTERM. */
export type Delivery = { mode: 'applied'; stopped?: number } | { mode: 'queued'; path: string; pid: number | null };

/** How long a command waits for another command (which holds the ledger for milliseconds) to finish. */
const COMMAND_WAIT_MS = 5_000;

/**
 * Apply the request now if no supervisor holds the ledger; otherwise check it against the last
 * persisted state and leave it in the inbox for the supervisor. Another command holding the ledger
 * (a parallel `submit` in a script) is waited for, up to `waitMs`; past that it is an error naming
 * its pid (exit 3): nothing would ever apply a queued request.
 */
export async function deliver(
  stateDir: string,
  request: ControlRequest,
  options: { create?: boolean; warn?: (m: string) => void; waitMs?: number } = {},
): Promise<Delivery> {
  let ledger: Ledger;
  try {
    ledger = await openBetweenCommands(stateDir, options);
  } catch (err) {
    if (!(err instanceof LedgerBusyError) || err.holder?.role === 'command') throw err;
    const snapshot = await Ledger.open({ stateDir, mode: 'read', warn: options.warn });
    try {
      checkRequest(snapshot, request);
    } finally {
      snapshot.close();
    }
    const path = enqueue(snapshot.paths.inbox, request, new Date());
    return confirmQueued(stateDir, { request, path, pid: err.holder?.pid ?? null }, options);
  }
  return applyNow(ledger, request);
}

/** Apply under the lock; `queued`: the inbox file this command wrote, taken here instead. */
function applyNow(ledger: Ledger, request: ControlRequest, queued?: string): Delivery {
  try {
    applyRequest(ledger, request);
    ledger.commit();
    const stopped = request.request === 'cancel' ? stopLeftRunning(ledger, request.task_id) : undefined;
    return stopped === undefined ? { mode: 'applied' } : { mode: 'applied', stopped };
  } finally {
    // Answered here, applied or refused: no later run takes it again. Removed only after the
    // commit, as the supervisor removes what it takes: killed in between, a run finds it again
    // (and refuses it, the task no longer being in the state it asked about).
    if (queued) remove(queued);
    ledger.close();
  }
}

/**
 * A supervisor reads the inbox a last time just before it lets the ledger go, and says so in its
 * lock first (`stopTakingRequests`). A request queued after that look would wait for a run that
 * may never come, so once it is in the inbox the lock is looked at again: a supervisor that still
 * takes requests will take this one; otherwise (ending, or killed) the lock is waited for and the
 * request applied here, unless that supervisor took it meanwhile.
 */
async function confirmQueued(
  stateDir: string,
  queued: { request: ControlRequest; path: string; pid: number | null },
  options: { warn?: (m: string) => void; waitMs?: number },
): Promise<Delivery> {
  const { request, path, pid } = queued;
  let ledger: Ledger;
  try {
    ledger = await openBetweenCommands(stateDir, options);
  } catch (err) {
    if (err instanceof LedgerBusyError && err.holder?.role === 'supervisor') return { mode: 'queued', path, pid: err.holder.pid };
    // Taken by the ending supervisor's last look, which then held the ledger past the wait.
    if (!existsSync(path)) return { mode: 'queued', path, pid };
    // Not queued after all: no supervisor would take it.
    remove(path);
    throw err;
  }
  if (!existsSync(path)) {
    ledger.close();
    return { mode: 'queued', path, pid };
  }
  return applyNow(ledger, request, path);
}

/**
 * No supervisor holds the ledger, so none will stop a cancelled task's agent that a dead one left
 * running: it is sent SIGTERM here (its group, if it is still that process). Its attempt stays
 * open; the next run makes sure it has ended (SIGKILL after the grace) and ends it.
 */
function stopLeftRunning(ledger: Ledger, task: string): number | undefined {
  const a = ledger.attempts(task).at(-1);
  if (!a || a.endedAt !== null || a.pid === null || !isSameProcess(a.pid, a.pidStart)) return undefined;
  killGroup(a.pid, 'SIGTERM');
  return a.pid;
}

/** Open for writing; while another command holds the lock (or is writing it), try again a little later. */
async function openBetweenCommands(stateDir: string, options: { create?: boolean; warn?: (m: string) => void; waitMs?: number }): Promise<Ledger> {
  const until = Date.now() + (options.waitMs ?? COMMAND_WAIT_MS);
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await Ledger.open({ stateDir, mode: 'write', create: options.create, warn: options.warn });
    } catch (err) {
      const briefly = err instanceof LedgerBusyError && (err.holder === null || err.holder.role === 'command');
      if (!briefly || Date.now() + pause > until) throw err;
      // Jittered, so commands started together do not keep colliding.
      await new Promise((r) => setTimeout(r, pause * (0.5 + Math.random())));
    }
  }
}
