// `overseer validate [files...]`: every problem at once, FILE:LINE:COL each, exit 2 when any file is
// invalid. Several files are checked in one process (a monorepo's manifests, a fuzz corpus).

import { EXIT, UserError } from '../../core/errors.js';
import { loadManifest, ManifestError } from '../../manifest/load.js';
import { plural, printJson } from '../output.js';

interface Result {
  valid: boolean;
  file: string;
  tasks?: number;
  verifiers?: number;
  diagnostics: ManifestError['diagnostics'];
  error?: string;
}

function counts(file: string): Result {
  const { manifest } = loadManifest(file);
  const verifiers = manifest.task.reduce((n, t) => n + t.verify.length, 0);
  return { valid: true, file, tasks: manifest.task.length, verifiers, diagnostics: [] };
}

function check(file: string): Result {
  try {
    return counts(file);
  } catch (err) {
    if (err instanceof ManifestError) return { valid: false, file, diagnostics: err.diagnostics, error: err.message };
    if (err instanceof UserError) return { valid: false, file, diagnostics: [], error: err.message };
    throw err;
  }
}

const validLine = (r: Result) => `${r.file}: valid (${plural(r.tasks!, 'task')}, ${plural(r.verifiers!, 'verifier')})`;

export function validateCommand(files: string[], options: { json?: boolean }): number {
  // One file keeps the single-file behaviour: its error is the command's error, formatted by main.
  if (files.length === 1 && !options.json) {
    console.log(validLine(counts(files[0]!)));
    return EXIT.ok;
  }
  const results = files.map(check);
  if (options.json) {
    // A problem with no position (no such file, a directory) is said in `error`: the diagnostics are empty.
    const out = results.map(({ error, ...r }) => (r.diagnostics.length === 0 && error ? { ...r, error } : r));
    printJson(files.length === 1 ? out[0] : out);
  } else {
    for (const r of results) {
      if (r.valid) console.log(validLine(r));
      else process.stderr.write(`${r.error}\n`);
    }
    const bad = results.filter((r) => !r.valid).length;
    if (bad > 0) process.stderr.write(`overseer: ${bad} of ${files.length} files invalid\n`);
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.invalidInput;
}
