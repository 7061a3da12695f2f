// SourceIndex: where a key path stands in TOML text.

import { describe, expect, it } from 'vitest';
import { SourceIndex } from '../../src/manifest/locate.js';

const at = (text: string, path: (string | number)[], what: 'key' | 'value' = 'key') => {
  const p = new SourceIndex(text).locate(path, what);
  return `${p.line}:${p.col}`;
};

describe('SourceIndex', () => {
  it('finds table headers and keys in arrays of tables', () => {
    const text = '[fleet]\nagent = "demo"\n\n[[task]]\nname = "a"\n\n[[task]]\nname = "b"\n[[task.verify]]\nrun = "x"\n[[task.verify]]\nbrain = "y"\n';
    expect(at(text, ['fleet', 'agent'])).toBe('2:1');
    expect(at(text, ['fleet', 'agent'], 'value')).toBe('2:9');
    expect(at(text, ['task', 1])).toBe('7:1');
    expect(at(text, ['task', 1, 'verify', 1, 'brain'])).toBe('12:1');
    expect(at(text, ['task', 1, 'verify', 0])).toBe('9:1');
  });

  it('resolves dotted and quoted keys', () => {
    const text = '[roles."ops team"]\nagent = "x"\n[pricing]\n"gpt-5".input_per_mtok = 1\n';
    expect(at(text, ['roles', 'ops team', 'agent'])).toBe('2:1');
    expect(at(text, ['pricing', 'gpt-5', 'input_per_mtok'])).toBe('4:1');
  });

  it('indexes inline tables and the elements of multi-line arrays', () => {
    const text = 'task = [\n  { name = "a", depends_on = [\n    "x",\n    "y" ] },\n]\n';
    expect(at(text, ['task', 0, 'name'], 'value')).toBe('2:12');
    expect(at(text, ['task', 0, 'depends_on', 1], 'value')).toBe('4:5');
  });

  it('is not fooled by brackets and equals signs inside strings', () => {
    const text = 'a = """\n[[task]]\nb = 1\n"""\nc = \'[x] = y\'\nd = "q\\"[z]"\n[[task]]\nname = "n"\n';
    expect(at(text, ['task', 0, 'name'])).toBe('8:1');
    expect(at(text, ['d'])).toBe('6:1');
  });

  it('copes with CRLF, comments and tabs', () => {
    const text = '# top\r\n[[task]] # a task\r\n\tname = "a" # the name\r\n';
    expect(at(text, ['task', 0, 'name'])).toBe('3:2');
    expect(at(text, ['task', 0, 'name'], 'value')).toBe('3:9');
  });

  it('falls back to the nearest ancestor, then to 1:1', () => {
    const text = '[[task]]\nname = "a"\n';
    expect(at(text, ['task', 0, 'depends_on', 3])).toBe('1:1');
    expect(at(text, ['task', 0, 'cwd'])).toBe('1:1');
    expect(at('x = 1\n', ['nowhere'])).toBe('1:1');
    expect(at('[[task]]\n\n[[task]]\nname = 1', ['task', 1, 'missing'])).toBe('3:1');
  });
});
