import { describe, expect, it } from 'vitest';
import { components, criticalPath, downstream, findCycles, remainingChain, topologicalWaves, type GraphNode } from '../../src/core/graph.js';

const g = (spec: Record<string, string[]>): GraphNode[] => Object.entries(spec).map(([name, dependsOn]) => ({ name, dependsOn }));

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(findCycles(g({ a: [], b: ['a'], c: ['a', 'b'] }))).toEqual([]);
  });
  it('names a 2-cycle and a 3-cycle as closed walks from their earliest task', () => {
    expect(findCycles(g({ a: ['b'], b: ['a'] }))).toEqual([['a', 'b', 'a']]);
    expect(findCycles(g({ x: [], a: ['b'], b: ['c'], c: ['a'] }))).toEqual([['a', 'b', 'c', 'a']]);
  });
  it('reports two disjoint cycles, and a self-loop, in manifest order', () => {
    expect(findCycles(g({ s: ['s'], a: ['b'], b: ['a'], c: ['d'], d: ['c'] }))).toEqual([
      ['s', 's'],
      ['a', 'b', 'a'],
      ['c', 'd', 'c'],
    ]);
  });
  it('reports the cycle, not the tasks that merely depend on it', () => {
    expect(findCycles(g({ top: ['a'], a: ['b'], b: ['a'] }))).toEqual([['a', 'b', 'a']]);
  });
  it('ignores dependencies on unknown tasks', () => {
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
  it('puts independent tasks in one wave in manifest order', () => {
    expect(topologicalWaves(g({ c: [], a: [], b: [] }))).toEqual([['c', 'a', 'b']]);
  });
  it('throws on a cycle (the manifest check runs first)', () => {
    expect(() => topologicalWaves(g({ a: ['b'], b: ['a'] }))).toThrow(/cycle/);
  });
});

describe('criticalPath', () => {
  it('is the longest chain by task count', () => {
    expect(criticalPath(g({ a: [], b: ['a'], c: ['b'], d: ['a'] }))).toEqual({ length: 3, path: ['a', 'b', 'c'] });
  });
  it('weighs tasks when weights are given', () => {
    const w: Record<string, number> = { a: 1, b: 1, c: 1, d: 10 };
    expect(criticalPath(g({ a: [], b: ['a'], c: ['b'], d: ['a'] }), (n) => w[n]!)).toEqual({ length: 11, path: ['a', 'd'] });
  });
  it('is empty for no tasks', () => {
    expect(criticalPath([])).toEqual({ length: 0, path: [] });
  });
});

describe('remainingChain', () => {
  it('counts the task and the longest chain of its dependents', () => {
    const chain = remainingChain(g({ a: [], b: ['a'], c: ['b'], d: [] }));
    expect(Object.fromEntries(chain)).toEqual({ a: 3, b: 2, c: 1, d: 1 });
  });
});

describe('components and downstream', () => {
  it('splits weakly connected components', () => {
    expect(components(g({ a: [], b: ['a'], c: [], d: ['c'], e: [] }))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
  it('lists every transitive dependent in manifest order', () => {
    expect(downstream(g({ a: [], b: ['a'], c: ['b'], d: [], e: ['a', 'd'] }), 'a')).toEqual(['b', 'c', 'e']);
    expect(downstream(g({ a: [] }), 'missing')).toEqual([]);
  });
});

describe('scale', () => {
  it('handles a 10,000-task chain without overflowing the stack', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => ({ name: `t${i}`, dependsOn: i === 0 ? [] : [`t${i - 1}`] }));
    expect(topologicalWaves(nodes)).toHaveLength(10_000);
    expect(criticalPath(nodes).length).toBe(10_000);
    expect(findCycles(nodes)).toEqual([]);
    expect(remainingChain(nodes).get('t0')).toBe(10_000);
    const loop = [...nodes.slice(1), { name: 't0', dependsOn: ['t9999'] }];
    expect(findCycles(loop)[0]).toHaveLength(10_001);
  });
});
