// `overseer doctor [file]`: can this machine run this fleet? Node, the manifest, each agent's program,
// the brain endpoint, the state directory, the ledger, git and /proc, one line each with what to do
// about a problem.
// Exit 0 when nothing failed (warnings allowed), 3 when something did.

import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { agentFor } from '../../agents/registry.js';
import { EXIT, SYSTEM_REASONS, UserError } from '../../core/errors.js';
import { brainEndpoint, brainKeyEnv, DEFAULTS, resolveAgent, roleOf, type Manifest } from '../../core/manifest.js';
import { TASK_STATES, type AgentName } from '../../core/model.js';
import { makeRedactor, requestFailure, shownLocation, shownUrl } from '../../core/redact.js';
import { withPath } from '../../core/url.js';
import { inspect, readIfExists } from '../../ledger/file.js';
import { Ledger, ledgerPaths } from '../../ledger/ledger.js';
import { liveHolder } from '../../ledger/lock.js';
import { formatDiagnostic, loadManifest, type LoadedManifest } from '../../manifest/load.js';
import { preflight } from '../../runtime/preflight.js';
import { childEnv, secretsFrom } from '../../runtime/env.js';
import { plural, printJson } from '../output.js';

type Status = 'ok' | 'warn' | 'fail' | 'skip';

interface Check {
  readonly name: string;
  readonly status: Status;
  readonly detail: string;
  /** What to do about a warn or fail. */
  readonly hint?: string;
}

/** package.json's engines: what the bundles and the test tools are built for. */
const MIN_NODE = [20, 19] as const;
const BRAIN_TIMEOUT_MS = 5_000;

export async function doctorCommand(stateDir: string, file: string, options: { json?: boolean }): Promise<number> {
  const env = process.env;
  const checks: Check[] = [nodeCheck()];
  const loaded = manifestCheck(file, checks);
  if (loaded) checks.push(...agentChecks(loaded, env));
  else checks.push({ name: 'agents', status: 'skip', detail: 'no valid manifest to read them from' });
  checks.push(await brainCheck(loaded?.manifest, env));
  checks.push(stateDirCheck(stateDir));
  // No directory there (not made yet where it cannot be, or a file in its place or its path): no ledger either, and the line above says why.
  const noDir = checks.at(-1)!.status === 'fail' && !isDirectory(stateDir);
  checks.push(
    noDir
      ? { name: 'ledger', status: 'skip', detail: `none: there is no directory at ${stateDir} (see state dir)` }
      : await ledgerCheck(stateDir).catch((err: unknown) => ({ name: 'ledger', status: 'fail' as const, detail: `cannot read it: ${(err as Error).message}` })),
  );
  checks.push(gitCheck(), procCheck());

  // Nothing a check says may carry a secret from the environment (an endpoint URL with a key in it).
  const redact = makeRedactor(secretsFrom(env, loaded ? [brainKeyEnv(loaded.manifest)] : [DEFAULTS.brainApiKeyEnv]));
  const safe = checks.map((c) => ({ ...c, detail: redact(c.detail), ...(c.hint ? { hint: redact(c.hint) } : {}) }));
  const failed = safe.filter((c) => c.status === 'fail').length;
  if (options.json) printJson({ ok: failed === 0, checks: safe });
  else {
    const width = Math.max(...safe.map((c) => c.name.length));
    for (const c of safe) {
      console.log(`${c.status.toUpperCase().padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
      if (c.hint && (c.status === 'fail' || c.status === 'warn')) console.log(`${' '.repeat(6 + width)}  -> ${c.hint}`);
    }
    const warned = safe.filter((c) => c.status === 'warn').length;
    console.log(`\n${failed === 0 ? 'ready' : plural(failed, 'problem')}${warned ? `, ${plural(warned, 'warning')}` : ''}`);
  }
  return failed === 0 ? EXIT.ok : EXIT.infrastructure;
}

/** Whether anything is at `path`, a link to nothing included (existsSync follows links). */
function isThere(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false; // not there, or a file in its path (ENOTDIR)
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // not there, or a file in its path (ENOTDIR)
  }
}

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const min = MIN_NODE.join('.');
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])
    ? { name: 'node', status: 'ok', detail: `v${process.versions.node}` }
    : { name: 'node', status: 'fail', detail: `v${process.versions.node}, older than ${min}`, hint: `install Node ${min} or newer` };
}

function manifestCheck(file: string, checks: Check[]): LoadedManifest | undefined {
  if (!existsSync(file)) {
    checks.push({ name: 'manifest', status: 'warn', detail: `${file}: not found`, hint: 'pass the manifest: `overseer doctor path/to/tasks.toml` (or `overseer init` to start one)' });
    return undefined;
  }
  try {
    const loaded = loadManifest(file);
    // What `run` checks on this machine before it starts: the tasks' directories, no credential in a spec.
    const problems = preflight(loaded, { env: process.env, budgetUsd: loaded.manifest.fleet.budget_usd });
    if (problems.length > 0) {
      checks.push({ name: 'manifest', status: 'fail', detail: formatDiagnostic(problems[0]!), hint: `\`overseer run\` stops here (exit 2); \`overseer run ${file} --dry-run\` lists ${problems.length === 1 ? 'it' : `all ${problems.length}`}` });
      // The file itself is valid: the agents and the brain are still worth checking.
      return loaded;
    }
    const verifiers = loaded.manifest.task.reduce((n, t) => n + t.verify.length, 0);
    checks.push({ name: 'manifest', status: 'ok', detail: `${file}: ${plural(loaded.manifest.task.length, 'task')}, ${plural(verifiers, 'verifier')}` });
    return loaded;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const first = err.message.split('\n')[0]!;
    checks.push({ name: 'manifest', status: 'fail', detail: first, hint: `\`overseer validate ${file}\` lists every problem` });
    return undefined;
  }
}

/** Each program the fleet's tasks would start, found the way a spawn finds it (PATH, or the task's cwd). */
function agentChecks(loaded: LoadedManifest, env: NodeJS.ProcessEnv): Check[] {
  const { manifest, dir } = loaded;
  const programs = new Map<string, { agent: AgentName; program: string; cwd: string; tasks: string[] }>();
  for (const t of manifest.task) {
    const agent = resolveAgent(manifest, t);
    const role = roleOf(manifest, t.role);
    const argv = agentFor(agent).launch({ prompt: '', command: role?.command }).argv;
    // The demo agent is a script this Node runs: the script is what may be missing.
    const program = agent === 'demo' ? argv[1] : argv[0];
    if (!program) continue;
    const key = `${agent}\0${program}`;
    const entry = programs.get(key) ?? { agent, program, cwd: resolve(dir, t.cwd), tasks: [] };
    entry.tasks.push(t.name);
    programs.set(key, entry);
  }
  const path = childEnv(env).PATH ?? '';
  return [...programs.values()].map(({ agent, program, cwd, tasks }) => {
    const name = `agent ${agent}`;
    const used = `used by ${tasks.length === 1 ? `task ${tasks[0]}` : `${tasks.length} tasks: ${tasks.slice(0, 3).join(', ')}${tasks.length > 3 ? ', …' : ''}`}`;
    const found = agent === 'demo' ? (existsSync(program) ? program : null) : findProgram(program, cwd, path);
    if (found) return { name, status: 'ok', detail: `${found} (${used})` } satisfies Check;
    const hint =
      agent === 'claude'
        ? 'install Claude Code (`npm install -g @anthropic-ai/claude-code`) or pick another agent ([fleet] agent, a role, or --agent)'
        : agent === 'codex'
          ? 'install Codex (`npm install -g @openai/codex`) or pick another agent ([fleet] agent, a role, or --agent)'
          : agent === 'demo'
            ? 'reinstall overseer: the demo agent ships beside the CLI bundle'
            : `fix the role's command, or put ${program} on PATH`;
    return { name, status: 'fail', detail: `${program}: not found${program.includes('/') ? ` from ${cwd}` : ' on PATH'} (${used})`, hint } satisfies Check;
  });
}

function findProgram(program: string, cwd: string, path: string): string | null {
  const candidates = program.includes('/') ? [isAbsolute(program) ? program : resolve(cwd, program)] : path.split(delimiter).filter(Boolean).map((d) => join(d, program));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Only when a task has a brain verifier: the endpoint answers `GET /models`, with the key if set. */
async function brainCheck(manifest: Manifest | undefined, env: NodeJS.ProcessEnv): Promise<Check> {
  const name = 'brain';
  const judged = manifest?.task.filter((t) => t.verify.some((v) => v.brain !== undefined)) ?? [];
  if (!manifest || judged.length === 0) return { name, status: 'skip', detail: 'no brain verifiers' };
  const endpoint = brainEndpoint(manifest, env);
  const where = shownUrl(endpoint.url);
  const url = withPath(endpoint.url, 'models');
  const keyEnv = brainKeyEnv(manifest);
  const { apiKey: key, model } = endpoint;
  const everyVerifierNamesModel = judged.every((t) => t.verify.every((v) => v.brain === undefined || v.model !== undefined));
  if (!model && !everyVerifierNamesModel) {
    return { name, status: 'fail', detail: `no model for the brain verifiers (${plural(judged.length, 'task')} ${judged.length === 1 ? 'uses' : 'use'} one)`, hint: 'set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL' };
  }
  let response: Response;
  try {
    // Not followed, as a brain verifier does not follow one (src/verify/brain.ts).
    response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, redirect: 'manual', signal: AbortSignal.timeout(BRAIN_TIMEOUT_MS) });
    await response.body?.cancel();
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `no answer in ${BRAIN_TIMEOUT_MS / 1000} s` : requestFailure(err, url);
    return { name, status: 'fail', detail: `${where}: cannot reach it (${why})`, hint: 'set [brain] url in tasks.toml or OVERSEER_BRAIN_URL; brain verifiers fail closed without it' };
  }
  const keyNote = key ? `key from ${keyEnv}` : `no key (${keyEnv} is unset)`;
  if (response.status === 401 || response.status === 403) {
    return { name, status: 'fail', detail: `${where}: HTTP ${response.status} with ${keyNote}`, hint: `set ${keyEnv} to a key the endpoint accepts` };
  }
  if (response.status >= 300 && response.status < 400) {
    const target = shownLocation(response.headers.get('location'), url);
    return { name, status: 'fail', detail: `${where}: HTTP ${response.status}, a redirect to ${target}`, hint: 'brain verifiers do not follow redirects: set [brain] url in tasks.toml or OVERSEER_BRAIN_URL to the endpoint itself' };
  }
  if (!response.ok) return { name, status: 'warn', detail: `${where}: GET /models answered HTTP ${response.status} (${keyNote})`, hint: 'the endpoint may not list models; a brain verifier will tell for sure' };
  return { name, status: 'ok', detail: `${where} answers (${keyNote}; model ${model ?? 'named per verifier'})` };
}

/**
 * A run writes the ledger, events and logs in the state directory, or first creates it in the
 * nearest directory of its path that exists: that directory must take a new file. Probed with a real
 * one (created and removed), not access(2): root passes every permission check, yet cannot write a
 * read-only mount, where access may still say yes (sysfs does).
 */
function stateDirCheck(stateDir: string): Check {
  const name = 'state dir';
  const fix = 'give --state-dir (or OVERSEER_STATE_DIR) a directory this user can write';
  let dir = stateDir;
  while (!isThere(dir) && dirname(dir) !== dir) dir = dirname(dir);
  // A link whose target is missing is there (lstat), but `run` cannot create its directory through it.
  if (!existsSync(dir)) {
    const target = readlinkSync(dir);
    return { name, status: 'fail', detail: `${dir} is a symbolic link to ${target}, which does not exist`, hint: `create ${target}, or ${fix}` };
  }
  const where = dir === stateDir ? stateDir : `${dir} (where ${stateDir} would be created)`;
  const probe = join(dir, `.overseer-doctor-${process.pid}-${Date.now()}`);
  try {
    if (!statSync(dir).isDirectory()) return { name, status: 'fail', detail: `${where} is a file, not a directory`, hint: fix };
    closeSync(openSync(probe, 'wx'));
    rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    const hint = `\`overseer run\` cannot keep its ledger there: make ${dir} writable, or ${fix}`;
    return { name, status: 'fail', detail: `${where} is not writable: ${SYSTEM_REASONS[code] ?? 'cannot create a file'} (${code})`, hint };
  }
  return { name, status: 'ok', detail: dir === stateDir ? `${stateDir} is writable` : `${stateDir} does not exist yet; ${dir}, where the first run creates it, is writable` };
}

async function ledgerCheck(stateDir: string): Promise<Check> {
  const name = 'ledger';
  const paths = ledgerPaths(stateDir);
  const bytes = readIfExists(paths.db);
  if (!bytes && !existsSync(paths.bak)) return { name, status: 'ok', detail: `none yet in ${stateDir} (the first run creates it)` };
  if (bytes) {
    const health = await inspect(bytes, { thorough: true });
    if (health.kind === 'ok') health.db.close();
    else {
      const bak = readIfExists(paths.bak);
      const bakHealth = bak ? await inspect(bak, { thorough: true }) : null;
      if (bakHealth?.kind === 'ok') bakHealth.db.close();
      const hint = bakHealth?.kind === 'ok' ? `\`overseer run\` recovers it from ${paths.bak} (with its journal)` : `no healthy ${paths.bak} to recover from: keep the file for inspection and start a new state directory`;
      return { name, status: 'fail', detail: `${paths.db}: ${health.reason}`, hint };
    }
  }
  let ledger: Ledger;
  try {
    ledger = await Ledger.open({ stateDir, mode: 'read' });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { name, status: 'fail', detail: err.message };
  }
  try {
    const counts = new Map<string, number>();
    for (const t of ledger.taskStates()) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
    const states = TASK_STATES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ') || 'no tasks';
    const kib = (p: string) => (existsSync(p) ? Math.round(statSync(p).size / 1024) : 0);
    const holder = liveHolder(paths.lock);
    const use = holder ? `in use by ${holder.role} pid ${holder.pid} on ${holder.host}` : 'not in use';
    const inbox = existsSync(paths.inbox) ? readdirSync(paths.inbox).filter((f) => f.endsWith('.json')).length : 0;
    const queued = inbox > 0 ? `; ${plural(inbox, 'queued request')}` : '';
    return { name, status: 'ok', detail: `${paths.db}: ${states}; ${kib(paths.db)} KiB + journal ${kib(paths.journal)} KiB; ${use}${queued}` };
  } finally {
    ledger.close();
  }
}

function gitCheck(): Check {
  try {
    const version = execFileSync('git', ['--version'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { name: 'git', status: 'ok', detail: version };
  } catch {
    return { name: 'git', status: 'warn', detail: 'git not found', hint: 'without git, resumes cannot tell whether the working tree changed and brain judges see no diff' };
  }
}

function procCheck(): Check {
  try {
    readdirSync('/proc/self');
    return { name: 'processes', status: 'ok', detail: '/proc is readable: processes that leave their agent\'s group are still found and stopped' };
  } catch {
    return { name: 'processes', status: 'warn', detail: 'no /proc', hint: 'a process an agent starts outside its process group (setsid, a daemon) may outlive the attempt' };
  }
}
