// A working tree as an attempt found it, from one `git status --porcelain=v2 --branch`: a
// fingerprint (HEAD plus the status of every changed file; a resumed attempt is warned when it
// changed) and HEAD's commit (where a judge's diff starts). null outside a git repository (then no
// git process is started at all).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childEnv } from './env.js';
import { capture } from './process.js';
const inRepo = new Map<string, boolean>();

export function insideGitRepo(cwd: string): boolean {
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

export interface TreeState {
  readonly hash: string;
  /** HEAD's commit; null on a branch with no commit yet. */
  readonly head: string | null;
}

/** `env`: what git runs with (the supervisor passes its credential-free agent environment). */
export async function treeState(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env)): Promise<TreeState | null> {
  if (!insideGitRepo(cwd)) return null;
  try {
    const stdout = await capture(['git', 'status', '--porcelain=v2', '--branch'], { cwd, env, timeoutMs: 10_000, maxChars: 16 * 1024 * 1024 });
    const head = /^# branch\.oid ([0-9a-f]{40,64})$/m.exec(stdout)?.[1] ?? null;
    return { hash: createHash('sha256').update(stdout).digest('hex'), head };
  } catch {
    return null;
  }
}
