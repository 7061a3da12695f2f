// The change a judge is shown (DESIGN §7): first the tracked files against the commit the task
// began on (so commits the agent made count), then the files it created that git does not track
// yet. A new file counts only if it was written since the task's first attempt began: a `.env` or
// a `service-account.json` that was in the checkout before is not the agent's change, and must not
// reach a third-party judge. New files are diffed through a scratch index with `git add -N`, which
// writes nothing into the repository (no index change, no objects). Credential-like names and large
// files are named, not shown. Overseer's state directory is left out. A change too long for a
// prompt is cut, and says so; one git cannot give is named, not left empty.

import { copyFileSync, existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { childEnv } from '../runtime/env.js';
import { capture } from '../runtime/process.js';
import { insideGitRepo } from '../runtime/tree.js';

/** What is read of each part of a diff: the prompt quotes far less (its head, with the --stat of every file, and its tail). */
const DIFF_CAP = 256 * 1024;
/** A new file larger than this is named with its size, not shown. */
const NEW_FILE_CAP = 256 * 1024;
/** New files shown at most; the rest are counted. */
const NEW_FILES_SHOWN = 200;
/** Names that hold credentials rather than code: named, never shown. */
const CREDENTIAL_FILE =
  /(?:^|\/)(?:\.env(?:\..*)?|\.envrc|\.netrc|\.npmrc|\.pypirc|\.git-credentials|id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?|[^/]*\.(?:pem|key|p12|pfx|jks|keystore|kdbx)|[^/]*(?:credential|secret|token)[^/]*|gha-creds-[^/]*\.json)$/i;
/** What overseer keeps in its state directory, left out when that directory is the top of the work tree. */
const OWN_FILES = ['coord.db*', 'events.ndjson*', 'logs', 'inbox', 'summary.json'];

export interface DiffOptions {
  /** The commit the task began on (its first attempt's HEAD); HEAD itself when null or gone, as after a shallow checkout on a new runner. */
  readonly base?: string | null;
  /** When the task's first attempt began (ms since the epoch): new files written before it are not its change. */
  readonly since?: number;
  /** overseer's state directory (the ledger, the agents' logs): never part of the change, even inside the repository. */
  readonly stateDir?: string;
}

type Git = (args: readonly string[], options?: { index?: string; cut?: boolean }) => Promise<string>;

/** The task's change in `cwd`'s repository, for a judge. Empty outside a repository. */
export async function diffOf(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env), options: DiffOptions = {}): Promise<string> {
  if (!insideGitRepo(cwd)) return '';
  const git: Git = (args, o = {}) =>
    capture(['git', ...args], { cwd, env: o.index ? { ...env, GIT_INDEX_FILE: o.index } : env, timeoutMs: 10_000, maxChars: o.cut ? DIFF_CAP : 16 * 1024 * 1024, cut: o.cut });
  try {
    const top = (await git(['rev-parse', '--show-toplevel'])).trim();
    const against = await startingPoint(git, options.base ?? null);
    const leave = leftOut(top, options.stateDir);
    const tracked = await git(['diff', against, '--stat', '--patch', '--', ':/', ...leave], { cut: true });
    // The tracked change stands on its own: new files that cannot be listed (a tree too large to
    // list in time) are said to be missing, not allowed to take it with them.
    const fresh = await newFiles(git, top, cwd, leave, options.since).catch((err: unknown) => `\n[new files not shown: ${(err as Error).message}]\n`);
    return tracked + fresh;
  } catch (err) {
    return `[the change could not be read: ${(err as Error).message}]`;
  }
}

/** The commit to diff against: `base` if the repository still has it, else HEAD, else (no commit yet) the empty tree. */
async function startingPoint(git: Git, base: string | null): Promise<string> {
  for (const rev of base ? [base, 'HEAD'] : ['HEAD']) {
    try {
      return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
    } catch {
      // gone (a shallow checkout on a new runner), or a branch with no commit yet
    }
  }
  return (await git(['hash-object', '-t', 'tree', '/dev/null'])).trim();
}

/** Pathspecs that leave the state directory out, when it is inside the work tree. */
function leftOut(top: string, stateDir: string | undefined): string[] {
  if (!stateDir || !existsSync(stateDir)) return [];
  const inside = relative(realpathSync(top), realpathSync(stateDir));
  if (inside.startsWith('..') || isAbsolute(inside)) return [];
  // The top of the work tree itself (`--state-dir .`): overseer's own files in it.
  if (inside === '') return OWN_FILES.map((f) => `:(top,exclude,glob)${f}`);
  return [`:(top,exclude,literal)${inside}`];
}

/** The files written since `since` that git does not track (nor ignore), as a diff, with those not shown named. */
async function newFiles(git: Git, top: string, cwd: string, leave: readonly string[], since: number | undefined): Promise<string> {
  const untracked = (await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ':/', ...leave])).split('\0').filter(Boolean);
  const written = untracked.flatMap((path) => {
    try {
      const stat = statSync(join(top, path));
      // A second's slack: a file system that keeps whole seconds.
      return stat.isFile() && (since === undefined || stat.mtimeMs >= since - 1_000) ? [{ path, size: stat.size }] : [];
    } catch {
      return []; // gone since it was listed
    }
  });
  if (written.length === 0) return '';
  const secret = written.filter((f) => CREDENTIAL_FILE.test(f.path));
  const large = written.filter((f) => !CREDENTIAL_FILE.test(f.path) && f.size > NEW_FILE_CAP);
  const shown = written.filter((f) => !CREDENTIAL_FILE.test(f.path) && f.size <= NEW_FILE_CAP);
  const notes = [
    secret.length > 0 ? `not shown, as they may hold credentials: ${secret.map((f) => f.path).join(', ')}` : '',
    large.length > 0 ? `not shown, over ${NEW_FILE_CAP / 1024} KiB: ${large.map((f) => `${f.path} (${Math.round(f.size / 1024)} KiB)`).join(', ')}` : '',
    shown.length > NEW_FILES_SHOWN ? `${shown.length - NEW_FILES_SHOWN} more new files not shown` : '',
  ].filter(Boolean);
  let patch = '';
  const paths = shown.slice(0, NEW_FILES_SHOWN).map((f) => `:(top,literal)${f.path}`);
  if (paths.length > 0) {
    const scratch = mkdtempSync(join(tmpdir(), 'overseer-index-'));
    try {
      const index = join(scratch, 'index');
      const own = resolve(cwd, (await git(['rev-parse', '--git-path', 'index'])).trim());
      if (existsSync(own)) copyFileSync(own, index);
      await git(['add', '--intent-to-add', '--', ...paths], { index });
      patch = await git(['diff', '--stat', '--patch', '--', ...paths], { index, cut: true });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return `\nNew files, not yet tracked by git (written since the task began):\n${patch}${notes.map((n) => `[${n}]\n`).join('')}`;
}
