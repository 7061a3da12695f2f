// capture(): the short commands overseer runs for itself (git status, git diff), as real child
// processes: output kept and bounded, failures and timeouts rejected, the git helpers on a real repo.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capture } from '../../src/runtime/process.js';
import { headCommit, treeHash } from '../../src/runtime/tree.js';
import { diffOf, recordUntracked } from '../../src/verify/diff.js';
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

  it('treeHash fingerprints the tree, headCommit names HEAD; outside a repository, null and an empty diff', async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    // Before a first commit: the empty tree, so what the agent then commits is its change.
    expect(await headCommit(dir)).toBe(git('hash-object', '-t', 'tree', '/dev/null').trim());
    git('add', '-A');
    git('commit', '-qm', 'start');
    expect(await headCommit(dir)).toBe(git('rev-parse', 'HEAD').trim());
    const before = await treeHash(dir);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await treeHash(dir)).toBe(before);
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    expect(await treeHash(dir)).not.toBe(before);
    const outside = tempDir('overseer-nogit-');
    expect(await treeHash(outside)).toBeNull();
    expect(await headCommit(outside)).toBeNull();
    expect(await diffOf(outside)).toBe('');
  });

  it("diffOf shows the change since the task's base: commits and edits first, then the files written since it began; not ignored ones, not the state dir; nothing written into the repository", async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
    git('add', '-A');
    git('commit', '-qm', 'start');
    const base = git('rev-parse', 'HEAD').trim();
    // In the checkout before the task began: an untracked credentials file, and an old note.
    writeFileSync(join(dir, '.env'), 'STRIPE_SECRET_KEY=sk_live_51HxPlanted\n');
    writeFileSync(join(dir, 'old-notes.txt'), 'written before the task\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, '.env'), past, past);
    utimesSync(join(dir, 'old-notes.txt'), past, past);
    const since = Date.now() - 5_000;
    // What the agent does: a commit, an edit left uncommitted, new files, build output, and overseer's own state.
    writeFileSync(join(dir, 'feature.txt'), 'committed feature\n');
    git('add', 'feature.txt');
    git('commit', '-qm', 'feature');
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    writeFileSync(join(dir, 'zz-new.txt'), 'brand new file\n');
    writeFileSync(join(dir, 'deploy.pem'), '-----BEGIN PRIVATE KEY-----\nplanted\n');
    writeFileSync(join(dir, 'big.bin'), Buffer.alloc(300 * 1024, 1));
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'out.js'), 'ignored build output\n');
    mkdirSync(join(dir, '.overseer', 'logs'), { recursive: true });
    writeFileSync(join(dir, '.overseer', 'logs', '1.log'), 'the agent log\n');
    const status = git('status', '--porcelain');
    const objects = () => Number(/^count: (\d+)$/m.exec(git('count-objects', '-v'))![1]);
    const before = objects();

    const diff = await diffOf(dir, process.env, { base, since, stateDir: join(dir, '.overseer') });
    expect(diff).toContain('+committed feature');
    expect(diff).toContain('-one');
    expect(diff).toContain('+two');
    expect(diff).toContain('+brand new file');
    // The tracked change comes first, whatever the new files' names.
    expect(diff.indexOf('+two')).toBeLessThan(diff.indexOf('+brand new file'));
    expect(diff).not.toContain('ignored build output');
    expect(diff).not.toContain('the agent log');
    // What was there before the task is not its change; what may hold credentials is named, not shown.
    expect(diff).not.toContain('sk_live_51HxPlanted');
    expect(diff).not.toContain('old-notes');
    expect(diff).toContain('not shown, as they may hold credentials: deploy.pem');
    expect(diff).not.toContain('planted');
    expect(diff).toContain('not shown, over 256 KiB: big.bin (300 KiB)');
    // The repository is as it was: the new files still untracked, nothing staged, none of their
    // contents written as objects (only the empty blob `git add -N` records, once).
    expect(git('status', '--porcelain')).toBe(status);
    expect(objects() - before).toBeLessThanOrEqual(1);

    // Without a base (or with one the clone no longer has): the change since HEAD, the commit not in it.
    for (const b of [null, 'f'.repeat(40)]) {
      const sinceHead = await diffOf(dir, process.env, { base: b, since, stateDir: join(dir, '.overseer') });
      expect(sinceHead).toContain('+brand new file');
      expect(sinceHead).not.toContain('committed feature');
    }
  });

  it('diffOf names and never shows what may hold credentials, tracked or new; an overview of every name comes first', async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, '.env'), 'API_KEY=\n');
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    git('add', '-A');
    git('commit', '-qm', 'start');
    const base = git('rev-parse', 'HEAD').trim();
    const since = Date.now() - 5_000;
    // A CI step fills in the tracked template; an untracked key file was there; the agent commits everything.
    writeFileSync(join(dir, '.env'), 'API_KEY=REALSECRET-1\n');
    writeFileSync(join(dir, 'service-account.json'), '{"private_key":"REALSECRET-2"}\n');
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    git('add', '-A');
    git('commit', '-qm', 'agent');
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'db.yaml'), 'password: REALSECRET-3\n');
    writeFileSync(join(dir, 'feature.ts'), 'export const feature = 1;\n');
    const diff = await diffOf(dir, process.env, { base, since });
    expect(diff).not.toMatch(/REALSECRET/);
    expect(diff).toContain('[changed, not shown, as they may hold credentials: .env, service-account.json]');
    expect(diff).toContain('not shown, as they may hold credentials: secrets/db.yaml');
    expect(diff).toContain('+two');
    expect(diff).toContain('+export const feature = 1;');
    // Every name before any patch: the prompt keeps a long diff's head.
    expect(diff.indexOf('feature.ts')).toBeLessThan(diff.indexOf('diff --git'));
  });

  it('diffOf in a sparse checkout, with split index on, a new link and a clone inside the tree: all named, nothing written to .git', async () => {
    const { dir, git } = repo();
    mkdirSync(join(dir, 'in'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'in', 'a.txt'), 'a\n');
    writeFileSync(join(dir, 'out', 'b.txt'), 'b\n');
    git('add', '-A');
    git('commit', '-qm', 'start');
    git('config', 'core.splitIndex', 'true');
    git('sparse-checkout', 'set', 'in');
    const since = Date.now() - 5_000;
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'in', 'new-in.txt'), 'inside the cone\n');
    writeFileSync(join(dir, 'out', 'new-out.txt'), 'outside the cone\n');
    symlinkSync('/etc/hostname', join(dir, 'in', 'link'));
    mkdirSync(join(dir, 'vendor', 'lib'), { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: join(dir, 'vendor', 'lib') });
    const files = () => readdirSync(join(dir, '.git')).sort().join(' ');
    const before = files();
    const diff = await diffOf(dir, process.env, { since });
    expect(diff).toContain('+inside the cone');
    expect(diff).toContain('+outside the cone');
    expect(diff).toContain('+/etc/hostname');
    expect(diff).toContain('not shown, repositories of their own: vendor/lib/');
    expect(files()).toBe(before);
  });

  it('with the untracked files kept before the task, no file that was there is shown, whatever its time, name or path now', async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, '.gitignore'), 'ignored.yaml\n');
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    git('add', '-A');
    git('commit', '-qm', 'start');
    const base = git('rev-parse', 'HEAD').trim();
    const past = new Date(Date.now() - 3_600_000);
    for (const [name, text] of [
      ['config.local.yaml', 'password: PLANTED-1\n'],
      ['moved.yaml', 'password: PLANTED-2\n'],
      ['committed.yaml', 'password: PLANTED-3\n'],
      ['ignored.yaml', 'password: PLANTED-4\n'],
    ]) {
      writeFileSync(join(dir, name!), text!);
      utimesSync(join(dir, name!), past, past);
    }
    const list = join(tempDir('overseer-list-'), 'logs', 'a', 'untracked-at-start');
    await recordUntracked(dir, process.env, list);
    const since = Date.now() - 5_000;
    // What an agent does to them: git stash -u and pop renews a time; mv keeps it; git add -A commits
    // one; a new .gitignore shows the ignored one. And it writes a file of its own.
    utimesSync(join(dir, 'config.local.yaml'), new Date(), new Date());
    mkdirSync(join(dir, 'config'));
    renameSync(join(dir, 'moved.yaml'), join(dir, 'config', 'moved.yaml'));
    git('add', 'committed.yaml');
    git('commit', '-qm', 'agent');
    writeFileSync(join(dir, '.gitignore'), '');
    writeFileSync(join(dir, 'feature.ts'), 'export const feature = 2;\n');
    // Kept once: a later attempt does not take the list again.
    await recordUntracked(dir, process.env, list);
    const diff = await diffOf(dir, process.env, { base, since, untrackedAtStart: list });
    expect(diff).not.toMatch(/PLANTED/);
    expect(diff).toContain('untracked before the task began and changed since: config.local.yaml');
    expect(diff).toContain('added, not shown, as they were untracked before the task began: committed.yaml');
    expect(diff).toMatch(/older than the task though not untracked when it began .*: config\/moved\.yaml, ignored\.yaml/);
    expect(diff).toContain('+export const feature = 2;');

    // A list cut short (a crash mid-write) is not trusted: times decide, and the renewed file is shown.
    const torn = join(tempDir('overseer-list-'), 'torn');
    writeFileSync(torn, readFileSync(list, 'utf8').slice(0, 20));
    expect(await diffOf(dir, process.env, { base, since, untrackedAtStart: torn })).toContain('PLANTED-1');
  });

  it("diffOf leaves out overseer's own files when the state dir is the top of the work tree (--state-dir .)", async () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    git('add', '-A');
    git('commit', '-qm', 'start');
    mkdirSync(join(dir, 'logs', 'a'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'a', '1.log'), 'the agent log\n');
    writeFileSync(join(dir, 'coord.db.journal'), 'ledger journal bytes\n');
    writeFileSync(join(dir, 'work.txt'), 'the work\n');
    const diff = await diffOf(dir, process.env, { stateDir: dir });
    expect(diff).toContain('+the work');
    expect(diff).not.toContain('the agent log');
    expect(diff).not.toContain('ledger journal bytes');
  });

  it('diffOf on a branch with no commit shows every file as new; a change longer than it reads is cut, its --stat whole', async () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'first.txt'), 'first file\n');
    expect(await diffOf(dir)).toContain('+first file');
    // 200 KB of new lines in each of two files, and a small file after them: the stat names all three.
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(99).concat('\n').repeat(2_000));
    writeFileSync(join(dir, 'big2.txt'), 'y'.repeat(99).concat('\n').repeat(2_000));
    writeFileSync(join(dir, 'zz-small.txt'), 'small\n');
    const diff = await diffOf(dir);
    expect(diff).toMatch(/big\.txt +\| 2000 \+/);
    expect(diff).toMatch(/zz-small\.txt +\| +1 \+/);
    expect(diff).toMatch(/\[cut: longer than \d+ characters\]\n$/);
    expect(diff.length).toBeLessThan(300 * 1024);
  });
});
