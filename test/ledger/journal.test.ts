// The commit journal and its checkpoints across crashes, on real files: a torn last line, damage,
// and recovery from coord.db.bak with journal.prev and journal.

import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/ledger.js';
import { MIGRATIONS } from '../../src/ledger/schema.js';
import { sqlEngine } from '../../src/ledger/sqljs.js';
import { events, expectContiguous, ledgerWith, taskOf, tempDir } from '../helpers/ledger.js';

/**
 * A writer killed without close(): every commit is already on disk, fsynced. Its lock names this
 * (live) process, so it is removed as a dead process's would be taken over.
 */
function crash(dir: string): void {
  unlinkSync(join(dir, 'coord.db.lock'));
}

/** What a ledger holds, to compare two ways of reaching it. */
function contents(ledger: Ledger): unknown {
  return { tasks: ledger.tasks().map((t) => [t.name, t.state, t.attemptCount]), transitions: ledger.transitions().length, attempts: ledger.attempts().length };
}

/**
 * The invariant recovery rests on: coord.db.bak + journal.prev + journal reach the state the
 * writer has committed. Checked on a copy without coord.db, so the writer's files are untouched.
 */
async function expectBakReaches(dir: string, writer: Ledger): Promise<void> {
  const copy = tempDir();
  for (const file of ['coord.db.bak', 'coord.db.journal.prev', 'coord.db.journal']) {
    if (existsSync(join(dir, file))) copyFileSync(join(dir, file), join(copy, file));
  }
  const warnings: string[] = [];
  const fromBak = await Ledger.open({ stateDir: copy, mode: 'read', warn: (m) => warnings.push(m) });
  try {
    expect(contents(fromBak)).toEqual(contents(writer));
    expect(warnings).toEqual([expect.stringMatching(/coord\.db is missing; reading .*coord\.db\.bak instead$/)]);
  } finally {
    fromBak.close();
  }
}

/** Two checkpoints: .bak has a READY, journal.prev makes b READY, the journal is empty. */
async function twoCheckpoints(dir: string): Promise<void> {
  const first = await ledgerWith(dir, ['a', 'b']);
  first.transition('a', 'READY', 'deps-done');
  first.close();
  const second = await Ledger.open({ stateDir: dir, mode: 'write' });
  second.transition('b', 'READY', 'deps-done');
  second.close();
}

/** A third writer adds task c, commits, and is killed (its lock left behind, as SIGKILL leaves it). */
async function thirdThenCrash(dir: string): Promise<void> {
  const third = await Ledger.open({ stateDir: dir, mode: 'write' });
  third.addTasks([taskOf('c')]);
  third.commit();
  crash(dir);
}

function shiftFirstSeq(path: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replace(/"seq":(\d+)/, (_m, s: string) => `"seq":${Number(s) + 5}`));
}

function journalLines(dir: string): string[] {
  return readFileSync(join(dir, 'coord.db.journal'), 'utf8').split('\n').slice(0, -1);
}

describe('a torn journal line', () => {
  it('is cut when a writer opens, so the commits after it survive the next crash', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a', 'b'])).close();
    appendFileSync(join(dir, 'coord.db.journal'), '{"seq":9,"writes":[["UPDATE tasks SET st'); // killed mid-append
    const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    writer.transition('b', 'READY', 'deps-done');
    writer.commit();
    crash(dir);
    const seqs = journalLines(dir).map((l) => (JSON.parse(l) as { seq: number }).seq); // each line whole
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1]); // a, b (the open wrote nothing, so no entry)

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

describe('a journal entry that does not apply', () => {
  it('stops the replay with a warning and sets the journal aside; the entries before it are kept', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a', 'b'])).close();
    const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    crash(dir);
    const lines = journalLines(dir);
    const seq = (JSON.parse(lines.at(-1)!) as { seq: number }).seq;
    appendFileSync(join(dir, 'coord.db.journal'), `${JSON.stringify({ seq: seq + 1, writes: [['INSERT INTO nope VALUES (1)', []]] })}\n`);

    const warnings: string[] = [];
    const reopened = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(reopened.task('a')?.state, warnings.join('\n')).toBe('READY');
    reopened.close();
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`entry ${seq + 1} does not apply .*no such table: nope`))]);
    expect(readdirSync(dir).some((f) => f.startsWith('coord.db.journal.') && f !== 'coord.db.journal.prev')).toBe(true);
  });
});

describe('a journal line that is JSON but no entry', () => {
  it('(null, a number, an object without seq and writes) is damage with a warning, not a crash, for readers and writers alike', async () => {
    for (const line of ['null', '5', '{}', '{"seq":2,"writes":"x"}', '{"seq":"2","writes":[]}']) {
      const dir = tempDir();
      (await ledgerWith(dir, ['a'])).close();
      const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
      writer.transition('a', 'READY', 'deps-done');
      writer.commit();
      crash(dir);
      // A whole entry (changing nothing), then the damage.
      const { seq } = JSON.parse(journalLines(dir)[0]!) as { seq: number };
      writeFileSync(join(dir, 'coord.db.journal'), `${JSON.stringify({ seq, writes: [] })}\n${line}\n`);

      const readerWarnings: string[] = [];
      const reader = await Ledger.open({ stateDir: dir, mode: 'read', warn: (m) => readerWarnings.push(m) });
      // Damage sets the whole journal aside (as for a line that is not JSON): the checkpoint's state.
      expect(reader.task('a')?.state, line).toBe('PENDING');
      reader.close();
      expect(readerWarnings, line).toEqual([expect.stringContaining('coord.db.journal: line 2 is not a journal entry')]);
      const warnings: string[] = [];
      const reopened = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
      expect(reopened.task('a')?.state, line).toBe('PENDING');
      reopened.close();
      expect(warnings, line).toEqual([expect.stringMatching(/coord\.db\.journal: line 2 is not a journal entry: its journal was not applied and is kept as /)]);
    }
  });

  it('a ledger write of a non-finite number is refused: the journal could not replay it', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    const attempt = ledger.beginAttempt({ task: 'a', kind: 'fresh', agent: 'demo', logPath: () => '/dev/null' });
    expect(() => ledger.attemptProgress(attempt.id, { costUsd: Infinity })).toThrow(/non-finite number in a ledger write/);
    ledger.attemptProgress(attempt.id, { costUsd: 0.5 });
    expect(ledger.attempt(attempt.id)?.costUsd).toBe(0.5);
    ledger.close();
  });
});

describe('recovery from coord.db.bak', () => {
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
    await thirdThenCrash(dir);
    shiftFirstSeq(join(dir, 'coord.db.journal.prev'));
    writeFileSync(join(dir, 'coord.db'), 'garbage');

    const warnings: string[] = [];
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(ledger.task('c')).toBeUndefined();
    ledger.close();
    expect(warnings[1]).toMatch(/kept as \S*coord\.db\.journal\.prev\.unused-\d+ and \S*coord\.db\.journal\.unused-\d+$/);
  });
});

describe('coord.db.bak + journal.prev + journal reach the newest state', () => {
  it('including the commit that set off a checkpoint', async () => {
    const dir = tempDir();
    const writer = await ledgerWith(dir, ['a']);
    const journalSize = () => statSync(join(dir, 'coord.db.journal')).size;
    let checkpointed: string | undefined;
    for (let i = 0; i < 100 && !checkpointed; i++) {
      const before = journalSize();
      writer.addTasks([taskOf(`t${i}`, { prompt: 'x'.repeat(20_000) })]);
      writer.commit();
      if (journalSize() < before) checkpointed = `t${i}`; // this commit wrote coord.db whole
    }
    expect(checkpointed).toBeDefined();
    await expectBakReaches(dir, writer);
    writer.transition(checkpointed!, 'READY', 'deps-done');
    writer.commit();
    await expectBakReaches(dir, writer);

    crash(dir);
    writeFileSync(join(dir, 'coord.db'), 'damaged');
    const recovered = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    expect(recovered.task(checkpointed!)?.state).toBe('READY');
    recovered.close();
  });

  it('after a migration, whose changes are not journaled: .bak is the migrated ledger', async () => {
    const SQL = await sqlEngine();
    const v1 = new SQL.Database();
    v1.exec(MIGRATIONS[0]!);
    v1.exec(`INSERT INTO meta (key, value) VALUES ('app', 'overseer'), ('run_id', 'r-v1'), ('next_seq', '1');
      INSERT INTO tasks (name, ord, spec, state, state_cause, spec_hash, created_at, updated_at) VALUES ('a', 0, '{"name":"a"}', 'READY', 'deps-done', 'h', 'x', 'x');
      PRAGMA user_version = 1;`);
    const dir = tempDir();
    writeFileSync(join(dir, 'coord.db'), v1.export());
    v1.close();
    const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
    writer.transition('a', 'ASSIGNED', 'dispatched'); // writes a v2 column: replays only on a v2 ledger
    writer.commit();
    writer.beginAttempt({ task: 'a', kind: 'fresh', agent: 'demo', logPath: () => 'log' });
    writer.commit();
    await expectBakReaches(dir, writer);

    crash(dir);
    writeFileSync(join(dir, 'coord.db'), 'damaged');
    const warnings: string[] = [];
    const recovered = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(recovered.task('a')).toMatchObject({ state: 'ASSIGNED', attemptCount: 1 });
    recovered.close();
    expect(warnings).toHaveLength(1); // the recovery; no journal set aside
  });

  it('after a recovery from .bak, so a second recovery loses nothing either', async () => {
    const dir = tempDir();
    await twoCheckpoints(dir);
    await thirdThenCrash(dir);
    writeFileSync(join(dir, 'coord.db'), '');

    const first = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    expect(first.task('c')?.state).toBe('PENDING');
    first.transition('c', 'READY', 'deps-done');
    first.commit();
    await expectBakReaches(dir, first);
    crash(dir);
    writeFileSync(join(dir, 'coord.db'), '');

    const warnings: string[] = [];
    const second = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(['a', 'b', 'c'].map((t) => second.task(t)?.state)).toEqual(['READY', 'READY', 'READY']);
    second.close();
    expect(warnings).toHaveLength(1); // the recovery; no journal set aside
    expectContiguous(events(dir).map((e) => e.seq));
  });

  it('after a journal was set aside', async () => {
    const dir = tempDir();
    await twoCheckpoints(dir);
    const third = await Ledger.open({ stateDir: dir, mode: 'write' });
    third.addTasks([taskOf('c')]);
    third.commit();
    third.addTasks([taskOf('d')]);
    third.commit();
    crash(dir);
    const lines = journalLines(dir);
    writeFileSync(join(dir, 'coord.db.journal'), [...lines.slice(0, -1), 'damaged', ''].join('\n'));

    const writer = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    expect(writer.task('c')?.state).toBe('PENDING'); // applied before the damage
    expect(writer.task('d')).toBeUndefined();
    await expectBakReaches(dir, writer);
    writer.close();
  });
});

describe('a reader while a writer checkpoints', () => {
  // Ledger.open reads coord.db before its first await and the journal after it: the writer's
  // synchronous steps in between land exactly in that window.
  it('whose checkpoint empties the journal the reader then reads: not an older (here empty) ledger', async () => {
    const dir = tempDir();
    const writer = await ledgerWith(dir, ['a', 'b']); // the tasks are in the journal, not yet in coord.db
    writer.transition('a', 'READY', 'deps-done');
    writer.commit();
    const warnings: string[] = [];
    const reading = Ledger.open({ stateDir: dir, mode: 'read', warn: (m) => warnings.push(m) });
    writer.close(); // checkpoint: coord.db has everything, the journal is empty
    const reader = await reading;
    expect([reader.task('a')?.state, reader.task('b')?.state]).toEqual(['READY', 'PENDING']);
    reader.close();
    expect(warnings).toEqual([]);
  });

  it('with a commit after the checkpoint: no gap, no warning', async () => {
    const dir = tempDir();
    const writer = await ledgerWith(dir, ['a', 'b']);
    writer.addTasks([taskOf('wide', { prompt: 'x'.repeat(300_000) })]);
    writer.commit(); // the journal is now past its checkpoint size
    const warnings: string[] = [];
    const reading = Ledger.open({ stateDir: dir, mode: 'read', warn: (m) => warnings.push(m) });
    writer.transition('a', 'READY', 'deps-done');
    writer.commit(); // a checkpoint
    writer.transition('b', 'READY', 'deps-done');
    writer.commit(); // journaled after it
    const reader = await reading;
    expect([reader.task('a')?.state, reader.task('b')?.state]).toEqual(['READY', 'READY']);
    reader.close();
    writer.close();
    expect(warnings).toEqual([]);
  });
});

describe('events.ndjson between checkpoints', () => {
  it('a checkpoint drops the rows events.ndjson holds from the outbox, so the ledger does not grow with the event history', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a', 'b']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    ledger.close(); // a checkpoint
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(reader.pendingEvents()).toEqual([]);
    reader.close();
    expect(events(dir)).toHaveLength(3);
  });
});

describe('a commit with nothing to write', () => {
  it('appends no journal entry and fsyncs nothing: a tick that only scheduled a deadline costs no disk write', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    const before = journalLines(dir);
    ledger.tx(() => {});
    ledger.commit();
    expect(journalLines(dir)).toEqual(before);
    ledger.transition('a', 'ASSIGNED', 'dispatched');
    ledger.commit();
    expect(journalLines(dir)).toHaveLength(before.length + 1);
    ledger.close();
  });
});
