// Pure parts of the action's GitHub layer: which commit and PR a run gates, fork detection, the
// cache keys that carry the ledger between jobs and re-runs, and the fallbacks when the cache or
// artifact service is absent (as on GitHub Enterprise Server or a local run).

import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../src/ledger/spec.js';
import { describe, expect, it } from 'vitest';
import { runContext } from '../../src/github/context.js';
import { artifactFiles, artifactName, cacheKeys, cachePaths, fleetId, restoreLedger, saveLedger, uploadRun } from '../../src/github/state.js';
import { tempDir } from '../helpers/ledger.js';

const env = { GITHUB_REPOSITORY: 'octo/fleet', GITHUB_SHA: 'push-sha', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'agents' };
const pr = (head: unknown) => ({ pull_request: { number: 5, head: { sha: 'head-sha', repo: head }, base: { repo: { full_name: 'octo/fleet' } } } });

describe('runContext', () => {
  it('a pull request gates its head commit; a push gates GITHUB_SHA', () => {
    expect(runContext(env, pr({ full_name: 'octo/fleet' }))).toMatchObject({ owner: 'octo', repo: 'fleet', sha: 'head-sha', pullRequest: 5, fork: false });
    expect(runContext(env, { ref: 'refs/heads/main' })).toMatchObject({ sha: 'push-sha', pullRequest: null, fork: false });
    expect(runContext(env, null)).toMatchObject({ sha: 'push-sha', pullRequest: null, fork: false });
  });

  it('a head repository other than the base, or a deleted one, is a fork', () => {
    expect(runContext(env, pr({ full_name: 'mallory/fleet' })).fork).toBe(true);
    expect(runContext(env, pr(null)).fork).toBe(true);
  });

  it("a workflow_run gates the head its triggering run built (GITHUB_SHA is the default branch's), and knows a fork's", () => {
    const run = (headRepo: unknown) => ({ workflow_run: { head_sha: 'run-head', head_repository: headRepo, pull_requests: [{ number: 9 }] } });
    expect(runContext(env, run({ full_name: 'octo/fleet' }))).toMatchObject({ sha: 'run-head', pullRequest: 9, fork: false });
    expect(runContext(env, run({ full_name: 'mallory/fleet' }))).toMatchObject({ sha: 'run-head', fork: true });
    expect(runContext(env, run(null)).fork).toBe(true);
    expect(runContext(env, { workflow_run: { head_sha: 'run-head', head_repository: { full_name: 'octo/fleet' }, pull_requests: [] } })).toMatchObject({ pullRequest: null, fork: false });
  });
});

describe('the ledger in the Actions cache', () => {
  it('every attempt and job of a workflow run restores by one prefix and saves under a fresh key', () => {
    const a = cacheKeys(runContext(env, null), 1);
    const b = cacheKeys(runContext({ ...env, GITHUB_RUN_ATTEMPT: '3', GITHUB_JOB: 'resume' }, null), 2);
    expect(a.prefix).toBe('overseer-coord-octo-fleet-77-');
    expect(b.prefix).toBe(a.prefix);
    expect(a.save).toBe('overseer-coord-octo-fleet-77-2-agents-1');
    expect(b.save).toBe('overseer-coord-octo-fleet-77-3-resume-2');
    // The exact restore key is never a saved key, so the newest entry under the prefix wins.
    expect([a.save, b.save]).not.toContain(a.probe);
    expect(a.probe.startsWith(a.prefix)).toBe(true);
    // Another workflow run starts its own ledger.
    expect(cacheKeys(runContext({ ...env, GITHUB_RUN_ID: '78' }, null), 1).prefix).not.toBe(a.prefix);
    // The journals too: a main step killed before the ledger closed has its last commits there.
    expect(cachePaths('/w/.overseer')).toEqual([
      '/w/.overseer/coord.db',
      '/w/.overseer/coord.db.bak',
      '/w/.overseer/coord.db.journal',
      '/w/.overseer/coord.db.journal.prev',
      '/w/.overseer/events.ndjson',
    ]);
  });

  it('two fleets of one workflow run (a matrix, two jobs) keep apart ledgers; the same fleet on another runner continues its own', () => {
    const backend = fleetId({ tasks: 'fleets/backend.toml', stateDir: '.overseer' }, '/runner-1/work/fleet');
    const frontend = fleetId({ tasks: 'fleets/frontend.toml', stateDir: '.overseer' }, '/runner-1/work/fleet');
    const elsewhere = fleetId({ tasks: 'fleets/backend.toml', stateDir: '.overseer' }, '/runner-2/_work/fleet/fleet');
    const otherState = fleetId({ tasks: 'fleets/backend.toml', stateDir: 'state/backend' }, '/runner-1/work/fleet');
    expect(backend).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set([backend, frontend, otherState]).size).toBe(3);
    expect(elsewhere).toBe(backend);
    // An absolute path inside the workspace names the same fleet as the relative one.
    expect(fleetId({ tasks: '/runner-1/work/fleet/fleets/backend.toml', stateDir: '/runner-1/work/fleet/.overseer' }, '/runner-1/work/fleet')).toBe(backend);
    const keys = (fleet: string, job: string) => cacheKeys({ ...runContext({ ...env, GITHUB_JOB: job }, null), fleet }, 1);
    expect(keys(backend, 'a').prefix).toBe(`overseer-coord-octo-fleet-77-${backend}-`);
    expect(keys(backend, 'a').prefix).toBe(keys(backend, 'b').prefix);
    expect(keys(backend, 'a').prefix).not.toBe(keys(frontend, 'a').prefix);
    // Neither prefix is the start of the other: restoring one never finds the other's entries.
    expect(keys(frontend, 'a').save.startsWith(keys(backend, 'a').prefix)).toBe(false);
  });

  it('matrix legs of one manifest are apart fleets by their name; without a name the fleet keeps the key it always had', () => {
    const plain = fleetId({ tasks: 'tasks.toml', stateDir: '.overseer' }, '/w');
    const a = fleetId({ tasks: 'tasks.toml', stateDir: '.overseer', name: 'shard-a' }, '/w');
    const b = fleetId({ tasks: 'tasks.toml', stateDir: '.overseer', name: 'shard-b' }, '/w');
    expect(new Set([plain, a, b]).size).toBe(3);
    expect(plain).toBe(sha256('tasks.toml\n.overseer').slice(0, 12));
  });

  it('without the cache service: one warning each way, nothing thrown', async () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const ctx = runContext(env, null);
    const saved = { ...process.env };
    delete process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_RESULTS_URL;
    try {
      expect(await restoreLedger(ctx, dir, (m) => warnings.push(m))).toEqual({ kind: 'unavailable' });
      writeFileSync(join(dir, 'coord.db'), 'x');
      expect(await saveLedger(ctx, dir, (m) => warnings.push(m))).toBeUndefined();
      expect(await uploadRun('overseer', ctx, dir, (m) => warnings.push(m))).toBeUndefined();
    } finally {
      process.env = saved;
    }
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/cache is not available here: the ledger starts from what is on disk/);
    expect(warnings[1]).toMatch(/was not saved for later jobs/);
    expect(warnings[2]).toMatch(/artifact service is not available here/);
  });

  it('the artifact holds the ledger (with its journal), events, summary.json and every attempt log, named per job and attempt', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs', 'a'), { recursive: true });
    for (const f of ['coord.db', 'coord.db.journal', 'summary.json', 'coord.db.lock', join('logs', 'a', '1.log')]) writeFileSync(join(dir, f), 'x');
    writeFileSync(join(dir, 'events.ndjson'), '');
    // Links an agent planted in the workspace are not followed: not to a file, not to a directory.
    symlinkSync('/proc/self/environ', join(dir, 'logs', 'a', '2.log'));
    symlinkSync('/etc', join(dir, 'logs', 'b'));
    expect(artifactFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual(['coord.db', 'coord.db.journal', 'events.ndjson', 'summary.json', 'logs/a/1.log']);
    expect(artifactName('overseer', runContext(env, null))).toBe('overseer-agents-2');
    expect(artifactName('overseer', { ...runContext(env, null), fleetName: 'shard-a' })).toBe('overseer-agents-shard-a-2');
  });
});
