// The spawn helper, as the supervisor sees it. `launch` hands each fork to dist/spawner.js, a small
// Node process: a fork from the supervisor copies its page tables, so it costs more as the
// supervisor's memory grows (3-7 ms each with sql.js and a large ledger, on the thread that
// schedules); from the helper it costs about 1 ms and happens on another core. Without the helper
// (tests importing src/, OVERSEER_SPAWNER=0, a helper that could not start), the fork is direct
// (spawn.ts); a run starts its helper first (startSpawnHelper) and its launches wait for it to boot.
// Same contract either way.

import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { besideBundle } from '../dist-path.js';
import { msFromEnv } from './env.js';
import { launchDirect, spawnError, SpawnError, type ChildEvents, type LaunchSpec } from './spawn.js';
import { killTagged, newTag } from './tags.js';

type HelperMessage =
  | { op: 'ready'; id: 0 }
  | { op: 'spawned'; id: number; pid: number }
  | { op: 'error'; id: number; code: string; message: string }
  | { op: 'data'; id: number; fd: 1 | 2; text: string }
  | { op: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { op: 'pong'; id: 0 };

interface Pending {
  spec: LaunchSpec & { tag: string };
  events: ChildEvents;
  /** The helper it was handed to. */
  via: ChildProcess;
  /** Not sent yet: `via` is still booting; sent once it says it is ready. */
  unsent?: object;
  started?: { resolve(pid: number): void; reject(err: Error): void };
  pid?: number;
}

/** A launch that failed only because its spawn helper died or was replaced: the machine's failure, not the program's. */
export const lostWithHelper = (err: unknown): boolean => err instanceof SpawnError && err.code === 'EHELPER';

let helper: ChildProcess | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

/**
 * A healthy helper answers within milliseconds: a launch with whether it started the child, a ping
 * (sent while it has children) with a pong. One that has said nothing for this long after being
 * asked is stuck (stopped, or blocked in an exec on a hung file system): the launches and exit
 * reports behind it would wait for ever, and the supervisor's loop with them. It is killed with
 * every child it started; their attempts are retried (see the exit handler in startHelper).
 */
const HELPER_TIMEOUT_MS = msFromEnv(process.env, 'OVERSEER_HELPER_TIMEOUT_MS') ?? 30_000;
const PING_EVERY_MS = Math.min(5_000, HELPER_TIMEOUT_MS / 4);

/** Since when (a monotonic clock) each helper has been asked something it has not answered (any message answers). */
const unanswered = new WeakMap<ChildProcess, number>();
const asked = (child: ChildProcess) => {
  if (!unanswered.has(child)) unanswered.set(child, performance.now());
};

/**
 * When a launch forks here rather than through the helper:
 * - `while-booting` (a helper started by the first launch): until the helper says it is ready.
 * - `never`: the helper was started ahead (startSpawnHelper), so it has almost always booted by the
 *   first launch and its "ready" only waits behind the supervisor's own start-up work; or a helper
 *   was replaced as stuck, and what stuck it (an exec on a hung file system) would stick us.
 * - `always`: a helper exited before it was ready, on its own (a broken install, a crash at load).
 *   Another would fail the same way, and every launch with it.
 */
let forkHere: 'while-booting' | 'never' | 'always' = 'while-booting';

function helperPath(): string | null {
  if (process.env.OVERSEER_SPAWNER === '0') return null;
  // In a bundle (dist/cli.js, dist/action.js) the helper sits beside it; src/ run by vitest forks directly.
  return besideBundle('spawner.js');
}

/**
 * The helper's own environment: what Node needs, nothing else. Each launch brings its child's
 * environment; the helper, the parent of every agent, must not hold the supervisor's credentials
 * where an agent could read them (`/proc/$PPID/environ`).
 */
function helperEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL'];
  return Object.fromEntries(keep.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
}

function startHelper(path: string): ChildProcess {
  const child = fork(path, [], { execArgv: [], env: helperEnv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' });
  child.on('message', (m: HelperMessage) => {
    unanswered.delete(child);
    if (m.op === 'pong') return;
    if (m.op === 'ready') {
      booted.add(child);
      for (const p of pending.values()) {
        if (p.via !== child || !p.unsent) continue;
        asked(child);
        child.send(p.unsent);
        p.unsent = undefined;
      }
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    switch (m.op) {
      case 'spawned':
        p.pid = m.pid;
        p.started?.resolve(m.pid);
        p.started = undefined;
        return;
      case 'error':
        pending.delete(m.id);
        p.started?.reject(spawnError(p.spec.command, m.code, m.message));
        settle();
        return;
      case 'data':
        p.events.onData(m.fd, m.text);
        return;
      case 'exit':
        pending.delete(m.id);
        p.events.onExit(m.code, m.signal);
        settle();
        return;
    }
  });
  // A message sent while it is going away fails here, not as an unhandled error; its exit follows.
  // A helper that could not be forked at all (EAGAIN: the user's process limit; ENOMEM) has no pid
  // and never exits: it is gone now, or its launches would wait for ever.
  child.on('error', (err: NodeJS.ErrnoException) => {
    if (child.pid === undefined) gone(null, null, err.code ?? err.message);
  });
  // Asked to answer while it has children: a helper that stops answering is replaced.
  const watch = setInterval(() => {
    if (![...pending.values()].some((p) => p.via === child)) return;
    const since = unanswered.get(child);
    if (since !== undefined && performance.now() - since >= HELPER_TIMEOUT_MS) return replaceStuck(child);
    if (since === undefined && child.connected) {
      asked(child);
      child.send({ op: 'ping', id: 0 });
    }
  }, PING_EVERY_MS);
  watch.unref();
  // The helper died (or was killed as stuck): its children lost their pipes. Stop them and report
  // each as lost, so the supervisor retries their attempts; a launch it had not reported started
  // fails (its child, if it had one, was just killed). The next launch starts a new helper. Their
  // tags were made here, so they are found even when the helper died before saying a child started.
  let ended = false;
  const gone = (code: number | null, signal: NodeJS.Signals | null, failed?: string) => {
    if (ended) return;
    ended = true;
    clearInterval(watch);
    if (helper === child) helper = null;
    // It could not even start: the run goes on without a helper, and says so once.
    const broken = !booted.has(child) && !stuck.has(child);
    if (broken && forkHere !== 'always') {
      forkHere = 'always';
      const why = failed ? `could not be started (${failed})` : `exited before it was ready (${signal ?? `code ${code}`})`;
      process.stderr.write(`overseer: the spawn helper (${path}) ${why}; agents and verifiers are forked by the supervisor for the rest of this run\n`);
    }
    const lost = [...pending].filter(([, p]) => p.via === child);
    killTagged(lost.map(([, p]) => p.spec.tag));
    for (const [id, p] of lost) {
      pending.delete(id);
      if (p.pid) {
        try {
          process.kill(-p.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        p.events.onExit(null, 'SIGKILL', true);
      } else if (broken && p.started) {
        // Never sent (it never booted): started here instead.
        launchDirect(p.spec, p.events).then(p.started.resolve, p.started.reject);
      } else {
        const why = stuck.has(child) ? 'stopped answering' : 'exited';
        p.started?.reject(new SpawnError(`cannot start ${p.spec.command}: the spawn helper ${why}`, 'EHELPER'));
      }
    }
  };
  child.once('exit', (code, signal) => gone(code, signal));
  // Idle until it has children: it must not keep this process alive.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  return child;
}

/** Helpers killed for not answering (once each). */
const stuck = new WeakSet<ChildProcess>();
/** Helpers that said they were ready. */
const booted = new WeakSet<ChildProcess>();

function replaceStuck(child: ChildProcess): void {
  if (stuck.has(child)) return;
  stuck.add(child);
  forkHere = 'never';
  if (helper === child) helper = null;
  process.stderr.write(`overseer: the spawn helper (pid ${child.pid}) has not answered for ${HELPER_TIMEOUT_MS} ms; replacing it (the agents it started are stopped and retried)\n`);
  // Every child it forked, reported or not: one caught between fork and exec (a hung file system)
  // does not carry its tag yet, and would otherwise run on beside its attempt's retry.
  for (const pid of childrenOf(child.pid!)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  child.kill('SIGKILL');
}

/** A process's children (Linux /proc); elsewhere none. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Keep this process alive only while a child runs. */
function settle(): void {
  if (!helper) return;
  if (pending.size > 0) {
    helper.ref();
    (helper.channel as { ref?: () => void } | undefined)?.ref?.();
  } else {
    helper.unref();
    (helper.channel as { unref?: () => void } | undefined)?.unref?.();
  }
}

/**
 * Start the spawn helper now, not at the first launch: a run's entry point calls this before it loads
 * sql.js, while this process is small and its fork cheap. The helper boots (about 60 ms of Node
 * start-up) on the other core while the supervisor loads its modules, the manifest and the ledger,
 * and then forks every agent, the first ones included. Those had been forked here while the helper
 * booted: at 5-8 ms each on the thread that schedules, and exposed to a hung file system.
 */
export function startSpawnHelper(): void {
  const path = helperPath();
  if (!path) return;
  helper ??= startHelper(path);
  forkHere = 'never';
}

/** Start a child, through the helper when there is one. Same contract as launchDirect. */
export function launch(spec: LaunchSpec, events: ChildEvents): Promise<number> {
  const path = helperPath();
  if (!path || forkHere === 'always') return launchDirect(spec, events);
  // Without startSpawnHelper, the helper starts with the first launch, and launches fork here until
  // it has booted.
  helper ??= startHelper(path);
  const ready = booted.has(helper);
  if (forkHere === 'while-booting' && (!ready || !helper.connected)) return launchDirect(spec, events);
  const id = nextId++;
  const tagged = { ...spec, tag: spec.tag ?? newTag(spec.env) };
  const via = helper;
  const message = { op: 'spawn', id, command: tagged.command, args: tagged.args, cwd: tagged.cwd, env: tagged.env, stdin: tagged.stdin, tag: tagged.tag };
  return new Promise((resolve, reject) => {
    pending.set(id, { spec: tagged, events, via, started: { resolve, reject }, ...(!ready && { unsent: message }) });
    settle();
    asked(via);
    if (ready) via.send(message);
  });
}
