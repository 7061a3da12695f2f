// The single-writer lock on real files: what counts as held, stale, torn or changed, and that a
// process removes only its own lock.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LedgerBusyError, liveHolder, removeStale, type LockHolder } from '../../src/ledger/lock.js';
import { processStartTime, thisHost } from '../../src/runtime/identity.js';
import { tempDir } from '../helpers/ledger.js';

const lockIn = () => join(tempDir(), 'coord.db.lock');
const holder = (over: Partial<LockHolder> = {}): LockHolder => ({
  pid: process.pid,
  host: thisHost(),
  started_at: '2026-11-26T00:00:00.000Z',
  proc_start: processStartTime(process.pid),
  role: 'supervisor',
  ...over,
});
const ageBy = (path: string, seconds: number) => {
  const then = new Date(Date.now() - seconds * 1000);
  utimesSync(path, then, then);
};

describe('the ledger lock', () => {
  it('a lock file being written (unreadable, fresh) is busy; one left unreadable for 10 s is taken over with a warning', () => {
    const path = lockIn();
    writeFileSync(path, '');
    expect(() => acquireLock(path, new Date(), () => {})).toThrow(LedgerBusyError);
    expect(() => acquireLock(path, new Date(), () => {})).toThrow(/is being written/);
    ageBy(path, 11);
    const warnings: string[] = [];
    const lock = acquireLock(path, new Date(), (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringMatching(/^taking over an unreadable lock file .* \(11 s old\)$/)]);
    expect((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('release removes only its own lock: one another process wrote since is left', () => {
    const path = lockIn();
    const lock = acquireLock(path, new Date(), () => {});
    const other = JSON.stringify(holder({ pid: 1, started_at: '2026-11-26T01:00:00.000Z' }));
    writeFileSync(path, other);
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });

  it('a stale lock is removed only while it is still the one judged stale', () => {
    const path = lockIn();
    const judged = holder({ pid: 999_999, proc_start: 'x' });
    // Another taker got there first: the lock now names someone else, and stays.
    writeFileSync(path, JSON.stringify(holder({ pid: 999_998 })));
    expect(removeStale(path, judged)).toBe('changed');
    expect(existsSync(path)).toBe(true);
    // Unreadable when judged and unreadable again, but fresh: another taker's lock being written.
    writeFileSync(path, '');
    expect(removeStale(path, 'unreadable')).toBe('changed');
    expect(existsSync(path)).toBe(true);
    // Still the one judged: removed.
    writeFileSync(path, JSON.stringify(judged));
    expect(removeStale(path, judged)).toBe('removed');
    expect(existsSync(path)).toBe(false);
  });

  it('liveHolder: a live process on this host, with the role it wrote (none: a supervisor, as older locks were); another host is taken at its word', async () => {
    const path = lockIn();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => sleeper.once('spawn', r));
      const { role: _role, ...roleless } = holder({ pid: sleeper.pid!, proc_start: processStartTime(sleeper.pid!) });
      writeFileSync(path, JSON.stringify(roleless));
      expect(liveHolder(path)).toMatchObject({ pid: sleeper.pid, role: 'supervisor' });
      writeFileSync(path, JSON.stringify({ ...roleless, role: 'command' }));
      expect(liveHolder(path)?.role).toBe('command');
      // The same pid with another start time is a reused pid: not the holder.
      writeFileSync(path, JSON.stringify({ ...roleless, proc_start: 'not-its-start' }));
      expect(liveHolder(path)).toBeNull();
      writeFileSync(path, JSON.stringify(holder({ pid: 999_999, host: 'elsewhere' })));
      expect(liveHolder(path)).toMatchObject({ host: 'elsewhere', pid: 999_999 });
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
