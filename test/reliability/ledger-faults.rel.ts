// Ledger faults through the built CLI, at volume: a 50-task ledger truncated at 100 offsets, with
// 100 single-bit flips, replaced by a foreign SQLite file or one from a newer overseer, each with
// and without a good coord.db.bak; then four processes submitting 25 tasks each at once.
// For every damaged file a reader (`status --json`) and a writer (`submit`) run. The promise: never
// an empty ledger over data. Either exit 3 with a message (no stack trace) and the damaged bytes
// still on disk (coord.db as it was, or kept as coord.db.damaged-*), or success with all 50 tasks.
// `lost` counts tasks that went missing or damaged bytes that vanished.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import { sqlEngine } from '../../src/ledger/sqljs.js';
import { taskOf } from '../helpers/ledger.js';
import { prng, report, seedFrom } from './report.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();
const cli = join(repo, 'dist', 'cli.js');
const seed = seedFrom(20260602);
const random = prng(seed);
const TASKS = 50;
const CUTS = 100;
const FLIPS = 100;
const PARALLEL = 2;
const WRITERS = 4;
const PER_WRITER = 25;
const CRASH = /^\s+at .+:\d+:\d+\)?$|internal error/m;
const reproduce = `OVERSEER_SEED=${seed} npm run reliability -- ledger`;

interface Answer {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number | undefined;
}

function overseer(stateDir: string, args: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--state-dir', stateDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, pid: child.pid }));
  });
}

async function pool<T>(items: readonly T[], n: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = Array.from({ length: TASKS }, (_, i) => `task-${String(i).padStart(2, '0')}`);

// ---- the healthy ledger: 50 tasks in coord.db, and a .bak that holds all 50 too ----------------

const SQL = await sqlEngine();
/** Tasks in a ledger file as it is, without its journal (0 when there is no file or no table). */
function taskCount(bytes: Uint8Array | undefined): number {
  if (!bytes) return 0;
  const db = new SQL.Database(bytes);
  try {
    return Number(db.exec('SELECT count(*) FROM tasks')[0]!.values[0]![0]);
  } catch {
    return 0;
  } finally {
    db.close();
  }
}
const template = mkdtempSync(join(tmpdir(), 'overseer-faults-'));
/** Every file of the healthy state directory but the lock: coord.db, its .bak, events, any journal. */
const healthy = new Map<string, Buffer>();
// Open, change, commit, close until both coord.db and the previous version kept as .bak hold
// every task (each open of a changed ledger writes it whole, whatever it keeps beside it).
for (let round = 0; taskCount(healthy.get('coord.db')) !== TASKS || taskCount(healthy.get('coord.db.bak')) !== TASKS; round++) {
  if (round === 5) throw new Error('could not make a ledger whose coord.db and .bak both hold every task');
  const ledger = await Ledger.open({ stateDir: template, mode: 'write', create: true });
  if (round === 0) ledger.addTasks(names.map((name) => taskOf(name)));
  else ledger.transition(names[round]!, 'READY', 'deps-done');
  ledger.commit();
  ledger.close();
  healthy.clear();
  for (const f of readdirSync(template)) if (!f.endsWith('.lock')) healthy.set(f, readFileSync(join(template, f)));
}
rmSync(template, { recursive: true, force: true });
const good = healthy.get('coord.db')!;

// ---- damaged files ---------------------------------------------------------------------------

interface Case {
  family: 'truncation' | 'bit flips' | 'foreign/future';
  label: string;
  bytes: Buffer;
  withBak: boolean;
  /** Not ours: must be refused (exit 3, coord.db untouched) even with a good .bak. */
  refuse: boolean;
}

interface Outcome {
  failures: string[];
  lost: string[];
  /** How reader and writer ended, e.g. "reader refused", "writer recovered". */
  tags: string[];
}

async function runCase(c: Case, k: number): Promise<Outcome> {
  const out: Outcome = { failures: [], lost: [], tags: [] };
  const where = `${c.label}, ${c.withBak ? 'with' : 'without'} .bak`;
  const dir = mkdtempSync(join(tmpdir(), 'overseer-fault-'));
  for (const [f, bytes] of healthy) if (f !== 'coord.db' && (c.withBak || f !== 'coord.db.bak')) writeFileSync(join(dir, f), bytes);
  writeFileSync(join(dir, 'coord.db'), c.bytes);
  const kept = () => {
    const files = ['coord.db', ...readdirSync(dir).filter((f) => f.startsWith('coord.db.damaged-'))];
    return files.filter((f) => {
      try {
        return readFileSync(join(dir, f)).equals(c.bytes);
      } catch {
        return false;
      }
    });
  };
  const judgeExit = (who: string, a: Answer): 'ok' | 'refused' | 'bad' => {
    if (CRASH.test(a.stderr) || CRASH.test(a.stdout)) {
      out.failures.push(`${where}: ${who} crashed (exit ${a.code}): ${a.stderr.slice(0, 300)}`);
      return 'bad';
    }
    if (a.code === 3) {
      if (!/^overseer: \S/m.test(a.stderr)) out.failures.push(`${where}: ${who} exit 3 without a message: ${JSON.stringify(a.stderr)}`);
      return 'refused';
    }
    if (a.code !== 0) {
      out.failures.push(`${where}: ${who} exit ${a.code}: ${a.stderr.slice(0, 300)}`);
      return 'bad';
    }
    if (c.refuse) out.failures.push(`${where}: ${who} succeeded on a file that is not ours`);
    return 'ok';
  };

  // The reader: lists every task, or refuses; either way it changes nothing.
  const reader = await overseer(dir, ['status', '--json']);
  const r = judgeExit('status', reader);
  if (r === 'ok') {
    try {
      const listed = new Set((JSON.parse(reader.stdout) as { tasks: Array<{ name: string }> }).tasks.map((t) => t.name));
      const missing = names.filter((n) => !listed.has(n));
      if (missing.length > 0) out.lost.push(`${where}: status listed ${listed.size} tasks, missing ${missing.slice(0, 5).join(', ')}`);
    } catch {
      out.failures.push(`${where}: status --json printed unparsable JSON (${reader.stdout.length} bytes: ${JSON.stringify(reader.stdout.slice(0, 200))} … ${JSON.stringify(reader.stdout.slice(-200))}; stderr ${JSON.stringify(reader.stderr.slice(0, 300))})`);
    }
    out.tags.push(/instead/.test(reader.stderr) ? 'reader read .bak' : 'reader read coord.db');
  } else if (r === 'refused') {
    out.tags.push('reader refused');
  }
  if (!readFileSync(join(dir, 'coord.db')).equals(c.bytes)) out.lost.push(`${where}: status changed coord.db`);

  // The writer: adds a task to all 50, or refuses and keeps the damaged bytes.
  const extra = `extra-${k}`;
  const writer = await overseer(dir, ['submit', '--name', extra, '--cwd', '.', '--prompt', 'one more']);
  const w = judgeExit('submit', writer);
  const keptAs = kept();
  if (w === 'ok') {
    const recovered = /recovered from/.test(writer.stderr);
    out.tags.push(recovered ? 'writer recovered' : 'writer wrote coord.db');
    if (recovered && !keptAs.some((f) => f.startsWith('coord.db.damaged-'))) out.lost.push(`${where}: recovered, but the damaged file was not kept`);
    try {
      const ledger = await Ledger.open({ stateDir: dir, mode: 'read' });
      const listed = new Set(ledger.tasks().map((t) => t.name));
      ledger.close();
      const missing = [...names, extra].filter((n) => !listed.has(n));
      if (missing.length > 0) out.lost.push(`${where}: after submit the ledger has ${listed.size} tasks, missing ${missing.slice(0, 5).join(', ')}`);
    } catch (err) {
      out.lost.push(`${where}: after a successful submit the ledger cannot be read (${(err as Error).message})`);
    }
  } else if (w === 'refused') {
    out.tags.push('writer refused');
    if (keptAs.length === 0) out.lost.push(`${where}: submit refused, but the damaged bytes are gone`);
    if (c.refuse && !keptAs.includes('coord.db')) out.failures.push(`${where}: a file that is not ours was moved`);
  }
  if (out.failures.length + out.lost.length === 0) rmSync(dir, { recursive: true, force: true });
  else out.failures.push(`${where}: kept in ${dir}`);
  return out;
}

const cases: Case[] = [];
for (const withBak of [true, false]) {
  for (let i = 0; i < CUTS; i++) {
    const at = Math.floor((i * good.length) / CUTS);
    cases.push({ family: 'truncation', label: `cut at ${at}`, bytes: good.subarray(0, at), withBak, refuse: false });
  }
}
const flips = Array.from({ length: FLIPS }, () => [Math.floor(random() * good.length), Math.floor(random() * 8)] as const);
for (const withBak of [true, false]) {
  for (const [offset, bit] of flips) {
    const bytes = Buffer.from(good);
    bytes[offset] = bytes[offset]! ^ (1 << bit);
    cases.push({ family: 'bit flips', label: `bit ${bit} of byte ${offset} flipped`, bytes, withBak, refuse: false });
  }
}
{
  const foreign = new SQL.Database();
  foreign.run('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
  foreign.run('INSERT INTO invoices (total) VALUES (12.5), (99.0)');
  const future = new SQL.Database(good);
  future.exec('PRAGMA user_version = 99');
  for (const withBak of [true, false]) {
    cases.push({ family: 'foreign/future', label: 'a foreign SQLite file', bytes: Buffer.from(foreign.export()), withBak, refuse: true });
    cases.push({ family: 'foreign/future', label: 'a ledger of schema 99', bytes: Buffer.from(future.export()), withBak, refuse: true });
  }
  foreign.close();
  future.close();
}

const outcomes: Outcome[] = new Array<Outcome>(cases.length);
const started = performance.now();
await pool(cases, PARALLEL, async (c, k) => {
  outcomes[k] = await runCase(c, k);
});
const damagedMs = performance.now() - started;

const tally = (tags: string[]) => {
  const counts = new Map<string, number>();
  for (const t of tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${n} ${t}`).join(', ');
};

for (const family of ['truncation', 'bit flips', 'foreign/future'] as const) {
  const mine = cases.flatMap((c, k) => (c.family === family ? [{ c, o: outcomes[k]! }] : []));
  const failures = mine.filter(({ o }) => o.failures.length > 0).length;
  const lost = mine.filter(({ o }) => o.lost.length > 0).length;
  for (const { o } of mine) for (const line of [...o.lost, ...o.failures].slice(0, 4)) console.log(`  ${line}`);
  const side = (withBak: boolean) => tally(mine.filter(({ c }) => c.withBak === withBak).flatMap(({ o }) => o.tags));
  const what =
    family === 'truncation'
      ? `${CUTS} cuts from 0 to ${good.length} bytes`
      : family === 'bit flips'
        ? `${FLIPS} single-bit flips at random offsets of ${good.length} bytes`
        : 'a foreign SQLite file and a schema-99 ledger';
  report({
    scenario: `ledger faults: ${family} (${TASKS} tasks)`,
    trials: mine.length,
    failures,
    lost,
    details: `${what}, each with and without a good .bak (beside coord.db: ${[...healthy.keys()].filter((f) => f !== 'coord.db').join(', ')}); with .bak: ${side(true)}; without: ${side(false)}`,
    reproduce,
  });
}

// ---- four processes submitting at once -------------------------------------------------------

const contention = mkdtempSync(join(tmpdir(), 'overseer-contention-'));
const pids = new Set<number>();
const busyBy = new Map<string, number>();
const contentionFailures: string[] = [];
let attempts = 0;
let busyNamed = 0;
let busyTorn = 0;
const t1 = performance.now();
await Promise.all(
  Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < PER_WRITER; i++) {
      const name = `w${w}-${String(i).padStart(2, '0')}`;
      for (let tries = 0; ; tries++) {
        attempts++;
        const a = await overseer(contention, ['submit', '--name', name, '--cwd', '.', '--prompt', `do ${name}`]);
        if (a.pid !== undefined) pids.add(a.pid);
        if (CRASH.test(a.stderr)) contentionFailures.push(`${name}: crashed: ${a.stderr.slice(0, 300)}`);
        if (a.code === 0) {
          if (a.stdout.trim() !== `${name}: submitted`) contentionFailures.push(`${name}: exit 0 but ${JSON.stringify(a.stdout.trim())}`);
          break;
        }
        const named = /ledger is in use by pid (\d+)/.exec(a.stderr);
        if (a.code === 3 && named) {
          busyNamed++;
          busyBy.set(`${name}#${tries}`, Number(named[1]));
        } else if (a.code === 3 && /is being locked by another process .* try again/.test(a.stderr)) {
          busyTorn++;
        } else {
          contentionFailures.push(`${name}: exit ${a.code}: ${a.stderr.slice(0, 300)}`);
          break;
        }
        if (tries >= 200) {
          contentionFailures.push(`${name}: still busy after ${tries} tries`);
          break;
        }
        await sleep(5 + random() * 30);
      }
    }
  }),
);
const contentionMs = performance.now() - t1;
// The pid a refusal names must be one of the other submits.
for (const [at, pid] of busyBy) if (!pids.has(pid)) contentionFailures.push(`${at}: refused naming pid ${pid}, not one of the submits`);
let contentionLost = WRITERS * PER_WRITER;
try {
  const ledger = await Ledger.open({ stateDir: contention, mode: 'read' });
  const listed = new Set(ledger.tasks().map((t) => t.name));
  ledger.close();
  const wanted = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: PER_WRITER }, (_, i) => `w${w}-${String(i).padStart(2, '0')}`)).flat();
  contentionLost = wanted.filter((n) => !listed.has(n)).length;
  if (listed.size !== wanted.length) contentionFailures.push(`the ledger lists ${listed.size} tasks, not ${wanted.length}`);
  const seqs = readFileSync(join(contention, 'events.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { seq: number }).seq);
  if (seqs.some((s, i) => s !== i + 1)) contentionFailures.push('event seqs are not contiguous from 1');
} catch (err) {
  contentionFailures.push(`the ledger cannot be read: ${(err as Error).message}`);
}
const queued = readdirSync(contention).includes('inbox') ? readdirSync(join(contention, 'inbox')).length : 0;
if (queued > 0) contentionFailures.push(`${queued} requests queued in the inbox with no supervisor to apply them`);
for (const f of contentionFailures.slice(0, 10)) console.log(`  ${f}`);
if (contentionFailures.length === 0 && contentionLost === 0) rmSync(contention, { recursive: true, force: true });
else console.log(`  the contended ledger is kept in ${contention}`);

report({
  scenario: `ledger faults: lock contention (${WRITERS} processes x ${PER_WRITER} submits)`,
  trials: WRITERS * PER_WRITER,
  failures: contentionFailures.length,
  lost: contentionLost,
  details:
    `${attempts} submit processes for ${WRITERS * PER_WRITER} tasks: ${busyNamed} refused naming the holder's pid, ${busyTorn} refused while the lock was being written, ` +
    `all retried; ${(contentionMs / 1000).toFixed(1)} s; the damaged-file cases took ${(damagedMs / 1000).toFixed(1)} s (${PARALLEL} at a time)`,
  reproduce,
});
