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
} from "./chunk-HWDXN4IG.js";
import {
  SpawnError,
  killTagged,
  launchDirect,
  newTag,
  spawnError
} from "./chunk-CKLKCHFF.js";

// src/runtime/helper.ts
import { fork } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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
function helperEnv() {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL"];
  return Object.fromEntries(keep.flatMap((name) => process.env[name] === void 0 ? [] : [[name, process.env[name]]]));
}
function startHelper(path) {
  const child = fork(path, [], { execArgv: [], env: helperEnv(), stdio: ["ignore", "ignore", "inherit", "ipc"], serialization: "json" });
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
  child.on("error", (err) => {
    if (child.pid === void 0) gone(null, null, err.code ?? err.message);
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
  let ended = false;
  const gone = (code, signal, failed) => {
    if (ended) return;
    ended = true;
    clearInterval(watch);
    if (helper === child) helper = null;
    const broken = !booted.has(child) && !stuck.has(child);
    if (broken && forkHere !== "always") {
      forkHere = "always";
      const why = failed ? `could not be started (${failed})` : `exited before it was ready (${signal ?? `code ${code}`})`;
      process.stderr.write(`overseer: the spawn helper (${path}) ${why}; agents and verifiers are forked by the supervisor for the rest of this run
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
  };
  child.once("exit", (code, signal) => gone(code, signal));
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
  lostWithHelper,
  startSpawnHelper,
  launch
};
