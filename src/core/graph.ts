// The task dependency graph: cycles, topological waves, the critical path, the longest remaining
// chain (dispatch priority), weakly connected components (shards) and what a waiting task waits
// on. All iterative, so a 10k-task chain cannot overflow the stack; all ordered by manifest order,
// so results are deterministic.
// An edge `a depends_on b` means a waits for b. Dependencies naming unknown tasks are ignored here:
// the manifest check reports them.

import type { TaskState } from './model.js';

export interface GraphNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

interface Indexed {
  readonly names: readonly string[];
  /** deps[i] = indices of the tasks i waits for (known names only, duplicates removed). */
  readonly deps: readonly number[][];
  /** dependents[i] = indices of the tasks that wait for i. */
  readonly dependents: readonly number[][];
}

function index(nodes: readonly GraphNode[]): Indexed {
  const at = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!at.has(n.name)) at.set(n.name, i);
  });
  const deps = nodes.map((n) => [...new Set(n.dependsOn.flatMap((d) => (at.has(d) ? [at.get(d)!] : [])))]);
  const dependents: number[][] = nodes.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => dependents[d]!.push(i)));
  return { names: nodes.map((n) => n.name), deps, dependents };
}

/** Strongly connected components (Tarjan, iterative), each as node indices. */
function stronglyConnected(g: Indexed): number[][] {
  const n = g.names.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const work: Array<[node: number, edge: number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, e] = frame;
      const edges = g.deps[v]!;
      if (e < edges.length) {
        frame[1] = e + 1;
        const w = edges[e]!;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, order[w]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}

/**
 * Every dependency cycle, one per strongly connected component, as a closed walk of names:
 * `["a", "b", "a"]` reads "a depends on b, which depends on a". Ordered by manifest position.
 */
export function findCycles(nodes: readonly GraphNode[]): string[][] {
  const g = index(nodes);
  const cycles: number[][] = [];
  for (const component of stronglyConnected(g)) {
    const members = new Set(component);
    const start = component.reduce((a, b) => Math.min(a, b));
    if (component.length === 1 && !g.deps[start]!.includes(start)) continue;
    // Walk inside the component, always to the earliest member dependency, until a node repeats.
    const seenAt = new Map<number, number>();
    const walk: number[] = [];
    let v = start;
    while (!seenAt.has(v)) {
      seenAt.set(v, walk.length);
      walk.push(v);
      v = Math.min(...g.deps[v]!.filter((d) => members.has(d)));
    }
    const loop = walk.slice(seenAt.get(v));
    cycles.push([...loop, loop[0]!]);
  }
  return cycles
    .sort((a, b) => a[0]! - b[0]!)
    .map((c) => c.map((i) => g.names[i]!));
}

/** Kahn's order: indices such that every task comes after its dependencies. Throws on a cycle. */
function topologicalOrder(g: Indexed): number[] {
  const remaining = g.deps.map((d) => d.length);
  const queue: number[] = [];
  remaining.forEach((r, i) => {
    if (r === 0) queue.push(i);
  });
  for (let head = 0; head < queue.length; head++) {
    for (const dependent of g.dependents[queue[head]!]!) {
      if (--remaining[dependent]! === 0) queue.push(dependent);
    }
  }
  if (queue.length !== g.names.length) {
    throw new Error('dependency graph has a cycle; validate the manifest first');
  }
  return queue;
}

/**
 * Waves: wave 0 holds tasks with no dependencies, wave k the tasks whose deepest dependency is in
 * wave k-1. Tasks in one wave could all run at once. Names keep manifest order within a wave.
 */
export function topologicalWaves(nodes: readonly GraphNode[]): string[][] {
  const g = index(nodes);
  const level = new Array<number>(g.names.length).fill(0);
  for (const v of topologicalOrder(g)) {
    for (const d of g.deps[v]!) level[v] = Math.max(level[v]!, level[d]! + 1);
  }
  const waves: string[][] = [];
  level.forEach((l, i) => (waves[l] ??= []).push(g.names[i]!));
  return waves;
}

export interface CriticalPath {
  /** Sum of weights along the path. */
  readonly length: number;
  /** Names from the first task to run to the last. */
  readonly path: string[];
}

/** The heaviest dependency chain; `weight` defaults to 1 per task. Ties go to manifest order. */
export function criticalPath(nodes: readonly GraphNode[], weight: (name: string) => number = () => 1): CriticalPath {
  const g = index(nodes);
  if (g.names.length === 0) return { length: 0, path: [] };
  const dist = new Array<number>(g.names.length).fill(0);
  const via = new Array<number>(g.names.length).fill(-1);
  for (const v of topologicalOrder(g)) {
    // Of equally heavy dependencies, the earliest in the manifest: the path does not depend on
    // the order a task lists its depends_on.
    for (const d of g.deps[v]!) {
      const best = via[v]!;
      if (best === -1 || dist[d]! > dist[best]! || (dist[d] === dist[best] && d < best)) via[v] = d;
    }
    dist[v] = (via[v] === -1 ? 0 : dist[via[v]!]!) + weight(g.names[v]!);
  }
  let end = 0;
  dist.forEach((d, i) => {
    if (d > dist[end]!) end = i;
  });
  const path: string[] = [];
  for (let v = end; v !== -1; v = via[v]!) path.push(g.names[v]!);
  return { length: dist[end]!, path: path.reverse() };
}

/**
 * For each task, the weight of the longest chain that starts at it and runs through its
 * dependents: the work that cannot start until it ends. Dispatch runs the largest first.
 */
export function remainingChain(
  nodes: readonly GraphNode[],
  weight: (name: string) => number = () => 1,
): Map<string, number> {
  const g = index(nodes);
  const chain = new Array<number>(g.names.length).fill(0);
  const order = topologicalOrder(g);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    let best = 0;
    for (const d of g.dependents[v]!) best = Math.max(best, chain[d]!);
    chain[v] = best + weight(g.names[v]!);
  }
  return new Map(g.names.map((name, i) => [name, chain[i]!]));
}

/** Weakly connected components (tasks linked by any dependency, either way), in manifest order. */
export function components(nodes: readonly GraphNode[]): string[][] {
  const g = index(nodes);
  const parent = g.names.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  g.deps.forEach((ds, i) =>
    ds.forEach((d) => {
      const a = find(i);
      const b = find(d);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }),
  );
  const groups = new Map<number, string[]>();
  g.names.forEach((name, i) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(name);
  });
  return [...groups.values()];
}

/** Every task that depends on `name`, directly or through others, in manifest order. */
export function downstream(nodes: readonly GraphNode[], name: string): string[] {
  const g = index(nodes);
  const start = g.names.indexOf(name);
  if (start === -1) return [];
  const seen = new Set<number>([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const d of g.dependents[queue[head]!]!) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
  seen.delete(start);
  return [...seen].sort((a, b) => a - b).map((i) => g.names[i]!);
}

/**
 * What a PENDING task waits on: the first task up its dependency chain that is not DONE and not
 * itself PENDING (a task that needs a human, or one still on its way), or the last PENDING one when
 * the chain ends there. Undefined when every dependency is DONE.
 */
export function blocker(name: string, tasks: ReadonlyMap<string, GraphNode & { readonly state: TaskState }>): string | undefined {
  const seen = new Set<string>([name]);
  let at = name;
  let last: string | undefined;
  for (;;) {
    const dep = tasks.get(at)?.dependsOn.find((d) => {
      const state = tasks.get(d)?.state;
      return state !== undefined && state !== 'DONE';
    });
    if (dep === undefined) return last;
    if (tasks.get(dep)!.state !== 'PENDING' || seen.has(dep)) return dep;
    seen.add(dep);
    last = dep;
    at = dep;
  }
}
