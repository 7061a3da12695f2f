#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  besideBundle
} from "./chunk-2OEUKV5K.js";
import {
  msFromEnv
} from "./chunk-OP455PEY.js";

// src/runtime/spawn.ts
import { fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
var SpawnError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
    this.name = "SpawnError";
  }
  code;
};
var spawnError = (command, code, message) => new SpawnError(`cannot start ${command}: ${code === "ENOENT" ? "not found (is it installed and on PATH?)" : message}`, code);
var TAG_VARIABLE = "OVERSEER_PROCESS_TAG";
var tags = 0;
var TAG_PREFIX = Buffer.from(`${TAG_VARIABLE}=`);
function tagIn(environ) {
  for (let at = environ.indexOf(TAG_PREFIX); at !== -1; at = environ.indexOf(TAG_PREFIX, at + 1)) {
    if (at > 0 && environ[at - 1] !== 0) continue;
    const end = environ.indexOf(0, at);
    return environ.toString("utf8", at + TAG_PREFIX.length, end === -1 ? environ.length : end);
  }
  return void 0;
}
function newTag(env) {
  const own = `${process.pid}.${++tags}.${randomBytes(6).toString("hex")}`;
  const owner = env[TAG_VARIABLE];
  return owner ? `${owner}/${own}` : own;
}
function tagOf(pid) {
  try {
    return tagIn(readFileSync(`/proc/${pid}/environ`));
  } catch {
    return void 0;
  }
}
function taggedProcesses(match) {
  let names;
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const found = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    try {
      const tag = tagIn(readFileSync(`/proc/${pid}/environ`));
      if (tag !== void 0 && match(tag)) found.push({ pid, tag });
    } catch {
    }
  }
  return found;
}
var under = (tag, mark) => tag === mark || tag.startsWith(`${mark}/`);
function killTagged(tags2) {
  const marks = [...tags2];
  if (marks.length === 0) return 0;
  let killed = 0;
  for (const { pid } of taggedProcesses((tag) => marks.some((mark) => under(tag, mark)))) {
    try {
      process.kill(pid, "SIGKILL");
      killed++;
    } catch {
    }
  }
  return killed;
}
var SWEEP_DELAY_MS = 20;
var toSweep = /* @__PURE__ */ new Set();
var sweepTimer;
function sweepNow() {
  if (sweepTimer) clearTimeout(sweepTimer);
  sweepTimer = void 0;
  const tags2 = [...toSweep];
  toSweep.clear();
  killTagged(tags2);
}
function sweepLater(tag) {
  toSweep.add(tag);
  sweepTimer ??= setTimeout(sweepNow, SWEEP_DELAY_MS);
}
function launchDirect(spec, events) {
  return new Promise((resolve, reject) => {
    const tag = spec.tag ?? newTag(spec.env);
    const env = { ...spec.env, [TAG_VARIABLE]: tag };
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    child.once("error", (err) => reject(spawnError(spec.command, err.code ?? "UNKNOWN", err.message)));
    let exited = false;
    for (const [fd, stream] of [
      [1, child.stdout],
      [2, child.stderr]
    ]) {
      stream.setEncoding("utf8").on("data", (text) => {
        const wait = events.onData(fd, text);
        if (wait && !exited) {
          stream.pause();
          void wait.then(() => stream.resume());
        }
      });
    }
    child.once("spawn", () => {
      child.stdin.on("error", () => {
      });
      child.stdin.end(spec.stdin ?? "");
      resolve(child.pid);
    });
    child.once("exit", (code, signal) => {
      exited = true;
      child.stdout.resume();
      child.stderr.resume();
      const done = () => {
        events.onExit(code, signal);
        sweepLater(tag);
      };
      const open = [child.stdout, child.stderr].filter((s) => !s.readableEnded);
      let left = open.length;
      if (left === 0) return done();
      const timer = setTimeout(done, 200);
      for (const s of open) {
        s.once("end", () => {
          if (--left === 0) {
            clearTimeout(timer);
            done();
          }
        });
      }
    });
  });
}
var lostWithHelper = (err) => err instanceof SpawnError && err.code === "EHELPER";
var helper = null;
var nextId = 1;
var pending = /* @__PURE__ */ new Map();
var HELPER_TIMEOUT_MS = msFromEnv(process.env, "OVERSEER_HELPER_TIMEOUT_MS") ?? 3e4;
var PING_EVERY_MS = Math.min(5e3, HELPER_TIMEOUT_MS / 4);
var unanswered = /* @__PURE__ */ new WeakMap();
var asked = (child) => {
  if (!unanswered.has(child)) unanswered.set(child, performance.now());
};
var forkHere = "while-booting";
function helperPath() {
  if (process.env.OVERSEER_SPAWNER === "0") return null;
  return besideBundle("spawner.js");
}
function startHelper(path) {
  const child = fork(path, [], { execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"], serialization: "json" });
  child.on("message", (m) => {
    unanswered.delete(child);
    if (m.op === "pong") return;
    if (m.op === "ready") {
      booted.add(child);
      for (const p2 of pending.values()) {
        if (p2.via !== child || !p2.unsent) continue;
        asked(child);
        child.send(p2.unsent);
        p2.unsent = void 0;
      }
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    switch (m.op) {
      case "spawned":
        p.pid = m.pid;
        p.started?.resolve(m.pid);
        p.started = void 0;
        return;
      case "error":
        pending.delete(m.id);
        p.started?.reject(spawnError(p.spec.command, m.code, m.message));
        settle();
        return;
      case "data":
        p.events.onData(m.fd, m.text);
        return;
      case "exit":
        pending.delete(m.id);
        p.events.onExit(m.code, m.signal);
        settle();
        return;
    }
  });
  child.on("error", () => {
  });
  const watch = setInterval(() => {
    if (![...pending.values()].some((p) => p.via === child)) return;
    const since = unanswered.get(child);
    if (since !== void 0 && performance.now() - since >= HELPER_TIMEOUT_MS) return replaceStuck(child);
    if (since === void 0 && child.connected) {
      asked(child);
      child.send({ op: "ping", id: 0 });
    }
  }, PING_EVERY_MS);
  watch.unref();
  child.once("exit", (code, signal) => {
    clearInterval(watch);
    if (helper === child) helper = null;
    const broken = !booted.has(child) && !stuck.has(child);
    if (broken && forkHere !== "always") {
      forkHere = "always";
      process.stderr.write(`overseer: the spawn helper (${path}) exited before it was ready (${signal ?? `code ${code}`}); agents and verifiers are forked by the supervisor for the rest of this run
`);
    }
    const lost = [...pending].filter(([, p]) => p.via === child);
    killTagged(lost.map(([, p]) => p.spec.tag));
    for (const [id, p] of lost) {
      pending.delete(id);
      if (p.pid) {
        try {
          process.kill(-p.pid, "SIGKILL");
        } catch {
        }
        p.events.onExit(null, "SIGKILL", true);
      } else if (broken && p.started) {
        launchDirect(p.spec, p.events).then(p.started.resolve, p.started.reject);
      } else {
        const why = stuck.has(child) ? "stopped answering" : "exited";
        p.started?.reject(new SpawnError(`cannot start ${p.spec.command}: the spawn helper ${why}`, "EHELPER"));
      }
    }
  });
  child.unref();
  child.channel?.unref?.();
  return child;
}
var stuck = /* @__PURE__ */ new WeakSet();
var booted = /* @__PURE__ */ new WeakSet();
function replaceStuck(child) {
  if (stuck.has(child)) return;
  stuck.add(child);
  forkHere = "never";
  if (helper === child) helper = null;
  process.stderr.write(`overseer: the spawn helper (pid ${child.pid}) has not answered for ${HELPER_TIMEOUT_MS} ms; replacing it (the agents it started are stopped and retried)
`);
  for (const pid of childrenOf(child.pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
    }
  }
  child.kill("SIGKILL");
}
function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap(
      (tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number)
    );
  } catch {
    return [];
  }
}
function settle() {
  if (!helper) return;
  if (pending.size > 0) {
    helper.ref();
    helper.channel?.ref?.();
  } else {
    helper.unref();
    helper.channel?.unref?.();
  }
}
function startSpawnHelper() {
  const path = helperPath();
  if (!path) return;
  helper ??= startHelper(path);
  forkHere = "never";
}
function launch(spec, events) {
  const path = helperPath();
  if (!path || forkHere === "always") return launchDirect(spec, events);
  helper ??= startHelper(path);
  const ready = booted.has(helper);
  if (forkHere === "while-booting" && (!ready || !helper.connected)) return launchDirect(spec, events);
  const id = nextId++;
  const tagged = { ...spec, tag: spec.tag ?? newTag(spec.env) };
  const via = helper;
  const message = { op: "spawn", id, command: tagged.command, args: tagged.args, cwd: tagged.cwd, env: tagged.env, stdin: tagged.stdin, tag: tagged.tag };
  return new Promise((resolve, reject) => {
    pending.set(id, { spec: tagged, events, via, started: { resolve, reject }, ...!ready && { unsent: message } });
    settle();
    asked(via);
    if (ready) via.send(message);
  });
}

export {
  SpawnError,
  TAG_VARIABLE,
  tagOf,
  taggedProcesses,
  under,
  killTagged,
  sweepNow,
  launchDirect,
  lostWithHelper,
  startSpawnHelper,
  launch
};
