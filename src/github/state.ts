// The ledger between jobs and re-runs (DESIGN §10): restored with @actions/cache by key prefix
// (newest wins), saved under a fresh immutable key; and the run's files uploaded as an artifact.
// Each service may be absent (GitHub Enterprise Server, a local run, a fork's read-only token): that
// is one warning and the run goes on, it never fails a job.

import * as cache from '@actions/cache';
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ledgerPaths } from '../ledger/paths.js';
import { sha256 } from '../ledger/spec.js';
import type { RunContext } from './context.js';

/**
 * A fleet as the workflow names it: its manifest and its state directory, relative to the workspace
 * (the same on every runner), and its `name` input. A later job or a re-run of the same fleet
 * continues its ledger; another fleet of the same workflow run (a second job with its own manifest,
 * a matrix leg with its own name) never takes it up. Matrix legs of one manifest differ only by name.
 */
export function fleetId(fleet: { readonly tasks: string; readonly stateDir: string; readonly name?: string }, workspace = process.cwd()): string {
  const at = (path: string) => relative(workspace, resolve(workspace, path));
  return sha256(`${at(fleet.tasks)}\n${at(fleet.stateDir)}${fleet.name === undefined ? '' : `\n${fleet.name}`}`).slice(0, 12);
}

/**
 * Keys: restore by `prefix`, save under `prefix + attempt-job-n` (cache keys are immutable).
 * `siblings`: what this attempt of this job saves under; found at restore, it was a matrix leg's.
 */
export function cacheKeys(ctx: RunContext, n: number): { prefix: string; save: string; probe: string; siblings: string } {
  const repo = `${ctx.owner}-${ctx.repo}`;
  const prefix = `overseer-coord-${repo}-${ctx.runId}-${ctx.fleet ? `${ctx.fleet}-` : ''}`;
  return {
    prefix,
    save: `${prefix}${ctx.runAttempt}-${ctx.job}-${n}`,
    siblings: `${prefix}${ctx.runAttempt}-${ctx.job}-`,
    // An exact key that never exists, so the restore always takes the newest entry under the prefix.
    probe: `${prefix}restore`,
  };
}

/**
 * The cached paths: the same list at restore and save, or the cache misses. @actions/cache hashes the
 * list as given into the entry's version (getCacheVersion), and globs it (resolvePaths), so a file
 * missing at save time (coord.db.bak before the first checkpoint) is skipped, not an error: never
 * filter the list. The journals too: a main step killed before the ledger closed leaves its last
 * commits there, not in coord.db.
 */
export function cachePaths(stateDir: string, workspace = process.cwd()): string[] {
  const p = ledgerPaths(stateDir);
  // Relative to the workspace where it is inside it: the version hashes the paths as given, and a
  // re-run on another runner (another _work directory, a self-hosted machine) has another absolute path.
  const inside = relative(workspace, p.dir);
  const at = (file: string) => (inside.startsWith('..') || isAbsolute(inside) ? file : relative(workspace, file));
  return [p.db, p.bak, p.journal, p.journalPrev, p.events].map(at);
}

export type Restored =
  | { readonly kind: 'restored'; readonly key: string }
  /** A ledger is on disk already (an earlier `run` step of this job): it is newer than any cache entry. */
  | { readonly kind: 'on-disk' }
  | { readonly kind: 'miss' }
  /** No cache service, or it failed (warned). */
  | { readonly kind: 'unavailable' };

export async function restoreLedger(ctx: RunContext, stateDir: string, warn: (m: string) => void): Promise<Restored> {
  // The cache extracts over what is there: an older entry would overwrite this job's own progress.
  const p = ledgerPaths(stateDir);
  if (existsSync(p.db) || existsSync(p.bak)) return { kind: 'on-disk' };
  if (!cache.isFeatureAvailable()) {
    warn('the Actions cache is not available here: the ledger starts from what is on disk (a later job cannot resume it)');
    return { kind: 'unavailable' };
  }
  const keys = cacheKeys(ctx, 0);
  try {
    const key = await cache.restoreCache(cachePaths(stateDir), keys.probe, [keys.prefix]);
    if (key?.startsWith(keys.siblings) && /^\d+$/.test(key.slice(keys.siblings.length))) {
      // Saved in this very attempt by this job, yet no ledger was on disk: another leg of a matrix
      // running the same manifest. Its DONE tasks are not this leg's work.
      for (const file of [p.db, p.bak, p.journal, p.journalPrev, p.events]) rmSync(file, { force: true });
      warn(
        `the newest ledger for this fleet (${key}) was saved by another job of this name in this run attempt, a matrix leg: starting a fresh ledger instead. Give each leg its own \`name\` input (e.g. \${{ matrix.shard }}), or a re-run may resume another leg's ledger`,
      );
      return { kind: 'miss' };
    }
    return key ? { kind: 'restored', key } : { kind: 'miss' };
  } catch (err) {
    warn(`could not restore the ledger from the Actions cache (${(err as Error).message}); starting from what is on disk`);
    return { kind: 'unavailable' };
  }
}

/** Saves under a fresh key. Returns the key, or undefined when nothing was saved (and says why). */
export async function saveLedger(ctx: RunContext, stateDir: string, warn: (m: string) => void, n = Date.now()): Promise<string | undefined> {
  if (!existsSync(ledgerPaths(stateDir).db)) return undefined;
  if (!cache.isFeatureAvailable()) {
    warn('the Actions cache is not available here: the ledger was not saved for later jobs (it is in the artifact)');
    return undefined;
  }
  const key = cacheKeys(ctx, n).save;
  try {
    const id = await cache.saveCache(cachePaths(stateDir), key);
    // @actions/cache returns -1 (and only logs) when the key exists or the save failed.
    if (id === -1) {
      warn(`the ledger cache entry ${key} was not saved (it exists already or the cache refused it)`);
      return undefined;
    }
    return key;
  } catch (err) {
    warn(`could not save the ledger to the Actions cache (${(err as Error).message})`);
    return undefined;
  }
}

/**
 * The files of a run worth keeping: the ledger, events, summary.json and every attempt log. Regular
 * files only, never through a symlink: the state directory sits in the agents' workspace, and a
 * link an agent planted (logs/t/2.log -> /proc/self/environ) would upload what it points at.
 */
export function artifactFiles(stateDir: string): string[] {
  const p = ledgerPaths(stateDir);
  const kind = (path: string) => {
    try {
      const st = lstatSync(path);
      return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
    } catch {
      return 'none';
    }
  };
  const files = [p.db, p.journal, p.events, join(stateDir, 'summary.json')].filter((f) => kind(f) === 'file');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      const k = kind(path);
      return k === 'dir' ? walk(path) : k === 'file' ? [path] : [];
    });
  return [...files, ...(kind(join(stateDir, 'logs')) === 'dir' ? walk(join(stateDir, 'logs')) : [])];
}

export function artifactName(base: string, ctx: RunContext): string {
  return `${base}-${ctx.job}${ctx.fleetName ? `-${ctx.fleetName}` : ''}-${ctx.runAttempt}`;
}

export async function uploadRun(base: string, ctx: RunContext, stateDir: string, warn: (m: string) => void): Promise<string | undefined> {
  const files = artifactFiles(stateDir);
  if (files.length === 0) return undefined;
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    warn('the artifact service is not available here (no ACTIONS_RUNTIME_TOKEN/ACTIONS_RESULTS_URL): the run files stay in the state directory');
    return undefined;
  }
  const name = artifactName(base, ctx);
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().uploadArtifact(name, files, stateDir, { retentionDays: 30 });
    return name;
  } catch (err) {
    warn(`could not upload the artifact ${name} (${(err as Error).message}); files: ${files.map((f) => relative(stateDir, f)).join(', ')}`);
    return undefined;
  }
}
