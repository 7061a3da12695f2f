// Structure-aware mutations of valid manifests, shared by the loader's property test, the CLI fuzz
// test and the fuzz reliability scenario: line mutations (keys, values of other types, headers,
// duplicated runs, dependencies, swaps, truncation) then byte mutations (junk, cuts, a BOM).
// Generate deterministically with fc.sample(mutationCase, { seed, numRuns }) and mutatedBytes().

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CRASH } from './crash.js';

// The repository root: from this file under vitest; from OVERSEER_REPO in a bundled reliability
// scenario, where import.meta.dirname is the bundle's temporary directory.
const repo = process.env.OVERSEER_REPO ?? join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'manifests');
const read = (folder: string) =>
  readdirSync(join(fixtures, folder))
    .filter((f) => f.endsWith('.toml'))
    .sort()
    .map((f) => readFileSync(join(fixtures, folder, f), 'utf8'));

/** Valid manifests to mutate: the valid fixtures, the claudectl ones and the demo fleet. */
export const seeds: readonly string[] = [...read('valid'), ...read('claudectl'), readFileSync(join(repo, 'docs', 'examples', 'demo', 'tasks.toml'), 'utf8')];

const KEYS = ['name', 'cwd', 'prompt', 'prompt_file', 'role', 'agent', 'model', 'budget_usd', 'max_retries', 'timeout_min', 'depends_on', 'run', 'brain', 'verify', 'max_concurrent', 'command', 'url', 'nmae', 'x', '"quoted key"', 'a.b'];
const VALUES = ['"a"', '""', '"  "', '-1', '0', '1.5', 'true', '[]', '["a", "a"]', '{}', '{ run = "x" }', '1979-05-27', '07:32:00', '"""\n[[task]]\n"""', "'''x'''", '[1, "a"]', 'nan', 'inf', '-inf', '"\\u0000"', '99999999999999999999', '[', '{', '"unclosed', '"é😀"'];
const LINES = ['[[task]]', '[[task.verify]]', '[fleet]', '[brain]', '[roles.x]', '[pricing.m]', '[task]', '[[fleet]]', '[[task.verify.x]]', '', '# comment', '"quoted key" = 1', 'a.b.c = 2', ']', '}', '"""', "'''", '\t', '\uFEFF'];

export type LineMutation = (lines: string[]) => string[];
export type ByteMutation = (bytes: Uint8Array) => Uint8Array;

const pick = (i: number, n: number) => i % Math.max(1, n);
const insertAt = (ls: string[], i: number, line: string) => {
  const at = i % (ls.length + 1);
  return [...ls.slice(0, at), line, ...ls.slice(at)];
};

export const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
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

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
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

/** One generated manifest: a seed, line mutations, then byte mutations, with LF or CRLF line ends. */
export interface MutationCase {
  seed: string;
  lines: LineMutation[];
  bytes: ByteMutation[];
  crlf: boolean;
}

export const mutationCase: fc.Arbitrary<MutationCase> = fc.record({
  seed: fc.constantFrom(...seeds),
  lines: fc.array(lineMutation, { minLength: 0, maxLength: 4 }),
  bytes: fc.array(byteMutation, { maxLength: 2 }),
  crlf: fc.boolean(),
});

/** The bytes of a generated manifest. */
export function mutatedBytes({ seed, lines, bytes, crlf }: MutationCase): Uint8Array {
  const text = lines.reduce((ls, m) => m(ls), seed.split('\n')).join(crlf ? '\r\n' : '\n');
  return bytes.reduce<Uint8Array>((b, m) => m(b), Buffer.from(text, 'utf8'));
}

// ---- What `overseer validate` must answer for generated manifests -----------------------------
// Shared by the CLI fuzz test and the fuzz scenario. Each check returns problems as strings (empty
// when all is well), so a test can expect [] and a scenario can count them.

export interface CliAnswer {
  code: number | null;
  stdout: string;
  stderr: string;
}


interface JsonDiagnostic {
  file?: unknown;
  line?: unknown;
  col?: unknown;
  message?: unknown;
}

interface JsonResult {
  valid?: unknown;
  file?: unknown;
  tasks?: unknown;
  verifiers?: unknown;
  diagnostics?: unknown;
}

export interface JsonVerdicts {
  /** A problem with the answer as a whole (exit code, crash, unparsable JSON): no file's verdict counts. */
  whole: string | null;
  /** `file: what` for each thing wrong with a file's result. */
  problems: string[];
  valid: number;
  /** Invalid files with the number of diagnostics each got. */
  invalid: Map<string, number>;
}

/** Is `pos` a position inside `bytes` as decoded (a bad byte is one replacement character)? */
function inside(lines: readonly string[], line: number, col: number): boolean {
  return line <= lines.length + 1 && col <= (lines[line - 1]?.length ?? 0) + 1;
}

/**
 * Judge `validate --json FILE...` over `files` (more than one), whose contents are `bytes`:
 * exit 0 or 2 to match, no crash, a JSON array with one result per file in order, a valid result
 * with counts and no diagnostics, an invalid one with diagnostics for that file at positions inside it.
 */
export function checkValidateJson(files: readonly string[], bytes: readonly Uint8Array[], answer: CliAnswer): JsonVerdicts {
  const verdicts: JsonVerdicts = { whole: null, problems: [], valid: 0, invalid: new Map() };
  if (answer.code !== 0 && answer.code !== 2) verdicts.whole = `exit code ${answer.code}`;
  else if (CRASH.test(answer.stderr) || CRASH.test(answer.stdout)) verdicts.whole = `a crash on stderr: ${answer.stderr.slice(0, 400)}`;
  let results: JsonResult[] = [];
  if (verdicts.whole === null) {
    try {
      results = JSON.parse(answer.stdout) as JsonResult[];
      if (!Array.isArray(results) || results.length !== files.length) verdicts.whole = `not an array of ${files.length} results`;
    } catch (err) {
      verdicts.whole = `unparsable JSON (${(err as Error).message})`;
    }
  }
  if (verdicts.whole !== null) return verdicts;
  results.forEach((r, i) => {
    const file = files[i]!;
    const bad = (what: string) => verdicts.problems.push(`${file}: ${what}`);
    if (r.file !== file) return bad(`result ${i} is for ${String(r.file)}`);
    const diagnostics = r.diagnostics;
    if (!Array.isArray(diagnostics)) return bad('no diagnostics array');
    if (r.valid === true) {
      verdicts.valid++;
      if (!Number.isInteger(r.tasks) || (r.tasks as number) < 1 || !Number.isInteger(r.verifiers) || (r.verifiers as number) < 0) bad(`valid with tasks ${String(r.tasks)}, verifiers ${String(r.verifiers)}`);
      if (diagnostics.length > 0) bad(`valid with ${diagnostics.length} diagnostics`);
      return;
    }
    if (r.valid !== false) return bad(`valid is ${JSON.stringify(r.valid)}`);
    verdicts.invalid.set(file, diagnostics.length);
    if (diagnostics.length === 0) return bad('invalid without diagnostics');
    const lines = new TextDecoder().decode(bytes[i]).split('\n');
    for (const d of diagnostics as JsonDiagnostic[]) {
      const at = `${String(d.line)}:${String(d.col)}`;
      if (d.file !== file) bad(`a diagnostic for ${String(d.file)}`);
      if (typeof d.message !== 'string' || d.message.trim() === '' || /[\r\n]/.test(d.message)) bad(`at ${at}, message ${JSON.stringify(d.message)}`);
      if (!Number.isInteger(d.line) || !Number.isInteger(d.col) || (d.line as number) < 1 || (d.col as number) < 1) bad(`a diagnostic at ${at}`);
      else if (!inside(lines, d.line as number, d.col as number)) bad(`a diagnostic at ${at}, outside the file`);
    }
  });
  if (answer.code !== (verdicts.invalid.size > 0 ? 2 : 0)) verdicts.whole = `exit code ${answer.code} with ${verdicts.invalid.size} invalid of ${files.length}`;
  return verdicts;
}

/**
 * Judge `validate FILE` (one file, no --json) for a file known to be invalid with `count`
 * diagnostics: exit 2, no crash, one `FILE:LINE:COL: message` line per diagnostic, then the summary.
 */
export function checkValidateSingle(file: string, count: number, answer: CliAnswer): string[] {
  const problems: string[] = [];
  if (answer.code !== 2) problems.push(`${file}: single-file exit code ${answer.code}`);
  if (CRASH.test(answer.stderr) || CRASH.test(answer.stdout)) problems.push(`${file}: single-file crash: ${answer.stderr.slice(0, 400)}`);
  const lines = answer.stderr.split('\n').filter((l) => l !== '');
  const summary = lines.pop();
  if (summary !== `overseer: ${count} problem${count === 1 ? '' : 's'} found; nothing was run`) problems.push(`${file}: single-file summary ${JSON.stringify(summary)} for ${count} diagnostics`);
  if (lines.length !== count) problems.push(`${file}: ${lines.length} single-file lines for ${count} diagnostics`);
  for (const l of lines) {
    if (!/^.+:\d+:\d+: /.test(l) || !l.startsWith(`${file}:`)) problems.push(`${file}: single-file line ${JSON.stringify(l.slice(0, 200))}`);
  }
  return problems;
}
