// `overseer submit`: add one task to the ledger from flags, validated like a manifest entry.

import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { checkManifest, formatPath } from '../../core/manifest.js';
import { secretPaths } from '../../core/redact.js';
import { newTask } from '../../ledger/spec.js';
import { cwdProblem } from '../../manifest/load.js';
import { refusableCredentials } from '../../runtime/env.js';
import { requester } from '../../runtime/requester.js';
import { controlCommand } from './control.js';

export interface SubmitOptions {
  name: string;
  cwd: string;
  prompt: string;
  role?: string;
  agent?: string;
  model?: string;
  dependsOn?: string[];
  maxRetries?: number;
  timeoutMin?: number;
  budgetUsd?: number;
  verify?: string[];
}

const FLAG: Record<string, string> = {
  name: '--name',
  cwd: '--cwd',
  prompt: '--prompt',
  role: '--role',
  agent: '--agent',
  model: '--model',
  depends_on: '--depends-on',
  max_retries: '--max-retries',
  timeout_min: '--timeout-min',
  budget_usd: '--budget-usd',
  verify: '--verify',
};

export async function submitCommand(stateDir: string, o: SubmitOptions): Promise<number> {
  const raw = {
    name: o.name,
    // Where the caller is, not where a later `run` is: stored absolute.
    cwd: resolve(o.cwd),
    prompt: o.prompt,
    ...(o.role !== undefined && { role: o.role }),
    ...(o.agent !== undefined && { agent: o.agent }),
    ...(o.model !== undefined && { model: o.model }),
    ...(o.maxRetries !== undefined && { max_retries: o.maxRetries }),
    ...(o.timeoutMin !== undefined && { timeout_min: o.timeoutMin }),
    ...(o.budgetUsd !== undefined && { budget_usd: o.budgetUsd }),
    verify: (o.verify ?? []).map((run) => ({ run })),
  };
  // The same schema as tasks.toml; dependencies are checked against the ledger instead.
  const checked = checkManifest({ task: [raw] }, { rolesAtRun: true });
  if (!checked.ok) {
    const lines = checked.issues.map((i) => {
      const key = i.path[2];
      return `${typeof key === 'string' && FLAG[key] ? FLAG[key] : formatPath(i.path)}: ${i.message}`;
    });
    throw new InputError(lines.join('\n'));
  }
  // As a run checks a manifest: the directory is there, and no credential of ours is in what the
  // ledger keeps as written (a shell expanded "$DB_PASSWORD" in a flag).
  const problem = cwdProblem(raw.cwd);
  if (problem) throw new InputError(`--cwd: ${raw.cwd} ${problem}`);
  const { cwd: _cwd, ...flags } = raw;
  for (const { name, forms } of refusableCredentials(process.env)) {
    const holding = [...new Set(secretPaths(flags, forms).map((path) => FLAG[path[0] as string] ?? formatPath(path)))];
    if (holding.length > 0) {
      throw new InputError(
        `${holding.join(', ')}: holds the value of $${name}; the ledger keeps it as written (and a workflow uploads the ledger): refer to the variable instead ('$${name}' in single quotes for a --verify command, or let the agent read it from its environment)`,
      );
    }
  }
  const spec = { ...checked.manifest.task[0]!, depends_on: o.dependsOn ?? [] };
  const task = newTask(spec, o.prompt);
  return controlCommand(
    stateDir,
    { request: 'submit', task_id: task.name, spec: task.spec as Record<string, unknown>, by: requester() },
    { create: true },
  );
}
