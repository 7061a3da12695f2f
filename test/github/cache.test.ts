// The ledger's round trip through @actions/cache, the real library, against a fake cache service on
// 127.0.0.1 (test/helpers/actions-cache.ts; the real service is GitHub's): the path list handed to
// save must give the version the restore asks with (the client hashes the list into it), from any
// workspace; and a ledger already on disk is never overwritten by a restore.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContext } from '../../src/github/context.js';
import { cachePaths, restoreLedger, saveLedger } from '../../src/github/state.js';
import { fakeActionsCache, type FakeCache } from '../helpers/actions-cache.js';
import { tempDir } from '../helpers/ledger.js';

const ctx = runContext({ GITHUB_REPOSITORY: 'octo/fleet', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'agents' }, null);

let cache: FakeCache;
const saved: Record<string, string | undefined> = {};
beforeAll(async () => {
  cache = await fakeActionsCache();
  // What the runner gives a JavaScript action step (GHES-style host: the REST cache service).
  for (const [name, value] of Object.entries({ ACTIONS_CACHE_URL: cache.url, ACTIONS_RUNTIME_TOKEN: 'runtime-token', GITHUB_SERVER_URL: 'https://github.example' })) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cache.close();
});

/** Run `fn` with the process in `dir`, as the action runs in its workspace. */
async function inside<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

describe('the ledger in the Actions cache', () => {
  it('is saved from one workspace and restored in another, even when some of its files did not exist yet', async () => {
    // The first job: coord.db and events, no .bak (no checkpoint yet), no journals.
    const first = tempDir();
    const warnings: string[] = [];
    expect(await inside(first, () => restoreLedger(ctx, join(first, '.overseer'), (m) => warnings.push(m)))).toEqual({ kind: 'miss' });
    mkdirSync(join(first, '.overseer'));
    writeFileSync(join(first, '.overseer', 'coord.db'), 'the ledger');
    writeFileSync(join(first, '.overseer', 'events.ndjson'), '');
    expect(await inside(first, () => saveLedger(ctx, join(first, '.overseer'), (m) => warnings.push(m), 5))).toBe('overseer-coord-octo-fleet-77-1-agents-5');

    // A re-run on another runner: another workspace path, the next run attempt.
    const second = tempDir();
    const rerun = { ...ctx, runAttempt: '2' };
    expect(await inside(second, () => restoreLedger(rerun, join(second, '.overseer'), (m) => warnings.push(m)))).toEqual({
      kind: 'restored',
      key: 'overseer-coord-octo-fleet-77-1-agents-5',
    });
    expect(readFileSync(join(second, '.overseer', 'coord.db'), 'utf8')).toBe('the ledger');
    expect(warnings).toEqual([]);
    expect(new Set([...cache.lookups.map((l) => l.version), ...cache.entries.map((e) => e.version)]).size).toBe(1);
    expect(cachePaths(join(second, '.overseer'), second)).toEqual(['.overseer/coord.db', '.overseer/coord.db.bak', '.overseer/coord.db.journal', '.overseer/coord.db.journal.prev', '.overseer/events.ndjson']);
  });

  it('is not restored over a ledger already on disk (a second run step of the job): the cache entry may be older', async () => {
    for (const file of ['coord.db', 'coord.db.bak']) {
      const dir = tempDir();
      writeFileSync(join(dir, file), 'progress of an earlier step');
      const lookups = cache.lookups.length;
      expect(await inside(dir, () => restoreLedger(ctx, dir, () => {}))).toEqual({ kind: 'on-disk' });
      expect(cache.lookups.length).toBe(lookups);
      expect(readFileSync(join(dir, file), 'utf8')).toBe('progress of an earlier step');
    }
  });

  it("a ledger another matrix leg saved in this very attempt is not taken up: that leg's DONE tasks are not this one's", async () => {
    const leg = runContext({ GITHUB_REPOSITORY: 'octo/fleet', GITHUB_RUN_ID: '78', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'agents' }, null);
    const b = tempDir();
    mkdirSync(join(b, '.overseer'));
    writeFileSync(join(b, '.overseer', 'coord.db'), "leg b's ledger");
    expect(await inside(b, () => saveLedger(leg, join(b, '.overseer'), () => {}, 11))).toBe('overseer-coord-octo-fleet-78-1-agents-11');
    // Leg a starts after leg b has saved (max-parallel: 1): same run, attempt and job id, no ledger on disk.
    const a = tempDir();
    const warnings: string[] = [];
    expect(await inside(a, () => restoreLedger(leg, join(a, '.overseer'), (m) => warnings.push(m)))).toEqual({ kind: 'miss' });
    expect(existsSync(join(a, '.overseer', 'coord.db'))).toBe(false);
    expect(warnings.join('\n')).toContain('a matrix leg: starting a fresh ledger');
    // A later job of the fleet (another job id) does take it up.
    const later = tempDir();
    expect(await inside(later, () => restoreLedger({ ...leg, job: 'agents-2' }, join(later, '.overseer'), () => {}))).toEqual({ kind: 'restored', key: 'overseer-coord-octo-fleet-78-1-agents-11' });
  });

  it('a key that exists already is not saved twice, and says so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'coord.db'), 'x');
    const warnings: string[] = [];
    expect(await inside(dir, () => saveLedger(ctx, dir, (m) => warnings.push(m), 9))).toBe('overseer-coord-octo-fleet-77-1-agents-9');
    expect(await inside(dir, () => saveLedger(ctx, dir, (m) => warnings.push(m), 9))).toBeUndefined();
    expect(warnings.join('\n')).toContain('was not saved');
  });
});
