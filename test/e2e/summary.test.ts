// `overseer summary` after a real run: the Markdown and summary.json agree with the ledger, the
// task that needs a human carries its failure and next commands, and a planted secret is absent.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, STACK_FRAME } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';

const SECRET = 'planted-summary-secret-93f1';

describe('overseer summary', () => {
  it('writes the summary and summary.json of a run with a task that needs a human; no secret in either', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'tasks.toml'),
      `[fleet]\nagent = "demo"\n[[task]]\nname = "good"\ncwd = "."\nprompt = "fine"\n[[task.verify]]\nrun = "true"\n` +
        `[[task]]\nname = "bad"\ncwd = "."\nprompt = "x"\nmax_retries = 0\n[[task.verify]]\nrun = "echo \\"auth failed for $DEPLOY_TOKEN\\"; exit 1"\n`,
    );
    const state = join(dir, 'state');
    const env = { DEPLOY_TOKEN: SECRET };
    const r = cli(['--state-dir', state, 'run', join(dir, 'tasks.toml')], { env });
    expect(r.code).toBe(1);

    // --out creates the directory it names, and puts summary.json beside the file.
    const ok = cli(['--state-dir', state, 'summary', '--out', join(dir, 'report', 'summary.md')], { env });
    expect(ok.code, ok.stderr).toBe(0);
    const md = readFileSync(join(dir, 'report', 'summary.md'), 'utf8');
    expect(md).toMatch(/^## ❌ overseer: 1 of 2 tasks DONE/);
    expect(md).toContain('| <code>good</code> | ✅ DONE | 1 |');
    expect(md).toContain('| <code>bad</code> | 🙋 NEEDS_HUMAN (retries-exhausted) | 1 |');
    expect(md).toContain('auth failed for ***');
    // The commands to continue name the state directory it was made from: they work as copied.
    expect(md).toContain(`overseer --state-dir ${state} retry bad`);
    expect(md).not.toContain(SECRET);

    const json = JSON.parse(readFileSync(join(dir, 'report', 'summary.json'), 'utf8')) as { verdict: string; counts: Record<string, number>; tasks: Array<{ name: string; state: string; verdicts: unknown[] }> };
    expect(json.verdict).toBe('fail');
    expect(json.counts).toMatchObject({ DONE: 1, NEEDS_HUMAN: 1, PENDING: 0 });
    expect(json.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['good:DONE', 'bad:NEEDS_HUMAN']);
    expect(json.tasks[1]!.verdicts).toEqual([{ kind: 'run', verdict: 'FAIL' }]);
    expect(JSON.stringify(json)).not.toContain(SECRET);

    const printed = cli(['--state-dir', state, 'summary', '--json']);
    expect(JSON.parse(printed.stdout)).toEqual(json);

    // A path that cannot be written is a clear error, not a crash.
    const bad = cli(['--state-dir', state, 'summary', '--out', join(dir, 'tasks.toml', 'summary.md')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write .*summary\.md: /);
    expect(bad.stderr).not.toMatch(STACK_FRAME);

    // --out named summary.json would be overwritten by the summary.json beside it: refused.
    const clash = cli(['--state-dir', state, 'summary', '--out', join(dir, 'r1', 'summary.json')]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('is where summary.json goes beside the Markdown');
    expect(existsSync(join(dir, 'r1'))).toBe(false);
    // --json with --out writes the JSON there.
    const jsonOut = cli(['--state-dir', state, 'summary', '--json', '--out', join(dir, 'r2', 'out.json')]);
    expect(jsonOut.code, jsonOut.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r2', 'out.json'), 'utf8'))).toEqual(json);
  }, 30_000);

  it('--plan renders a dry run from a manifest without a ledger', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.toml'), '[[task]]\nname = "a"\ncwd = "."\nprompt = "p"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "p"\ndepends_on = ["a"]\n');
    const r = cli(['--state-dir', join(dir, 'none'), 'summary', '--plan', join(dir, 'tasks.toml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^## 🧪 overseer dry run: 2 tasks in 2 waves/);
    expect(existsSync(join(dir, 'none'))).toBe(false);

    // --out writes the Markdown alone and says so; --json is refused (a plan has no summary.json).
    const out = join(dir, 'r', 'plan.md');
    const written = cli(['--state-dir', join(dir, 'none'), 'summary', '--plan', join(dir, 'tasks.toml'), '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout.trim()).toBe(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toMatch(/^## 🧪 overseer dry run: 2 tasks in 2 waves/);
    expect(existsSync(join(dir, 'r', 'summary.json'))).toBe(false);
    const json = cli(['--state-dir', join(dir, 'none'), 'summary', '--plan', join(dir, 'tasks.toml'), '--json']);
    expect(json.code).toBe(2);
    expect(json.stdout).toBe('');
    expect(json.stderr).toContain(`a plan has none: for the plan as JSON run \`overseer plan ${join(dir, 'tasks.toml')} --json\``);
  });
});
