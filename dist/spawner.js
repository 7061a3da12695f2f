#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  launchDirect,
  sweepNow
} from "./chunks/chunk-CKLKCHFF.js";
import "./chunks/chunk-O2YJSDH3.js";

// src/runtime/spawner.ts
function send(message, sent = () => {
}) {
  if (!process.connected) return sent();
  process.send?.(message, void 0, void 0, () => sent());
}
var HIGH_WATER = 4 * 1024 * 1024;
var queued = 0;
var waiting = [];
function sendData(id, fd, text) {
  queued += text.length;
  send({ op: "data", id, fd, text }, () => {
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
  if (m.op === "ping") return send({ op: "pong", id: 0 });
  if (m.op !== "spawn") return;
  launchDirect(m, {
    onData: (fd, text) => sendData(m.id, fd, text),
    onExit: (code, signal) => send({ op: "exit", id: m.id, code, signal })
  }).then(
    (pid) => send({ op: "spawned", id: m.id, pid }),
    (err) => send({ op: "error", id: m.id, code: err.code, message: err.message })
  );
});
send({ op: "ready", id: 0 });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => {
});
process.on("disconnect", () => {
  sweepNow();
  process.exit(0);
});
