// The ledger's round trip through @actions/cache, with the cache module replaced by a recorder (the
// real service is GitHub's): the path list handed to save must be the one handed to restore, since
// @actions/cache hashes it into the entry's version; and a ledger already on disk is never
// overwritten by a restore.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runContext } from '../../src/github/context.js';
import { cachePaths, restoreLedger, saveLedger } from '../../src/github/state.js';
import { tempDir } from '../helpers/ledger.js';

const cache = vi.hoisted(() => ({
  isFeatureAvailable: vi.fn(() => true),
  restoreCache: vi.fn(async (_paths: string[], _key: string, _restoreKeys?: string[]): Promise<string | undefined> => undefined),
  saveCache: vi.fn(async (_paths: string[], _key: string): Promise<number> => 1),
}));
vi.mock('@actions/cache', () => cache);

const ctx = runContext({ GITHUB_REPOSITORY: 'octo/fleet', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'agents' }, null);

beforeEach(() => {
  cache.restoreCache.mockClear();
  cache.saveCache.mockClear();
});

describe('the ledger in the Actions cache', () => {
  it('saves under the exact path list it restores with, even when some of those files do not exist yet', async () => {
    const dir = tempDir();
    const warnings: string[] = [];
    expect(await restoreLedger(ctx, dir, (m) => warnings.push(m))).toEqual({ kind: 'miss' });
    // The first run of a job: coord.db and events, no .bak (no checkpoint yet), no journals.
    writeFileSync(join(dir, 'coord.db'), 'x');
    writeFileSync(join(dir, 'events.ndjson'), '');
    expect(await saveLedger(ctx, dir, (m) => warnings.push(m), 5)).toBe('overseer-coord-octo-fleet-77-1-agents-5');
    const restored = cache.restoreCache.mock.calls[0]![0];
    const saved = cache.saveCache.mock.calls[0]![0];
    expect(saved).toEqual(restored);
    expect(saved).toEqual(cachePaths(dir));
    expect(warnings).toEqual([]);
  });

  it('a restore hit names its key', async () => {
    cache.restoreCache.mockResolvedValueOnce('overseer-coord-octo-fleet-77-1-agents-5');
    expect(await restoreLedger(ctx, tempDir(), () => {})).toEqual({ kind: 'restored', key: 'overseer-coord-octo-fleet-77-1-agents-5' });
  });

  it('is not restored over a ledger already on disk (a second run step of the job): the cache entry may be older', async () => {
    for (const file of ['coord.db', 'coord.db.bak']) {
      const dir = tempDir();
      writeFileSync(join(dir, file), 'progress of an earlier step');
      expect(await restoreLedger(ctx, dir, () => {})).toEqual({ kind: 'on-disk' });
    }
    expect(cache.restoreCache).not.toHaveBeenCalled();
  });
});
