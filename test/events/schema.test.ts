// The published events schema: generated from src/events/schema.ts, matching what a real run writes,
// and strict enough to catch a broken line. (Every events file the suite produces is also swept by
// test/helpers/events-guard.ts.)

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsJsonSchema } from '../../src/events/schema.js';
import { cli } from '../helpers/cli.js';
import { assertEventLine, assertEventsUnder } from '../helpers/events.js';
import { tempDir } from '../helpers/ledger.js';

const DEMO = join(import.meta.dirname, '..', '..', 'docs', 'examples', 'demo', 'tasks.toml');

describe('events v1 schema', () => {
  it('is the committed docs/events.v1.schema.json', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'events.v1.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(eventsJsonSchema());
  });

  it('accepts every line of a real run, and every event type appears in it', () => {
    const dir = tempDir();
    const r = cli(['--state-dir', join(dir, '.overseer'), 'run', DEMO, '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(assertEventsUnder(dir)).toBeGreaterThan(20);
    const types = new Set(readFileSync(join(dir, '.overseer', 'events.ndjson'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type));
    expect([...types].sort()).toEqual(['run.finished', 'run.started', 'task.attempt', 'task.transition', 'task.verification']);
  }, 60_000);

  const good = { v: 1, seq: 3, type: 'task.transition', at: '2026-11-25T10:00:00.000Z', run_id: 'r1', task_id: 'a', from: 'PENDING', to: 'READY', cause: 'deps-done' };
  it('accepts additions (additive-only) and rejects what breaks the contract', () => {
    expect(() => assertEventLine(JSON.stringify(good))).not.toThrow();
    expect(() => assertEventLine(JSON.stringify({ ...good, added_later: [1, 2] }))).not.toThrow();
    const broken: Array<[string, Record<string, unknown>]> = [
      ['missing task_id', { ...good, task_id: undefined }],
      ['unknown state', { ...good, to: 'FINISHED' }],
      ['seq 0', { ...good, seq: 0 }],
      ['version 2', { ...good, v: 2 }],
      ['unknown type', { ...good, type: 'task.exploded' }],
      ['time without zone', { ...good, at: '2026-11-25 10:00' }],
      ['cost negative', { ...good, type: 'task.verification', attempt_id: 1, kind: 'run', verdict: 'PASS', cost_usd: -1, index: 0, command: 'x', duration_ms: 1 }],
      ['verdict lower case', { ...good, type: 'task.verification', attempt_id: 1, kind: 'run', verdict: 'pass', cost_usd: 0, index: 0, command: 'x', duration_ms: 1 }],
    ];
    for (const [what, line] of broken) expect(() => assertEventLine(JSON.stringify(line)), what).toThrow(/does not match/);
  });

  it('the sweep after each test file finds a bad line in a test directory', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.ndjson'), `${JSON.stringify(good)}\n${JSON.stringify({ ...good, seq: 'four' })}\n`);
    expect(() => assertEventsUnder(dir)).toThrow(/events\.ndjson:2: does not match/);
    writeFileSync(join(dir, 'events.ndjson'), `${JSON.stringify(good)}\n`); // leave it valid for the real sweep
  });
});
