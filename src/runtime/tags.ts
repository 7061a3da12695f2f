// Process tags. Every child overseer starts carries an environment variable that each of its
// descendants inherits, so a process that left its group (a daemon started with setsid) is still
// known as ours: when a child exits, what carries its tag is killed; a supervisor that starts after
// a crash finds the processes its predecessor started (Linux /proc; elsewhere none are found).

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';


/**
 * The environment variable that marks a child and everything it starts. Its value is a path: an
 * owner the caller set in the child's environment (the supervisor's is its ledger), then this
 * child's own mark: `ledger-<run id>/<pid>.<n>.<random>`. Nested overseers extend the path.
 */
export const TAG_VARIABLE = 'OVERSEER_PROCESS_TAG';
let tags = 0;
const TAG_PREFIX = Buffer.from(`${TAG_VARIABLE}=`);

/** The tag in a process's environment block, if it has one. */
function tagIn(environ: Buffer): string | undefined {
  for (let at = environ.indexOf(TAG_PREFIX); at !== -1; at = environ.indexOf(TAG_PREFIX, at + 1)) {
    if (at > 0 && environ[at - 1] !== 0) continue;
    const end = environ.indexOf(0, at);
    return environ.toString('utf8', at + TAG_PREFIX.length, end === -1 ? environ.length : end);
  }
  return undefined;
}

/** A fresh tag for a child: below the owner its environment names, if any. */
export function newTag(env: NodeJS.ProcessEnv): string {
  const own = `${process.pid}.${++tags}.${randomBytes(6).toString('hex')}`;
  const owner = env[TAG_VARIABLE];
  return owner ? `${owner}/${own}` : own;
}

/** The tag of a live process, if it has one and we may read it. */
export function tagOf(pid: number): string | undefined {
  try {
    return tagIn(readFileSync(`/proc/${pid}/environ`));
  } catch {
    return undefined;
  }
}

/** Live processes (not this one) whose tag satisfies `match`: Linux /proc; elsewhere none. */
export function taggedProcesses(match: (tag: string) => boolean): Array<{ pid: number; tag: string }> {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: Array<{ pid: number; tag: string }> = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    try {
      const tag = tagIn(readFileSync(`/proc/${pid}/environ`));
      if (tag !== undefined && match(tag)) found.push({ pid, tag });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Whether `tag` is `mark` or below it (a process started by the one marked `mark`). */
export const under = (tag: string, mark: string): boolean => tag === mark || tag.startsWith(`${mark}/`);

/** SIGKILL every live process whose tag is one of `tags`, or below one. Returns how many. */
export function killTagged(tags: Iterable<string>): number {
  const marks = [...tags];
  if (marks.length === 0) return 0;
  let killed = 0;
  for (const { pid } of taggedProcesses((tag) => marks.some((mark) => under(tag, mark)))) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

// The scan reads every process's environment (about 1 ms with 70 processes): children that end
// close together share one scan, a little later, so it never sits between an exit and the next fork.
const SWEEP_DELAY_MS = 20;
const toSweep = new Set<string>();
let sweepTimer: NodeJS.Timeout | undefined;

/** Run the pending scan now (before this process exits). */
export function sweepNow(): void {
  if (sweepTimer) clearTimeout(sweepTimer);
  sweepTimer = undefined;
  const tags = [...toSweep];
  toSweep.clear();
  killTagged(tags);
}

export function sweepLater(tag: string): void {
  toSweep.add(tag);
  sweepTimer ??= setTimeout(sweepNow, SWEEP_DELAY_MS);
}

