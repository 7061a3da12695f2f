// `overseer demo`: copy the embedded demo fleet to a temporary directory and run it with the
// built-in demo agent: a DAG, verifiers, one verification failure fed back and fixed on the retry.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FLEET } from '../../demo/fleet.js';
import { cliFor } from '../output.js';
import { runCommand } from './run.js';

export async function demoCommand(options: { dir?: string }): Promise<number> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'overseer-demo-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tasks.toml');
  writeFileSync(file, DEMO_FLEET);
  console.log(`demo fleet written to ${file}; ledger, events and logs go to ${join(dir, '.overseer')}\n`);
  const code = await runCommand(join(dir, '.overseer'), file, {});
  console.log(`\nlook around: ${cliFor(join(dir, '.overseer'))} events   (or: logs docs --attempt 2)`);
  return code;
}
