// Loading a manifest from disk: every key, the defaults, prompt_file, and file-level errors.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brainEndpoint, DEFAULTS, resolveAgent, verifierOf } from '../../src/core/manifest.js';
import { diagnosticsAt, loadManifest, ManifestError } from '../../src/manifest/load.js';
import { tempDir } from '../helpers/ledger.js';

const valid = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'valid');


/** What loadManifest throws for a manifest it refuses. */
function loadError(file: string): ManifestError {
  try {
    loadManifest(file);
  } catch (e) {
    return e as ManifestError;
  }
  throw new Error(`${file} loaded`);
}

describe('loadManifest', () => {
  it('reads every key of the format, with prompt_file read in', () => {
    const loaded = loadManifest(join(valid, 'full.toml'));
    const m = loaded.manifest;
    expect(loaded.dir).toBe(valid);
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
    expect(m.roles.scripted).toEqual({ agent: 'command', command: ['./agent.sh', '--fast'] });
    expect(m.pricing['gpt-5-codex']).toEqual({ input_per_mtok: 1.25, output_per_mtok: 10 });
    expect(loaded.prompts).toEqual(['Write the migration for the users table.\n', 'Backfill the new column.', 'Summarise.']);
    expect(m.task[0]!.verify.map(verifierOf)).toEqual([
      { kind: 'run', command: 'npm test --silent', timeoutMin: 3 },
      { kind: 'brain', question: 'Is the migration reversible?', model: 'llama3.1', budgetUsd: 0.5, timeoutMin: 15 },
      { kind: 'agent', prompt: 'Review the migration. Answer PASS or FAIL.', model: undefined, budgetUsd: undefined, timeoutMin: 15 },
    ]);
    expect(m.task.map((t) => resolveAgent(m, t))).toEqual(['claude', 'command', 'demo']);
  });

  it('applies the defaults: max_retries 2, timeout_min 45, verifier timeout 15, max_concurrent 4, agent claude', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.toml'), '[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n[[task.verify]]\nrun = "true"\n');
    const { manifest } = loadManifest(join(dir, 'tasks.toml'));
    expect(manifest.task[0]).toMatchObject({ max_retries: 2, timeout_min: 45, depends_on: [] });
    expect(manifest.task[0]!.verify[0]!.timeout_min).toBe(15);
    expect(manifest.fleet).toEqual({ max_concurrent: 4, metrics_prefix: 'overseer', idle_timeout_min: 10, result_grace_sec: 30 });
    expect(resolveAgent(manifest, manifest.task[0]!)).toBe(DEFAULTS.agent);
  });

  it('a missing or empty prompt_file is an error at the key', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'empty.md'), '  \n');
    writeFileSync(
      join(dir, 'tasks.toml'),
      '[[task]]\nname = "a"\ncwd = "."\nprompt_file = "p/none.md"\n\n[[task]]\nname = "b"\ncwd = "."\nprompt_file = "p/empty.md"\n',
    );
    const err = loadError(join(dir, 'tasks.toml'));
    expect(err).toBeInstanceOf(ManifestError);
    expect(err.diagnostics.map((d) => [d.line, d.col, d.message])).toEqual([
      [4, 15, 'prompt_file "p/none.md": no such file'],
      [9, 15, 'prompt_file "p/empty.md": the file is empty'],
    ]);
  });

  it('reports a missing prompt file with the schema\'s problems, all at once and in file order', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.toml'), '[[task]]\nname = "a"\ncwd = "."\nprompt_file = "none.md"\n\n[[task]]\nname = "b"\ncwd = "."\nprompt = "x"\nmax_retrys = 2\n');
    const err = loadError(join(dir, 'tasks.toml'));
    expect(err).toBeInstanceOf(ManifestError);
    expect(err.diagnostics.map((d) => [d.line, d.col, d.message.split(' (')[0]])).toEqual([
      [4, 15, 'prompt_file "none.md": no such file'],
      [10, 1, expect.stringContaining('unknown key "max_retrys"')],
    ]);
  });

  it('an empty prompt_file is the schema\'s one problem; a directory given as one says so', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'prompts'));
    writeFileSync(join(dir, 'tasks.toml'), '[[task]]\nname = "a"\ncwd = "."\nprompt_file = ""\n\n[[task]]\nname = "b"\ncwd = "."\nprompt_file = "prompts"\n');
    const err = loadError(join(dir, 'tasks.toml'));
    expect(err.diagnostics.map((d) => [d.line, d.message.split(' (key')[0]])).toEqual([
      [4, expect.stringContaining('empty')],
      [9, 'prompt_file "prompts": is a directory, not a file'],
    ]);
  });

  it('a prompt_file must be a regular file of UTF-8 text, at most 1 MiB: a device, a pipe, a huge or a Latin-1 file is named', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    writeFileSync(join(dir, 'big.md'), 'x'.repeat(1024 * 1024 + 1));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('line one\ncaf\xe9\n', 'latin1'));
    writeFileSync(join(dir, 'bom.md'), '\uFEFFhello');
    const task = (name: string, file: string) => `[[task]]\nname = "${name}"\ncwd = "."\nprompt_file = "${file}"\n\n`;
    writeFileSync(join(dir, 'tasks.toml'), task('a', '/dev/zero') + task('b', 'pipe') + task('c', 'big.md') + task('d', 'latin1.md') + task('e', 'bom.md'));
    // A FIFO with no writer would hang the open, and /dev/zero never ends: both are refused unread.
    const err = loadError(join(dir, 'tasks.toml'));
    expect(err.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [4, 'prompt_file "/dev/zero": is not a regular file (a device, a pipe or a socket)'],
      [9, 'prompt_file "pipe": is not a regular file (a device, a pipe or a socket)'],
      [14, 'prompt_file "big.md": is larger than 1048576 bytes (1 MiB), the most a prompt file may be'],
      [19, 'prompt_file "latin1.md": not a text file: byte 0xE9 is not valid UTF-8 at line 2, column 4 (a prompt file must be UTF-8 text)'],
    ]);
  });

  it('a manifest read from a device is bounded: /dev/zero is too large, not a hang', () => {
    const err = loadError('/dev/zero');
    expect(err.diagnostics.map((d) => d.message)).toEqual([`file is more than ${1024 * 1024} bytes; a manifest may be at most ${1024 * 1024} bytes (1 MiB)`]);
  });

  it('a long dependency cycle is named on one short line: its first and last names', () => {
    const dir = tempDir();
    const n = 500;
    writeFileSync(join(dir, 'tasks.toml'), Array.from({ length: n }, (_, i) => `[[task]]\nname = "t${i}"\ncwd = "."\nprompt = "p"\ndepends_on = ["t${(i + 1) % n}"]\n`).join('\n'));
    const messages = loadError(join(dir, 'tasks.toml')).diagnostics.map((d) => d.message);
    expect(messages).toEqual([`dependency cycle: t0 -> t1 -> t2 -> t3 -> t4 -> t5 -> ... (${n - 9} more) -> t497 -> t498 -> t499 -> t0`]);
  });

  it('only the first 20 unknown dependencies get a "did you mean": each reads every name', () => {
    const dir = tempDir();
    const tasks = Array.from({ length: 30 }, (_, i) => `[[task]]\nname = "task${i}"\ncwd = "."\nprompt = "p"\ndepends_on = ["tsk${i}"]\n`);
    writeFileSync(join(dir, 'tasks.toml'), tasks.join('\n'));
    const messages = loadError(join(dir, 'tasks.toml')).diagnostics.map((d) => d.message);
    expect(messages).toHaveLength(30);
    expect(messages[0]).toContain('depends on unknown task "tsk0" (did you mean "task0"?)');
    expect(messages.filter((m) => m.includes('did you mean'))).toHaveLength(20);
  });

  it('a problem at a key of the loaded manifest is placed where the file writes it, past a skipped empty verifier or a repeated dependency', () => {
    const dir = tempDir();
    const file = join(dir, 'tasks.toml');
    writeFileSync(file, '[[task]]\nname = "b"\ncwd = "."\nprompt = "p"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "p"\ndepends_on = ["b", "b", "c"]\n[[task.verify]]\n[[task.verify]]\nrun = "true"\n[[task]]\nname = "c"\ncwd = "."\nprompt = "p"\n');
    const loaded = loadManifest(file);
    expect(loaded.manifest.task[1]!.depends_on).toEqual(['b', 'c']);
    expect(loaded.manifest.task[1]!.verify).toHaveLength(1);
    const at = diagnosticsAt(loaded);
    expect(at(['task', 1, 'depends_on', 1], 'value', 'm')).toEqual({ file, line: 9, col: 25, message: 'm', key: 'task[1].depends_on[2]' });
    expect(at(['task', 1, 'verify', 0, 'run'], 'key', 'm')).toEqual({ file, line: 12, col: 1, message: 'm', key: 'task[1].verify[1].run' });
    expect(at(['task', 2, 'name'], 'value', 'm')).toMatchObject({ line: 14, col: 8, key: 'task[2].name' });
  });

  it('a prompt_file whose name holds a newline is named on one line, quoted as JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.toml'), '[[task]]\nname = "a"\ncwd = "."\nprompt_file = "[[task]]\\n"\n');
    const err = loadError(join(dir, 'tasks.toml'));
    expect(err.diagnostics.map((d) => [d.line, d.message])).toEqual([[4, 'prompt_file "[[task]]\\n": no such file']]);
  });
});


describe('brainEndpoint', () => {
  it('takes OVERSEER_BRAIN_URL and OVERSEER_BRAIN_MODEL over [brain], and an empty one (a workflow variable not set) as unset', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.toml'), '[brain]\nurl = "http://judge.example/v1"\nmodel = "judge-model"\napi_key_env = "JUDGE_KEY"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    const { manifest } = loadManifest(join(dir, 'tasks.toml'));
    expect(brainEndpoint(manifest, { JUDGE_KEY: 'k' })).toEqual({ url: 'http://judge.example/v1', model: 'judge-model', apiKey: 'k' });
    expect(brainEndpoint(manifest, { OVERSEER_BRAIN_URL: 'http://other/v1', OVERSEER_BRAIN_MODEL: 'other' })).toMatchObject({ url: 'http://other/v1', model: 'other' });
    expect(brainEndpoint(manifest, { OVERSEER_BRAIN_URL: '', OVERSEER_BRAIN_MODEL: '' })).toMatchObject({ url: 'http://judge.example/v1', model: 'judge-model' });
  });
});
