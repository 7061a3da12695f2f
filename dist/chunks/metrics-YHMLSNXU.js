#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  exposeFile,
  push,
  pushUrl
} from "./chunk-UYUDDDGX.js";
import "./chunk-A6QA2I6D.js";
import {
  Ledger
} from "./chunk-T2WGTKV7.js";
import "./chunk-YIKUX76P.js";
import {
  shownUrl
} from "./chunk-ME6OC5CB.js";
import {
  ledgerPaths
} from "./chunk-MZRR4JYV.js";
import {
  EXIT,
  InputError,
  UserError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/metrics.ts
import { existsSync } from "node:fs";

// src/metrics/serve.ts
import { createServer } from "node:http";
function parseBind(bind) {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(bind);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--bind ${bind}: expected HOST:PORT, e.g. 127.0.0.1:9464`);
  return { host: m[1] ?? (m[2] || "127.0.0.1"), port };
}
function serveMetrics(stateDir, options) {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: the only route is GET /metrics\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "content-type": "text/plain", allow: "GET, HEAD" }).end("method not allowed: GET /metrics\n");
      return;
    }
    const body = (text) => req.method === "HEAD" ? void 0 : text;
    exposeFile(stateDir, options.prefix).then(
      ({ text, contentType }) => res.writeHead(200, { "content-type": contentType }).end(body(text)),
      (err) => res.writeHead(503, { "content-type": "text/plain" }).end(body(`${err.message}
`))
    );
  });
  return new Promise((resolve, reject) => {
    server.once(
      "error",
      (err) => reject(new UserError(`cannot listen on ${options.host}:${options.port}: ${err.code === "EADDRINUSE" ? "the port is in use" : err.message}`, EXIT.infrastructure))
    );
    server.listen(options.port, options.host, () => resolve(server));
  });
}

// src/cli/commands/metrics.ts
async function serveCommand(stateDir, options) {
  const { host, port } = parseBind(options.bind);
  const server = await serveMetrics(stateDir, { host, port, prefix: options.metricsPrefix });
  const address = server.address();
  const shown = typeof address === "object" && address ? `${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}` : options.bind;
  console.log(`serving http://${shown}/metrics from ${ledgerPaths(stateDir).db} (Ctrl-C to stop)`);
  if (!existsSync(ledgerPaths(stateDir).db)) console.log("no ledger there yet: scrapes answer 503 until a run creates it");
  await new Promise((done) => {
    const stop = () => server.close(() => done());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
async function pushCommand(stateDir, options) {
  const ledger = await Ledger.open({ stateDir, mode: "read" });
  try {
    const { target, prefix, series } = await push(ledger, { url: options.url, job: options.job, env: process.env, prefix: options.metricsPrefix });
    const url = shownUrl(pushUrl(target));
    if (options.json) console.log(JSON.stringify({ url, job: target.job, grouping: target.grouping, prefix, series }));
    else console.log(`pushed ${series} series to ${url}`);
    return 0;
  } finally {
    ledger.close();
  }
}
export {
  pushCommand,
  serveCommand
};
