// events.ndjson: append-only, one v1 event per line. The ledger's outbox feeds it exactly once:
// a line is written only if its seq is above the last seq already in the file, so a crash between
// the append and the outbox prune writes no duplicate (DESIGN §4.3). Appends are not fsynced one by
// one: the outbox keeps its rows until a checkpoint has synced the file (store.ts), so a line the
// machine lost before reaching the disk is written again from its row. A file that replaces the
// one being written (a rotation) goes on after the last seq written to the old one; one replaced
// between runs is for the ledger to recognise on open (store.ts).

import { closeSync, existsSync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs';
import { appendWhole, cutTornTail, diskError, readRange, syncFile, TAIL_CHUNK } from '../ledger/disk.js';

export interface EventLog {
  /** The highest seq in the file, or written before to a file this one replaced; 0 when neither. */
  readonly lastSeq: number;
  /**
   * The open file (`id`: its device and inode) and whether opening it made it: the ledger remembers the file it
   * feeds, to tell at its next open whether events.ndjson was replaced meanwhile (store.ts).
   */
  readonly file: { readonly id: string; readonly created: boolean };
  /**
   * Append lines whose seq is above lastSeq (not fsynced: see sync). Returns the seqs written. On
   * failure the file is as it was, lastSeq too, and a LedgerError is thrown: the events stay in the outbox.
   */
  append(lines: ReadonlyArray<{ seq: number; json: string }>): number[];
  /** fsync what append wrote since the last sync; a LedgerError when that fails. */
  sync(): void;
  close(): void;
}

/** A file's identity on this machine: its device and inode. */
const fileId = (stat: { dev: number; ino: number }) => `${stat.dev}:${stat.ino}`;

/**
 * Open (creating) the event log, cut a torn last line back to the last complete one (a kill
 * mid-write), and read the last seq from the tail. `warn`: told when the file was deleted or
 * replaced while open (a rotation); the log goes on in a file at `path` again.
 */
export function openEventLog(path: string, warn: (message: string) => void = () => {}): EventLog {
  let fd = -1;
  let lastSeq = 0;
  let file = { id: '', created: false };
  let unsynced = false;
  /** The file's size as this log last left it: smaller at the next append, it was emptied in place (copytruncate). */
  let size = 0;
  /**
   * The next append is synced at once: the first lines of a new file, or of one emptied in place.
   * Lost to a power cut, they would leave an empty file, which the next open takes for one replaced
   * after a crash (store.ts), and the rows of the lines it lost would be dropped. Kept until an
   * append succeeds.
   */
  let syncNext = false;
  const open = () => {
    try {
      const created = !existsSync(path);
      fd = openSync(path, 'a+');
      file = { id: fileId(fstatSync(fd)), created };
      // After a rotation the new file holds none of the seqs written to the old one: they are
      // still the last written (a failed first append must not make them pending again).
      lastSeq = Math.max(lastSeq, repairAndReadLastSeq(fd));
      size = fstatSync(fd).size;
      // It may end in lines a killed writer appended and never synced: the next sync covers them
      // too, before a checkpoint prunes their rows.
      unsynced = true;
    } catch (err) {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      throw diskError(err, 'opening', path);
    }
  };
  open();
  /** The file open is no longer the one at `path`: appending to it would lose every event from here on. */
  const moved = () => {
    if (fd < 0) return true;
    try {
      return fileId(statSync(path)) !== file.id;
    } catch {
      return true;
    }
  };
  return {
    get lastSeq() {
      return lastSeq;
    },
    get file() {
      return file;
    },
    append(lines) {
      if (moved()) {
        syncNext = true;
        if (fd >= 0) {
          // Its rows leave the outbox at the next checkpoint, which syncs only the new file.
          try {
            fsyncSync(fd);
          } catch {
            // the file is no longer ours to keep
          }
          closeSync(fd);
        }
        fd = -1;
        open();
        warn(`${path} was deleted or replaced while the run wrote it; events from here on go to a new ${path}`);
      }
      const fresh = lines.filter((l) => l.seq > lastSeq).sort((a, b) => a.seq - b.seq);
      if (fresh.length === 0) return [];
      const before = fstatSync(fd).size;
      if (before < size) syncNext = true;
      const bytes = Buffer.from(fresh.map((l) => `${l.json}\n`).join(''));
      appendWhole(fd, path, bytes, syncNext);
      syncNext = false;
      size = before + bytes.length;
      unsynced = true;
      lastSeq = fresh[fresh.length - 1]!.seq;
      return fresh.map((l) => l.seq);
    },
    sync() {
      if (!unsynced || fd < 0) return;
      syncFile(fd, path);
      unsynced = false;
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

function repairAndReadLastSeq(fd: number): number {
  // A torn last line's event is still in the outbox and is written again.
  const size = cutTornTail(fd);
  // Read a growing window from the end until it holds a complete line with a seq.
  for (let window = TAIL_CHUNK; ; window *= 2) {
    const start = Math.max(0, size - window);
    const lines = readRange(fd, start, size).toString('utf8').split('\n');
    const first = start > 0 ? 1 : 0; // the first piece may be the tail of a longer line
    for (let i = lines.length - 1; i >= first; i--) {
      const seq = seqOf(lines[i]!);
      if (seq !== undefined) return seq;
    }
    if (start === 0) return 0;
  }
}

function seqOf(line: string): number | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(line) as { seq?: unknown };
    return typeof parsed.seq === 'number' ? parsed.seq : undefined;
  } catch {
    return undefined;
  }
}
