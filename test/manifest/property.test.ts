// Random, structure-aware mutations of valid manifests never crash the loader: it returns a
// manifest that keeps the manifest's promises, or diagnostics with sane positions, nothing else.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topologicalWaves } from '../../src/core/graph.js';
import { TASK_NAME_PATTERN, type Manifest } from '../../src/core/manifest.js';
import { parseManifest, type Diagnostic } from '../../src/manifest/load.js';
import { mutatedBytes, mutationCase } from '../helpers/mutations.js';

/** What a valid result promises: tasks, unique valid names, known dependencies, no cycles. */
function expectSound(m: Manifest): void {
  const names = m.task.map((t) => t.name);
  expect(names.length).toBeGreaterThan(0);
  expect(new Set(names).size).toBe(names.length);
  for (const t of m.task) {
    expect(t.name).toMatch(TASK_NAME_PATTERN);
    expect(t.prompt === undefined).not.toBe(t.prompt_file === undefined);
    for (const d of t.depends_on) {
      expect(d).not.toBe(t.name);
      expect(names).toContain(d);
    }
  }
  expect(() => topologicalWaves(m.task.map((t) => ({ name: t.name, dependsOn: t.depends_on })))).not.toThrow();
}

/** Positions inside the text as decoded (bad bytes become one replacement character each). */
function expectInside(bytes: Uint8Array, diagnostics: readonly Diagnostic[]): void {
  const lines = new TextDecoder().decode(bytes).split('\n');
  expect(diagnostics.length).toBeGreaterThan(0);
  for (const d of diagnostics) {
    expect(d.message.trim().length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines.length + 1);
    expect(d.col).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 1);
  }
  const order = diagnostics.map((d) => d.line * 1e6 + d.col);
  expect(order).toEqual([...order].sort((a, b) => a - b));
}

describe('the loader under random mutation', () => {
  it('returns a sound manifest or diagnostics inside the text, never throws, and answers the same twice', () => {
    let valid = 0;
    fc.assert(
      fc.property(mutationCase, (c) => {
        const bytes = mutatedBytes(c);
        const result = parseManifest('m.toml', bytes);
        expect(parseManifest('m.toml', bytes)).toEqual(result);
        if (result.ok) {
          valid++;
          expectSound(result.manifest);
        } else {
          expectInside(bytes, result.diagnostics);
        }
      }),
      { numRuns: 1500 },
    );
    // Mutations that leave a manifest valid keep the first branch honest, too.
    expect(valid).toBeGreaterThan(100);
  });
});
