// smol-toml's syntax errors in words a person can act on. The parser knows where it stopped;
// this looks at the text around that point to say what is wrong (a key set twice and where it
// was first set, a string or array left open) instead of the parser's internal phrasing.

import type { TomlError } from 'smol-toml';
import { formatPath } from '../core/manifest.js';
import type { Diagnostic } from './diagnostic.js';
import { SourceIndex, type KeyOccurrence } from './locate.js';

function lineOf(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
}

function offsetOf(text: string, line: number, col: number): number {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return text.length;
    start = nl + 1;
  }
  return start + col - 1;
}

/** A key or header as written: `[[task]]`, `key "prompt.text"`. */
function written(text: string, o: KeyOccurrence): string {
  const rest = lineOf(text, o.line).slice(o.col - 1);
  if (o.kind === 'header') return rest.slice(0, rest.indexOf(']') + (rest.startsWith('[[') ? 2 : 1));
  const key = rest.split('=')[0]!.trim();
  return /^["']/.test(key) ? `key ${key}` : `key "${key}"`;
}

/** A key or table defined twice: point at the second definition and name the first. */
function redefinition(file: string, text: string, err: TomlError): Diagnostic | undefined {
  const index = new SourceIndex(text);
  const here = index.keyAt(err.line, err.column);
  if (!here) return undefined;
  const raw = written(text, here);
  // The path itself, or the nearest parent, defined earlier: `a.b = 1` after `a = 1` clashes on `a`.
  for (let n = here.path.length; n > 0; n--) {
    const path = here.path.slice(0, n);
    const first = index.firstKey(path);
    if (!first || first.line > here.line || (first.line === here.line && first.col >= here.col)) continue;
    const at = `${first.line}:${first.col}`;
    const firstRaw = written(text, first);
    let message: string;
    if (n === here.path.length && first.kind === here.kind && firstRaw.startsWith('[[') === raw.startsWith('[[')) {
      message = here.kind === 'header' ? `table ${raw} is defined twice (first at ${at})` : `duplicate ${raw} (first set at ${at})`;
    } else if (first.kind === 'header' || here.kind === 'header') {
      message = `${raw} conflicts with ${firstRaw} at ${at}`;
      // [[task.verify]] above every [[task]] makes `task` a table; the real fix is the order.
      if (/^\[\[\s*task\s*\.\s*verify\s*\]\]$/.test(firstRaw)) message += ': put each [[task.verify]] after the [[task]] it belongs to';
    } else {
      message = `"${formatPath(path)}" is already set at ${at}; ${raw} cannot add to it`;
    }
    return { file, line: here.line, col: here.col, message: `invalid TOML: ${message}`, key: formatPath(here.path) };
  }
  return undefined;
}

/** Nothing but blank lines and comments (tested a line at a time: one pattern over the rest would backtrack). */
const onlyBlanksAndComments = (rest: string) => rest.split('\n').every((line) => /^\s*(#.*)?$/.test(line));

/** A line that starts a key or a table header. */
const STATEMENT = /^\s*(\[|[A-Za-z0-9_"'.-]+\s*=)/;

/** One diagnostic for a TOML syntax error, at the parser's position unless a better one is known. */
export function syntaxDiagnostic(file: string, text: string, err: TomlError): Diagnostic {
  const reason = err.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
  const at = { file, line: err.line, col: err.column };
  const said = (message: string): Diagnostic => ({ ...at, message: `invalid TOML: ${message}` });

  if (/redefine/.test(reason)) return redefinition(file, text, err) ?? said('a key or table is defined twice');
  if (reason === 'unfinished string') return said('unterminated string: it runs to the end of the file');
  // claudectl reads regexes and Windows paths in "..." as written; TOML does not.
  if (/escape/.test(reason)) return said(`${reason}: in "..." a backslash starts an escape; write '...' (a literal string) or double the backslash`);
  // smol-toml sees an unclosed one-line string as a control character (the newline) inside it.
  if (/control characters/.test(reason) && err.column > lineOf(text, err.line).length) {
    return said('unterminated string: close it on the same line, or use """ for a multi-line string');
  }
  if (/must be followed by an end-of-line/.test(reason)) return said('expected the end of the line (a comment starts with "#")');
  const offset = offsetOf(text, err.line, err.column);
  const endOfStructure = /expected comma or end of structure/.test(reason);
  if (offset >= text.trimEnd().length || endOfStructure) {
    // The parser stops where the file (or the inline table's line) ends; the useful place is
    // where the array or inline table was opened.
    const open = new SourceIndex(text).unclosed;
    // At a later line that starts a key or a header, the array was left open above (with a comma
    // missing on the same line, the parser is still inside it: that is no unclosed array).
    // At the end of the file (nothing but blanks and comments after it), it was left open too.
    const nextStatement = open !== undefined && ((open.line < err.line && STATEMENT.test(lineOf(text, err.line))) || onlyBlanksAndComments(text.slice(offset)));
    if (open?.bracket === '[' && (!endOfStructure || nextStatement)) {
      return { file, line: open.line, col: open.col, message: 'invalid TOML: this array is never closed: add "]"' };
    }
    if (open?.bracket === '{' && open.line <= err.line) {
      const message = 'invalid TOML: this inline table is never closed: add "}" (an inline table ends on the line it starts)';
      return { file, line: open.line, col: open.col, message };
    }
  }
  if (reason === 'invalid value') {
    const before = text.slice(0, offset).trimEnd();
    if (before.endsWith('=')) {
      const rest = lineOf(text, err.line).slice(err.column - 1).replace(/\s*#.*$/, '').trim();
      if (rest === '') return said('missing value after "="');
      // claudectl takes `prompt = fix it` unquoted.
      // (Inside an inline table or an array the word ends at its separator.)
      const word = rest.split(/[,}\]]/)[0]!.trim();
      if (/^[A-Za-z]/.test(word)) return said(`a string must be quoted: write ${JSON.stringify(word)}`);
      return said(`${JSON.stringify(rest)} is not a value: quote a string, or write a number (0.5, not .5), true or false, or [...]`);
    }
    // A new key or header where an array element should be: the array above was never closed.
    if (/[,[]$/.test(before) && STATEMENT.test(lineOf(text, err.line).slice(err.column - 1))) {
      return said('expected a value or "]": is the array above missing its closing "]"?');
    }
    // A `[[task]]` header after an open array reads as arrays nested in it, up to the `task`.
    const open = new SourceIndex(text).unclosed;
    if (open?.bracket === '[' && open.line < err.line && /^\s*\[/.test(lineOf(text, err.line))) {
      return { file, line: open.line, col: open.col, message: 'invalid TOML: this array is never closed: add "]"' };
    }
  }
  return said(reason);
}
