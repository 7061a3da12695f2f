// Run the built CLI as a user would: a child process, its exit code, stdout and stderr.

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertEventLinesIn } from './events.js';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, OVERSEER_STATE_DIR: undefined, ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assertEventLinesIn(r.stdout ?? '', `stdout of overseer ${args.join(' ')}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As cli(), without blocking the test's event loop (for tests that also serve HTTP in-process). */
export function cliAsync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, OVERSEER_STATE_DIR: undefined, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      assertEventLinesIn(stdout, `stdout of overseer ${args.join(' ')}`);
      resolve({ code, stdout, stderr });
    });
  });
}

export { STACK_FRAME } from './crash.js';
