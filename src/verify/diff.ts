// The change a judge is shown (DESIGN §7). First an overview: the tracked files' --stat against
// the commit the task began on (so commits the agent made count), every new file's name, and what
// is not shown and why. Then the tracked files' patch, then the new files' (untracked, not
// ignored, written since the task's first attempt began). The overview comes first because the
// prompt keeps a long diff's head and tail only.
//
// A judge is a third party: what may hold credentials is named, never shown, tracked or not (a
// `.env` a CI step filled in, a key file an agent committed with `git add -A`). So are files
// over 256 KiB, and new files past the first 200. New files are diffed through a scratch index with
// `git add -N`, which writes nothing into the repository. Overseer's state directory is left out.
// What git cannot give is named, never an empty diff.

import { copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ensureDir } from '../ledger/file.js';
import { STATE_FILES } from '../ledger/paths.js';
import { childEnv } from '../runtime/env.js';
import { git as gitIn, insideGitRepo } from '../runtime/tree.js';

/** What is read of each patch: the prompt quotes far less (the overview, and the patches' head and tail). */
const DIFF_CAP = 256 * 1024;
/** A new file larger than this is named with its size, not shown. */
const NEW_FILE_CAP = 256 * 1024;
/** New files shown at most (the rest are named). */
const NEW_FILES_SHOWN = 200;
/** Names listed at most in one note. */
const NAMES_LISTED = 500;

/**
 * Paths that hold credentials rather than code: a directory kept for them, or a file named for them.
 * Named in the diff, never shown.
 */
const CREDENTIAL_PATH = new RegExp(
  [
    // directories: ~/.ssh-like copies, secrets/, credentials/
    '(?:^|/)(?:\\.ssh|\\.aws|\\.azure|\\.gcloud|\\.docker|\\.kube|\\.gnupg|secrets?|credentials?)/',
    // env files: .env, .env.local, prod.env, .envrc (not env.ts)
    '(?:^|/)\\.env(?:\\.[^/]*)?$',
    '(?:^|/)[^/]+\\.env$',
    '(?:^|/)\\.envrc$',
    // key material and keystores
    '\\.(?:pem|key|p8|p12|pfx|jks|keystore|kdbx|keytab|ppk|asc|gpg)$',
    '(?:^|/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:\\.pub)?$',
    '(?:^|/)[^/]*(?:deploy|private|signing)[-_]?key[^/]*$',
    // data files named for what they hold (secrets.yaml, db-password.txt, service-account.json;
    // not code such as token.ts or password-reset.tsx)
    '(?:^|/)[^/.]*(?:credential|secret|token|password|passwd|service[-_]?account)[^/.]*(?:\\.(?:json|ya?ml|txt|ini|cfg|conf|toml|xml|properties|csv))?$',
    '(?:^|/)[^/]*key[^/]*\\.json$',
    '(?:^|/)(?:gha-creds-|client_secret)[^/]*\\.json$',
    // tools' own credential files
    '(?:^|/)(?:\\.netrc|\\.npmrc|\\.yarnrc\\.yml|\\.pypirc|\\.pgpass|\\.my\\.cnf|\\.htpasswd|\\.s3cfg|\\.dockercfg|\\.git-credentials|kubeconfig|settings\\.xml|gradle\\.properties)$',
    // infrastructure state and variables
    '\\.(?:tfvars|tfstate)(?:\\.backup)?$',
  ].join('|'),
  'i',
);

export interface DiffOptions {
  /** What the task began on (its first attempt's HEAD, or the empty tree before a first commit); HEAD when null or gone, as after a shallow checkout on a new runner. */
  readonly base?: string | null;
  /** When the task's first attempt began (ms since the epoch): new files written before it are not its change. */
  readonly since?: number;
  /**
   * The file recordUntracked wrote before the task's first attempt (or the first one that could): the
   * untracked files that are not its change. Without it (a list too long to keep), modification times decide.
   */
  readonly untrackedAtStart?: string;
  /** overseer's state directory (the ledger, the agents' logs): never part of the change, even inside the repository. */
  readonly stateDir?: string;
}

type Git = (args: readonly string[], options?: { index?: string; cut?: boolean }) => Promise<string>;

/** The task's change in `cwd`'s repository, for a judge. Empty outside a repository. */
export async function diffOf(cwd: string, env: NodeJS.ProcessEnv = childEnv(process.env), options: DiffOptions = {}): Promise<string> {
  if (!insideGitRepo(cwd)) return '';
  const git: Git = (args, o = {}) => gitIn(cwd, env, args, { ...o, ...(o.cut && { maxChars: DIFF_CAP }) });
  try {
    const top = (await git(['rev-parse', '--show-toplevel'])).trim();
    const against = await startingPoint(git, options.base ?? null);
    const leave = leftOut(top, options.stateDir);
    const changed = (await git(['diff', '--name-only', '-z', against, '--', ':/', ...leave])).split('\0').filter(Boolean);
    const before = readList(options.untrackedAtStart);
    // Untracked before the task and tracked now (an agent's `git add -A`): not its change, and it may hold a secret.
    const preexisting = changed.filter((path) => before?.has(path) && !CREDENTIAL_PATH.test(path));
    const withheld = changed.filter((path) => CREDENTIAL_PATH.test(path));
    const tracked = ['--', ':/', ...leave, ...[...withheld, ...preexisting].map((path) => `:(top,exclude,literal)${path}`)];
    const stat = await git(['diff', '--stat', against, ...tracked], { cut: true });
    const patch = await git(['diff', '--patch', against, ...tracked], { cut: true });
    // The tracked change stands on its own: new files that cannot be read (a tree too large to list
    // in time) are said to be missing, not allowed to take it with them.
    const fresh = await newFiles(git, top, cwd, leave, options.since, before).catch(
      (err: unknown): NewFiles => ({ overview: `[new files not shown: ${(err as Error).message}]\n`, patch: '' }),
    );
    const notes = [
      withheld.length > 0 ? `[changed, not shown, as they may hold credentials: ${names(withheld)}]\n` : '',
      preexisting.length > 0 ? `[added, not shown, as they were untracked before the task began: ${names(preexisting)}]\n` : '',
    ].join('');
    return `${stat}${notes}${fresh.overview}${patch}${fresh.patch}`;
  } catch (err) {
    return `[the change could not be read: ${(err as Error).message}]`;
  }
}

/** What the task began on: `base` if the repository still has it, else HEAD, else (no commit yet) the empty tree. */
async function startingPoint(git: Git, base: string | null): Promise<string> {
  for (const rev of base ? [base, 'HEAD'] : ['HEAD']) {
    try {
      // A tree-ish: a commit, or the empty tree a task began on before a first commit.
      return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{tree}`])).trim();
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
  if (inside === '') return STATE_FILES.map((f) => `:(top,exclude,glob)${f}`);
  return [`:(top,exclude,literal)${inside}`];
}

function names(paths: readonly string[]): string {
  const listed = paths.slice(0, NAMES_LISTED).join(', ');
  return paths.length > NAMES_LISTED ? `${listed} and ${paths.length - NAMES_LISTED} more` : listed;
}

interface NewFiles {
  /** Their names, and what is not shown and why. */
  readonly overview: string;
  readonly patch: string;
}

/** The untracked files in `cwd`'s repository (not ignored), by their path from its top, NUL-separated. */
const UNTRACKED = ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ':/'];

/** The list's last entry: a list without it was cut short (a crash, a full disk) and is not trusted. */
const LIST_END = '#end';
/** What stands in for a list too long to keep: modification times decide, and it is not taken again. */
const TOO_LONG = '#too-long';

/**
 * Before a task's attempt, when no list is kept yet: keep the untracked files its cwd holds in
 * `file`. They are not its change, whatever happens to their times (a `git stash -u` and pop renews
 * them). Taken late (after a crash, on a new runner), it only hides more. A list over 1 MiB (an
 * unignored dependency tree) is not kept: then modification times decide.
 */
export async function recordUntracked(cwd: string, env: NodeJS.ProcessEnv, file: string): Promise<void> {
  if (!insideGitRepo(cwd) || existsSync(file)) return;
  let list: string;
  try {
    list = `${await gitIn(cwd, env, UNTRACKED, { maxChars: 1024 * 1024 })}${LIST_END}\0`;
  } catch {
    list = `${TOO_LONG}\0`; // too many to keep, or git failed
  }
  try {
    ensureDir(dirname(file));
    // Whole or not at all: renamed into place.
    writeFileSync(`${file}.tmp`, list);
    renameSync(`${file}.tmp`, file);
  } catch {
    // not kept: modification times decide
  }
}

function readList(file: string | undefined): Set<string> | undefined {
  if (!file) return undefined;
  try {
    const entries = readFileSync(file, 'utf8').split('\0').filter(Boolean);
    return entries.at(-1) === LIST_END ? new Set(entries.slice(0, -1)) : undefined;
  } catch {
    return undefined;
  }
}

/** The files the task wrote that git does not track (nor ignore). */
async function newFiles(git: Git, top: string, cwd: string, leave: readonly string[], since: number | undefined, before: Set<string> | undefined): Promise<NewFiles> {
  const untracked = (await git([...UNTRACKED, ...leave])).split('\0').filter(Boolean);
  const written: Array<{ path: string; size: number }> = [];
  const other: string[] = [];
  const touched: string[] = [];
  const older: string[] = [];
  for (const path of untracked) {
    let stat;
    try {
      // The link itself, not what it points at: git shows a new link as its target's path.
      stat = lstatSync(join(top, path));
    } catch {
      continue; // gone since it was listed
    }
    // A second's slack: a file system that keeps whole seconds.
    const recent = since === undefined || stat.mtimeMs >= since - 1_000;
    if (before?.has(path)) {
      // There before the task: not its change, though it may have changed it.
      if (recent && since !== undefined) touched.push(path);
      continue;
    }
    if (!recent) {
      // Older than the task, yet not untracked when it began: moved, copied with its time kept, or
      // ignored until the task changed .gitignore. Named, never shown (it may be a secret that was there).
      if (before) older.push(path);
      continue;
    }
    if (stat.isFile() || stat.isSymbolicLink()) written.push({ path, size: stat.size });
    else other.push(path); // a repository of its own (a clone inside the tree)
  }
  if (written.length === 0 && other.length === 0 && touched.length === 0 && older.length === 0) return { overview: '', patch: '' };
  const secret = written.filter((f) => CREDENTIAL_PATH.test(f.path));
  const large = written.filter((f) => !CREDENTIAL_PATH.test(f.path) && f.size > NEW_FILE_CAP);
  const small = written.filter((f) => !CREDENTIAL_PATH.test(f.path) && f.size <= NEW_FILE_CAP);
  const shown = small.slice(0, NEW_FILES_SHOWN);
  const notes = [
    secret.length > 0 ? `not shown, as they may hold credentials: ${names(secret.map((f) => f.path))}` : '',
    large.length > 0 ? `not shown, over ${NEW_FILE_CAP / 1024} KiB: ${names(large.map((f) => `${f.path} (${Math.round(f.size / 1024)} KiB)`))}` : '',
    small.length > shown.length ? `not shown, past the first ${NEW_FILES_SHOWN}: ${names(small.slice(NEW_FILES_SHOWN).map((f) => f.path))}` : '',
    other.length > 0 ? `not shown, repositories of their own: ${names(other)}` : '',
    touched.length > 0 ? `not shown, untracked before the task began and changed since: ${names(touched)}` : '',
    older.length > 0 ? `not shown, older than the task though not untracked when it began (moved, copied, or ignored before): ${names(older)}` : '',
  ].filter(Boolean);
  let stat = '';
  let patch = '';
  if (shown.length > 0) {
    const paths = ['--', ...shown.map((f) => `:(top,literal)${f.path}`)];
    const scratch = mkdtempSync(join(tmpdir(), 'overseer-index-'));
    try {
      const index = join(scratch, 'index');
      const own = resolve(cwd, (await git(['rev-parse', '--git-path', 'index'])).trim());
      if (existsSync(own)) copyFileSync(own, index);
      // Outside a sparse checkout's cone too: the agent may write anywhere.
      await git(['-c', 'core.sparseCheckout=false', 'add', '--intent-to-add', ...paths], { index });
      stat = await git(['diff', '--stat', ...paths], { index, cut: true });
      patch = await git(['diff', '--patch', ...paths], { index, cut: true });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return { overview: `New files, not yet tracked by git (written since the task began):\n${stat}${notes.map((n) => `[${n}]\n`).join('')}`, patch };
}
