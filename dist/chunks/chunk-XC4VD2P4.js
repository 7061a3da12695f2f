#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  Ledger,
  LedgerBusyError,
  isSameProcess,
  processStartTime
} from "./chunk-T2WGTKV7.js";
import {
  launch
} from "./chunk-K3LD2QA5.js";
import {
  SpawnError
} from "./chunk-CKLKCHFF.js";
import {
  ensureDir
} from "./chunk-YIKUX76P.js";
import {
  TASK_NAME_PATTERN,
  TERMINAL_STATES,
  checkManifest,
  discriminatedUnion,
  downstream,
  formatPath,
  literal,
  newTask,
  number,
  object,
  record,
  string,
  taskCap,
  unknown,
  usd
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";

// src/runtime/control.ts
import { existsSync } from "node:fs";

// src/runtime/inbox.ts
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
var ControlRequestSchema = discriminatedUnion("request", [
  object({ request: literal("cancel"), task_id: string(), by: string() }),
  object({ request: literal("approve"), task_id: string(), by: string() }),
  object({ request: literal("retry"), task_id: string(), budget_usd: number().min(0).optional(), by: string() }),
  object({ request: literal("drain"), by: string() }),
  object({ request: literal("undrain"), by: string() }),
  object({ request: literal("submit"), task_id: string(), spec: record(string(), unknown()), by: string() })
]);
function enqueue(inboxDir, request, now) {
  ensureDir(inboxDir);
  const name = `${now.getTime()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
  const tmp = join(inboxDir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(request));
  const path = join(inboxDir, name);
  renameSync(tmp, path);
  return path;
}
function readInbox(inboxDir) {
  let names;
  try {
    names = readdirSync(inboxDir).filter((n) => n.endsWith(".json") && !n.startsWith("."));
  } catch {
    return [];
  }
  return names.sort(byArrival).map((name) => {
    const path = join(inboxDir, name);
    try {
      const parsed = ControlRequestSchema.safeParse(JSON.parse(readRequest(path)));
      return parsed.success ? { path, request: parsed.data } : { path, request: null, problem: parsed.error.message };
    } catch (err) {
      return { path, request: null, problem: err.message };
    }
  });
}
var MAX_REQUEST_BYTES = 64 * 1024;
function readRequest(path) {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error("not a regular file");
    if (st.size > MAX_REQUEST_BYTES) throw new Error(`larger than ${MAX_REQUEST_BYTES} bytes`);
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
function remove(path) {
  try {
    unlinkSync(path);
  } catch {
  }
}
function byArrival(a, b) {
  const ta = Number(a.split("-")[0]);
  const tb = Number(b.split("-")[0]);
  return ta - tb || a.localeCompare(b);
}

// src/runtime/process.ts
import { closeSync as closeSync2, openSync as openSync2, writeSync } from "node:fs";
import { dirname } from "node:path";
var LOG_CAP_BYTES = 16 * 1024 * 1024;
var STDOUT_LINE_CAP = 4 * 1024 * 1024;
var STDERR_LINE_CAP = 1024 * 1024;
var TAIL_CHARS = 8 * 1024;
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
  }
}
function cutOutside(text, at, secrets) {
  let cut = at;
  for (let moved = true; moved; ) {
    moved = false;
    for (const secret of secrets) {
      const i = text.indexOf(secret, Math.max(0, cut - secret.length + 1));
      if (i !== -1 && i < cut) {
        cut = i;
        moved = true;
      }
    }
  }
  return cut > 0 ? cut : at;
}
async function startProcess(spec) {
  const [command, ...args] = spec.argv;
  if (!command) throw new SpawnError("empty command", "EINVAL");
  let log;
  let logged = 0;
  if (spec.logPath) {
    ensureDir(dirname(spec.logPath));
    log = openSync2(spec.logPath, "a");
  }
  const closeLog = () => {
    const fd = log;
    log = void 0;
    if (fd === void 0) return;
    try {
      closeSync2(fd);
    } catch {
    }
  };
  const guarded = (write) => {
    if (log === void 0) return;
    try {
      write(log);
    } catch (err2) {
      closeLog();
      spec.warn?.(`cannot write its log ${spec.logPath} (${err2.code ?? err2.message}); the rest of its output is not logged`);
    }
  };
  const writeLog = (text) => {
    if (logged >= LOG_CAP_BYTES) return;
    const bytes = Buffer.from(text);
    if (logged + bytes.length > LOG_CAP_BYTES) {
      guarded((fd) => {
        writeSync(fd, bytes.subarray(0, LOG_CAP_BYTES - logged));
        writeSync(fd, `
[overseer: log cut at ${LOG_CAP_BYTES} bytes; the last of the output follows at the end]
`);
      });
      logged = LOG_CAP_BYTES;
      return;
    }
    guarded((fd) => writeSync(fd, bytes));
    logged += bytes.length;
  };
  let tail = "";
  let stderrTail = "";
  const keepTail = (text) => {
    tail = (tail + text).slice(-TAIL_CHARS);
  };
  const secrets = spec.redact.secrets ?? [];
  const longest = Math.max(0, ...secrets.map((x) => x.length));
  const lineSplitter = (cap, onComplete) => {
    let parts = [];
    let size = 0;
    const take = () => {
      const all = parts.join("");
      parts = [];
      size = 0;
      return all;
    };
    return {
      push(chunk) {
        let rest = chunk;
        let nl;
        while ((nl = rest.indexOf("\n")) !== -1) {
          parts.push(rest.slice(0, nl));
          onComplete(take());
          rest = rest.slice(nl + 1);
        }
        if (rest) {
          parts.push(rest);
          size += rest.length;
        }
        while (size > cap + longest) {
          const pending = take();
          const cut = cutOutside(pending, cap, secrets);
          onComplete(pending.slice(0, cut));
          parts = [pending.slice(cut)];
          size = parts[0].length;
        }
      },
      end() {
        const last = take();
        if (last) onComplete(last);
      }
    };
  };
  const out = lineSplitter(STDOUT_LINE_CAP, (line) => {
    const safe = spec.redact(line);
    writeLog(`${safe}
`);
    keepTail(`${safe}
`);
    spec.onLine?.(line);
  });
  const err = lineSplitter(STDERR_LINE_CAP, (line) => {
    const safe = spec.redact(line);
    writeLog(`${safe}
`);
    keepTail(`${safe}
`);
    stderrTail = `${stderrTail}${safe}
`.slice(-TAIL_CHARS);
    spec.onStderrLine?.(safe);
  });
  let pid = 0;
  let killTimer;
  let killAt = Infinity;
  let exitedResolve = () => {
  };
  const exited = new Promise((done) => exitedResolve = done);
  const events = {
    onData(fd, text) {
      spec.onOutput?.();
      (fd === 1 ? out : err).push(text);
    },
    onExit(code, signal, lost) {
      if (pid) killGroup(pid, "SIGKILL");
      if (killTimer) clearTimeout(killTimer);
      out.end();
      err.end();
      if (logged >= LOG_CAP_BYTES) guarded((fd) => writeSync(fd, `[overseer: the last ${tail.length} characters of the output]
${tail}`));
      closeLog();
      exitedResolve({ code, signal, lost });
    }
  };
  try {
    pid = await launch({ command, args, cwd: spec.cwd, env: spec.env, stdin: spec.stdin }, events);
  } catch (error) {
    if (log !== void 0) closeSync2(log);
    throw error;
  }
  return {
    pid,
    startTime: processStartTime(pid),
    exited,
    tail: () => tail,
    stderrTail: () => stderrTail,
    stop(graceMs = 1e4) {
      const at = Date.now() + graceMs;
      if (at >= killAt) return;
      if (killAt === Infinity) killGroup(pid, "SIGTERM");
      killAt = at;
      if (killTimer) clearTimeout(killTimer);
      killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), graceMs);
      killTimer.unref();
    }
  };
}
var CUT = "cut";
async function capture(argv, options) {
  const [command, ...args] = argv;
  if (!command) throw new SpawnError("empty command", "EINVAL");
  const chunks = [];
  let size = 0;
  let pid = 0;
  let stopped;
  const stop = (why) => {
    stopped ??= why;
    if (pid) killGroup(pid, "SIGKILL");
  };
  const exited = new Promise((resolve, reject) => {
    launch(
      { command, args, cwd: options.cwd, env: options.env },
      {
        onData(fd, text) {
          if (fd !== 1 || stopped) return;
          const room = options.maxChars - size;
          size += text.length;
          if (size <= options.maxChars) return void chunks.push(text);
          if (options.cut) chunks.push(text.slice(0, room));
          stop(options.cut ? CUT : `printed more than ${options.maxChars} characters`);
        },
        onExit: (code, signal) => resolve({ code, signal })
      }
    ).then((started) => {
      pid = started;
      if (stopped) killGroup(pid, "SIGKILL");
    }, reject);
  });
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      stop(`timed out after ${options.timeoutMs} ms`);
      reject(new Error(`${command} ${stopped}`));
    }, options.timeoutMs);
  });
  exited.catch(() => {
  });
  deadline.catch(() => {
  });
  try {
    const exit = await Promise.race([exited, deadline]);
    if (stopped === CUT) return `${chunks.join("")}
[cut: longer than ${options.maxChars} characters]
`;
    if (stopped) throw new Error(`${command} ${stopped}`);
    if (exit.code !== 0) throw new Error(`${command} exited ${exit.code ?? exit.signal}`);
    return chunks.join("");
  } finally {
    clearTimeout(timer);
  }
}

// src/runtime/control.ts
function submittedTask(ledger, request) {
  const id = request.task_id;
  if (!TASK_NAME_PATTERN.test(id) || request.spec.name !== id) {
    throw new InputError(`submitted task name ${JSON.stringify(id).slice(0, 80)} is not a valid task name (blank, or a control character in it)`);
  }
  const checked = checkManifest({ task: [{ ...request.spec, depends_on: [] }] }, { rolesAtRun: true });
  if (!checked.ok) throw new InputError(`submitted task "${id}" is not a valid task: ${checked.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("; ")}`);
  const deps = request.spec.depends_on ?? [];
  if (!Array.isArray(deps) || !deps.every((d) => typeof d === "string")) {
    throw new InputError(`submitted task "${id}": depends_on must be a list of task names`);
  }
  const prompt = request.spec.prompt;
  if (typeof prompt !== "string") throw new InputError(`submitted task "${id}" carries no prompt text (a request holds the prompt itself, not a prompt_file)`);
  const existing = ledger.task(id);
  if (existing) throw new InputError(`task "${id}" already exists (state ${existing.state})`);
  const { names, unknown: unknown2 } = dependencyNames(deps, (name) => ledger.task(name) !== void 0);
  if (unknown2.length > 0) throw new InputError(`--depends-on names unknown task(s): ${unknown2.join(", ")}`);
  return newTask({ ...checked.manifest.task[0], depends_on: [...new Set(names)] }, prompt);
}
function dependencyNames(values, known) {
  const names = [];
  const unknown2 = [];
  for (const value of values) {
    if (known(value)) {
      names.push(value);
      continue;
    }
    const parts = value.split(",").map((part) => part.trim()).filter(Boolean);
    if (parts.every(known)) names.push(...parts);
    else if (parts.some(known)) unknown2.push(...parts.filter((part) => !known(part)));
    else unknown2.push(value);
  }
  return { names, unknown: unknown2 };
}
function checkRequest(ledger, request) {
  if (request.request === "drain" || request.request === "undrain") return;
  if (request.request === "submit") {
    submittedTask(ledger, request);
    return;
  }
  const task = ledger.task(request.task_id);
  if (!task) {
    const names = ledger.tasks().map((t) => t.name);
    throw new InputError(`no task "${request.task_id}" in the ledger${names.length ? ` (tasks: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", \u2026" : ""})` : ""}`);
  }
  switch (request.request) {
    case "cancel":
      if (TERMINAL_STATES.has(task.state)) throw new InputError(`task "${task.name}" is already ${task.state}`);
      return;
    case "approve":
    case "retry":
      if (task.state !== "NEEDS_HUMAN") {
        throw new InputError(`task "${task.name}" is ${task.state}: only a NEEDS_HUMAN task can be ${request.request === "approve" ? "approved" : "retried"}`);
      }
      if (request.request === "retry" && request.budget_usd !== void 0 && request.budget_usd <= task.costUsd) {
        throw new InputError(`task "${task.name}" has spent ${usd(task.costUsd)} already: --budget-usd must be more than that (its new cap covers all it spends)`);
      }
      if (request.request === "retry" && request.budget_usd === void 0) {
        const cap = taskCap(task, task.spec);
        if (cap !== null && task.costUsd >= cap) {
          throw new InputError(`task "${task.name}" has spent its budget (${usd(task.costUsd)} of ${usd(cap)}): retry it with --budget-usd more than ${task.costUsd}`);
        }
      }
      return;
    default: {
      const never = request;
      throw new Error(`unhandled request ${JSON.stringify(never)}`);
    }
  }
}
function settleBreaker(ledger) {
  if ((ledger.control("breaker") ?? "") === "") return;
  if (ledger.tasks().some((t) => t.state === "NEEDS_HUMAN" && t.stateCause === "quota")) return;
  ledger.setControl("breaker", "");
}
function applyRequest(ledger, request) {
  checkRequest(ledger, request);
  ledger.tx(() => {
    const taskId = "task_id" in request ? request.task_id : void 0;
    ledger.emit("control.request", { request: request.request, ...taskId ? { task_id: taskId } : {}, by: request.by });
    switch (request.request) {
      case "cancel": {
        ledger.transition(request.task_id, "CANCELLED", "cancelled");
        const tasks = ledger.tasks();
        const nodes = tasks.map((t) => ({ name: t.name, dependsOn: t.spec.depends_on }));
        for (const name of downstream(nodes, request.task_id)) {
          if (ledger.task(name)?.state === "PENDING") ledger.transition(name, "CANCELLED", "dependency-cancelled");
        }
        settleBreaker(ledger);
        return;
      }
      case "approve":
        ledger.transition(request.task_id, "DONE", "approved");
        settleBreaker(ledger);
        return;
      case "retry":
        ledger.grantRetry(request.task_id, request.budget_usd);
        if ((ledger.control("breaker") ?? "") !== "") ledger.setControl("breaker", "");
        return;
      case "drain":
        ledger.setControl("drain", "1");
        return;
      case "undrain":
        ledger.setControl("drain", "0");
        return;
      case "submit":
        ledger.addTasks([submittedTask(ledger, request)]);
        return;
      default: {
        const never = request;
        throw new Error(`unhandled request ${JSON.stringify(never)}`);
      }
    }
  });
}
var COMMAND_WAIT_MS = 5e3;
async function deliver(stateDir, request, options = {}) {
  let ledger;
  try {
    ledger = await openBetweenCommands(stateDir, options);
  } catch (err) {
    if (!(err instanceof LedgerBusyError) || err.holder?.role === "command") throw err;
    const snapshot = await Ledger.open({ stateDir, mode: "read", warn: options.warn });
    try {
      checkRequest(snapshot, request);
    } finally {
      snapshot.close();
    }
    const path = enqueue(snapshot.paths.inbox, request, /* @__PURE__ */ new Date());
    return confirmQueued(stateDir, { request, path, pid: err.holder?.pid ?? null }, options);
  }
  return applyNow(ledger, request);
}
function applyNow(ledger, request, queued) {
  try {
    applyRequest(ledger, request);
    ledger.commit();
    const stopped = request.request === "cancel" ? stopLeftRunning(ledger, request.task_id) : void 0;
    return stopped === void 0 ? { mode: "applied" } : { mode: "applied", stopped };
  } finally {
    if (queued) remove(queued);
    ledger.close();
  }
}
async function confirmQueued(stateDir, queued, options) {
  const { request, path, pid } = queued;
  let ledger;
  try {
    ledger = await openBetweenCommands(stateDir, options);
  } catch (err) {
    if (err instanceof LedgerBusyError && err.holder?.role === "supervisor") return { mode: "queued", path, pid: err.holder.pid };
    if (!existsSync(path)) return { mode: "queued", path, pid };
    remove(path);
    throw err;
  }
  if (!existsSync(path)) {
    ledger.close();
    return { mode: "queued", path, pid };
  }
  return applyNow(ledger, request, path);
}
function stopLeftRunning(ledger, task) {
  const a = ledger.attempts(task).at(-1);
  if (!a || a.endedAt !== null || a.pid === null || !isSameProcess(a.pid, a.pidStart)) return void 0;
  killGroup(a.pid, "SIGTERM");
  return a.pid;
}
async function openBetweenCommands(stateDir, options) {
  const until = Date.now() + (options.waitMs ?? COMMAND_WAIT_MS);
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await Ledger.open({ stateDir, mode: "write", create: options.create, warn: options.warn });
    } catch (err) {
      const briefly = err instanceof LedgerBusyError && (err.holder === null || err.holder.role === "command");
      if (!briefly || Date.now() + pause > until) throw err;
      await new Promise((r) => setTimeout(r, pause * (0.5 + Math.random())));
    }
  }
}

export {
  readInbox,
  remove,
  killGroup,
  startProcess,
  capture,
  applyRequest,
  deliver
};
