// SourceIndex: where a key path stands in TOML text, on small sources written out in full.

import { describe, expect, it } from 'vitest';
import { SourceIndex } from '../../src/manifest/locate.js';

type Path = (string | number)[];

/** `line:col` of a path's key (or value), as a diagnostic would print it. */
function at(text: string, path: Path, what: 'key' | 'value' = 'key'): string {
  const p = new SourceIndex(text).locate(path, what);
  return `${p.line}:${p.col}`;
}

describe('SourceIndex.locate', () => {
  it('finds a table header and the keys and values under it', () => {
    const text = '[fleet]\nagent = "demo"\nmax_concurrent = 3\n';
    expect(at(text, ['fleet'])).toBe('1:1');
    expect(at(text, ['fleet', 'agent'])).toBe('2:1');
    expect(at(text, ['fleet', 'agent'], 'value')).toBe('2:9');
    expect(at(text, ['fleet', 'max_concurrent'], 'value')).toBe('3:18');
  });

  it('numbers arrays of tables, and restarts [[task.verify]] at 0 under each [[task]]', () => {
    const text = [
      '[[task]]', //          1
      'name = "a"', //        2
      '[[task.verify]]', //   3
      'run = "x"', //         4
      '', //                  5
      '[[task]]', //          6
      'name = "b"', //        7
      '[[task.verify]]', //   8
      'run = "y"', //         9
      '[[task.verify]]', //  10
      'brain = "z"', //      11
    ].join('\n');
    expect(at(text, ['task', 0])).toBe('1:1');
    expect(at(text, ['task', 1])).toBe('6:1');
    expect(at(text, ['task', 0, 'verify', 0, 'run'])).toBe('4:1');
    expect(at(text, ['task', 1, 'verify', 0])).toBe('8:1');
    expect(at(text, ['task', 1, 'verify', 1, 'brain'], 'value')).toBe('11:9');
  });

  it('reads headers with spaces inside the brackets', () => {
    const text = '[[ task ]]\nname = "a"\n[ roles . ops ]\nagent = "x"\n';
    expect(at(text, ['task', 0, 'name'])).toBe('2:1');
    expect(at(text, ['roles', 'ops', 'agent'], 'value')).toBe('4:9');
  });

  it('resolves dotted keys, and records their parents at the same key', () => {
    const text = 'fleet.agent = "demo"\n[[task]]\nname = "a"\nverify.run = "x"\n';
    expect(at(text, ['fleet', 'agent'], 'value')).toBe('1:15');
    expect(at(text, ['fleet'])).toBe('1:1');
    expect(at(text, ['task', 0, 'verify'])).toBe('4:1');
    expect(at(text, ['task', 0, 'verify', 'run'], 'value')).toBe('4:14');
  });

  it('resolves quoted keys, basic and literal, in headers and in dotted keys', () => {
    const text = '[roles."ops team"]\nagent = "x"\n[pricing]\n\'gpt-5\'.input_per_mtok = 1\n"a.b" = 2\n';
    expect(at(text, ['roles', 'ops team', 'agent'])).toBe('2:1');
    expect(at(text, ['pricing', 'gpt-5', 'input_per_mtok'], 'value')).toBe('4:26');
    expect(at(text, ['pricing', 'a.b'])).toBe('5:1');
  });

  it('indexes the keys of inline tables and each element of an array', () => {
    const text = 'task = [{ name = "a", depends_on = ["x", "y"] }, { name = "b" }]\n';
    expect(at(text, ['task', 0])).toBe('1:9');
    expect(at(text, ['task', 0, 'name'], 'value')).toBe('1:18');
    expect(at(text, ['task', 0, 'depends_on', 1], 'value')).toBe('1:42');
    expect(at(text, ['task', 1, 'name'])).toBe('1:52');
  });

  it('follows multi-line arrays element by element, past comments between them', () => {
    const text = 'depends_on = [\n  "a", # first\n  # a comment line\n  "b",\n  "c",\n]\nnext = 1\n';
    expect(at(text, ['depends_on', 0], 'value')).toBe('2:3');
    expect(at(text, ['depends_on', 1], 'value')).toBe('4:3');
    expect(at(text, ['depends_on', 2], 'value')).toBe('5:3');
    expect(at(text, ['next'])).toBe('7:1');
  });

  it('is not fooled by headers, brackets or "=" inside multi-line basic strings', () => {
    const text = 'a = """\n[[task]]\nb = 1 \\""" still inside\n"""\n[[task]]\nname = "n"\n';
    expect(at(text, ['task', 0])).toBe('5:1');
    expect(at(text, ['task', 0, 'name'])).toBe('6:1');
    expect(at(text, ['b'])).toBe('1:1');
  });

  it('is not fooled by headers, brackets or "=" inside multi-line literal strings', () => {
    const text = "a = '''\n[fleet]\nagent = \"x\"\n''''\n[[task]]\nname = 'n'\n";
    expect(at(text, ['fleet', 'agent'])).toBe('1:1');
    expect(at(text, ['task', 0, 'name'], 'value')).toBe('6:8');
  });

  it('skips one-line strings with escaped quotes, "#" and brackets', () => {
    const text = 'd = "q\\"[z] # not a comment"\ne = \'[x] = y\'\nf = 1\n';
    expect(at(text, ['e'], 'value')).toBe('2:5');
    expect(at(text, ['f'])).toBe('3:1');
  });

  it('ignores comment lines that look like headers', () => {
    const text = '# [[task]]\n[fleet] # [brain]\n#agent = "x"\nagent = "y"\n';
    expect(at(text, ['task', 0])).toBe('1:1');
    expect(at(text, ['fleet', 'agent'])).toBe('4:1');
  });

  it('counts columns after tabs as one each and keeps CRLF out of columns', () => {
    const text = '# top\r\n[[task]] # a task\r\n\tname\t=\t"a" # the name\r\n\r\ncwd = "."\r\n';
    expect(at(text, ['task', 0, 'name'])).toBe('3:2');
    expect(at(text, ['task', 0, 'name'], 'value')).toBe('3:9');
    expect(at(text, ['task', 0, 'cwd'], 'value')).toBe('5:7');
  });

  it('keeps the first place a duplicated path appears', () => {
    const text = '[[task]]\nname = "a"\nname = "b"\n';
    expect(at(text, ['task', 0, 'name'], 'value')).toBe('2:8');
  });

  it('falls back to the nearest ancestor that is written, for a value or a key', () => {
    const text = '[[task]]\nname = "a"\n\n[[task]]\nname = "b"\ndepends_on = []\n';
    expect(at(text, ['task', 1, 'cwd'])).toBe('4:1');
    expect(at(text, ['task', 1, 'cwd'], 'value')).toBe('4:1');
    expect(at(text, ['task', 1, 'depends_on', 3], 'value')).toBe('6:1');
    expect(at(text, ['task', 0, 'verify', 0, 'run'])).toBe('1:1');
  });

  it('answers 1:1 when nothing on the path is written', () => {
    expect(at('x = 1\n', ['nowhere'])).toBe('1:1');
    expect(at('', ['task', 0])).toBe('1:1');
    expect(at('x = 1\n', [])).toBe('1:1');
  });

  it('never throws on text that does not parse, and indexes what came before', () => {
    const text = '[[task]]\nname = "a"\ncwd = "unclosed\n[[task]\nname = {{{\n';
    const index = new SourceIndex(text);
    expect(index.locate(['task', 0, 'name'], 'value')).toEqual({ line: 2, col: 8 });
  });
});

describe('SourceIndex.positionOf', () => {
  it('maps offsets to 1-based line and column, with CRLF counted on the line it ends', () => {
    const index = new SourceIndex('ab\r\ncd\n\nz');
    expect([0, 1, 2, 4, 6, 7, 8].map((o) => index.positionOf(o))).toEqual([
      { line: 1, col: 1 },
      { line: 1, col: 2 },
      { line: 1, col: 3 },
      { line: 2, col: 1 },
      { line: 2, col: 3 },
      { line: 3, col: 1 },
      { line: 4, col: 1 },
    ]);
  });
});

describe('SourceIndex for syntax errors', () => {
  it('keyAt names the key or header that starts at or before a column on a line', () => {
    const index = new SourceIndex('[fleet]\na = 1\n[fleet]\nx = { y = 1, y = 2 }\n');
    expect(index.keyAt(3, 2)).toEqual({ line: 3, col: 1, path: ['fleet'], kind: 'header' });
    expect(index.keyAt(4, 14)).toEqual({ line: 4, col: 14, path: ['fleet', 'x', 'y'], kind: 'key' });
    expect(index.keyAt(4, 13)).toEqual({ line: 4, col: 7, path: ['fleet', 'x', 'y'], kind: 'key' });
    expect(index.keyAt(5, 1)).toBeUndefined();
  });

  it('firstKey is the first header or key for a path, never an array element', () => {
    const index = new SourceIndex('task = [{ name = "a" }]\n[[task]]\n');
    expect(index.firstKey(['task'])).toEqual({ line: 1, col: 1, path: ['task'], kind: 'key' });
    expect(index.firstKey(['task', 0])).toEqual({ line: 2, col: 1, path: ['task', 0], kind: 'header' });
    expect(index.firstKey(['fleet'])).toBeUndefined();
  });

  it('unclosed is the innermost array open at the end of the text', () => {
    expect(new SourceIndex('a = [1,\n  [2,\n').unclosed).toEqual({ line: 2, col: 3, bracket: '[' });
    expect(new SourceIndex('a = [1]\n').unclosed).toBeUndefined();
  });

  it('unclosed is an inline table whose line ends before its "}"', () => {
    expect(new SourceIndex('a = [\n  { b = 1\n]\n').unclosed).toEqual({ line: 2, col: 3, bracket: '{' });
  });
});
