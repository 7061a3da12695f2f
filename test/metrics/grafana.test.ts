// The Grafana dashboard and the alerting rules in the docs against the real thing: every metric a
// dashboard query names is one the registry emits, the dashboard covers the fleet's five areas, and
// the rules block of docs/metrics.md passes `promtool check rules` (as do the dashboard's queries).
// What those rules fire on is tested in alerts.test.ts.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetStats } from '../../src/core/stats.js';
import { buildRegistry } from '../../src/metrics/registry.js';
import { tempDir } from '../helpers/ledger.js';
import { documentedRules, PROMTOOL, promtoolTestRules } from '../helpers/prometheus.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DASHBOARD = join(ROOT, 'docs', 'grafana', 'overseer-fleet.json');

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}
interface Dashboard {
  panels: Panel[];
  templating?: { list?: Array<{ name: string; query?: string | { query?: string } }> };
  __inputs?: Array<{ name: string; pluginId: string }>;
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

/** Every panel, rows' nested panels included. */
function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

const panels = allPanels(dashboard.panels);
const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr).filter((e): e is string => typeof e === 'string' && e !== ''));

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\boverseer_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));
}

/** A fleet touching every metric: a budget, and at least one observation of each histogram. */
const STATS: FleetStats = {
  tasksByState: { DONE: 1, NEEDS_HUMAN: 1, RUNNING: 1 },
  costUsd: 1.25,
  budgetUsd: 4,
  retriesByCause: { 'verify-fail': 1, timeout: 1 },
  attemptsByOutcome: { success: 2, timeout: 1 },
  attemptSeconds: [30, 90, 400],
  taskSeconds: [500],
  verifications: [
    { kind: 'run', verdict: 'PASS', count: 1 },
    { kind: 'run', verdict: 'FAIL', count: 1 },
    { kind: 'brain', verdict: 'PASS', count: 1 },
  ],
  verifierSeconds: { run: [1.5, 0.5], brain: [2] },
  breakerOpen: false,
};

async function emittedNames(): Promise<Set<string>> {
  const registry = buildRegistry(STATS);
  return new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
}

function promtoolCheckRules(yaml: string): { code: number | null; output: string } {
  const file = join(tempDir(), 'rules.yml');
  writeFileSync(file, yaml);
  const r = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the Grafana dashboard', () => {
  it('is an importable dashboard with a Prometheus datasource input', () => {
    expect(dashboard.__inputs).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' })]));
    expect(exprs.length).toBeGreaterThan(0);
    expect(dashboard.templating?.list?.map((v) => v.name)).toContain('run_id');
  });

  it('queries only metrics the registry emits', async () => {
    const emitted = await emittedNames();
    const variableQueries = (dashboard.templating?.list ?? []).map((v) => (typeof v.query === 'string' ? v.query : (v.query?.query ?? '')));
    const named = [...exprs, ...variableQueries].flatMap(metricNames);
    expect(named.length).toBeGreaterThan(0);
    const unknown = [...new Set(named)].filter((n) => !emitted.has(n));
    expect(unknown, `metrics the registry does not emit (emitted: ${[...emitted].join(', ')})`).toEqual([]);
  });

  it('covers tasks by state, spend, retries, verifier pass rate and attempt durations', () => {
    const named = new Set(exprs.flatMap(metricNames));
    for (const area of ['tasks_by_state', 'fleet_cost_usd_total', 'retries_total', 'verifier_pass_rate', 'attempt_duration_seconds']) {
      expect(named, area).toContain(`overseer_${area}`);
    }
  });

  it('gives every panel a unique id', () => {
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has queries that parse as PromQL (promtool check rules)', () => {
    const rules = exprs.map((expr, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr.replaceAll('$run_id', '.*'))}\n`).join('');
    const { code, output } = promtoolCheckRules(`groups:\n  - name: dashboard\n    rules:\n${rules}`);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });
});

describe('the alerting rules in docs/metrics.md', () => {
  it('pass promtool check rules', () => {
    const { code, output } = promtoolCheckRules(documentedRules());
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(code, output).toBe(0);
  });

  it('name only metrics the registry emits', async () => {
    const emitted = await emittedNames();
    const named = [...new Set(metricNames(documentedRules()))];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !emitted.has(n))).toEqual([]);
  });
});

describe("the dashboard's breaker stat", () => {
  const breaker = exprs.find((e) => e.includes('overseer_breaker_open'))!.replaceAll('$run_id', '.*');
  const group = (runId: string, active: 0 | 1) => [
    { series: `overseer_breaker_open{job="overseer",run_id="${runId}"}`, values: '1x10' },
    { series: `overseer_run_active{job="overseer",run_id="${runId}"}`, values: `${active}x10` },
  ];
  const valueAt = (series: ReturnType<typeof group>, value: number) =>
    promtoolTestRules('groups: []\n', [{ name: 'breaker', interval: '1m', input_series: series, promql_expr_test: [{ expr: breaker, eval_time: '5m', exp_samples: [{ labels: '{}', value }] }] }]);

  it("shows 0 for a finished run whose last values said the breaker was open (it stops nothing), and 1 for a run still going", () => {
    for (const [series, value] of [
      [group('finished', 0), 0],
      [[...group('finished', 0), ...group('live', 1)], 1],
    ] as const) {
      const { code, output } = valueAt([...series], value);
      expect(code, output).toBe(0);
    }
  });
});
