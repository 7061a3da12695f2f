#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  SCHEMA_VERSION,
  TAIL_CHUNK,
  appendWhole,
  cutTornTail,
  diskError,
  ensureDir,
  fsyncDir,
  inspect,
  migrate,
  openDatabase,
  readIfExists,
  readRange,
  renameFile,
  syncFile,
  userVersion,
  writeAll,
  writeAtomic
} from "./chunk-YIKUX76P.js";
import {
  CREATED,
  isStateFile,
  ledgerPaths,
  readSpec
} from "./chunk-MZRR4JYV.js";
import {
  LedgerError
} from "./chunk-SEJOQJNG.js";

// src/ledger/lock.ts
import { closeSync, openSync, readFileSync as readFileSync2, statSync, unlinkSync } from "node:fs";

// src/runtime/identity.ts
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}
function processStartTime(pid) {
  return statFields(pid)?.[19] ?? null;
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function isSameProcess(pid, startTime) {
  if (!isAlive(pid)) return false;
  const fields = statFields(pid);
  if (fields === null) return true;
  if (fields[0] === "Z") return false;
  return startTime === null || fields[19] === startTime;
}
function thisHost() {
  return hostname();
}

// src/ledger/lock.ts
var LedgerBusyError = class extends LedgerError {
  constructor(message, holder) {
    super(message);
    this.holder = holder;
    this.name = "LedgerBusyError";
  }
  holder;
};
var TORN_LOCK_GRACE_MS = 1e4;
var TAKEOVER_WAIT_MS = 50;
function readHolder(path) {
  try {
    const parsed = JSON.parse(readFileSync2(path, "utf8"));
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string") return "unreadable";
    return {
      pid: parsed.pid,
      host: parsed.host,
      started_at: String(parsed.started_at ?? ""),
      proc_start: typeof parsed.proc_start === "string" ? parsed.proc_start : null,
      role: parsed.role === "command" ? "command" : "supervisor"
    };
  } catch (err) {
    return err.code === "ENOENT" ? "gone" : "unreadable";
  }
}
function tryCreate(path, holder) {
  let fd;
  try {
    fd = openSync(path, "wx");
  } catch (err) {
    if (err.code === "EEXIST") return false;
    throw new LedgerError(`cannot create lock ${path}: ${err.message}`);
  }
  try {
    writeAll(fd, Buffer.from(JSON.stringify(holder)));
  } catch (err) {
    closeSync(fd);
    unlinkQuiet(path);
    throw diskError(err, "writing", path);
  }
  closeSync(fd);
  return true;
}
function liveHolder(path) {
  const holder = readHolder(path);
  if (holder === "gone" || holder === "unreadable") return null;
  if (holder.host !== thisHost()) return holder;
  return isSameProcess(holder.pid, holder.proc_start) ? holder : null;
}
function acquireLock(path, now, warn, role = "command") {
  const me = {
    pid: process.pid,
    host: thisHost(),
    started_at: now.toISOString(),
    proc_start: processStartTime(process.pid),
    role
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, me)) return ownLock(path, me);
    const holder = readHolder(path);
    if (holder === "gone") continue;
    let takeover;
    if (holder === "unreadable") {
      const age = Date.now() - statMtime(path);
      if (age < TORN_LOCK_GRACE_MS) {
        throw new LedgerBusyError(`ledger is being locked by another process (${path} is being written); try again`, null);
      }
      takeover = `taking over an unreadable lock file ${path} (${Math.round(age / 1e3)} s old)`;
    } else if (holder.host !== me.host) {
      throw new LedgerBusyError(
        `ledger is in use by pid ${holder.pid} on host ${holder.host} (since ${holder.started_at}); if that machine is gone, delete ${path}`,
        holder
      );
    } else if (isSameProcess(holder.pid, holder.proc_start)) {
      throw new LedgerBusyError(`ledger is in use by pid ${holder.pid} (since ${holder.started_at}); lock file ${path}`, holder);
    } else {
      takeover = `taking over a stale lock: pid ${holder.pid} (since ${holder.started_at}) is no longer running`;
    }
    const removed = removeStale(path, holder);
    if (removed === "busy") sleep(TAKEOVER_WAIT_MS);
    if (removed === "removed") warn(takeover);
  }
  throw new LedgerError(`could not acquire ${path}: another process keeps taking it; try again`);
}
function removeStale(path, judged) {
  const guard = `${path}.takeover`;
  try {
    closeSync(openSync(guard, "wx"));
  } catch (err) {
    if (err.code !== "EEXIST") throw diskError(err, "creating", guard);
    if (Date.now() - statMtime(guard) > TORN_LOCK_GRACE_MS) unlinkQuiet(guard);
    return "busy";
  }
  try {
    const again = readHolder(path);
    if (again === "gone" || JSON.stringify(again) !== JSON.stringify(judged)) return "changed";
    if (again === "unreadable" && Date.now() - statMtime(path) < TORN_LOCK_GRACE_MS) return "changed";
    unlinkQuiet(path);
    return "removed";
  } finally {
    unlinkQuiet(guard);
  }
}
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
function ownLock(path, me) {
  let held = true;
  return {
    path,
    announce(role) {
      if (held) writeAtomic(path, Buffer.from(JSON.stringify({ ...me, role })), { keepPrevious: false });
    },
    release() {
      if (!held) return;
      held = false;
      const holder = readHolder(path);
      if (holder !== "gone" && holder !== "unreadable" && holder.pid === me.pid && holder.started_at === me.started_at) {
        unlinkQuiet(path);
      }
    }
  };
}
function statMtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
function unlinkQuiet(path) {
  try {
    unlinkSync(path);
  } catch {
  }
}

// src/events/types.ts
var EVENTS_VERSION = 1;

// src/ledger/ledger.ts
import { existsSync as existsSync5, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

// src/core/transitions.ts
var TO_NEEDS_HUMAN = [
  "retries-exhausted",
  "resume-cap",
  "budget",
  "quota",
  "loop",
  "agent-missing",
  "config"
];
var TO_RETRYING_FROM_RUNNING = [
  "agent-failed",
  "timeout",
  "idle-timeout",
  "transient",
  "rate-limit"
];
var CANCEL = ["cancelled"];
var TRANSITIONS = {
  CREATED: { PENDING: ["created"] },
  PENDING: { READY: ["deps-done"], CANCELLED: ["cancelled", "dependency-cancelled"] },
  // READY -> NEEDS_HUMAN (budget): its budget is spent before it could start (beyond DESIGN §3).
  READY: { ASSIGNED: ["dispatched"], CANCELLED: CANCEL, NEEDS_HUMAN: ["budget"] },
  ASSIGNED: {
    RUNNING: ["started"],
    // Spawn failed (transient), or no process started within claim_timeout.
    RETRYING: ["transient", "rate-limit"],
    RESUMING: ["supervisor-restart"],
    NEEDS_HUMAN: TO_NEEDS_HUMAN,
    CANCELLED: CANCEL
  },
  RUNNING: {
    VERIFYING: ["agent-exited", "result-grace"],
    RETRYING: TO_RETRYING_FROM_RUNNING,
    RESUMING: ["supervisor-restart"],
    NEEDS_HUMAN: TO_NEEDS_HUMAN,
    CANCELLED: CANCEL
  },
  VERIFYING: {
    DONE: ["verified", "no-verifiers"],
    RETRYING: ["verify-fail"],
    RESUMING: ["supervisor-restart"],
    NEEDS_HUMAN: TO_NEEDS_HUMAN,
    CANCELLED: CANCEL
  },
  RETRYING: { ASSIGNED: ["dispatched"], NEEDS_HUMAN: TO_NEEDS_HUMAN, CANCELLED: CANCEL },
  RESUMING: { ASSIGNED: ["dispatched"], NEEDS_HUMAN: TO_NEEDS_HUMAN, CANCELLED: CANCEL },
  NEEDS_HUMAN: { DONE: ["approved"], READY: ["retry-requested"], CANCELLED: CANCEL },
  DONE: {},
  CANCELLED: {}
};
function isLegalCause(from, to, cause) {
  return TRANSITIONS[from][to]?.includes(cause) ?? false;
}
var IllegalTransitionError = class extends Error {
  constructor(task, from, to, transitionCause) {
    super(`illegal transition for task ${task}: ${from} -> ${to} (${transitionCause})`);
    this.task = task;
    this.from = from;
    this.to = to;
    this.transitionCause = transitionCause;
    this.name = "IllegalTransitionError";
  }
  task;
  from;
  to;
  transitionCause;
};
function assertTransition(task, from, to, cause) {
  if (!isLegalCause(from, to, cause)) throw new IllegalTransitionError(task, from, to, cause);
}

// src/core/stats.ts
function outcomeLabel(failureClass, stopReason) {
  if (stopReason === "orphaned" || stopReason === "cancelled") return stopReason;
  return failureClass ?? "success";
}

// src/events/ndjson.ts
import { closeSync as closeSync2, existsSync, fstatSync, fsyncSync, openSync as openSync2, statSync as statSync2 } from "node:fs";
var fileId = (stat) => `${stat.dev}:${stat.ino}`;
function openEventLog(path, warn = () => {
}) {
  let fd = -1;
  let lastSeq = 0;
  let file = { id: "", created: false };
  let unsynced = false;
  let size = 0;
  let syncNext = false;
  const open = () => {
    try {
      const created = !existsSync(path);
      fd = openSync2(path, "a+");
      file = { id: fileId(fstatSync(fd)), created };
      lastSeq = Math.max(lastSeq, repairAndReadLastSeq(fd));
      size = fstatSync(fd).size;
      unsynced = true;
    } catch (err) {
      if (fd >= 0) closeSync2(fd);
      fd = -1;
      throw diskError(err, "opening", path);
    }
  };
  open();
  const moved = () => {
    if (fd < 0) return true;
    try {
      return fileId(statSync2(path)) !== file.id;
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
          try {
            fsyncSync(fd);
          } catch {
          }
          closeSync2(fd);
        }
        fd = -1;
        open();
        warn(`${path} was deleted or replaced while the run wrote it; events from here on go to a new ${path}`);
      }
      const fresh = lines.filter((l) => l.seq > lastSeq).sort((a, b) => a.seq - b.seq);
      if (fresh.length === 0) return [];
      const before = fstatSync(fd).size;
      if (before < size) syncNext = true;
      const bytes = Buffer.from(fresh.map((l) => `${l.json}
`).join(""));
      appendWhole(fd, path, bytes, syncNext);
      syncNext = false;
      size = before + bytes.length;
      unsynced = true;
      lastSeq = fresh[fresh.length - 1].seq;
      return fresh.map((l) => l.seq);
    },
    sync() {
      if (!unsynced || fd < 0) return;
      syncFile(fd, path);
      unsynced = false;
    },
    close() {
      if (fd >= 0) closeSync2(fd);
      fd = -1;
    }
  };
}
function repairAndReadLastSeq(fd) {
  const size = cutTornTail(fd);
  for (let window = TAIL_CHUNK; ; window *= 2) {
    const start = Math.max(0, size - window);
    const lines = readRange(fd, start, size).toString("utf8").split("\n");
    const first = start > 0 ? 1 : 0;
    for (let i = lines.length - 1; i >= first; i--) {
      const seq = seqOf(lines[i]);
      if (seq !== void 0) return seq;
    }
    if (start === 0) return 0;
  }
}
function seqOf(line) {
  if (line.trim() === "") return void 0;
  try {
    const parsed = JSON.parse(line);
    return typeof parsed.seq === "number" ? parsed.seq : void 0;
  } catch {
    return void 0;
  }
}

// src/ledger/journal.ts
import { closeSync as closeSync3, existsSync as existsSync2, openSync as openSync3, readFileSync as readFileSync3 } from "node:fs";
import { dirname } from "node:path";
var Journal = class {
  constructor(path, prevPath) {
    this.path = path;
    this.prevPath = prevPath;
    try {
      this.fd = openSync3(path, "a+");
      this.bytes = cutTornTail(this.fd);
    } catch (err) {
      throw diskError(err, "opening", path);
    }
  }
  path;
  prevPath;
  fd;
  bytes;
  get size() {
    return this.bytes;
  }
  /** Append one commit, fsynced; on failure the journal is as it was and a LedgerError is thrown. */
  append(entry) {
    const line = Buffer.from(`${JSON.stringify(entry)}
`);
    appendWhole(this.fd, this.path, line);
    this.bytes += line.length;
  }
  /** After a checkpoint: these entries are in coord.db now, and still needed beside coord.db.bak. */
  rotate() {
    closeSync3(this.fd);
    try {
      renameFile(this.path, this.prevPath);
      this.bytes = 0;
    } finally {
      this.fd = openSync3(this.path, "a");
    }
    fsyncDir(dirname(this.path));
  }
  close() {
    closeSync3(this.fd);
  }
};
function entries(path) {
  if (!existsSync2(path)) return { entries: [] };
  const lines = readFileSync3(path, "utf8").split("\n");
  lines.pop();
  const out = [];
  for (const [i, line] of lines.entries()) {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = void 0;
    }
    if (!isEntry(entry)) return { entries: out, problem: `line ${i + 1} is not a journal entry` };
    out.push(entry);
  }
  return { entries: out };
}
function isEntry(value) {
  const e = value;
  return typeof e === "object" && e !== null && Number.isSafeInteger(e.seq) && Array.isArray(e.writes) && e.writes.every((w) => Array.isArray(w) && typeof w[0] === "string" && Array.isArray(w[1]));
}
function replayJournal(db, path, fromSeq, prevPath) {
  let lastSeq = fromSeq;
  let applied = 0;
  for (const file of prevPath ? [prevPath, path] : [path]) {
    const read = entries(file);
    for (const entry of read.entries) {
      if (entry.seq <= lastSeq) continue;
      if (entry.seq !== lastSeq + 1) return { lastSeq, applied, problem: { file, why: `entry ${entry.seq} follows ${lastSeq}: not this checkpoint's journal` } };
      db.exec("BEGIN");
      try {
        for (const [sql, params] of entry.writes) db.run(sql, params);
        db.exec("COMMIT");
      } catch (err) {
        db.exec("ROLLBACK");
        return { lastSeq, applied, problem: { file, why: `entry ${entry.seq} does not apply (${err.message})` } };
      }
      lastSeq = entry.seq;
      applied++;
    }
    if (read.problem) return { lastSeq, applied, problem: { file, why: read.problem } };
  }
  return { lastSeq, applied };
}

// src/ledger/load.ts
import { existsSync as existsSync3, renameSync, statSync as statSync3 } from "node:fs";
async function load(paths, mode, warn) {
  const bytes = readIfExists(paths.db);
  const thorough = mode === "write";
  let problem;
  if (bytes) {
    const health = await inspect(bytes, { thorough });
    if (health.kind === "ok") return { db: health.db, fromBak: false };
    if (health.kind === "refuse") throw new LedgerError(`${paths.db}: ${health.reason}. Nothing was changed.`);
    problem = `${paths.db} is damaged: ${health.reason}`;
  } else {
    problem = `${paths.db} is missing`;
  }
  const bak = readIfExists(paths.bak);
  if (!bak) {
    if (!bytes) return null;
    throw new LedgerError(
      `${problem}, and there is no ${paths.bak} to recover from. Nothing was changed; move ${paths.db} aside to start a new ledger.`
    );
  }
  const backup = await inspect(bak, { thorough });
  if (backup.kind !== "ok") {
    throw new LedgerError(`${problem}, and ${paths.bak} is unusable too (${backup.reason}). Nothing was changed.`);
  }
  if (mode === "read") {
    warn(`${problem}; reading ${paths.bak} instead`);
  } else if (bytes) {
    const aside = `${paths.db}.damaged-${Date.now()}`;
    renameFile(paths.db, aside);
    warn(`${problem}; recovered from ${paths.bak} (the damaged file is kept as ${aside}); the last step may run again`);
  } else {
    warn(`${problem}; recovered from ${paths.bak}; the last step may run again`);
  }
  return { db: backup.db, fromBak: true };
}
function applyJournal(db, paths, fromBak, mode, warn) {
  const checkpointSeq = Number(db.exec("SELECT value FROM meta WHERE key = 'journal_seq'")[0]?.values[0]?.[0] ?? 0);
  const prevPath = paths.journalPrev;
  if (!existsSync3(paths.journal) && !existsSync3(prevPath)) return { seq: checkpointSeq, changed: fromBak, setAside: false };
  const r = replayJournal(db, paths.journal, checkpointSeq, fromBak ? prevPath : null);
  if (r.problem) {
    const why = `${r.problem.file}: ${r.problem.why}`;
    if (mode === "write") {
      const unused = r.problem.file === prevPath ? [prevPath, paths.journal] : [paths.journal];
      const kept = unused.flatMap((file) => setAside(file));
      warn(`${why}: its journal was not applied${kept.length > 0 ? ` and is kept as ${kept.join(" and ")}` : ""}`);
    } else {
      warn(`${why}: its journal was not applied`);
    }
  }
  return { seq: r.lastSeq, changed: fromBak || r.applied > 0 || r.problem !== void 0, setAside: r.problem !== void 0 };
}
var READ_ATTEMPTS = 3;
async function readWithJournal(paths, warn) {
  for (let attempt = 1; ; attempt++) {
    const before = fileIdentity(paths.db);
    const notes = [];
    const loaded = await load(paths, "read", (m) => notes.push(m));
    if (!loaded) return null;
    applyJournal(loaded.db, paths, loaded.fromBak, "read", (m) => notes.push(m));
    if (fileIdentity(paths.db) === before || attempt === READ_ATTEMPTS) {
      for (const note of notes) warn(note);
      return loaded.db;
    }
    loaded.db.close();
  }
}
function fileIdentity(path) {
  try {
    const st = statSync3(path);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return "none";
  }
}
function setAside(file) {
  const aside = `${file}.unused-${Date.now()}`;
  try {
    renameSync(file, aside);
    return [aside];
  } catch (err) {
    if (err.code === "ENOENT") return [];
    throw diskError(err, "renaming", file);
  }
}

// src/ledger/rows.ts
function rowsOf(stmt, params) {
  const rows = [];
  try {
    stmt.bind(params);
    let names;
    while (stmt.step()) {
      names ??= stmt.getColumnNames();
      const values = stmt.get();
      const row = {};
      for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
      rows.push(row);
    }
  } finally {
    stmt.reset();
  }
  return rows;
}
function attemptEvent(a, phase, durationMs) {
  return {
    task_id: a.taskId,
    attempt_id: a.id,
    attempt_num: a.attemptNum,
    kind: a.kind,
    agent: a.agent,
    phase,
    exit_code: a.exitCode,
    failure_class: a.failureClass,
    cost_usd: a.costUsd,
    duration_ms: durationMs,
    session_id: a.sessionId,
    ...phase === "ended" && { stop_reason: a.stopReason }
  };
}
function toTask(r) {
  const name = String(r.name);
  const rawSpec = String(r.spec);
  let spec;
  return {
    name,
    ord: Number(r.ord),
    // Parsed on first use: listing 10k tasks for `status` needs no spec.
    get spec() {
      return spec ??= readSpec(name, rawSpec);
    },
    state: String(r.state),
    stateCause: String(r.state_cause),
    specHash: String(r.spec_hash),
    costUsd: Number(r.cost_usd),
    attemptsBase: Number(r.attempts_base),
    budgetOverrideUsd: r.budget_override_usd === null ? null : Number(r.budget_override_usd),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    firstDispatchedAt: str(r.first_dispatched_at),
    attemptCount: Number(r.attempt_count),
    verdicts: String(r.verdicts).split(" ").filter(Boolean).map((kv) => {
      const [kind, verdict] = kv.split(":");
      return { kind, verdict };
    })
  };
}
var str = (v) => v === null || v === void 0 ? null : String(v);
var num = (v) => v === null || v === void 0 ? null : Number(v);
function toAttempt(r) {
  return {
    id: Number(r.id),
    taskId: String(r.task_id),
    attemptNum: Number(r.attempt_num),
    kind: String(r.kind),
    agent: String(r.agent),
    pid: num(r.pid),
    startedAt: str(r.started_at),
    endedAt: str(r.ended_at),
    exitCode: num(r.exit_code),
    sessionId: str(r.session_id),
    costUsd: Number(r.cost_usd),
    failureClass: str(r.failure_class),
    logPath: str(r.log_path),
    pidStart: str(r.pid_start),
    stopReason: str(r.stop_reason),
    resultAt: str(r.result_at),
    agentReportedSuccess: r.agent_reported_success === null || r.agent_reported_success === void 0 ? null : Number(r.agent_reported_success) === 1,
    verdict: r.verdict === null || r.verdict === void 0 ? null : String(r.verdict),
    verdictFailure: str(r.verdict_failure)
  };
}
function toVerification(r) {
  return {
    id: Number(r.id),
    attemptId: Number(r.attempt_id),
    taskId: String(r.task_id),
    seq: Number(r.seq),
    kind: String(r.kind),
    command: String(r.command),
    verdict: String(r.verdict),
    output: String(r.output),
    costUsd: Number(r.cost_usd),
    durationMs: Number(r.duration_ms),
    ranAt: String(r.ran_at)
  };
}

// src/ledger/store.ts
import { existsSync as existsSync4, statSync as statSync4 } from "node:fs";
var LedgerStore = class {
  constructor(db, paths, mode, clock, lock, events, journal, journalSeq) {
    this.db = db;
    this.paths = paths;
    this.mode = mode;
    this.clock = clock;
    this.lock = lock;
    this.events = events;
    this.journal = journal;
    this.journalSeq = journalSeq;
  }
  db;
  paths;
  mode;
  clock;
  lock;
  events;
  journal;
  journalSeq;
  statements = /* @__PURE__ */ new Map();
  /** Changed since the last commit. */
  dirty = false;
  /** What persisting has cost this process: for `OVERSEER_STATS` and the load scenario. */
  persistStats = { commits: 0, totalMs: 0, maxMs: 0, bytes: 0 };
  listeners = [];
  inTx = false;
  closed = false;
  /** The writes since the last commit, for the journal. */
  pendingWrites = [];
  cachedRunId;
  /** The next event seq while known (meta next_seq is written back at each commit of a transaction). */
  seqNext;
  /** The next commit writes coord.db whole (after a migration, a recovery, a replay). */
  checkpointDue = false;
  /** The next checkpoint replaces .bak too (see Ledger.open). */
  rebaseDue = false;
  checkpointBytes = 0;
  /** Drop what is cached from reads: a rollback may have undone what it holds. */
  forget() {
  }
  // ---- meta and events ----------------------------------------------------------------------
  meta(key) {
    const row = this.one("SELECT value FROM meta WHERE key = ?", [key]);
    return row ? String(row.value) : void 0;
  }
  setMeta(key, value) {
    this.write("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
  }
  /** Set once when the ledger is created, so read once: every event carries it. */
  get runId() {
    return (this.cachedRunId ??= this.meta("run_id")) ?? "";
  }
  /** Queue an event in the outbox; it reaches events.ndjson after the next persist. */
  emit(type, payload, at = this.clock().toISOString()) {
    let seq = 0;
    this.tx(() => {
      seq = this.seqNext ??= Number(this.meta("next_seq") ?? "1");
      this.seqNext = seq + 1;
      const envelope = { v: EVENTS_VERSION, seq, type, at, run_id: this.runId };
      const line = JSON.stringify(Object.assign({ ...envelope }, payload, envelope));
      this.write("INSERT INTO events_outbox (seq, json) VALUES (?, ?)", [seq, line]);
    });
    return seq;
  }
  /**
   * Events not yet in events.ndjson. A reader, which has not opened the file, gets every row still
   * in the outbox (the file may hold some: they are pruned only at a checkpoint).
   */
  pendingEvents() {
    return this.all("SELECT seq, json FROM events_outbox WHERE seq > ? ORDER BY seq", [this.events?.lastSeq ?? 0]).map((r) => ({ seq: Number(r.seq), json: String(r.json) }));
  }
  // ---- durability -------------------------------------------------------------------------
  /**
   * Persist if anything changed, then flush the outbox to events.ndjson. Call between ticks,
   * never inside a transaction (sql.js cannot export mid-transaction).
   */
  commit() {
    this.assertWritable();
    if (this.inTx) throw new Error("commit() inside a transaction");
    if (!this.dirty) return;
    const t0 = performance.now();
    if (this.checkpointDue || this.journal.size > Math.max(256 * 1024, this.checkpointBytes / 4)) this.persist();
    else this.appendJournal();
    const ms = performance.now() - t0;
    Object.assign(this.persistStats, {
      commits: this.persistStats.commits + 1,
      totalMs: this.persistStats.totalMs + ms,
      maxMs: Math.max(this.persistStats.maxMs, ms),
      bytes: this.checkpointBytes + this.journal.size
    });
    this.dirty = false;
    this.flushOutbox();
  }
  appendJournal() {
    const seq = this.journalSeq + 1;
    this.journal.append({ seq, writes: this.pendingWrites });
    this.journalSeq = seq;
    this.pendingWrites = [];
  }
  /** A checkpoint: coord.db written whole (atomically, the old one kept as .bak), the journal emptied. */
  persist() {
    this.events.sync();
    this.tx(() => this.write("DELETE FROM events_outbox WHERE seq <= ?", [this.events.lastSeq]));
    if (this.pendingWrites.length > 0) this.appendJournal();
    this.db.run("INSERT INTO meta (key, value) VALUES ('journal_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(this.journalSeq)]);
    const bytes = this.db.export();
    writeAtomic(this.paths.db, bytes);
    if (this.rebaseDue) writeAtomic(this.paths.bak, bytes, { keepPrevious: false });
    this.journal.rotate();
    this.checkpointDue = false;
    this.rebaseDue = false;
    this.checkpointBytes = bytes.length;
  }
  /**
   * Append the persisted outbox rows events.ndjson does not hold yet (exactly once). Not fsynced per
   * commit: the rows stay in the outbox until the next checkpoint has synced the file (persist), so
   * a line lost with the machine is appended again from its row when the ledger is next opened.
   */
  flushOutbox() {
    const pending = this.pendingEvents();
    if (pending.length === 0) return;
    const written = new Set(this.events.append(pending));
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
  reconcileOutbox() {
    const events = this.events;
    const next = Number(this.meta("next_seq") ?? "1");
    const mark = this.eventsFileMark();
    this.tx(() => {
      if (this.outboxFedAnotherFile(mark)) this.write("DELETE FROM events_outbox", []);
      if (next <= events.lastSeq) this.setMeta("next_seq", String(events.lastSeq + 1));
      if (this.meta("events_file") !== mark) this.setMeta("events_file", mark);
    });
    this.seqNext = void 0;
    if (this.pendingEvents().length > 0) this.dirty = true;
  }
  /** Which events.ndjson in which state directory this ledger feeds: both as device and inode. */
  eventsFileMark() {
    const dir = statSync4(this.paths.dir);
    return `${dir.dev}:${dir.ino}/${this.events.file.id}`;
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
  outboxFedAnotherFile(mark) {
    const first = this.one("SELECT MIN(seq) AS seq FROM events_outbox")?.seq;
    if (first === null || first === void 0) return false;
    const { lastSeq, file } = this.events;
    if (lastSeq < Number(first) - 1) return true;
    const [fedDir, fedFile] = (this.meta("events_file") ?? "").split("/");
    const [dir] = mark.split("/");
    return lastSeq === 0 && fedFile !== void 0 && fedDir === dir && (file.created || file.id !== fedFile);
  }
  /** Called with each batch of event lines once they are in events.ndjson (their commit durable, the file synced at the next checkpoint). */
  onEvents(listener) {
    this.listeners.push(listener);
  }
  /**
   * A supervisor that has taken its last control requests holds the ledger from here on as a
   * command does, for the moment it takes to close: a command then waits for the lock and applies
   * its request itself, instead of queueing it for a supervisor that will not read the inbox again.
   */
  stopTakingRequests() {
    this.lock?.announce("command");
  }
  /** False once closed: work that outlives a run (a late exit, a slow git) must not write then. */
  get isOpen() {
    return !this.closed;
  }
  close() {
    if (this.closed) return;
    try {
      if (this.mode === "write" && (this.dirty || this.journal.size > 0)) {
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
  tx(fn) {
    if (this.inTx) {
      fn();
      return;
    }
    this.assertWritable();
    this.db.exec("BEGIN");
    this.inTx = true;
    const written = this.pendingWrites.length;
    const seqBefore = this.seqNext;
    try {
      fn();
      if (this.seqNext !== seqBefore) this.setMeta("next_seq", String(this.seqNext));
      this.db.exec("COMMIT");
      if (this.pendingWrites.length > written) this.dirty = true;
    } catch (err) {
      this.db.exec("ROLLBACK");
      this.pendingWrites.length = written;
      this.seqNext = seqBefore;
      this.forget();
      throw err;
    } finally {
      this.inTx = false;
    }
  }
  assertWritable() {
    if (this.closed) throw new Error("ledger is closed");
    if (this.mode !== "write") throw new Error("ledger opened read-only");
  }
  prepared(sql) {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
  write(sql, params) {
    if (!this.inTx) throw new Error("write outside a transaction");
    if (params.some((p) => typeof p === "number" && !Number.isFinite(p))) throw new Error(`non-finite number in a ledger write: ${sql}`);
    const stmt = this.prepared(sql);
    stmt.run(params);
    this.pendingWrites.push([sql, params]);
  }
  all(sql, params = []) {
    try {
      return rowsOf(this.prepared(sql), params);
    } catch (err) {
      if (this.mode === "read" && /malformed|not a database|corrupt/i.test(err.message)) {
        const recovery = existsSync4(this.paths.bak) ? `a write command such as \`overseer run\` recovers it from ${this.paths.bak}` : `there is no ${this.paths.bak} to recover it from: move ${this.paths.db} aside to start a new ledger`;
        throw new LedgerError(`${this.paths.db} is damaged (${err.message}); ${recovery}`);
      }
      throw err;
    }
  }
  one(sql, params = []) {
    return this.all(sql, params)[0];
  }
};

// src/ledger/ledger.ts
var Ledger = class _Ledger extends LedgerStore {
  /**
   * The supervisor reads every task and attempt on every tick. Rows are kept here and only the
   * tasks a write touched are read again; a rollback or a new task drops the whole cache.
   */
  cache = {
    tasks: null,
    attempts: null,
    touched: /* @__PURE__ */ new Set()
  };
  static async open(options) {
    const paths = ledgerPaths(options.stateDir);
    const clock = options.clock ?? (() => /* @__PURE__ */ new Date());
    const warn = options.warn ?? (() => {
    });
    const missing = () => new LedgerError(`no ledger at ${paths.db}: start one with \`overseer run\` or \`overseer submit\``);
    if (options.mode === "read") {
      const db = await readWithJournal(paths, warn);
      if (!db) throw missing();
      migrate(db, userVersion(db));
      return new _Ledger(db, paths, "read", clock, null, null, null, 0);
    }
    if (!options.create && !existsSync5(paths.db) && !existsSync5(paths.bak)) throw missing();
    try {
      ensureDir(paths.dir);
      keepOutOfGit(paths.dir);
    } catch (err) {
      throw new LedgerError(`cannot create the state directory ${paths.dir}: ${err.message}`);
    }
    const lock = acquireLock(paths.lock, clock(), warn, options.role);
    let events = null;
    try {
      const loaded = await load(paths, "write", warn);
      const fresh = loaded === null;
      const db = loaded?.db ?? await openDatabase();
      const journaled = loaded ? applyJournal(db, paths, loaded.fromBak, "write", warn) : { seq: 0, changed: false, setAside: false };
      const from = userVersion(db);
      migrate(db, from);
      events = openEventLog(paths.events, warn);
      const ledger = new _Ledger(db, paths, "write", clock, lock, events, new Journal(paths.journal, paths.journalPrev), journaled.seq);
      if (fresh) ledger.initMeta();
      if (fresh || from < SCHEMA_VERSION || !existsSync5(paths.db) || journaled.changed) {
        ledger.dirty = true;
        ledger.checkpointDue = true;
      }
      ledger.rebaseDue = !fresh && (from < SCHEMA_VERSION || loaded.fromBak || journaled.setAside);
      ledger.reconcileOutbox();
      ledger.commit();
      return ledger;
    } catch (err) {
      events?.close();
      lock.release();
      throw err;
    }
  }
  // ---- meta and control -------------------------------------------------------------------
  initMeta() {
    const now = this.clock().toISOString();
    this.tx(() => {
      this.setMeta("run_id", randomUUID());
      this.setMeta("created_at", now);
      this.setMeta("next_seq", "1");
    });
  }
  /** The fleet budget the last run was started with (null: none); metrics and summaries have no manifest. */
  get fleetBudgetUsd() {
    const budget = this.meta("fleet_budget_usd");
    return budget === void 0 || budget === "" ? null : Number(budget);
  }
  control(key) {
    const row = this.one("SELECT value FROM control WHERE key = ?", [key]);
    return row ? String(row.value) : void 0;
  }
  setControl(key, value) {
    this.write("INSERT INTO control (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
  }
  // ---- tasks and transitions --------------------------------------------------------------
  /** Insert tasks not yet in the ledger (CREATED -> PENDING). Returns the names inserted. */
  addTasks(tasks) {
    const added = [];
    this.tx(() => {
      const now = this.clock().toISOString();
      let ord = Number(this.one("SELECT COALESCE(MAX(ord), -1) AS m FROM tasks")?.m ?? -1);
      const known = new Set(this.all("SELECT name FROM tasks").map((r) => String(r.name)));
      for (const t of tasks) {
        if (known.has(t.name)) continue;
        known.add(t.name);
        this.write(
          `INSERT INTO tasks (name, ord, spec, state, state_cause, spec_hash, created_at, updated_at)
           VALUES (?, ?, ?, 'PENDING', 'created', ?, ?, ?)`,
          [t.name, ++ord, JSON.stringify(t.spec), t.specHash, now, now]
        );
        this.recordTransition(t.name, CREATED, "PENDING", "created", now);
        added.push(t.name);
      }
      if (added.length > 0) this.forget();
    });
    return added;
  }
  /**
   * Record a known task's edited spec (a manifest edit of a task not yet run or at rest). An edited
   * budget_usd is the latest word on the task's cap: it replaces the one a `retry --budget-usd` gave,
   * which would otherwise still win (taskCap). Not a transition: updated_at, the time of the last
   * one (a NEEDS_HUMAN task's duration ends there), stays.
   */
  replaceSpec(task) {
    const budgetEdited = this.task(task.name)?.spec.budget_usd !== task.spec.budget_usd;
    this.tx(() => {
      this.write("UPDATE tasks SET spec = ?, spec_hash = ? WHERE name = ?", [JSON.stringify(task.spec), task.specHash, task.name]);
      if (budgetEdited) this.write("UPDATE tasks SET budget_override_usd = NULL WHERE name = ?", [task.name]);
      this.cache.touched.add(task.name);
    });
  }
  /**
   * Move a task to a new state. The state, its history row and its event are written in one
   * transaction; an edge the table forbids throws IllegalTransitionError (a bug, never ignored).
   */
  transition(task, to, cause) {
    this.tx(() => {
      const row = this.one("SELECT state FROM tasks WHERE name = ?", [task]);
      if (!row) throw new Error(`transition of unknown task ${task}`);
      const from = String(row.state);
      assertTransition(task, from, to, cause);
      const now = this.clock().toISOString();
      this.write("UPDATE tasks SET state = ?, state_cause = ?, updated_at = ? WHERE name = ?", [to, cause, now, task]);
      if (to === "ASSIGNED") this.write("UPDATE tasks SET first_dispatched_at = COALESCE(first_dispatched_at, ?) WHERE name = ?", [now, task]);
      this.cache.touched.add(task);
      this.recordTransition(task, from, to, cause, now);
    });
  }
  recordTransition(task, from, to, cause, at) {
    this.write("INSERT INTO task_transitions (task_id, from_state, to_state, cause, at) VALUES (?, ?, ?, ?, ?)", [
      task,
      from,
      to,
      cause,
      at
    ]);
    this.emit("task.transition", { task_id: task, from, to, cause }, at);
  }
  /** A human's `retry`: a fresh set of attempts from now, and optionally a new budget. */
  grantRetry(task, budgetUsd) {
    this.tx(() => {
      const attempts = Number(this.one("SELECT COUNT(*) AS n FROM task_attempts WHERE task_id = ?", [task])?.n ?? 0);
      this.write("UPDATE tasks SET attempts_base = ? WHERE name = ?", [attempts, task]);
      this.cache.touched.add(task);
      if (budgetUsd !== void 0) this.write("UPDATE tasks SET budget_override_usd = ? WHERE name = ?", [budgetUsd, task]);
      this.transition(task, "READY", "retry-requested");
    });
  }
  // ---- attempts and verifications ----------------------------------------------------------
  /** Record a new attempt before its process starts; returns its id and number. */
  beginAttempt(input) {
    let id = 0;
    let num2 = 0;
    this.tx(() => {
      num2 = Number(this.one("SELECT COALESCE(MAX(attempt_num), 0) + 1 AS n FROM task_attempts WHERE task_id = ?", [input.task])?.n ?? 1);
      this.write("INSERT INTO task_attempts (task_id, attempt_num, kind, agent, log_path) VALUES (?, ?, ?, ?, ?)", [
        input.task,
        num2,
        input.kind,
        input.agent,
        input.logPath(num2)
      ]);
      id = Number(this.one("SELECT last_insert_rowid() AS id")?.id);
      this.write("UPDATE tasks SET attempt_count = attempt_count + 1 WHERE name = ?", [input.task]);
      this.cache.touched.add(input.task);
    });
    return { id, num: num2 };
  }
  /** The process is running: pid and start time, so a restart can find it (and not a reused pid). */
  attemptStarted(id, pid, pidStart) {
    this.tx(() => {
      const now = this.clock().toISOString();
      this.write("UPDATE task_attempts SET pid = ?, pid_start = ?, started_at = ? WHERE id = ?", [pid, pidStart, now, id]);
      const a = this.attempt(id);
      this.cache.touched.add(a.taskId);
      this.emit("task.attempt", attemptEvent(a, "started", null), now);
    });
  }
  /** New cost, session or result from the agent's output. Cost is the attempt's running total. */
  attemptProgress(id, update) {
    this.tx(() => {
      const a = this.attempt(id);
      if (!a) return;
      this.cache.touched.add(a.taskId);
      if (update.costUsd !== void 0 && update.costUsd !== a.costUsd) {
        this.write("UPDATE task_attempts SET cost_usd = ? WHERE id = ?", [update.costUsd, id]);
        this.write("UPDATE tasks SET cost_usd = ROUND(cost_usd + ?, 9) WHERE name = ?", [update.costUsd - a.costUsd, a.taskId]);
      }
      if (update.sessionId !== void 0) this.write("UPDATE task_attempts SET session_id = ? WHERE id = ?", [update.sessionId, id]);
      if (update.resultAt !== void 0) {
        this.write("UPDATE task_attempts SET result_at = ?, agent_reported_success = ? WHERE id = ?", [update.resultAt, update.agentOk === false ? 0 : 1, id]);
      }
    });
  }
  endAttempt(id, end) {
    this.tx(() => {
      const now = this.clock().toISOString();
      this.write("UPDATE task_attempts SET ended_at = ?, exit_code = ?, failure_class = ?, stop_reason = COALESCE(?, stop_reason) WHERE id = ?", [
        now,
        end.exitCode,
        end.failureClass,
        end.stopReason,
        id
      ]);
      const a = this.attempt(id);
      this.cache.touched.add(a.taskId);
      const durationMs = a.startedAt ? Date.parse(now) - Date.parse(a.startedAt) : null;
      this.emit("task.attempt", attemptEvent(a, "ended", durationMs), now);
    });
  }
  recordVerification(v) {
    this.tx(() => {
      const now = this.clock().toISOString();
      this.write(
        `INSERT INTO task_verifications (attempt_id, task_id, seq, kind, command, verdict, output, cost_usd, duration_ms, ran_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [v.attemptId, v.task, v.index, v.kind, v.command, v.verdict, v.output, v.costUsd, v.durationMs, now]
      );
      if (v.costUsd > 0) this.write("UPDATE tasks SET cost_usd = ROUND(cost_usd + ?, 9) WHERE name = ?", [v.costUsd, v.task]);
      this.write(
        `UPDATE tasks SET verdicts = CASE WHEN verdicts_attempt = ? AND verdicts <> '' AND ? > 0 THEN verdicts || ' ' || ? ELSE ? END, verdicts_attempt = ? WHERE name = ?`,
        [v.attemptId, v.index, `${v.kind}:${v.verdict}`, `${v.kind}:${v.verdict}`, v.attemptId, v.task]
      );
      this.cache.touched.add(v.task);
      this.emit(
        "task.verification",
        { task_id: v.task, attempt_id: v.attemptId, kind: v.kind, verdict: v.verdict, cost_usd: v.costUsd, index: v.index, command: v.command, duration_ms: v.durationMs },
        now
      );
    });
  }
  /**
   * Money spent for a task that no attempt or verdict carries (a judge or reviewer stopped by a
   * cancel or Ctrl-C): counted in its cost, and so in the run's, with no row of its own.
   */
  chargeTask(task, costUsd) {
    if (costUsd <= 0) return;
    this.tx(() => {
      this.write("UPDATE tasks SET cost_usd = ROUND(cost_usd + ?, 9) WHERE name = ?", [costUsd, task]);
      this.cache.touched.add(task);
    });
  }
  /** HEAD's commit when the attempt began: where a judge's diff of the task starts. */
  setBaseCommit(attemptId, commit) {
    this.tx(() => {
      this.write("UPDATE task_attempts SET base_commit = ? WHERE id = ?", [commit, attemptId]);
      this.touchAttempt(attemptId);
    });
  }
  setTreeHash(attemptId, hash) {
    this.tx(() => {
      this.write("UPDATE task_attempts SET tree_hash = ? WHERE id = ?", [hash, attemptId]);
      this.touchAttempt(attemptId);
    });
  }
  /**
   * Where the task's work began, for a judge's diff: HEAD's commit when its first attempt (of those
   * that recorded one) started, and when its first attempt started (ms; null before any).
   */
  taskStart(task) {
    const base = this.one("SELECT base_commit FROM task_attempts WHERE task_id = ? AND base_commit IS NOT NULL ORDER BY attempt_num LIMIT 1", [task]);
    const first = this.one("SELECT started_at FROM task_attempts WHERE task_id = ? AND started_at IS NOT NULL ORDER BY attempt_num LIMIT 1", [task]);
    return { base: base ? String(base.base_commit) : null, since: first ? Date.parse(String(first.started_at)) : null };
  }
  treeHash(attemptId) {
    const row = this.one("SELECT tree_hash FROM task_attempts WHERE id = ?", [attemptId]);
    return row?.tree_hash === null || row?.tree_hash === void 0 ? null : String(row.tree_hash);
  }
  /**
   * The attempt's verdict; a FAIL that needs a person, not a retry, carries why (the agent's own
   * failure_class stays as it ended: its outcome in metrics and events does not change).
   */
  setVerdict(attemptId, verdict, failure) {
    this.tx(() => {
      this.write("UPDATE task_attempts SET verdict = ?, verdict_failure = ? WHERE id = ?", [verdict, failure ?? null, attemptId]);
      this.touchAttempt(attemptId);
    });
  }
  attempt(id) {
    const row = this.one("SELECT * FROM task_attempts WHERE id = ?", [id]);
    return row ? toAttempt(row) : void 0;
  }
  // ---- reads ------------------------------------------------------------------------------
  /** Every task in manifest order. The rows are shared with later calls: do not change them. */
  tasks() {
    this.refresh();
    this.cache.tasks ??= new Map(this.all("SELECT * FROM tasks ORDER BY ord").map((r) => [String(r.name), toTask(r)]));
    return [...this.cache.tasks.values()];
  }
  /** Each task's attempts in order, for the supervisor's every-tick snapshot. Shared rows, as above. */
  attemptsByTask() {
    this.refresh();
    if (!this.cache.attempts) {
      const byTask = /* @__PURE__ */ new Map();
      for (const a of this.attempts()) {
        const list = byTask.get(a.taskId);
        if (list) list.push(a);
        else byTask.set(a.taskId, [a]);
      }
      this.cache.attempts = byTask;
    }
    return this.cache.attempts;
  }
  /** Read again the rows of the tasks written since the last read. */
  refresh() {
    if (this.cache.touched.size === 0) return;
    for (const name of this.cache.touched) {
      if (this.cache.tasks) {
        const row = this.one("SELECT * FROM tasks WHERE name = ?", [name]);
        if (row) this.cache.tasks.set(name, toTask(row));
      }
      if (this.cache.attempts) this.cache.attempts.set(name, this.attempts(name));
    }
    this.cache.touched.clear();
  }
  forget() {
    this.cache.tasks = null;
    this.cache.attempts = null;
    this.cache.touched.clear();
  }
  touchAttempt(id) {
    const row = this.one("SELECT task_id FROM task_attempts WHERE id = ?", [id]);
    if (row) this.cache.touched.add(String(row.task_id));
  }
  /** Every task's state and cost without its spec: what `status` lists, cheaply at 10k tasks. */
  taskStates() {
    return this.all("SELECT name, state, state_cause, cost_usd, updated_at FROM tasks ORDER BY ord").map((r) => ({
      name: String(r.name),
      state: String(r.state),
      stateCause: String(r.state_cause),
      costUsd: Number(r.cost_usd),
      updatedAt: String(r.updated_at)
    }));
  }
  /** Attempts per task, counted in SQL. */
  attemptCounts() {
    return new Map(this.all("SELECT name, attempt_count FROM tasks").map((r) => [String(r.name), Number(r.attempt_count)]));
  }
  /** One task; from the read cache when it is filled (the supervisor asks several times a tick). */
  task(name) {
    this.refresh();
    if (this.cache.tasks) return this.cache.tasks.get(name);
    const row = this.one("SELECT * FROM tasks WHERE name = ?", [name]);
    return row ? toTask(row) : void 0;
  }
  transitions(task) {
    const rows = task ? this.all("SELECT * FROM task_transitions WHERE task_id = ? ORDER BY id", [task]) : this.all("SELECT * FROM task_transitions ORDER BY id");
    return rows.map((r) => ({
      id: Number(r.id),
      taskId: String(r.task_id),
      from: String(r.from_state),
      to: String(r.to_state),
      cause: String(r.cause),
      at: String(r.at)
    }));
  }
  attempts(task) {
    const rows = task ? this.all("SELECT * FROM task_attempts WHERE task_id = ? ORDER BY attempt_num", [task]) : this.all("SELECT * FROM task_attempts ORDER BY id");
    return rows.map(toAttempt);
  }
  /**
   * Each attempt's verifier results, of its last verification: one cut short by a crash or Ctrl-C
   * ran again from its first verifier, and what the cut one recorded is kept (for metrics, whose
   * counters never go down) but is no longer the attempt's result.
   */
  verifications(task) {
    const last = "id >= (SELECT MAX(r.id) FROM task_verifications r WHERE r.task_id = v.task_id AND r.attempt_id = v.attempt_id AND r.seq = 0)";
    const rows = task ? this.all(`SELECT * FROM task_verifications v WHERE task_id = ? AND ${last} ORDER BY attempt_id, seq`, [task]) : this.all(`SELECT * FROM task_verifications v WHERE ${last} ORDER BY id`);
    return rows.map(toVerification);
  }
  /** What every task in the ledger has been charged: what a run's cap is measured against. */
  spentUsd() {
    return Number(this.all("SELECT ROUND(COALESCE(SUM(cost_usd), 0), 9) AS cost FROM tasks")[0]?.cost ?? 0);
  }
  /** Fleet aggregates for metrics, in a handful of grouped queries. */
  stats() {
    const tasksByState = {};
    for (const r of this.all("SELECT state, COUNT(*) AS n FROM tasks GROUP BY state")) tasksByState[String(r.state)] = Number(r.n);
    const costUsd = this.spentUsd();
    const counted = (sql) => Object.fromEntries(this.all(sql).map((r) => [String(r.k), Number(r.n)]));
    const attemptsByOutcome = {};
    for (const r of this.all("SELECT failure_class, stop_reason, COUNT(*) AS n FROM task_attempts WHERE ended_at IS NOT NULL GROUP BY failure_class, stop_reason")) {
      const outcome = outcomeLabel(r.failure_class === null ? null : String(r.failure_class), r.stop_reason === null ? null : String(r.stop_reason));
      attemptsByOutcome[outcome] = (attemptsByOutcome[outcome] ?? 0) + Number(r.n);
    }
    const seconds = (sql) => this.all(sql).map((r) => Math.max(0, Number(r.s)));
    const attemptSeconds = seconds("SELECT (julianday(ended_at) - julianday(started_at)) * 86400 AS s FROM task_attempts WHERE ended_at IS NOT NULL AND started_at IS NOT NULL");
    const taskSeconds = seconds("SELECT (julianday(updated_at) - julianday(first_dispatched_at)) * 86400 AS s FROM tasks WHERE state = 'DONE' AND first_dispatched_at IS NOT NULL");
    const verifierSeconds = {};
    for (const r of this.all("SELECT kind, duration_ms FROM task_verifications")) (verifierSeconds[String(r.kind)] ??= []).push(Number(r.duration_ms) / 1e3);
    return {
      tasksByState,
      costUsd,
      budgetUsd: this.fleetBudgetUsd,
      retriesByCause: counted("SELECT cause AS k, COUNT(*) AS n FROM task_transitions WHERE to_state IN ('RETRYING', 'RESUMING') GROUP BY cause"),
      attemptsByOutcome,
      attemptSeconds,
      taskSeconds,
      verifications: this.all("SELECT kind, verdict, COUNT(*) AS n FROM task_verifications GROUP BY kind, verdict").map((r) => ({
        kind: String(r.kind),
        verdict: String(r.verdict),
        count: Number(r.n)
      })),
      verifierSeconds,
      breakerOpen: (this.control("breaker") ?? "") !== ""
    };
  }
  /** What earlier runs created on GitHub (check runs, the status, the comment), by key. */
  receipts() {
    return new Map(
      this.all("SELECT key, remote_id, payload_hash FROM github_receipts").map((r) => [
        String(r.key),
        { remoteId: String(r.remote_id), payloadHash: r.payload_hash === null ? null : String(r.payload_hash) }
      ])
    );
  }
  setReceipts(receipts) {
    this.tx(() => {
      for (const [key, r] of receipts) {
        this.write(
          `INSERT INTO github_receipts (key, kind, remote_id, payload_hash) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET remote_id = excluded.remote_id, payload_hash = excluded.payload_hash`,
          [key, key.split(":")[0], r.remoteId, r.payloadHash]
        );
      }
    });
  }
};
function keepOutOfGit(dir) {
  const path = join(dir, ".gitignore");
  if (existsSync5(path) || !readdirSync(dir).every(isStateFile)) return;
  writeFileSync(path, "# overseer's state (ledger, events, logs): not for committing\n*\n");
}

export {
  processStartTime,
  isSameProcess,
  LedgerBusyError,
  liveHolder,
  EVENTS_VERSION,
  Ledger
};
