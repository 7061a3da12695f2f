// Metrics against the real tools: the registry built from a real ledger file, `overseer metrics
// serve` scraped over HTTP and checked by `promtool check metrics`, pushes to a real Pushgateway
// (Debian's prometheus-pushgateway) read back from the gateway's own /metrics.

import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_STATES } from '../../src/core/model.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { expose } from '../../src/metrics/index.js';
import { pushUrl } from '../../src/metrics/push.js';
import { cli, cliAsync, CLI, STACK_FRAME } from '../helpers/cli.js';
import { serve } from '../helpers/http.js';
import { ledgerWith, tempDir } from '../helpers/ledger.js';
import { freePort, promtoolCheck, samples, startPushgateway, type Pushgateway } from '../helpers/prometheus.js';

/**
 * A fleet with a known shape: a DONE after one verify-fail retry (run FAIL then PASS, brain PASS),
 * a NEEDS_HUMAN after a timeout retry, one RUNNING, one PENDING; $1.25 spent (agents $1, brain $0.25) of a $4 budget.
 */
async function knownFleet(): Promise<string> {
  const dir = tempDir();
  const l = await ledgerWith(dir, ['done', 'stuck', 'busy', 'waiting']);
  l.tx(() => l.setMeta('fleet_budget_usd', '4'));
  const attempt = (task: string, cost: number, end: { failureClass: string | null; stopReason?: string } | null) => {
    const { id } = l.beginAttempt({ task, kind: 'fresh', agent: 'demo', logPath: () => '/dev/null' });
    l.attemptStarted(id, 1, null);
    l.attemptProgress(id, { costUsd: cost });
    if (end) l.endAttempt(id, { exitCode: end.failureClass ? 1 : 0, failureClass: end.failureClass, stopReason: end.stopReason ?? null });
    return id;
  };
  const go = (task: string, ...path: Array<[Parameters<Ledger['transition']>[1], Parameters<Ledger['transition']>[2]]>) => {
    for (const [to, cause] of path) l.transition(task, to, cause);
  };
  const verification = (task: string, attemptId: number, index: number, kind: 'run' | 'brain', verdict: 'PASS' | 'FAIL', ms: number) =>
    l.recordVerification({ attemptId, task, index, kind, command: 'x', verdict, output: '', costUsd: kind === 'brain' ? 0.25 : 0, durationMs: ms });

  go('done', ['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['VERIFYING', 'agent-exited']);
  const a1 = attempt('done', 0.5, { failureClass: null });
  verification('done', a1, 0, 'run', 'FAIL', 1500);
  go('done', ['RETRYING', 'verify-fail'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['VERIFYING', 'agent-exited']);
  const a2 = attempt('done', 0.25, { failureClass: null });
  verification('done', a2, 0, 'run', 'PASS', 500);
  verification('done', a2, 1, 'brain', 'PASS', 2000);
  go('done', ['DONE', 'verified']);

  go('stuck', ['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['RETRYING', 'timeout']);
  attempt('stuck', 0.25, { failureClass: 'timeout', stopReason: 'timeout' });
  go('stuck', ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['NEEDS_HUMAN', 'retries-exhausted']);
  attempt('stuck', 0, { failureClass: null, stopReason: 'orphaned' });

  go('busy', ['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started']);
  attempt('busy', 0, null);
  l.commit();
  l.close();
  return dir;
}

async function metricsOf(dir: string, prefix?: string): Promise<{ text: string; values: Map<string, number> }> {
  const l = await Ledger.open({ stateDir: dir, mode: 'read' });
  try {
    const { text } = await expose(l, { prefix });
    return { text, values: samples(text) };
  } finally {
    l.close();
  }
}

describe('the registry', () => {
  it('counts states (zeros included), spend, retries, outcomes, pass rates, budget and breaker', async () => {
    const { values } = await metricsOf(await knownFleet());
    const byState = Object.fromEntries(TASK_STATES.map((s) => [s, values.get(`overseer_tasks_by_state{state="${s}"}`)]));
    expect(byState).toEqual({ ...Object.fromEntries(TASK_STATES.map((s) => [s, 0])), DONE: 1, NEEDS_HUMAN: 1, RUNNING: 1, PENDING: 1 });
    expect(values.get('overseer_fleet_cost_usd_total')).toBeCloseTo(1.25, 10);
    expect(values.get('overseer_budget_remaining_usd')).toBeCloseTo(2.75, 10);
    expect(values.get('overseer_retries_total{cause="verify-fail"}')).toBe(1);
    expect(values.get('overseer_retries_total{cause="timeout"}')).toBe(1);
    expect(values.get('overseer_attempts_total{outcome="success"}')).toBe(2);
    expect(values.get('overseer_attempts_total{outcome="timeout"}')).toBe(1);
    expect(values.get('overseer_attempts_total{outcome="orphaned"}')).toBe(1);
    expect(values.get('overseer_verifier_pass_rate{kind="run"}')).toBe(0.5);
    expect(values.get('overseer_verifier_pass_rate{kind="brain"}')).toBe(1);
    expect(values.has('overseer_verifier_pass_rate{kind="agent"}')).toBe(false); // never ran: no rate
    expect(values.get('overseer_verifications_total{kind="run",verdict="FAIL"}')).toBe(1);
    expect(values.get('overseer_verifier_duration_seconds_count{kind="run"}')).toBe(2);
    expect(values.get('overseer_verifier_duration_seconds_sum{kind="run"}')).toBe(2);
    expect(values.get('overseer_verifier_duration_seconds_bucket{kind="run",le="1"}')).toBe(1);
    expect(values.get('overseer_task_duration_seconds_count')).toBe(1);
    expect(values.get('overseer_attempt_duration_seconds_count')).toBe(4);
    expect(values.get('overseer_breaker_open')).toBe(0);
    expect(values.get('overseer_run_active')).toBe(0); // no run holds this ledger
  });

  it('with prefix claudectl, the four metrics of its Grafana dashboard are there with their labels', async () => {
    const { text, values } = await metricsOf(await knownFleet(), 'claudectl');
    expect(values.get('claudectl_tasks_by_state{state="RUNNING"}')).toBe(1);
    expect(values.get('claudectl_fleet_cost_usd_total')).toBeCloseTo(1.25, 10);
    expect(values.get('claudectl_retries_total{cause="verify-fail"}')).toBe(1);
    expect(values.get('claudectl_verifier_pass_rate{kind="brain"}')).toBe(1);
    expect(text).toMatch(/^# TYPE claudectl_fleet_cost_usd_total counter$/m);
    expect(text).toMatch(/^# TYPE claudectl_tasks_by_state gauge$/m);
    expect(text).not.toContain('overseer_');
  });

  it('puts values holding a slash in the base64 form the Pushgateway needs', () => {
    const url = pushUrl({ url: 'http://gw:9091/', job: 'overseer', grouping: { run_id: 'r1', repo: 'octo/cat', workflow: '' } });
    expect(url).toBe(`http://gw:9091/metrics/job/overseer/run_id/r1/repo@base64/${Buffer.from('octo/cat').toString('base64url')}/workflow@base64/=`);
    // `.` and `..` would be path steps, and a `%` could be decoded on the way: base64 as well.
    const b64 = (v: string) => Buffer.from(v).toString('base64url');
    expect(pushUrl({ url: 'http://gw:9091', job: 'overseer', grouping: { a: '.', b: '..', c: '100%' } })).toBe(`http://gw:9091/metrics/job/overseer/a@base64/${b64('.')}/b@base64/${b64('..')}/c@base64/${b64('100%')}`);
  });

  it('keeps a query the gateway URL carries after the path, and credentials out of the URL (a raw % in a password too)', () => {
    const target = { job: 'overseer', grouping: { run_id: 'r1' } };
    expect(pushUrl({ ...target, url: 'http://gw:9091/base/?api_key=k1' })).toBe('http://gw:9091/base/metrics/job/overseer/run_id/r1?api_key=k1');
    expect(pushUrl({ ...target, url: 'http://u:pa%zzword@gw:9091' })).toBe('http://gw:9091/metrics/job/overseer/run_id/r1');
  });
});

describe('overseer metrics serve', () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill('SIGTERM'));

  it('serves /metrics read fresh from the file on each scrape; promtool accepts it; 404 elsewhere', async () => {
    const dir = await knownFleet();
    const port = await freePort();
    server = spawn(process.execPath, [CLI, '--state-dir', dir, 'metrics', 'serve', '--bind', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    for (let i = 0; i < 100 && !out.includes('serving'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain(`serving http://127.0.0.1:${port}/metrics`);

    const first = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await first.text();
    const check = promtoolCheck(text);
    expect(check.code, check.output).toBe(0);
    expect(samples(text).get('overseer_tasks_by_state{state="PENDING"}')).toBe(1);

    expect(samples(text).get('overseer_run_active')).toBe(0);

    // A command holding the ledger for a moment (an approve, a cancel) is no run.
    const command = await Ledger.open({ stateDir: dir, mode: 'write' });
    expect(samples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).get('overseer_run_active')).toBe(0);
    command.close();

    // A supervisor moves a task on and persists; the next scrape sees it without a restart, and
    // sees a run going while the supervisor holds the ledger, and none once it has let go.
    const l = await Ledger.open({ stateDir: dir, mode: 'write', role: 'supervisor' });
    l.transition('waiting', 'CANCELLED', 'cancelled');
    l.commit();
    const second = samples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(second.get('overseer_tasks_by_state{state="PENDING"}')).toBe(0);
    expect(second.get('overseer_tasks_by_state{state="CANCELLED"}')).toBe(1);
    expect(second.get('overseer_run_active')).toBe(1);
    l.close();
    expect(samples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).get('overseer_run_active')).toBe(0);

    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    // HEAD is answered as GET is, without the body; another method on /metrics is 405 with Allow.
    const head = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type')?.startsWith('text/plain; version=0.0.4'), await head.text()]).toEqual([200, true, '']);
    const post = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('answers 503 with the reason while there is no ledger; a bad --bind is exit 2', async () => {
    const dir = tempDir();
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, '--state-dir', join(dir, 'nothing'), 'metrics', 'serve', '--bind', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      for (let i = 0; i < 100 && !out.includes('scrapes answer 503'); i++) await new Promise((r) => setTimeout(r, 50));
      const r = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(r.status).toBe(503);
      expect(await r.text()).toMatch(/no ledger at .*coord\.db/);
    } finally {
      child.kill('SIGTERM');
    }
    const bad = cli(['metrics', 'serve', '--bind', 'localhost']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected HOST:PORT');
    expect(bad.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('pushing to a real Pushgateway', () => {
  let gateway: Pushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway.stop());

  it('`metrics push` sends the ledger grouped by run_id and repo; the gateway serves the values', async () => {
    const dir = await knownFleet();
    const r = cli(['--state-dir', dir, 'metrics', 'push', '--url', gateway.url, '--json'], { env: { GITHUB_REPOSITORY: 'octo/cat', GITHUB_WORKFLOW: '' } });
    expect(r.code, r.stderr).toBe(0);
    const pushed = JSON.parse(r.stdout) as { grouping: { run_id: string; repo: string } };
    expect(pushed.grouping.repo).toBe('octo/cat');
    const values = samples(await gateway.scrape());
    const labels = `instance="",job="overseer",repo="octo/cat",run_id="${pushed.grouping.run_id}"`;
    expect(values.get(`overseer_tasks_by_state{${labels},state="DONE"}`)).toBe(1);
    expect(values.get(`overseer_fleet_cost_usd_total{${labels}}`)).toBeCloseTo(1.25, 10);
    expect(values.get(`overseer_retries_total{cause="timeout",${labels}}`)).toBe(1);
    expect(values.get(`overseer_run_active{${labels}}`)).toBe(0); // pushed by hand, with no run going
  });

  it('`run` pushes while it runs and at the end; a dead gateway only warns', async () => {
    const dir = tempDir();
    const toml = (url: string) =>
      `[fleet]\nagent = "demo"\npushgateway_url = "${url}"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "@sleep 0.6"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "x"\ndepends_on = ["a"]\n`;
    writeFileSync(join(dir, 'tasks.toml'), toml(gateway.url));
    const r = cli(['--state-dir', join(dir, 'state'), 'run', join(dir, 'tasks.toml')], { env: { OVERSEER_PUSH_EVERY_MS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    const text = await gateway.scrape();
    const runId = /overseer_tasks_by_state\{[^}]*run_id="([^"]+)"[^}]*state="DONE"\} 2$/m.exec(text)?.[1];
    expect(runId, text.slice(0, 2000)).toBeDefined();
    // The push at the end replaced the group: nothing is left RUNNING in it, and it says the run is over.
    expect(samples(text).get(`overseer_tasks_by_state{instance="",job="overseer",run_id="${runId}",state="RUNNING"}`)).toBe(0);
    expect(samples(text).get(`overseer_run_active{instance="",job="overseer",run_id="${runId}"}`)).toBe(0);

    // Pushes happen during the run too: a recording server sees a push with task a still RUNNING.
    const recorder = await serve([(_req, res) => res.writeHead(200).end()]);
    try {
      writeFileSync(join(dir, 'tasks.toml'), toml(recorder.url));
      const r1 = await cliAsync(['--state-dir', join(dir, 'state1'), 'run', join(dir, 'tasks.toml')], { env: { OVERSEER_PUSH_EVERY_MS: '100' } });
      expect(r1.code, r1.stderr).toBe(0);
      const bodies = recorder.requests.filter((q) => q.method === 'PUT').map((q) => samples(q.body));
      const whileRunning = bodies.filter((b) => b.get('overseer_tasks_by_state{state="RUNNING"}') === 1);
      expect(whileRunning.length).toBeGreaterThan(0);
      expect(whileRunning.map((b) => b.get('overseer_run_active'))).toEqual(whileRunning.map(() => 1));
      expect(bodies.at(-1)!.get('overseer_tasks_by_state{state="DONE"}')).toBe(2);
      expect(bodies.at(-1)!.get('overseer_run_active')).toBe(0);
    } finally {
      await recorder.close();
    }

    const dead = `http://127.0.0.1:${await freePort()}`;
    writeFileSync(join(dir, 'tasks.toml'), toml(dead));
    const r2 = cli(['--state-dir', join(dir, 'state2'), 'run', join(dir, 'tasks.toml')], { env: { OVERSEER_PUSH_EVERY_MS: '200' } });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain(`metrics push failed (the run goes on): cannot reach the Pushgateway at ${dead}`);
    expect(r2.stderr.match(/metrics push failed/g)).toHaveLength(1); // once per distinct problem
  });

  it('a slow gateway gets one push at a time: the periodic ones are skipped while one is under way, not queued for the end to wait on', async () => {
    const dir = tempDir();
    // Each push is answered after 600 ms; the run asks every 50 ms for about 1.5 s.
    const slow = await serve([(_req, res) => void setTimeout(() => res.writeHead(200).end(), 600)]);
    try {
      writeFileSync(join(dir, 'tasks.toml'), `[fleet]\nagent = "demo"\npushgateway_url = "${slow.url}"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "@sleep 1.5"\n`);
      const r = await cliAsync(['--state-dir', join(dir, 'state'), 'run', join(dir, 'tasks.toml')], { env: { OVERSEER_PUSH_EVERY_MS: '50' } });
      expect(r.code, r.stderr).toBe(0);
      // Queued, the ~30 ticks of the run would all have been pushed, one after another, before it could end.
      expect(slow.requests.length).toBeGreaterThanOrEqual(2);
      expect(slow.requests.length).toBeLessThan(10);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('a gateway behind basic auth: the URL\'s user and password go as an Authorization header, never printed', async () => {
    const dir = await knownFleet();
    const recorder = await serve([(_req, res) => res.writeHead(200).end()]);
    try {
      const url = recorder.url.replace('http://', 'http://pusher:s3cr%40t-pw-4242@');
      const r = await cliAsync(['--state-dir', dir, 'metrics', 'push', '--url', url, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(recorder.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('pusher:s3cr@t-pw-4242').toString('base64')}`);
      expect(recorder.requests[0]!.url).toMatch(/^\/metrics\/job\/overseer\/run_id\//);
      expect(JSON.parse(r.stdout).url).toMatch(new RegExp(`^${recorder.url}/metrics/job/overseer/`));
      expect(r.stdout + r.stderr).not.toMatch(/s3cr|pusher:/);
    } finally {
      await recorder.close();
    }
  });

  it('a gateway (an auth proxy) that echoes the request: no password, query key or other secret is printed', async () => {
    const dir = await knownFleet();
    // It answers 401 quoting what it was sent, as some proxies do, and a secret of the environment.
    const echo = await serve([(req, res) => res.writeHead(401).end(`denied ${req.url} authorization=${req.headers.authorization} env=env-secret-3f9a1c77`)]);
    try {
      const url = `${echo.url.replace('http://', 'http://ci:Lit3ralPw_9876@')}/?api_key=gwkey_5e8d2b41c0`;
      const env = { PUSH_TOKEN: 'env-secret-3f9a1c77' };
      const failed = await cliAsync(['--state-dir', dir, 'metrics', 'push', '--url', url], { env });
      expect(failed.code).toBe(3);
      expect(failed.stderr).toContain('answered 401: denied /metrics/job/overseer/');
      expect(failed.stderr).not.toMatch(/Lit3ralPw|gwkey_|env-secret|Y2k6TGl0M3JhbFB3/);
      expect(failed.stderr).not.toContain(Buffer.from('ci:Lit3ralPw_9876').toString('base64').slice(4, 16));
      // The run's push warns with the same care.
      writeFileSync(join(dir, 'tasks.toml'), '[[task]]\nname = "a"\ncwd = "."\nprompt = "@write a.txt ok"\nagent = "demo"\n');
      const run = await cliAsync(['--state-dir', join(dir, 'run-state'), 'run', join(dir, 'tasks.toml'), '--pushgateway-url', url], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('metrics push failed (the run goes on)');
      expect(run.stderr).not.toMatch(/Lit3ralPw|gwkey_|env-secret/);
    } finally {
      await echo.close();
    }
    // A push that works prints where it went without the query.
    const ok = await serve([(_req, res) => res.writeHead(200).end()]);
    try {
      const r = await cliAsync(['--state-dir', dir, 'metrics', 'push', '--url', `${ok.url}/?api_key=gwkey_5e8d2b41c0`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^pushed \\d+ series to ${ok.url}/metrics/job/overseer/`));
      expect(r.stdout).not.toContain('gwkey_');
    } finally {
      await ok.close();
    }
  });

  it('`metrics push` to a gateway that is not there is exit 3 with the reason', async () => {
    const dir = await knownFleet();
    const r = cli(['--state-dir', dir, 'metrics', 'push', '--url', `http://127.0.0.1:${await freePort()}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach the Pushgateway at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
