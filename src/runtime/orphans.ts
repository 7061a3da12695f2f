// Processes left running by a supervisor that died: each is stopped the way a stop always goes
// (SIGTERM to its group, SIGKILL after the grace), together with what it started outside its group
// (found by its tag), and reported gone only once it is: until then its task must not resume
// beside it (same cwd, same session).

import { isSameProcess } from './identity.js';
import { killGroup } from './process.js';
import { killTagged, tagOf } from './tags.js';

/** How often a stopped orphan is looked for. */
const WATCH_MS = 100;

export class Orphans {
  /** Each orphan being stopped, by attempt: its SIGKILL, paid at the latest when the run ends. */
  private readonly stopping = new Map<number, () => void>();

  constructor(private readonly killGraceMs: number) {}

  has(attemptId: number): boolean {
    return this.stopping.has(attemptId);
  }

  /** Stop `pid` (known by its start time, so a reused pid is never hit); `gone` runs once it is. */
  stop(attemptId: number, pid: number, pidStart: string | null, gone: () => void): void {
    const tag = tagOf(pid);
    killGroup(pid, 'SIGTERM');
    const since = Date.now();
    const kill = () => {
      killGroup(pid, 'SIGKILL');
      if (tag) killTagged([tag]);
    };
    const watch = setInterval(() => {
      if (Date.now() - since >= this.killGraceMs) kill();
      if (isSameProcess(pid, pidStart)) return;
      clearInterval(watch);
      this.stopping.delete(attemptId);
      if (tag) killTagged([tag]);
      gone();
    }, WATCH_MS);
    this.stopping.set(attemptId, () => {
      clearInterval(watch);
      this.stopping.delete(attemptId);
      kill();
    });
  }

  /** SIGKILL every orphan still being stopped: the run is ending. */
  killAll(): void {
    for (const kill of [...this.stopping.values()]) kill();
  }
}
