// The real Prometheus tools for the metrics tests: Debian's `prometheus-pushgateway` started on a
// free 127.0.0.1 port, `promtool check metrics`, and `promtool test rules` on the alerting rules of
// docs/metrics.md. `ensurePrometheusTools` (called by the global setup) installs them when missing
// and it can (root with apt-get), or stops the suite with the exact command to run.

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
export const PROMTOOL = '/usr/bin/promtool';
const INSTALL = 'apt-get update && apt-get install -y prometheus-pushgateway prometheus';

export function ensurePrometheusTools(): void {
  if (existsSync(PUSHGATEWAY) && existsSync(PROMTOOL)) return;
  const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (canInstall) {
    console.log(`metrics tests need the Prometheus tools; installing: ${INSTALL}`);
    execFileSync('sh', ['-c', `${INSTALL.replace('apt-get install', 'DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends')}`], { stdio: 'inherit' });
    if (existsSync(PUSHGATEWAY) && existsSync(PROMTOOL)) return;
  }
  throw new Error(`the metrics tests need ${PUSHGATEWAY} and ${PROMTOOL} (Debian packages). Install them with:\n  sudo ${INSTALL}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Pushgateway {
  url: string;
  /** The gateway's own /metrics text: what a Prometheus scraping it would see. */
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPushgateway(): Promise<Pushgateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100 || child.exitCode !== null) throw new Error(`pushgateway did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    scrape: async () => (await fetch(`${url}/metrics`)).text(),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `promtool check metrics` on the text: its exit code and complaints. */
export function promtoolCheck(text: string): { code: number | null; output: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Sample lines of an exposition as `name{labels} value`, labels sorted, for exact assertions. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) continue;
    const labels = (m[2] ?? '')
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    out.set(labels ? `${m[1]}{${labels}}` : m[1]!, Number(m[3]));
  }
  return out;
}

const METRICS_DOC = join(import.meta.dirname, '..', '..', 'docs', 'metrics.md');

/** The alerting rules as docs/metrics.md prints them: its one YAML block that starts with `groups:`. */
export function documentedRules(): string {
  const blocks = [...readFileSync(METRICS_DOC, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const rules = blocks.filter((b) => /^groups:/m.test(b));
  if (rules.length !== 1) throw new Error(`docs/metrics.md should hold one rules block (\`groups:\`), found ${rules.length}`);
  return rules[0]!;
}

/** One `promtool test rules` test group: series in, and the alerts expected at a moment. */
export interface RuleTest {
  name: string;
  interval: string;
  input_series: Array<{ series: string; values: string }>;
  alert_rule_test?: Array<{
    eval_time: string;
    alertname: string;
    exp_alerts?: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }>;
  }>;
  /** A query's value at a moment (a dashboard's panel). */
  promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels: string; value: number }> }>;
}

/** `promtool test rules` of `tests` against the rules YAML: its exit code and report. */
export function promtoolTestRules(rules: string, tests: RuleTest[]): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-rules-'));
  writeFileSync(join(dir, 'rules.yml'), rules);
  // JSON is YAML: no quoting of PromQL selectors and templates to get wrong.
  writeFileSync(join(dir, 'test.yml'), JSON.stringify({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests }, null, 2));
  const r = spawnSync(PROMTOOL, ['test', 'rules', join(dir, 'test.yml')], { encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}
