// Every manifest the docs show is one a user can copy: each ```toml block holding a [[task]] in the
// README and docs/ validates as it stands.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/load.js';

const root = join(import.meta.dirname, '..', '..');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const examples = pages.flatMap((page) => {
  const text = readFileSync(join(root, page), 'utf8');
  return [...text.matchAll(/```toml\n([\s\S]*?)```/g)]
    .filter((m) => m[1]!.includes('[[task]]'))
    .map((m) => ({ where: `${page}:${text.slice(0, m.index).split('\n').length + 1}`, toml: m[1]! }));
});

describe('manifests in the docs', () => {
  it('there are some to check (the README and the tasks.toml reference)', () => {
    expect(examples.map((e) => e.where.split(':')[0])).toEqual(expect.arrayContaining(['README.md', 'docs/tasks-toml.md']));
  });

  it.each(examples.map((e) => [e.where, e.toml]))('%s validates as written', (where, toml) => {
    const result = parseManifest(where, Buffer.from(toml));
    expect(result.ok ? [] : result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([]);
  });
});
