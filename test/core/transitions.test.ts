// Every (from, to) pair over CREATED and the ten states, and every cause on every pair, against
// DESIGN §3 written out here independently of the source table.

import { describe, expect, it } from 'vitest';
import { CREATED, TASK_STATES, TRANSITION_CAUSES, type FromState, type TaskState, type TransitionCause } from '../../src/core/model.js';
import { assertTransition, IllegalTransitionError, isLegalCause, isLegalTransition } from '../../src/core/transitions.js';

type Row = readonly [from: readonly FromState[], to: TaskState, causes: readonly TransitionCause[]];

const NON_TERMINAL: readonly TaskState[] = ['PENDING', 'READY', 'ASSIGNED', 'RUNNING', 'VERIFYING', 'RETRYING', 'RESUMING', 'NEEDS_HUMAN'];
const ESCALATIONS: readonly TransitionCause[] = ['retries-exhausted', 'resume-cap', 'budget', 'quota', 'loop'];

/** DESIGN §3, one row of its table per line. */
const DESIGN: readonly Row[] = [
  [[CREATED], 'PENDING', ['created']],
  [['PENDING'], 'READY', ['deps-done']],
  [['PENDING'], 'CANCELLED', ['cancelled', 'dependency-cancelled']],
  [['READY', 'RETRYING', 'RESUMING'], 'ASSIGNED', ['dispatched']],
  [['ASSIGNED'], 'RUNNING', ['started']],
  [['ASSIGNED'], 'RETRYING', ['transient']],
  [['ASSIGNED'], 'NEEDS_HUMAN', ['agent-missing']],
  [['RUNNING'], 'VERIFYING', ['agent-exited', 'result-grace']],
  [['RUNNING'], 'RETRYING', ['agent-failed', 'timeout', 'idle-timeout', 'transient']],
  [['VERIFYING'], 'DONE', ['verified', 'no-verifiers']],
  [['VERIFYING'], 'RETRYING', ['verify-fail']],
  [['ASSIGNED', 'RUNNING', 'VERIFYING'], 'RESUMING', ['supervisor-restart']],
  [['RUNNING', 'VERIFYING', 'RETRYING', 'RESUMING'], 'NEEDS_HUMAN', ESCALATIONS],
  [NON_TERMINAL, 'CANCELLED', ['cancelled']],
  [['NEEDS_HUMAN'], 'DONE', ['approved']],
  [['NEEDS_HUMAN'], 'READY', ['retry-requested']],
];

/**
 * Causes the engine uses beyond DESIGN §3's table, each for a reason the design implies:
 * - `rate-limit` is a service failure retried with backoff like `transient` (DESIGN §5);
 * - `config` (a cwd that does not exist, DESIGN §2) and `agent-missing` can end any attempt,
 *   not only a spawn, and stop for a human;
 * - an ASSIGNED task can escalate like the other in-flight states (an orphaned claim that hit
 *   the resume cap is the case the reconciler meets);
 * - a READY task whose budget is spent before it starts (a cap of 0, a retry with no new budget)
 *   stops for a human: dispatching it would only stop it at once.
 */
const EXTENSIONS: readonly Row[] = [
  [['READY'], 'NEEDS_HUMAN', ['budget']],
  [['ASSIGNED', 'RUNNING'], 'RETRYING', ['rate-limit']],
  [['ASSIGNED', 'RUNNING', 'VERIFYING', 'RETRYING', 'RESUMING'], 'NEEDS_HUMAN', ['agent-missing', 'config']],
  [['ASSIGNED'], 'NEEDS_HUMAN', ESCALATIONS],
];

const FROM: readonly FromState[] = [CREATED, ...TASK_STATES];

function expectedCauses(from: FromState, to: TaskState): Set<TransitionCause> {
  const causes = new Set<TransitionCause>();
  for (const [froms, target, cs] of [...DESIGN, ...EXTENSIONS]) {
    if (target === to && froms.includes(from)) cs.forEach((c) => causes.add(c));
  }
  return causes;
}

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('the transition table', () => {
  it('covers CREATED and the ten states of DESIGN §3', () => {
    expect(FROM).toEqual([CREATED, 'PENDING', 'READY', 'ASSIGNED', 'RUNNING', 'VERIFYING', 'DONE', 'RETRYING', 'RESUMING', 'NEEDS_HUMAN', 'CANCELLED']);
  });

  for (const from of FROM) {
    for (const to of TASK_STATES) {
      const causes = expectedCauses(from, to);
      const legal = causes.size > 0;
      const label = legal ? `legal for ${[...causes].join(', ')}` : 'illegal';
      it(`${from} -> ${to} is ${label}`, () => {
        expect(isLegalTransition(from, to)).toBe(legal);
        for (const cause of TRANSITION_CAUSES) {
          const ok = causes.has(cause);
          expect(isLegalCause(from, to, cause), `${from} -> ${to} (${cause})`).toBe(ok);
          const err = thrown(() => assertTransition('t', from, to, cause));
          if (ok) {
            expect(err, `${from} -> ${to} (${cause})`).toBeUndefined();
          } else {
            expect(err, `${from} -> ${to} (${cause})`).toBeInstanceOf(IllegalTransitionError);
          }
        }
      });
    }
  }

  it('nothing leaves DONE or CANCELLED, and nothing enters CREATED', () => {
    for (const to of TASK_STATES) {
      expect(isLegalTransition('DONE', to)).toBe(false);
      expect(isLegalTransition('CANCELLED', to)).toBe(false);
    }
    expect(FROM.filter((from) => isLegalTransition(from, 'PENDING'))).toEqual([CREATED]);
  });

  it('every non-terminal state can be cancelled by a person', () => {
    expect(FROM.filter((from) => isLegalCause(from, 'CANCELLED', 'cancelled'))).toEqual(NON_TERMINAL);
  });

  it('an illegal transition names the task, both states and the cause', () => {
    const err = thrown(() => assertTransition('deploy', 'DONE', 'READY', 'retry-requested'));
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect(err).toMatchObject({
      name: 'IllegalTransitionError',
      message: 'illegal transition for task deploy: DONE -> READY (retry-requested)',
      task: 'deploy',
      from: 'DONE',
      to: 'READY',
      transitionCause: 'retry-requested',
    });
  });

  it('a legal edge with the wrong cause throws', () => {
    const err = thrown(() => assertTransition('t', 'VERIFYING', 'DONE', 'approved'));
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect((err as Error).message).toBe('illegal transition for task t: VERIFYING -> DONE (approved)');
    expect(isLegalTransition('VERIFYING', 'DONE')).toBe(true);
  });
});
