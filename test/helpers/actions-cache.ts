// A fake Actions cache service on 127.0.0.1, speaking the REST protocol @actions/cache uses when
// ACTIONS_CACHE_URL is set (its "v1" service; GitHub Enterprise Server's today): look an entry up
// by keys and version, reserve, upload in ranged chunks, commit, download. The real service is
// GitHub's and cannot run here; everything above the HTTP boundary (tar, the client's version hash
// of the path list, its retries) is the real library.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  chunks: Array<{ start: number; bytes: Buffer }>;
  committed: boolean;
}

export interface FakeCache {
  /** ACTIONS_CACHE_URL: the service's base, ending in a slash as the runner gives it. */
  readonly url: string;
  readonly entries: CacheEntry[];
  /** Every lookup: the keys and the version the client asked with. */
  readonly lookups: Array<{ keys: string[]; version: string }>;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

const archive = (e: CacheEntry) => Buffer.concat([...e.chunks].sort((a, b) => a.start - b.start).map((c) => c.bytes));

export async function fakeActionsCache(): Promise<FakeCache> {
  const entries: CacheEntry[] = [];
  const lookups: FakeCache['lookups'] = [];
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const json = (status: number, value?: unknown) => {
        res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
        res.end(value === undefined ? undefined : JSON.stringify(value));
      };
      const data = await body(req);
      const path = url.pathname;
      if (req.method === 'GET' && path === '/_apis/artifactcache/cache') {
        // The client encodes the joined keys, then its HTTP client encodes the URL again: decode twice.
        const keys = decodeURIComponent(url.searchParams.get('keys') ?? '').split(',');
        const version = url.searchParams.get('version') ?? '';
        lookups.push({ keys, version });
        const committed = entries.filter((e) => e.committed && e.version === version);
        // The primary key exactly, else the newest entry under each restore key in turn.
        const hit = committed.find((e) => e.key === keys[0]) ?? keys.slice(1).map((k) => committed.filter((e) => e.key.startsWith(k)).at(-1)).find(Boolean);
        return hit ? json(200, { cacheKey: hit.key, scope: 'refs/heads/main', archiveLocation: `${base}blob/${hit.id}` }) : json(204);
      }
      if (req.method === 'POST' && path === '/_apis/artifactcache/caches') {
        const { key, version } = JSON.parse(data.toString()) as { key: string; version: string };
        // Keys are immutable: a second reservation of one is refused, as GitHub does.
        if (entries.some((e) => e.key === key && e.version === version)) return json(409, { message: `Cache already exists: ${key}` });
        const entry: CacheEntry = { id: entries.length + 1, key, version, chunks: [], committed: false };
        entries.push(entry);
        return json(201, { cacheId: entry.id });
      }
      const one = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(path);
      const entry = one ? entries.find((e) => e.id === Number(one[1])) : undefined;
      if (one && !entry) return json(404, { message: 'no such cache' });
      if (req.method === 'PATCH' && entry) {
        const start = Number(/^bytes (\d+)-/.exec(req.headers['content-range'] ?? '')?.[1] ?? NaN);
        if (!Number.isInteger(start)) return json(400, { message: 'Content-Range required' });
        entry.chunks.push({ start, bytes: data });
        return json(204);
      }
      if (req.method === 'POST' && entry) {
        const { size } = JSON.parse(data.toString()) as { size: number };
        if (archive(entry).length !== size) return json(400, { message: `size ${size} does not match the upload` });
        entry.committed = true;
        return json(204);
      }
      const blob = /^\/blob\/(\d+)$/.exec(path);
      const stored = blob ? entries.find((e) => e.id === Number(blob[1]) && e.committed) : undefined;
      if (req.method === 'GET' && stored) {
        const bytes = archive(stored);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
        return res.end(bytes);
      }
      json(404, { message: `${req.method} ${path}: not part of the fake` });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    entries,
    lookups,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
