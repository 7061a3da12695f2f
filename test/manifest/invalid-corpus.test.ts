// The invalid-manifest corpus: every file, every diagnostic, with its exact position, message and
// key. expected.json was written by reading each file: a change in any line, column or message
// fails here, and so does a diagnostic gained or lost.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadManifest, ManifestError, MAX_MANIFEST_BYTES, parseManifest, type Diagnostic } from '../../src/manifest/load.js';

interface Expected {
  line: number;
  col: number;
  message: string;
  key?: string;
}

const dir = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'invalid');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const files = readdirSync(dir).filter((f) => f.endsWith('.toml')).sort();

const shape = ({ line, col, message, key }: Diagnostic): Expected => (key === undefined ? { line, col, message } : { line, col, message, key });

function diagnosticsOf(file: string, bytes: Uint8Array): Diagnostic[] {
  const result = parseManifest(file, bytes);
  if (result.ok) throw new Error(`${file} parsed as a valid manifest`);
  return result.diagnostics;
}

describe('invalid manifest corpus', () => {
  it('has at least 45 manifests, each with an expectation, and no expectation without a file', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it('at least three files report three or more problems at once', () => {
    expect(Object.values(expected).filter((ds) => ds.length >= 3).length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    it(`${file}: ${expected[file]?.length ?? 0} diagnostic(s) at the expected places`, () => {
      const diagnostics = diagnosticsOf(file, readFileSync(join(dir, file)));
      expect(diagnostics.map(shape)).toEqual(expected[file]);
      for (const d of diagnostics) {
        const line = formatDiagnostic(d);
        expect(line.startsWith(`${file}:${d.line}:${d.col}: ${d.message}`)).toBe(true);
        expect(line.endsWith(d.key === undefined ? d.message : ` (key ${d.key})`)).toBe(true);
      }
    });
  }
});

describe('files the corpus does not commit', () => {
  const task = '[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n';

  it('a file over 1 MiB is refused before parsing, at 1:1, with its size in bytes', () => {
    const big = Buffer.from(`${task}model = "${'x'.repeat(MAX_MANIFEST_BYTES)}"\n`);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect(diagnosticsOf('big.toml', big)).toEqual([
      { file: 'big.toml', line: 1, col: 1, message: `file is ${big.length} bytes; a manifest may be at most 1048576 bytes (1 MiB)` },
    ]);
  });

  it('a file of exactly 1 MiB is still read (the limit is inclusive)', () => {
    const head = `${task}model = "`;
    const tail = '"\n';
    const exact = Buffer.from(head + 'x'.repeat(MAX_MANIFEST_BYTES - head.length - tail.length) + tail);
    expect(exact.length).toBe(MAX_MANIFEST_BYTES);
    expect(parseManifest('exact.toml', exact).ok).toBe(true);
  });

  it('loadManifest refuses a file over 1 MiB from its size, without reading it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'overseer-corpus-')), 'tasks.toml');
    writeFileSync(path, Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20));
    let thrown: unknown;
    try {
      loadManifest(path);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ManifestError);
    expect((thrown as ManifestError).diagnostics).toEqual([
      { file: path, line: 1, col: 1, message: 'file is 1048577 bytes; a manifest may be at most 1048576 bytes (1 MiB)' },
    ]);
  });

  it('random binary bytes after valid text point at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from(`${task}model = "ok"\n# é€\n`), Buffer.from([0xc3, 0x28, 0x00, 0xff])]);
    expect(diagnosticsOf('bin.toml', bytes)).toEqual([
      { file: 'bin.toml', line: 7, col: 1, message: 'not a text file: byte 0xC3 is not valid UTF-8 (a manifest must be UTF-8 text)' },
    ]);
  });

  it('a NUL before any bad UTF-8 is reported as the NUL', () => {
    const bytes = Buffer.concat([Buffer.from('[[task]]\nna'), Buffer.from([0x00, 0xff])]);
    expect(diagnosticsOf('nul.toml', bytes)).toEqual([
      { file: 'nul.toml', line: 2, col: 3, message: 'not a text file: found a NUL byte (a manifest must be UTF-8 text)' },
    ]);
  });

  it('an overlong encoding of "/" is not valid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('[[task]]\nname = "a'), Buffer.from([0xc0, 0xaf]), Buffer.from('"\n')]);
    expect(diagnosticsOf('overlong.toml', bytes).map(shape)).toEqual([
      { line: 2, col: 10, message: 'not a text file: byte 0xC0 is not valid UTF-8 (a manifest must be UTF-8 text)' },
    ]);
  });

  it('a truncated multi-byte character at the end of the file points just past the text before it', () => {
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xc3])]);
    expect(diagnosticsOf('cut.toml', bytes).map(shape)).toEqual([
      { line: 1, col: 6, message: 'not a text file: byte 0xC3 is not valid UTF-8 (a manifest must be UTF-8 text)' },
    ]);
  });

  it('a BOM before bad UTF-8 does not count as a column', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ab'), Buffer.from([0xfe])]);
    expect(diagnosticsOf('bom.toml', bytes).map(shape)).toEqual([
      { line: 1, col: 3, message: 'not a text file: byte 0xFE is not valid UTF-8 (a manifest must be UTF-8 text)' },
    ]);
  });
});
