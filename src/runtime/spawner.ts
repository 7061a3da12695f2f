// The spawn helper (dist/spawner.js): a small Node process that starts agents and verifiers for the
// supervisor, so the fork happens here, where it is cheap, and not in the supervisor (see spawn.ts).
//
// Protocol over the IPC channel (JSON). In: {op: 'spawn', id, command, args, cwd, env, stdin?}.
// Out: {op: 'spawned', id, pid} | {op: 'error', id, code, message} | {op: 'data', id, fd, text} |
// {op: 'exit', id, code, signal}, in that order per child. The supervisor signals children itself.

import { launchDirect, type LaunchSpec, type SpawnError } from './spawn.js';

const send = (message: unknown) => process.send?.(message);

process.on('message', (m: LaunchSpec & { op: string; id: number }) => {
  if (m.op !== 'spawn') return;
  launchDirect(m, {
    onData: (fd, text) => send({ op: 'data', id: m.id, fd, text }),
    onExit: (code, signal) => send({ op: 'exit', id: m.id, code, signal }),
  }).then(
    (pid) => send({ op: 'spawned', id: m.id, pid }),
    (err: SpawnError) => send({ op: 'error', id: m.id, code: err.code, message: err.message }),
  );
});

// The supervisor went away: nothing more to start. Running children keep their own groups and are
// found (by pid and start time) and stopped by the next supervisor.
process.on('disconnect', () => process.exit(0));
