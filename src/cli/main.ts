// The CLI entry point: parse, run one command, map every outcome to an exit code in one place.
// User errors print their message (no stack trace); anything else is a bug and says so.

import { CommanderError } from 'commander';
import { EXIT, fromSystemError, UserError } from '../core/errors.js';
import { ManifestError } from '../manifest/diagnostic.js';
import { plural } from '../core/format.js';
import { closeOutput, outputClosed } from './output.js';
import { buildProgram } from './program.js';
import { redacted } from './settings.js';

function fail(err: unknown): number {
  if (err instanceof ManifestError) {
    // FILE:LINE:COL lines as they are, so editors and CI annotations can jump to them.
    process.stderr.write(`${redacted(err.message)}\noverseer: ${plural(err.diagnostics.length, 'problem')} found; nothing was run\n`);
    return err.exitCode;
  }
  if (err instanceof UserError) {
    process.stderr.write(`overseer: ${redacted(err.message)}\n`);
    return err.exitCode;
  }
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  const system = fromSystemError(err);
  if (system) {
    process.stderr.write(`overseer: ${redacted(system.message)}\n`);
    return system.exitCode;
  }
  process.stderr.write(`overseer: internal error (this is a bug, please report it):\n${redacted((err as Error)?.stack ?? String(err))}\n`);
  return EXIT.infrastructure;
}

async function main(argv: string[]): Promise<number> {
  let result: number | Promise<number> = EXIT.ok;
  const program = buildProgram((code) => {
    result = code;
  });
  try {
    await program.parseAsync(argv);
    return await result;
  } catch (err) {
    return fail(err);
  }
}

// Thrown outside a command's own promise (in a child's output handler, a timer): the same words and
// exit code as any other failure, not Node's trace and exit 1, which CI reads as "tasks not done".
// Agents left running are found and stopped, or resumed, by the next run.
process.on('uncaughtException', (err) => {
  process.exit(fail(err));
});

// A reader that stops reading (`overseer events | head -1`) is done with us: no stack trace for EPIPE.
// A command that listens (a run with agents to stop) winds down instead, its output going nowhere.
// stderr too: `overseer run 2>&1 | head` closes both, and the run's own warnings go there.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (outputClosed) return; // what is written after goes nowhere, and fails as it goes
    if (err.code !== 'EPIPE') throw err;
    if (!closeOutput()) process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv);
