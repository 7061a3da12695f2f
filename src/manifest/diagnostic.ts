// A manifest problem at FILE:LINE:COL, and the error that carries all of them (exit 2). Kept apart
// from the loader so code that only reports these does not load the TOML parser and the schema.

import { InputError } from '../core/errors.js';

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  /** The key path, when the problem is about a key (`task[2].depends_on[0]`). */
  readonly key?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}${d.key ? ` (key ${d.key})` : ''}`;
}

export class ManifestError extends InputError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ManifestError';
  }
}
