// A fingerprint of a working tree: HEAD plus the status of every changed file, from one
// `git status --porcelain=v2 --branch`. Recorded when an attempt begins; a resumed attempt is
// warned when it changed. null outside a git repository (then no git process is started at all).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childEnv } from './env.js';
import { capture } from './process.js';
const inRepo = new Map<string, boolean>();

function insideGitRepo(cwd: string): boolean {
  let known = inRepo.get(cwd);
  if (known === undefined) {
    known = false;
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.git'))) {
        known = true;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    inRepo.set(cwd, known);
  }
  return known;
}

/** `env`: what git runs with (the supervisor passes its credential-free agent environment). */
export async function treeHash(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env)): Promise<string | null> {
  if (!insideGitRepo(cwd)) return null;
  try {
    const stdout = await capture(['git', 'status', '--porcelain=v2', '--branch'], { cwd, env, timeoutMs: 10_000, maxChars: 16 * 1024 * 1024 });
    return createHash('sha256').update(stdout).digest('hex');
  } catch {
    return null;
  }
}
