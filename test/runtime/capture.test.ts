// capture(): the short commands overseer runs for itself (git status, git diff), as real child
// processes: output kept and bounded, failures and timeouts rejected, the git helpers on a real repo.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capture } from '../../src/runtime/process.js';
import { treeHash } from '../../src/runtime/tree.js';
import { diffOf } from '../../src/verify/index.js';
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

  it('rejects a non-zero exit, a missing program and a timeout (killing the command)', async () => {
    await expect(capture(['sh', '-c', 'exit 3'], opts)).rejects.toThrow('sh exited 3');
    await expect(capture(['no-such-program-5e1f'], opts)).rejects.toThrow(/cannot start no-such-program-5e1f: not found/);
    const started = Date.now();
    await expect(capture(['sleep', '30'], { ...opts, timeoutMs: 200 })).rejects.toThrow('sleep timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the git helpers', () => {
  it('treeHash changes when the working tree does, diffOf shows the change; outside a repository, null and empty', async () => {
    const dir = tempDir('overseer-git-');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'ignore' });
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'start');
    const before = await treeHash(dir);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await treeHash(dir)).toBe(before);
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    expect(await treeHash(dir)).not.toBe(before);
    const diff = await diffOf(dir);
    expect(diff).toContain('-one');
    expect(diff).toContain('+two');
    const outside = tempDir('overseer-nogit-');
    expect(await treeHash(outside)).toBeNull();
    expect(await diffOf(outside)).toBe('');
  });
});
