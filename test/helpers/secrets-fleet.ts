// A fleet that tries every way a secret can leak, and a scan of everything it leaves behind. Shared
// by test/e2e/secrets.test.ts (one run) and test/reliability/secrets.rel.ts (with and without the
// spawn helper). No vitest here: the reliability bundle imports it too.
//
// The supervisor knows each secret (a credential-looking environment variable). Agents and
// verifiers get the user's own (their API keys: they cannot work without them), never GitHub's,
// the runner's or the brain key; to leak the planted values they read them from files and print them:
//   DEPLOY_TOKEN            agent stdout (plain text), the agent's assistant message, a tracked file (the judges' diff)
//   SERVICE_API_KEY         agent stderr, an `error` event, the result text
//   SESSION_SECRET          the agent's session id (init and result lines)
//   RELEASE_TOKEN           across the 1 MiB cut of an over-long line
//   DEPLOY_PRIVATE_KEY      a multi-line PEM key, printed to agent stdout a line at a time (each line is checked)
//   DB_PASSWORD             a failing `run` verifier's stdout and stderr (regex characters in it), then the retry prompt
//   WEBHOOK_SECRET          the brain verifier's answer (a loopback OpenAI-compatible endpoint)
//   NPM_TOKEN               the `agent` verifier's (reviewer's) answer
//   OVERSEER_BRAIN_API_KEY  the brain key: only ever in the Authorization header to the endpoint
//   GITHUB_TOKEN, GH_TOKEN, ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN, INPUT_GITHUB_TOKEN
//                           never in an agent's or verifier's environment
// Places scanned for every secret: each file under the state directory (events.ndjson, coord.db
// bytes, logs, ...), summary.md and summary.json from `summary --out`, a /metrics scrape, the run's
// stdout and stderr, `status --json`, `logs`, `events`, the brain requests' bodies and the prompts the
// agents received; the environment dumps of agents and verifiers for GitHub's, the runner's and the
// brain's credentials, under any name.

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const LINE_CAP = 1024 * 1024;

export interface Finding {
  place: string;
  secret: string;
  count: number;
}

export interface SecretsOutcome {
  /** One per (place, secret) pair scanned. */
  checks: Finding[];
  /** Credentials an agent or verifier was given in its environment (by name). */
  envProblems: string[];
  /** The fleet did not do what the scan needs (a verifier did not run, the brain was not asked...). */
  setupProblems: string[];
  /** The places scanned, by name. */
  places: string[];
  secrets: number;
  runMs: number;
  totalMs: number;
  /** Where it ran; removed unless `keep`. */
  root: string;
}

const hex = () => randomBytes(8).toString('hex');

function plant() {
  return {
    DEPLOY_TOKEN: `dtok_${hex()}`,
    SERVICE_API_KEY: `sk-svc-${hex()}`,
    SESSION_SECRET: `sess_${hex()}`,
    RELEASE_TOKEN: `rel_${hex()}`,
    DEPLOY_PRIVATE_KEY: ['-----BEGIN OPENSSH PRIVATE KEY-----', `b3BlbnNzaC1rZXktdjE${hex()}`, `AAAAC3NzaC1lZDI1NTE5${hex()}`, '-----END OPENSSH PRIVATE KEY-----'].join('\n'),
    DB_PASSWORD: `Pa$$w0rd+(${hex()})[x]*?.`,
    WEBHOOK_SECRET: `whsec_${hex()}`,
    NPM_TOKEN: `npm_${hex()}`,
    OVERSEER_BRAIN_API_KEY: `sk-brain-${hex()}`,
    GITHUB_TOKEN: `ghp_${hex()}`,
    GH_TOKEN: `gho_${hex()}`,
    ACTIONS_RUNTIME_TOKEN: `art_${hex()}`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: `aidt_${hex()}`,
    INPUT_GITHUB_TOKEN: `ghs_${hex()}`,
  };
}

/** Variables no agent or verifier may see, whatever their value. */
const FORBIDDEN = /^(GITHUB_TOKEN|GH_TOKEN|ACTIONS_.*|INPUT_.*|OVERSEER_BRAIN_API_KEY)$/;

// A Claude-compatible agent: as a worker it prints every secret it can read; as a reviewer
// (--permission-mode plan) it answers PASS with a secret in its reason. It records its environment
// and the prompt it was given.
const CLAUDE = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const vault = (n) => fs.readFileSync(path.join(process.env.REL_VAULT, n), 'utf8');
const prompt = fs.readFileSync(0, 'utf8');
const reviewer = process.argv.includes('plan');
const who = reviewer ? 'reviewer' : 'worker';
fs.writeFileSync(path.join(process.env.REL_OUT, 'env-claude-' + who + '-' + process.pid + '.json'), JSON.stringify(process.env));
fs.appendFileSync(path.join(process.env.REL_OUT, 'prompts.txt'), '--- claude ' + who + '\\n' + prompt + '\\n');
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
if (reviewer) {
  out({ type: 'system', subtype: 'init', session_id: 'review-' + process.pid });
  out({ type: 'result', subtype: 'success', is_error: false, result: 'PASS: reviewed; the tree also holds ' + vault('NPM_TOKEN'), session_id: 'review-' + process.pid, total_cost_usd: 0.01 });
  process.exit(0);
}
const session = vault('SESSION_SECRET');
out({ type: 'system', subtype: 'init', session_id: session, model: 'rel' });
console.log('deploying with ' + vault('DEPLOY_TOKEN'));
console.log('using the key\\n' + vault('DEPLOY_PRIVATE_KEY'));
console.error('warning: using key ' + vault('SERVICE_API_KEY'));
out({ type: 'error', error: { message: 'auth retry for ' + vault('SERVICE_API_KEY') } });
out({ type: 'assistant', session_id: session, message: { role: 'assistant', content: [{ type: 'text', text: 'I deployed with ' + vault('DEPLOY_TOKEN') }] } });
fs.writeFileSync('config.txt', 'token = ' + vault('DEPLOY_TOKEN') + '\\n');
// An over-long line whose 1 MiB cut falls inside a secret (all but its last character before the
// cut), written on its own.
setTimeout(() => {
  const secret = vault('RELEASE_TOKEN');
  process.stdout.write('x'.repeat(${LINE_CAP} - secret.length + 1) + secret + 'y'.repeat(100000) + '\\n', () => {
    setTimeout(() => {
      out({ type: 'result', subtype: 'success', is_error: false, result: 'done with ' + vault('SERVICE_API_KEY'), session_id: session, total_cost_usd: 0.02, duration_ms: 5, num_turns: 1 });
      process.exit(0);
    }, 50);
  });
}, 50);
`;

interface Recorded {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliAsync(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<Cli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Start `metrics serve` on a free loopback port, scrape /metrics once, stop it. */
async function scrape(cli: string, state: string, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [cli, '--state-dir', state, 'metrics', 'serve', '--bind', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`metrics serve printed no address: ${seen}`)), 15_000);
      child.stdout.on('data', (c: Buffer) => {
        seen += c.toString();
        const m = /serving (http:\/\/\S+\/metrics)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`metrics serve exited ${code}: ${seen}`)));
    });
    const res = await fetch(url);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text}`);
    return text;
  } finally {
    child.kill('SIGTERM');
  }
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

/** Occurrences of a secret, raw or JSON-escaped; `joinLines` also finds one cut in two by a newline. */
function occurrences(text: string, secret: string, joinLines = false): number {
  const escaped = JSON.stringify(secret).slice(1, -1);
  let n = count(text, secret) + (escaped !== secret ? count(text, escaped) : 0);
  if (joinLines) n = Math.max(n, count(text.replace(/\r?\n/g, ''), secret));
  return n;
}

/** Whole occurrences, plus near-whole ones: all but the first or the last character (a secret cut at an edge). */
function leaks(text: string, secret: string, joinLines = false): number {
  const whole = occurrences(text, secret, joinLines);
  const near = occurrences(text, secret.slice(0, -1), joinLines) + occurrences(text, secret.slice(1), joinLines) - 2 * whole;
  return whole + Math.max(0, near);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export async function runSecretsFleet(options: { repo: string; env?: NodeJS.ProcessEnv; keep?: boolean }): Promise<SecretsOutcome> {
  const started = performance.now();
  const cli = join(options.repo, 'dist', 'cli.js');
  const root = mkdtempSync(join(tmpdir(), 'overseer-secrets-'));
  const secrets = plant();
  const vaultDir = join(root, 'vault');
  const outDir = join(root, 'out');
  const bin = join(root, 'bin');
  const work = join(root, 'work');
  const state = join(root, 'state');
  for (const d of [vaultDir, outDir, bin, work]) mkdirSync(d);
  for (const [name, value] of Object.entries(secrets)) writeFileSync(join(vaultDir, name), value);
  writeFileSync(join(bin, 'claude'), CLAUDE);
  chmodSync(join(bin, 'claude'), 0o755);

  // The task's cwd is a git work tree, so the judges get a diff (with the token the agent wrote).
  writeFileSync(join(work, 'config.txt'), 'token = (none)\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: work, stdio: 'ignore' });
  git('init', '-q');
  git('add', 'config.txt');
  git('commit', '-qm', 'start');

  // The brain: answers PASS with a secret in its reasons; records what it was sent.
  const brainRequests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      brainRequests.push({ headers: req.headers, body });
      const content = JSON.stringify({ verdict: 'PASS', reasons: ['the change is fine', `but config.txt is signed with ${secrets.WEBHOOK_SECRET}`] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const brainUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  const q = (s: string) => JSON.stringify(s);
  const toml = [
    '[fleet]',
    'agent = "claude"',
    'max_concurrent = 2',
    '[brain]',
    `url = ${q(brainUrl)}`,
    'model = "judge"',
    '[roles.scripted]',
    'agent = "command"',
    `command = ${JSON.stringify(['sh', '-c', 'env > "$REL_OUT/env-command-$$.txt"; printf -- "--- command\\n%s\\n" "$OVERSEER_PROMPT" >> "$REL_OUT/prompts.txt"; echo checked in'])}`,
    '',
    '[[task]]',
    'name = "talker"',
    'cwd = "."',
    'prompt = "Deploy the service."',
    'max_retries = 0',
    '[[task.verify]]',
    'brain = "Is the deployment safe?"',
    '[[task.verify]]',
    'agent = "Review the change for leaked credentials."',
    '',
    '[[task]]',
    'name = "checker"',
    'cwd = "."',
    'role = "scripted"',
    'prompt = "Check the database."',
    'max_retries = 1',
    '[[task.verify]]',
    `run = ${q(`env > "$REL_OUT/env-verifier-$$.txt"; echo "connecting with $(cat "$REL_VAULT/DB_PASSWORD")"; echo "denied for $(cat "$REL_VAULT/DB_PASSWORD")" >&2; exit 1`)}`,
    '',
  ].join('\n');
  writeFileSync(join(work, 'tasks.toml'), toml);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OVERSEER_STATE_DIR: undefined,
    ...secrets,
    REL_VAULT: vaultDir,
    REL_OUT: outDir,
    PATH: `${bin}:${process.env.PATH}`,
    OVERSEER_KILL_GRACE_MS: '300',
    OVERSEER_BACKOFF_BASE_MS: '50',
    ...options.env,
  };
  const setupProblems: string[] = [];
  const outputs: Array<[string, string]> = [];
  let runMs: number;
  try {
    const t0 = performance.now();
    const run = await cliAsync(cli, ['--state-dir', state, 'run', join(work, 'tasks.toml')], env);
    runMs = performance.now() - t0;
    outputs.push(['run stdout', run.stdout], ['run stderr', run.stderr]);
    if (run.code !== 1) setupProblems.push(`run exited ${run.code} (expected 1: checker needs a human): ${run.stderr.slice(0, 500)}`);
    if (!/talker\s+DONE/.test(run.stdout)) setupProblems.push('talker is not DONE: the brain and agent verifiers should both PASS');
    if (!/checker\s+NEEDS_HUMAN\s+2/.test(run.stdout)) setupProblems.push('checker did not fail its verifier twice');
    if (brainRequests.length !== 1) setupProblems.push(`the brain was asked ${brainRequests.length} times, expected 1`);
    else if (brainRequests[0]!.headers.authorization !== `Bearer ${secrets.OVERSEER_BRAIN_API_KEY}`) setupProblems.push('the brain request did not carry the key');

    const summary = await cliAsync(cli, ['--state-dir', state, 'summary', '--out', join(outDir, 'summary.md')], env);
    if (summary.code !== 0) setupProblems.push(`summary exited ${summary.code}: ${summary.stderr}`);
    outputs.push(['summary stdout', summary.stdout]);
    for (const args of [['status', '--json'], ['logs', 'talker'], ['logs', 'checker'], ['logs', 'checker', '--attempt', '1'], ['events']]) {
      const r = await cliAsync(cli, ['--state-dir', state, ...args], env);
      if (r.code !== 0) setupProblems.push(`${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      outputs.push([`\`${args.join(' ')}\` output`, r.stdout + r.stderr]);
    }
    outputs.push(['/metrics scrape', await scrape(cli, state, env)]);
  } finally {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  }

  // ---- scan --------------------------------------------------------------------------------------
  const places: Array<{ place: string; text: string; joinLines?: boolean }> = [];
  for (const file of filesUnder(state)) {
    const rel = relative(state, file);
    // Bytes as text: coord.db stores TEXT as UTF-8, so a secret in it would show.
    places.push({ place: `state/${rel}`, text: readFileSync(file).toString('latin1'), joinLines: rel.startsWith('logs') });
  }
  for (const name of ['summary.md', 'summary.json']) places.push({ place: name, text: readFileSync(join(outDir, name), 'utf8') });
  for (const [place, text] of outputs) places.push({ place, text });
  brainRequests.forEach((r, i) => places.push({ place: `brain request ${i + 1} body`, text: r.body }));
  places.push({ place: 'prompts the agents received', text: readFileSync(join(outDir, 'prompts.txt'), 'utf8') });

  const envProblems: string[] = [];
  const dumps = readdirSync(outDir).filter((n) => n.startsWith('env-'));
  for (const kind of ['env-claude-worker', 'env-claude-reviewer', 'env-command', 'env-verifier']) {
    if (!dumps.some((n) => n.startsWith(kind))) setupProblems.push(`no ${kind} environment dump: that process never ran`);
  }
  const withheld = Object.entries(secrets).filter(([name]) => FORBIDDEN.test(name));
  const envChecks: Finding[] = [];
  dumps.forEach((name, i) => {
    const text = readFileSync(join(outDir, name), 'utf8');
    const place = `environment of ${name.replace(/^env-|-\d+\.(json|txt)$/g, '')} #${i + 1}`;
    const names = name.endsWith('.json') ? Object.keys(JSON.parse(text) as object) : text.split('\n').map((l) => l.split('=')[0]!);
    for (const n of names.filter((n) => FORBIDDEN.test(n))) envProblems.push(`${name} has ${n}`);
    for (const [secret, value] of withheld) envChecks.push({ place, secret, count: leaks(text, value) });
    // An agent's own credentials reach it (a real claude needs its ANTHROPIC_API_KEY).
    if (name.startsWith('env-claude-worker') && (JSON.parse(text) as Record<string, string>).SERVICE_API_KEY !== secrets.SERVICE_API_KEY) {
      envProblems.push(`${name} lacks SERVICE_API_KEY: agents must get the user's own credentials`);
    }
  });
  // The secrets were there to redact: each place shows *** where one was.
  const text = (prefix: string) => places.find((p) => p.place.startsWith(prefix))?.text ?? '';
  if (!text('state/logs/talker/1.log').includes('"session_id":"***"')) setupProblems.push('the talker log does not show a redacted session id');
  if (!text('prompts').includes('Previous attempt failed verification') || !text('prompts').includes('connecting with ***')) setupProblems.push('no retry prompt with the redacted verifier output');
  if (!text('brain request').includes('***')) setupProblems.push('nothing was redacted in what the brain was sent');

  const checks: Finding[] = [...envChecks];
  // A multi-line secret leaks if any of its lines shows (output is redacted a line at a time).
  const scanned = Object.entries(secrets).flatMap(([name, value]) => {
    const lines = value.includes('\n') ? value.split('\n').map((line, i) => [`${name} line ${i + 1}`, line] as const) : [];
    return [[name, value] as const, ...lines];
  });
  for (const p of places) {
    for (const [name, value] of scanned) checks.push({ place: p.place, secret: name, count: leaks(p.text, value, p.joinLines) });
  }
  // Sanity: the scan would have seen them (the vault holds each, the agent really printed).
  if (occurrences(readFileSync(join(work, 'config.txt'), 'utf8'), secrets.DEPLOY_TOKEN) !== 1) setupProblems.push('the agent did not write config.txt');
  if (!/using the key\n\*\*\*\n\*\*\*\n\*\*\*\n\*\*\*\n/.test(text('state/logs/talker/1.log'))) setupProblems.push('the talker log does not show the private key redacted line by line');
  const talkerLog = places.find((p) => p.place.startsWith('state/logs/talker/1'));
  if (talkerLog && statSync(join(state, talkerLog.place.slice('state/'.length))).size < LINE_CAP) setupProblems.push('the over-long line is missing from the log');

  if (!options.keep && setupProblems.length === 0 && checks.every((c) => c.count === 0) && envProblems.length === 0) rmSync(root, { recursive: true, force: true });
  return {
    checks,
    envProblems,
    setupProblems,
    places: places.map((p) => p.place),
    secrets: Object.keys(secrets).length,
    runMs,
    totalMs: performance.now() - started,
    root,
  };
}
