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
 * Run git in `cwd` for overseer itself (never for an agent): within 10 s; names as they are, not
 * octal escapes; a scratch index (`index`) that stays one file; and never the index's lock, which
 * an agent committing in the same repository may need that moment. `env`: what git runs with (the
 * supervisor passes its credential-free agent environment).
 */
export function git(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[], options: { maxChars?: number; cut?: boolean; index?: string } = {}): Promise<string> {
  return capture(['git', '-c', 'core.quotePath=false', '-c', 'core.splitIndex=false', ...args], {
    cwd,
    env: { ...env, GIT_OPTIONAL_LOCKS: '0', ...(options.index && { GIT_INDEX_FILE: options.index }) },
    timeoutMs: 10_000,
    maxChars: options.maxChars ?? 16 * 1024 * 1024,
    cut: options.cut,
  });
}

/**
 * A fingerprint of the tree: HEAD plus the status of every changed file. Read after the agent has
 * started (a `git status` of a large repository takes seconds): a resumed attempt is warned when it
 * changed.
 */
export async function treeHash(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env)): Promise<string | null> {
  if (!insideGitRepo(cwd)) return null;
  try {
    return createHash('sha256').update(await git(cwd, env, ['status', '--porcelain=v2', '--branch'])).digest('hex');
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
  const rev = async (args: string[]) => (await git(cwd, env, args)).trim() || null;
  try {
    return await rev(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    return rev(['hash-object', '-t', 'tree', '/dev/null']).catch(() => null);
  }
}
