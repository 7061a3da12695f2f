// Every claudectl manifest shape validates unchanged (DESIGN §2): fixtures written in the shapes of
// claudectl's examples (dependency chain, fan-out with roles and budget, a verifier-gated task), and
// claudectl's own files in upstream/, as written, from github.com/mercurialsolo/claudectl at commit
// 13bd5b6036baf35817f155dc24c0d21676b1111e (its parser, src/coord/supervisor_cli.rs, is unchanged
// since it was added in a3fbde56): examples/tasks/{dependency-chain,fan-out,verify-then-merge}.toml,
// readme.toml (the ```toml block of README.md, lines 280-300) and init-scaffold.toml (the SCAFFOLD
// that `claudectl supervisor init` writes, in src/coord/supervisor_cli.rs).

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

describe("claudectl's own manifests validate unchanged", () => {
  const verifiers = (name: string) => load(`upstream/${name}`).task.map((t) => t.verify.map(verifierOf));

  it('examples/tasks: a dependency chain, a fan-out with role labels and a budget, a verifier-gated task', () => {
    expect(load('upstream/dependency-chain.toml').task.map((t) => [t.name, t.depends_on])).toEqual([
      ['migrate', []],
      ['backfill', ['migrate']],
      ['verify-data', ['backfill']],
    ]);
    expect(load('upstream/fan-out.toml').task.map((t) => [t.name, t.role, t.budget_usd])).toEqual([
      ['docs-sweep', 'docs', undefined],
      ['dep-audit', 'security', undefined],
      ['test-coverage', 'backend', 5],
    ]);
    const [gated] = load('upstream/verify-then-merge.toml').task;
    expect([gated!.max_retries, gated!.budget_usd, gated!.timeout_min]).toEqual([3, 8, 45]);
    expect(verifiers('verify-then-merge.toml')[0]!.map((v) => v.kind)).toEqual(['run', 'brain']);
  });

  it("the README's block of every key: its agent verifier keeps its model and budget", () => {
    const [task] = load('upstream/readme.toml').task;
    expect([task!.name, task!.role, task!.cwd, task!.model, task!.budget_usd, task!.max_retries, task!.timeout_min]).toEqual(['auth-middleware', 'backend', './services', 'sonnet', 3, 2, 45]);
    expect(verifiers('readme.toml')[0]).toEqual([
      { kind: 'run', command: 'cargo test --all-targets', timeoutMin: 15 },
      { kind: 'brain', question: 'Review the diff for auth-coverage gaps. PASS or FAIL with reasons.', model: undefined, budgetUsd: undefined, timeoutMin: 15 },
      { kind: 'agent', prompt: 'Adversarial review: find a request that bypasses the middleware.', model: 'haiku', budgetUsd: 0.25, timeoutMin: 15 },
    ]);
  });

  it('the file `claudectl supervisor init` writes', () => {
    expect(load('upstream/init-scaffold.toml').task.map((t) => [t.name, t.cwd, t.prompt])).toEqual([['example-task', '.', 'Describe the work this agent should do.']]);
  });
});

describe('where claudectl is laxer, the error says what to write', () => {
  function problems(toml: string): string[] {
    const result = parseManifest('tasks.toml', Buffer.from(toml));
    return result.ok ? [] : result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
  }

  it('a number in quotes (claudectl strips the quotes) is refused with the unquoted form to write', () => {
    const toml = '[[task]]\nname = "a"\ncwd = "."\nprompt = "p"\nmax_retries = "3"\nbudget_usd = "2.50"\ntimeout_min = "+30"\n[[task.verify]]\nagent = "review"\nbudget_usd = ".25"\n';
    expect(problems(toml)).toEqual([
      '5:15 expected an integer, got the string "3": write max_retries = 3 (no quotes)',
      '6:14 expected a number, got the string "2.50": write budget_usd = 2.5 (no quotes)',
      '7:15 expected an integer, got the string "+30": write timeout_min = 30 (no quotes)',
      '10:14 expected a number, got the string ".25": write budget_usd = 0.25 (no quotes)',
    ]);
  });

  it('a string claudectl would not read as a number gets no such advice', () => {
    const toml = '[[task]]\nname = "a"\ncwd = "."\nprompt = "p"\nmax_retries = "2.5"\nbudget_usd = "-1"\ntimeout_min = "0x10"\n';
    expect(problems(toml)).toEqual([
      '5:15 expected an integer, got the string "2.5"',
      '6:14 expected a number, got the string "-1"',
      '7:15 expected an integer, got the string "0x10"',
    ]);
  });
});
