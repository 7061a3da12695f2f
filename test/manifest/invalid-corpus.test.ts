// The invalid-manifest corpus: every file, every diagnostic, with its exact position and message.
// expected.json was written by reading each file: a change in any line, column or message fails here.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, MAX_MANIFEST_BYTES, parseManifest } from '../../src/manifest/load.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'invalid');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  Array<{ line: number; col: number; message: string; key?: string }>
>;
const files = readdirSync(dir).filter((f) => f.endsWith('.toml')).sort();

describe('invalid manifest corpus', () => {
  it('has at least 40 manifests, each with an expectation and no expectation without a file', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  for (const file of files) {
    it(file, () => {
      const result = parseManifest(file, readFileSync(join(dir, file)));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.diagnostics.map(({ line, col, message, key }) => (key === undefined ? { line, col, message } : { line, col, message, key }))).toEqual(
        expected[file],
      );
      for (const d of result.diagnostics) {
        expect(formatDiagnostic(d).startsWith(`${file}:${d.line}:${d.col}: `)).toBe(true);
      }
    });
  }

  it('a file over 1 MiB is refused before parsing, at 1:1', () => {
    const big = Buffer.from(`[[task]]\nname = "a"\ncwd = "."\nprompt = "${'x'.repeat(MAX_MANIFEST_BYTES)}"\n`);
    const result = parseManifest('big.toml', big);
    expect(result).toEqual({
      ok: false,
      diagnostics: [{ file: 'big.toml', line: 1, col: 1, message: 'file is 1.0 MiB; a manifest may be at most 1 MiB' }],
    });
  });

  it('reports schema and cross-field problems together', () => {
    const text = '[[task]]\nname = "a"\ncwd = 3\nprompt = "x"\ndepends_on = ["nope"]\n';
    const result = parseManifest('t.toml', Buffer.from(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.key)).toEqual(['task[0].cwd', 'task[0].depends_on[0]']);
  });
});
