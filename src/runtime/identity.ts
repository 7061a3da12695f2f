// Who a pid is. A pid alone can be reused after its process dies, so a lock or an attempt records
// the process's start time too (field 22 of /proc/<pid>/stat, in clock ticks since boot). Where
// /proc is missing (macOS), the start time is null and liveness falls back to the pid alone.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
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
  if (startTime === null) return true;
  const now = processStartTime(pid);
  return now === null || now === startTime;
}

export function thisHost(): string {
  return hostname();
}
