// The summary read from a real ledger: what a task that needs a human last met.

import { describe, expect, it } from 'vitest';
import { runSummaryOf } from '../../src/ledger/report.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { ledgerWith, tempDir } from '../helpers/ledger.js';
import { taskOf } from '../helpers/tasks.js';

/** One attempt of `task` from dispatch to its end, with the verifiers' verdicts when it got that far. */
function attempt(ledger: Ledger, task: string, end: { failureClass: string | null; exitCode: number | null; verifiers?: Array<['PASS' | 'FAIL', string]> }): void {
  ledger.transition(task, 'ASSIGNED', 'dispatched');
  const { id } = ledger.beginAttempt({ task, kind: 'fresh', agent: 'claude', logPath: () => '/dev/null' });
  ledger.attemptStarted(id, process.pid, null);
  ledger.transition(task, 'RUNNING', 'started');
  ledger.endAttempt(id, { exitCode: end.exitCode, failureClass: end.failureClass, stopReason: null });
  if (end.failureClass) return;
  ledger.transition(task, 'VERIFYING', 'agent-exited');
  for (const [index, [verdict, command]] of (end.verifiers ?? []).entries()) {
    ledger.recordVerification({ attemptId: id, task, index, kind: 'run', command, verdict, output: `${command}: ${verdict}`, costUsd: 0, durationMs: 5 });
  }
  ledger.setVerdict(id, end.verifiers?.some(([v]) => v === 'FAIL') ? 'FAIL' : 'PASS');
}

describe('runSummaryOf: the failure a NEEDS_HUMAN task last met', () => {
  it('names the failing verifier with its output, or how the agent ended, from the latest failed attempt', async () => {
    const ledger = await ledgerWith(tempDir(), ['verifier', 'agent', 'mixed', 'fine']);
    try {
      for (const t of ['verifier', 'agent', 'mixed', 'fine']) ledger.transition(t, 'READY', 'deps-done');

      attempt(ledger, 'verifier', { failureClass: null, exitCode: 0, verifiers: [['PASS', 'npm run lint'], ['FAIL', 'npm test']] });
      ledger.transition('verifier', 'NEEDS_HUMAN', 'retries-exhausted');

      attempt(ledger, 'agent', { failureClass: 'timeout', exitCode: null });
      ledger.transition('agent', 'NEEDS_HUMAN', 'retries-exhausted');

      // A verifier failed first; the retry then timed out: the timeout is what it last met.
      attempt(ledger, 'mixed', { failureClass: null, exitCode: 0, verifiers: [['FAIL', 'make check']] });
      ledger.transition('mixed', 'RETRYING', 'verify-fail');
      attempt(ledger, 'mixed', { failureClass: 'agent-failed', exitCode: 2 });
      ledger.transition('mixed', 'NEEDS_HUMAN', 'retries-exhausted');

      attempt(ledger, 'fine', { failureClass: null, exitCode: 0, verifiers: [['PASS', 'true']] });
      ledger.transition('fine', 'DONE', 'verified');
      ledger.commit();

      const failure = Object.fromEntries(runSummaryOf(ledger).tasks.map((t) => [t.name, t.lastFailure]));
      expect(failure).toEqual({
        verifier: 'run verifier: npm test\nnpm test: FAIL',
        agent: 'attempt 1 ended: claude (timeout, exit none)',
        mixed: 'attempt 2 ended: claude (agent-failed, exit 2)',
        fine: undefined,
      });
    } finally {
      ledger.close();
    }
  });
});

describe('a verification run again (cut short by a crash or Ctrl-C)', () => {
  it('replaces what the cut run recorded: the attempt has one verdict per verifier, not the cut run beside the whole one', async () => {
    const ledger = await ledgerWith(tempDir(), ['a']);
    try {
      ledger.transition('a', 'READY', 'deps-done');
      ledger.transition('a', 'ASSIGNED', 'dispatched');
      const { id } = ledger.beginAttempt({ task: 'a', kind: 'fresh', agent: 'claude', logPath: () => '/dev/null' });
      ledger.attemptStarted(id, process.pid, null);
      ledger.transition('a', 'RUNNING', 'started');
      ledger.endAttempt(id, { exitCode: 0, failureClass: null, stopReason: null });
      ledger.transition('a', 'VERIFYING', 'agent-exited');
      const check = (index: number, command: string) =>
        ledger.recordVerification({ attemptId: id, task: 'a', index, kind: 'run', command, verdict: 'PASS', output: '', costUsd: 0.01, durationMs: 5 });
      check(0, 'npm run lint'); // then the run was cut short
      check(0, 'npm run lint');
      check(1, 'npm test');
      ledger.setVerdict(id, 'PASS');
      ledger.transition('a', 'DONE', 'verified');
      ledger.commit();
      expect(ledger.verifications('a').map((v) => `${v.seq}:${v.command}`)).toEqual(['0:npm run lint', '1:npm test']);
      expect(runSummaryOf(ledger).tasks[0]!.verdicts.map((v) => v.verdict)).toEqual(['PASS', 'PASS']);
      // What the cut run's judge or reviewer cost was spent all the same, and metrics count every
      // verifier that ran: their counters never go down.
      expect(ledger.task('a')!.costUsd).toBeCloseTo(0.03);
      expect(ledger.stats().verifications).toContainEqual(expect.objectContaining({ kind: 'run', verdict: 'PASS', count: 3 }));
    } finally {
      ledger.close();
    }
  });
});

describe('runSummaryOf: why tasks that could start did not', () => {
  it("names the run's budget only when no waiting task's reserve fits in what is left; a run cut short with room left has no such reason", async () => {
    const ledger = await Ledger.open({ stateDir: tempDir(), mode: 'write', create: true });
    try {
      ledger.addTasks([taskOf('small', { budget_usd: 1 }), taskOf('big', { budget_usd: 8 })]);
      ledger.tx(() => ledger.setMeta('fleet_budget_usd', '5'));
      ledger.transition('big', 'READY', 'deps-done');
      // $5 left covers none of big's $8: the budget is why it waits.
      expect(runSummaryOf(ledger).stalled?.reason).toBe("what is left of the run's budget ($5.00 of $5.00) does not cover their budgets");
      // small's $1 fits: a run that ended with it READY was cut short (a cancelled job), not stopped by its budget.
      ledger.transition('small', 'READY', 'deps-done');
      expect(runSummaryOf(ledger).stalled).toBeUndefined();
      ledger.addTasks([taskOf('uncapped')]);
      ledger.transition('small', 'CANCELLED', 'cancelled');
      ledger.transition('uncapped', 'READY', 'deps-done');
      // A task with no cap of its own runs alone on what is left: it could start too.
      expect(runSummaryOf(ledger).stalled).toBeUndefined();
    } finally {
      ledger.close();
    }
  });
});
