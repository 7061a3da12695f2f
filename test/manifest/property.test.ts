// Random, structure-aware mutations of valid manifests never crash the loader: it returns a
// manifest that keeps the manifest's promises, or diagnostics with sane positions, nothing else.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topologicalWaves } from '../../src/core/graph.js';
import { TASK_NAME_PATTERN, type Manifest } from '../../src/core/manifest.js';
import { parseManifest, type Diagnostic } from '../../src/manifest/load.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'manifests');
const read = (folder: string) =>
  readdirSync(join(fixtures, folder))
    .filter((f) => f.endsWith('.toml'))
    .map((f) => readFileSync(join(fixtures, folder, f), 'utf8'));
const seeds = [...read('valid'), ...read('claudectl'), readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'demo', 'tasks.toml'), 'utf8')];

const KEYS = ['name', 'cwd', 'prompt', 'prompt_file', 'role', 'agent', 'model', 'budget_usd', 'max_retries', 'timeout_min', 'depends_on', 'run', 'brain', 'verify', 'max_concurrent', 'command', 'url', 'nmae', 'x', '"quoted key"', 'a.b'];
const VALUES = ['"a"', '""', '"  "', '-1', '0', '1.5', 'true', '[]', '["a", "a"]', '{}', '{ run = "x" }', '1979-05-27', '07:32:00', '"""\n[[task]]\n"""', "'''x'''", '[1, "a"]', 'nan', 'inf', '-inf', '"\\u0000"', '99999999999999999999', '[', '{', '"unclosed', '"é😀"'];
const LINES = ['[[task]]', '[[task.verify]]', '[fleet]', '[brain]', '[roles.x]', '[pricing.m]', '[task]', '[[fleet]]', '[[task.verify.x]]', '', '# comment', '"quoted key" = 1', 'a.b.c = 2', ']', '}', '"""', "'''", '\t', '\uFEFF'];

type LineMutation = (lines: string[]) => string[];
type ByteMutation = (bytes: Uint8Array) => Uint8Array;

const pick = (i: number, n: number) => i % Math.max(1, n);
const insertAt = (ls: string[], i: number, line: string) => {
  const at = i % (ls.length + 1);
  return [...ls.slice(0, at), line, ...ls.slice(at)];
};

const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  // delete a line (a key, a header, half of a multi-line string)
  fc.nat().map((i): LineMutation => (ls) => ls.filter((_, k) => k !== pick(i, ls.length))),
  // add a key with a value of any type
  fc.tuple(fc.nat(), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([i, k, v]): LineMutation => (ls) => insertAt(ls, i, `${k} = ${v}`)),
  // swap a value for one of another type
  fc.tuple(fc.nat(), fc.constantFrom(...VALUES)).map(
    ([i, v]): LineMutation =>
      (ls) =>
        ls.map((l, k) => (k === pick(i, ls.length) && l.includes('=') ? `${l.slice(0, l.indexOf('='))}= ${v}` : l)),
  ),
  // add a header or a stray line
  fc.tuple(fc.nat(), fc.constantFrom(...LINES)).map(([i, line]): LineMutation => (ls) => insertAt(ls, i, line)),
  // duplicate a run of lines: tables, keys, whole tasks
  fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.nat()).map(([i, n, j]): LineMutation => (ls) => {
    const a = pick(i, ls.length);
    const at = j % (ls.length + 1);
    return [...ls.slice(0, at), ...ls.slice(a, a + n), ...ls.slice(at)];
  }),
  // rename a key, to a near miss or to junk
  fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(
    ([i, junk]): LineMutation =>
      (ls) =>
        ls.map((l, k) => (k === pick(i, ls.length) ? l.replace(/^(\s*)(\w+)/, `$1$2${junk}`) : l)),
  ),
  // add a dependency on a task of the manifest (self, cycles, duplicates) or on a near miss
  fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 3 }), fc.boolean()).map(
    ([i, j, count, typo]): LineMutation =>
      (ls) => {
        const names = ls.flatMap((l) => /^\s*name\s*=\s*"([^"]*)"/.exec(l)?.[1] ?? []);
        const headers = ls.flatMap((l, k) => (/^\s*\[\[\s*task\s*\]\]/.test(l) ? [k] : []));
        if (names.length === 0 || headers.length === 0) return ls;
        const deps = Array.from({ length: count + 1 }, (_, n) => names[(j + n) % names.length]! + (typo && n === 0 ? 'x' : ''));
        const header = headers[pick(i, headers.length)]!;
        return insertAt(ls, header + 1, `depends_on = ${JSON.stringify(deps)}`).slice(0, ls.length + 1);
      },
  ),
  // swap two lines
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): LineMutation => (ls) => {
    if (ls.length === 0) return ls;
    const out = [...ls];
    const [a, b] = [pick(i, ls.length), pick(j, ls.length)];
    [out[a], out[b]] = [out[b]!, out[a]!];
    return out;
  }),
  // truncate the text at a character
  fc.nat().map((n): LineMutation => (ls) => {
    const text = ls.join('\n');
    return text.slice(0, n % (text.length + 1)).split('\n');
  }),
);

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  // random bytes anywhere, NUL and invalid UTF-8 included
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 6 })).map(([i, junk]): ByteMutation => (bytes) => {
    const at = i % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
  }),
  // truncate at a byte, possibly inside a multi-byte character
  fc.nat().map((n): ByteMutation => (bytes) => bytes.subarray(0, n % (bytes.length + 1))),
  // a byte order mark in front
  fc.constant((bytes: Uint8Array): Uint8Array => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])),
);

interface Case {
  seed: string;
  lines: LineMutation[];
  bytes: ByteMutation[];
  crlf: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.constantFrom(...seeds),
  lines: fc.array(lineMutation, { minLength: 0, maxLength: 4 }),
  bytes: fc.array(byteMutation, { maxLength: 2 }),
  crlf: fc.boolean(),
});

function build({ seed, lines, bytes, crlf }: Case): Uint8Array {
  const text = lines.reduce((ls, m) => m(ls), seed.split('\n')).join(crlf ? '\r\n' : '\n');
  return bytes.reduce<Uint8Array>((b, m) => m(b), Buffer.from(text, 'utf8'));
}

/** What a valid result promises: tasks, unique valid names, known dependencies, no cycles. */
function expectSound(m: Manifest): void {
  const names = m.task.map((t) => t.name);
  expect(names.length).toBeGreaterThan(0);
  expect(new Set(names).size).toBe(names.length);
  for (const t of m.task) {
    expect(t.name).toMatch(TASK_NAME_PATTERN);
    expect(t.prompt === undefined).not.toBe(t.prompt_file === undefined);
    for (const d of t.depends_on) {
      expect(d).not.toBe(t.name);
      expect(names).toContain(d);
    }
  }
  expect(() => topologicalWaves(m.task.map((t) => ({ name: t.name, dependsOn: t.depends_on })))).not.toThrow();
}

/** Positions inside the text as decoded (bad bytes become one replacement character each). */
function expectInside(bytes: Uint8Array, diagnostics: readonly Diagnostic[]): void {
  const lines = new TextDecoder().decode(bytes).split('\n');
  expect(diagnostics.length).toBeGreaterThan(0);
  for (const d of diagnostics) {
    expect(d.message.trim().length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines.length + 1);
    expect(d.col).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 1);
  }
  const order = diagnostics.map((d) => d.line * 1e6 + d.col);
  expect(order).toEqual([...order].sort((a, b) => a - b));
}

describe('the loader under random mutation', () => {
  it('returns a sound manifest or diagnostics inside the text, never throws, and answers the same twice', () => {
    let valid = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const bytes = build(c);
        const result = parseManifest('m.toml', bytes);
        expect(parseManifest('m.toml', bytes)).toEqual(result);
        if (result.ok) {
          valid++;
          expectSound(result.manifest);
        } else {
          expectInside(bytes, result.diagnostics);
        }
      }),
      { numRuns: 1500 },
    );
    // Mutations that leave a manifest valid keep the first branch honest, too.
    expect(valid).toBeGreaterThan(100);
  });
});
