// Every claudectl manifest shape validates unchanged (DESIGN §2): fixtures written in the shapes of
// claudectl's examples (dependency chain, fan-out with roles and budget, a verifier-gated task).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifierOf } from '../../src/core/manifest.js';
import { parseManifest } from '../../src/manifest/load.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'claudectl');

function load(name: string) {
  const result = parseManifest(name, readFileSync(join(dir, name)));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return result.manifest;
}

describe('claudectl manifests validate unchanged', () => {
  it('a dependency chain keeps its order and gets claudectl defaults', () => {
    const m = load('dependency-chain.toml');
    expect(m.task.map((t) => [t.name, t.depends_on])).toEqual([
      ['create-table', []],
      ['copy-rows', ['create-table']],
      ['check-counts', ['copy-rows']],
    ]);
    expect(m.task.every((t) => t.max_retries === 2 && t.timeout_min === 45 && t.verify.length === 0)).toBe(true);
    expect(m.fleet.max_concurrent).toBe(4);
    expect(m.fleet.agent).toBeUndefined();
  });

  it('a fan-out with role labels (no [roles] table) and a per-task budget', () => {
    const m = load('fan-out.toml');
    expect(m.task.map((t) => t.role)).toEqual(['docs', 'security', 'backend']);
    expect(m.task.map((t) => t.budget_usd)).toEqual([undefined, undefined, 5]);
    expect(m.roles).toEqual({});
  });

  it('a verifier-gated task keeps max_retries, budget and its ordered run + brain verifiers', () => {
    const m = load('verify-gated.toml');
    const [task] = m.task;
    expect(task!.max_retries).toBe(3);
    expect(task!.budget_usd).toBe(8);
    expect(task!.verify.map(verifierOf)).toEqual([
      { kind: 'run', command: 'cargo test --quiet session', timeoutMin: 15 },
      {
        kind: 'brain',
        question: 'Did the change fix the cause rather than widen a timeout or add a sleep?',
        model: undefined,
        budgetUsd: undefined,
        timeoutMin: 15,
      },
    ]);
  });

  it('all documented keys together, including an agent verifier and a cwd other than "."', () => {
    const m = load('mixed.toml');
    expect(m.task.map((t) => t.name)).toEqual(['api-schema', 'api-handler', 'api-docs']);
    expect(m.task[0]!.timeout_min).toBe(30);
    expect(m.task[1]!.verify.map((v) => verifierOf(v).kind)).toEqual(['run', 'agent']);
    expect(m.task[2]!.depends_on).toEqual(['api-schema', 'api-handler']);
    expect(m.task[2]!.cwd).toBe('docs');
  });
});
