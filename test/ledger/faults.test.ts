// Ledger faults on real files and real processes: a live second writer, stale locks, truncation,
// garbage, foreign and future files, bit flips, and four processes racing for the lock. Each gets
// a message a user can act on, and none loses data or starts an empty ledger over it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, LedgerError } from '../../src/core/errors.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { SCHEMA_VERSION } from '../../src/ledger/schema.js';
import { LedgerBusyError } from '../../src/ledger/lock.js';
import { sqlEngine } from '../../src/ledger/sqljs.js';
import { processStartTime } from '../../src/runtime/identity.js';
import { bundle } from '../helpers/bundle.js';
import { events, expectContiguous, ledgerWith, tempDir } from '../helpers/ledger.js';

const childScript = join(import.meta.dirname, '..', 'helpers', 'ledger-child.ts');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

async function holdLock(dir: string): Promise<ChildProcess> {
  const script = await bundle(childScript);
  const proc = spawn(process.execPath, [script, 'hold', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().startsWith('locked')) resolve();
    });
    proc.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return proc;
}

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function healthyLedger(dir: string): Promise<Buffer> {
  const ledger = await ledgerWith(dir, ['alpha', 'beta']);
  ledger.transition('alpha', 'READY', 'deps-done');
  ledger.commit();
  ledger.close();
  return readFileSync(join(dir, 'coord.db'));
}

describe('the lock', () => {
  it('a live second writer is refused with its pid, exit code 3', async () => {
    const dir = tempDir();
    const holder = await holdLock(dir);
    const err = await Ledger.open({ stateDir: dir, mode: 'write', create: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerBusyError);
    expect((err as LedgerError).message).toContain(`ledger is in use by pid ${holder.pid}`);
    expect((err as LedgerError).exitCode).toBe(EXIT.infrastructure);
  });

  it('a lock left by a dead process is taken over with a warning naming its pid', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const pid = deadPid();
    writeFileSync(join(dir, 'coord.db.lock'), JSON.stringify({ pid, host: hostname(), started_at: '2026-01-01T00:00:00Z', proc_start: null }));
    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([`taking over a stale lock: pid ${pid} (since 2026-01-01T00:00:00Z) is no longer running`]);
    expect(ledger.task('a')?.state).toBe('PENDING');
    ledger.close();
    expect(existsSync(join(dir, 'coord.db.lock'))).toBe(false);
  });

  it('a live pid with another start time (a reused pid) is stale too', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    expect(processStartTime(process.pid)).not.toBeNull();
    writeFileSync(join(dir, 'coord.db.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started_at: 'then', proc_start: '1' }));
    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    ledger.close();
    expect(warnings[0]).toContain(`stale lock: pid ${process.pid}`);
  });

  it('a stale lock is not taken over while another process is taking it over: two takers never both write', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const stale = JSON.stringify({ pid: deadPid(), host: hostname(), started_at: 'then', proc_start: null });
    writeFileSync(join(dir, 'coord.db.lock'), stale);
    writeFileSync(join(dir, 'coord.db.lock.takeover'), ''); // that process's guard, just made
    const warnings: string[] = [];
    const err = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).message).toMatch(/could not acquire .*coord\.db\.lock: another process keeps taking it; try again/);
    expect(readFileSync(join(dir, 'coord.db.lock'), 'utf8')).toBe(stale);
    expect(warnings).toEqual([]);
  });

  it('a takeover guard left by a process killed mid-takeover is cleared once it is older than the grace period', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const pid = deadPid();
    writeFileSync(join(dir, 'coord.db.lock'), JSON.stringify({ pid, host: hostname(), started_at: 'then', proc_start: null }));
    writeFileSync(join(dir, 'coord.db.lock.takeover'), '');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'coord.db.lock.takeover'), minuteAgo, minuteAgo);
    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    ledger.close();
    expect(warnings).toEqual([`taking over a stale lock: pid ${pid} (since then) is no longer running`]);
    expect(existsSync(join(dir, 'coord.db.lock.takeover'))).toBe(false);
  });

  it('a lock from another host is never taken over; the message says which file to delete', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    writeFileSync(join(dir, 'coord.db.lock'), JSON.stringify({ pid: 1, host: 'elsewhere', started_at: 'then', proc_start: null }));
    await expect(Ledger.open({ stateDir: dir, mode: 'write' })).rejects.toThrow(/in use by pid 1 on host elsewhere .* delete .*coord\.db\.lock/);
  });

  it('four processes racing for one ledger: one writer at a time, every task added, seqs contiguous', async () => {
    const dir = tempDir();
    const script = await bundle(childScript);
    const runs = ['w1', 'w2', 'w3', 'w4'].map(
      (name) =>
        new Promise<number | null>((resolve) => {
          const proc = spawn(process.execPath, [script, 'add', dir, name, '400'], { stdio: 'ignore' });
          children.push(proc);
          proc.on('exit', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const ledger = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(ledger.tasks().map((t) => t.name).sort()).toEqual(['w1', 'w2', 'w3', 'w4']);
    ledger.close();
    expectContiguous(events(dir).map((e) => e.seq));
    expect(events(dir)).toHaveLength(4);
  });
});

describe('damaged files', () => {
  for (const cut of [0, 50, 100, 0.5, -1]) {
    it(`coord.db truncated at ${cut < 1 && cut > 0 ? 'half' : cut} with a good .bak is recovered; the damaged file is kept`, async () => {
      const dir = tempDir();
      const good = await healthyLedger(dir);
      const at = cut === 0.5 ? Math.floor(good.length / 2) : cut === -1 ? good.length - 1 : cut;
      const damaged = good.subarray(0, at);
      writeFileSync(join(dir, 'coord.db'), damaged);
      const warnings: string[] = [];
      const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
      expect(ledger.tasks().map((t) => t.name)).toEqual(['alpha', 'beta']);
      ledger.close();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/coord\.db is damaged: .*; recovered from .*coord\.db\.bak \(the damaged file is kept as .*coord\.db\.damaged-\d+\)/);
      const kept = readdirSync(dir).filter((f) => f.startsWith('coord.db.damaged-'));
      expect(kept).toHaveLength(1);
      expect(readFileSync(join(dir, kept[0]!)).equals(damaged)).toBe(true);
    });

    it(`coord.db truncated at ${cut < 1 && cut > 0 ? 'half' : cut} with no .bak is refused and left untouched`, async () => {
      const dir = tempDir();
      const good = await healthyLedger(dir);
      unlinkSync(join(dir, 'coord.db.bak'));
      const at = cut === 0.5 ? Math.floor(good.length / 2) : cut === -1 ? good.length - 1 : cut;
      writeFileSync(join(dir, 'coord.db'), good.subarray(0, at));
      const err = await Ledger.open({ stateDir: dir, mode: 'write' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LedgerError);
      expect((err as Error).message).toMatch(/coord\.db is damaged: .*, and there is no .*coord\.db\.bak to recover from\. Nothing was changed; move .*coord\.db aside/);
      expect(readFileSync(join(dir, 'coord.db')).equals(good.subarray(0, at))).toBe(true);
      expect(existsSync(join(dir, 'coord.db.lock'))).toBe(false);
    });
  }

  it('a reader meeting a damaged coord.db reads the .bak and changes nothing', async () => {
    const dir = tempDir();
    const good = await healthyLedger(dir);
    const damaged = good.subarray(0, Math.floor(good.length / 2));
    writeFileSync(join(dir, 'coord.db'), damaged);
    const warnings: string[] = [];
    const reader = await Ledger.open({ stateDir: dir, mode: 'read', warn: (m) => warnings.push(m) });
    expect(reader.tasks().map((t) => t.name)).toEqual(['alpha', 'beta']);
    reader.close();
    expect(warnings[0]).toMatch(/coord\.db is damaged: it is truncated .*; reading .*coord\.db\.bak instead/);
    expect(readFileSync(join(dir, 'coord.db')).equals(damaged)).toBe(true);
  });

  it('random bytes with no .bak: refused, nothing changed', async () => {
    const dir = tempDir();
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    writeFileSync(join(dir, 'coord.db'), junk);
    await expect(Ledger.open({ stateDir: dir, mode: 'write', create: true })).rejects.toThrow(/not a SQLite database \(bad header\)/);
    expect(readFileSync(join(dir, 'coord.db')).equals(junk)).toBe(true);
  });

  it('a SQLite file that is not ours is refused, even with a good .bak beside it', async () => {
    const dir = tempDir();
    await healthyLedger(dir);
    const SQL = await sqlEngine();
    const db = new SQL.Database();
    db.run('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    db.run('INSERT INTO invoices (total) VALUES (12.5)');
    const foreign = Buffer.from(db.export());
    db.close();
    writeFileSync(join(dir, 'coord.db'), foreign);
    await expect(Ledger.open({ stateDir: dir, mode: 'write' })).rejects.toThrow(/coord\.db: it is a SQLite database but not an overseer ledger\. Nothing was changed\./);
    expect(readFileSync(join(dir, 'coord.db')).equals(foreign)).toBe(true);
  });

  it('a ledger from a newer overseer is refused with an upgrade hint, never recovered over', async () => {
    const dir = tempDir();
    const good = await healthyLedger(dir);
    const SQL = await sqlEngine();
    const db = new SQL.Database(good);
    db.exec('PRAGMA user_version = 99');
    const future = Buffer.from(db.export());
    db.close();
    writeFileSync(join(dir, 'coord.db'), future);
    await expect(Ledger.open({ stateDir: dir, mode: 'write' })).rejects.toThrow(new RegExp(`written by a newer overseer \\(schema 99; this one reads up to ${SCHEMA_VERSION}\\): upgrade overseer`));
    await expect(Ledger.open({ stateDir: dir, mode: 'read' })).rejects.toThrow(/newer overseer/);
    expect(readFileSync(join(dir, 'coord.db')).equals(future)).toBe(true);
  });

  it('a missing coord.db with a good .bak is recovered', async () => {
    const dir = tempDir();
    await healthyLedger(dir);
    unlinkSync(join(dir, 'coord.db'));
    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(ledger.tasks()).toHaveLength(2);
    ledger.close();
    expect(warnings[0]).toMatch(/coord\.db is missing; recovered from/);
    expect(existsSync(join(dir, 'coord.db'))).toBe(true);
  });

  it('both coord.db and its .bak damaged: an error naming both, nothing changed', async () => {
    const dir = tempDir();
    await healthyLedger(dir);
    writeFileSync(join(dir, 'coord.db'), 'garbage');
    writeFileSync(join(dir, 'coord.db.bak'), 'more garbage');
    await expect(Ledger.open({ stateDir: dir, mode: 'write' })).rejects.toThrow(/coord\.db is damaged: .*, and .*coord\.db\.bak is unusable too/);
    expect(readFileSync(join(dir, 'coord.db'), 'utf8')).toBe('garbage');
  });

  it('a reader that meets damage past the open says whether a .bak can recover it', async () => {
    const dir = tempDir();
    const good = await healthyLedger(dir);
    const bak = readFileSync(join(dir, 'coord.db.bak'));
    const met: string[] = [];
    for (const withBak of [true, false]) {
      // Each page after the first overwritten in turn: the open's quick check passes, a query does not.
      for (let page = 1; page * 4096 < good.length; page++) {
        const damaged = Buffer.from(good);
        damaged.fill(0xee, page * 4096, (page + 1) * 4096);
        writeFileSync(join(dir, 'coord.db'), damaged);
        if (withBak) writeFileSync(join(dir, 'coord.db.bak'), bak);
        else if (existsSync(join(dir, 'coord.db.bak'))) unlinkSync(join(dir, 'coord.db.bak'));
        let reader: Ledger;
        try {
          reader = await Ledger.open({ stateDir: dir, mode: 'read', warn: () => {} });
        } catch {
          continue;
        }
        try {
          reader.tasks();
          reader.attempts();
        } catch (err) {
          expect(err).toBeInstanceOf(LedgerError);
          const message = (err as Error).message;
          met.push(message);
          if (withBak) expect(message).toContain(`recovers it from ${join(dir, 'coord.db.bak')}`);
          else expect(message).toContain(`there is no ${join(dir, 'coord.db.bak')} to recover it from`);
        } finally {
          reader.close();
        }
      }
    }
    expect(met.some((m) => m.includes('recovers it from'))).toBe(true);
    expect(met.some((m) => m.includes('there is no'))).toBe(true);
  });

  it('bit flips across a real ledger: detected and recovered, or harmless; never a crash or an empty ledger', async () => {
    const dir = tempDir();
    const good = await healthyLedger(dir);
    const bak = readFileSync(join(dir, 'coord.db.bak'));
    for (let offset = 100; offset < good.length; offset += Math.floor(good.length / 23)) {
      const flipped = Buffer.from(good);
      flipped[offset] = flipped[offset]! ^ 0xff;
      writeFileSync(join(dir, 'coord.db'), flipped);
      writeFileSync(join(dir, 'coord.db.bak'), bak);
      for (const f of readdirSync(dir).filter((n) => n.startsWith('coord.db.damaged-'))) unlinkSync(join(dir, f));
      let ledger: Ledger;
      try {
        ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
      } catch (err) {
        expect(err, `offset ${offset}`).toBeInstanceOf(LedgerError);
        continue;
      }
      try {
        expect(ledger.tasks().length, `offset ${offset}`).toBeGreaterThan(0);
      } catch (err) {
        // SQLite may only notice damage in a page it reads later; that must still be an error, not an empty ledger.
        expect(String(err), `offset ${offset}`).toMatch(/malformed|corrupt|not a database|expect/i);
      } finally {
        ledger.close();
      }
    }
  });
});
