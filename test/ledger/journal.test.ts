// The commit journal and its checkpoints across crashes, on real files: a torn last line, damage,
// and recovery from coord.db.bak with journal.prev and journal.

import { appendFileSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/ledger.js';
import { events, expectContiguous, ledgerWith, tempDir } from '../helpers/ledger.js';

/**
 * A writer killed without close(): every commit is already on disk, fsynced. Its lock names this
 * (live) process, so it is removed as a dead process's would be taken over.
 */
function crash(dir: string): void {
  unlinkSync(join(dir, 'coord.db.lock'));
}

function journalLines(dir: string): string[] {
  return readFileSync(join(dir, 'coord.db.journal'), 'utf8').split('\n').slice(0, -1);
}

describe('a torn journal line', () => {
  it('is cut when a writer opens, so the commits after it survive the next crash', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a', 'b'])).close();
    appendFileSync(join(dir, 'coord.db.journal'), '{"seq":2,"writes":[["UPDATE tasks SET st'); // killed mid-append
    const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    writer.transition('b', 'READY', 'deps-done');
    writer.commit();
    crash(dir);
    expect(journalLines(dir).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 3, 4]);

    const warnings: string[] = [];
    const reopened = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect([reopened.task('a')?.state, reopened.task('b')?.state]).toEqual(['READY', 'READY']);
    reopened.close();
    expect(warnings).toEqual([]);
    expectContiguous(events(dir).map((e) => e.seq));
  });

  it('a whole line that is not an entry is damage: the journal is set aside with a warning, not silently cut short', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a', 'b'])).close();
    const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    writer.transition('b', 'READY', 'deps-done');
    writer.commit();
    crash(dir);
    const lines = journalLines(dir);
    writeFileSync(join(dir, 'coord.db.journal'), [lines[0], lines[1]!.slice(0, 30), lines[2], ''].join('\n'));

    const warnings: string[] = [];
    const reopened = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(reopened.task('b')?.state).toBe('PENDING');
    reopened.close();
    expect(warnings).toEqual([expect.stringMatching(/coord\.db\.journal: line 2 is not a journal entry: its journal was not applied and is kept as .*coord\.db\.journal\.unused-\d+$/)]);
    expect(readdirSync(dir).filter((f) => f.startsWith('coord.db.journal.unused-'))).toHaveLength(1);
  });
});

describe('recovery from coord.db.bak', () => {
  /** Two checkpoints: .bak has a READY, journal.prev makes b READY, the journal is empty. */
  async function twoCheckpoints(dir: string): Promise<void> {
    const first = await ledgerWith(dir, ['a', 'b']);
    first.transition('a', 'READY', 'deps-done');
    first.close();
    const second = await Ledger.open({ stateDir: dir, mode: 'write' });
    second.transition('b', 'READY', 'deps-done');
    second.close();
  }

  function shiftFirstSeq(path: string): void {
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"seq":(\d+)/, (_m, s: string) => `"seq":${Number(s) + 5}`));
  }

  it('a journal.prev that does not follow .bak is set aside even when the journal is missing', async () => {
    const dir = tempDir();
    await twoCheckpoints(dir);
    unlinkSync(join(dir, 'coord.db.journal')); // a kill inside a checkpoint, between the journal's move and the new one
    shiftFirstSeq(join(dir, 'coord.db.journal.prev'));
    writeFileSync(join(dir, 'coord.db'), 'garbage');

    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect([ledger.task('a')?.state, ledger.task('b')?.state]).toEqual(['READY', 'PENDING']);
    ledger.close();
    expect(warnings[1]).toMatch(/coord\.db\.journal\.prev: entry \d+ follows \d+: not this checkpoint's journal: its journal was not applied and is kept as \S*coord\.db\.journal\.prev\.unused-\d+$/);
    expect(readdirSync(dir).filter((f) => f.includes('.unused-'))).toHaveLength(1);
  });

  it('when journal.prev does not follow .bak, the journal after it is set aside too', async () => {
    const dir = tempDir();
    await twoCheckpoints(dir);
    const third = await Ledger.open({ stateDir: dir, mode: 'write' });
    third.addTasks([{ name: 'c', spec: { name: 'c' }, specHash: 'c' }]);
    third.commit();
    crash(dir);
    shiftFirstSeq(join(dir, 'coord.db.journal.prev'));
    writeFileSync(join(dir, 'coord.db'), 'garbage');

    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(ledger.task('c')).toBeUndefined();
    ledger.close();
    expect(warnings[1]).toMatch(/kept as \S*coord\.db\.journal\.prev\.unused-\d+ and \S*coord\.db\.journal\.unused-\d+$/);
  });
});
