// `overseer validate [file]`: every problem at once, FILE:LINE:COL each, exit 2 when invalid.

import { loadManifest, ManifestError } from '../../manifest/load.js';
import { printJson } from '../output.js';

export function validateCommand(file: string, options: { json?: boolean }): number {
  try {
    const { manifest } = loadManifest(file);
    const verifiers = manifest.task.reduce((n, t) => n + t.verify.length, 0);
    if (options.json) printJson({ valid: true, file, tasks: manifest.task.length, verifiers, diagnostics: [] });
    else console.log(`${file}: valid (${manifest.task.length} task${manifest.task.length === 1 ? '' : 's'}, ${verifiers} verifier${verifiers === 1 ? '' : 's'})`);
    return 0;
  } catch (err) {
    if (!(err instanceof ManifestError) || !options.json) throw err;
    printJson({ valid: false, file, diagnostics: err.diagnostics });
    return err.exitCode;
  }
}
