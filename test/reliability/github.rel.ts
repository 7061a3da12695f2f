// GitHub faults through the action: a 5-task fleet (one retried after feedback, one that needs a
// human) runs through dist/action.js on a pull request against the fake GitHub API while it fails
// in one way, then once more on the same state dir with GitHub healthy. Per fault family:
//   - the run's verdict (exit code, outputs verdict/done/needs-human/cancelled, summary.json) equals
//     a fault-free baseline run's;
//   - nothing is posted twice: one check run per external_id (POSTs counted, a POST whose answer
//     was lost included) and one sticky comment, over both runs;
//   - after the healthy second run every check, the status and the comment are there (missing = lost);
//   - the family's own promise: retried and reported (transient faults within the retry budget,
//     rate limits waited out as the server asked); a write skipped with one warning when a fault
//     outlasts its tries, the status still posted at the end; or, refused, each kind of write
//     (check runs, status, comment) off with one warning each.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { dropFirst, failAfterActing, failFirst, fakeGitHub, type Call, type Fault, type FakeGitHub } from '../helpers/github.js';
import { report } from './report.js';

const HEAD = 'd'.repeat(40);
const MARKER = '<!-- overseer:sticky -->';
const TASKS = ['base', 'draft', 'human', 'after', 'last'];

const FLEET = `[fleet]
agent = "demo"
max_concurrent = 2

[[task]]
name = "base"
cwd = "."
prompt = """
@sleep 0.1
@write out/base.txt done
"""
[[task.verify]]
run = "grep -q done out/base.txt"

[[task]]
name = "draft"
cwd = "."
prompt = """
@fail-first out/draft.txt draft
@write out/draft.txt done
"""
[[task.verify]]
run = "grep -q done out/draft.txt"

[[task]]
name = "human"
cwd = "."
max_retries = 0
prompt = "cannot be done"
[[task.verify]]
run = "echo 'not done'; exit 1"

[[task]]
name = "after"
cwd = "."
prompt = "@write out/after.txt done"
depends_on = ["base", "draft"]
[[task.verify]]
run = "grep -q done out/after.txt"

[[task]]
name = "last"
cwd = "."
prompt = "@sleep 0.1"
depends_on = ["after"]
`;

const pr = { name: 'pull_request', payload: { pull_request: { number: 11, head: { sha: HEAD, repo: { full_name: 'octo/fleet' } }, base: { repo: { full_name: 'octo/fleet' } } } } };

interface Verdict {
  code: number | null;
  outputs: Record<string, string | undefined>;
  summary: unknown;
}

function verdictOf(run: ActionRun, workspace: string): Verdict {
  const json = JSON.parse(readFileSync(join(workspace, '.overseer', 'summary.json'), 'utf8')) as {
    verdict: string;
    counts: unknown;
    tasks: Array<{ name: string; state: string; cause: string; attempts: number; verdicts: unknown }>;
  };
  const o = run.outputs;
  return {
    code: run.main.code,
    outputs: { verdict: o.verdict, done: o.done, 'needs-human': o['needs-human'], cancelled: o.cancelled },
    // Times and costs vary run to run; the verdict, counts and every task's end do not.
    summary: { verdict: json.verdict, counts: json.counts, tasks: json.tasks.map((t) => ({ name: t.name, state: t.state, cause: t.cause, attempts: t.attempts, verdicts: t.verdicts })) },
  };
}

async function runFleet(gh: FakeGitHub, workspace: string): Promise<ActionRun> {
  return runAction({ workspace, inputs: { 'github-token': 'ghs_faultToken0123456789', cache: 'false' }, event: pr, apiUrl: gh.url });
}

function newWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-github-rel-'));
  writeFileSync(join(dir, 'tasks.toml'), FLEET);
  return dir;
}

const warnings = (run: ActionRun, pattern: RegExp) => run.main.stdout.split('\n').filter((l) => l.startsWith('::warning::') && pattern.test(l)).length;
const REFUSED = /GitHub refused/;
const SKIPPED = /GitHub kept failing/;
const GITHUB_TROUBLE = /GitHub refused|GitHub kept failing/;

interface Case {
  name: string;
  faults: () => Fault[];
  /**
   * Reporting survives the faults (retried, no warning), loses a write to them (one warning, the
   * status still posted), or is refused (each kind off with one warning).
   */
  expect: 'reported' | 'skipped' | 'off';
  /** Extra checks on the faulted run; each returned string is a failure. */
  check?: (run: ActionRun, calls: Call[]) => string[];
}

interface Family {
  name: string;
  cases: Case[];
}

/** Requests that came back faulted, and the gap before the request that followed each. */
function waitsAfter(calls: Call[], faulted: (c: Call) => boolean): number[] {
  const out: number[] = [];
  calls.forEach((c, i) => {
    if (faulted(c) && calls[i + 1]) out.push(calls[i + 1]!.at - c.at);
  });
  return out;
}

const rateLimited = (status: number, headers: Record<string, string>, n: number, every = 1): Fault => {
  let seen = 0;
  let left = n;
  return () => (seen++ % every === 0 && left-- > 0 ? { status, headers, body: { message: 'You have exceeded a secondary rate limit.' } } : undefined);
};

const FAMILIES: Family[] = [
  {
    name: '500 storms',
    cases: [
      { name: 'first 3 requests 500', faults: () => [failFirst(3, 500)], expect: 'reported' },
      {
        name: 'every 3rd of the first 30 requests 502/503',
        faults: () => {
          let n = 0;
          return [() => (++n <= 30 && n % 3 === 0 ? { status: n % 2 === 0 ? 503 : 502, body: { message: 'Server Error' } } : undefined)];
        },
        expect: 'reported',
      },
      { name: 'first 2 POSTs 502 after the API acted', faults: () => [failAfterActing(2, 502)], expect: 'reported' },
      { name: 'first 10 requests 500 (longer than the 4-try budget)', faults: () => [failFirst(10, 500)], expect: 'skipped' },
    ],
  },
  {
    name: '403 everywhere',
    cases: [
      {
        name: 'every request 403',
        faults: () => [() => ({ status: 403, body: { message: 'Resource not accessible by integration' } })],
        expect: 'off',
        check: (run, calls) => [
          ...(calls.length === 3 ? [] : [`${calls.length} requests (3 expected: one per kind of write, nothing more once refused)`]),
          ...['checks: write', 'statuses: write', 'pull-requests: write'].flatMap((p) => (run.main.stdout.includes(`add \`${p}\` to the job's`) ? [] : [`no warning names ${p}`])),
        ],
      },
    ],
  },
  {
    name: 'secondary rate limits',
    cases: [
      {
        name: '403 + retry-after 1 + x-ratelimit-remaining 0, 3 times',
        faults: () => [rateLimited(403, { 'retry-after': '1', 'x-ratelimit-remaining': '0' }, 3, 4)],
        expect: 'reported',
        check: (_run, calls) => waitsAfter(calls, (c) => c.status === 403).filter((ms) => ms < 950).map((ms) => `retried ${ms} ms after a 403 with retry-after 1`),
      },
      {
        name: '403 + x-ratelimit-remaining 0 + x-ratelimit-reset in 1 s, twice',
        faults: () => {
          let left = 2;
          return [() => (left-- > 0 ? { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) }, body: { message: 'API rate limit exceeded' } } : undefined)];
        },
        expect: 'reported',
        check: (_run, calls) => waitsAfter(calls, (c) => c.status === 403).filter((ms) => ms < 500).map((ms) => `retried ${ms} ms after a 403 with the reset a second or more away`),
      },
      {
        name: '429 + retry-after 1, 3 times',
        faults: () => [rateLimited(429, { 'retry-after': '1' }, 3, 3)],
        expect: 'reported',
        check: (_run, calls) => waitsAfter(calls, (c) => c.status === 429).filter((ms) => ms < 950).map((ms) => `retried ${ms} ms after a 429 with retry-after 1`),
      },
    ],
  },
  {
    name: 'dropped connections',
    cases: [
      { name: 'first 3 requests: socket destroyed before the API acts', faults: () => [dropFirst(3, 'before')], expect: 'reported' },
      {
        name: 'first 2 POSTs: socket destroyed after the API acted (the answer is lost)',
        faults: () => [dropFirst(2, 'after', (c) => c.method === 'POST')],
        expect: 'reported',
      },
      { name: 'first 10 requests dropped (longer than the budget)', faults: () => [dropFirst(10, 'before')], expect: 'skipped' },
    ],
  },
];

/** What GitHub holds for the fleet after both runs: duplicates (failures) and what is missing (lost). */
function ledgerOfGitHub(gh: FakeGitHub): { duplicates: string[]; missing: string[] } {
  const duplicates: string[] = [];
  const missing: string[] = [];
  const posts = new Map<string, number>();
  for (const c of gh.calls) {
    if (c.method === 'POST' && c.path.endsWith('/check-runs') && (c.status === 201 || c.dropped === 'after')) {
      const id = String(c.body?.external_id);
      posts.set(id, (posts.get(id) ?? 0) + 1);
    }
  }
  for (const [id, n] of posts) if (n > 1) duplicates.push(`check ${id} POSTed ${n} times`);
  for (const task of TASKS) {
    const runs = gh.checkRuns.filter((c) => new RegExp(`^overseer:4242:[0-9a-f]{12}:${task}$`).test(c.external_id ?? ''));
    if (runs.length > 1) duplicates.push(`${runs.length} check runs for ${task}`);
    if (runs.length === 0) missing.push(`check ${task}`);
    else if (runs[0]!.status !== 'completed') missing.push(`completion of check ${task} (${runs[0]!.status})`);
  }
  const comments = gh.comments.filter((c) => c.body.startsWith(MARKER)).length;
  const commentPosts = gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/comments') && (c.status === 201 || c.dropped === 'after')).length;
  if (comments > 1 || commentPosts > 1) duplicates.push(`${comments} sticky comments from ${commentPosts} POSTs`);
  if (comments === 0) missing.push('sticky comment');
  const status = gh.statuses.filter((s) => s.context === 'overseer/verifier').at(-1);
  if (status?.state !== 'failure') missing.push(`status overseer/verifier failure (${status?.state ?? 'none'})`);
  return { duplicates, missing };
}

const started = performance.now();

// The fault-free baseline.
const baseGh = await fakeGitHub();
const baseDir = newWorkspace();
const baseRun = await runFleet(baseGh, baseDir);
const baseline = verdictOf(baseRun, baseDir);
const baseProblems = [...ledgerOfGitHub(baseGh).duplicates, ...ledgerOfGitHub(baseGh).missing];
if (baseline.outputs.verdict !== 'fail' || baseline.outputs.done !== '4' || baseline.outputs['needs-human'] !== '1' || baseline.code !== 1) {
  baseProblems.push(`baseline is not 4 DONE + 1 NEEDS_HUMAN: ${JSON.stringify(baseline)}`);
}
await baseGh.close();
rmSync(baseDir, { recursive: true, force: true });
console.log(`baseline: ${JSON.stringify(baseline.outputs)} exit ${baseline.code}; ${baseProblems.length} problems${baseProblems.map((p) => `\n  PROBLEM: ${p}`).join('')}`);
report({
  scenario: 'github: fault-free baseline',
  trials: 1,
  failures: baseProblems.length > 0 ? 1 : 0,
  lost: 0,
  details: `exit ${baseline.code}, verdict ${baseline.outputs.verdict}, ${baseline.outputs.done} done, ${baseline.outputs['needs-human']} needs-human; ${TASKS.length} checks, 1 comment, status failure; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  reproduce: 'npm run reliability -- github',
});

for (const family of FAMILIES) {
  const t0 = performance.now();
  let failures = 0;
  let lost = 0;
  const notes: string[] = [];
  for (const c of family.cases) {
    const problems: string[] = [];
    const gh = await fakeGitHub();
    const dir = newWorkspace();
    try {
      gh.faults = c.faults();
      const run = await runFleet(gh, dir);
      const faultedCalls = [...gh.calls];
      const verdict = verdictOf(run, dir);
      if (JSON.stringify(verdict) !== JSON.stringify(baseline)) problems.push(`verdict changed: ${JSON.stringify(verdict)} vs baseline ${JSON.stringify(baseline)}`);
      const off = warnings(run, REFUSED);
      const skipped = warnings(run, SKIPPED);
      const otherWarnings = run.main.stdout.split('\n').filter((l) => l.startsWith('::warning::GitHub') && !GITHUB_TROUBLE.test(l));
      if (c.expect === 'off' && (off !== 3 || skipped !== 0)) problems.push(`${off} refusals and ${skipped} skips (3 refusals, one per kind, expected)`);
      if (c.expect === 'skipped' && (off !== 0 || skipped < 1 || skipped > 3)) problems.push(`${off} refusals and ${skipped} skips (one skip warning per kind affected expected)`);
      if (c.expect === 'skipped' && gh.statuses.at(-1)?.state !== 'failure') problems.push('the status was not posted at the end of the faulted run');
      if (c.expect === 'reported' && off + skipped !== 0) problems.push(`a write was lost: ${run.main.stdout.split('\n').find((l) => GITHUB_TROUBLE.test(l))?.slice(0, 200)}`);
      problems.push(...otherWarnings.map((w) => `unexpected warning: ${w.slice(0, 200)}`));
      if (/internal error/.test(run.main.stdout)) problems.push('internal error in main');
      problems.push(...(c.check?.(run, faultedCalls) ?? []));
      const faults = faultedCalls.filter((x) => x.status !== 200 && x.status !== 201).length;

      // The same state again, GitHub healthy: whatever was not reported is now, nothing twice.
      gh.faults = [];
      const again = await runFleet(gh, dir);
      const second = verdictOf(again, dir);
      if (JSON.stringify(second) !== JSON.stringify(baseline)) problems.push(`second run's verdict changed: ${JSON.stringify(second)}`);
      if (warnings(again, /GitHub/) !== 0) problems.push('warnings about GitHub in the healthy second run');
      const gitHub = ledgerOfGitHub(gh);
      problems.push(...gitHub.duplicates, ...gitHub.missing.map((m) => `missing after the second run: ${m}`));
      lost += gitHub.missing.length;
      notes.push(`${c.name}: ${faults} faulted of ${faultedCalls.length} requests, ${off ? `${off} kinds refused` : skipped ? `${skipped} skip warnings` : 'every write made'}, ${gh.calls.length - faultedCalls.length} in the 2nd run`);
    } catch (err) {
      problems.push(`crashed: ${(err as Error).stack ?? String(err)}`);
    } finally {
      await gh.close();
      if (problems.length === 0) rmSync(dir, { recursive: true, force: true });
      else problems.push(`workspace kept: ${dir}`);
    }
    console.log(`${family.name} / ${c.name}: ${problems.length === 0 ? 'ok' : 'FAILED'}${problems.map((p) => `\n  PROBLEM: ${p}`).join('')}`);
    if (problems.length > 0) failures++;
  }
  report({
    scenario: `github: ${family.name}`,
    trials: family.cases.length,
    failures,
    lost,
    details: `checked: verdict = baseline, nothing posted twice, a healthy re-run reports the rest. ${notes.join('; ')}; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    reproduce: 'npm run reliability -- github',
  });
}
