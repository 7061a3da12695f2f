// `overseer logs <task> [--attempt N] [--follow]`: an attempt's log (default: the latest).

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { Ledger } from '../../ledger/ledger.js';
import { taskLogDir } from '../../ledger/paths.js';
import { follow } from '../follow.js';
import { warn } from '../settings.js';

export async function logsCommand(stateDir: string, task: string, options: { attempt?: number; follow?: boolean }): Promise<number> {
  const ledger = await Ledger.open({ stateDir, mode: 'read', warn });
  let path: string;
  let num: number;
  try {
    if (!ledger.task(task)) throw new InputError(`no task "${task}" in the ledger (see \`overseer status\`)`);
    const attempts = ledger.attempts(task);
    if (attempts.length === 0) {
      process.stderr.write(`task "${task}" has no attempts yet (state ${ledger.task(task)!.state})\n`);
      return 0;
    }
    const attempt = options.attempt === undefined ? attempts[attempts.length - 1]! : attempts.find((a) => a.attemptNum === options.attempt);
    if (!attempt) {
      throw new InputError(`task "${task}" has no attempt ${options.attempt} (attempts: ${attempts.map((a) => a.attemptNum).join(', ')})`);
    }
    if (!attempt.logPath) throw new InputError(`attempt ${attempt.attemptNum} of "${task}" has no log`);
    // Logs live under the state directory; the ledger records where it was when they were written.
    // A moved or downloaded state directory (an artifact) has them here, not there.
    const here = join(taskLogDir(ledger.paths, task), basename(attempt.logPath));
    path = existsSync(here) ? here : attempt.logPath;
    num = attempt.attemptNum;
  } finally {
    ledger.close();
  }
  if (!options.follow) {
    if (!existsSync(path)) throw new InputError(`log file ${path} is missing`);
    process.stdout.write(readFileSync(path, 'utf8'));
    return 0;
  }
  await follow(path, {
    from: 0,
    onText: (text) => process.stdout.write(text),
    done: async () => {
      // The attempt is over once the ledger records its end.
      const fresh = await Ledger.open({ stateDir, mode: 'read' }).catch(() => null);
      if (!fresh) return false;
      try {
        return fresh.attempts(task).find((a) => a.attemptNum === num)?.endedAt != null;
      } finally {
        fresh.close();
      }
    },
  });
  return 0;
}
