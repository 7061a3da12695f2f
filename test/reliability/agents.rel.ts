// Agents that misbehave (issue: reliability). Each case runs a small fleet through the built CLI
// (`overseer run --json`), several trials, and checks the promises of docs/agents.md: an agent that
// hangs is stopped at its timeout, one that ignores SIGTERM is killed after the grace, grandchildren
// do not outlive their attempt (even one that leaves the process group with setsid), 100 MB of
// output leaves a 16 MiB log and bounded memory, a result followed by a hang counts after
// result_grace_sec, exit 0 without a result goes to the verifiers, half a JSON line is survived,
// a 529 storm backs off without using up max_retries, and a quota error opens the breaker.
//
// Every process of a trial carries a fresh marker (OVERSEER_REL_<hex>, in its environment and, for
// `command` agents, in its argv): once the supervisor has exited, /proc must hold no live process
// (zombies aside) with it. The supervisor's and the spawn helper's memory high-water marks (VmHWM)
// are polled while it runs. `lost` counts leaked processes and ledger rows or events that are missing.
//
// `npm run reliability -- agents`; OVERSEER_REL_TRIALS=N changes the trials per case, and
// OVERSEER_REL_ONLY=flood runs only the cases whose name contains it.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import { CRASH } from '../helpers/crash.js';
import { report } from './report.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();
const CLI = join(repo, 'dist', 'cli.js');
const FAKES = join(repo, 'test', 'helpers', 'bin');
const TRIALS = Number(process.env.OVERSEER_REL_TRIALS ?? 5);
const REPRODUCE = 'npm run reliability -- agents';
const LOG_CAP = 16 * 1024 * 1024;
/** What a capped log gets at the agent's exit: the last 8 KiB of its output, after a line saying so. */
const LOG_TAIL = 8 * 1024;
const MIB = 1024 * 1024;
const MINUTE_MS = 400;
const GRACE_MS = 300;

const root = mkdtempSync(join(tmpdir(), 'overseer-rel-agents-'));

// A Claude-compatible agent for the cases the shared fake does not script (REL: directives).
const relBin = join(root, 'bin');
mkdirSync(relBin);
writeFileSync(
  join(relBin, 'claude'),
  `#!/usr/bin/env node
const fs = require('fs');
const prompt = fs.readFileSync(0, 'utf8');
const has = (d) => prompt.includes('REL:' + d);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const session = 'rel-' + process.pid;
out({ type: 'system', subtype: 'init', session_id: session, model: 'rel' });
out({ type: 'assistant', session_id: session, message: { role: 'assistant', content: [{ type: 'text', text: 'working on it' }] } });
if (has('no-result')) {
  // Exit 0 with no result line: the claim is missing, the verifiers decide.
  fs.writeFileSync('wrote.txt', 'work\\n');
  process.exit(0);
} else if (has('die-mid-line') && !fs.existsSync('.rel-died')) {
  // First attempt: half a result line, no newline, then die at once.
  fs.writeFileSync('.rel-died', '');
  process.stdout.write('{"type":"result","subtype":"success","is_error":false,"result":"half a li', () => process.kill(process.pid, 'SIGKILL'));
  setInterval(() => {}, 1000);
} else {
  out({ type: 'result', subtype: 'success', is_error: false, result: 'done', session_id: session, total_cost_usd: 0.01, duration_ms: 5, num_turns: 1 });
}
`,
);
chmodSync(join(relBin, 'claude'), 0o755);

// ---- /proc ------------------------------------------------------------------------------------

function procState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.charAt(0);
  } catch {
    return 'gone';
  }
}

function vmHwmKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface Proc {
  pid: number;
  state: string;
  cmd: string;
}

/** Live processes (not zombies) whose argv or environment holds the marker. */
function marked(marker: string): Proc[] {
  const found: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let cmdline: Buffer;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`);
      if (!cmdline.includes(marker) && !readFileSync(`/proc/${pid}/environ`).includes(marker)) continue;
    } catch {
      continue;
    }
    const state = procState(pid);
    if (state === 'Z' || state === 'gone') continue;
    found.push({ pid, state, cmd: cmdline.toString().replace(/\0/g, ' ').trim().slice(0, 80) });
  }
  return found;
}

/** Children of `parent` running the spawn helper. */
function helpers(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.split(') ')[1]!.split(' ')[1]) !== parent) continue;
      if (readFileSync(`/proc/${name}/cmdline`).includes('spawner')) pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- one trial ----------------------------------------------------------------------------------

interface Trial {
  dir: string;
  state: string;
  marker: string;
  code: number | null;
  hung: boolean;
  ms: number;
  /** High-water marks in KiB: the supervisor, and the spawn helper it forked (0 without one). */
  supervisorKb: number;
  helperKb: number;
  stderr: string;
  leakedAtExit: Proc[];
  leaked: Proc[];
}

async function runTrial(build: (marker: string, dir: string) => string, env: NodeJS.ProcessEnv, limitMs = 90_000): Promise<Trial> {
  const dir = mkdtempSync(join(root, 'trial-'));
  const marker = `OVERSEER_REL_${randomBytes(6).toString('hex')}`;
  writeFileSync(join(dir, 'tasks.toml'), build(marker, dir));
  const state = join(dir, '.overseer');
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, '--state-dir', state, 'run', join(dir, 'tasks.toml'), '--json'], {
    env: {
      ...process.env,
      OVERSEER_STATE_DIR: undefined,
      OVERSEER_KILL_GRACE_MS: String(GRACE_MS),
      OVERSEER_BACKOFF_BASE_MS: '100',
      OVERSEER_MINUTE_MS: String(MINUTE_MS),
      OVERSEER_REL_MARK: marker,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += c.toString();
  });
  let supervisorKb = 0;
  let helperKb = 0;
  let helperPids: number[] = [];
  let polls = 0;
  const poll = setInterval(() => {
    supervisorKb = Math.max(supervisorKb, vmHwmKb(child.pid!));
    if (polls++ % 5 === 0) helperPids = helpers(child.pid!);
    for (const h of helperPids) helperKb = Math.max(helperKb, vmHwmKb(h));
  }, 20);
  let hung = false;
  const limit = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, limitMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const ms = performance.now() - started;
  clearInterval(poll);
  clearTimeout(limit);
  // What is still alive the moment the supervisor is gone; then what survives a short settle
  // (a SIGKILLed process can take a moment to be torn down; the spawn helper exits on disconnect).
  const leakedAtExit = marked(marker);
  let leaked = leakedAtExit;
  for (let i = 0; i < 10 && leaked.length > 0; i++) {
    await sleep(100);
    leaked = marked(marker);
  }
  for (const p of leaked) {
    try {
      process.kill(p.pid, 'SIGKILL'); // ours: started by this trial's fleet; do not let it spoil the next
    } catch {
      // gone
    }
  }
  return { dir, state, marker, code, hung, ms, supervisorKb, helperKb, stderr, leakedAtExit, leaked };
}

interface View {
  tasks: ReturnType<Ledger['tasks']>;
  attempts: ReturnType<Ledger['attempts']>;
  transitions: ReturnType<Ledger['transitions']>;
  verifications: ReturnType<Ledger['verifications']>;
  events: Array<Record<string, unknown>>;
}

async function view(state: string): Promise<View> {
  const l = await Ledger.open({ stateDir: state, mode: 'read' });
  try {
    const path = join(state, 'events.ndjson');
    const events = existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [];
    return { tasks: l.tasks(), attempts: l.attempts(), transitions: l.transitions(), verifications: l.verifications(), events };
  } finally {
    l.close();
  }
}

/** Rows and events that must be there after any run: every attempt ended and logged, every transition an event, a run.finished. */
function missing(v: View): string[] {
  const lost: string[] = [];
  for (const a of v.attempts) {
    if (a.endedAt === null) lost.push(`${a.taskId}#${a.attemptNum} never ended`);
    if (a.startedAt !== null && (!a.logPath || !existsSync(a.logPath))) lost.push(`${a.taskId}#${a.attemptNum} has no log`);
  }
  const transitionEvents = v.events.filter((e) => e.type === 'task.transition').length;
  if (transitionEvents !== v.transitions.length) lost.push(`${v.transitions.length} transitions but ${transitionEvents} transition events`);
  if (v.events.at(-1)?.type !== 'run.finished') lost.push('no run.finished event at the end');
  const seqs = v.events.map((e) => Number(e.seq));
  if (seqs.some((s, i) => s !== i + 1)) lost.push('event seqs have a gap');
  return lost;
}

const ms = (iso: string | null) => (iso === null ? NaN : Date.parse(iso));
const took = (a: { startedAt: string | null; endedAt: string | null }) => ms(a.endedAt) - ms(a.startedAt);
const task = (name: string, prompt: string, extra = '') => `[[task]]\nname = "${name}"\ncwd = "."\nprompt = """\n${prompt}\n"""\n${extra}\n`;
/** A `command` role running `sh -c SCRIPT` with the marker as $0 (so it shows in the argv too). */
const shRole = (role: string, script: string, marker: string) => `[roles.${role}]\nagent = "command"\ncommand = ${JSON.stringify(['sh', '-c', script, marker])}\n`;
const RESULT = `echo '{"overseer":"result","ok":true,"message":"done"}'`;
const states = (v: View) => v.tasks.map((t) => `${t.name}:${t.state}${t.state === 'NEEDS_HUMAN' ? `(${t.stateCause})` : ''}`).join(' ');
const attemptsOf = (v: View, name: string) => v.attempts.filter((a) => a.taskId === name);

// ---- the cases ----------------------------------------------------------------------------------

interface Case {
  name: string;
  trials?: number;
  path?: string;
  env?: NodeJS.ProcessEnv;
  toml(marker: string, dir: string): string;
  exitCode: number;
  /** What must hold in this trial; each string is a broken promise. `note` collects figures for the row. */
  check(v: View, t: Trial, note: (key: string, value: number) => void): string[];
  /** Wall-clock ceiling per trial (ms): longer is a failure (a hang). */
  maxMs: number;
}

const cases: Case[] = [
  {
    name: 'hang: busy past timeout_min, silent past idle_timeout_min',
    toml: (m) =>
      `[fleet]\nmax_concurrent = 2\nidle_timeout_min = 1\n${shRole('busy', 'while :; do echo tick; sleep 0.05; done', m)}${shRole('silent', 'echo started; sleep 600', m)}` +
      task('busy', 'x', 'role = "busy"\ntimeout_min = 1\nmax_retries = 0') +
      task('silent', 'x', 'role = "silent"\ntimeout_min = 100\nmax_retries = 0'),
    exitCode: 1,
    maxMs: 8_000,
    check(v, _t, note) {
      const problems: string[] = [];
      for (const [name, reason] of [
        ['busy', 'timeout'],
        ['silent', 'idle-timeout'],
      ] as const) {
        const [a, ...more] = attemptsOf(v, name);
        if (!a || more.length) problems.push(`${name}: ${attemptsOf(v, name).length} attempts, expected 1`);
        else {
          if (a.stopReason !== reason || a.failureClass !== reason) problems.push(`${name}: stop ${a.stopReason}/${a.failureClass}, expected ${reason}`);
          const d = took(a);
          note(`${name} stopped after ms`, d);
          if (d < MINUTE_MS - 50 || d > MINUTE_MS + 1_500) problems.push(`${name}: stopped after ${d} ms, timeout is ${MINUTE_MS} ms`);
        }
        const t = v.tasks.find((x) => x.name === name);
        if (t?.state !== 'NEEDS_HUMAN' || t.stateCause !== 'retries-exhausted') problems.push(`${name}: ${t?.state}/${t?.stateCause}`);
      }
      return problems;
    },
  },
  {
    name: 'ignores SIGTERM (a shell loop; fake claude --stubborn with a grandchild)',
    path: FAKES,
    toml: (m) =>
      `[fleet]\nmax_concurrent = 2\nresult_grace_sec = 1\n${shRole('deaf', `trap '' TERM; echo started; while :; do sleep 0.1; done`, m)}` +
      task('deaf', 'x', 'role = "deaf"\ntimeout_min = 1\nmax_retries = 0') +
      task('stubborn', 'FAKE:stubborn', 'agent = "claude"\nmax_retries = 0'),
    exitCode: 1,
    maxMs: 8_000,
    check(v, t, note) {
      const problems: string[] = [];
      const [deaf] = attemptsOf(v, 'deaf');
      if (deaf?.stopReason !== 'timeout') problems.push(`deaf: stop ${deaf?.stopReason}`);
      else {
        // SIGTERM at the timeout does nothing; SIGKILL comes GRACE_MS later.
        const d = took(deaf);
        note('deaf killed after ms', d);
        if (d < MINUTE_MS + GRACE_MS - 50 || d > MINUTE_MS + GRACE_MS + 1_500) problems.push(`deaf: killed after ${d} ms, expected about ${MINUTE_MS + GRACE_MS}`);
      }
      const [stub] = attemptsOf(v, 'stubborn');
      if (stub?.stopReason !== 'result-grace' || stub.failureClass !== null) problems.push(`stubborn: ${stub?.stopReason}/${stub?.failureClass}`);
      else note('stubborn killed after ms', took(stub));
      if (v.tasks.find((x) => x.name === 'stubborn')?.state !== 'DONE') problems.push(`stubborn not DONE: ${states(v)}`);
      const gc = Number(readFileSync(join(t.dir, '.fake-grandchild'), 'utf8'));
      if (!(gc > 0) || !['gone', 'Z'].includes(procState(gc))) problems.push(`stubborn's grandchild ${gc} is ${procState(gc)}`);
      return problems;
    },
  },
  {
    name: 'grandchildren in the group (holding the pipes, nohup, a subshell loop)',
    toml: (m) =>
      `[fleet]\nmax_concurrent = 3\n${shRole('pipes', `sleep 600 & ${RESULT}; exit 0`, m)}${shRole('nohup', `nohup sleep 600 >/dev/null 2>&1 & ${RESULT}; exit 0`, m)}` +
      shRole('loop', `( trap '' TERM HUP; while :; do sleep 1; done ) & ${RESULT}; exit 0`, m) +
      task('pipes', 'x', 'role = "pipes"\nmax_retries = 0') +
      task('nohup', 'x', 'role = "nohup"\nmax_retries = 0') +
      task('loop', 'x', 'role = "loop"\nmax_retries = 0'),
    exitCode: 0,
    maxMs: 6_000,
    check: (v) => (v.tasks.every((t) => t.state === 'DONE') ? [] : [states(v)]),
  },
  {
    name: 'grandchildren that leave the group (setsid, a daemon with closed fds)',
    toml: (m) =>
      `[fleet]\nmax_concurrent = 2\n${shRole('setsid', `setsid sleep 600 & ${RESULT}; exit 0`, m)}` +
      shRole('daemon', `setsid sh -c 'trap "" TERM HUP; while :; do sleep 1; done' </dev/null >/dev/null 2>&1 & ${RESULT}; exit 0`, m) +
      task('setsid', 'x', 'role = "setsid"\nmax_retries = 0') +
      task('daemon', 'x', 'role = "daemon"\nmax_retries = 0'),
    exitCode: 0,
    maxMs: 6_000,
    check: (v) => (v.tasks.every((t) => t.state === 'DONE') ? [] : [states(v)]),
  },
  // 100 MB as the issue asks; then 1 GB once, so memory that grows with the volume shows.
  ...(
    [
      ['flood: 100 MB in 1 KB lines', `yes "$(head -c 1000 /dev/zero | tr '\\0' f)" | head -c 104857600; echo; ${RESULT}`, Math.min(TRIALS, 3)],
      ['flood: 100 MB with no newline', `head -c 104857600 /dev/zero | tr '\\0' g; echo; ${RESULT}`, Math.min(TRIALS, 3)],
      ['flood: 1 GB in 1 KB lines', `yes "$(head -c 1000 /dev/zero | tr '\\0' f)" | head -c 1073741824; echo; ${RESULT}`, 1],
    ] as const
  ).map(
    ([name, script, trials]): Case => ({
      name,
      trials,
      toml: (m) => shRole('flood', script, m) + task('flood', 'x', 'role = "flood"\nmax_retries = 0'),
      exitCode: 0,
      maxMs: 30_000,
      check(v, t, note) {
        const problems: string[] = [];
        const [a] = attemptsOf(v, 'flood');
        if (v.tasks[0]?.state !== 'DONE') problems.push(states(v));
        // The result line comes after the flood: none of the output was dropped on the way.
        if (a?.resultAt === null) problems.push('the result line printed after the flood was lost');
        if (a?.logPath && existsSync(a.logPath)) {
          const size = statSync(a.logPath).size;
          note('log MiB', size / MIB);
          if (size > LOG_CAP + LOG_TAIL + 400) problems.push(`log is ${size} bytes, cap ${LOG_CAP} and an ${LOG_TAIL}-byte tail`);
          // Cut at the cap, saying so, and the last of the output (the result line after the flood) at the end.
          const log = readFileSync(a.logPath, 'latin1');
          if (!log.includes(`[overseer: log cut at ${LOG_CAP} bytes`)) problems.push('log does not say it was cut');
          if (!log.slice(-LOG_TAIL - 200).includes('[overseer: the last ') || !log.trimEnd().endsWith('"message":"done"}')) problems.push('a capped log does not end with the last of the output');
        }
        // 100 MB went through; neither process may hold anything like it.
        if (t.supervisorKb > 256 * 1024) problems.push(`supervisor max RSS ${Math.round(t.supervisorKb / 1024)} MiB`);
        if (t.helperKb > 160 * 1024) problems.push(`spawn helper max RSS ${Math.round(t.helperKb / 1024)} MiB`);
        return problems;
      },
    }),
  ),
  {
    name: 'result then hang (claude hang-after-result; command result + sleep)',
    path: FAKES,
    toml: (m) =>
      `[fleet]\nmax_concurrent = 2\nresult_grace_sec = 1\n${shRole('linger', `${RESULT}; sleep 600`, m)}` +
      task('claude', 'FAKE:hang-after-result', 'agent = "claude"\nmax_retries = 0') +
      task('command', 'x', 'role = "linger"\nmax_retries = 0'),
    exitCode: 0,
    maxMs: 8_000,
    check(v, _t, note) {
      const problems: string[] = [];
      for (const name of ['claude', 'command']) {
        const [a, ...more] = attemptsOf(v, name);
        if (!a || more.length || a.stopReason !== 'result-grace' || a.failureClass !== null) problems.push(`${name}: ${a?.stopReason}/${a?.failureClass}, ${attemptsOf(v, name).length} attempts`);
        else {
          const after = ms(a.endedAt) - ms(a.resultAt);
          note(`${name} stopped ms after its result`, after);
          if (after < 950 || after > 1_000 + GRACE_MS + 1_500) problems.push(`${name}: stopped ${after} ms after its result, grace is 1 s`);
        }
      }
      if (!v.tasks.every((t) => t.state === 'DONE')) problems.push(states(v));
      if (!v.transitions.some((t) => t.cause === 'result-grace')) problems.push('no result-grace transition');
      return problems;
    },
  },
  {
    name: 'exit 0 without a result (verifiers decide)',
    path: relBin,
    toml: () =>
      '[fleet]\nagent = "claude"\nmax_concurrent = 2\n' +
      task('passes', 'REL:no-result', 'max_retries = 0\n[[task.verify]]\nrun = "test -s wrote.txt"') +
      task('fails', 'REL:no-result', 'max_retries = 0\n[[task.verify]]\nrun = "echo not good; exit 4"'),
    exitCode: 1,
    maxMs: 6_000,
    check(v) {
      const problems: string[] = [];
      for (const a of v.attempts) if (a.exitCode !== 0 || a.failureClass !== null || a.resultAt !== null) problems.push(`${a.taskId}: exit ${a.exitCode} ${a.failureClass} result ${a.resultAt}`);
      if (states(v) !== 'passes:DONE fails:NEEDS_HUMAN(retries-exhausted)') problems.push(states(v));
      if (v.verifications.map((x) => `${x.taskId}:${x.verdict}`).sort().join(' ') !== 'fails:FAIL passes:PASS') problems.push('verifiers did not run on both');
      return problems;
    },
  },
  {
    name: 'dies mid-line (half a JSON result, SIGKILL), then a clean retry',
    path: relBin,
    toml: () => '[fleet]\nagent = "claude"\n' + task('a', 'REL:die-mid-line', 'max_retries = 1'),
    exitCode: 0,
    maxMs: 6_000,
    check(v) {
      const problems: string[] = [];
      const [first, second, ...more] = v.attempts;
      if (!first || !second || more.length) return [`${v.attempts.length} attempts, expected 2`];
      if (first.failureClass !== 'agent-failed' || first.resultAt !== null) problems.push(`first: ${first.failureClass}, result ${first.resultAt}`);
      if (!readFileSync(first.logPath!, 'utf8').includes('"result":"half a li')) problems.push('the half line is not in the log');
      if (second.failureClass !== null || second.kind !== 'retry') problems.push(`second: ${second.kind} ${second.failureClass}`);
      if (v.tasks[0]?.state !== 'DONE') problems.push(states(v));
      return problems;
    },
  },
  {
    name: '529 storm (fake claude fail / fail-once): backoff, max_retries untouched',
    path: FAKES,
    toml: () =>
      '[fleet]\nagent = "claude"\nmax_concurrent = 2\n' +
      task('storm', 'FAKE:fail=API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'max_retries = 1') +
      task('blip', 'FAKE:fail-once=API Error: 529 Overloaded', 'max_retries = 0'),
    exitCode: 1,
    maxMs: 10_000,
    check(v, _t, note) {
      const problems: string[] = [];
      // Three service failures in a row are free; past that they count: 1 + max_retries(1) + 3 = 5.
      const storm = attemptsOf(v, 'storm');
      if (storm.length !== 5 || storm.some((a) => a.failureClass !== 'transient')) problems.push(`storm: ${storm.map((a) => a.failureClass).join(',')}`);
      const stormTask = v.tasks.find((t) => t.name === 'storm');
      if (stormTask?.state !== 'NEEDS_HUMAN' || stormTask.stateCause !== 'retries-exhausted') problems.push(`storm: ${stormTask?.state}/${stormTask?.stateCause}`);
      // Backoff: from an attempt's end to the next dispatch, 100 ms doubling, with +-25% jitter.
      const dispatched = v.transitions.filter((t) => t.taskId === 'storm' && t.to === 'ASSIGNED');
      const waits = storm.slice(0, -1).map((a, k) => ms(dispatched[k + 1]?.at ?? null) - ms(a.endedAt));
      waits.forEach((w, k) => {
        const base = 100 * 2 ** k;
        note(`backoff ${k + 1} ms`, w);
        if (w < 0.75 * base - 10 || w > 1.25 * base + 400) problems.push(`backoff ${k + 1}: ${w} ms, expected ${base} +-25%`);
      });
      if (waits.length !== 4) problems.push(`${waits.length} backoffs, expected 4`);
      const blip = attemptsOf(v, 'blip');
      if (blip.map((a) => a.failureClass).join(',') !== 'transient,') problems.push(`blip: ${blip.map((a) => a.failureClass).join(',')}`);
      if (v.tasks.find((t) => t.name === 'blip')?.state !== 'DONE') problems.push('blip (max_retries = 0) not DONE after one 529');
      return problems;
    },
  },
  {
    name: 'quota error: breaker opens, nothing else starts',
    path: FAKES,
    toml: () =>
      '[fleet]\nagent = "claude"\nmax_concurrent = 1\n' +
      task('a', 'FAKE:fail=Credit balance is too low', 'max_retries = 3') +
      task('b', 'FAKE:record=b.jsonl') +
      task('c', 'FAKE:record=c.jsonl'),
    exitCode: 1,
    maxMs: 6_000,
    check(v, t) {
      const problems: string[] = [];
      if (v.attempts.length !== 1 || v.attempts[0]!.failureClass !== 'quota') problems.push(`attempts: ${v.attempts.map((a) => `${a.taskId}:${a.failureClass}`).join(',')}`);
      if (states(v) !== 'a:NEEDS_HUMAN(quota) b:READY c:READY') problems.push(states(v));
      if (!v.events.some((e) => e.type === 'breaker.opened' && e.failure_class === 'quota')) problems.push('no breaker.opened event');
      for (const f of ['b.jsonl', 'c.jsonl']) if (existsSync(join(t.dir, f))) problems.push(`${f}: an agent started after the breaker opened`);
      return problems;
    },
  },
];

// ---- run ------------------------------------------------------------------------------------------

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const total = performance.now();
let baselineKb = 0;
let keep = false;

try {
  for (const c of cases.filter((x) => x.name.includes(process.env.OVERSEER_REL_ONLY ?? ''))) {
    const trials = c.trials ?? TRIALS;
    let failures = 0;
    let leaked = 0;
    let lostRows = 0;
    const walls: number[] = [];
    const figures = new Map<string, number[]>();
    let supervisorKb = 0;
    let helperKb = 0;
    const problems: string[] = [];
    for (let i = 0; i < trials; i++) {
      const t = await runTrial(c.toml, c.path ? { PATH: `${c.path}:${process.env.PATH}` } : {});
      walls.push(t.ms);
      supervisorKb = Math.max(supervisorKb, t.supervisorKb);
      helperKb = Math.max(helperKb, t.helperKb);
      const bad: string[] = [];
      if (t.hung) bad.push('the supervisor did not exit (killed after 90 s)');
      if (t.code !== c.exitCode) bad.push(`exit ${t.code}, expected ${c.exitCode}`);
      if (CRASH.test(t.stderr)) bad.push(`crash: ${t.stderr.slice(0, 300)}`);
      if (t.ms > c.maxMs) bad.push(`took ${Math.round(t.ms)} ms, ceiling ${c.maxMs}`);
      if (t.leaked.length > 0) bad.push(`leaked ${t.leaked.map((p) => `${p.pid} ${p.state} ${p.cmd}`).join('; ')}`);
      leaked += t.leaked.length;
      try {
        const v = await view(t.state);
        const gone = missing(v);
        lostRows += gone.length;
        bad.push(...gone.map((g) => `lost: ${g}`));
        bad.push(...c.check(v, t, (k, x) => figures.set(k, [...(figures.get(k) ?? []), x])));
      } catch (err) {
        lostRows++;
        bad.push(`cannot read the ledger: ${(err as Error).message}`);
      }
      if (bad.length > 0) {
        failures++;
        keep = true;
        problems.push(`trial ${i + 1}: ${bad.join(' | ')}`);
      } else rmSync(t.dir, { recursive: true, force: true });
      if (c.name.startsWith('grandchildren in')) baselineKb = Math.max(baselineKb, t.supervisorKb);
    }
    const figs = [...figures].map(([k, xs]) => `${k} ${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`);
    const details = [
      `wall median ${(median(walls) / 1000).toFixed(2)} s, max ${(Math.max(...walls) / 1000).toFixed(2)} s`,
      `max RSS supervisor ${mib(supervisorKb)}${helperKb ? `, spawn helper ${mib(helperKb)}` : ''}`,
      ...figs,
      `leaked processes ${leaked}`,
      ...(problems.length ? [`FAILED ${problems.slice(0, 3).join(' ;; ')}`] : []),
    ].join('; ');
    for (const p of problems) console.error(`${c.name}: ${p}`);
    report({ scenario: `agents: ${c.name}`, trials, failures, lost: leaked + lostRows, details, reproduce: REPRODUCE });
  }
  console.log(`agents: done in ${((performance.now() - total) / 1000).toFixed(1)} s${baselineKb ? `; a quiet fleet's supervisor peaks at ${mib(baselineKb)}` : ''}`);
} finally {
  // A failed trial's directory (manifest, ledger, logs) is kept for a look.
  if (keep) console.error(`agents: failed trials are kept under ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
