// Where a key path sits in TOML source. smol-toml gives positions for syntax errors only; schema
// errors come from zod as key paths (`task[2].depends_on[0]`), so this scans the source once and
// records the line:col of every table header, key and array element. Pure, and it never throws:
// on text that does not parse it indexes what it can follow and skips the rest.

import type { PathSegment } from '../core/manifest.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

const BARE_KEY = /[A-Za-z0-9_-]/;

function canonical(path: readonly PathSegment[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/** A key or table header as written, with the full path it resolves to. */
export interface KeyOccurrence extends Position {
  readonly path: readonly PathSegment[];
  readonly kind: 'header' | 'key';
}

export class SourceIndex {
  /** First occurrence of each path: a duplicate later in the file does not move it. */
  private readonly keys = new Map<string, Position>();
  private readonly values = new Map<string, Position>();
  /** Every key and header (not array elements) in source order, duplicates included: syntax errors ask about those. */
  private readonly occurrences: KeyOccurrence[] = [];
  private readonly lineStarts: number[] = [0];
  /** The innermost array still open when the text ends, or inline table still open when its line does. */
  readonly unclosed: (Position & { readonly bracket: '[' | '{' }) | undefined;

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    const scanner = new Scanner(text, (path, offset, what) => {
      const key = canonical(path);
      const position = this.positionOf(offset);
      // An array element is both: it has no key of its own, so it stands for itself either way.
      if (what !== 'value' && !this.keys.has(key)) this.keys.set(key, position);
      if ((what === 'value' || what === 'element') && !this.values.has(key)) this.values.set(key, position);
      if (what === 'header' || what === 'key') this.occurrences.push({ ...position, path: [...path], kind: what });
    });
    try {
      scanner.document();
    } catch {
      // Keep what was indexed before the scanner lost its way; lookups fall back to ancestors.
    }
    const open = scanner.unclosedAt;
    this.unclosed = open === undefined ? undefined : { ...this.positionOf(open), bracket: text[open] === '{' ? '{' : '[' };
  }

  positionOf(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  /**
   * Where the path's key (or, with `what = 'value'`, its value) stands; else its nearest ancestor
   * key or table header that appears in the source; else 1:1.
   */
  locate(path: readonly PathSegment[], what: 'key' | 'value' = 'key'): Position {
    const exact = what === 'value' ? this.values.get(canonical(path)) : undefined;
    if (exact) return exact;
    for (let n = path.length; n > 0; n--) {
      const hit = this.keys.get(canonical(path.slice(0, n)));
      if (hit) return hit;
    }
    return { line: 1, col: 1 };
  }

  /** The first place `path` itself (not an ancestor) is written as a key or table header. */
  firstKey(path: readonly PathSegment[]): KeyOccurrence | undefined {
    const key = canonical(path);
    return this.occurrences.find((o) => canonical(o.path) === key);
  }

  /** The last key or header that starts on `line` at or before `col`: what a parser error there is about. */
  keyAt(line: number, col: number): KeyOccurrence | undefined {
    let hit: KeyOccurrence | undefined;
    for (const o of this.occurrences) {
      if (o.line > line) break;
      if (o.line === line && o.col <= col) hit = o;
    }
    return hit;
  }
}

type Record_ = (path: readonly PathSegment[], offset: number, what: 'header' | 'key' | 'element' | 'value') => void;

/** A small TOML walker: headers, keys, values; it skips over strings so their content is inert. */
class Scanner {
  private i = 0;
  private table: PathSegment[] = [];
  /** Count of elements seen so far in each array of tables, by canonical path. */
  private readonly arrayTables = new Map<string, number>();
  /** Offset of the innermost `[` or `{` value found still open at the end of the text (of its line, for `{`). */
  unclosedAt: number | undefined;

  constructor(
    private readonly s: string,
    private readonly record: Record_,
  ) {}

  document(): void {
    while (this.i < this.s.length) {
      this.skipBlankAndComments();
      if (this.i >= this.s.length) break;
      if (this.s[this.i] === '[') this.header();
      else this.keyValue(this.table);
      this.skipToLineEnd();
    }
  }

  private header(): void {
    const start = this.i;
    const double = this.s.startsWith('[[', this.i);
    this.i += double ? 2 : 1;
    const keys = this.dottedKey();
    // Resolve each segment through arrays of tables: [[task.verify]] lives in the last [[task]].
    const path: PathSegment[] = [];
    keys.forEach((k, n) => {
      path.push(k);
      const count = this.arrayTables.get(canonical(path));
      const isLast = n === keys.length - 1;
      if (isLast && double) {
        const index = count ?? 0;
        // Sub-arrays are keyed by their parent's index, so a new [[task]] starts its [[task.verify]] at 0.
        this.arrayTables.set(canonical(path), index + 1);
        path.push(index);
      } else if (count !== undefined) {
        path.push(count - 1);
      }
    });
    this.table = path;
    // `[roles.backend]` also stands for `roles`: record the prefixes, so a problem with an
    // implicit parent table points here rather than at 1:1.
    for (let n = 1; n < path.length; n++) this.record(path.slice(0, n), start, 'header');
    this.record(path, start, 'header');
    this.i = this.s.indexOf(']', this.i);
    if (this.i === -1) this.i = this.s.length;
  }

  private keyValue(base: readonly PathSegment[]): void {
    const start = this.i;
    const keys = this.dottedKey();
    const path = [...base, ...keys];
    // `verify.run = 1` defines `verify` too: record each prefix of a dotted key at the key.
    for (let n = base.length + 1; n < path.length; n++) this.record(path.slice(0, n), start, 'key');
    this.record(path, start, 'key');
    this.skipInline();
    if (this.s[this.i] === '=') this.i++;
    this.skipInline();
    this.record(path, this.i, 'value');
    this.value(path);
  }

  private dottedKey(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipInline();
      const c = this.s[this.i];
      if (c === '"' || c === "'") {
        const end = this.stringEnd(this.i);
        const raw = this.s.slice(this.i, end);
        keys.push(c === '"' ? safeJson(raw) : raw.slice(1, -1));
        this.i = end;
      } else {
        const from = this.i;
        while (this.i < this.s.length && BARE_KEY.test(this.s[this.i]!)) this.i++;
        if (this.i === from) break;
        keys.push(this.s.slice(from, this.i));
      }
      this.skipInline();
      if (this.s[this.i] !== '.') break;
      this.i++;
    }
    return keys;
  }

  private value(path: readonly PathSegment[]): void {
    const c = this.s[this.i];
    if (c === '"' || c === "'") {
      this.i = this.stringEnd(this.i);
    } else if (c === '[') {
      const open = this.i;
      this.i++;
      for (let n = 0; ; n++) {
        this.skipBlankAndComments();
        if (this.i >= this.s.length || this.s[this.i] === ']') break;
        this.record([...path, n], this.i, 'element');
        this.value([...path, n]);
        this.skipBlankAndComments();
        if (this.s[this.i] === ',') this.i++;
        else break;
      }
      this.skipBlankAndComments();
      if (this.s[this.i] === ']') this.i++;
      // The end of the text, or the next header or key on a line of its own: never closed.
      else if (this.i >= this.s.length || this.startsStatement()) this.unclosedAt ??= open;
    } else if (c === '{') {
      const open = this.i;
      this.i++;
      for (;;) {
        this.skipInline();
        if (this.i >= this.s.length || this.s[this.i] === '}') break;
        const before = this.i;
        this.keyValue(path);
        this.skipInline();
        if (this.s[this.i] === ',') this.i++;
        else if (this.i === before) break;
      }
      if (this.s[this.i] === '}') this.i++;
      // An inline table ends on its line (TOML 1.0): reaching the end of the line leaves it open.
      else if (this.i >= this.s.length || this.s[this.i] === '\n' || this.s[this.i] === '\r') this.unclosedAt ??= open;
    } else {
      while (this.i < this.s.length && !',]}#\r\n'.includes(this.s[this.i]!)) this.i++;
    }
  }

  /** Whether the text at the cursor is first on its line and reads as a table header or `key =`. */
  private startsStatement(): boolean {
    const lineStart = this.s.lastIndexOf('\n', this.i - 1) + 1;
    return this.s.slice(lineStart, this.i).trim() === '' && /^(\[|[A-Za-z0-9_"'.-]+[ \t]*=)/.test(this.s.slice(this.i, this.i + 256));
  }

  /** Offset just past the string that starts at `at` (basic, literal, or multi-line of either). */
  private stringEnd(at: number): number {
    const q = this.s[at]!;
    if (this.s.startsWith(q.repeat(3), at)) {
      let end = at + 3;
      for (;;) {
        end = this.s.indexOf(q.repeat(3), end);
        if (end === -1) return this.s.length;
        if (q === '"' && isEscaped(this.s, end)) {
          end++;
          continue;
        }
        end += 3;
        // Up to two quotes may directly precede the closing delimiter.
        for (let extra = 0; extra < 2 && this.s[end] === q; extra++) end++;
        return end;
      }
    }
    let end = at + 1;
    while (end < this.s.length && this.s[end] !== q && this.s[end] !== '\n') {
      end += q === '"' && this.s[end] === '\\' ? 2 : 1;
    }
    return Math.min(end + 1, this.s.length);
  }

  private skipInline(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  private skipBlankAndComments(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\uFEFF') this.i++;
      else if (c === '#') this.skipToLineEnd();
      else return;
    }
  }

  private skipToLineEnd(): void {
    const nl = this.s.indexOf('\n', this.i);
    this.i = nl === -1 ? this.s.length : nl + 1;
  }
}

function isEscaped(s: string, at: number): boolean {
  let n = 0;
  for (let k = at - 1; k >= 0 && s[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

function safeJson(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}
