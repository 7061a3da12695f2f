// The supervisor: the actuator around the pure reconciler. It syncs the manifest into the ledger,
// then loops: ingest control requests, snapshot, tick, apply the actions, persist. It wakes on
// events only (a child exits, a verifier ends, a deadline, a request): no polling interval. What it
// does to an attempt's agent is in attempts.ts, to its verifiers in verification.ts.

import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import { EXIT, UserError } from '../core/errors.js';
import { blocker } from '../core/graph.js';
import { brainKeyEnv } from '../core/manifest.js';
import { ACTIVE_STATES, ENDED_STATES, MAX_TIMER_MS, TASK_STATES, type AgentName, type TaskState } from '../core/model.js';
import { DEFAULT_POLICY, tick, type Action, type Policy } from '../core/reconcile.js';
import type { Redactor } from '../core/redact.js';
import { ensureDir } from '../ledger/file.js';
import { Ledger } from '../ledger/ledger.js';
import { ledgerPaths } from '../ledger/paths.js';
import { sha256 } from '../ledger/spec.js';
import { ManifestError, type LoadedManifest } from '../manifest/load.js';
import { preflight } from './preflight.js';
import { applyRequest } from './control.js';
import { childEnv, msFromEnv } from './env.js';
import { readInbox, remove } from './inbox.js';
import { TAG_VARIABLE } from './tags.js';
import { Attempts } from './attempts.js';
import { startPusher } from './pusher.js';
import { buildSnapshot, SnapshotCache } from './snapshot.js';
import { Verifications } from './verification.js';
import { durationWeights, ledgerMark, stopUnrecorded, syncManifest, warnUncapped, warnUnpriced } from './startup.js';
import { VERSION } from '../version.js';

export interface RunSettings {
  readonly loaded: LoadedManifest;
  readonly stateDir: string;
  readonly maxConcurrent?: number;
  readonly budgetUsd?: number;
  readonly agent?: AgentName;
  readonly redact: Redactor;
  readonly env: NodeJS.ProcessEnv;
  /** Event lines as they are written to events.ndjson, once their commit is durable. */
  readonly onEvents?: (lines: readonly string[]) => void;
  readonly warn: (message: string) => void;
  /**
   * Overrides of the manifest's metric name prefix and Pushgateway (`--metrics-prefix`,
   * `--pushgateway-url`); a gateway is pushed to every 15 s and at the end.
   */
  readonly metrics?: { readonly prefix?: string; readonly pushUrl?: string };
  /** Facts recorded in the ledger's meta when the run starts (the action: the workflow run it belongs to). */
  readonly meta?: Readonly<Record<string, string>>;
  /**
   * Take control requests from .overseer/inbox/ (default). The action does not: on a runner only the
   * agents could write there, and an agent must not approve its own task.
   */
  readonly inbox?: boolean;
  /** Stop as on Ctrl-C when this aborts (the CLI: the reader of its output has gone). */
  readonly stop?: AbortSignal;
}

/**
 * Tuning knobs, read from the run's environment by the CLI and the action alike (docs/cli.md); the
 * tests shorten them: SIGTERM-to-SIGKILL grace (10 s), first backoff after a service failure (2 s,
 * doubling), how long a manifest minute lasts (60 s: every `*_min` timeout scales with it), and
 * how often metrics are pushed (15 s).
 */
function knobs(env: NodeJS.ProcessEnv) {
  return {
    killGraceMs: msFromEnv(env, 'OVERSEER_KILL_GRACE_MS') ?? 10_000,
    backoffBaseMs: msFromEnv(env, 'OVERSEER_BACKOFF_BASE_MS') ?? DEFAULT_POLICY.backoff.baseMs,
    minuteMs: msFromEnv(env, 'OVERSEER_MINUTE_MS') ?? 60_000,
    pushEveryMs: msFromEnv(env, 'OVERSEER_PUSH_EVERY_MS') ?? 15_000,
  };
}

export interface RunOutcome {
  readonly exitCode: number;
  readonly counts: Record<TaskState, number>;
  readonly costUsd: number;
  readonly durationMs: number;
  /** PENDING tasks that wait on a task that will not finish on its own. */
  readonly blocked: ReadonlyArray<{ task: string; by: string }>;
  /** Persists of the ledger in this run: count, total and worst milliseconds, last size. */
  readonly persist: { commits: number; totalMs: number; maxMs: number; bytes: number };
}

/** Actions that only write the ledger, synchronously. */
const BOOKKEEPING = new Set<Action['type']>(['transition', 'escalate', 'open-breaker', 'schedule']);

/**
 * The checks a run makes before it starts (preflight.ts): a problem is a ManifestError (exit 2).
 * A resumed run does not check the tasks its ledger has already ended.
 */
function checkBeforeStart(settings: RunSettings, ledger?: Ledger): void {
  const ended = new Set(ledger?.tasks().flatMap((t) => (ENDED_STATES.has(t.state) ? [t.name] : [])));
  const problems = preflight(settings.loaded, { env: settings.env, budgetUsd: settings.budgetUsd ?? settings.loaded.manifest.fleet.budget_usd, ended });
  if (problems.length > 0) throw new ManifestError(problems);
}

export async function runFleet(settings: RunSettings): Promise<RunOutcome> {
  const started = Date.now();
  const { manifest, dir: manifestDir } = settings.loaded;
  // Checked before a new ledger is made (a refused run leaves no state behind), or in the one that
  // is there once it is open (read once, not a second time for the check).
  const resumed = existsSync(ledgerPaths(settings.stateDir).db);
  if (!resumed) checkBeforeStart(settings);
  const ledger = await Ledger.open({ stateDir: settings.stateDir, mode: 'write', create: true, role: 'supervisor', warn: settings.warn });
  if (resumed) {
    try {
      checkBeforeStart(settings, ledger);
    } catch (err) {
      ledger.close();
      throw err;
    }
  }
  if (settings.onEvents) ledger.onEvents(settings.onEvents);
  /** Parsed specs and views of tasks no write touched: a tick must not rebuild every task. */
  const snapshots = new SnapshotCache();
  /**
   * Ours without GitHub's credentials, worked out once: what every agent and verifier starts from. Each
   * process is marked as this ledger's, so the next supervisor finds it even if it was never recorded.
   */
  const mark = ledgerMark(ledger);
  const owner = [settings.env[TAG_VARIABLE], mark].filter(Boolean).join('/');
  const agentEnv = { ...childEnv(settings.env, [brainKeyEnv(manifest)]), [TAG_VARIABLE]: owner };
  const { killGraceMs, minuteMs, backoffBaseMs, pushEveryMs } = knobs(settings.env);
  /**
   * What the run's cap leaves for the next agent or judge, from the ledger as it is now: a chain of
   * reviewers runs without a tick between them, so the last snapshot's spend would be stale.
   */
  const runLeft = () => (policy.budgetUsd === null ? undefined : Math.max(0, policy.budgetUsd - ledger.spentUsd()));
  /** The agents of the tasks it works on (`attempts.live`), and the processes a dead supervisor left. */
  const attempts = new Attempts({ ledger, manifest, manifestDir, settings, agentEnv, killGraceMs, runLeft, poke: () => poke() });
  /** Verifications in flight: settled before the ledger closes (a cancel or Ctrl-C aborts them). */
  const verifications = new Verifications({ ledger, manifest, manifestDir, settings, agentEnv, minuteMs, killGraceMs, runLeft, poke: () => poke() });
  const policy: Policy = {
    ...DEFAULT_POLICY,
    backoff: { ...DEFAULT_POLICY.backoff, baseMs: backoffBaseMs },
    maxConcurrent: settings.maxConcurrent ?? manifest.fleet.max_concurrent,
    budgetUsd: settings.budgetUsd ?? manifest.fleet.budget_usd ?? null,
    idleTimeoutMs: manifest.fleet.idle_timeout_min * minuteMs,
    resultGraceMs: manifest.fleet.result_grace_sec * 1000,
    jitter: (task, streak) => parseInt(sha256(`${task}:${streak}`).slice(0, 8), 16) / 2 ** 32,
    weight: durationWeights(ledger),
  };

  // ---- waking: every event that may change what the tick decides ---------------------------
  let wake: (() => void) | undefined;
  let woken = false;
  const poke = () => {
    woken = true;
    wake?.();
  };
  let timer: NodeJS.Timeout | undefined;
  let inboxWatcher: FSWatcher | undefined;
  /** Set while a failed watcher waits a second to be made again: one that fails at once must not make every tick start another. */
  let watchTimer: NodeJS.Timeout | undefined;
  const unwatchInbox = () => {
    inboxWatcher?.close();
    inboxWatcher = undefined;
  };
  /** No watcher for now: the loop wakes in a second to read the inbox and watch it again (a quiet fleet may not tick until then). */
  const watchLater = () => {
    clearTimeout(watchTimer);
    watchTimer = setTimeout(() => {
      watchTimer = undefined;
      poke();
    }, 1_000).unref();
  };
  const watchInbox = () => {
    if (inboxWatcher || watchTimer) return;
    try {
      // Created up front: a request may arrive before any command has made the directory.
      ensureDir(ledger.paths.inbox);
      inboxWatcher = watch(ledger.paths.inbox, (_event, name) => {
        // The inbox itself deleted or moved away: this watcher hears nothing more. The next tick
        // watches the directory there then (made again, or made by ensureDir).
        if (name === basename(ledger.paths.inbox)) unwatchInbox();
        poke();
      }).on('error', () => {
        unwatchInbox();
        watchLater();
      });
    } catch {
      // No watcher (the inotify limit, a file system without one): requests are still read on every
      // tick, and on the tick a second from now, which tries again.
      watchLater();
    }
  };
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    poke();
  };
  // A closed terminal or ssh session (SIGHUP) too: dying at once would leave the agents, in their
  // own sessions, running on with no timeout or budget watching them.
  const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  settings.stop?.addEventListener('abort', onSignal);
  if (settings.stop?.aborted) interrupted = true;
  let pusher: ReturnType<typeof startPusher>;
  /** Inbox entries this run has taken (applied, refused, or unreadable), in case one cannot be removed. */
  const taken = new Set<string>();
  /** Set when the run ends as it should (finished, or interrupted and stopped): not by an error. */
  let ended = false;

  try {
    syncManifest(ledger, settings);
    warnUncapped(ledger, policy, settings.warn);
    warnUnpriced(manifest, settings, settings.warn);
    stopUnrecorded(ledger, mark, settings.warn);
    // Metrics read the budget from the ledger (a scrape has no manifest).
    ledger.tx(() => {
      ledger.setMeta('fleet_budget_usd', policy.budgetUsd === null ? '' : String(policy.budgetUsd));
      ledger.setMeta('metrics_prefix', settings.metrics?.prefix ?? manifest.fleet.metrics_prefix);
      for (const [key, value] of Object.entries(settings.meta ?? {})) ledger.setMeta(key, value);
    });
    ledger.emit('run.started', {
      manifest: settings.loaded.file,
      manifest_sha256: sha256(settings.loaded.source),
      task_count: ledger.tasks().length,
      max_concurrent: policy.maxConcurrent,
      budget_usd: policy.budgetUsd,
      mode: 'run',
      version: VERSION,
    });
    ledger.commit();
    pusher = startPusher(ledger, settings, pushEveryMs);

    const inbox = settings.inbox !== false;
    for (;;) {
      if (inbox) {
        watchInbox();
        ingestInbox(ledger, attempts, settings.warn, taken);
      }
      if (interrupted) break;
      const now = Date.now();
      const snapshot = buildSnapshot(ledger, attempts.live, snapshots, minuteMs);
      const actions = tick(snapshot, policy, now);
      await applyAll(actions);
      ledger.commit();
      const nextAt = actions.flatMap((a) => (a.type === 'schedule' ? [a.atMs] : []))[0];
      const changed = actions.some((a) => a.type !== 'schedule');
      // Nothing left to do, unless a request came in since the inbox was read (a submit, a retry).
      if (!changed && attempts.live.size === 0 && nextAt === undefined && !(inbox && readInbox(ledger.paths.inbox).some((e) => !taken.has(e.path)))) break;
      // Level-triggered: after a change, look again at once (the new states bring their own
      // deadlines: a claim timeout while a launch hangs); wait only when the fleet is quiet.
      if (!changed && !woken) {
        await new Promise<void>((done) => {
          wake = done;
          if (nextAt !== undefined) timer = setTimeout(done, Math.min(Math.max(0, nextAt - Date.now()) + 5, MAX_TIMER_MS));
        });
      }
      wake = undefined;
      woken = false;
      if (timer) clearTimeout(timer);
      // Coalesce a burst (several children ending together) into one tick.
      await new Promise((r) => setImmediate(r));
    }

    if (interrupted) await shutdown();
    await verifications.settle();
    if (!inbox) {
      const ignored = readInbox(ledger.paths.inbox).length;
      if (ignored > 0) settings.warn(`${ignored} control request(s) in ${ledger.paths.inbox} were ignored: this run takes none (only its agents could have written them)`);
    }
    const outcome = finish();
    await pusher?.stop();
    // A request queued while the run was ending (its last push can take seconds) was told it would
    // be applied: it is, to the ledger, for the next run (nothing more starts in this one). One
    // queued after this last look would be left behind: from here on, commands wait for the lock
    // and apply their own (the lock says so before the look, so none falls in between).
    if (inbox) {
      try {
        ledger.stopTakingRequests();
      } catch (err) {
        // The lock could not be rewritten (a full disk): the last look still takes what is there.
        settings.warn(`${(err as Error).message}; a control request sent from now until this run exits waits for the next run`);
      }
      ingestInbox(ledger, attempts, settings.warn, taken);
    }
    ended = true;
    return outcome;
  } finally {
    // Left by an error (a full disk, a damaged ledger): its agents are stopped as on Ctrl-C, with
    // nothing recorded (the ledger may be what failed); the next run resumes them. Left running,
    // they would go on with no timeout or budget watching them, and the run would wait for them.
    if (!ended) await attempts.abandon(Math.min(killGraceMs, 5_000));
    attempts.close();
    await verifications.settle();
    pusher?.cancel();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    settings.stop?.removeEventListener('abort', onSignal);
    inboxWatcher?.close();
    clearTimeout(watchTimer);
    if (timer) clearTimeout(timer);
    ledger.close();
  }

  // ---- actions -------------------------------------------------------------------------------

  /**
   * Apply a tick's actions in their order (the history then reads as cause and effect: a task's
   * DONE before its dependents' READY). Bookkeeping in a row shares one transaction (a first tick
   * may release dozens of tasks); the launches of a tick run together.
   */
  async function applyAll(actions: readonly Action[]): Promise<void> {
    const launches: Promise<void>[] = [];
    for (let i = 0; i < actions.length; ) {
      let j = i;
      while (j < actions.length && BOOKKEEPING.has(actions[j]!.type)) j++;
      if (j > i) {
        const batch = actions.slice(i, j);
        ledger.tx(() => {
          for (const a of batch) if (a.type !== 'start-attempt') apply(a);
        });
        i = j;
      } else {
        const action = actions[i++]!;
        if (action.type === 'start-attempt') launches.push(attempts.start(action.task, action.kind));
        else apply(action);
      }
    }
    // Every launch settles (each records its own outcome) before a failure ends the run.
    const failed = (await Promise.allSettled(launches)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Every action but a launch: synchronous, so a throw inside a batch rolls its transaction back. */
  function apply(action: Exclude<Action, { type: 'start-attempt' }>): void {
    switch (action.type) {
      case 'transition': {
        const state = ledger.task(action.task)?.state;
        if (state === undefined) return;
        ledger.transition(action.task, action.to, action.cause);
        if (!ACTIVE_STATES.has(action.to)) attempts.forget(action.task);
        return;
      }
      case 'run-verifiers':
        verifications.start(action.task, action.attemptId, attempts.verifying(action.task, action.attemptId));
        return;
      case 'stop-attempt':
        attempts.stop(action.task, action.attemptId, action.reason);
        return;
      case 'escalate': {
        const spec = ledger.task(action.task)?.spec;
        ledger.emit('task.escalated', { task_id: action.task, reason: action.reason, addressed_to: spec?.role ?? 'human' });
        return;
      }
      case 'open-breaker':
        ledger.tx(() => {
          ledger.setControl('breaker', action.failure);
          ledger.emit('breaker.opened', { failure_class: action.failure, task_id: action.task });
        });
        return;
      case 'schedule':
        return;
      default: {
        const never: never = action;
        throw new Error(`unhandled action ${JSON.stringify(never)}`);
      }
    }
  }

  async function shutdown(): Promise<void> {
    settings.warn('interrupted: stopping running agents; the next `overseer run` resumes them');
    await attempts.interrupt(Math.min(killGraceMs, 5_000));
    ledger.commit();
  }

  function finish(): RunOutcome {
    const tasks = ledger.tasks();
    const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
    for (const t of tasks) counts[t.state]++;
    const costUsd = tasks.reduce((sum, t) => sum + t.costUsd, 0);
    const byName = new Map(tasks.map((t) => [t.name, { name: t.name, state: t.state, dependsOn: t.spec.depends_on }]));
    const blocked = tasks
      .filter((t) => t.state === 'PENDING')
      .map((t) => ({ task: t.name, by: blocker(t.name, byName) }))
      .filter((b): b is { task: string; by: string } => b.by !== undefined);
    const exitCode = interrupted ? 130 : counts.DONE === tasks.length ? EXIT.ok : EXIT.notDone;
    const durationMs = Date.now() - started;
    ledger.emit('run.finished', { counts, cost_usd: costUsd, duration_ms: durationMs, exit_code: exitCode });
    ledger.commit();
    return { exitCode, counts, costUsd, durationMs, blocked, persist: { ...ledger.persistStats } };
  }
}

/**
 * Apply queued control requests; a cancelled task that is running is stopped. A request file goes
 * only once what it did is durable: a supervisor killed in between finds it again (and one applied
 * twice is refused the second time: the task is no longer in the state it asked about).
 */
function ingestInbox(ledger: Ledger, attempts: Attempts, warn: (m: string) => void, seen: Set<string>): void {
  const taken: string[] = [];
  for (const entry of readInbox(ledger.paths.inbox)) {
    // Taken before, and still there: it could not be removed (a directory, a file it may not delete).
    if (seen.has(entry.path)) continue;
    seen.add(entry.path);
    if (!entry.request) {
      warn(`ignoring unreadable control request ${entry.path}: ${entry.problem}`);
      remove(entry.path);
      continue;
    }
    try {
      applyRequest(ledger, entry.request);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      warn(`control request ${entry.request.request} not applied: ${err.message}`);
    }
    taken.push(entry.path);
  }
  if (taken.length === 0) return;
  ledger.commit();
  for (const path of taken) remove(path);
  attempts.stopCancelled();
}
