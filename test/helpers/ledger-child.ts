// A child process that uses the ledger, for tests that need a real second writer.
//   hold <stateDir>                     open for write, print "locked <pid>", wait until killed
//   add <stateDir> <task> [retries]     open for write (retrying while busy), add a task, commit, close
//   commit-then-die <stateDir> <task>   add a task, persist and flush, then SIGKILL itself before close

import { Ledger } from '../../src/ledger/ledger.js';
import { LedgerBusyError } from '../../src/ledger/lock.js';

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
  ledger.addTasks([{ name: task!, spec: { name: task }, specHash: task! }]);
  ledger.commit();
  ledger.close();
  process.stdout.write(`added ${task}\n`);
} else if (command === 'commit-then-die') {
  const ledger = await openWithRetry(0);
  ledger.addTasks([{ name: task!, spec: { name: task }, specHash: task! }]);
  ledger.commit();
  process.kill(process.pid, 'SIGKILL');
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
