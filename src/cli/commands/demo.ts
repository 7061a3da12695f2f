// `overseer demo`: copy the embedded demo fleet to a temporary directory and show its plan.
// Running it needs the engine (reconciler, process runner, demo agent), which is not built yet:
// until then this validates and plans, and says so.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FLEET } from '../../demo/fleet.js';
import { planCommand } from './plan.js';

export function demoCommand(options: { dir?: string }): number {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'overseer-demo-'));
  const file = join(dir, 'tasks.toml');
  writeFileSync(file, DEMO_FLEET);
  console.log(`demo fleet written to ${file}\n`);
  const code = planCommand(file, {});
  console.log('\nThe run engine is not built yet: this demo validates and plans the fleet only.');
  return code;
}
