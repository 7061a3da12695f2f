// The change a judge is shown (DESIGN §7): the working tree against the commit the task began on,
// so commits the agent made count, and so do new files git does not ignore. New files are added to
// a scratch copy of the index (GIT_INDEX_FILE): the repository's own index is never touched. A
// change too long for a prompt is cut, and says so; one git cannot give is named, not left empty.

import { copyFileSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { childEnv } from '../runtime/env.js';
import { capture } from '../runtime/process.js';
import { insideGitRepo } from '../runtime/tree.js';

/** What is read of a diff: the prompt quotes far less (its head, with the --stat of every file, and its tail). */
const DIFF_CAP = 256 * 1024;

export interface DiffOptions {
  /** The commit the task began on (its first attempt's HEAD); HEAD itself when null or gone, as after a shallow checkout on a new runner. */
  readonly base?: string | null;
  /** overseer's state directory (the ledger, the agents' logs): never part of the change, even inside the repository. */
  readonly stateDir?: string;
}

/** `git diff` of everything in `cwd`'s repository since `base`. Empty outside a repository. */
export async function diffOf(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env), options: DiffOptions = {}): Promise<string> {
  if (!insideGitRepo(cwd)) return '';
  const git = (args: readonly string[], index?: string, cut = false) =>
    capture(['git', ...args], { cwd, env: index ? { ...env, GIT_INDEX_FILE: index } : env, timeoutMs: 10_000, maxChars: cut ? DIFF_CAP : 64 * 1024, cut });
  const scratch = mkdtempSync(join(tmpdir(), 'overseer-index-'));
  try {
    const against = await startingPoint(git, options.base ?? null);
    const paths = ['--', ':/', ...(await leftOut(git, options.stateDir))];
    let index: string | undefined = join(scratch, 'index');
    let untracked = '';
    try {
      const own = resolve(cwd, (await git(['rev-parse', '--git-path', 'index'])).trim());
      // The copy keeps the index's file stats: git need not read every file again to add the new ones.
      if (existsSync(own)) copyFileSync(own, index);
      await git(['add', '--all', ...paths], index);
    } catch (err) {
      // (a tree too large to add in time): the tracked files' change, without the new ones.
      index = undefined;
      untracked = `[new files not shown: ${(err as Error).message}]\n`;
    }
    return untracked + (await git(['diff', ...(index ? ['--cached'] : []), against, '--stat', '--patch', ...paths], index, true));
  } catch (err) {
    return `[the change could not be read: ${(err as Error).message}]`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The commit to diff against: `base` if the repository still has it, else HEAD, else (no commit yet) the empty tree. */
async function startingPoint(git: (args: readonly string[]) => Promise<string>, base: string | null): Promise<string> {
  for (const rev of base ? [base, 'HEAD'] : ['HEAD']) {
    try {
      return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
    } catch {
      // gone (a shallow checkout on a new runner), or a branch with no commit yet
    }
  }
  return (await git(['hash-object', '-t', 'tree', '/dev/null'])).trim();
}

/** A pathspec that leaves the state directory out, when it is inside the work tree. */
async function leftOut(git: (args: readonly string[]) => Promise<string>, stateDir: string | undefined): Promise<string[]> {
  if (!stateDir || !existsSync(stateDir)) return [];
  const top = (await git(['rev-parse', '--show-toplevel'])).trim();
  const inside = relative(realpathSync(top), realpathSync(stateDir));
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? [] : [`:(top,exclude)${inside}`];
}
