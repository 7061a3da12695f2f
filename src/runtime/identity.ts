// Who a pid is. A pid alone can be reused after its process dies, so a lock or an attempt records
// the process's start time too (field 22 of /proc/<pid>/stat, in clock ticks since boot). Where
// /proc is missing (macOS), the start time is null and liveness falls back to the pid alone.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Fields 3 onwards of /proc/<pid>/stat (state first), or null without /proc or the process. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is this the same process that was recorded, not a later one that reused its pid? */
export function isSameProcess(pid: number, startTime: string | null): boolean {
  if (!isAlive(pid)) return false;
  const fields = statFields(pid);
  if (fields === null) return true; // no /proc: the pid alone says
  // Exited but not yet reaped (its parent, a dead supervisor's, is gone): it runs no more.
  if (fields[0] === 'Z') return false;
  return startTime === null || fields[19] === startTime;
}

export function thisHost(): string {
  return hostname();
}
