// Chaos: a 20-task fleet whose supervisor is killed with SIGKILL at random moments, ten times, and
// restarted each time. It must converge with every task DONE, every transition legal, the event
// stream contiguous and complete, and no attempt repeated except the ones a kill interrupted.
// The fleet and the checks are shared with the action's chaos scenario (test/helpers/chaos.ts).

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditStateDir, chaosFleet, eventProblems, inFlight, repeatedAttempts } from '../helpers/chaos.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';
import { prng } from '../helpers/prng.js';

const TASKS = 20;
const KILLS = 10;

function runOnce(dir: string, killAfterMs: number | null): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--state-dir', join(dir, '.overseer'), 'run', join(dir, 'tasks.toml')], {
      stdio: 'ignore',
      env: { ...process.env, OVERSEER_KILL_GRACE_MS: '200' },
    });
    const timer = killAfterMs === null ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('chaos', () => {
  it(`converges after ${KILLS} SIGKILLs of the supervisor`, async () => {
    const seed = Number(process.env.OVERSEER_CHAOS_SEED ?? Date.now() % 100_000);
    const random = prng(seed);
    const dir = tempDir('overseer-chaos-');
    const { toml } = chaosFleet(random, { tasks: TASKS, maxRetries: KILLS });
    writeFileSync(join(dir, 'tasks.toml'), toml);
    const cutShort: string[][] = [];
    for (let i = 0; i < KILLS; i++) {
      const code = await runOnce(dir, 150 + Math.floor(random() * 500));
      if (code !== null) break; // finished before the kill landed
      cutShort.push(await inFlight(join(dir, '.overseer')));
    }
    const kills = cutShort.length;
    const final = await runOnce(dir, null);
    expect(final, `seed ${seed}`).toBe(0);

    const audit = await auditStateDir(join(dir, '.overseer'));
    expect(audit.states, `seed ${seed}`).toEqual({ DONE: TASKS });
    // Every recorded transition is legal and follows from the one before it.
    expect(audit.illegal, `seed ${seed}`).toEqual([]);
    // The event stream is contiguous, without duplicates, one line per transition row.
    expect(eventProblems(audit), `seed ${seed}`).toEqual([]);
    // Only interrupted attempts were repeated: nothing failed, every extra attempt is a resume of
    // work a kill cut short, and a kill cuts short at most the attempts in flight.
    expect(audit.byKind.retry, `seed ${seed}`).toBe(0);
    expect(audit.attempts.length - TASKS, `seed ${seed}`).toBe(audit.byKind.resume);
    expect(audit.orphaned, `seed ${seed}`).toBeLessThanOrEqual(audit.byKind.resume);
    expect(audit.byKind.resume, `seed ${seed}: ${kills} kills`).toBeLessThanOrEqual(kills * 4);
    const repeats = repeatedAttempts(audit.attempts, cutShort, new Set());
    expect(repeats.overResumed, `seed ${seed}`).toEqual([]);
    expect(repeats.repeatedFresh, `seed ${seed}`).toEqual([]);
  }, 120_000);
});
