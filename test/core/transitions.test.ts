// Every (from, to) pair over CREATED and the ten states, against DESIGN §3 written out here
// independently of the source table.

import { describe, expect, it } from 'vitest';
import { CREATED, TASK_STATES, type FromState, type TaskState } from '../../src/core/model.js';
import { assertTransition, IllegalTransitionError, isLegalCause, isLegalTransition, TRANSITIONS } from '../../src/core/transitions.js';

const LEGAL: Record<FromState, TaskState[]> = {
  CREATED: ['PENDING'],
  PENDING: ['READY', 'CANCELLED'],
  READY: ['ASSIGNED', 'CANCELLED'],
  ASSIGNED: ['RUNNING', 'RETRYING', 'NEEDS_HUMAN', 'RESUMING', 'CANCELLED'],
  RUNNING: ['VERIFYING', 'RETRYING', 'RESUMING', 'NEEDS_HUMAN', 'CANCELLED'],
  VERIFYING: ['DONE', 'RETRYING', 'RESUMING', 'NEEDS_HUMAN', 'CANCELLED'],
  RETRYING: ['ASSIGNED', 'NEEDS_HUMAN', 'CANCELLED'],
  RESUMING: ['ASSIGNED', 'NEEDS_HUMAN', 'CANCELLED'],
  NEEDS_HUMAN: ['DONE', 'READY', 'CANCELLED'],
  DONE: [],
  CANCELLED: [],
};

const FROM: FromState[] = [CREATED, ...TASK_STATES];

describe('the transition table', () => {
  for (const from of FROM) {
    for (const to of TASK_STATES) {
      const legal = LEGAL[from].includes(to);
      it(`${from} -> ${to} is ${legal ? 'legal' : 'illegal'}`, () => {
        expect(isLegalTransition(from, to)).toBe(legal);
        if (!legal) {
          expect(() => assertTransition('t', from, to, 'cancelled')).toThrow(IllegalTransitionError);
        }
      });
    }
  }

  it('every legal edge names at least one cause, and each of them is accepted', () => {
    for (const from of FROM) {
      for (const to of LEGAL[from]) {
        const causes = TRANSITIONS[from][to]!;
        expect(causes.length).toBeGreaterThan(0);
        for (const cause of causes) expect(() => assertTransition('t', from, to, cause)).not.toThrow();
      }
    }
  });

  it('a legal edge with the wrong cause is illegal', () => {
    expect(isLegalCause('VERIFYING', 'DONE', 'verified')).toBe(true);
    expect(isLegalCause('VERIFYING', 'DONE', 'approved')).toBe(false);
    expect(() => assertTransition('t', 'PENDING', 'READY', 'dispatched')).toThrow('illegal transition for task t: PENDING -> READY (dispatched)');
  });

  it('the causes of DESIGN §3 sit on their edges', () => {
    const cases: Array<[FromState, TaskState, string]> = [
      [CREATED, 'PENDING', 'created'],
      ['PENDING', 'READY', 'deps-done'],
      ['PENDING', 'CANCELLED', 'dependency-cancelled'],
      ['READY', 'ASSIGNED', 'dispatched'],
      ['ASSIGNED', 'RUNNING', 'started'],
      ['ASSIGNED', 'RETRYING', 'transient'],
      ['ASSIGNED', 'NEEDS_HUMAN', 'agent-missing'],
      ['RUNNING', 'VERIFYING', 'agent-exited'],
      ['RUNNING', 'VERIFYING', 'result-grace'],
      ['RUNNING', 'RETRYING', 'idle-timeout'],
      ['VERIFYING', 'RETRYING', 'verify-fail'],
      ['VERIFYING', 'RESUMING', 'supervisor-restart'],
      ['RESUMING', 'NEEDS_HUMAN', 'resume-cap'],
      ['RETRYING', 'NEEDS_HUMAN', 'budget'],
      ['RUNNING', 'NEEDS_HUMAN', 'quota'],
      ['NEEDS_HUMAN', 'DONE', 'approved'],
      ['NEEDS_HUMAN', 'READY', 'retry-requested'],
      ['NEEDS_HUMAN', 'CANCELLED', 'cancelled'],
    ];
    for (const [from, to, cause] of cases) expect(isLegalCause(from, to, cause as never), `${from}->${to} (${cause})`).toBe(true);
  });
});
