#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/runtime/spawn.ts
import { fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
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
function killTagged(tag) {
  const needle = Buffer.from(`${TAG_VARIABLE}=${tag}\0`);
  let names;
  try {
    names = readdirSync("/proc");
  } catch {
    return 0;
  }
  let killed = 0;
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`);
      const at = environ.indexOf(needle);
      if (at === -1 || at > 0 && environ[at - 1] !== 0) continue;
      process.kill(pid, "SIGKILL");
      killed++;
    } catch {
    }
  }
  return killed;
}
function launchDirect(spec, events) {
  return new Promise((resolve, reject) => {
    const tag = `${process.pid}.${++tags}.${randomBytes(6).toString("hex")}`;
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
        setImmediate(() => killTagged(tag));
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

// src/runtime/spawner.ts
var send = (message) => process.send?.(message);
var HIGH_WATER = 4 * 1024 * 1024;
var queued = 0;
var waiting = [];
function sendData(id, fd, text) {
  queued += text.length;
  process.send?.({ op: "data", id, fd, text }, void 0, void 0, () => {
    queued -= text.length;
    if (queued <= HIGH_WATER / 2 && waiting.length > 0) {
      const ready = waiting;
      waiting = [];
      for (const resume of ready) resume();
    }
  });
  return queued > HIGH_WATER ? new Promise((resume) => waiting.push(resume)) : void 0;
}
process.on("message", (m) => {
  if (m.op !== "spawn") return;
  launchDirect(m, {
    onData: (fd, text) => sendData(m.id, fd, text),
    onExit: (code, signal) => send({ op: "exit", id: m.id, code, signal })
  }).then(
    (pid) => send({ op: "spawned", id: m.id, pid }),
    (err) => send({ op: "error", id: m.id, code: err.code, message: err.message })
  );
});
process.on("disconnect", () => process.exit(0));
