#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/runtime/spawn.ts
import { fork, spawn } from "node:child_process";
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
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    child.once("error", (err) => reject(spawnError(spec.command, err.code ?? "UNKNOWN", err.message)));
    child.stdout.setEncoding("utf8").on("data", (text) => events.onData(1, text));
    child.stderr.setEncoding("utf8").on("data", (text) => events.onData(2, text));
    child.once("spawn", () => {
      child.stdin.on("error", () => {
      });
      child.stdin.end(spec.stdin ?? "");
      resolve(child.pid);
    });
    child.once("exit", (code, signal) => {
      const open = [child.stdout, child.stderr].filter((s) => !s.readableEnded);
      let left = open.length;
      if (left === 0) return events.onExit(code, signal);
      const timer = setTimeout(() => events.onExit(code, signal), 200);
      for (const s of open) {
        s.once("end", () => {
          if (--left === 0) {
            clearTimeout(timer);
            events.onExit(code, signal);
          }
        });
      }
    });
  });
}

// src/runtime/spawner.ts
var send = (message) => process.send?.(message);
process.on("message", (m) => {
  if (m.op !== "spawn") return;
  launchDirect(m, {
    onData: (fd, text) => send({ op: "data", id: m.id, fd, text }),
    onExit: (code, signal) => send({ op: "exit", id: m.id, code, signal })
  }).then(
    (pid) => send({ op: "spawned", id: m.id, pid }),
    (err) => send({ op: "error", id: m.id, code: err.code, message: err.message })
  );
});
process.on("disconnect", () => process.exit(0));
