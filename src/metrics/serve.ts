// `overseer metrics serve`: GET /metrics answers from the ledger file as it is on disk at that
// moment. Anything else is 404; a missing or damaged ledger is a 503 that says why.

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
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the only route is GET /metrics\n');
      return;
    }
    exposeFile(stateDir, options.prefix).then(
      ({ text, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(text),
      (err: unknown) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UserError(`cannot listen on ${options.host}:${options.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`, EXIT.infrastructure)),
    );
    server.listen(options.port, options.host, () => resolve(server));
  });
}
