// The job summary renderer: what a reader of the Actions summary must find (verdict, a row per task
// with its numbers, what needs a human and how to continue), safe escaping, and a bounded size.

import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_MAX_BYTES, totals, type RunSummary, type SummaryTask } from '../../src/core/summary.js';

const task = (name: string, extra: Partial<SummaryTask> = {}): SummaryTask => ({
  name,
  state: 'DONE',
  cause: 'verified',
  dependsOn: [],
  attempts: 1,
  costUsd: 0.5,
  durationMs: 61_000,
  verdicts: [{ kind: 'run', verdict: 'PASS' }],
  ...extra,
});
const run = (tasks: SummaryTask[], extra: Partial<RunSummary> = {}): RunSummary => ({ mode: 'run', runId: 'run-1', tasks, durationMs: 125_000, budgetUsd: null, ...extra });

/** Table rows as cells, split the way GitHub splits them: on every `|` not escaped. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Task |'))
    .map((l) => l.slice(2, -2).split(' | '));
}

describe('renderSummary of a run', () => {
  it('a fleet all DONE: pass headline, one row per task with its numbers, the graph coloured', () => {
    const md = renderSummary(run([task('schema'), task('api', { dependsOn: ['schema'], attempts: 2, costUsd: 1.25, verdicts: [{ kind: 'run', verdict: 'PASS' }, { kind: 'brain', verdict: 'PASS' }] })]));
    expect(md).toMatch(/^## ✅ overseer: all 2 tasks DONE/);
    expect(md).toContain('Verified in 2m05s; spent $1.75.');
    expect(rows(md)).toEqual([
      ['<code>schema</code>', '✅ DONE', '1', '$0.50', '1m01s', 'run ✅'],
      ['<code>api</code>', '✅ DONE', '2', '$1.25', '1m01s', 'run ✅ · brain ✅'],
    ]);
    expect(md).toContain('```mermaid\nflowchart LR\n  t0["schema<br/>DONE"]:::done\n  t1["api<br/>DONE"]:::done\n  t0 --> t1');
    expect(md).not.toContain('Needs a human');
  });

  it("a task stopped by the run's cap within its own is told so: raise the run's budget; a new cap for the task would not help", () => {
    const stopped = task('a', { state: 'NEEDS_HUMAN', cause: 'budget', costUsd: 0.4, budgetUsd: 5, verdicts: [] });
    const md = renderSummary(run([stopped, task('b', { state: 'NEEDS_HUMAN', cause: 'budget', costUsd: 0.6, budgetUsd: null, verdicts: [] })], { budgetUsd: 1 }));
    expect(md).toContain("#### <code>a</code>: the run's budget is spent (this task spent $0.40)");
    expect(md).toContain("#### <code>b</code>: the run's budget is spent (this task spent $0.60)");
    expect(md).toContain("# raise the run's budget (--budget-usd, or [fleet] budget_usd), then:\noverseer retry a ");
    expect(md).not.toContain('retry --budget-usd');
  });

  it("a budget stop with the run's cap unspent, or no run cap, was a reviewer's budget_usd: not blamed on the run", () => {
    const stopped = task('a', { state: 'NEEDS_HUMAN', cause: 'budget', costUsd: 0.96, budgetUsd: null, verdicts: [] });
    for (const budgetUsd of [null, 10]) {
      const md = renderSummary(run([stopped], { budgetUsd }));
      expect(md).toContain('#### <code>a</code>: a reviewer spent its own budget before it answered (this task spent $0.96)');
      expect(md).not.toContain("raise the run's budget");
    }
  });

  it('a task that needs a human: fail headline, its reason, its failure and the commands that continue it', () => {
    const md = renderSummary(
      run(
        [
          task('a'),
          task('b', { state: 'NEEDS_HUMAN', cause: 'budget', attempts: 3, costUsd: 2.1, budgetUsd: 2, verdicts: [{ kind: 'run', verdict: 'FAIL' }], lastFailure: 'run verifier: npm test\n3 failing\n```\nnot a fence end' }),
          task('c', { state: 'PENDING', cause: 'created', attempts: 0, costUsd: 0, durationMs: null, verdicts: [] }),
        ],
        { budgetUsd: 10 },
      ),
    );
    expect(md).toMatch(/^## ❌ overseer: 1 of 3 tasks DONE\n\n1 PENDING, 1 NEEDS_HUMAN in 2m05s; spent \$2\.60 of \$10\.00\./);
    expect(md).toContain('### Needs a human (1)');
    expect(md).toContain('#### <code>b</code>: its budget is spent ($2.10 of $2.00)');
    // The failure is fenced with more backticks than it holds, so it cannot close the block early.
    expect(md).toContain('````text\nrun verifier: npm test\n3 failing\n```\nnot a fence end\n````');
    expect(md).toContain('overseer retry --budget-usd 5 b');
    expect(md).toContain('overseer approve b');
    expect(rows(md)[1]).toEqual(['<code>b</code>', '🙋 NEEDS_HUMAN (budget)', '3', '$2.10', '1m01s', 'run ❌']);
    expect(rows(md)[2]).toEqual(['<code>c</code>', '⏳ PENDING (created)', '0', '$0.00', '–', '–']);
    expect(md).toContain('t1["b<br/>NEEDS_HUMAN"]:::human');
  });

  it('escapes | and HTML in names and causes so a row keeps its cells and nothing renders as markup', () => {
    const md = renderSummary(run([task('x|y<script>alert(1)</script>', { state: 'CANCELLED', cause: 'a|b<img src=x>' })]));
    const [row] = rows(md);
    expect(row).toHaveLength(6);
    expect(row![0]).toBe('<code>x&#124;y&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(row![1]).toBe('⛔ CANCELLED (a&#124;b&lt;img src=x&gt;)');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
  });

  it('uses the CLI name it is given in the commands it shows', () => {
    const md = renderSummary(run([task('b', { state: 'NEEDS_HUMAN', cause: 'retries-exhausted' })], { cli: 'npx overseer' }));
    expect(md).toContain('npx overseer retry b');
    expect(md).toContain('retries exhausted');
  });

  it('a 10k-task fleet stays under the 1 MiB GitHub accepts: DONE rows folded, the graph left out', () => {
    const tasks = Array.from({ length: 10_000 }, (_, i) =>
      i % 100 === 0 ? task(`t${i}`, { state: 'NEEDS_HUMAN', cause: 'retries-exhausted', lastFailure: 'x'.repeat(5000) }) : task(`t${i}`, { dependsOn: i ? [`t${i - 1}`] : [] }),
    );
    const md = renderSummary(run(tasks));
    expect(new TextEncoder().encode(md).length).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(md).toContain('**Not done (100)**');
    expect(md).toContain('<details><summary>9900 DONE tasks</summary>');
    expect(md).toContain('Dependency graph omitted for 10000 tasks');
    expect(md).not.toContain('```mermaid');
    // 30 with details, the other 70 named.
    expect(md.match(/^#### /gm)).toHaveLength(30);
    expect(md).toContain('…and 70 more: <code>t3000</code>');
    expect(md).toContain('x'.repeat(1500) + '\n… (3500 more characters in the log)');
  });

  it('cut to any size says so and closes what it opened', () => {
    const tasks = Array.from({ length: 2_000 }, (_, i) => task(`task-${i}`));
    const md = renderSummary(run(tasks), 20_000);
    expect(new TextEncoder().encode(md).length).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/summary cut to stay under the size GitHub accepts/);
    expect(md).toContain('<details>');
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });

  it('totals: pass only when every task is DONE', () => {
    expect(totals([task('a'), task('b')]).verdict).toBe('pass');
    expect(totals([task('a'), task('b', { state: 'CANCELLED' })])).toMatchObject({ verdict: 'fail', tasks: 2, costUsd: 1 });
    expect(totals([]).verdict).toBe('fail');
  });
});

describe('renderSummary of a dry run', () => {
  it('renders the plan: waves, critical path, the graph, and says nothing ran', () => {
    const md = renderSummary({
      mode: 'dry-run',
      tasks: [
        { name: 'a', dependsOn: [], agent: 'claude', verifiers: 2 },
        { name: 'b', dependsOn: ['a'], agent: 'codex', verifiers: 0 },
      ],
      waves: [['a'], ['b']],
      criticalPath: ['a', 'b'],
    });
    expect(md).toMatch(/^## 🧪 overseer dry run: 2 tasks in 2 waves/);
    expect(md).toContain('Nothing ran');
    expect(md).toContain('Critical path: <code>a</code> → <code>b</code>.');
    expect(md).toContain('| <code>b</code> | 2 | <code>a</code> | codex | 0 |');
    expect(md).toContain('t0 --> t1');
  });
});
