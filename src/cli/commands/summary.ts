// `overseer summary`: the job summary the action writes, as a local Markdown file (or stdout), with
// summary.json beside it. `--plan FILE` renders a dry run's plan from a manifest instead.

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT, fromSystemError, InputError, UserError } from '../../core/errors.js';
import { planSummary, renderSummary } from '../../core/summary.js';
import { ensureDir } from '../../ledger/file.js';
import { Ledger } from '../../ledger/ledger.js';
import { runSummaryOf, summaryJson } from '../../ledger/report.js';
import { loadManifest } from '../../manifest/load.js';
import { cliFor } from '../output.js';
import { warn } from '../settings.js';

export interface SummaryOptions {
  out?: string;
  json?: boolean;
  plan?: string;
}

export async function summaryCommand(stateDir: string, options: SummaryOptions): Promise<number> {
  if (options.plan !== undefined) {
    // A plan has no summary.json (no verdict, no results): its JSON is what `plan --json` prints.
    if (options.json) throw new InputError(`--json prints a run's summary.json; a plan has none: for the plan as JSON run \`overseer plan ${options.plan} --json\``);
    emit(renderSummary(planSummary(loadManifest(options.plan).manifest)), options.out);
    if (options.out) console.log(`wrote ${options.out}`);
    return 0;
  }
  // --out is the Markdown, with summary.json beside it: the one would overwrite the other.
  const beside = options.out === undefined ? undefined : join(dirname(options.out), 'summary.json');
  if (beside !== undefined && !options.json && resolve(beside) === resolve(options.out!)) {
    throw new InputError(`--out ${options.out} is where summary.json goes beside the Markdown: name the Markdown file otherwise (summary.md)`);
  }
  const ledger = await Ledger.open({ stateDir, mode: 'read', warn });
  try {
    const run = runSummaryOf(ledger, { cli: cliFor(stateDir) });
    const json = `${JSON.stringify(summaryJson(run), null, 2)}\n`;
    if (options.json) {
      // With --out, the JSON goes to that file.
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

function emit(markdown: string, out: string | undefined): void {
  if (out) write(out, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  else process.stdout.write(`${markdown}\n`);
}

/** Write a file, making its directory; a path that cannot be written is the user's to fix. */
function write(path: string, text: string): void {
  try {
    ensureDir(dirname(path));
    writeFileSync(path, text);
  } catch (err) {
    // A read-only file system or a full disk is the machine's (exit 3); a bad path is the user's.
    const message = `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    throw fromSystemError(err)?.exitCode === EXIT.infrastructure ? new UserError(message, EXIT.infrastructure) : new InputError(message);
  }
}
