#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/runtime/tags.ts
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
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

// src/runtime/spawn.ts
import { spawn } from "node:child_process";
var SpawnError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
    this.name = "SpawnError";
  }
  code;
};
var spawnError = (command, code, message) => new SpawnError(`cannot start ${command}: ${code === "ENOENT" ? "not found (is it installed and on PATH?)" : message}`, code);
function launchDirect(spec, events) {
  return new Promise((resolve, reject) => {
    const tag = spec.tag ?? newTag(spec.env);
    const env = { ...spec.env, [TAG_VARIABLE]: tag };
    let child;
    try {
      child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    } catch (err) {
      const { code, message } = err;
      return reject(spawnError(spec.command, code ?? "UNKNOWN", message));
    }
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

export {
  TAG_VARIABLE,
  newTag,
  tagOf,
  taggedProcesses,
  under,
  killTagged,
  sweepNow,
  SpawnError,
  spawnError,
  launchDirect
};
