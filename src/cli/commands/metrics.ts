// `overseer metrics serve` and `overseer metrics push`.

import { existsSync } from 'node:fs';
import { Ledger, ledgerPaths } from '../../ledger/ledger.js';
import { push } from '../../metrics/index.js';
import { shownUrl } from '../../core/redact.js';
import { pushUrl } from '../../metrics/push.js';
import { parseBind, serveMetrics } from '../../metrics/serve.js';

export async function serveCommand(stateDir: string, options: { bind: string; metricsPrefix?: string }): Promise<number> {
  const { host, port } = parseBind(options.bind);
  const server = await serveMetrics(stateDir, { host, port, prefix: options.metricsPrefix });
  const address = server.address();
  const shown = typeof address === 'object' && address ? `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}` : options.bind;
  console.log(`serving http://${shown}/metrics from ${ledgerPaths(stateDir).db} (Ctrl-C to stop)`);
  if (!existsSync(ledgerPaths(stateDir).db)) console.log('no ledger there yet: scrapes answer 503 until a run creates it');
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export async function pushCommand(stateDir: string, options: { url: string; job: string; metricsPrefix?: string; json?: boolean }): Promise<number> {
  const ledger = await Ledger.open({ stateDir, mode: 'read' });
  try {
    const { target, prefix, series } = await push(ledger, { url: options.url, job: options.job, env: process.env, prefix: options.metricsPrefix });
    // Without its query: an auth proxy's key may be in it.
    const url = shownUrl(pushUrl(target));
    if (options.json) console.log(JSON.stringify({ url, job: target.job, grouping: target.grouping, prefix, series }));
    else console.log(`pushed ${series} series to ${url}`);
    return 0;
  } finally {
    ledger.close();
  }
}
