// `overseer events [--follow] [--json]`: the NDJSON event stream, raw or one readable line each.

import { existsSync, readFileSync } from 'node:fs';
import { LedgerError } from '../../core/errors.js';
import { ledgerPaths } from '../../ledger/ledger.js';
import { follow } from '../follow.js';

function describe(line: string): string {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `(unreadable line) ${line.slice(0, 120)}`;
  }
  const head = `${String(e.seq).padStart(5)}  ${String(e.at)}  ${String(e.type).padEnd(17)}`;
  switch (e.type) {
    case 'task.transition':
      return `${head}  ${String(e.task_id)}: ${String(e.from)} -> ${String(e.to)} (${String(e.cause)})`;
    case 'control.request':
      return `${head}  ${String(e.request)}${e.task_id ? ` ${String(e.task_id)}` : ''} by ${String(e.by)}`;
    default: {
      const { v: _v, seq: _s, type: _t, at: _a, run_id: _r, ...rest } = e;
      return `${head}  ${JSON.stringify(rest)}`;
    }
  }
}

export async function eventsCommand(stateDir: string, options: { follow?: boolean; json?: boolean }): Promise<number> {
  const path = ledgerPaths(stateDir).events;
  if (!existsSync(path) && !options.follow) {
    throw new LedgerError(`no events at ${path}: nothing has run with this state directory yet`);
  }
  const print = (text: string) => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      process.stdout.write(`${options.json ? line : describe(line)}\n`);
    }
  };
  // A last line with no newline yet is a commit being written (or torn by a kill): not an event yet.
  if (!options.follow) {
    const text = readFileSync(path, 'utf8');
    print(text.slice(0, text.lastIndexOf('\n') + 1));
    return 0;
  }
  // Hold back a partial last line until its newline arrives.
  let partial = '';
  await follow(path, {
    from: 0,
    onText: (text) => {
      const joined = partial + text;
      const cut = joined.lastIndexOf('\n') + 1;
      partial = joined.slice(cut);
      print(joined.slice(0, cut));
    },
    done: async () => false,
    // The torn line that was cut is the one held back: drop it, and print nothing twice.
    onCut: () => {
      partial = '';
    },
  });
  return 0;
}
