// The reconciler's rules, one table row each: a small snapshot in, the exact actions out.

import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../src/core/model.js';
import { tick, type Action, type AttemptView, type Policy, type Snapshot, type TaskView } from '../../src/core/reconcile.js';

const NOW = 1_000_000;
const policy: Policy = {
  maxConcurrent: 2,
  budgetUsd: null,
  claimTimeoutMs: 300_000,
  idleTimeoutMs: 600_000,
  resultGraceMs: 30_000,
  backoff: { baseMs: 2_000, maxMs: 60_000, tries: 3 },
  jitter: () => 0.5,
};

function task(name: string, state: TaskState, over: Partial<TaskView> = {}): TaskView {
  return {
    name,
    state,
    dependsOn: [],
    maxRetries: 2,
    timeoutMs: 45 * 60_000,
    budgetUsd: null,
    hasVerifiers: true,
    costUsd: 0,
    attemptsBase: 0,
    attempts: [],
    sinceMs: NOW - 1000,
    live: ['ASSIGNED', 'RUNNING', 'VERIFYING'].includes(state),
    ...over,
  };
}

function attempt(num: number, over: Partial<AttemptView> = {}): AttemptView {
  return {
    id: num,
    num,
    kind: num === 1 ? 'fresh' : 'retry',
    startedAtMs: NOW - 10_000,
    endedAtMs: null,
    failure: null,
    stopReason: null,
    resultAtMs: null,
    resultOk: false,
    lastOutputAtMs: NOW - 1000,
    verdict: null,
    verdictFailure: null,
    stopping: false,
    ...over,
  };
}

function ended(num: number, failure: AttemptView['failure'], over: Partial<AttemptView> = {}): AttemptView {
  return attempt(num, { endedAtMs: NOW - 5_000, failure, verdict: failure === null ? 'FAIL' : null, ...over });
}

function snap(tasks: TaskView[], over: Partial<Snapshot> = {}): Snapshot {
  return { tasks, drained: false, breakerOpen: false, spentUsd: 0, ...over };
}

const transitions = (actions: Action[]) =>
  actions.filter((a) => a.type === 'transition').map((a) => (a.type === 'transition' ? `${a.task}:${a.to}:${a.cause}` : ''));
const starts = (actions: Action[]) =>
  actions.filter((a) => a.type === 'start-attempt').map((a) => (a.type === 'start-attempt' ? `${a.task}:${a.kind}` : ''));
const stops = (actions: Action[]) =>
  actions.filter((a) => a.type === 'stop-attempt').map((a) => (a.type === 'stop-attempt' ? `${a.task}:${a.reason}` : ''));

describe('dependencies', () => {
  it('a PENDING task with every dependency DONE goes READY and is dispatched in the same tick', () => {
    const actions = tick(snap([task('a', 'DONE'), task('b', 'PENDING', { dependsOn: ['a'] })]), policy, NOW);
    expect(transitions(actions)).toEqual(['b:READY:deps-done', 'b:ASSIGNED:dispatched']);
    expect(starts(actions)).toEqual(['b:fresh']);
  });

  it('only DONE releases a dependent: NEEDS_HUMAN, RUNNING and VERIFYING do not', () => {
    for (const state of ['NEEDS_HUMAN', 'RUNNING', 'VERIFYING', 'READY', 'RETRYING'] as const) {
      const dep = task('a', state, state === 'RUNNING' || state === 'VERIFYING' ? { attempts: [attempt(1)] } : {});
      const actions = tick(snap([dep, task('b', 'PENDING', { dependsOn: ['a'] })]), { ...policy, maxConcurrent: 0 }, NOW);
      expect(transitions(actions).filter((t) => t.startsWith('b:'))).toEqual([]);
    }
  });

  it('a CANCELLED dependency cancels its PENDING dependents', () => {
    const actions = tick(snap([task('a', 'CANCELLED'), task('b', 'PENDING', { dependsOn: ['a'] })]), policy, NOW);
    expect(transitions(actions)).toEqual(['b:CANCELLED:dependency-cancelled']);
  });

  it('a dependency that becomes DONE in this tick releases its dependent in the same tick', () => {
    const a = task('a', 'VERIFYING', { attempts: [ended(1, null, { verdict: 'PASS' })] });
    const actions = tick(snap([a, task('b', 'PENDING', { dependsOn: ['a'] })]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:DONE:verified', 'b:READY:deps-done', 'b:ASSIGNED:dispatched']);
  });
});

describe('dispatch', () => {
  it('never runs more than max_concurrent (ASSIGNED + RUNNING + VERIFYING count)', () => {
    const busy = task('busy', 'RUNNING', { attempts: [attempt(1)] });
    const actions = tick(snap([busy, task('a', 'READY'), task('b', 'READY'), task('c', 'READY')]), policy, NOW);
    expect(starts(actions)).toEqual(['a:fresh']);
  });

  it('dispatches the longest remaining chain first, ties in manifest order', () => {
    const tasks = [
      task('leaf1', 'READY'),
      task('head', 'READY'),
      task('leaf2', 'READY'),
      task('mid', 'PENDING', { dependsOn: ['head'] }),
      task('tail', 'PENDING', { dependsOn: ['mid'] }),
    ];
    expect(starts(tick(snap(tasks), policy, NOW))).toEqual(['head:fresh', 'leaf1:fresh']);
  });

  it('sees a changed graph under the same policy (the chains are remembered only while the graph is the same)', () => {
    const same: Policy = { ...policy, maxConcurrent: 1 };
    const ready = [task('a', 'READY'), task('b', 'READY')];
    // b heads a chain: b first.
    expect(starts(tick(snap([...ready, task('c', 'PENDING', { dependsOn: ['b'] })]), same, NOW))).toEqual(['b:fresh']);
    // The same policy, and now a heads the chain (a task submitted, or the edge moved): a first.
    expect(starts(tick(snap([...ready, task('c', 'PENDING', { dependsOn: ['a'] })]), same, NOW))).toEqual(['a:fresh']);
    expect(starts(tick(snap([...ready, task('c', 'PENDING', { dependsOn: ['b'] }), task('d', 'PENDING', { dependsOn: ['a'] }), task('e', 'PENDING', { dependsOn: ['d'] })]), same, NOW))).toEqual(['a:fresh']);
  });

  it('drain stops new dispatch but lets running work finish', () => {
    const running = task('r', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1, failure: null })] });
    const actions = tick(snap([running, task('a', 'READY')], { drained: true }), policy, NOW);
    expect(transitions(actions)).toEqual(['r:VERIFYING:agent-exited']);
    expect(starts(actions)).toEqual([]);
  });

  it('RETRYING is dispatched as a retry, RESUMING as a resume', () => {
    const retrying = task('a', 'RETRYING', { attempts: [ended(1, null)] });
    const resuming = task('b', 'RESUMING', { attempts: [attempt(1, { endedAtMs: NOW - 1, failure: 'agent-failed' })] });
    expect(starts(tick(snap([retrying, resuming]), policy, NOW))).toEqual(['a:retry', 'b:resume']);
  });
});

describe('outcomes', () => {
  it('an agent that exits successfully goes VERIFYING and its verifiers run', () => {
    const t = task('a', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1 })] });
    const actions = tick(snap([t]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:VERIFYING:agent-exited']);
    expect(actions).toContainEqual({ type: 'run-verifiers', task: 'a', attemptId: 1 });
  });

  it('an agent stopped after its result grace counts as a success (cause result-grace)', () => {
    const t = task('a', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1, stopReason: 'result-grace', resultAtMs: NOW - 40_000 })] });
    expect(transitions(tick(snap([t]), policy, NOW))).toEqual(['a:VERIFYING:result-grace']);
  });

  it('every verifier PASS makes the task DONE; no verifiers is DONE with no-verifiers', () => {
    const a = task('a', 'VERIFYING', { attempts: [ended(1, null, { verdict: 'PASS' })] });
    const b = task('b', 'VERIFYING', { hasVerifiers: false, attempts: [ended(1, null, { verdict: 'PASS' })] });
    expect(transitions(tick(snap([a, b]), policy, NOW))).toEqual(['a:DONE:verified', 'b:DONE:no-verifiers']);
  });

  it('a verifier FAIL with attempts left goes RETRYING and is retried at once', () => {
    const t = task('a', 'VERIFYING', { attempts: [ended(1, null, { verdict: 'FAIL' })] });
    const actions = tick(snap([t]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:RETRYING:verify-fail', 'a:ASSIGNED:dispatched']);
    expect(starts(actions)).toEqual(['a:retry']);
  });

  it.each(['config', 'budget'] as const)('a FAIL that needs a person (%s: a judge refused the request, a reviewer spent its budget) goes to a human, with attempts left', (why) => {
    const t = task('a', 'VERIFYING', { maxRetries: 3, attempts: [attempt(1, { endedAtMs: NOW - 5_000, verdict: 'FAIL', verdictFailure: why })] });
    const actions = tick(snap([t]), policy, NOW);
    expect(transitions(actions)).toEqual([`a:NEEDS_HUMAN:${why}`]);
    expect(actions).toContainEqual({ type: 'escalate', task: 'a', reason: why });
  });

  it('a FAIL on the last allowed attempt escalates: retries-exhausted', () => {
    const t = task('a', 'VERIFYING', { maxRetries: 1, attempts: [ended(1, null), ended(2, null, { verdict: 'FAIL' })] });
    const actions = tick(snap([t]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:NEEDS_HUMAN:retries-exhausted']);
    expect(actions).toContainEqual({ type: 'escalate', task: 'a', reason: 'retries-exhausted' });
  });

  it('attempts before a human retry do not count', () => {
    const t = task('a', 'VERIFYING', {
      maxRetries: 0,
      attemptsBase: 2,
      attempts: [ended(1, null), ended(2, null), ended(3, null, { verdict: 'FAIL' })],
    });
    expect(transitions(tick(snap([t]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:retries-exhausted']);
    const t2 = task('b', 'VERIFYING', { maxRetries: 1, attemptsBase: 2, attempts: [ended(1, null), ended(2, null), ended(3, null, { verdict: 'FAIL' })] });
    expect(transitions(tick(snap([t2]), policy, NOW))[0]).toBe('b:RETRYING:verify-fail');
  });

  it('a non-zero exit with attempts left retries (agent-failed); timeouts keep their cause', () => {
    for (const [failure, cause] of [
      ['agent-failed', 'agent-failed'],
      ['timeout', 'timeout'],
      ['idle-timeout', 'idle-timeout'],
    ] as const) {
      const t = task('a', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1, failure })] });
      expect(transitions(tick(snap([t]), { ...policy, maxConcurrent: 0 }, NOW))).toEqual([`a:RETRYING:${cause}`]);
    }
  });

  it('a missing agent or a config error goes straight to a human', () => {
    for (const failure of ['agent-missing', 'config'] as const) {
      const t = task('a', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1, failure })] });
      expect(transitions(tick(snap([t]), policy, NOW))).toEqual([`a:NEEDS_HUMAN:${failure}`]);
    }
  });
});

describe('service failures back off without using up retries', () => {
  it('a 529 goes RETRYING (transient) and waits for the backoff before the next attempt', () => {
    const t = task('a', 'RUNNING', { maxRetries: 0, attempts: [attempt(1, { endedAtMs: NOW - 100, failure: 'transient' })] });
    const actions = tick(snap([t]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:RETRYING:transient']);
    expect(starts(actions)).toEqual([]);
    // base 2 s, jitter 0.5 -> exactly 2 s after the end.
    expect(actions).toContainEqual({ type: 'schedule', atMs: NOW - 100 + 2_000 });
  });

  it('after the backoff the retry is dispatched; the delay doubles with the streak', () => {
    const one = task('a', 'RETRYING', { attempts: [attempt(1, { endedAtMs: NOW - 2_000, failure: 'rate-limit' })] });
    expect(starts(tick(snap([one]), policy, NOW))).toEqual(['a:retry']);
    const two = task('a', 'RETRYING', {
      attempts: [attempt(1, { endedAtMs: NOW - 9_000, failure: 'rate-limit' }), attempt(2, { endedAtMs: NOW - 3_000, failure: 'rate-limit' })],
    });
    const actions = tick(snap([two]), policy, NOW);
    expect(starts(actions)).toEqual([]);
    expect(actions).toContainEqual({ type: 'schedule', atMs: NOW - 3_000 + 4_000 });
  });

  it('service failures within the allowance leave max_retries untouched', () => {
    const t = task('a', 'VERIFYING', {
      maxRetries: 1,
      attempts: [
        attempt(1, { endedAtMs: NOW - 9_000, failure: 'transient' }),
        attempt(2, { endedAtMs: NOW - 8_000, failure: 'rate-limit' }),
        ended(3, null, { verdict: 'FAIL' }),
      ],
    });
    expect(transitions(tick(snap([t]), { ...policy, maxConcurrent: 0 }, NOW))).toEqual(['a:RETRYING:verify-fail']);
  });

  it('past `tries` service failures in a row they count, and exhaust retries', () => {
    const failures = [1, 2, 3].map((n) => attempt(n, { endedAtMs: NOW - 10_000 + n, failure: 'transient' }));
    const t = task('a', 'RUNNING', { maxRetries: 0, attempts: [...failures, attempt(4, { endedAtMs: NOW - 1, failure: 'transient' })] });
    expect(transitions(tick(snap([t]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:retries-exhausted']);
  });

  it('a task the runtime sent back to RETRYING (its launch failed) escalates once its attempts count past max_retries', () => {
    const failures = (n: number) => Array.from({ length: n }, (_, i) => attempt(i + 1, { endedAtMs: NOW - 100_000 + i, failure: 'transient' }));
    // Three launch failures in a row are the service's: backed off, not counted.
    expect(transitions(tick(snap([task('a', 'RETRYING', { maxRetries: 0, attempts: failures(3) })]), policy, NOW))).toEqual(['a:ASSIGNED:dispatched']);
    // The fourth counts, and max_retries = 0 allows none: a person must look (it was retried for ever).
    expect(transitions(tick(snap([task('a', 'RETRYING', { maxRetries: 0, attempts: failures(4) })]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:retries-exhausted']);
  });
});

describe('quota breaker', () => {
  it('a quota failure escalates the task, opens the breaker, and stops all dispatch', () => {
    const q = task('q', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1, failure: 'quota' })] });
    const waiting = task('w', 'RETRYING', { attempts: [ended(1, null)] });
    const actions = tick(snap([q, waiting, task('r', 'READY')]), policy, NOW);
    expect(transitions(actions)).toEqual(['q:NEEDS_HUMAN:quota', 'w:NEEDS_HUMAN:quota']);
    expect(actions).toContainEqual({ type: 'open-breaker', task: 'q', failure: 'quota' });
    expect(starts(actions)).toEqual([]);
  });

  it('with the breaker open, READY tasks stay where they are', () => {
    expect(tick(snap([task('r', 'READY')], { breakerOpen: true }), policy, NOW)).toEqual([]);
  });
});

describe('budgets', () => {
  it('a running attempt past its task budget is stopped (budget), and then escalated', () => {
    const t = task('a', 'RUNNING', { budgetUsd: 1, costUsd: 1.2, attempts: [attempt(1)] });
    expect(stops(tick(snap([t]), policy, NOW))).toEqual(['a:budget']);
    const after = task('a', 'RUNNING', { budgetUsd: 1, costUsd: 1.2, attempts: [attempt(1, { endedAtMs: NOW - 1, failure: 'budget', stopReason: 'budget' })] });
    expect(transitions(tick(snap([after]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:budget']);
  });

  it('an attempt that ended on its own past a cap (its cost reported at the end) goes to a human, not to its verifiers', () => {
    const own = task('a', 'RUNNING', { budgetUsd: 1, costUsd: 5, attempts: [ended(1, null)] });
    const actions = tick(snap([own]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:NEEDS_HUMAN:budget']);
    expect(actions.some((x) => x.type === 'run-verifiers')).toBe(false);
    const run = task('b', 'RUNNING', { costUsd: 5, attempts: [ended(1, null)] });
    expect(transitions(tick(snap([run], { spentUsd: 5 }), { ...policy, budgetUsd: 1 }, NOW))).toEqual(['b:NEEDS_HUMAN:budget']);
    // Within its cap it is verified as ever.
    const within = task('c', 'RUNNING', { budgetUsd: 1, costUsd: 0.5, attempts: [ended(1, null)] });
    expect(transitions(tick(snap([within]), policy, NOW))).toEqual(['c:VERIFYING:agent-exited']);
  });

  it('every running attempt is stopped once the run cap is passed', () => {
    const a = task('a', 'RUNNING', { attempts: [attempt(1)] });
    const b = task('b', 'RUNNING', { attempts: [attempt(1)] });
    expect(stops(tick(snap([a, b], { spentUsd: 10.5 }), { ...policy, budgetUsd: 10 }, NOW))).toEqual(['a:budget', 'b:budget']);
  });

  it("a task is dispatched only if its remaining budget fits in the run's, beside what is reserved", () => {
    const running = task('r', 'RUNNING', { budgetUsd: 4, attempts: [attempt(1)] });
    const big = task('big', 'READY', { budgetUsd: 5 });
    const small = task('small', 'READY', { budgetUsd: 1 });
    const actions = tick(snap([running, big, small], { spentUsd: 3 }), { ...policy, maxConcurrent: 4, budgetUsd: 9 }, NOW);
    expect(starts(actions)).toEqual(['small:fresh']);
  });

  it('money sums do not drift: $0.20 left of a $0.30 cap after $0.10 covers a $0.20 task, and two of $0.10 and $0.20', () => {
    const left = tick(snap([task('b', 'READY', { budgetUsd: 0.2 })], { spentUsd: 0.1 }), { ...policy, budgetUsd: 0.3 }, NOW);
    expect(starts(left)).toEqual(['b:fresh']);
    const both = tick(snap([task('a', 'READY', { budgetUsd: 0.1 }), task('b', 'READY', { budgetUsd: 0.2 })]), { ...policy, maxConcurrent: 2, budgetUsd: 0.3 }, NOW);
    expect(starts(both)).toEqual(['a:fresh', 'b:fresh']);
  });

  it('a retry whose task budget is spent goes to a human instead', () => {
    const t = task('a', 'VERIFYING', { budgetUsd: 2, costUsd: 2, attempts: [ended(1, null, { verdict: 'FAIL' })] });
    expect(transitions(tick(snap([t]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:budget']);
  });

  it('a READY task whose own budget is spent (a cap of 0, a retry with no new budget) goes to a human, not to work', () => {
    const t = task('a', 'READY', { budgetUsd: 0 });
    const actions = tick(snap([t]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:NEEDS_HUMAN:budget']);
    expect(starts(actions)).toEqual([]);
  });

  it('under a run cap, a task with no cap of its own may spend all that is left: it runs alone', () => {
    const capped = { ...policy, maxConcurrent: 4, budgetUsd: 10 };
    expect(starts(tick(snap([task('a', 'READY'), task('b', 'READY')]), capped, NOW))).toEqual(['a:fresh']);
    expect(starts(tick(snap([task('r', 'RUNNING', { attempts: [attempt(1)] }), task('b', 'READY', { budgetUsd: 1 })]), capped, NOW))).toEqual([]);
    // With no run cap, nothing changes.
    expect(starts(tick(snap([task('a', 'READY'), task('b', 'READY')]), { ...policy, maxConcurrent: 4 }, NOW))).toEqual(['a:fresh', 'b:fresh']);
  });

  it('no dispatch once the run budget is spent', () => {
    expect(starts(tick(snap([task('a', 'READY')], { spentUsd: 10 }), { ...policy, budgetUsd: 10 }, NOW))).toEqual([]);
  });
});

describe('slots', () => {
  it('a task cancelled while its process is still being stopped keeps its slot until it is gone', () => {
    const stopping = task('a', 'CANCELLED', { live: true, attempts: [attempt(1, { stopping: true })] });
    expect(starts(tick(snap([stopping, task('b', 'READY')]), { ...policy, maxConcurrent: 1 }, NOW))).toEqual([]);
    expect(starts(tick(snap([task('a', 'CANCELLED'), task('b', 'READY')]), { ...policy, maxConcurrent: 1 }, NOW))).toEqual(['b:fresh']);
  });

  it('a task whose work ended in this tick (DONE, a retry, a human) frees its slot in the same tick', () => {
    const one = { ...policy, maxConcurrent: 1 };
    const cases: Array<[TaskView, string]> = [
      [task('a', 'VERIFYING', { attempts: [ended(1, null, { verdict: 'PASS' })] }), 'a:DONE:verified'],
      [task('a', 'VERIFYING', { maxRetries: 0, attempts: [ended(1, null, { verdict: 'FAIL' })] }), 'a:NEEDS_HUMAN:retries-exhausted'],
      [task('a', 'RUNNING', { attempts: [ended(1, 'budget')] }), 'a:NEEDS_HUMAN:budget'],
    ];
    for (const [a, moved] of cases) {
      const actions = tick(snap([a, task('b', 'READY')]), one, NOW);
      expect(transitions(actions)).toEqual([moved, 'b:ASSIGNED:dispatched']);
    }
  });

  it('a task moved out of its claim while its launch is still pending keeps its slot', () => {
    const claimed = task('a', 'ASSIGNED', { sinceMs: NOW - 300_000, attempts: [attempt(1)] });
    const actions = tick(snap([claimed, task('b', 'READY')]), { ...policy, maxConcurrent: 1 }, NOW);
    expect(transitions(actions)).toEqual(['a:RETRYING:transient']);
    expect(starts(actions)).toEqual([]);
  });
});

describe('deadlines', () => {
  it('an attempt past timeout_min is stopped (timeout); before it, the deadline is scheduled', () => {
    const t = task('a', 'RUNNING', { timeoutMs: 60_000, attempts: [attempt(1, { startedAtMs: NOW - 61_000, lastOutputAtMs: NOW })] });
    expect(stops(tick(snap([t]), policy, NOW))).toEqual(['a:timeout']);
    const early = task('a', 'RUNNING', { timeoutMs: 60_000, attempts: [attempt(1, { startedAtMs: NOW - 1_000, lastOutputAtMs: NOW })] });
    expect(tick(snap([early]), policy, NOW)).toEqual([{ type: 'schedule', atMs: NOW - 1_000 + 60_000 }]);
  });

  it('timeout_min = 0 (no wall-clock limit, as claudectl): a day-old attempt that still speaks runs on; only the idle deadline is scheduled', () => {
    const t = task('a', 'RUNNING', { timeoutMs: Infinity, attempts: [attempt(1, { startedAtMs: NOW - 86_400_000, lastOutputAtMs: NOW })] });
    expect(tick(snap([t]), policy, NOW)).toEqual([{ type: 'schedule', atMs: NOW + policy.idleTimeoutMs }]);
  });

  it('an attempt silent for idle_timeout is stopped (idle-timeout)', () => {
    const t = task('a', 'RUNNING', { attempts: [attempt(1, { lastOutputAtMs: NOW - 600_000 })] });
    expect(stops(tick(snap([t]), policy, NOW))).toEqual(['a:idle-timeout']);
  });

  it('an agent that printed its result but has not exited is stopped after the grace', () => {
    const t = task('a', 'RUNNING', { attempts: [attempt(1, { resultAtMs: NOW - 30_000 })] });
    expect(stops(tick(snap([t]), policy, NOW))).toEqual(['a:result-grace']);
  });

  it('a stop already requested is not requested again', () => {
    const t = task('a', 'RUNNING', { timeoutMs: 1, attempts: [attempt(1, { stopping: true })] });
    expect(tick(snap([t]), policy, NOW)).toEqual([]);
  });

  it('ASSIGNED with no process after claim_timeout goes RETRYING (transient)', () => {
    const t = task('a', 'ASSIGNED', { sinceMs: NOW - 300_000 });
    expect(transitions(tick(snap([t]), { ...policy, maxConcurrent: 0 }, NOW))).toEqual(['a:RETRYING:transient']);
  });
});

describe('resume after a supervisor crash', () => {
  it('an attempt left open on a task that has since ended (cancelled with no supervisor) is stopped; the task stays as it is', () => {
    for (const state of ['CANCELLED', 'NEEDS_HUMAN', 'DONE'] as const) {
      const open = task('a', state, { live: false, attempts: [attempt(1)] });
      const actions = tick(snap([open]), policy, NOW);
      expect(stops(actions)).toEqual(['a:orphaned']);
      expect(transitions(actions)).toEqual([]);
      // Being stopped (live in this supervisor), or ended: nothing more.
      expect(tick(snap([{ ...open, live: true }]), policy, NOW)).toEqual([]);
      expect(stops(tick(snap([task('a', state, { live: false, attempts: [attempt(1, { endedAtMs: NOW, stopReason: 'orphaned' })] })]), policy, NOW))).toEqual([]);
    }
  });

  it('work left by a dead supervisor is stopped, and goes RESUMING only once its attempt has ended', () => {
    const running = task('a', 'RUNNING', { live: false, attempts: [attempt(1)] });
    const assigned = task('c', 'ASSIGNED', { live: false });
    const actions = tick(snap([running, assigned]), policy, NOW);
    expect(stops(actions)).toEqual(['a:orphaned']);
    expect(transitions(actions)).toEqual(['c:RESUMING:supervisor-restart', 'c:ASSIGNED:dispatched']);
    // The runtime ended it (its process is gone): now it resumes.
    const ended = task('a', 'RUNNING', { live: false, attempts: [attempt(1, { endedAtMs: NOW, stopReason: 'orphaned' })] });
    expect(transitions(tick(snap([ended]), { ...policy, maxConcurrent: 0 }, NOW))).toEqual(['a:RESUMING:supervisor-restart']);
  });

  it('work left in its result grace (a successful result printed) is stopped as that success and verified, not run again', () => {
    const graced = task('a', 'RUNNING', { live: false, attempts: [attempt(1, { resultAtMs: NOW - 1000, resultOk: true })] });
    expect(stops(tick(snap([graced]), policy, NOW))).toEqual(['a:result-grace']);
    // A result that claimed failure is no finished work: resumed as any other.
    const failed = task('a', 'RUNNING', { live: false, attempts: [attempt(1, { resultAtMs: NOW - 1000, resultOk: false })] });
    expect(stops(tick(snap([failed]), policy, NOW))).toEqual(['a:orphaned']);
    // The runtime ended it as a result-grace stop: it is verified.
    const ended = task('a', 'RUNNING', { live: false, attempts: [attempt(1, { endedAtMs: NOW, stopReason: 'result-grace', resultAtMs: NOW - 1000, resultOk: true })] });
    const actions = tick(snap([ended]), policy, NOW);
    expect(transitions(actions)).toEqual(['a:VERIFYING:result-grace']);
    expect(actions).toContainEqual({ type: 'run-verifiers', task: 'a', attemptId: 1 });
  });

  it('a task with max_retries = 0 is still resumed once: an interruption is not its failure', () => {
    const t = task('a', 'RUNNING', { live: false, maxRetries: 0, attempts: [attempt(1, { endedAtMs: NOW, stopReason: 'orphaned' })] });
    expect(transitions(tick(snap([t]), { ...policy, maxConcurrent: 0 }, NOW))).toEqual(['a:RESUMING:supervisor-restart']);
    const again = task('a', 'RUNNING', { live: false, maxRetries: 0, attempts: [attempt(1, { endedAtMs: NOW, stopReason: 'orphaned' }), attempt(2, { kind: 'resume', endedAtMs: NOW, stopReason: 'orphaned' })] });
    expect(transitions(tick(snap([again]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:resume-cap']);
  });

  it('an attempt that ended with an outcome of its own before the supervisor died is acted on, not run again', () => {
    const off = { live: false, maxRetries: 2 };
    // Verified before the end: its verdict decides.
    const passed = task('p', 'VERIFYING', { ...off, attempts: [attempt(1, { endedAtMs: NOW - 10, failure: null, verdict: 'PASS' })] });
    const failed = task('f', 'VERIFYING', { ...off, attempts: [attempt(1, { endedAtMs: NOW - 10, failure: null, verdict: 'FAIL' })] });
    // Exited on its own (here: stopped past its result grace, a success), or with a failure.
    const exited = task('e', 'RUNNING', { ...off, attempts: [attempt(1, { endedAtMs: NOW - 10, failure: null, stopReason: 'result-grace' })] });
    const quota = task('q', 'RUNNING', { ...off, attempts: [attempt(1, { endedAtMs: NOW - 10, failure: 'quota' })] });
    const actions = tick(snap([passed, failed, exited]), { ...policy, maxConcurrent: 0 }, NOW);
    expect(transitions(actions)).toEqual(['p:DONE:verified', 'f:RETRYING:verify-fail', 'e:VERIFYING:result-grace']);
    expect(actions).toContainEqual({ type: 'run-verifiers', task: 'e', attemptId: 1 });
    const opened = tick(snap([quota]), { ...policy, maxConcurrent: 0 }, NOW);
    expect(transitions(opened)).toEqual(['q:NEEDS_HUMAN:quota']);
    expect(opened).toContainEqual({ type: 'open-breaker', task: 'q', failure: 'quota' });
  });

  it('a task interrupted again after max_retries + 1 resumes escalates: resume-cap', () => {
    const t = task('a', 'RUNNING', {
      live: false,
      maxRetries: 1,
      attempts: [attempt(1, { kind: 'resume', endedAtMs: NOW, stopReason: 'orphaned' }), attempt(2, { kind: 'resume', endedAtMs: NOW, stopReason: 'orphaned' })],
    });
    expect(transitions(tick(snap([t]), policy, NOW))).toEqual(['a:NEEDS_HUMAN:resume-cap']);
  });
});

describe('determinism', () => {
  it('the same snapshot gives the same actions', () => {
    const s = snap([task('a', 'READY'), task('b', 'READY'), task('c', 'PENDING', { dependsOn: ['a', 'b'] })]);
    expect(tick(s, policy, NOW)).toEqual(tick(s, policy, NOW));
  });

  it('a fleet at rest produces no actions', () => {
    expect(tick(snap([task('a', 'DONE'), task('b', 'NEEDS_HUMAN'), task('c', 'CANCELLED')]), policy, NOW)).toEqual([]);
  });
});

describe('restart during verification', () => {
  it('a finished attempt whose verifiers were cut short is verified again, not re-run', () => {
    const t = task('a', 'VERIFYING', { live: false, attempts: [attempt(1, { endedAtMs: NOW - 10, failure: null })] });
    expect(tick(snap([t]), policy, NOW)).toEqual([{ type: 'run-verifiers', task: 'a', attemptId: 1 }]);
  });
});

// Edges a mutation pass found untested: each row fails if its rule is turned around.
describe('edges', () => {
  it('an attempt cut short by a crash (orphaned) does not use up a retry', () => {
    const t = task('a', 'VERIFYING', {
      maxRetries: 1,
      attempts: [attempt(1, { endedAtMs: NOW - 9_000, stopReason: 'orphaned' }), ended(2, null, { kind: 'resume', verdict: 'FAIL' })],
    });
    expect(transitions(tick(snap([t]), { ...policy, maxConcurrent: 0 }, NOW))).toEqual(['a:RETRYING:verify-fail']);
  });

  it('of two stops due in one late tick, the one due first decides: result-grace before a later timeout, and the reverse', () => {
    const timeoutMs = 60_000;
    // The result came 60 s ago (grace 30 s: due 30 s ago); the timeout fell due 1 s ago.
    const graceFirst = task('a', 'RUNNING', { timeoutMs, attempts: [attempt(1, { startedAtMs: NOW - timeoutMs - 1_000, resultAtMs: NOW - 60_000 })] });
    expect(stops(tick(snap([graceFirst]), policy, NOW))).toEqual(['a:result-grace']);
    // The timeout fell due 40 s ago; the result came 31 s ago (grace due 1 s ago).
    const timeoutFirst = task('a', 'RUNNING', { timeoutMs, attempts: [attempt(1, { startedAtMs: NOW - timeoutMs - 40_000, resultAtMs: NOW - 31_000 })] });
    expect(stops(tick(snap([timeoutFirst]), policy, NOW))).toEqual(['a:timeout']);
  });

  it('the backoff is jittered between 0.75x and 1.25x of its base', () => {
    const t = task('a', 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 100, failure: 'transient' })] });
    expect(tick(snap([t]), { ...policy, jitter: () => 0 }, NOW)).toContainEqual({ type: 'schedule', atMs: NOW - 100 + 1_500 });
    expect(tick(snap([t]), { ...policy, jitter: () => 0.999 }, NOW)).toContainEqual({ type: 'schedule', atMs: NOW - 100 + 2_499 });
  });

  it('spending exactly a cap is within it: the attempt runs on, and one that ended is verified', () => {
    const atTaskCap = task('a', 'RUNNING', { budgetUsd: 1, costUsd: 1, attempts: [attempt(1)] });
    expect(stops(tick(snap([atTaskCap]), policy, NOW))).toEqual([]);
    const endedAtTaskCap = task('a', 'RUNNING', { budgetUsd: 1, costUsd: 1, attempts: [ended(1, null)] });
    expect(transitions(tick(snap([endedAtTaskCap]), policy, NOW))).toEqual(['a:VERIFYING:agent-exited']);
    const atRunCap = task('b', 'RUNNING', { costUsd: 2, attempts: [attempt(1)] });
    expect(stops(tick(snap([atRunCap], { spentUsd: 2 }), { ...policy, budgetUsd: 2 }, NOW))).toEqual([]);
    const endedAtRunCap = task('b', 'RUNNING', { costUsd: 2, attempts: [ended(1, null)] });
    expect(transitions(tick(snap([endedAtRunCap], { spentUsd: 2 }), { ...policy, budgetUsd: 2 }, NOW))).toEqual(['b:VERIFYING:agent-exited']);
  });

  it('two quota failures in one tick open the breaker once; an open breaker is not opened again', () => {
    const q = (name: string) => task(name, 'RUNNING', { attempts: [attempt(1, { endedAtMs: NOW - 1, failure: 'quota' })] });
    const opened = (actions: Action[]) => actions.filter((a) => a.type === 'open-breaker');
    expect(opened(tick(snap([q('a'), q('b')]), policy, NOW))).toEqual([{ type: 'open-breaker', task: 'a', failure: 'quota' }]);
    expect(opened(tick(snap([q('a')], { breakerOpen: true }), policy, NOW))).toEqual([]);
  });

  it('the last service failure within `tries` keeps its own cause (rate-limit)', () => {
    const limits = [1, 2, 3].map((n) => attempt(n, { endedAtMs: NOW - 10 + n, failure: 'rate-limit' }));
    expect(transitions(tick(snap([task('a', 'RUNNING', { attempts: limits })]), policy, NOW))).toEqual(['a:RETRYING:rate-limit']);
  });
});
