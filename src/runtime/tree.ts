// A fingerprint of a working tree: git HEAD plus `git status --porcelain`. Recorded when an attempt
// begins; a resumed attempt is warned when it changed. null outside a git repository.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

export function treeHash(cwd: string): string | null {
  try {
    const opts = { cwd, encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'], timeout: 10_000 };
    const head = execFileSync('git', ['rev-parse', 'HEAD'], opts);
    const status = execFileSync('git', ['status', '--porcelain'], opts);
    return createHash('sha256').update(head).update(status).digest('hex');
  } catch {
    return null;
  }
}
