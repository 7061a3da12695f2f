#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  follow
} from "./chunk-CLS5X3BR.js";
import "./chunk-T2WGTKV7.js";
import "./chunk-YIKUX76P.js";
import {
  ledgerPaths
} from "./chunk-MZRR4JYV.js";
import {
  LedgerError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/events.ts
import { existsSync, readFileSync } from "node:fs";
function describe(line) {
  let e;
  try {
    e = JSON.parse(line);
  } catch {
    return `(unreadable line) ${line.slice(0, 120)}`;
  }
  const head = `${String(e.seq).padStart(5)}  ${String(e.at)}  ${String(e.type).padEnd(17)}`;
  switch (e.type) {
    case "task.transition":
      return `${head}  ${String(e.task_id)}: ${String(e.from)} -> ${String(e.to)} (${String(e.cause)})`;
    case "control.request":
      return `${head}  ${String(e.request)}${e.task_id ? ` ${String(e.task_id)}` : ""} by ${String(e.by)}`;
    default: {
      const { v: _v, seq: _s, type: _t, at: _a, run_id: _r, ...rest } = e;
      return `${head}  ${JSON.stringify(rest)}`;
    }
  }
}
async function eventsCommand(stateDir, options) {
  const path = ledgerPaths(stateDir).events;
  if (!existsSync(path) && !options.follow) {
    throw new LedgerError(`no events at ${path}: nothing has run with this state directory yet`);
  }
  const print = (text) => {
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      process.stdout.write(`${options.json ? line : describe(line)}
`);
    }
  };
  if (!options.follow) {
    const text = readFileSync(path, "utf8");
    print(text.slice(0, text.lastIndexOf("\n") + 1));
    return 0;
  }
  let partial = "";
  await follow(path, {
    from: 0,
    onText: (text) => {
      const joined = partial + text;
      const cut = joined.lastIndexOf("\n") + 1;
      partial = joined.slice(cut);
      print(joined.slice(0, cut));
    },
    done: async () => false,
    // The torn line that was cut is the one held back: drop it, and print nothing twice.
    onCut: () => {
      partial = "";
    }
  });
  return 0;
}
export {
  eventsCommand
};
