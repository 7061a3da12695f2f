// A working tree as an attempt found it: its HEAD commit (where a judge's diff starts) and a
// fingerprint of its status (a resumed attempt is warned when it changed). null outside a git
// repository (then no git process is started at all).

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

/**
 * A fingerprint of the tree: HEAD plus the status of every changed file. Read after the agent has
 * started (a `git status` of a large repository takes seconds): a resumed attempt is warned when it
 * changed. `env`: what git runs with (the supervisor passes its credential-free agent environment).
 */
export async function treeHash(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env)): Promise<string | null> {
  if (!insideGitRepo(cwd)) return null;
  try {
    // Without the index's lock: git status would take it to refresh the index, and the agent's own
    // `git add` or `git commit` at that moment would fail on index.lock.
    const stdout = await capture(['git', 'status', '--porcelain=v2', '--branch'], { cwd, env: { ...env, GIT_OPTIONAL_LOCKS: '0' }, timeoutMs: 10_000, maxChars: 16 * 1024 * 1024 });
    return createHash('sha256').update(stdout).digest('hex');
  } catch {
    return null;
  }
}

/**
 * HEAD's commit, read before the agent starts (it may commit at once; this takes milliseconds in
 * any repository): where a judge's diff of the task begins. Before a first commit, the empty tree:
 * what the agent then commits is its change too. null outside a repository.
 */
export async function headCommit(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env)): Promise<string | null> {
  if (!insideGitRepo(cwd)) return null;
  const git = async (args: string[]) => (await capture(['git', ...args], { cwd, env, timeoutMs: 10_000, maxChars: 1024 })).trim() || null;
  try {
    return await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    return git(['hash-object', '-t', 'tree', '/dev/null']).catch(() => null);
  }
}
