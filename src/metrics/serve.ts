// `overseer metrics serve`: GET /metrics answers from the ledger file as it is on disk at that
// moment (HEAD too, without the body: HTTP asks it wherever GET works, and some probes use it).
// Another method there is 405; any other path 404; a missing or damaged ledger is a 503 that says why.

import { createServer, type Server } from 'node:http';
import { EXIT, InputError, UserError } from '../core/errors.js';
import { exposeFile } from './index.js';

export function parseBind(bind: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(bind);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--bind ${bind}: expected HOST:PORT, e.g. 127.0.0.1:9464`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export function serveMetrics(stateDir: string, options: { host: string; port: number; prefix?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the only route is GET /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('method not allowed: GET /metrics\n');
      return;
    }
    const body = (text: string) => (req.method === 'HEAD' ? undefined : text);
    exposeFile(stateDir, options.prefix).then(
      ({ text, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(body(text)),
      (err: unknown) => res.writeHead(503, { 'content-type': 'text/plain' }).end(body(`${(err as Error).message}\n`)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UserError(`cannot listen on ${options.host}:${options.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`, EXIT.infrastructure)),
    );
    server.listen(options.port, options.host, () => resolve(server));
  });
}
