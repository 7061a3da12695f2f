// What a run checks on this machine before it opens the ledger: problems that depend on the
// environment or the run's options, so `validate` cannot see them, and that would otherwise surface
// only after agents had run and been paid for. `run` stops on them (exit 2); `run --dry-run` and
// `doctor` list them.

import { brainEndpoint, brainKeyEnv, brainUrlProblem, type PathSegment } from '../core/manifest.js';
import { usd } from '../core/format.js';
import type { Diagnostic } from '../manifest/diagnostic.js';
import { diagnosticsAt, missingCwds, secretsInManifest, type LoadedManifest } from '../manifest/load.js';
import { refusableCredentials } from './env.js';

export interface PreflightOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The run's cap: `--budget-usd`, else [fleet] budget_usd. */
  readonly budgetUsd: number | undefined;
  /** Tasks the ledger has already ended (DONE, NEEDS_HUMAN, CANCELLED): this run will not start them. */
  readonly ended?: ReadonlySet<string>;
}

export function preflight(loaded: LoadedManifest, options: PreflightOptions): Diagnostic[] {
  const credentials = refusableCredentials(options.env, [brainKeyEnv(loaded.manifest)]);
  const toRun = (name: string) => !options.ended?.has(name);
  return [...secretsInManifest(loaded, credentials), ...missingCwds(loaded), ...overRunBudget(loaded, options.budgetUsd, toRun), ...judgesUnusable(loaded, options.env, toRun)].sort(
    (a, b) => a.line - b.line || a.col - b.col,
  );
}

/** A task whose own budget is more than the whole run's: the run reserves it at dispatch, so it could never start. */
function overRunBudget(loaded: LoadedManifest, runBudget: number | undefined, toRun: (task: string) => boolean): Diagnostic[] {
  if (runBudget === undefined) return [];
  const at = diagnosticsAt(loaded);
  return loaded.manifest.task.flatMap((t, i) => {
    if (t.budget_usd === undefined || t.budget_usd <= runBudget || !toRun(t.name)) return [];
    const message = `budget_usd ${usd(t.budget_usd)} is more than the run's budget (${usd(runBudget)}): the task could never start (raise --budget-usd or [fleet] budget_usd, or lower this)`;
    return [at(['task', i, 'budget_usd'], 'value', message)];
  });
}

/**
 * `brain` verifiers that cannot ask anyone: no model, or an endpoint URL that can never work. One
 * problem each for the whole fleet (one setting fixes it), at the first verifier it stops.
 */
function judgesUnusable(loaded: LoadedManifest, env: NodeJS.ProcessEnv, toRun: (task: string) => boolean): Diagnostic[] {
  const judges = loaded.manifest.task.flatMap((t, i) => t.verify.flatMap((v, j) => (v.brain === undefined || !toRun(t.name) ? [] : [{ task: t.name, path: ['task', i, 'verify', j, 'brain'] as PathSegment[], model: v.model }])));
  if (judges.length === 0) return [];
  const endpoint = brainEndpoint(loaded.manifest, env);
  const located = diagnosticsAt(loaded);
  const problems: Diagnostic[] = [];
  const at = (judge: (typeof judges)[number], message: string) => located(judge.path, 'key', message);
  const modelless = judges.filter((j) => j.model === undefined && endpoint.model === undefined);
  if (modelless.length > 0) {
    const tasks = [...new Set(modelless.map((j) => j.task))];
    const named = `${tasks.slice(0, 3).join(', ')}${tasks.length > 3 ? `, and ${tasks.length - 3} more` : ''}`;
    problems.push(at(modelless[0]!, `no model for the brain verifier (${named}): set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL, or model on the verifier`));
  }
  const unusable = brainUrlProblem(endpoint.url);
  if (unusable) {
    const from = env.OVERSEER_BRAIN_URL ? 'OVERSEER_BRAIN_URL' : '[brain] url';
    problems.push(at(judges[0]!, `the brain endpoint's URL (${from}) ${unusable}`));
  }
  return problems;
}
