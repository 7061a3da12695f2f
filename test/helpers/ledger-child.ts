// A child process that uses the ledger, for tests that need a real second writer.
//   hold <stateDir>                     open for write, print "locked <pid>", wait until killed
//   add <stateDir> <task> [retries]     open for write (retrying while busy), add a task, commit, close
//   commit-then-die <stateDir> <task>   add a task, persist and flush, then SIGKILL itself before close
//   steps <stateDir>                    open for write, then run one step per stdin line and answer each
//                                       with a JSON line ({"ok":true} or {"error","message"}):
//                                       `add <task> <padBytes>`, `emit <padBytes>` (each then commits),
//                                       `close`, `exit` (ends without close, as a killed process would)

import { createInterface } from 'node:readline';
import { Ledger } from '../../src/ledger/ledger.js';
import { LedgerBusyError } from '../../src/ledger/lock.js';
import { taskOf } from './tasks.js';

const [command, stateDir, task, retries] = process.argv.slice(2);

async function openWithRetry(tries: number): Promise<Ledger> {
  for (let i = 0; ; i++) {
    try {
      return await Ledger.open({ stateDir: stateDir!, mode: 'write', create: true });
    } catch (err) {
      if (!(err instanceof LedgerBusyError) || i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
    }
  }
}

if (command === 'hold') {
  const ledger = await Ledger.open({ stateDir: stateDir!, mode: 'write', create: true });
  process.stdout.write(`locked ${process.pid}\n`);
  process.on('SIGTERM', () => {
    ledger.close();
    process.exit(0);
  });
  setInterval(() => {}, 1000);
} else if (command === 'add') {
  const ledger = await openWithRetry(Number(retries ?? 0));
  ledger.addTasks([taskOf(task!)]);
  ledger.commit();
  ledger.close();
  process.stdout.write(`added ${task}\n`);
} else if (command === 'commit-then-die') {
  const ledger = await openWithRetry(0);
  ledger.addTasks([taskOf(task!)]);
  ledger.commit();
  process.kill(process.pid, 'SIGKILL');
} else if (command === 'steps') {
  const ledger = await Ledger.open({ stateDir: stateDir!, mode: 'write', warn: (m) => process.stderr.write(`${m}\n`) });
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const [step, arg, pad] = line.split(' ');
    try {
      if (step === 'add') {
        ledger.addTasks([taskOf(arg!, { prompt: 'x'.repeat(Number(pad ?? 0)) })]);
        ledger.commit();
      } else if (step === 'emit') {
        ledger.emit('control.request', { request: 'x'.repeat(Number(arg)), by: 'test' });
        ledger.commit();
      } else if (step === 'close') {
        ledger.close();
      } else if (step === 'exit') {
        process.exit(0);
      }
      process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ error: (err as Error).name, message: (err as Error).message })}\n`);
    }
  }
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
