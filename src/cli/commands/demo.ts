// `overseer demo`: copy the embedded demo fleet to a temporary directory and run it with the
// built-in demo agent: a DAG, verifiers, one verification failure fed back and fixed on the retry.

import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { DEMO_FLEET } from '../../demo/fleet.js';
import { ensureDir } from '../../ledger/file.js';
import { cliFor } from '../output.js';
import { runCommand } from './run.js';

export async function demoCommand(options: { dir?: string }): Promise<number> {
  // The demo writes its tasks.toml, its agents' files (docs.md, RELEASE.md...) and a ledger there:
  // in a directory with anything in it, it would overwrite a user's own.
  if (options.dir !== undefined && existsSync(options.dir) && (!statSync(options.dir).isDirectory() || readdirSync(options.dir).length > 0)) {
    throw new InputError(`${options.dir} is not an empty directory: the demo writes its tasks.toml, its agents' files and a ledger there; give a new or empty one`);
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'overseer-demo-'));
  ensureDir(dir);
  const file = join(dir, 'tasks.toml');
  writeFileSync(file, DEMO_FLEET);
  console.log(`demo fleet written to ${file}; ledger, events and logs go to ${join(dir, '.overseer')}\n`);
  const code = await runCommand(join(dir, '.overseer'), file, {});
  console.log(`\nlook around: ${cliFor(join(dir, '.overseer'))} events   (or: logs docs --attempt 2)`);
  return code;
}
