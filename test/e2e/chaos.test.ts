// Chaos: a 20-task fleet whose supervisor is killed with SIGKILL at random moments, ten times, and
// restarted each time. It must converge with every task DONE, every transition legal, the event
// stream contiguous and complete, and no attempt repeated except the ones a kill interrupted.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREATED, type FromState } from '../../src/core/model.js';
import { isLegalCause } from '../../src/core/transitions.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { CLI } from '../helpers/cli.js';
import { events, expectContiguous, tempDir } from '../helpers/ledger.js';
import { prng } from '../helpers/prng.js';

const TASKS = 20;
const KILLS = 10;

function fleet(random: () => number): string {
  let toml = '[fleet]\nagent = "demo"\nmax_concurrent = 4\n';
  for (let i = 0; i < TASKS; i++) {
    const deps = i === 0 ? [] : [...new Set([Math.floor(random() * i), ...(random() < 0.3 ? [Math.floor(random() * i)] : [])])];
    const sleep = (0.1 + random() * 0.2).toFixed(2);
    toml += `\n[[task]]\nname = "t${i}"\ncwd = "."\nmax_retries = ${KILLS}\nprompt = """\n@sleep ${sleep}\n@write out/t${i}.txt done\n"""\n`;
    if (deps.length) toml += `depends_on = [${deps.map((d) => `"t${d}"`).join(', ')}]\n`;
    toml += `[[task.verify]]\nrun = "grep -q done out/t${i}.txt"\n`;
  }
  return toml;
}

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
    writeFileSync(join(dir, 'tasks.toml'), fleet(random));
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const code = await runOnce(dir, 150 + Math.floor(random() * 500));
      if (code === null) kills++;
      else break; // finished before the kill landed
    }
    const final = await runOnce(dir, null);
    expect(final, `seed ${seed}`).toBe(0);

    const ledger = await Ledger.open({ stateDir: join(dir, '.overseer'), mode: 'read' });
    try {
      const tasks = ledger.tasks();
      expect(tasks.filter((t) => t.state === 'DONE')).toHaveLength(TASKS);
      // Every recorded transition is legal and follows from the one before it.
      const transitions = ledger.transitions();
      const last = new Map<string, FromState>();
      for (const t of transitions) {
        expect(t.from, `seed ${seed}: ${t.taskId} ${t.from}->${t.to}`).toBe(last.get(t.taskId) ?? CREATED);
        expect(isLegalCause(t.from, t.to, t.cause), `seed ${seed}: ${t.taskId} ${t.from}->${t.to} (${t.cause})`).toBe(true);
        last.set(t.taskId, t.to);
      }
      // The event stream is contiguous, without duplicates, one line per transition row.
      const lines = events(join(dir, '.overseer'));
      expectContiguous(lines.map((e) => e.seq));
      expect(lines.filter((e) => e.type === 'task.transition')).toHaveLength(transitions.length);
      // Only interrupted attempts were repeated: nothing failed, every extra attempt is a resume of
      // work a kill cut short, and a kill cuts short at most the attempts in flight.
      const attempts = ledger.attempts();
      const resumed = attempts.filter((a) => a.kind === 'resume').length;
      expect(attempts.filter((a) => a.kind === 'retry'), `seed ${seed}`).toEqual([]);
      expect(attempts.length - TASKS, `seed ${seed}`).toBe(resumed);
      expect(attempts.filter((a) => a.stopReason === 'orphaned').length, `seed ${seed}`).toBeLessThanOrEqual(resumed);
      expect(resumed, `seed ${seed}: ${kills} kills`).toBeLessThanOrEqual(kills * 4);
    } finally {
      ledger.close();
    }
  }, 120_000);
});
