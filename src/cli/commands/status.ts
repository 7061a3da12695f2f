// `overseer status`: every task's state from the last persisted ledger. Needs no lock.

import { InputError } from '../../core/errors.js';
import { isTaskState, TASK_STATES, type TaskState } from '../../core/model.js';
import { Ledger } from '../../ledger/ledger.js';
import { plural, printJson, table, usd } from '../output.js';
import { warn } from '../settings.js';

export async function statusCommand(stateDir: string, options: { state?: string; json?: boolean }): Promise<number> {
  const wanted = options.state?.toUpperCase();
  if (wanted !== undefined && !isTaskState(wanted)) {
    throw new InputError(`--state ${options.state}: not a state (one of ${TASK_STATES.join(', ')})`);
  }
  const ledger = await Ledger.open({ stateDir, mode: 'read', warn });
  try {
    const attempts = ledger.attemptCounts();
    const all = ledger.taskStates();
    const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
    for (const t of all) counts[t.state]++;
    const tasks = all
      .filter((t) => wanted === undefined || t.state === wanted)
      .map((t) => ({
        name: t.name,
        state: t.state,
        cause: t.stateCause,
        attempts: attempts.get(t.name) ?? 0,
        cost_usd: t.costUsd,
        updated_at: t.updatedAt,
      }));
    const drained = ledger.control('drain') === '1';
    if (options.json) {
      printJson({ run_id: ledger.runId, drained, counts, tasks });
      return 0;
    }
    const total = all.reduce((sum, t) => sum + t.costUsd, 0);
    const summary = TASK_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ');
    console.log(`${plural(all.length, 'task')}: ${summary || 'none'}; spent ${usd(total)}${drained ? '; DRAINED (no new dispatch; `overseer undrain` to resume)' : ''}`);
    if (tasks.length > 0) {
      console.log(
        `\n${table(
          ['task', 'state', 'cause', 'attempts', 'cost', 'updated'],
          tasks.map((t) => [t.name, t.state, t.cause, String(t.attempts), usd(t.cost_usd), t.updated_at]),
        )}`,
      );
    } else if (wanted) {
      console.log(`no task is ${wanted}`);
    }
    return 0;
  } finally {
    ledger.close();
  }
}
