// A fake GitHub REST API on 127.0.0.1 for the action's end-to-end tests: it implements the endpoints
// the action uses (check runs, commit statuses, issue comments) with real state, records every call,
// and can be told to fail (5xx storms, 403, rate limits with retry-after).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | null;
  raw: string;
  authorization: string | undefined;
  status: number;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string } | null;
  history: string[];
}

/** Answers instead of the API when it returns something: a fault. Consulted before every request. */
export type Fault = (call: Omit<Call, 'status'>) => { status: number; headers?: Record<string, string>; body?: unknown } | undefined;

export interface FakeGitHub {
  url: string;
  calls: Call[];
  checkRuns: CheckRun[];
  statuses: Array<{ id: number; sha: string; state: string; context: string; description: string }>;
  comments: Array<{ id: number; issue: number; body: string }>;
  faults: Fault[];
  close(): Promise<void>;
}

export async function fakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close'> = { calls: [], checkRuns: [], statuses: [], comments: [], faults: [] };

  const route = (method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): { status: number; body: unknown } => {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(path)) {
      const run: CheckRun = {
        id: nextId++,
        name: String(body.name),
        head_sha: String(body.head_sha),
        external_id: (body.external_id as string) ?? null,
        status: String(body.status ?? 'queued'),
        conclusion: (body.conclusion as string) ?? null,
        output: (body.output as CheckRun['output']) ?? null,
        history: [String(body.status ?? 'queued')],
      };
      state.checkRuns.push(run);
      return { status: 201, body: run };
    }
    if (method === 'PATCH' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/))) {
      const run = state.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return { status: 404, body: { message: 'Not Found' } };
      if (body.status) run.status = String(body.status);
      if (body.conclusion) {
        run.conclusion = String(body.conclusion);
        run.status = 'completed';
      }
      if (body.output) run.output = body.output as CheckRun['output'];
      run.history.push(run.status + (run.conclusion && run.status === 'completed' ? `:${run.conclusion}` : ''));
      return { status: 200, body: run };
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/check-runs$/))) {
      const runs = state.checkRuns.filter((r) => r.head_sha === m![1] && (!query.get('check_name') || r.name === query.get('check_name')));
      return { status: 200, body: { total_count: runs.length, check_runs: runs } };
    }
    if (method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/statuses\/([^/]+)$/))) {
      const s = { id: nextId++, sha: m[1]!, state: String(body.state), context: String(body.context), description: String(body.description ?? '') };
      state.statuses.push(s);
      return { status: 201, body: s };
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const all = state.comments.filter((c) => c.issue === Number(m![1]));
      const per = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      return { status: 200, body: all.slice((page - 1) * per, page * per) };
    }
    if (method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const c = { id: nextId++, issue: Number(m[1]), body: String(body.body) };
      state.comments.push(c);
      return { status: 201, body: c };
    }
    if (method === 'PATCH' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const c = state.comments.find((x) => x.id === Number(m![1]));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      c.body = String(body.body);
      return { status: 200, body: c };
    }
    return { status: 404, body: { message: `fake GitHub: no route for ${method} ${path}` } };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: Record<string, unknown> | null;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      const call = { method: req.method ?? '', path: url.pathname, query: url.searchParams, body, raw, authorization: req.headers.authorization };
      let answer: { status: number; headers?: Record<string, string>; body?: unknown } | undefined;
      for (const fault of state.faults) if ((answer = fault(call))) break;
      answer ??= route(call.method, call.path, call.query, body ?? {});
      state.calls.push({ ...call, status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    get calls() {
      return state.calls;
    },
    get faults() {
      return state.faults;
    },
    set faults(f: Fault[]) {
      state.faults = f;
    },
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  } as FakeGitHub;
}

/** The first `n` requests answer `status`; the rest go through. */
export function failFirst(n: number, status: number, headers: Record<string, string> = {}): Fault {
  let left = n;
  return () => (left-- > 0 ? { status, headers, body: { message: `injected ${status}` } } : undefined);
}
