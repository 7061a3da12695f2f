// Random, structure-aware mutations of valid manifests never crash the loader: it returns a
// manifest or diagnostics with sane positions, nothing else.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/load.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'manifests');
const seeds = [
  ...readdirSync(join(fixtures, 'claudectl')).map((f) => readFileSync(join(fixtures, 'claudectl', f), 'utf8')),
  readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'demo', 'tasks.toml'), 'utf8'),
];

const KEYS = ['name', 'cwd', 'prompt', 'prompt_file', 'role', 'agent', 'model', 'budget_usd', 'max_retries', 'timeout_min', 'depends_on', 'run', 'brain', 'verify', 'max_concurrent', 'nmae', 'x'];
const VALUES = ['"a"', '""', '-1', '0', '1.5', 'true', '[]', '["a", "a"]', '{}', '1979-05-27', '"""\n[[task]]\n"""', "'''x'''", '[1, "a"]', 'nan', 'inf', '"\\u0000"'];
const LINES = ['[[task]]', '[[task.verify]]', '[fleet]', '[brain]', '[roles.x]', '[pricing.m]', '[task]', '[[fleet]]', '', '# comment', '"quoted key" = 1', 'a.b.c = 2'];

type Mutation = (lines: string[]) => string[];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (ls) => ls.filter((_, k) => k !== i % Math.max(1, ls.length))),
  fc.tuple(fc.nat(), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(
    ([i, k, v]): Mutation =>
      (ls) => {
        const at = i % (ls.length + 1);
        return [...ls.slice(0, at), `${k} = ${v}`, ...ls.slice(at)];
      },
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...VALUES)).map(
    ([i, v]): Mutation =>
      (ls) =>
        ls.map((l, k) => (k === i % Math.max(1, ls.length) && l.includes('=') ? `${l.slice(0, l.indexOf('='))}= ${v}` : l)),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...LINES)).map(
    ([i, line]): Mutation =>
      (ls) => {
        const at = i % (ls.length + 1);
        return [...ls.slice(0, at), line, ...ls.slice(at)];
      },
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => (ls) => {
    const a = i % Math.max(1, ls.length);
    return [...ls, ...ls.slice(a, a + (j % 8))];
  }),
  fc.nat().map((n): Mutation => (ls) => ls.join('\n').slice(0, n % (ls.join('\n').length + 1)).split('\n')),
  fc.tuple(fc.nat(), fc.string({ maxLength: 6 })).map(
    ([i, junk]): Mutation =>
      (ls) =>
        ls.map((l, k) => (k === i % Math.max(1, ls.length) ? l.replace(/^(\w+)/, `$1${junk}`) : l)),
  ),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(
    ([i, bytes]): Mutation =>
      (ls) => {
        const at = i % (ls.length + 1);
        return [...ls.slice(0, at), Buffer.from(bytes).toString('latin1'), ...ls.slice(at)];
      },
  ),
);

describe('the loader under random mutation', () => {
  it('returns a manifest or diagnostics, never throws, and every position is inside the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (seed, mutations, crlf) => {
        const lines = mutations.reduce((ls, m) => m(ls), seed.split('\n'));
        const text = lines.join(crlf ? '\r\n' : '\n');
        const result = parseManifest('m.toml', Buffer.from(text, 'latin1'));
        if (result.ok) {
          expect(result.manifest.task.length).toBeGreaterThan(0);
          return;
        }
        const lineCount = text.split('\n').length;
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.col).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lineCount + 1);
        }
      }),
      { numRuns: 600 },
    );
  });
});
