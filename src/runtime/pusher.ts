// Metrics pushed while a fleet runs (DESIGN §9): to the fleet's Pushgateway, every 15 s and at the end.

import type { Ledger } from '../ledger/ledger.js';
import type { RunSettings } from './supervisor.js';

/**
 * Push metrics to the fleet's Pushgateway every `everyMs` while running and once at the end (call
 * stop() once the run is over: that push marks the group finished). A failed push warns (once per
 * distinct problem) and never fails the run.
 */
export function startPusher(ledger: Ledger, settings: RunSettings, everyMs: number): { stop(): Promise<void>; cancel(): void } | undefined {
  const url = settings.metrics?.pushUrl ?? settings.loaded.manifest.fleet.pushgateway_url;
  if (!url) return undefined;
  let lastProblem = '';
  let inFlight: Promise<void> = Promise.resolve();
  /** A push is under way: a periodic one is skipped, not queued (a gateway that hangs would pile them up for the end to wait on). */
  let busy = false;
  /** `runActive` false only for the push at the end: the group the gateway keeps then says the run is over. */
  const once = (runActive: boolean) => {
    busy = true;
    inFlight = inFlight.then(async () => {
      try {
        const { push } = await import('../metrics/index.js');
        await push(ledger, { url, job: 'overseer', env: settings.env, prefix: settings.metrics?.prefix, runActive });
        lastProblem = '';
      } catch (err) {
        const problem = settings.redact((err as Error).message);
        if (problem !== lastProblem) settings.warn(`metrics push failed (the run goes on): ${problem}`);
        lastProblem = problem;
      } finally {
        busy = false;
      }
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    if (!busy) void once(true);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await once(false);
    },
    cancel: () => clearInterval(timer),
  };
}
