// The one process runner: every agent and every `run` verifier starts here. Each child leads its
// own process group (so a stop reaches its grandchildren), its output is split into lines, redacted
// and written to a log, and a stop is SIGTERM to the group, then SIGKILL after a grace period.

import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureDir } from '../ledger/file.js';
import { processStartTime } from './identity.js';
import { launch } from './helper.js';
import { SpawnError, type ChildEvents } from './spawn.js';

/** A log stops growing here; the parser still sees every line. */
export const LOG_CAP_BYTES = 16 * 1024 * 1024;
/**
 * A line longer than this is cut before it is parsed or logged: stdout's, which the agent's parser
 * reads (Claude's result line carries every denied tool's input, a whole file's content), at 4 MiB;
 * stderr's, read only by people, at 1 MiB. Each line is held several times over while it is redacted
 * and logged: a flood with no newline at 16 MiB took the supervisor past 256 MiB.
 */
const STDOUT_LINE_CAP = 4 * 1024 * 1024;
const STDERR_LINE_CAP = 1024 * 1024;
const TAIL_CHARS = 8 * 1024;

export interface ProcessSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin?: string;
  /** Where stdout and stderr go, redacted; none for output kept only in memory. */
  readonly logPath?: string;
  readonly redact: (text: string) => string;
  /** Each complete stdout line, unredacted (parsers need real JSON; they never log it). */
  readonly onLine?: (line: string) => void;
  /** Each complete stderr line, redacted (verifier output). */
  readonly onStderrLine?: (line: string) => void;
  /** Any output at all (the idle watchdog). */
  readonly onOutput?: () => void;
  /** A log that cannot be written (a full disk) is given up with this warning; the process runs on. */
  readonly warn?: (message: string) => void;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Killed with the spawn helper that started it (it died, or stopped answering): not its own doing. */
  readonly lost?: boolean;
}

export interface RunningProcess {
  readonly pid: number;
  /** /proc start time, recorded with the pid so a reused pid is never mistaken for this one. */
  readonly startTime: string | null;
  readonly exited: Promise<Exit>;
  /** The last few KB of stderr and stdout, redacted: for failure messages. */
  tail(): string;
  /** The last few KB of stderr alone, redacted: what a failure is classified by (stdout is the agent's work). */
  stderrTail(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs` if anything is left. Idempotent. */
  stop(graceMs?: number): void;
}

export { SpawnError };

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/** `at`, or earlier, so that no occurrence of a secret spans the cut. */
function cutOutside(text: string, at: number, secrets: readonly string[]): number {
  let cut = at;
  for (let moved = true; moved; ) {
    moved = false;
    for (const secret of secrets) {
      const i = text.indexOf(secret, Math.max(0, cut - secret.length + 1));
      if (i !== -1 && i < cut) {
        cut = i;
        moved = true;
      }
    }
  }
  return cut > 0 ? cut : at;
}

/** Start a process in its own group. Rejects with SpawnError when it cannot start (no such program). */
export async function startProcess(spec: ProcessSpec): Promise<RunningProcess> {
  const [command, ...args] = spec.argv;
  if (!command) throw new SpawnError('empty command', 'EINVAL');
  let log: number | undefined;
  let logged = 0;
  if (spec.logPath) {
    ensureDir(dirname(spec.logPath));
    log = openSync(spec.logPath, 'a');
  }
  /** Closed once, whatever close says (a failed write before it; on NFS, a late write error): the fd is gone either way. */
  const closeLog = () => {
    const fd = log;
    log = undefined;
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // nothing more is written to it
    }
  };
  /** Output is in memory and the log, until the log fails (a full disk): then in memory only. */
  const guarded = (write: (fd: number) => void) => {
    if (log === undefined) return;
    try {
      write(log);
    } catch (err) {
      closeLog();
      spec.warn?.(`cannot write its log ${spec.logPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the rest of its output is not logged`);
    }
  };
  const writeLog = (text: string) => {
    if (logged >= LOG_CAP_BYTES) return;
    const bytes = Buffer.from(text);
    if (logged + bytes.length > LOG_CAP_BYTES) {
      guarded((fd) => {
        writeSync(fd, bytes.subarray(0, LOG_CAP_BYTES - logged));
        writeSync(fd, `\n[overseer: log cut at ${LOG_CAP_BYTES} bytes; the last of the output follows at the end]\n`);
      });
      logged = LOG_CAP_BYTES;
      return;
    }
    guarded((fd) => writeSync(fd, bytes));
    logged += bytes.length;
  };
  let tail = '';
  let stderrTail = '';
  const keepTail = (text: string) => {
    tail = (tail + text).slice(-TAIL_CHARS);
  };

  // An over-long line is cut in pieces; a cut never falls inside a secret (each half would escape
  // redaction), so a piece is cut only once the longest secret past the cap has arrived.
  const secrets = (spec.redact as { secrets?: readonly string[] }).secrets ?? [];
  const longest = Math.max(0, ...secrets.map((x) => x.length));
  const lineSplitter = (cap: number, onComplete: (line: string) => void) => {
    // What came since the last newline, in the pieces it came in: only a new piece can hold a
    // newline, and the pieces are joined once, when a line is complete (a flood with no newline
    // must not copy its whole pending megabytes on every chunk).
    let parts: string[] = [];
    let size = 0;
    const take = () => {
      const all = parts.join('');
      parts = [];
      size = 0;
      return all;
    };
    return {
      push(chunk: string) {
        let rest = chunk;
        let nl: number;
        while ((nl = rest.indexOf('\n')) !== -1) {
          parts.push(rest.slice(0, nl));
          onComplete(take());
          rest = rest.slice(nl + 1);
        }
        if (rest) {
          parts.push(rest);
          size += rest.length;
        }
        while (size > cap + longest) {
          const pending = take();
          const cut = cutOutside(pending, cap, secrets);
          onComplete(pending.slice(0, cut));
          parts = [pending.slice(cut)];
          size = parts[0]!.length;
        }
      },
      end() {
        const last = take();
        if (last) onComplete(last);
      },
    };
  };
  const out = lineSplitter(STDOUT_LINE_CAP, (line) => {
    const safe = spec.redact(line);
    writeLog(`${safe}\n`);
    keepTail(`${safe}\n`);
    spec.onLine?.(line);
  });
  const err = lineSplitter(STDERR_LINE_CAP, (line) => {
    const safe = spec.redact(line);
    writeLog(`${safe}\n`);
    keepTail(`${safe}\n`);
    stderrTail = `${stderrTail}${safe}\n`.slice(-TAIL_CHARS);
    spec.onStderrLine?.(safe);
  });
  let pid = 0;
  let killTimer: NodeJS.Timeout | undefined;
  /** When the SIGKILL is due, once a stop has begun. */
  let killAt = Infinity;
  let exitedResolve: (exit: Exit) => void = () => {};
  const exited = new Promise<Exit>((done) => (exitedResolve = done));
  const events: ChildEvents = {
    onData(fd, text) {
      spec.onOutput?.();
      (fd === 1 ? out : err).push(text);
    },
    onExit(code, signal, lost) {
      // The leader is gone; anything it left in its group goes too.
      if (pid) killGroup(pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      out.end();
      err.end();
      // A log cut at its cap ends with the end of the output: the error that ended it is usually there.
      if (logged >= LOG_CAP_BYTES) guarded((fd) => writeSync(fd, `[overseer: the last ${tail.length} characters of the output]\n${tail}`));
      closeLog();
      exitedResolve({ code, signal, lost });
    },
  };

  try {
    pid = await launch({ command, args, cwd: spec.cwd, env: spec.env, stdin: spec.stdin }, events);
  } catch (error) {
    if (log !== undefined) closeSync(log);
    throw error;
  }
  return {
    pid,
    startTime: processStartTime(pid),
    exited,
    tail: () => tail,
    stderrTail: () => stderrTail,
    stop(graceMs = 10_000) {
      // A second stop with a shorter grace (Ctrl-C while a timeout's stop waits) brings the SIGKILL
      // forward: the run must not end, and leave, before a process that ignores SIGTERM is gone.
      const at = Date.now() + graceMs;
      if (at >= killAt) return;
      if (killAt === Infinity) killGroup(pid, 'SIGTERM');
      killAt = at;
      if (killTimer) clearTimeout(killTimer);
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      killTimer.unref();
    },
  };
}

const CUT = 'cut';

/**
 * Run a short command to completion and return its stdout: `git status` for a tree fingerprint,
 * `git diff` for a judge. Through the same launcher as agents, so a large supervisor does not pay a
 * fork of its own for it. Rejects when it cannot start, exits non-zero, prints more than `maxChars`
 * (unless `cut`: then the first `maxChars` are returned, with a line saying the rest was cut) or
 * runs past `timeoutMs` (then it is killed, even if it has not reported its start yet).
 */
export async function capture(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; maxChars: number; cut?: boolean },
): Promise<string> {
  const [command, ...args] = argv;
  if (!command) throw new SpawnError('empty command', 'EINVAL');
  const chunks: string[] = [];
  let size = 0;
  let pid = 0;
  let stopped: string | undefined;
  const stop = (why: string) => {
    stopped ??= why;
    if (pid) killGroup(pid, 'SIGKILL');
  };
  const exited = new Promise<Exit>((resolve, reject) => {
    launch(
      { command, args, cwd: options.cwd, env: options.env },
      {
        onData(fd, text) {
          if (fd !== 1 || stopped) return;
          const room = options.maxChars - size;
          size += text.length;
          if (size <= options.maxChars) return void chunks.push(text);
          if (options.cut) chunks.push(text.slice(0, room));
          stop(options.cut ? CUT : `printed more than ${options.maxChars} characters`);
        },
        onExit: (code, signal) => resolve({ code, signal }),
      },
    ).then((started) => {
      pid = started;
      if (stopped) killGroup(pid, 'SIGKILL');
    }, reject);
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop(`timed out after ${options.timeoutMs} ms`);
      reject(new Error(`${command} ${stopped}`));
    }, options.timeoutMs);
  });
  // Whichever loses the race must not surface later as an unhandled rejection.
  exited.catch(() => {});
  deadline.catch(() => {});
  try {
    const exit = await Promise.race([exited, deadline]);
    if (stopped === CUT) return `${chunks.join('')}\n[cut: longer than ${options.maxChars} characters]\n`;
    if (stopped) throw new Error(`${command} ${stopped}`);
    if (exit.code !== 0) throw new Error(`${command} exited ${exit.code ?? exit.signal}`);
    return chunks.join('');
  } finally {
    clearTimeout(timer);
  }
}
