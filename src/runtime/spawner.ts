// The spawn helper (dist/spawner.js): a small Node process that starts agents and verifiers for the
// supervisor, so the fork happens here, where it is cheap, and not in the supervisor (see spawn.ts).
//
// Protocol over the IPC channel (JSON). In: {op: 'spawn', id, command, args, cwd, env, stdin?, tag}
// and {op: 'ping', id: 0}. Out: {op: 'ready', id: 0} once at start-up, then {op: 'spawned', id, pid} |
// {op: 'error', id, code, message} | {op: 'data', id, fd, text} | {op: 'exit', id, code, signal},
// in that order per child, and {op: 'pong', id: 0} for each ping. The supervisor signals children itself.

import { launchDirect, type LaunchSpec, type SpawnError } from './spawn.js';
import { sweepNow } from './tags.js';

/**
 * The supervisor may be gone (a short run can end while this helper is still booting): a message
 * to a closed channel is dropped, never an unhandled error with a stack trace on the shared stderr.
 */
function send(message: unknown, sent: () => void = () => {}): void {
  if (!process.connected) return sent();
  process.send?.(message, undefined, undefined, () => sent());
}

// Output is sent as fast as children print it, but the supervisor takes it at its own pace: past
// HIGH_WATER characters sent and not yet written to the channel, children's pipes are paused (so
// a flood waits in its own pipe, not in this process's memory), and resume below half of it.
const HIGH_WATER = 4 * 1024 * 1024;
let queued = 0;
let waiting: Array<() => void> = [];

function sendData(id: number, fd: 1 | 2, text: string): Promise<void> | undefined {
  queued += text.length;
  send({ op: 'data', id, fd, text }, () => {
    queued -= text.length;
    if (queued <= HIGH_WATER / 2 && waiting.length > 0) {
      const ready = waiting;
      waiting = [];
      for (const resume of ready) resume();
    }
  });
  return queued > HIGH_WATER ? new Promise((resume) => waiting.push(resume)) : undefined;
}

process.on('message', (m: LaunchSpec & { op: string; id: number }) => {
  // The supervisor asks now and then whether this process still answers (see spawn.ts).
  if (m.op === 'ping') return send({ op: 'pong', id: 0 });
  if (m.op !== 'spawn') return;
  launchDirect(m, {
    onData: (fd, text) => sendData(m.id, fd, text),
    onExit: (code, signal) => send({ op: 'exit', id: m.id, code, signal }),
  }).then(
    (pid) => send({ op: 'spawned', id: m.id, pid }),
    (err: SpawnError) => send({ op: 'error', id: m.id, code: err.code, message: err.message }),
  );
});

send({ op: 'ready', id: 0 });

// A terminal's Ctrl-C (or a SIGTERM to the group) reaches this process too. The supervisor stops
// the agents itself, with its grace, and records them as interrupted; dying here first would kill
// them at once and report them as failed. This helper ends when the supervisor does (below).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});

// The supervisor went away: nothing more to start. Running children keep their own groups and are
// found (by pid and start time) and stopped by the next supervisor.
process.on('disconnect', () => {
  sweepNow();
  process.exit(0);
});
