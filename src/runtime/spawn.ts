// Starting a child process from this process. The child leads its own process group, and `onExit`
// comes after its output has drained (or 200 ms after the exit, if a grandchild holds the pipes).
// When the child exits, every process that still carries its tag (tags.ts) is killed: a grandchild
// that left the group with setsid, a daemon, does not outlive its attempt either (unless it cleared
// its environment or wrote its process title over it: only a cgroup would hold such a process). The supervisor
// launches through the spawn helper (helper.ts), which forks with launchDirect in its own process.

import { spawn } from 'node:child_process';
import { newTag, sweepLater, TAG_VARIABLE } from './tags.js';

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin?: string;
  /** The child's tag, when the caller made it (see newTag); otherwise made here. */
  readonly tag?: string;
}

export interface ChildEvents {
  /** Output as it comes. A returned promise pauses reading until it settles (backpressure), until the child exits. */
  onData(fd: 1 | 2, text: string): void | Promise<void>;
  /** `lost`: killed with a spawn helper that died or stopped answering, not for anything it did. */
  onExit(code: number | null, signal: NodeJS.Signals | null, lost?: boolean): void;
}

export class SpawnError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

export const spawnError = (command: string, code: string, message: string) =>
  new SpawnError(`cannot start ${command}: ${code === 'ENOENT' ? 'not found (is it installed and on PATH?)' : message}`, code);

/** Fork here. Resolves with the pid once the program runs; rejects with SpawnError if it cannot. */
export function launchDirect(spec: LaunchSpec, events: ChildEvents): Promise<number> {
  return new Promise((resolve, reject) => {
    const tag = spec.tag ?? newTag(spec.env);
    const env = { ...spec.env, [TAG_VARIABLE]: tag };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      // Some failures come synchronously (E2BIG: the prompt in argv or the environment is too long).
      const { code, message } = err as NodeJS.ErrnoException;
      return reject(spawnError(spec.command, code ?? 'UNKNOWN', message));
    }
    child.once('error', (err: NodeJS.ErrnoException) => reject(spawnError(spec.command, err.code ?? 'UNKNOWN', err.message)));
    let exited = false;
    for (const [fd, stream] of [
      [1, child.stdout!],
      [2, child.stderr!],
    ] as const) {
      stream.setEncoding('utf8').on('data', (text: string) => {
        const wait = events.onData(fd, text);
        if (wait && !exited) {
          stream.pause();
          void wait.then(() => stream.resume());
        }
      });
    }
    child.once('spawn', () => {
      // An agent that exits without reading its stdin must not crash us with EPIPE.
      child.stdin!.on('error', () => {});
      child.stdin!.end(spec.stdin ?? '');
      resolve(child.pid!);
    });
    child.once('exit', (code, signal) => {
      exited = true;
      // What is left in the pipes is read at once: no more pausing once the child is gone.
      child.stdout!.resume();
      child.stderr!.resume();
      const done = () => {
        events.onExit(code, signal);
        // Descendants that left the group (the caller kills the group itself in onExit), after the
        // exit is reported: the scan does not delay the verifiers or the next task.
        sweepLater(tag);
      };
      const open = [child.stdout!, child.stderr!].filter((s) => !s.readableEnded);
      let left = open.length;
      if (left === 0) return done();
      const timer = setTimeout(done, 200);
      for (const s of open) {
        s.once('end', () => {
          if (--left === 0) {
            clearTimeout(timer);
            done();
          }
        });
      }
    });
  });
}
