// capture(): the short commands overseer runs for itself (git status, git diff), as real child
// processes: output kept and bounded, failures and timeouts rejected, the git helpers on a real repo.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capture } from '../../src/runtime/process.js';
import { treeState } from '../../src/runtime/tree.js';
import { diffOf } from '../../src/verify/diff.js';
import { tempDir } from '../helpers/ledger.js';

const opts = { cwd: '/', env: process.env, timeoutMs: 5_000, maxChars: 1024 };

describe('capture', () => {
  it('returns stdout (not stderr); more than maxChars is an error, and the command is stopped', async () => {
    expect(await capture(['sh', '-c', 'echo out; echo err >&2'], opts)).toBe('out\n');
    expect(await capture(['sh', '-c', 'head -c 1024 /dev/zero | tr "\\0" x'], opts)).toBe('x'.repeat(1024));
    const started = Date.now();
    await expect(capture(['sh', '-c', 'head -c 5000 /dev/zero | tr "\\0" x; sleep 30'], opts)).rejects.toThrow('sh printed more than 1024 characters');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('with cut, returns the first maxChars and says the rest was cut, the command stopped', async () => {
    const started = Date.now();
    const out = await capture(['sh', '-c', 'head -c 5000 /dev/zero | tr "\\0" x; sleep 30'], { ...opts, cut: true });
    expect(out).toBe(`${'x'.repeat(1024)}\n[cut: longer than 1024 characters]\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects a non-zero exit, a missing program and a timeout (killing the command)', async () => {
    await expect(capture(['sh', '-c', 'exit 3'], opts)).rejects.toThrow('sh exited 3');
    await expect(capture(['no-such-program-5e1f'], opts)).rejects.toThrow(/cannot start no-such-program-5e1f: not found/);
    const started = Date.now();
    await expect(capture(['sleep', '30'], { ...opts, timeoutMs: 200 })).rejects.toThrow('sleep timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the git helpers', () => {
  const repo = () => {
    const dir = tempDir('overseer-git-');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    return { dir, git };
  };

  it('treeState fingerprints the tree and names HEAD; outside a repository, null and an empty diff', async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    expect(await treeState(dir)).toMatchObject({ head: null });
    git('add', '-A');
    git('commit', '-qm', 'start');
    const before = await treeState(dir);
    expect(before?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(before?.head).toBe(git('rev-parse', 'HEAD').trim());
    expect(await treeState(dir)).toEqual(before);
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    expect((await treeState(dir))?.hash).not.toBe(before?.hash);
    const outside = tempDir('overseer-nogit-');
    expect(await treeState(outside)).toBeNull();
    expect(await diffOf(outside)).toBe('');
  });

  it("diffOf shows the change since the task's base: commits, edits and new files, not ignored ones nor the state dir, and leaves the index alone", async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
    git('add', '-A');
    git('commit', '-qm', 'start');
    const base = git('rev-parse', 'HEAD').trim();
    // What an agent does: a commit, an edit left uncommitted, a new file, build output, and overseer's own state.
    writeFileSync(join(dir, 'feature.txt'), 'committed feature\n');
    git('add', 'feature.txt');
    git('commit', '-qm', 'feature');
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    writeFileSync(join(dir, 'new.txt'), 'brand new file\n');
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'out.js'), 'ignored build output\n');
    mkdirSync(join(dir, '.overseer', 'logs'), { recursive: true });
    writeFileSync(join(dir, '.overseer', 'logs', '1.log'), 'the agent log\n');
    const status = git('status', '--porcelain');

    const diff = await diffOf(dir, process.env, { base, stateDir: join(dir, '.overseer') });
    expect(diff).toContain('+committed feature');
    expect(diff).toContain('-one');
    expect(diff).toContain('+two');
    expect(diff).toContain('+brand new file');
    expect(diff).not.toContain('ignored build output');
    expect(diff).not.toContain('the agent log');
    // The repository's own index is as it was: the new file is still untracked, nothing staged.
    expect(git('status', '--porcelain')).toBe(status);
    expect(status).toContain('?? new.txt');

    // Without a base (or with one the clone no longer has): the change since HEAD, the commit not in it.
    for (const b of [null, 'f'.repeat(40)]) {
      const sinceHead = await diffOf(dir, process.env, { base: b, stateDir: join(dir, '.overseer') });
      expect(sinceHead).toContain('+brand new file');
      expect(sinceHead).not.toContain('committed feature');
    }
  });

  it('diffOf on a branch with no commit shows every file as new; a change longer than it reads is cut, its --stat whole', async () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'first.txt'), 'first file\n');
    expect(await diffOf(dir)).toContain('+first file');
    // 400 KB of new lines in one file, and a small file after it: the stat names both.
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(99).concat('\n').repeat(4_000));
    writeFileSync(join(dir, 'zz-small.txt'), 'small\n');
    const diff = await diffOf(dir);
    expect(diff).toMatch(/big\.txt +\| 4000 \+/);
    expect(diff).toMatch(/zz-small\.txt +\| +1 \+/);
    expect(diff).toMatch(/\[cut: longer than \d+ characters\]\n$/);
    expect(diff.length).toBeLessThan(300 * 1024);
  });
});
