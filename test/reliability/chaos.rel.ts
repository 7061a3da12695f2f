// Chaos through the action: dist/action.js runs a 30-task fleet (demo agents that sleep and write,
// some failing their first verification on purpose so a retry with feedback happens, a `run`
// verifier each) on a pull request against the fake GitHub API, and is killed with SIGKILL at random
// moments, also mid-write to GitHub (every answer comes 40 ms after the API acted), then restarted
// on the same workspace and state dir until it converges; then one uninterrupted run (main and post).
// 100 kills in all, over sequences of at most 34 (a fresh workspace, fleet and seed each; a sequence
// also ends at its first self-finished run or its third kill after the fleet was done).
// Per sequence it must: converge (every task DONE, verdict pass, in outputs and summary.json);
// record only legal transitions; leave events.ndjson contiguous with one task.transition line per
// task_transitions row; repeat attempts only where kills cut them short (per task: resume attempts
// <= the kills that found it ASSIGNED/RUNNING/VERIFYING in the ledger; one fresh attempt; retries
// only the one feedback retry of an @fail-first task); and create each check run (by external_id)
// and the sticky comment exactly once, all completed at the end.
// OVERSEER_SEED replays a run; OVERSEER_CHAOS_KILLS changes the total (100).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { auditStateDir, chaosFleet, eventProblems, inFlight, repeatedAttempts, stateDirOf } from '../helpers/chaos.js';
import { fakeGitHub, type FakeGitHub } from '../helpers/github.js';
import { prng, report, seedFrom } from './report.js';

const TASKS = 30;
const KILLS = Number(process.env.OVERSEER_CHAOS_KILLS ?? 100);
const PER_SEQUENCE = 34;
/**
 * Once the fleet is done, a restart only reports (a GET and a PATCH per check at 40 ms each), which
 * takes longer than most kill delays: after this many kills there the sequence ends, so that most
 * kills land mid-run.
 */
const REPORTING_KILLS = 3;
/** A kill lands this long after the process starts: min + random * spread (startup to first tick is ~0.3 s). */
const KILL_AT = { min: 350, spread: 1500 };
const SEED = seedFrom(Date.now() % 100_000);
const HEAD = 'c'.repeat(40);
const MARKER = '<!-- overseer:sticky -->';
const RUN_ID = '4242'; // runAction's GITHUB_RUN_ID: every restart is the same job, so the same external_ids

const pr = { name: 'pull_request', payload: { pull_request: { number: 9, head: { sha: HEAD, repo: { full_name: 'octo/fleet' } }, base: { repo: { full_name: 'octo/fleet' } } } } };
const inputs = { 'github-token': 'ghs_chaosToken0123456789', cache: 'false' };

type Phase = 'startup' | 'running' | 'reporting';

/** Where main was when killed, from what it had printed: before its first tick, running, or reporting after the run. */
function phaseOf(run: ActionRun): Phase {
  if (run.main.stdout.includes('run finished: exit')) return 'reporting';
  return run.main.stdout.includes('"type":"run.started"') ? 'running' : 'startup';
}

interface Sequence {
  seed: number;
  kills: number;
  phases: Record<Phase, number>;
  /** Kills that landed while a GitHub request was in flight: the API had acted, the action never heard. */
  midWrite: number;
  convergedEarly: boolean;
  /** Restarts that exited on their own without a verdict (could not start), retried. */
  selfExits: number;
  problems: string[];
  lost: number;
  /** Illegal transitions, event-stream problems, attempts repeated beyond what kills explain, check runs or comments posted twice. */
  illegal: number;
  eventProblems: number;
  overRepeated: number;
  duplicates: number;
  figures: { inFlight: number; resumes: number; retries: number; failFirst: number; transitions: number; lines: number; events: number; checkPosts: number; calls: number };
  seconds: number;
}

async function sequence(seed: number, kills: number): Promise<Sequence> {
  const t0 = performance.now();
  const random = prng(seed);
  const workspace = mkdtempSync(join(tmpdir(), 'overseer-chaos-action-'));
  const stateDir = stateDirOf(workspace);
  const { toml, failFirst } = chaosFleet(random, { tasks: TASKS, maxRetries: PER_SEQUENCE + 5, failFirst: 0.2, sleep: { min: 0.15, spread: 0.4 } });
  writeFileSync(join(workspace, 'tasks.toml'), toml);
  const gh: FakeGitHub = await fakeGitHub();
  gh.latencyMs = 40;
  const s: Sequence = {
    seed,
    kills: 0,
    phases: { startup: 0, running: 0, reporting: 0 },
    midWrite: 0,
    convergedEarly: false,
    selfExits: 0,
    problems: [],
    lost: 0,
    illegal: 0,
    eventProblems: 0,
    overRepeated: 0,
    duplicates: 0,
    figures: { inFlight: 0, resumes: 0, retries: 0, failFirst: failFirst.size, transitions: 0, lines: 0, events: 0, checkPosts: 0, calls: 0 },
    seconds: 0,
  };
  const cutShort: string[][] = [];
  try {
    while (s.kills < kills) {
      const delay = KILL_AT.min + Math.floor(random() * KILL_AT.spread);
      const unansweredBefore = gh.calls.filter((c) => c.unanswered).length;
      const run = await runAction({
        workspace,
        inputs,
        event: pr,
        apiUrl: gh.url,
        onMain: (child) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), delay);
          child.once('exit', () => clearTimeout(timer));
        },
      });
      if (run.main.code === null) {
        s.kills++;
        s.phases[phaseOf(run)]++;
        // The fake answers 40 ms after acting: give a request the kill cut short time to show as unanswered.
        await new Promise((r) => setTimeout(r, 60));
        if (gh.calls.filter((c) => c.unanswered).length > unansweredBefore) s.midWrite++;
        cutShort.push(await inFlight(stateDir));
        if (s.phases.reporting >= REPORTING_KILLS) break;
        continue;
      }
      if (run.outputs.verdict !== undefined) {
        s.convergedEarly = true; // finished before the kill landed
        break;
      }
      // Exited on its own without a verdict: a restart that could not start (say, a lock being written).
      if (++s.selfExits > 5) {
        s.problems.push(`main exited ${run.main.code} without a verdict ${s.selfExits} times: ${run.main.stdout.split('\n').filter((l) => l.startsWith('::')).join(' ').slice(0, 300)}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }

    const final = await runAction({ workspace, inputs, event: pr, apiUrl: gh.url });
    if (final.main.code !== 0 || final.outputs.verdict !== 'pass' || final.outputs.done !== String(TASKS) || final.outputs['needs-human'] !== '0') {
      s.problems.push(`final run: exit ${final.main.code}, outputs ${JSON.stringify(final.outputs)}; ${final.main.stdout.split('\n').filter((l) => l.startsWith('::')).join(' ').slice(0, 400)}`);
    }
    const summary = JSON.parse(readFileSync(join(stateDir, 'summary.json'), 'utf8')) as { verdict: string; counts: Record<string, number> };
    if (summary.verdict !== 'pass' || summary.counts.DONE !== TASKS) s.problems.push(`summary.json: ${summary.verdict}, ${JSON.stringify(summary.counts)}`);

    // The ledger and the event stream.
    const audit = await auditStateDir(stateDir);
    if (audit.states.DONE !== TASKS) s.problems.push(`not converged: ${JSON.stringify(audit.states)}`);
    s.problems.push(...audit.illegal.map((t) => `illegal transition ${t}`));
    s.illegal = audit.illegal.length;
    const streamProblems = eventProblems(audit);
    s.eventProblems = streamProblems.length;
    s.problems.push(...streamProblems);
    const repeats = repeatedAttempts(audit.attempts, cutShort, failFirst);
    const over = [...repeats.overResumed, ...repeats.extraRetries, ...repeats.repeatedFresh];
    s.overRepeated = over.length;
    s.problems.push(...over);
    if (audit.byKind.resume < audit.orphaned) s.problems.push(`${audit.orphaned} orphaned attempts but ${audit.byKind.resume} resumes`);
    s.lost += TASKS - audit.tasks + audit.missingSeqs.length + Math.max(0, audit.transitions - audit.transitionLines);
    s.figures = {
      inFlight: repeats.inFlightAtKills,
      resumes: repeats.resumes,
      retries: audit.byKind.retry,
      failFirst: failFirst.size,
      transitions: audit.transitions,
      lines: audit.transitionLines,
      events: audit.events,
      checkPosts: 0,
      calls: gh.calls.length,
    };

    // GitHub: one check run per task (external_id overseer:<run id>:<fleet>:<task>) completed as success,
    // POSTed once; one sticky comment, POSTed once; the aggregate status success.
    const perId = new Map<string, number>();
    for (const c of gh.checkRuns) perId.set(String(c.external_id), (perId.get(String(c.external_id)) ?? 0) + 1);
    const posts = gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/check-runs') && (c.status === 201 || c.dropped === 'after'));
    s.figures.checkPosts = posts.length;
    const postsPerId = new Map<string, number>();
    for (const c of posts) postsPerId.set(String(c.body?.external_id), (postsPerId.get(String(c.body?.external_id)) ?? 0) + 1);
    const duplicates = [
      ...[...postsPerId].filter(([, n]) => n > 1).map(([id, n]) => `${id} POSTed ${n} times`),
      ...[...perId].filter(([, n]) => n > 1).map(([id, n]) => `${n} check runs with external_id ${id}`),
    ];
    for (let i = 0; i < TASKS; i++) {
      const check = gh.checkRuns.find((c) => new RegExp(`^overseer:${RUN_ID}:[0-9a-f]{12}:t${i}$`).test(c.external_id ?? ''));
      if (!check) s.problems.push(`no check run for t${i}`);
      else if (check.status !== 'completed' || check.conclusion !== 'success' || check.head_sha !== HEAD) s.problems.push(`check t${i}: ${check.status}/${check.conclusion}`);
    }
    const comments = gh.comments.filter((c) => c.body.startsWith(MARKER));
    const commentPosts = gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/comments') && (c.status === 201 || c.dropped === 'after')).length;
    if (comments.length > 1 || commentPosts > 1) duplicates.push(`${comments.length} sticky comments, ${commentPosts} comment POSTs`);
    s.duplicates = duplicates.length;
    s.problems.push(...duplicates);
    if (comments.length === 0) s.problems.push('no sticky comment');
    else if (!comments[0]!.body.startsWith(`${MARKER}\n## ✅ overseer: all ${TASKS} tasks DONE`)) s.problems.push(`sticky comment: ${comments[0]!.body.slice(0, 120)}`);
    const status = gh.statuses.filter((x) => x.context === 'overseer/verifier').at(-1);
    if (status?.state !== 'success' || status.sha !== HEAD) s.problems.push(`status overseer/verifier: ${JSON.stringify(status)}`);
  } catch (err) {
    s.problems.push(`crashed: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await gh.close();
    if (s.problems.length === 0) rmSync(workspace, { recursive: true, force: true });
    else s.problems.push(`workspace kept: ${workspace}`);
  }
  s.seconds = (performance.now() - t0) / 1000;
  return s;
}

const started = performance.now();
const sequences: Sequence[] = [];
let total = 0;
for (let i = 0; total < KILLS; i++) {
  const s = await sequence(SEED + i, Math.min(PER_SEQUENCE, KILLS - total));
  sequences.push(s);
  total += s.kills;
  console.log(
    `sequence ${i + 1} (seed ${s.seed}): ${s.kills} kills (${s.phases.startup} in startup, ${s.phases.running} mid-run, ${s.phases.reporting} while reporting; ` +
      `${s.midWrite} with a GitHub request in flight)${s.selfExits ? `, ${s.selfExits} restarts that could not start` : ''}${s.convergedEarly ? ', converged before the next kill' : ''}${s.phases.reporting >= REPORTING_KILLS ? `, ended after ${REPORTING_KILLS} kills while reporting` : ''}; ` +
      `${s.figures.inFlight} tasks in flight at kills, ${s.figures.resumes} resumes, ${s.figures.retries} retries (${s.figures.failFirst} @fail-first tasks); ` +
      `${s.figures.transitions} transitions = ${s.figures.lines} lines, ${s.figures.events} events; ${s.figures.checkPosts} check POSTs, ${s.figures.calls} API calls; ${s.seconds.toFixed(0)} s`,
  );
  for (const p of s.problems) console.log(`  PROBLEM: ${p}`);
  if (i > 20) break; // a fleet that converges at once would never reach the kills: stop anyway
}

const sum = (f: (s: Sequence) => number) => sequences.reduce((n, s) => n + f(s), 0);
const kills = sum((s) => s.kills);
const failed = sequences.filter((s) => s.problems.length > 0);
report({
  scenario: `chaos: ${kills} SIGKILLs of the action, ${TASKS}-task fleets`,
  trials: sequences.length,
  failures: failed.length + (kills < KILLS ? 1 : 0),
  lost: sum((s) => s.lost),
  details:
    `${sequences.length - failed.length}/${sequences.length} sequences converged clean (seeds ${SEED}..${SEED + sequences.length - 1}); ` +
    `kills: ${sum((s) => s.phases.running)} mid-run, ${sum((s) => s.phases.reporting)} while reporting, ${sum((s) => s.phases.startup)} in startup, ` +
    `${sum((s) => s.midWrite)} with a GitHub request in flight; illegal transitions ${sum((s) => s.illegal)}; event-stream problems ${sum((s) => s.eventProblems)} ` +
    `(${sum((s) => s.figures.events)} events; ${sum((s) => s.figures.lines)} task.transition lines for ${sum((s) => s.figures.transitions)} rows); ` +
    `repeated attempts: ${sum((s) => s.figures.resumes)} resumes for ${sum((s) => s.figures.inFlight)} tasks in flight at kills, ` +
    `retries ${sum((s) => s.figures.retries)} for ${sum((s) => s.figures.failFirst)} @fail-first tasks, tasks over either bound ${sum((s) => s.overRepeated)}; ` +
    `duplicate check runs/comments ${sum((s) => s.duplicates)} (${sum((s) => s.figures.checkPosts)} check POSTs); ${((performance.now() - started) / 1000).toFixed(0)} s`,
  reproduce: `OVERSEER_SEED=${SEED} npm run reliability -- chaos`,
});
