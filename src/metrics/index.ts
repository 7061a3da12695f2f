// Metrics from a ledger: what `metrics serve` answers per scrape (opening the file read-only, no
// lock: it sees the last persisted state and never disturbs a run), and what `metrics push` and a
// running supervisor (from its own open ledger) send to a Pushgateway.

import { Ledger } from '../ledger/ledger.js';
import { liveHolder } from '../ledger/lock.js';
import { buildRegistry, DEFAULT_PREFIX } from './registry.js';
import { pushMetrics, type PushTarget } from './push.js';

export interface Exposition {
  readonly text: string;
  readonly contentType: string;
}

/** The prefix a fleet asked for: the option, else what the last run recorded, else `overseer`. */
export function prefixOf(ledger: Ledger, option?: string): string {
  return option ?? ledger.meta('metrics_prefix') ?? DEFAULT_PREFIX;
}

/**
 * Is `overseer run` supervising this ledger now? Its lock says so for as long as its process lives:
 * after the run (or once a killed run's process is gone) the ledger is at rest. The supervisor's own
 * pushes say it themselves, as its last one goes out while it still holds the lock.
 */
export function runActive(ledger: Ledger): boolean {
  return liveHolder(ledger.paths.lock)?.role === 'supervisor';
}

export interface ExposeOptions {
  readonly prefix?: string;
  /** Default: what the ledger's lock says (runActive). */
  readonly runActive?: boolean;
}

export async function expose(ledger: Ledger, options: ExposeOptions = {}): Promise<Exposition> {
  const registry = buildRegistry(ledger.stats(), { prefix: prefixOf(ledger, options.prefix), runActive: options.runActive ?? runActive(ledger) });
  return { text: await registry.metrics(), contentType: registry.contentType };
}

export async function exposeFile(stateDir: string, prefix?: string): Promise<Exposition> {
  const ledger = await Ledger.open({ stateDir, mode: 'read' });
  try {
    return await expose(ledger, { prefix });
  } finally {
    ledger.close();
  }
}

/** The grouping of a push: the ledger's run id, and in GitHub Actions the repository and workflow. */
export function grouping(runId: string, env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    run_id: runId,
    ...(env.GITHUB_REPOSITORY && { repo: env.GITHUB_REPOSITORY }),
    ...(env.GITHUB_WORKFLOW && { workflow: env.GITHUB_WORKFLOW }),
  };
}

/** Push once. Returns what went where: the target, the prefix used and how many series. */
export async function push(
  ledger: Ledger,
  target: Omit<PushTarget, 'grouping'> & ExposeOptions & { env: NodeJS.ProcessEnv },
): Promise<{ target: PushTarget; prefix: string; series: number }> {
  const { text, contentType } = await expose(ledger, target);
  const sent = { url: target.url, job: target.job, grouping: grouping(ledger.runId, target.env) };
  await pushMetrics(sent, text, contentType);
  return { target: sent, prefix: prefixOf(ledger, target.prefix), series: text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length };
}
