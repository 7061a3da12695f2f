// A fake GitHub REST API on 127.0.0.1 for the action's end-to-end tests: it implements the endpoints
// the action uses (check runs, commit statuses, issue comments) with real state, records every call,
// and can be told to fail (5xx storms, 403, rate limits with retry-after, dropped connections).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | null;
  raw: string;
  authorization: string | undefined;
  /** The status answered; 0 when the connection was dropped instead (see `dropped`). */
  status: number;
  /** When the request had arrived whole (Date.now()). */
  at: number;
  /** The connection was destroyed instead of answered: before the API acted on it, or after. */
  dropped?: 'before' | 'after';
  /** The API acted, but the client had gone (killed) before the answer was sent. */
  unanswered?: boolean;
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

/**
 * Destroy the socket instead of answering: `before` the API acts (nothing happened), or `after` it
 * acted (the change is made but the client never hears of it: the ambiguous case of a reset).
 */
export interface Drop {
  drop: 'before' | 'after';
}

/** A fault's answer; `acted`: the API acts on the request first (a gateway error after the fact). */
export interface FaultAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as it is instead of `body` as JSON (a body cut short, a proxy's page). */
  raw?: string;
  acted?: boolean;
}

/** Answers instead of the API when it returns something: a fault. Consulted before every request. */
export type Fault = (call: Omit<Call, 'status'>) => FaultAnswer | Drop | undefined;

export interface FakeGitHub {
  url: string;
  calls: Call[];
  checkRuns: CheckRun[];
  statuses: Array<{ id: number; sha: string; state: string; context: string; description: string; target_url?: string }>;
  /** Comments as GitHub returns them; the action's own are by github-actions[bot]. */
  comments: Array<{ id: number; issue: number; body: string; user?: { login: string; type: string }; author_association?: string }>;
  faults: Fault[];
  /** Milliseconds every answer waits after the API acted, before it is sent (0). */
  latencyMs: number;
  close(): Promise<void>;
}

export async function fakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close'> = { calls: [], checkRuns: [], statuses: [], comments: [], faults: [], latencyMs: 0 };

  const route = (method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): { status: number; body: unknown } => {
    let m: RegExpMatchArray | null;
    // GitHub's check-run text limit, counted in UTF-8 bytes though its docs say characters.
    const summary = (body.output as { summary?: unknown } | undefined)?.summary;
    if (path.includes('/check-runs') && typeof summary === 'string' && Buffer.byteLength(summary) > 65535) {
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'CheckRun', code: 'custom', field: 'summary', message: 'summary exceeds a maximum bytesize of 65535' }] } };
    }
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
      const runs = state.checkRuns.filter(
        (r) => r.head_sha === m![1] && (!query.get('check_name') || r.name === query.get('check_name')) && (!query.get('status') || r.status === query.get('status')),
      );
      return { status: 200, body: { total_count: runs.length, check_runs: runs } };
    }
    if (method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/statuses\/([^/]+)$/))) {
      const s = { id: nextId++, sha: m[1]!, state: String(body.state), context: String(body.context), description: String(body.description ?? ''), target_url: body.target_url === undefined ? undefined : String(body.target_url) };
      state.statuses.push(s);
      return { status: 201, body: s };
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/statuses$/))) {
      // Newest first, as GitHub lists them.
      return { status: 200, body: state.statuses.filter((s) => s.sha === m![1]).reverse() };
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const all = state.comments.filter((c) => c.issue === Number(m![1]));
      const per = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      return { status: 200, body: all.slice((page - 1) * per, page * per) };
    }
    if (method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const c = { id: nextId++, issue: Number(m[1]), body: String(body.body), user: { login: 'github-actions[bot]', type: 'Bot' }, author_association: 'NONE' };
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
    // A client killed mid-request (the chaos scenario) resets the connection: nothing to answer.
    req.on('error', () => {});
    res.on('error', () => {});
    let gone = false;
    res.on('close', () => (gone = true));
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: Record<string, unknown> | null;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      const call = { method: req.method ?? '', path: url.pathname, query: url.searchParams, body, raw, authorization: req.headers.authorization, at: Date.now() };
      let answer: ReturnType<Fault>;
      for (const fault of state.faults) if ((answer = fault(call))) break;
      if (answer && 'drop' in answer) {
        if (answer.drop === 'after') route(call.method, call.path, call.query, body ?? {});
        state.calls.push({ ...call, status: 0, dropped: answer.drop });
        req.socket.destroy();
        return;
      }
      if (answer?.acted) route(call.method, call.path, call.query, body ?? {});
      const reply: FaultAnswer = answer ?? route(call.method, call.path, call.query, body ?? {});
      const recorded: Call = { ...call, status: reply.status };
      state.calls.push(recorded);
      const send = () => {
        if (gone) recorded.unanswered = true;
        else res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.raw ?? JSON.stringify(reply.body ?? {}));
      };
      if (state.latencyMs > 0) setTimeout(send, state.latencyMs);
      else send();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
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
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  } as FakeGitHub;
}

/** The first `n` requests answer `status`; the rest go through. */
export function failFirst(n: number, status: number, headers: Record<string, string> = {}): Fault {
  let left = n;
  return () => (left-- > 0 ? { status, headers, body: { message: `injected ${status}` } } : undefined);
}

/** The first `n` requests that `match` selects answer `status`. */
export function failMatching(n: number, status: number, match: (c: Omit<Call, 'status'>) => boolean, message = `injected ${status}`): Fault {
  let left = n;
  return (c) => (match(c) && left-- > 0 ? { status, body: { message } } : undefined);
}

/** The first `n` POSTs are done, then answered `status` (a 502 from a gateway after GitHub acted). */
export function failAfterActing(n: number, status: number): Fault {
  let left = n;
  return (call) => (call.method === 'POST' && left-- > 0 ? { status, acted: true, body: { message: `injected ${status} after acting` } } : undefined);
}

/** The first `n` requests (of those `match` selects) lose their connection, before or after the API acted. */
export function dropFirst(n: number, when: Drop['drop'] = 'before', match: (call: Omit<Call, 'status'>) => boolean = () => true): Fault {
  let left = n;
  return (call) => (match(call) && left-- > 0 ? { drop: when } : undefined);
}
