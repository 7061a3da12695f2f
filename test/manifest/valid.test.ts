// Valid manifests: each spelling of the format parses to the values written, defaults fill the
// rest, and a parsed manifest written back as TOML parses to the same manifest.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { resolveAgent, roleOf, verifierOf, type Manifest } from '../../src/core/manifest.js';
import { parseManifest } from '../../src/manifest/load.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'valid');
const files = readdirSync(dir).filter((f) => f.endsWith('.toml')).sort();

function parse(name: string): Manifest {
  const result = parseManifest(name, readFileSync(join(dir, name)));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return result.manifest;
}

describe('valid manifests', () => {
  it('the folder holds the six fixtures this file reads', () => {
    expect(files).toEqual(['claudectl-lenient.toml', 'diamond.toml', 'full.toml', 'inline-forms.toml', 'minimal.toml', 'windows.toml']);
  });

  it('what claudectl takes: names with spaces or other scripts, a dependency listed twice (kept once), an empty verifier table (skipped)', () => {
    const m = parse('claudectl-lenient.toml');
    expect(m.task.map((t) => t.name)).toEqual(['fix flaky test', '修复-测试']);
    expect(m.task[1]!.depends_on).toEqual(['fix flaky test']);
    expect(m.task[1]!.verify).toEqual([{ run: 'true', timeout_min: 15 }]);
    expect(m.task[1]!.timeout_min).toBe(0);
  });

  it('a minimal manifest gets every default: max_retries 2, timeout_min 45, verifier timeout 15, max_concurrent 4', () => {
    const m = parse('minimal.toml');
    expect(m).toEqual({
      fleet: { max_concurrent: 4, metrics_prefix: 'overseer', idle_timeout_min: 10, result_grace_sec: 30 },
      roles: {},
      pricing: {},
      task: [
        {
          name: 'hello',
          cwd: '.',
          prompt: 'Say hello.',
          max_retries: 2,
          timeout_min: 45,
          depends_on: [],
          verify: [{ run: 'true', timeout_min: 15 }],
        },
      ],
    });
    expect(resolveAgent(m, m.task[0]!)).toBe('claude');
  });

  it('every key of the full fixture comes back with the value written', () => {
    const m = parse('full.toml');
    expect(m.fleet).toEqual({
      max_concurrent: 3,
      budget_usd: 25.5,
      agent: 'codex',
      metrics_prefix: 'claudectl',
      idle_timeout_min: 5,
      result_grace_sec: 10,
      pushgateway_url: 'http://127.0.0.1:9091',
    });
    expect(m.brain).toEqual({ url: 'http://127.0.0.1:11434/v1', model: 'llama3.1', api_key_env: 'MY_BRAIN_KEY' });
    expect(m.roles).toEqual({
      backend: { agent: 'claude', model: 'claude-sonnet-4-5', allowed_tools: ['Edit', 'Bash(npm test:*)'] },
      scripted: { agent: 'command', command: ['./agent.sh', '--fast'] },
    });
    expect(m.pricing).toEqual({ 'gpt-5-codex': { input_per_mtok: 1.25, output_per_mtok: 10 } });
    expect(m.task[0]).toEqual({
      name: 'migrate',
      cwd: '.',
      prompt_file: 'prompts/migrate.md',
      role: 'backend',
      budget_usd: 4,
      max_retries: 0,
      timeout_min: 20,
      depends_on: [],
      verify: [
        { run: 'npm test --silent', timeout_min: 3 },
        { brain: 'Is the migration reversible?', model: 'llama3.1', budget_usd: 0.5, timeout_min: 15 },
        { agent: 'Review the migration. Answer PASS or FAIL.', timeout_min: 15 },
      ],
    });
    expect(m.task[2]).toEqual({
      name: 'report_1',
      cwd: '.',
      prompt: 'Summarise.',
      agent: 'demo',
      model: 'any',
      max_retries: 2,
      timeout_min: 45,
      depends_on: ['migrate', 'backfill.v2'],
      verify: [],
    });
  });

  it('brain verifiers need no [brain] table, and a role without a table is a label', () => {
    const m = parse('diamond.toml');
    expect(m.brain).toBeUndefined();
    expect(m.roles).toEqual({});
    expect(m.task.map((t) => [t.name, t.role, resolveAgent(m, t), t.depends_on])).toEqual([
      ['schema', 'dba', 'demo', []],
      ['api', undefined, 'demo', ['schema']],
      ['ui', undefined, 'demo', ['schema']],
      ['release', undefined, 'demo', ['api', 'ui']],
    ]);
    expect(m.task.flatMap((t) => t.verify.map(verifierOf))).toEqual([
      { kind: 'run', command: 'npm test', timeoutMin: 15 },
      { kind: 'brain', question: 'Does every endpoint validate its input?', model: undefined, budgetUsd: undefined, timeoutMin: 15 },
      {
        kind: 'agent',
        prompt: 'Review the UI for accessibility problems. Answer PASS or FAIL.',
        model: 'claude-opus-4',
        budgetUsd: 0.25,
        timeoutMin: 5,
      },
    ]);
  });

  it('dotted keys, quoted keys, inline tables and TOML-looking strings read as plain values', () => {
    const m = parse('inline-forms.toml');
    expect(m.fleet).toMatchObject({ max_concurrent: 8, budget_usd: 12 });
    expect(m.roles).toEqual({ 'ops-team': { agent: 'command', command: ['./run.sh', '--quiet'] } });
    expect(m.pricing).toEqual({ 'claude-sonnet-4-5': { input_per_mtok: 3, output_per_mtok: 15 } });
    expect(m.task.map((t) => t.name)).toEqual(['first', 'second']);
    expect(m.task[0]!.prompt).toBe('[[task]]\nname = "not a task"\ndepends_on = ["nothing"]\n');
    expect(resolveAgent(m, m.task[0]!)).toBe('command');
    expect(m.task[1]!.prompt).toBe('Uses "quotes" and [brackets] = fine');
    expect(m.task[1]!.verify).toEqual([
      { run: 'test -f out.txt', timeout_min: 2 },
      { brain: 'Is out.txt correct?', timeout_min: 15 },
    ]);
  });

  it('a byte order mark and CRLF line endings change nothing but the newlines TOML keeps in strings', () => {
    const bytes = readFileSync(join(dir, 'windows.toml'));
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    const m = parse('windows.toml');
    expect(m.fleet.max_concurrent).toBe(1);
    // TOML keeps a multi-line string's newlines as written; the leading one is trimmed.
    expect(m.task).toEqual([
      { name: 'win', cwd: '.', prompt: 'Line one.\r\nLine two.\r\n', max_retries: 2, timeout_min: 10, depends_on: [], verify: [] },
    ]);
  });

  for (const file of files) {
    it(`${file} written back as TOML parses to the same manifest`, () => {
      const m = parse(file);
      const again = parseManifest(file, Buffer.from(stringify(m)));
      expect(again).toEqual({ ok: true, manifest: m, doc: expect.anything() });
    });
  }
});

describe('role labels', () => {
  it('a label that is a word of a table name, or short, is a label; one edit from a table name is a typo', () => {
    const roles = '[roles.code_review]\nagent = "demo"\n[roles.cli]\nagent = "demo"\n[roles.e2e_test]\nagent = "demo"\n';
    const tasks = (labels: string[]) => labels.map((r, i) => `[[task]]\nname = "t${i}"\ncwd = "."\nprompt = "x"\nrole = "${r}"\n`).join('');
    const labels = parseManifest('labels.toml', Buffer.from(roles + tasks(['review', 'ci', 'test', 'e2e'])));
    expect(labels.ok ? [] : labels.diagnostics.map((d) => d.message)).toEqual([]);
    const typos = parseManifest('typos.toml', Buffer.from(roles + tasks(['code_reveiw', 'clii', 'e2e_tset'])));
    expect(typos.ok ? [] : typos.diagnostics.map((d) => d.message)).toEqual([
      'no [roles.code_reveiw] table: did you mean "code_review"? (a role with no table is only a label)',
      'no [roles.clii] table: did you mean "cli"? (a role with no table is only a label)',
      'no [roles.e2e_tset] table: did you mean "e2e_test"? (a role with no table is only a label)',
    ]);
  });

  it('every label one typo from a table is refused, however many there are (an index, not a scan of every table per label)', () => {
    const roles = Array.from({ length: 30 }, (_, i) => `[roles.backend${i}]\nagent = "demo"\n`).join('');
    const task = (i: number, role: string) => `[[task]]\nname = "t${i}"\ncwd = "."\nprompt = "x"\nrole = "${role}"\n`;
    // 30 different typos, then the first one again: it is still reported.
    const labels = [...Array.from({ length: 30 }, (_, i) => `backedn${i}`), 'backedn0'];
    const parsed = parseManifest('typos.toml', Buffer.from(roles + labels.map((r, i) => task(i, r)).join('')));
    const problems = parsed.ok ? [] : parsed.diagnostics;
    expect(problems.map((d) => d.key)).toEqual(Array.from({ length: 31 }, (_, i) => `task[${i}].role`));
    expect(problems[0]!.message).toBe('no [roles.backedn0] table: did you mean "backend0"? (a role with no table is only a label)');
    expect(problems[17]!.message).toBe('no [roles.backedn17] table: did you mean "backend17"? (a role with no table is only a label)');
    expect(problems[30]!.message).toBe(problems[0]!.message);
  });

  it('a label named like an Object property (constructor, toString, __proto__) has no table: the fleet agent runs it', () => {
    const tasks = ['constructor', 'toString', '__proto__'].map((r, i) => `[[task]]\nname = "t${i}"\ncwd = "."\nprompt = "x"\nrole = "${r}"\n`).join('');
    const parsed = parseManifest('labels.toml', Buffer.from(`[fleet]\nagent = "codex"\n[roles.reviewer]\nagent = "demo"\n${tasks}`));
    if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
    const m = parsed.manifest;
    expect(m.task.map((t) => [roleOf(m, t.role), resolveAgent(m, t)])).toEqual([
      [undefined, 'codex'],
      [undefined, 'codex'],
      [undefined, 'codex'],
    ]);
    expect(roleOf(m, 'reviewer')?.agent).toBe('demo');
  });
});
