// events.ndjson across a power cut. Its appends are fsynced only at checkpoints; until then the
// outbox keeps their rows. Here the disk is modelled: the file keeps, across a "power cut", only what
// it held at its last fsync (coord.db and the journal are fsynced at every commit, as on a real disk).

import { copyFileSync, readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Fs from 'node:fs';
import type { Ledger as LedgerType } from '../../src/ledger/ledger.js';
import type * as LedgerHelpers from '../helpers/ledger.js';

/** Each events file's content at its last fsync, by path. */
const durable = new Map<string, string>();
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof Fs>();
  const fsyncSync = (fd: number) => {
    real.fsyncSync(fd);
    const path = real.readlinkSync(`/proc/self/fd/${fd}`);
    if (/events\.ndjson/.test(path)) durable.set(path, real.readFileSync(path, 'utf8'));
  };
  return { ...real, default: { ...real, fsyncSync }, fsyncSync };
});

let Ledger: typeof LedgerType;
let helpers: typeof LedgerHelpers;
beforeEach(async () => {
  vi.resetModules(); // the setup file loaded the ledger with the real node:fs
  ({ Ledger } = await import('../../src/ledger/ledger.js'));
  helpers = await import('../helpers/ledger.js');
  durable.clear();
});

/** A writer killed without close(): its lock is left behind, as SIGKILL leaves it. */
const crash = (dir: string) => unlinkSync(join(dir, 'coord.db.lock'));
/** The machine goes down: events.ndjson loses what was never fsynced. */
const powerCut = (path: string) => writeFileSync(path, durable.get(path) ?? '');
/** logrotate: what was synced of the file is now synced under its new name, and nothing of a new one. */
function rotate(path: string): void {
  renameSync(path, `${path}.1`);
  durable.set(`${path}.1`, durable.get(path) ?? '');
  durable.delete(path);
}
const seen = (dir: string) => helpers.events(dir).map((e) => `${e.seq}:${e.task_id}:${e.to}`);

/** A ledger closed with tasks a and b PENDING, then a writer that makes both READY, one commit each, and is killed. */
async function killedAfterTwoCommits(): Promise<string> {
  const dir = helpers.tempDir();
  (await helpers.ledgerWith(dir, ['a', 'b'])).close();
  const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
  writer.transition('a', 'READY', 'deps-done');
  writer.commit();
  writer.transition('b', 'READY', 'deps-done');
  writer.commit();
  crash(dir);
  return dir;
}

describe('events.ndjson across a power cut', () => {
  it('lines appended since the last checkpoint are written again from the outbox, each once', async () => {
    const dir = await killedAfterTwoCommits();
    powerCut(join(dir, 'events.ndjson'));
    (await Ledger.open({ stateDir: dir, mode: 'write' })).close();
    expect(seen(dir)).toEqual(['1:a:PENDING', '2:b:PENDING', '3:a:READY', '4:b:READY']);
  });

  it('after a crash, the next writer syncs the lines the dead one left in the page cache before its first checkpoint prunes their rows', async () => {
    const dir = await killedAfterTwoCommits();
    // It replays the journal, so it checkpoints at once; it appends nothing of its own.
    (await Ledger.open({ stateDir: dir, mode: 'write' })).close();
    powerCut(join(dir, 'events.ndjson'));
    (await Ledger.open({ stateDir: dir, mode: 'write' })).close();
    expect(seen(dir)).toEqual(['1:a:PENDING', '2:b:PENDING', '3:a:READY', '4:b:READY']);
  });

  it('a file rotated away while the run writes it is synced before the checkpoint prunes the rows it holds', async () => {
    const dir = helpers.tempDir();
    const path = join(dir, 'events.ndjson');
    const warnings: string[] = [];
    const ledger = await helpers.ledgerWith(dir, ['a', 'b'], (m) => warnings.push(m));
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    renameSync(path, `${path}.1`); // logrotate
    ledger.transition('b', 'READY', 'deps-done');
    ledger.commit(); // noticed here: a new file from the next line on
    ledger.close(); // a checkpoint: prunes every row up to seq 4
    powerCut(`${path}.1`);
    powerCut(path);
    const rotated = readFileSync(`${path}.1`, 'utf8').trim().split('\n');
    expect(rotated.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3]);
    expect(seen(dir).map((s) => s.split(':')[0])).toEqual(['4']);
    expect(warnings).toEqual([expect.stringContaining('was deleted or replaced while the run wrote it')]);
  });

  it('rotated while the run writes it, then a power cut before a checkpoint: the new file keeps its first lines, the rest are written again, none twice', async () => {
    const dir = helpers.tempDir();
    const path = join(dir, 'events.ndjson');
    (await helpers.ledgerWith(dir, ['a', 'b', 'c'])).close(); // a checkpoint: seqs 1-3 synced, their rows pruned
    const writer = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    rotate(path);
    for (const task of ['b', 'c']) {
      writer.transition(task, 'READY', 'deps-done');
      writer.commit();
    }
    crash(dir);
    powerCut(`${path}.1`);
    powerCut(path);
    (await Ledger.open({ stateDir: dir, mode: 'write' })).close();
    const rotated = readFileSync(`${path}.1`, 'utf8').trim().split('\n');
    expect(rotated.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
    expect(seen(dir)).toEqual(['5:b:READY', '6:c:READY']);
  });

  it('emptied in place while the run writes it (copytruncate), then a power cut: the file keeps its first lines after the cut, none lost, none twice', async () => {
    const dir = helpers.tempDir();
    const path = join(dir, 'events.ndjson');
    (await helpers.ledgerWith(dir, ['a', 'b', 'c'])).close();
    const writer = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    // logrotate's copytruncate: a copy (synced), then the same file cut to nothing.
    copyFileSync(path, `${path}.1`);
    durable.set(`${path}.1`, readFileSync(`${path}.1`, 'utf8'));
    truncateSync(path, 0);
    durable.set(path, '');
    for (const task of ['b', 'c']) {
      writer.transition(task, 'READY', 'deps-done');
      writer.commit();
    }
    crash(dir);
    powerCut(path);
    (await Ledger.open({ stateDir: dir, mode: 'write' })).close();
    const copied = readFileSync(`${path}.1`, 'utf8').trim().split('\n');
    expect(copied.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
    expect(seen(dir)).toEqual(['5:b:READY', '6:c:READY']);
  });
});
