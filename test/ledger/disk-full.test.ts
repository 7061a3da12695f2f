// A full disk in the middle of a commit, on real files. A writer runs under a file size limit
// (RLIMIT_FSIZE, set with prlimit): the kernel then does what a full disk does, a short write
// followed by an error (EFBIG rather than ENOSPC), and the test lifts the limit as space would be
// freed. The failed write must leave its file as it was and say which file, and nothing may be lost
// or counted twice once there is room again.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/ledger.js';
import { bundle } from '../helpers/bundle.js';
import { events, expectContiguous, ledgerWith, taskOf, tempDir } from '../helpers/ledger.js';

const childScript = join(import.meta.dirname, '..', 'helpers', 'ledger-child.ts');
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
/** Above a small ledger (~80 KB) and below the journal's checkpoint threshold (256 KiB). */
const LIMIT = 200_000;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

interface Answer {
  ok?: true;
  error?: string;
  message?: string;
}

/** A writer under the file size limit, driven one step at a time (see ledger-child.ts `steps`). */
async function limitedWriter(dir: string): Promise<{ step(line: string): Promise<Answer>; liftLimit(): void; crash(): Promise<void> }> {
  const script = await bundle(childScript);
  const proc = spawn('prlimit', [`--fsize=${LIMIT}:unlimited`, process.execPath, script, 'steps', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(proc);
  const answers = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<Answer> => {
    const r = await answers.next();
    if (r.done) throw new Error('the writer exited');
    return JSON.parse(r.value as string) as Answer;
  };
  expect(await next()).toEqual({ ok: true }); // opened
  return {
    step(line) {
      proc.stdin!.write(`${line}\n`);
      return next();
    },
    /** End without close(), as a killed writer would: what survives is what reached the files. */
    async crash() {
      const exited = once(proc, 'exit');
      proc.stdin!.write('exit\n');
      await exited;
    },
    // prlimit execs the node process: same pid. Raising the soft limit needs no privilege.
    liftLimit() {
      expect(spawnSync('prlimit', ['--pid', String(proc.pid), '--fsize=unlimited:']).status).toBe(0);
    },
  };
}

function journalSeqs(dir: string): number[] {
  const text = readFileSync(join(dir, 'coord.db.journal'), 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq);
}

describe.skipIf(!hasPrlimit)('a full disk', () => {
  it('a journal append cut short is cut back and named; once there is room the commit is made, with no gap', async () => {
    const dir = tempDir();
    (await ledgerWith(dir, ['a'])).close();
    const writer = await limitedWriter(dir);
    expect(await writer.step('add small 10')).toEqual({ ok: true });
    const seqs = journalSeqs(dir);
    const size = statSync(join(dir, 'coord.db.journal')).size;

    expect(await writer.step('add big 250000')).toEqual({
      error: 'LedgerError',
      message: `file size limit reached writing ${join(dir, 'coord.db.journal')} (EFBIG)`,
    });
    expect(statSync(join(dir, 'coord.db.journal')).size).toBe(size);
    expect(journalSeqs(dir)).toEqual(seqs);

    writer.liftLimit();
    expect(await writer.step('add after 10')).toEqual({ ok: true });
    const last = seqs.at(-1)!;
    expect(journalSeqs(dir)).toEqual([...seqs, last + 1]);
    await writer.crash();

    const reopened = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    expect(reopened.tasks().map((t) => t.name)).toEqual(['a', 'small', 'big', 'after']);
    reopened.close();
    expectContiguous(events(dir).map((e) => e.seq));
    expect(events(dir).filter((e) => e.task_id === 'big')).toHaveLength(1);
  });

  it('an events.ndjson append cut short is cut back; its events are written once there is room, exactly once', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    // Grow events.ndjson near the limit; the journal is emptied by the checkpoint at close.
    while (statSync(join(dir, 'events.ndjson')).size < LIMIT - 20_000) {
      ledger.emit('control.request', { request: 'x'.repeat(10_000), by: 'test' });
      ledger.commit();
    }
    ledger.close();
    const before = readFileSync(join(dir, 'events.ndjson'));
    const writer = await limitedWriter(dir);

    expect(await writer.step('emit 30000')).toEqual({
      error: 'LedgerError',
      message: `file size limit reached writing ${join(dir, 'events.ndjson')} (EFBIG)`,
    });
    expect(readFileSync(join(dir, 'events.ndjson')).equals(before)).toBe(true);

    writer.liftLimit();
    expect(await writer.step('add after 10')).toEqual({ ok: true });
    expect(await writer.step('close')).toEqual({ ok: true });
    const all = events(dir);
    expectContiguous(all.map((e) => e.seq));
    expect(all.filter((e) => e.type === 'control.request' && (e.request as string).length === 30_000)).toHaveLength(1);
    expect(all.at(-1)).toMatchObject({ type: 'task.transition', task_id: 'after' });
  });

  it('a checkpoint cut short leaves coord.db as it was and no temp file; the journal still has the commits', async () => {
    const dir = tempDir();
    const ledger = await ledgerWith(dir, ['a']);
    ledger.addTasks([taskOf('wide', { prompt: 'x'.repeat(LIMIT) })]);
    ledger.close();
    const before = readFileSync(join(dir, 'coord.db'));
    expect(before.length).toBeGreaterThan(LIMIT);
    const writer = await limitedWriter(dir);
    expect(await writer.step('add after 10')).toEqual({ ok: true });

    expect(await writer.step('close')).toEqual({
      error: 'LedgerError',
      message: `file size limit reached writing ${join(dir, 'coord.db.tmp')} (EFBIG)`,
    });
    expect(readFileSync(join(dir, 'coord.db')).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'coord.db.tmp'))).toBe(false);

    const reopened = await Ledger.open({ stateDir: dir, mode: 'write', warn: () => {} });
    expect(reopened.tasks().map((t) => t.name)).toEqual(['a', 'wide', 'after']);
    reopened.close();
  });
});
