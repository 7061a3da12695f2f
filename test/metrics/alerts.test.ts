// The alerting rules of docs/metrics.md, read from the doc itself and run by `promtool test rules`:
// they fire for a run that is still going and not for one whose group merely stayed on a
// Pushgateway (ended, or killed before its last push). And a real run that ended badly, read back
// from a real Pushgateway, fires none of them.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';
import { documentedRules, promtoolTestRules, samples, startPushgateway, type Pushgateway, type RuleTest } from '../helpers/prometheus.js';

const ALERTS = ['OverseerBurnRateHigh', 'OverseerTasksNeedHuman', 'OverseerVerifierPassRateLow', 'OverseerBreakerOpen', 'OverseerBudgetNearlySpent'];

/** Minutes of samples, one a minute; the alerts are read at EVAL, past every rule's `for`, the staleness limit and the burn rate's hour. */
const SPAN = 90;
const EVAL = '70m';

interface Run {
  /** A group's labels as a Prometheus scraping the gateway with honor_labels sees them. */
  labels: string;
  active: 0 | 1;
  /** Pushed: its `push_time_seconds` (promtool series notation); absent for a `metrics serve` target. */
  pushTime?: string;
  needsHuman: number;
  /** USD spent per minute. */
  spendPerMin: number;
}

/** A run in trouble: tasks waiting for a human, half its `run` verifiers failing, the breaker open, 50 cents left. */
function seriesOf(run: Run): RuleTest['input_series'] {
  const series = (name: string, values: string, extra = '') => ({ series: `${name}{${run.labels}${extra}}`, values });
  return [
    series('overseer_run_active', `${run.active}x${SPAN}`),
    series('overseer_tasks_by_state', `${run.needsHuman}x${SPAN}`, ',state="NEEDS_HUMAN"'),
    series('overseer_verifier_pass_rate', `0.5x${SPAN}`, ',kind="run"'),
    series('overseer_breaker_open', `1x${SPAN}`),
    series('overseer_budget_remaining_usd', `0.5x${SPAN}`),
    series('overseer_fleet_cost_usd_total', `100+${run.spendPerMin}x${SPAN}`),
    ...(run.pushTime === undefined ? [] : [series('push_time_seconds', run.pushTime)]),
  ];
}

const pushed = (runId: string) => `job="overseer",instance="",run_id="${runId}"`;
/** Pushed every minute up to now: time() - push_time_seconds stays 0. */
const PUSHING = `0+60x${SPAN}`;

/** Groups a gateway keeps after their runs: none of them is going. Each would fire every alert but the burn rate if it were. */
const GONE: Run[] = [
  // Ended a moment ago: its last push said so.
  { labels: pushed('finished'), active: 0, pushTime: PUSHING, needsHuman: 1, spendPerMin: 0 },
  // Killed before its last push: its group still says active, but nothing has been pushed since the start.
  { labels: pushed('killed'), active: 1, pushTime: `0x${SPAN}`, needsHuman: 8, spendPerMin: 0 },
  // A ledger at rest scraped from `overseer metrics serve`.
  { labels: 'job="overseer-serve",instance="127.0.0.1:9464"', active: 0, needsHuman: 16, spendPerMin: 0 },
];

const none = (alertname: string) => ({ eval_time: EVAL, alertname, exp_alerts: [] });

describe('the alerting rules in docs/metrics.md, under promtool test rules', () => {
  const rules = documentedRules();

  it('stay quiet for runs that are over: ended, killed before their last push, or at rest behind metrics serve', () => {
    const { code, output } = promtoolTestRules(rules, [{ name: 'gone', interval: '1m', input_series: GONE.flatMap(seriesOf), alert_rule_test: ALERTS.map(none) }]);
    expect(output).toContain('SUCCESS');
    expect(code, output).toBe(0);
  });

  it('fire for a pushed run that is going, counting it alone (not the groups the gateway kept)', () => {
    // NEEDS_HUMAN counts are powers of two, so the sum in the alert tells which runs it counted.
    const live: Run = { labels: pushed('live'), active: 1, pushTime: PUSHING, needsHuman: 2, spendPerMin: 0.5 };
    const own = { job: 'overseer', run_id: 'live' };
    const { code, output } = promtoolTestRules(rules, [
      {
        name: 'live among gone',
        interval: '1m',
        input_series: [...GONE, live].flatMap(seriesOf),
        alert_rule_test: [
          { eval_time: EVAL, alertname: 'OverseerBurnRateHigh', exp_alerts: [{ exp_labels: { severity: 'warning' }, exp_annotations: { summary: 'overseer fleets are spending 30.00 USD/h' } }] },
          {
            eval_time: EVAL,
            alertname: 'OverseerTasksNeedHuman',
            exp_alerts: [{ exp_labels: { severity: 'warning' }, exp_annotations: { summary: '2 overseer task(s) wait for a human (overseer status --state NEEDS_HUMAN)' } }],
          },
          {
            eval_time: EVAL,
            alertname: 'OverseerVerifierPassRateLow',
            exp_alerts: [{ exp_labels: { ...own, kind: 'run', severity: 'warning' }, exp_annotations: { summary: 'run verifiers pass 50% of runs (run live)' } }],
          },
          { eval_time: EVAL, alertname: 'OverseerBreakerOpen', exp_alerts: [{ exp_labels: { severity: 'critical' }, exp_annotations: { summary: 'the overseer quota breaker is open: no new dispatch' } }] },
          {
            eval_time: EVAL,
            alertname: 'OverseerBudgetNearlySpent',
            exp_alerts: [{ exp_labels: { ...own, severity: 'critical' }, exp_annotations: { summary: 'run live has 0.50 USD of its budget left' } }],
          },
        ],
      },
    ]);
    expect(output).toContain('SUCCESS');
    expect(code, output).toBe(0);
  });

  it('fire for a run scraped from metrics serve while it runs (no push_time_seconds there)', () => {
    const served: Run = { labels: 'job="overseer-serve",instance="127.0.0.1:9464"', active: 1, needsHuman: 4, spendPerMin: 0 };
    const { code, output } = promtoolTestRules(rules, [
      {
        name: 'served',
        interval: '1m',
        input_series: seriesOf(served),
        alert_rule_test: [
          {
            eval_time: EVAL,
            alertname: 'OverseerTasksNeedHuman',
            exp_alerts: [{ exp_labels: { severity: 'warning' }, exp_annotations: { summary: '4 overseer task(s) wait for a human (overseer status --state NEEDS_HUMAN)' } }],
          },
          {
            eval_time: EVAL,
            alertname: 'OverseerBudgetNearlySpent',
            exp_alerts: [{ exp_labels: { job: 'overseer-serve', instance: '127.0.0.1:9464', severity: 'critical' }, exp_annotations: { summary: 'run  has 0.50 USD of its budget left' } }],
          },
        ],
      },
    ]);
    expect(output).toContain('SUCCESS');
    expect(code, output).toBe(0);
  });
});

describe('a real run on a real Pushgateway', () => {
  let gateway: Pushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway.stop());

  it('that ended with a task in NEEDS_HUMAN, its verifier failing and 49 cents of budget left fires no documented alert; the same group still going would', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'tasks.toml'),
      `[fleet]\nagent = "demo"\nbudget_usd = 0.5\npushgateway_url = "${gateway.url}"\n` +
        `[[task]]\nname = "stuck"\ncwd = "."\nprompt = "@cost 0.01"\nmax_retries = 0\n[[task.verify]]\nrun = "exit 1"\n`,
    );
    const r = cli(['--state-dir', join(dir, 'state'), 'run', join(dir, 'tasks.toml')]);
    expect(r.code, r.stderr).toBe(1);

    // The group as the gateway keeps it, with its push_time_seconds, as promtool input held for SPAN minutes.
    const kept = [...samples(await gateway.scrape())].filter(([series]) => /run_id="/.test(series));
    const runId = /run_id="([^"]+)"/.exec(kept[0]?.[0] ?? '')?.[1];
    const group = `instance="",job="overseer",run_id="${runId}"`;
    expect(new Map(kept).get(`overseer_run_active{${group}}`)).toBe(0);
    expect(new Map(kept).get(`overseer_tasks_by_state{${group},state="NEEDS_HUMAN"}`)).toBe(1);
    expect(kept.some(([series]) => series.startsWith('push_time_seconds{'))).toBe(true);
    const input = (active: number) =>
      kept.map(([series, value]) => ({ series, values: `${series.startsWith('overseer_run_active{') ? active : value}x${SPAN}` }));

    const rules = documentedRules();
    const ended = promtoolTestRules(rules, [{ name: 'ended', interval: '1m', input_series: input(0), alert_rule_test: ALERTS.map(none) }]);
    expect(ended.code, ended.output).toBe(0);

    // The control: had the run still been going, these values are ones that alert.
    const own = { job: 'overseer', run_id: runId! };
    const going = promtoolTestRules(rules, [
      {
        name: 'going',
        interval: '1m',
        input_series: input(1),
        alert_rule_test: [
          {
            eval_time: EVAL,
            alertname: 'OverseerTasksNeedHuman',
            exp_alerts: [{ exp_labels: { severity: 'warning' }, exp_annotations: { summary: '1 overseer task(s) wait for a human (overseer status --state NEEDS_HUMAN)' } }],
          },
          {
            eval_time: EVAL,
            alertname: 'OverseerVerifierPassRateLow',
            exp_alerts: [{ exp_labels: { ...own, kind: 'run', severity: 'warning' }, exp_annotations: { summary: `run verifiers pass 0% of runs (run ${runId})` } }],
          },
          {
            eval_time: EVAL,
            alertname: 'OverseerBudgetNearlySpent',
            exp_alerts: [{ exp_labels: { ...own, severity: 'critical' }, exp_annotations: { summary: `run ${runId} has 0.49 USD of its budget left` } }],
          },
        ],
      },
    ]);
    expect(going.code, going.output).toBe(0);
  });
});
