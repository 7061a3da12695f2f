// The dependency graph on small explicit graphs, and on 10,000 tasks to show nothing recurses.

import { describe, expect, it } from 'vitest';
import { blocker, components, criticalPath, downstream, findCycles, remainingChain, topologicalWaves, type GraphNode } from '../../src/core/graph.js';
import type { TaskState } from '../../src/core/model.js';

/** Tasks in manifest order: `{ b: ['a'] }` is task b, which depends on a. */
const g = (spec: Record<string, string[]>): GraphNode[] => Object.entries(spec).map(([name, dependsOn]) => ({ name, dependsOn }));

const chain = (n: number): GraphNode[] => Array.from({ length: n }, (_, i) => ({ name: `t${i}`, dependsOn: i === 0 ? [] : [`t${i - 1}`] }));

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(findCycles(g({ a: [], b: ['a'], c: ['a', 'b'] }))).toEqual([]);
  });

  it('finds none in an empty graph', () => {
    expect(findCycles([])).toEqual([]);
  });

  it('names a 2-cycle as a closed walk from its earliest task', () => {
    expect(findCycles(g({ a: ['b'], b: ['a'] }))).toEqual([['a', 'b', 'a']]);
  });

  it('names a 3-cycle in the direction of the dependencies: a waits for c, c for b, b for a', () => {
    expect(findCycles(g({ x: [], a: ['c'], b: ['a'], c: ['b'] }))).toEqual([['a', 'c', 'b', 'a']]);
  });

  // A task that depends on itself cannot run, and topologicalWaves refuses it, so findCycles
  // reports it too: the graph has one idea of "acyclic". The manifest check reports self
  // dependencies in their own words and leaves them out of its cycle search.
  it('reports a self-dependency as a cycle of one, as topologicalWaves refuses it', () => {
    expect(findCycles(g({ a: [], s: ['s'] }))).toEqual([['s', 's']]);
    expect(() => topologicalWaves(g({ a: [], s: ['s'] }))).toThrow('dependency graph has a cycle; validate the manifest first');
  });

  it('reports two disjoint cycles, in manifest order of their earliest task', () => {
    expect(findCycles(g({ c: ['d'], a: ['b'], b: ['a'], d: ['c'] }))).toEqual([
      ['c', 'd', 'c'],
      ['a', 'b', 'a'],
    ]);
  });

  it('reports the cycle, not the tasks that depend on it or that it depends on', () => {
    expect(findCycles(g({ top: ['a'], a: ['b', 'base'], b: ['a'], base: [] }))).toEqual([['a', 'b', 'a']]);
  });

  it('reports one cycle per tangle when cycles share tasks', () => {
    // a <-> b and b <-> c are one strongly connected tangle: one message is enough to act on.
    expect(findCycles(g({ a: ['b'], b: ['a', 'c'], c: ['b'] }))).toEqual([['a', 'b', 'a']]);
  });

  it('ignores dependencies on tasks it does not know', () => {
    expect(findCycles(g({ a: ['ghost'] }))).toEqual([]);
  });
});

describe('topologicalWaves', () => {
  it('groups a diamond into three waves', () => {
    expect(topologicalWaves(g({ top: [], left: ['top'], right: ['top'], bottom: ['left', 'right'] }))).toEqual([
      ['top'],
      ['left', 'right'],
      ['bottom'],
    ]);
  });

  it('puts each task of a chain in its own wave, whatever the manifest order', () => {
    expect(topologicalWaves(g({ c: ['b'], a: [], b: ['a'] }))).toEqual([['a'], ['b'], ['c']]);
  });

  it('puts independent tasks in one wave in manifest order', () => {
    expect(topologicalWaves(g({ c: [], a: [], b: [] }))).toEqual([['c', 'a', 'b']]);
  });

  it('places a task after its deepest dependency', () => {
    expect(topologicalWaves(g({ a: [], b: ['a'], c: ['b'], d: ['a', 'c'] }))).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('counts a dependency listed twice once', () => {
    expect(topologicalWaves(g({ a: [], b: ['a', 'a'] }))).toEqual([['a'], ['b']]);
  });

  it('throws on a cycle (the manifest check runs first)', () => {
    expect(() => topologicalWaves(g({ a: ['b'], b: ['a'] }))).toThrow('dependency graph has a cycle; validate the manifest first');
  });
});

describe('criticalPath', () => {
  it('is the longest chain by task count when unweighted', () => {
    expect(criticalPath(g({ a: [], b: ['a'], c: ['b'], d: ['a'] }))).toEqual({ length: 3, path: ['a', 'b', 'c'] });
  });

  it('follows weights over task count', () => {
    const w: Record<string, number> = { a: 1, b: 1, c: 1, d: 10 };
    expect(criticalPath(g({ a: [], b: ['a'], c: ['b'], d: ['a'] }), (n) => w[n]!)).toEqual({ length: 11, path: ['a', 'd'] });
  });

  it('breaks a tie between equal dependencies by manifest order, not by the order depends_on lists them', () => {
    expect(criticalPath(g({ a: [], b: [], c: ['b', 'a'] }))).toEqual({ length: 2, path: ['a', 'c'] });
  });

  it('breaks a tie between equal chains by manifest order of their last task', () => {
    expect(criticalPath(g({ x: [], y: ['x'], a: [], b: ['a'] }))).toEqual({ length: 2, path: ['x', 'y'] });
  });

  it('is a single task when nothing depends on anything', () => {
    expect(criticalPath(g({ solo: [], other: [] }), (n) => (n === 'other' ? 5 : 2))).toEqual({ length: 5, path: ['other'] });
  });

  it('is empty for no tasks', () => {
    expect(criticalPath([])).toEqual({ length: 0, path: [] });
  });
});

describe('remainingChain', () => {
  it('counts the task and the longest chain of its dependents', () => {
    expect(Object.fromEntries(remainingChain(g({ a: [], b: ['a'], c: ['b'], d: [] })))).toEqual({ a: 3, b: 2, c: 1, d: 1 });
  });

  it('weighs each task on the chain, taking the heaviest branch', () => {
    const w: Record<string, number> = { root: 2, fast: 1, slow: 7, end: 3 };
    const chainOf = remainingChain(g({ root: [], fast: ['root'], slow: ['root'], end: ['fast'] }), (n) => w[n]!);
    expect(Object.fromEntries(chainOf)).toEqual({ root: 9, fast: 4, slow: 7, end: 3 });
  });
});

describe('components', () => {
  it('splits weakly connected components, in manifest order', () => {
    expect(components(g({ a: [], b: ['a'], c: [], d: ['c'], e: [] }))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('joins tasks linked only through a shared dependent', () => {
    expect(components(g({ x: [], y: [], z: ['x', 'y'], lone: [] }))).toEqual([['x', 'y', 'z'], ['lone']]);
  });

  it('orders a component by its first task even when its root comes later', () => {
    expect(components(g({ child: ['root'], other: [], root: [] }))).toEqual([['child', 'root'], ['other']]);
  });
});

describe('downstream', () => {
  it('lists every transitive dependent in manifest order', () => {
    expect(downstream(g({ a: [], b: ['a'], c: ['b'], d: [], e: ['a', 'd'] }), 'a')).toEqual(['b', 'c', 'e']);
  });

  it('is empty for a leaf and for an unknown name', () => {
    expect(downstream(g({ a: [], b: ['a'] }), 'b')).toEqual([]);
    expect(downstream(g({ a: [] }), 'missing')).toEqual([]);
  });
});

describe('at 10,000 tasks', () => {
  it('a chain goes through every function without overflowing the stack', () => {
    const nodes = chain(10_000);
    expect(topologicalWaves(nodes)).toHaveLength(10_000);
    expect(criticalPath(nodes)).toMatchObject({ length: 10_000 });
    expect(criticalPath(nodes).path[9_999]).toBe('t9999');
    expect(findCycles(nodes)).toEqual([]);
    expect(remainingChain(nodes).get('t0')).toBe(10_000);
    expect(components(nodes)).toHaveLength(1);
    expect(downstream(nodes, 't0')).toHaveLength(9_999);
  });

  it('the same chain written last task first gives the same answers', () => {
    const nodes = chain(10_000).reverse();
    expect(topologicalWaves(nodes)[0]).toEqual(['t0']);
    expect(criticalPath(nodes).path[0]).toBe('t0');
    expect(remainingChain(nodes).get('t0')).toBe(10_000);
  });

  it('a chain closed into one loop is one cycle through all of it', () => {
    const loop = [...chain(10_000).slice(1), { name: 't0', dependsOn: ['t9999'] }];
    const [cycle, ...rest] = findCycles(loop);
    expect(rest).toEqual([]);
    expect(cycle).toHaveLength(10_001);
    expect([cycle![0], cycle![1], cycle![10_000]]).toEqual(['t1', 't0', 't1']);
  });
});

describe('blocker', () => {
  /** `{ b: ['PENDING', 'a'] }` is task b, PENDING, which depends on a. */
  const tasks = (spec: Record<string, [TaskState, ...string[]]>) =>
    new Map(Object.entries(spec).map(([name, [state, ...dependsOn]]) => [name, { name, state, dependsOn }]));

  it('is the first dependency up the chain that is not DONE and not waiting itself', () => {
    const t = tasks({ a: ['NEEDS_HUMAN'], b: ['PENDING', 'a'], c: ['PENDING', 'b'], d: ['PENDING', 'x', 'c'], x: ['DONE'] });
    expect(blocker('b', t)).toBe('a');
    expect(blocker('c', t)).toBe('a');
    expect(blocker('d', t)).toBe('a');
  });

  it('is a running dependency, or the last waiting one when the chain ends there; none when every dependency is DONE', () => {
    expect(blocker('b', tasks({ a: ['RUNNING'], b: ['PENDING', 'a'] }))).toBe('a');
    expect(blocker('c', tasks({ a: ['DONE'], b: ['PENDING', 'a'], c: ['PENDING', 'b'] }))).toBe('b');
    expect(blocker('b', tasks({ a: ['DONE'], b: ['PENDING', 'a', 'unknown'] }))).toBeUndefined();
  });

  it('stops on a cycle, and walks a 10,000-task chain without recursing', () => {
    expect(blocker('a', tasks({ a: ['PENDING', 'b'], b: ['PENDING', 'a'] }))).toBe('a');
    const long = new Map(chain(10_000).map((n, i) => [n.name, { ...n, state: (i === 0 ? 'NEEDS_HUMAN' : 'PENDING') as TaskState }]));
    expect(blocker('t9999', long)).toBe('t0');
  });
});
