// The ledger on real files: creation, transitions with history and events in one transaction,
// atomic persist with a backup, read-only opening, and the exactly-once event outbox.

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync, renameSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/core/errors.js';
import { IllegalTransitionError } from '../../src/core/transitions.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { SCHEMA_VERSION } from '../../src/ledger/schema.js';
import { openDatabase, sqlEngine } from '../../src/ledger/sqljs.js';
import { bundle } from '../helpers/bundle.js';
import { events, expectContiguous, ledgerWith, taskOf, tempDir } from '../helpers/ledger.js';

const child = join(import.meta.dirname, '..', 'helpers', 'ledger-child.ts');

async function rawQuery(path: string, sql: string): Promise<unknown[][]> {
  const SQL = await sqlEngine();
  const db = new SQL.Database(readFileSync(path));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('opening', () => {
  it('creates coord.db with the schema version, the app mark and a run id', async () => {
    const dir = tempDir();
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', create: true });
    ledger.close();
    expect(await rawQuery(join(dir, 'coord.db'), 'PRAGMA user_version')).toEqual([[SCHEMA_VERSION]]);
    const meta = Object.fromEntries((await rawQuery(join(dir, 'coord.db'), 'SELECT key, value FROM meta')) as [string, string][]);
    expect(meta.app).toBe('overseer');
    expect(meta.run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(existsSync(join(dir, 'coord.db.lock'))).toBe(false);
  });

  it('refuses to start a ledger where none was asked for, and says how to start one', async () => {
    const dir = tempDir();
    await expect(Ledger.open({ stateDir: dir, mode: 'write' })).rejects.toThrow(/no ledger at .*coord\.db: start one with `overseer run`/);
    await expect(Ledger.open({ stateDir: dir, mode: 'read' })).rejects.toBeInstanceOf(LedgerError);
    expect(existsSync(join(dir, 'coord.db'))).toBe(false);
  });
});

describe("SQLite's own rollback journal", () => {
  it('is kept in memory, for a new database and one loaded from a file, and still rolls a transaction back', async () => {
    const fresh = await openDatabase();
    const loaded = await openDatabase(fresh.export());
    for (const db of [fresh, loaded]) {
      expect(db.exec('PRAGMA journal_mode')[0]?.values).toEqual([['memory']]);
      db.exec('CREATE TABLE IF NOT EXISTS t (a)');
      db.exec('BEGIN');
      db.run('INSERT INTO t VALUES (1)');
      db.exec('ROLLBACK');
      expect(db.exec('SELECT count(*) FROM t')[0]?.values).toEqual([[0]]);
    }
    fresh.close();
    loaded.close();
  });
});

describe('the state directory in a repository', () => {
  it("is ignored by git (an agent's git add -A, git clean -fd), through a .gitignore of its own; a directory that holds anything else gets none", async () => {
    const repo = tempDir();
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(repo, 'work.txt'), 'the agent wrote this\n');
    (await ledgerWith(join(repo, '.overseer'), ['a'])).close();
    expect(readFileSync(join(repo, '.overseer', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(git('status', '--porcelain').stdout).toBe('?? work.txt\n');
    git('clean', '-fdq');
    expect(existsSync(join(repo, '.overseer', 'coord.db'))).toBe(true);

    // A state dir given as a directory of the user's (`--state-dir .`): never told to ignore all of it.
    const own = tempDir();
    writeFileSync(join(own, 'notes.md'), 'mine\n');
    (await ledgerWith(own, ['a'])).close();
    expect(existsSync(join(own, '.gitignore'))).toBe(false);
  });
});

describe('task specs', () => {
  /** A closed ledger of tasks a and b whose row for b holds `json` as its spec, as written outside overseer. */
  async function ledgerWithSpecOfB(json: string): Promise<string> {
    const dir = tempDir();
    (await ledgerWith(dir, ['a', 'b'])).close();
    const SQL = await sqlEngine();
    const db = new SQL.Database(readFileSync(join(dir, 'coord.db')));
    db.run(`UPDATE tasks SET spec = ? WHERE name = 'b'`, [json]);
    writeFileSync(join(dir, 'coord.db'), db.export());
    db.close();
    return dir;
  }

  it('are read back through their schema: one changed outside overseer is a LedgerError naming the task and the field, not a crash further on', async () => {
    const dir = await ledgerWithSpecOfB('{"name":"b","cwd":".","prompt":"x","depends_on":"a"}');

    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    try {
      expect(reader.task('a')!.spec.depends_on).toEqual([]);
      expect(reader.task('a')!.spec.max_retries).toBe(2); // the manifest's default, filled in
      expect(() => reader.task('b')!.spec).toThrow(LedgerError);
      expect(() => reader.task('b')!.spec).toThrow(/^task "b" in the ledger has a spec this overseer cannot read \(depends_on: .*\): the ledger was changed by hand/);
      // Listing tasks reads no spec: `status` still works.
      expect(reader.tasks().map((t) => t.state)).toEqual(['PENDING', 'PENDING']);
    } finally {
      reader.close();
    }
  });

  it('one that is not JSON, or has null where a field is required, is refused saying so', async () => {
    for (const [json, problem] of [
      ['{"name":', 'it is not JSON'],
      ['{"name":"b","cwd":null,"prompt":"x"}', 'cwd: Invalid input: expected string, received null'],
    ] as const) {
      const reader = await Ledger.open({ stateDir: await ledgerWithSpecOfB(json), mode: 'read' });
      try {
        expect(() => reader.task('b')!.spec).toThrow(`task "b" in the ledger has a spec this overseer cannot read (${problem})`);
      } finally {
        reader.close();
      }
    }
  });

  it('one an earlier overseer stored from an inbox submit with fields null (a script\'s None) is read with them not given', async () => {
    const dir = await ledgerWithSpecOfB('{"name":"b","cwd":".","prompt":"x","depends_on":null,"role":null,"verify":null,"budget_usd":null}');
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    try {
      expect(reader.task('b')!.spec).toMatchObject({ depends_on: [], verify: [], max_retries: 2 });
      expect(reader.task('b')!.spec.role).toBeUndefined();
      expect(reader.task('b')!.spec.budget_usd).toBeUndefined();
      expect(reader.tasks().map((t) => t.state)).toEqual(['PENDING', 'PENDING']);
    } finally {
      reader.close();
    }
  });
});

describe('transitions', () => {
  it('writes the state, a history row and an event together, and survives a reopen', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    ledger.close();
    const again = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(again.task('a')?.state).toBe('READY');
    expect(again.transitions('a').map((t) => `${t.from}->${t.to}:${t.cause}`)).toEqual(['CREATED->PENDING:created', 'PENDING->READY:deps-done']);
    again.close();
    const lines = events(dir).filter((e) => e.type === 'task.transition');
    expect(lines.map((e) => [e.task_id, e.from, e.to, e.cause])).toEqual([
      ['a', 'CREATED', 'PENDING', 'created'],
      ['a', 'PENDING', 'READY', 'deps-done'],
    ]);
  });

  it('an illegal transition throws and changes nothing: state, history, outbox, next seq', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    const seqBefore = ledger.meta('next_seq');
    expect(() => ledger.transition('a', 'DONE', 'verified')).toThrow(IllegalTransitionError);
    expect(ledger.task('a')?.state).toBe('PENDING');
    expect(ledger.transitions('a')).toHaveLength(1);
    expect(ledger.pendingEvents()).toEqual([]);
    expect(ledger.meta('next_seq')).toBe(seqBefore);
    ledger.commit();
    ledger.close();
    const again = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(again.task('a')?.state).toBe('PENDING');
    again.close();
    expect(events(dir)).toHaveLength(1);
  });

  it('an event in a rolled-back transaction gives its seq back: the next event takes it, with no gap', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    const seqBefore = Number(ledger.meta('next_seq'));
    expect(() =>
      ledger.tx(() => {
        ledger.transition('a', 'READY', 'deps-done');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(ledger.meta('next_seq')).toBe(String(seqBefore));
    ledger.transition('a', 'READY', 'deps-done');
    expect(ledger.meta('next_seq')).toBe(String(seqBefore + 1));
    ledger.close();
    const lines = events(dir);
    expectContiguous(lines.map((e) => e.seq));
    expect(lines.at(-1)).toMatchObject({ seq: seqBefore, type: 'task.transition', to: 'READY' });
    const again = await Ledger.open({ stateDir: dir, mode: 'write', create: true });
    again.transition('a', 'ASSIGNED', 'dispatched');
    again.close();
    expect(events(dir).at(-1)).toMatchObject({ seq: seqBefore + 1, to: 'ASSIGNED' });
  });
});

describe('persist', () => {
  it('commits go to the journal; a checkpoint writes coord.db whole and keeps the previous one as .bak, which with the journal reaches the same state', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    // Not checkpointed yet: coord.db lags, the journal has the commits, a reader sees them.
    expect(await rawQuery(join(dir, 'coord.db'), "SELECT COUNT(*) FROM tasks WHERE name = 'a'")).toEqual([[0]]);
    expect(readFileSync(join(dir, 'coord.db.journal'), 'utf8').trim().split('\n')).toHaveLength(2);
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(reader.task('a')?.state).toBe('READY');
    reader.close();
    ledger.close(); // folds the journal into coord.db
    expect(existsSync(join(dir, 'coord.db.tmp'))).toBe(false);
    expect(await rawQuery(join(dir, 'coord.db'), "SELECT state FROM tasks WHERE name = 'a'")).toEqual([['READY']]);
    expect(statSync(join(dir, 'coord.db.journal')).size).toBe(0);
    // .bak is the previous checkpoint (it has no task a): only with the moved journal does it reach
    // the same state, so a damaged coord.db loses nothing.
    expect(await rawQuery(join(dir, 'coord.db.bak'), "SELECT COUNT(*) FROM tasks WHERE name = 'a'")).toEqual([[0]]);
    writeFileSync(join(dir, 'coord.db'), 'damaged');
    const recovered = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    expect(recovered.task('a')?.state).toBe('READY');
    recovered.close();
  });

  it('ignores a garbage coord.db.tmp left by a crash, and the next persist replaces it', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    writeFileSync(join(dir, 'coord.db.tmp'), 'half a database');
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write' });
    expect(ledger.task('a')?.state).toBe('PENDING');
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    ledger.close();
    expect(existsSync(join(dir, 'coord.db.tmp'))).toBe(false);
  });

  it('read mode changes nothing on disk and refuses writes', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const before = readFileSync(join(dir, 'coord.db'));
    const mtime = statSync(join(dir, 'coord.db')).mtimeMs;
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(() => reader.transition('a', 'READY', 'deps-done')).toThrow(/read-only/);
    reader.close();
    expect(readFileSync(join(dir, 'coord.db')).equals(before)).toBe(true);
    expect(statSync(join(dir, 'coord.db')).mtimeMs).toBe(mtime);
    expect(existsSync(join(dir, 'coord.db.lock'))).toBe(false);
  });
});

describe('events exactly once', () => {
  it('seqs run from 1 with no gap, one task.transition line per history row', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a', 'b']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.transition('a', 'ASSIGNED', 'dispatched');
    ledger.commit();
    ledger.transition('b', 'CANCELLED', 'cancelled');
    ledger.close();
    const lines = events(dir);
    expectContiguous(lines.map((e) => e.seq));
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(lines.filter((e) => e.type === 'task.transition')).toHaveLength(reader.transitions().length);
    reader.close();
    for (const e of lines) expect(Object.keys(e).slice(0, 5)).toEqual(['v', 'seq', 'type', 'at', 'run_id']);
  });

  it('a crash after the events are written but before the prune is persisted writes no duplicate', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const script = await bundle(child);
    const r = spawnSync(process.execPath, [script, 'commit-then-die', dir, 'b'], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    // On disk (coord.db and its journal) the outbox still holds b's event, and events.ndjson has it too.
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(reader.pendingEvents()).toHaveLength(1);
    reader.close();
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    ledger.transition('b', 'READY', 'deps-done');
    ledger.close();
    const lines = events(dir);
    expectContiguous(lines.map((e) => e.seq));
    expect(lines.map((e) => `${e.task_id}:${e.to}`)).toEqual(['a:PENDING', 'b:PENDING', 'b:READY']);
  });

  it('a torn last line is cut back and its event written again, once', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.transition('a', 'READY', 'deps-done');
    // Persist without flushing, then fake a kill in the middle of writing the event line.
    const pending = ledger.pendingEvents();
    expect(pending).toHaveLength(1);
    ledger.close();
    const path = join(dir, 'events.ndjson');
    const whole = readFileSync(path, 'utf8');
    const lastLine = whole.trimEnd().split('\n').pop()!;
    writeFileSync(path, whole.slice(0, whole.length - lastLine.length - 1) + lastLine.slice(0, 20));
    const again = await Ledger.open({ stateDir: dir, mode: 'write' });
    again.close();
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    const lines = events(dir);
    expectContiguous(lines.map((e) => e.seq));
    expect(lines.map((e) => `${e.task_id}:${e.to}`)).toEqual(['a:PENDING', 'a:READY']);
  });

  it('after a .bak recovery no seq already in events.ndjson is reused', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    ledger.close();
    // Damage coord.db: the .bak is one persist behind, events.ndjson is ahead of it.
    writeFileSync(join(dir, 'coord.db'), readFileSync(join(dir, 'coord.db')).subarray(0, 1000));
    const warnings: string[] = [];
    const recovered = await Ledger.open({ stateDir: dir, mode: 'write', warn: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/recovered from .*coord\.db\.bak/);
    recovered.transition('a', recovered.task('a')!.state === 'PENDING' ? 'READY' : 'ASSIGNED', recovered.task('a')!.state === 'PENDING' ? 'deps-done' : 'dispatched');
    recovered.close();
    const seqs = events(dir).map((e) => e.seq);
    expectContiguous(seqs);
  });

  it('an event appended by hand after the last seq is not overwritten or duplicated', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.close();
    appendFileSync(join(dir, 'events.ndjson'), '');
    const again = await Ledger.open({ stateDir: dir, mode: 'write' });
    again.transition('a', 'READY', 'deps-done');
    again.close();
    expectContiguous(events(dir).map((e) => e.seq));
  });
});

describe('events exactly once across a rotated or deleted events.ndjson', () => {
  const seqsIn = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { seq: number }).seq);

  /**
   * b added by a writer killed (SIGKILL) after its line reached events.ndjson, before a checkpoint
   * pruned its row. `firstRun`: it also created the ledger, so no checkpoint ever pruned a row.
   */
  async function killedBeforePrune(firstRun: boolean): Promise<string> {
    const dir = tempDir();
    if (!firstRun) (await ledgerWith(dir, ['a'])).close();
    const r = spawnSync(process.execPath, [await bundle(child), 'commit-then-die', dir, 'b'], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(seqsIn(join(dir, 'events.ndjson'))).toEqual(firstRun ? [1] : [1, 2]);
    return dir;
  }

  /** The writer after the crash makes b READY and closes; a later one only opens and closes. */
  async function writeOnAndReopen(dir: string): Promise<void> {
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    ledger.transition('b', 'READY', 'deps-done');
    ledger.close();
    (await Ledger.open({ stateDir: dir, mode: 'write' })).close();
  }

  it.each([false, true])('rotated away after a crash, before the next open: the new file goes on with the next seq, no line written twice (first run: %s)', async (firstRun) => {
    const dir = await killedBeforePrune(firstRun);
    const path = join(dir, 'events.ndjson');
    renameSync(path, `${path}.1`); // logrotate, which makes a new empty file (its `create`)
    writeFileSync(path, '');
    await writeOnAndReopen(dir);
    const rotated = seqsIn(`${path}.1`);
    expect(rotated).toEqual(firstRun ? [1] : [1, 2]);
    expect(events(dir).map((e) => `${e.seq}:${e.task_id}:${e.to}`)).toEqual([`${rotated.length + 1}:b:READY`]);
  });

  it.each([false, true])('deleted on purpose after a crash: the fresh file starts at the next seq, and the lines it dropped never come back (first run: %s)', async (firstRun) => {
    const dir = await killedBeforePrune(firstRun);
    unlinkSync(join(dir, 'events.ndjson'));
    await writeOnAndReopen(dir);
    expect(events(dir).map((e) => e.seq)).toEqual([firstRun ? 2 : 3]);
  });

  it('emptied in place (copytruncate) after a crash: the same, though the file is the same inode', async () => {
    const dir = await killedBeforePrune(false);
    // A checkpoint first, so the file held synced lines the outbox no longer has.
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    unlinkSync(join(dir, 'coord.db.lock')); // killed again, its outbox holds seq 3
    const path = join(dir, 'events.ndjson');
    writeFileSync(path, ''); // in place, same inode
    const again = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    again.transition('b', 'READY', 'deps-done');
    again.close();
    expect(events(dir).map((e) => e.seq)).toEqual([4]);
  });

  it('copied elsewhere after a first run was killed before its first lines reached the file (an Actions cache restored on a new runner): the copy writes them', async () => {
    const dir = tempDir();
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write', create: true, warn: () => {} });
    // Killed between the commit and the append: the commit is durable, its lines are in no file.
    (ledger as unknown as { events: { append: () => never } }).events.append = () => {
      throw new Error('killed before the append');
    };
    ledger.addTasks([taskOf('a')]);
    expect(() => ledger.commit()).toThrow(/killed before the append/);
    unlinkSync(join(dir, 'coord.db.lock'));
    expect(seqsIn(join(dir, 'events.ndjson'))).toEqual([]);
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true }); // every inode new
    (await Ledger.open({ stateDir: copy, mode: 'write', warn: () => {} })).close();
    expect(events(copy).map((e) => `${e.seq}:${e.type}`)).toEqual(['1:task.transition']);
  });

  it('rotated while the run writes it and the first append to the new file fails: no seq of the old file is appended again', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.ndjson');
    const ledger = await ledgerWith(dir, ['a', 'b', 'c'], () => {});
    ledger.transition('a', 'READY', 'deps-done');
    ledger.commit();
    expect(seqsIn(path)).toEqual([1, 2, 3, 4]);
    renameSync(path, `${path}.1`);
    symlinkSync('/dev/full', path); // the new file: a full disk
    ledger.transition('b', 'READY', 'deps-done');
    expect(() => ledger.commit()).toThrow(/ENOSPC/);
    unlinkSync(path); // room again
    ledger.transition('c', 'READY', 'deps-done');
    ledger.commit();
    ledger.close();
    expect(seqsIn(`${path}.1`)).toEqual([1, 2, 3, 4]);
    expect(events(dir).map((e) => e.seq)).toEqual([5, 6]);
  });
});

describe('read cache', () => {
  // The supervisor reads every row on every tick from a cache; each write must show through it.
  it("adds a task's costs without float drift: $0.10 and $0.20 are $0.30, not a cap of $0.30 passed; spentUsd sums the tasks", async () => {
    const ledger = await ledgerWith(tempDir(), ['a', 'b']);
    ledger.transition('a', 'READY', 'deps-done');
    ledger.transition('a', 'ASSIGNED', 'dispatched');
    for (const usd of [0.1, 0.2]) {
      const { id } = ledger.beginAttempt({ task: 'a', kind: 'fresh', agent: 'demo', logPath: () => '/dev/null' });
      ledger.attemptProgress(id, { costUsd: usd });
      ledger.endAttempt(id, { exitCode: 0, failureClass: null, stopReason: null });
    }
    expect(ledger.task('a')!.costUsd).toBe(0.3);
    expect(ledger.spentUsd()).toBe(0.3);
    ledger.close();
  });

  it('shows every kind of write in tasks() and attemptsByTask(), and drops a rolled-back one', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a', 'b']);
    const state = () => Object.fromEntries(ledger.tasks().map((t) => [t.name, `${t.state}/${t.costUsd}`]));
    expect(state()).toEqual({ a: 'PENDING/0', b: 'PENDING/0' });
    expect(ledger.attemptsByTask().size).toBe(0);

    ledger.transition('a', 'READY', 'deps-done');
    ledger.transition('a', 'ASSIGNED', 'dispatched');
    const { id } = ledger.beginAttempt({ task: 'a', kind: 'fresh', agent: 'demo', logPath: () => '/dev/null' });
    expect(ledger.attemptsByTask().get('a')?.map((x) => x.id)).toEqual([id]);
    ledger.attemptStarted(id, process.pid, null);
    ledger.attemptProgress(id, { costUsd: 0.25 });
    expect(state().a).toBe('ASSIGNED/0.25');
    ledger.endAttempt(id, { exitCode: 0, failureClass: null, stopReason: null });
    expect(ledger.attemptsByTask().get('a')?.[0]).toMatchObject({ exitCode: 0, verdict: null });
    ledger.setVerdict(id, 'PASS');
    expect(ledger.attemptsByTask().get('a')?.[0]).toMatchObject({ exitCode: 0, verdict: 'PASS', verdictFailure: null, pid: process.pid });
    // A FAIL that needs a person says why beside the verdict; the agent's own outcome (metrics: success) stays.
    ledger.setVerdict(id, 'FAIL', 'config');
    expect(ledger.attemptsByTask().get('a')?.[0]).toMatchObject({ verdict: 'FAIL', verdictFailure: 'config', failureClass: null });
    expect(ledger.stats().attemptsByOutcome).toEqual({ success: 1 });

    expect(() =>
      ledger.tx(() => {
        ledger.transition('b', 'READY', 'deps-done');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(state().b).toBe('PENDING/0');

    ledger.addTasks([taskOf('c')]);
    expect(ledger.tasks().map((t) => t.name)).toEqual(['a', 'b', 'c']);
    // A second reader of the same file sees what the cache says.
    ledger.commit();
    const reader = await Ledger.open({ stateDir: dir, mode: 'read' });
    expect(reader.tasks().map((t) => `${t.name}:${t.state}/${t.costUsd}`)).toEqual(ledger.tasks().map((t) => `${t.name}:${t.state}/${t.costUsd}`));
    reader.close();
    ledger.close();
  });
});

describe('migrations', () => {
  it('a v1 ledger is upgraded: dispatch time, attempt count and latest verdicts are filled from its history', async () => {
    const { MIGRATIONS } = await import('../../src/ledger/schema.js');
    const SQL = await sqlEngine();
    const db = new SQL.Database();
    db.exec(MIGRATIONS[0]!);
    db.exec(`INSERT INTO meta (key, value) VALUES ('app', 'overseer'), ('run_id', 'r-v1'), ('next_seq', '1');
      INSERT INTO tasks (name, ord, spec, state, state_cause, spec_hash, created_at, updated_at) VALUES ('a', 0, '{"name":"a"}', 'DONE', 'verified', 'h', '2026-01-01T00:00:00.000Z', '2026-01-01T00:05:00.000Z');
      INSERT INTO task_transitions (task_id, from_state, to_state, cause, at) VALUES
        ('a', 'READY', 'ASSIGNED', 'dispatched', '2026-01-01T00:01:00.000Z'), ('a', 'RETRYING', 'ASSIGNED', 'dispatched', '2026-01-01T00:03:00.000Z');
      INSERT INTO task_attempts (id, task_id, attempt_num, kind, agent) VALUES (1, 'a', 1, 'fresh', 'demo'), (2, 'a', 2, 'retry', 'demo');
      INSERT INTO task_verifications (attempt_id, task_id, seq, kind, command, verdict, output, duration_ms, ran_at) VALUES
        (1, 'a', 0, 'run', 'x', 'FAIL', '', 1, 'now'), (2, 'a', 0, 'run', 'x', 'PASS', '', 1, 'now'), (2, 'a', 1, 'brain', 'q', 'PASS', '', 1, 'now');
      PRAGMA user_version = 1;`);
    const dir = tempDir();
    writeFileSync(join(dir, 'coord.db'), db.export());
    db.close();
    const ledger = await Ledger.open({ stateDir: dir, mode: 'write' });
    expect(ledger.tasks()[0]).toMatchObject({
      firstDispatchedAt: '2026-01-01T00:01:00.000Z',
      attemptCount: 2,
      verdicts: [
        { kind: 'run', verdict: 'PASS' },
        { kind: 'brain', verdict: 'PASS' },
      ],
    });
    ledger.close();
    expect(await rawQuery(join(dir, 'coord.db'), 'PRAGMA user_version')).toEqual([[SCHEMA_VERSION]]);
  });
});

describe('events after a recovery one event behind the file', () => {
  it("a ledger whose next seq is the file's last takes the one after it: no seq is reused, no event lost", async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const last = events(dir).at(-1)!.seq;
    // As a recovered .bak can be: its next_seq names the event the file already holds last.
    const SQL = await sqlEngine();
    const db = new SQL.Database(readFileSync(join(dir, 'coord.db')));
    db.run("UPDATE meta SET value = ? WHERE key = 'next_seq'", [String(last)]);
    writeFileSync(join(dir, 'coord.db'), db.export());
    db.close();

    const writer = await Ledger.open({ stateDir: dir, mode: 'write' });
    writer.transition('a', 'READY', 'deps-done');
    writer.close();
    const lines = events(dir);
    expectContiguous(lines.map((e) => e.seq));
    expect(lines.at(-1)).toMatchObject({ seq: last + 1, type: 'task.transition', task_id: 'a', to: 'READY' });
  });
});
