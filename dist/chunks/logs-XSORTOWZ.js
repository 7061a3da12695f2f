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
import {
  Ledger
} from "./chunk-T2WGTKV7.js";
import {
  warn
} from "./chunk-EFIRAADO.js";
import "./chunk-HWDXN4IG.js";
import "./chunk-YIKUX76P.js";
import "./chunk-ME6OC5CB.js";
import {
  taskLogDir
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/logs.ts
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
async function logsCommand(stateDir, task, options) {
  const ledger = await Ledger.open({ stateDir, mode: "read", warn });
  let path;
  let num;
  try {
    if (!ledger.task(task)) throw new InputError(`no task "${task}" in the ledger (see \`overseer status\`)`);
    const attempts = ledger.attempts(task);
    if (attempts.length === 0) {
      process.stderr.write(`task "${task}" has no attempts yet (state ${ledger.task(task).state})
`);
      return 0;
    }
    const attempt = options.attempt === void 0 ? attempts[attempts.length - 1] : attempts.find((a) => a.attemptNum === options.attempt);
    if (!attempt) {
      throw new InputError(`task "${task}" has no attempt ${options.attempt} (attempts: ${attempts.map((a) => a.attemptNum).join(", ")})`);
    }
    if (!attempt.logPath) throw new InputError(`attempt ${attempt.attemptNum} of "${task}" has no log`);
    const here = join(taskLogDir(ledger.paths, task), basename(attempt.logPath));
    path = existsSync(here) ? here : attempt.logPath;
    num = attempt.attemptNum;
  } finally {
    ledger.close();
  }
  if (!options.follow) {
    if (!existsSync(path)) throw new InputError(`log file ${path} is missing`);
    process.stdout.write(readFileSync(path, "utf8"));
    return 0;
  }
  await follow(path, {
    from: 0,
    onText: (text) => process.stdout.write(text),
    done: async () => {
      const fresh = await Ledger.open({ stateDir, mode: "read" }).catch(() => null);
      if (!fresh) return false;
      try {
        return fresh.attempts(task).find((a) => a.attemptNum === num)?.endedAt != null;
      } finally {
        fresh.close();
      }
    }
  });
  return 0;
}
export {
  logsCommand
};
