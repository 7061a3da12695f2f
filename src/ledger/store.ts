// coord.db as the ledger keeps it: SQLite in memory (sql.js), changed only in transactions, made
// durable between them (each commit's writes appended to the journal, or the file written whole as a
// checkpoint) and then feeding events.ndjson from the outbox exactly once (DESIGN §4). The ledger's
// tasks, attempts and reads live in ledger.ts, on top of this.

import { existsSync, statSync } from 'node:fs';
import { LedgerError } from '../core/errors.js';
import type { EventLog } from '../events/ndjson.js';
import { EVENTS_VERSION, type EventPayloads, type EventType } from '../events/types.js';
import { writeAtomic } from './file.js';
import type { Journal, Params } from './journal.js';
import type { Lock } from './lock.js';
import type { LedgerPaths } from './paths.js';
import { rowsOf, type Row } from './rows.js';
import type { Database } from './sqljs.js';

export class LedgerStore {
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();
  /** Changed since the last commit. */
  protected dirty = false;
  /** What persisting has cost this process: for `OVERSEER_STATS` and the load scenario. */
  readonly persistStats = { commits: 0, totalMs: 0, maxMs: 0, bytes: 0 };
  private readonly listeners: Array<(lines: readonly string[]) => void> = [];
  private inTx = false;
  private closed = false;
  /** The writes since the last commit, for the journal. */
  private pendingWrites: Array<readonly [string, Params]> = [];
  private cachedRunId: string | undefined;
  /** The next event seq while known (meta next_seq is written back at each commit of a transaction). */
  private seqNext: number | undefined;
  /** The next commit writes coord.db whole (after a migration, a recovery, a replay). */
  protected checkpointDue = false;
  /** The next checkpoint replaces .bak too (see Ledger.open). */
  protected rebaseDue = false;
  private checkpointBytes = 0;

  protected constructor(
    private readonly db: Database,
    readonly paths: LedgerPaths,
    readonly mode: 'write' | 'read',
    protected readonly clock: () => Date,
    private readonly lock: Lock | null,
    private readonly events: EventLog | null,
    private readonly journal: Journal | null,
    private journalSeq: number,
  ) {}

  /** Drop what is cached from reads: a rollback may have undone what it holds. */
  protected forget(): void {}

  // ---- meta and events ----------------------------------------------------------------------

  meta(key: string): string | undefined {
    const row = this.one('SELECT value FROM meta WHERE key = ?', [key]);
    return row ? String(row.value) : undefined;
  }

  setMeta(key: string, value: string): void {
    this.write('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /** Set once when the ledger is created, so read once: every event carries it. */
  get runId(): string {
    return (this.cachedRunId ??= this.meta('run_id')) ?? '';
  }

  /** Queue an event in the outbox; it reaches events.ndjson after the next persist. */
  emit<T extends EventType>(type: T, payload: EventPayloads[T], at = this.clock().toISOString()): number {
    let seq = 0;
    this.tx(() => {
      // The counter lives in memory within a transaction and is written back once when it commits.
      seq = this.seqNext ??= Number(this.meta('next_seq') ?? '1');
      this.seqNext = seq + 1;
      // Envelope keys first for readers, and assigned again last so no payload field can shadow them.
      const envelope = { v: EVENTS_VERSION, seq, type, at, run_id: this.runId };
      const line = JSON.stringify(Object.assign({ ...envelope }, payload, envelope));
      this.write('INSERT INTO events_outbox (seq, json) VALUES (?, ?)', [seq, line]);
    });
    return seq;
  }

  /**
   * Events not yet in events.ndjson. A reader, which has not opened the file, gets every row still
   * in the outbox (the file may hold some: they are pruned only at a checkpoint).
   */
  pendingEvents(): Array<{ seq: number; json: string }> {
    return this.all('SELECT seq, json FROM events_outbox WHERE seq > ? ORDER BY seq', [this.events?.lastSeq ?? 0]).map((r) => ({ seq: Number(r.seq), json: String(r.json) }));
  }

  // ---- durability -------------------------------------------------------------------------

  /**
   * Persist if anything changed, then flush the outbox to events.ndjson. Call between ticks,
   * never inside a transaction (sql.js cannot export mid-transaction).
   */
  commit(): void {
    this.assertWritable();
    if (this.inTx) throw new Error('commit() inside a transaction');
    if (!this.dirty) return;
    const t0 = performance.now();
    // A checkpoint costs the ledger's size, a journal entry the change's: checkpoint once the
    // journal holds a quarter of the ledger (at least 256 KiB), so both stay linear in the work.
    if (this.checkpointDue || this.journal!.size > Math.max(256 * 1024, this.checkpointBytes / 4)) this.persist();
    else this.appendJournal();
    const ms = performance.now() - t0;
    Object.assign(this.persistStats, {
      commits: this.persistStats.commits + 1,
      totalMs: this.persistStats.totalMs + ms,
      maxMs: Math.max(this.persistStats.maxMs, ms),
      bytes: this.checkpointBytes + this.journal!.size,
    });
    this.dirty = false;
    this.flushOutbox();
  }

  private appendJournal(): void {
    // Counted only once on disk: a failed append (a full disk) leaves no gap before the next one.
    const seq = this.journalSeq + 1;
    this.journal!.append({ seq, writes: this.pendingWrites });
    this.journalSeq = seq;
    this.pendingWrites = [];
  }

  /** A checkpoint: coord.db written whole (atomically, the old one kept as .bak), the journal emptied. */
  private persist(): void {
    // The rows events.ndjson holds leave the outbox once the file is on disk: from here on a crash
    // cannot take those lines back.
    this.events!.sync();
    this.tx(() => this.write('DELETE FROM events_outbox WHERE seq <= ?', [this.events!.lastSeq]));
    // This commit's writes go to the journal too: .bak + journal.prev + journal must reach what
    // the checkpoint holds, or a damaged coord.db would lose the commit that checkpointed.
    if (this.pendingWrites.length > 0) this.appendJournal();
    // The file records the journal entries it holds, so a crash before the reset below never
    // applies one twice. Written straight to SQLite: it is not itself a journaled change.
    this.db.run("INSERT INTO meta (key, value) VALUES ('journal_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(this.journalSeq)]);
    // sql.js >= 1.16 exports through the backup API: the connection and its prepared statements live on.
    const bytes = this.db.export();
    writeAtomic(this.paths.db, bytes);
    // Before the journal moves over journal.prev: until .bak holds this state, the old .bak needs it.
    if (this.rebaseDue) writeAtomic(this.paths.bak, bytes, { keepPrevious: false });
    this.journal!.rotate();
    this.checkpointDue = false;
    this.rebaseDue = false;
    this.checkpointBytes = bytes.length;
  }

  /**
   * Append the persisted outbox rows events.ndjson does not hold yet (exactly once). Not fsynced per
   * commit: the rows stay in the outbox until the next checkpoint has synced the file (persist), so
   * a line lost with the machine is appended again from its row when the ledger is next opened.
   */
  private flushOutbox(): void {
    const pending = this.pendingEvents();
    if (pending.length === 0) return;
    const written = new Set(this.events!.append(pending));
    const lines = pending.filter((p) => written.has(p.seq)).map((p) => p.json);
    for (const listen of this.listeners) listen(lines);
  }

  /**
   * After a crash or a .bak recovery the file may be ahead of the ledger: never reuse a seq that
   * is already in events.ndjson. Outbox rows the file already holds are skipped (pendingEvents),
   * and dropped at the next checkpoint. A file that replaced the one the outbox fed (rotated away,
   * deleted, emptied) holds none of them, yet they were written: they are dropped now, and the new
   * file goes on with the next seq. Dropped in this open's commit, so a second crash cannot bring them back.
   */
  protected reconcileOutbox(): void {
    const events = this.events!;
    const next = Number(this.meta('next_seq') ?? '1');
    const mark = this.eventsFileMark();
    this.tx(() => {
      if (this.outboxFedAnotherFile(mark)) this.write('DELETE FROM events_outbox', []);
      if (next <= events.lastSeq) this.setMeta('next_seq', String(events.lastSeq + 1));
      if (this.meta('events_file') !== mark) this.setMeta('events_file', mark);
    });
    this.seqNext = undefined; // read again at the next event
    if (this.pendingEvents().length > 0) this.dirty = true;
  }

  /** Which events.ndjson in which state directory this ledger feeds: both as device and inode. */
  private eventsFileMark(): string {
    const dir = statSync(this.paths.dir);
    return `${dir.dev}:${dir.ino}/${this.events!.file.id}`;
  }

  /**
   * Whether events.ndjson (now `mark`, eventsFileMark) is not the file the outbox's rows were
   * appended to. A checkpoint prunes the rows of the lines it synced, and a power cut takes back only
   * unsynced lines: the file they went to still holds the line before the first row. Before any such checkpoint (a first run), an
   * empty file is another one if, in the same state directory, this open made it (deleted) or it is
   * not the file recorded (rotated). In a copied directory (an Actions cache restored on a new runner:
   * every inode new) an empty file is the one copied, and its rows are written: they never were.
   * Otherwise a row whose append never happened (a kill between the commit and the append, a full
   * disk) is dropped with the rest: the rows cannot tell, and writing one twice must never happen.
   */
  private outboxFedAnotherFile(mark: string): boolean {
    const first = this.one('SELECT MIN(seq) AS seq FROM events_outbox')?.seq;
    if (first === null || first === undefined) return false;
    const { lastSeq, file } = this.events!;
    if (lastSeq < Number(first) - 1) return true;
    const [fedDir, fedFile] = (this.meta('events_file') ?? '').split('/');
    const [dir] = mark.split('/');
    return lastSeq === 0 && fedFile !== undefined && fedDir === dir && (file.created || file.id !== fedFile);
  }

  /** Called with each batch of event lines once they are in events.ndjson (their commit durable, the file synced at the next checkpoint). */
  onEvents(listener: (lines: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * A supervisor that has taken its last control requests holds the ledger from here on as a
   * command does, for the moment it takes to close: a command then waits for the lock and applies
   * its request itself, instead of queueing it for a supervisor that will not read the inbox again.
   */
  stopTakingRequests(): void {
    this.lock?.announce('command');
  }

  /** False once closed: work that outlives a run (a late exit, a slow git) must not write then. */
  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    try {
      // A closed ledger is one whole file: the journal is folded into coord.db.
      if (this.mode === 'write' && (this.dirty || this.journal!.size > 0)) {
        this.dirty = true;
        this.checkpointDue = true;
        this.commit();
      }
      this.events?.sync();
    } finally {
      this.journal?.close();
      this.closed = true;
      this.statements.clear();
      this.db.close();
      this.events?.close();
      this.lock?.release();
    }
  }

  // ---- SQL plumbing -----------------------------------------------------------------------

  /** Run `fn` in a transaction; nested calls join the outer one. */
  tx(fn: () => void): void {
    if (this.inTx) {
      fn();
      return;
    }
    this.assertWritable();
    this.db.exec('BEGIN');
    this.inTx = true;
    const written = this.pendingWrites.length;
    const seqBefore = this.seqNext;
    try {
      fn();
      if (this.seqNext !== seqBefore) this.setMeta('next_seq', String(this.seqNext));
      this.db.exec('COMMIT');
      // A transaction that wrote nothing (a tick that only scheduled) has nothing to persist.
      if (this.pendingWrites.length > written) this.dirty = true;
    } catch (err) {
      this.db.exec('ROLLBACK');
      this.pendingWrites.length = written;
      this.seqNext = seqBefore;
      this.forget();
      throw err;
    } finally {
      this.inTx = false;
    }
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('ledger is closed');
    if (this.mode !== 'write') throw new Error('ledger opened read-only');
  }

  private prepared(sql: string): ReturnType<Database['prepare']> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  protected write(sql: string, params: Params): void {
    if (!this.inTx) throw new Error('write outside a transaction');
    // The journal is JSON: a non-finite number would be stored here and replayed as null.
    if (params.some((p) => typeof p === 'number' && !Number.isFinite(p))) throw new Error(`non-finite number in a ledger write: ${sql}`);
    const stmt = this.prepared(sql);
    stmt.run(params);
    this.pendingWrites.push([sql, params]);
  }

  protected all(sql: string, params: Array<string | number | null> = []): Row[] {
    try {
      return rowsOf(this.prepared(sql), params);
    } catch (err) {
      // A reader skips the full integrity check at open; damage it meets later is still a user error.
      if (this.mode === 'read' && /malformed|not a database|corrupt/i.test((err as Error).message)) {
        const recovery = existsSync(this.paths.bak)
          ? `a write command such as \`overseer run\` recovers it from ${this.paths.bak}`
          : `there is no ${this.paths.bak} to recover it from: move ${this.paths.db} aside to start a new ledger`;
        throw new LedgerError(`${this.paths.db} is damaged (${(err as Error).message}); ${recovery}`);
      }
      throw err;
    }
  }

  protected one(sql: string, params: Array<string | number | null> = []): Row | undefined {
    return this.all(sql, params)[0];
  }
}
