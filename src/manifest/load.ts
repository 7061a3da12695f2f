// Reads tasks.toml from disk: size and encoding checks (text.ts), smol-toml parse (syntax.ts for its
// errors), the zod schema, and every problem mapped to FILE:LINE:COL (locate.ts). Nothing runs
// until this returns a manifest.

import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { InputError } from '../core/errors.js';
import { checkManifest, formatPath, writtenPath, type Manifest, type ManifestIssue, type PathSegment } from '../core/manifest.js';
import { secretPaths } from '../core/redact.js';
import { ManifestError, type Diagnostic } from './diagnostic.js';
import { SourceIndex } from './locate.js';
import { syntaxDiagnostic } from './syntax.js';
import { decodeManifest, decodeText, MAX_MANIFEST_BYTES, readUpTo, tooLarge, Unreadable } from './text.js';

export { formatDiagnostic, ManifestError, type Diagnostic } from './diagnostic.js';
export { MAX_MANIFEST_BYTES } from './text.js';

export interface LoadedManifest {
  /** The path as the user gave it, used in messages. */
  readonly file: string;
  /** Absolute directory of the manifest: task `cwd` and `prompt_file` resolve against it. */
  readonly dir: string;
  readonly source: string;
  readonly manifest: Manifest;
  /** Each task's prompt, with `prompt_file` read in. Same order as `manifest.task`. */
  readonly prompts: readonly string[];
  /** The TOML as parsed: where `manifest`'s indices part from the file's (diagnosticsAt reads it). */
  readonly doc: unknown;
}

export type ParseResult =
  | { ok: true; manifest: Manifest; doc: unknown }
  /** `doc`: the TOML as parsed, when it parsed (the schema found problems in it). */
  | { ok: false; diagnostics: Diagnostic[]; doc?: unknown };

function issueToDiagnostic(file: string, index: SourceIndex, issue: ManifestIssue): Diagnostic {
  const { line, col } = issue.locateAt
    ? index.locate(issue.locateAt)
    : index.locate(issue.path, issue.atKey ? 'key' : 'value');
  return { file, line, col, message: issue.message, key: issue.path.length > 0 ? formatPath(issue.path) : undefined };
}

/** Parse and validate manifest bytes. No file system access: `loadManifest` does the reading. */
export function parseManifest(file: string, bytes: Uint8Array): ParseResult {
  // A read stops one byte past the limit: that many says only "more than".
  if (bytes.length > MAX_MANIFEST_BYTES) return { ok: false, diagnostics: [tooLarge(file, bytes.length === MAX_MANIFEST_BYTES + 1 ? undefined : bytes.length)] };
  const decoded = decodeManifest(file, bytes);
  if ('diagnostic' in decoded) return { ok: false, diagnostics: [decoded.diagnostic] };
  const { text } = decoded;

  let doc: unknown;
  const numberIssues: ManifestIssue[] = [];
  try {
    // Integers as BigInt only to tell `5` from `5.0`: numbers again before the schema sees them.
    doc = numbersOf(parse(text, { integersAsBigInt: true }), [], numberIssues);
  } catch (err) {
    if (err instanceof TomlError) return { ok: false, diagnostics: [syntaxDiagnostic(file, text, err)] };
    // smol-toml throws only TomlError for bad input; anything else (stack overflow on absurd
    // nesting) is still bad input, reported at the top of the file rather than as a crash.
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, message: `invalid TOML: ${reason}` }] };
  }

  const checked = checkManifest(doc);
  if (checked.ok && numberIssues.length === 0) return { ok: true, manifest: checked.manifest, doc };
  const index = new SourceIndex(text);
  // An integer out of range is refused by the schema too: said once, as the TOML problem it is.
  const outOfRange = new Set(numberIssues.filter((i) => i.message.includes('out of range')).map((i) => formatPath(i.path)));
  const schemaIssues = checked.ok ? [] : checked.issues.filter((i) => !outOfRange.has(formatPath(i.path)));
  // A float the schema refuses on its own (-1.0 is below 0) needs no second word at its place.
  const schemaPaths = new Set(schemaIssues.map((i) => formatPath(i.path)));
  const ownIssues = numberIssues.filter((i) => outOfRange.has(formatPath(i.path)) || !schemaPaths.has(formatPath(i.path)));
  const diagnostics = [...schemaIssues, ...ownIssues].map((issue) => issueToDiagnostic(file, index, issue));
  return { ok: false, diagnostics: byPosition(diagnostics), doc };
}

/** Keys that hold a count (minutes, seconds, tries): only a TOML integer is one. */
const INTEGER_KEYS = new Set(['max_concurrent', 'idle_timeout_min', 'result_grace_sec', 'max_retries', 'timeout_min']);

/**
 * The parsed TOML with its BigInt integers as numbers. What only the BigInt parse shows goes to
 * `issues`: a float where a count belongs (`max_retries = 5.0` would pass as 5, where claudectl
 * reads it as no value at all), and an integer no number holds exactly.
 */
function numbersOf(value: unknown, path: PathSegment[], issues: ManifestIssue[]): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) issues.push({ path, message: `invalid TOML: integer out of range (at most ${Number.MAX_SAFE_INTEGER} either way)` });
    return n;
  }
  if (typeof value === 'number') {
    const key = path[path.length - 1];
    // Only a whole float that is a count written wrong: 2.5 and 1e300 are the schema's to refuse.
    if (Number.isSafeInteger(value) && typeof key === 'string' && INTEGER_KEYS.has(key)) issues.push({ path, message: `expected an integer, got a float: write ${value}` });
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => numbersOf(v, [...path, i], issues));
  // A table (smol-toml's have no prototype, so a key named __proto__ is only a key); a date is left as it is.
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null) {
    const table: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) table[k] = numbersOf(v, [...path, k], issues);
    return table;
  }
  return value;
}


const byPosition = (diagnostics: Diagnostic[]) => diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);

/**
 * Each task's prompt, with `prompt_file` read in (relative to `dir`), and a diagnostic for each file
 * that cannot be read or is empty. Works on tasks the schema refused too, so a missing prompt file
 * is reported with every other problem.
 */
function readPrompts(file: string, dir: string, text: string, tasks: readonly unknown[]): { prompts: string[]; problems: Diagnostic[] } {
  const prompts: string[] = [];
  const problems: Diagnostic[] = [];
  let index: SourceIndex | undefined;
  tasks.forEach((task, i) => {
    const { prompt, prompt_file: promptFile } = (typeof task === 'object' && task !== null ? task : {}) as { prompt?: unknown; prompt_file?: unknown };
    // An empty name is the schema's to report; a file that is there is read even when the schema found problems.
    if (typeof promptFile !== 'string' || promptFile === '' || prompt !== undefined) {
      prompts.push(typeof prompt === 'string' ? prompt : '');
      return;
    }
    try {
      prompts.push(readPrompt(resolve(dir, promptFile)));
    } catch (err) {
      index ??= new SourceIndex(text);
      const { line, col } = index.locate(['task', i, 'prompt_file'], 'value');
      const code = (err as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'ENXIO' ? 'is not a regular file (a socket)' : (err as Error).message;
      // Quoted as JSON: a name with a newline in it must not break the one-line diagnostic.
      problems.push({ file, line, col, message: `prompt_file ${JSON.stringify(promptFile)}: ${reason}`, key: `task[${i}].prompt_file` });
      prompts.push('');
    }
  });
  return { prompts, problems };
}

/** A prompt file's text: a regular file of UTF-8 text, not empty, at most 1 MiB. */
function readPrompt(path: string): string {
  const bytes = readUpTo(path, MAX_MANIFEST_BYTES, true);
  if (bytes.length > MAX_MANIFEST_BYTES) throw new Unreadable(`is larger than ${MAX_MANIFEST_BYTES} bytes (1 MiB), the most a prompt file may be`);
  const decoded = decodeText(bytes);
  if (!('text' in decoded)) throw new Unreadable(`not a text file: ${decoded.what} at line ${decoded.line}, column ${decoded.col} (a prompt file must be UTF-8 text)`);
  if (decoded.text.trim() === '') throw new Unreadable('the file is empty');
  return decoded.text;
}

/** Read, parse and validate a manifest file; throws ManifestError (exit 2) listing every problem. */
export function loadManifest(file: string): LoadedManifest {
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError(`${file}: is a directory, not a tasks.toml file`);
    if (stat.size > MAX_MANIFEST_BYTES) throw new ManifestError([tooLarge(file, stat.size)]);
    // Bounded whatever the size said: a device or a pipe (`validate /dev/stdin`) says 0.
    bytes = readUpTo(file, MAX_MANIFEST_BYTES, false);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: no such file (create one with \`overseer init\`)`);
    throw new InputError(`${file}: cannot read: ${(err as Error).message}`);
  }
  const result = parseManifest(file, bytes);
  const dir = dirname(resolve(file));
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const tasks = result.ok ? result.manifest.task : (result.doc as { task?: unknown } | undefined)?.task;
  const { prompts, problems } = readPrompts(file, dir, text, Array.isArray(tasks) ? tasks : []);
  if (!result.ok) throw new ManifestError(byPosition([...result.diagnostics, ...problems]));
  if (problems.length > 0) throw new ManifestError(problems);
  return { file, dir, source: text, manifest: result.manifest, prompts, doc: result.doc };
}

/**
 * Problems found in a loaded manifest, each at the place in the file that holds its key: `path`
 * addresses `loaded.manifest`, whose indices the schema shifted (writtenPath). The source is
 * indexed once, on the first problem.
 */
export function diagnosticsAt(loaded: LoadedManifest): (path: readonly PathSegment[], what: 'key' | 'value', message: string) => Diagnostic {
  let index: SourceIndex | undefined;
  return (path, what, message) => {
    index ??= new SourceIndex(loaded.source);
    const written = writtenPath(loaded.doc, path);
    return { file: loaded.file, ...index.locate(written, what), message, key: formatPath(written) };
  };
}

/** Why `path` cannot be a task's working directory, or undefined when it is a directory. */
export function cwdProblem(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? undefined : 'is not a directory';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`;
  }
}

/**
 * Each task whose `cwd` is not a directory, as FILE:LINE:COL diagnostics. Checked by a run before it
 * opens the ledger (DESIGN §2: at run time, not by `validate`, whose machine may not hold the tree).
 */
export function missingCwds(loaded: LoadedManifest): Diagnostic[] {
  const at = diagnosticsAt(loaded);
  return loaded.manifest.task.flatMap((task, i) => {
    const path = resolve(loaded.dir, task.cwd);
    const why = cwdProblem(path);
    return why === undefined ? [] : [at(['task', i, 'cwd'], 'value', `cwd "${task.cwd}" ${why} (${path})`)];
  });
}

/**
 * Where the manifest holds a credential from the environment (`credentials`: refusableCredentials,
 * the forms of each credential variable's value that look like real credentials). Names appear in
 * events, checks and metrics, where redacting them would make them unreadable; the rest of a task's
 * spec is kept by the ledger as written, and a workflow uploads the ledger as an artifact, where no
 * redaction reaches. The variable belongs there instead. A `cwd` is a path, not a place for a
 * credential, and is not looked at. One place holding several variables' value is one problem.
 */
export function secretsInManifest(loaded: LoadedManifest, credentials: ReadonlyArray<{ name: string; forms: readonly string[] }>): Diagnostic[] {
  if (credentials.length === 0) return [];
  /** Each place, with the variables it holds and whether it is a name. */
  const places = new Map<string, { path: Array<string | number>; what: 'key' | 'value'; name: boolean; fromFile?: string; vars: string[] }>();
  const found = (path: Array<string | number>, what: 'key' | 'value', name: boolean, variable: string, fromFile?: string) => {
    const key = JSON.stringify(path);
    const place = places.get(key) ?? { path, what, name, fromFile, vars: [] };
    if (!place.vars.includes(variable)) place.vars.push(variable);
    places.set(key, place);
  };
  for (const { name: variable, forms } of credentials) {
    for (const role of Object.keys(loaded.manifest.roles)) if (forms.some((f) => role.includes(f))) found(['roles', role], 'key', true, variable);
    loaded.manifest.task.forEach((task, i) => {
      const { prompt_file: promptFile, cwd: _cwd, ...rest } = task;
      for (const path of secretPaths({ ...rest, prompt: loaded.prompts[i] }, forms)) {
        if (path[0] === 'name') found(['task', i, 'name'], 'value', true, variable);
        else if (path[0] === 'prompt' && promptFile !== undefined) found(['task', i, 'prompt_file'], 'value', false, variable, promptFile);
        else found(['task', i, ...path], 'value', false, variable);
      }
    });
  }
  if (places.size === 0) return [];
  const at = diagnosticsAt(loaded);
  const problems = [...places.values()].map(({ path, what, name, fromFile, vars }): Diagnostic => {
    const held = `holds the value of ${vars.map((v) => `$${v}`).join(' and ')}`;
    const message = name
      ? `this name ${held}; rename it: names appear in events, checks and metrics, where it cannot be redacted`
      : `${fromFile ? `the prompt read from ${fromFile}` : 'this value'} ${held}; the ledger keeps it as written (and a workflow uploads the ledger): refer to the variable instead ($${vars[0]} in a command, or let the agent read it from its environment)`;
    return at(path, what, message);
  });
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}
