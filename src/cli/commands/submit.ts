// `overseer submit`: add one task to the ledger from flags, validated like a manifest entry.

import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { checkManifest, formatPath } from '../../core/manifest.js';
import { newTask } from '../../ledger/spec.js';
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
  const spec = { ...checked.manifest.task[0]!, depends_on: o.dependsOn ?? [] };
  const task = newTask(spec, o.prompt);
  return controlCommand(
    stateDir,
    { request: 'submit', task_id: task.name, spec: task.spec as Record<string, unknown>, by: requester() },
    { create: true },
  );
}
