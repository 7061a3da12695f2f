#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  planSummary,
  renderSummary,
  runSummaryOf,
  summaryJson
} from "./chunk-TP7KT2PG.js";
import "./chunk-3NXD7FGW.js";
import "./chunk-V6JPE4YA.js";
import "./chunk-QBEZOSNL.js";
import {
  loadManifest
} from "./chunk-VOTIOR5A.js";
import "./chunk-2RLIGDW4.js";
import {
  Ledger
} from "./chunk-T2WGTKV7.js";
import {
  warn
} from "./chunk-EFIRAADO.js";
import "./chunk-HWDXN4IG.js";
import {
  ensureDir
} from "./chunk-YIKUX76P.js";
import "./chunk-ME6OC5CB.js";
import {
  cliFor
} from "./chunk-MZRR4JYV.js";
import {
  EXIT,
  InputError,
  UserError,
  fromSystemError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/summary.ts
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
async function summaryCommand(stateDir, options) {
  if (options.plan !== void 0) {
    if (options.json) throw new InputError(`--json prints a run's summary.json; a plan has none: for the plan as JSON run \`overseer plan ${options.plan} --json\``);
    emit(renderSummary(planSummary(loadManifest(options.plan).manifest)), options.out);
    if (options.out) console.log(`wrote ${options.out}`);
    return 0;
  }
  const beside = options.out === void 0 ? void 0 : join(dirname(options.out), "summary.json");
  if (beside !== void 0 && !options.json && resolve(beside) === resolve(options.out)) {
    throw new InputError(`--out ${options.out} is where summary.json goes beside the Markdown: name the Markdown file otherwise (summary.md)`);
  }
  const ledger = await Ledger.open({ stateDir, mode: "read", warn });
  try {
    const run = runSummaryOf(ledger, { cli: cliFor(stateDir) });
    const json = `${JSON.stringify(summaryJson(run), null, 2)}
`;
    if (options.json) {
      if (options.out) {
        write(options.out, json);
        console.log(`wrote ${options.out}`);
      } else process.stdout.write(json);
      return 0;
    }
    emit(renderSummary(run), options.out);
    if (beside) {
      write(beside, json);
      console.log(`wrote ${options.out} and ${beside}`);
    }
    return 0;
  } finally {
    ledger.close();
  }
}
function emit(markdown, out) {
  if (out) write(out, markdown.endsWith("\n") ? markdown : `${markdown}
`);
  else process.stdout.write(`${markdown}
`);
}
function write(path, text) {
  try {
    ensureDir(dirname(path));
    writeFileSync(path, text);
  } catch (err) {
    const message = `cannot write ${path}: ${err.code ?? err.message}`;
    throw fromSystemError(err)?.exitCode === EXIT.infrastructure ? new UserError(message, EXIT.infrastructure) : new InputError(message);
  }
}
export {
  summaryCommand
};
