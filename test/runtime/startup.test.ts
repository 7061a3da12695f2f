// What a run says and does before it starts: a budget over spending overseer cannot see (tokens with no
// price); a manifest edited since the ledger recorded its tasks.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskState, TransitionCause } from '../../src/core/model.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { loadManifest, parseManifest } from '../../src/manifest/load.js';
import { RETRY_MARKER } from '../../src/core/prompts.js';
import { makeRedactor } from '../../src/core/redact.js';
import { runSummaryOf } from '../../src/ledger/report.js';
import { taskCap } from '../../src/ledger/spec.js';
import { attemptPrompt } from '../../src/runtime/prompting.js';
import { syncManifest, warnUnpriced } from '../../src/runtime/startup.js';
import { tempDir } from '../helpers/ledger.js';

function warningsFor(toml: string, env: Record<string, string> = {}): string[] {
  const parsed = parseManifest('tasks.toml', Buffer.from(toml));
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const warnings: string[] = [];
  warnUnpriced(parsed.manifest, { env }, (m) => warnings.push(m));
  return warnings;
}

const judged = (name: string, verify: string) => `[[task]]\nname = "${name}"\ncwd = "."\nprompt = "x"\n[[task.verify]]\n${verify}\n`;

describe('a budget over tokens with no price', () => {
  it('names the brain judge models with no [pricing.<model>]: the verifier\'s own model, else [brain] model, else OVERSEER_BRAIN_MODEL', () => {
    const toml = `[fleet]\nagent = "demo"\nbudget_usd = 5\n[brain]\nmodel = "judge-default"\n[pricing.judge-priced]\ninput_per_mtok = 1\noutput_per_mtok = 2\n${judged('a', 'brain = "ok?"')}${judged('b', 'brain = "ok?"\nmodel = "judge-own"')}${judged('c', 'brain = "ok?"\nmodel = "judge-priced"')}`;
    expect(warningsFor(toml)).toEqual([
      'brain judge models "judge-default", "judge-own" have no [pricing.<model>]: under a budget their answers count as $0; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok',
    ]);
    expect(warningsFor(toml, { OVERSEER_BRAIN_MODEL: 'judge-priced' })).toEqual([
      'brain judge model "judge-own" has no [pricing.<model>]: under a budget its answers count as $0; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok',
    ]);
  });

  it('names a codex task whose reviewer (an agent verifier) runs on a model with no price, though its own has one', () => {
    const toml = `[fleet]\nagent = "codex"\nbudget_usd = 5\n[pricing.gpt-5-codex]\ninput_per_mtok = 1\noutput_per_mtok = 2\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\nmodel = "gpt-5-codex"\n[[task.verify]]\nagent = "review it"\nmodel = "o3"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "x"\nmodel = "gpt-5-codex"\n[[task.verify]]\nagent = "review it"\n`;
    expect(warningsFor(toml)).toEqual([expect.stringMatching(/^1 codex task \(a\) has a budget but no \[pricing\.<model>\] for its model \(or a reviewer's\)/)]);
  });

  it('says nothing without a budget, or when every judge is priced', () => {
    expect(warningsFor(`[fleet]\nagent = "demo"\n${judged('a', 'brain = "ok?"\nmodel = "judge-own"')}`)).toEqual([]);
    expect(warningsFor(`[fleet]\nagent = "demo"\nbudget_usd = 1\n[pricing.judge-own]\ninput_per_mtok = 1\noutput_per_mtok = 2\n${judged('a', 'brain = "ok?"\nmodel = "judge-own"')}`)).toEqual([]);
  });
});

// ---- a manifest edited between two runs on one ledger ------------------------------------------

type State = 'PENDING' | 'READY' | 'RETRYING' | 'NEEDS_HUMAN' | 'DONE' | 'CANCELLED' | 'RUNNING';

/** The legal path from PENDING to each state, as a run takes it. */
const PATHS: Record<State, Array<[TaskState, TransitionCause]>> = {
  PENDING: [],
  READY: [['READY', 'deps-done']],
  RUNNING: [['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started']],
  RETRYING: [['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['VERIFYING', 'agent-exited'], ['RETRYING', 'verify-fail']],
  NEEDS_HUMAN: [['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['VERIFYING', 'agent-exited'], ['NEEDS_HUMAN', 'retries-exhausted']],
  DONE: [['READY', 'deps-done'], ['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['VERIFYING', 'agent-exited'], ['DONE', 'verified']],
  CANCELLED: [['CANCELLED', 'cancelled']],
};

const entry = (name: string, prompt: string, extra = '') => `[[task]]\nname = "${name}"\ncwd = "."\nprompt = "${prompt}"\n${extra}\n`;

/** syncManifest on a real ledger: the manifest written to disk, loaded as `run` loads it. */
function sync(ledger: Ledger, dir: string, toml: string): string[] {
  const file = join(dir, 'tasks.toml');
  writeFileSync(file, toml);
  const warnings: string[] = [];
  syncManifest(ledger, { loaded: loadManifest(file), stateDir: ledger.paths.dir, warn: (m) => warnings.push(m) });
  ledger.commit();
  return warnings;
}

async function ledgerIn(states: Record<string, State>, clock?: () => Date): Promise<{ ledger: Ledger; dir: string }> {
  const dir = tempDir('overseer-edit-');
  const ledger = await Ledger.open({ stateDir: join(dir, '.overseer'), mode: 'write', create: true, clock });
  sync(ledger, dir, Object.keys(states).map((name) => entry(name, `v1 ${name}`)).join(''));
  for (const [name, state] of Object.entries(states)) for (const [to, cause] of PATHS[state]) ledger.transition(name, to, cause);
  ledger.commit();
  return { ledger, dir };
}

describe('a manifest edited between two runs', () => {
  it('a task not run yet or at rest (PENDING, READY, RETRYING, NEEDS_HUMAN) takes the edited spec; a DONE, CANCELLED or running one keeps the spec it had', async () => {
    const states: Record<string, State> = { p: 'PENDING', r: 'READY', t: 'RETRYING', h: 'NEEDS_HUMAN', d: 'DONE', c: 'CANCELLED', g: 'RUNNING' };
    const { ledger, dir } = await ledgerIn(states);
    try {
      const warnings = sync(ledger, dir, Object.keys(states).map((name) => entry(name, `v2 ${name}`, 'max_retries = 5')).join(''));
      const recorded = Object.fromEntries(ledger.tasks().map((t) => [t.name, [t.spec.prompt, t.spec.max_retries, t.state]]));
      expect(recorded).toEqual({
        p: ['v2 p', 5, 'PENDING'],
        r: ['v2 r', 5, 'READY'],
        t: ['v2 t', 5, 'RETRYING'],
        h: ['v2 h', 5, 'NEEDS_HUMAN'],
        d: ['v1 d', 2, 'DONE'],
        c: ['v1 c', 2, 'CANCELLED'],
        g: ['v1 g', 2, 'RUNNING'],
      });
      expect(warnings).toContain(`task h changed in the manifest: it still needs a human: \`overseer --state-dir ${ledger.paths.dir} retry h\` runs it with the new spec`);
      expect(warnings).toContain('task d changed in the manifest since it was recorded; the ledger keeps the recorded spec: it is DONE and is not run again');
      expect(warnings).toContain('task g changed in the manifest since it was recorded; the ledger keeps the recorded spec: its attempt under way (RUNNING) goes on with it');
      // Recorded: the next sync of the same file finds nothing new to say about them.
      expect(sync(ledger, dir, Object.keys(states).map((name) => entry(name, `v2 ${name}`, 'max_retries = 5')).join('')).filter((w) => /task [prth] /.test(w))).toEqual([]);
    } finally {
      ledger.close();
    }
  });

  it('a task past PENDING keeps its spec while the edit makes it wait on a task not DONE (it would not wait), and takes it once that task is', async () => {
    const { ledger, dir } = await ledgerIn({ h: 'NEEDS_HUMAN' });
    try {
      const edited = entry('h', 'v2 h', 'depends_on = ["new"]') + entry('new', 'v1 new');
      expect(sync(ledger, dir, edited)).toEqual([
        'task h changed in the manifest, but the ledger keeps the recorded spec: it is NEEDS_HUMAN, past waiting for its dependencies, and the new spec names new, not DONE yet; the first run after it is DONE records it',
      ]);
      expect(ledger.task('h')!.spec.prompt).toBe('v1 h');
      for (const [to, cause] of PATHS.DONE) ledger.transition('new', to, cause);
      sync(ledger, dir, edited);
      expect(ledger.task('h')!.spec).toMatchObject({ prompt: 'v2 h', depends_on: ['new'] });
    } finally {
      ledger.close();
    }
  });

  it('says an edit that makes a task past PENDING depend on a CANCELLED task is kept out until that dependency is removed (it will never be DONE)', async () => {
    const { ledger, dir } = await ledgerIn({ h: 'NEEDS_HUMAN', c: 'CANCELLED' });
    try {
      expect(sync(ledger, dir, entry('h', 'v2 h', 'depends_on = ["c"]') + entry('c', 'v1 c'))).toEqual([
        'task h changed in the manifest, but the ledger keeps the recorded spec: it is NEEDS_HUMAN, past waiting for its dependencies, and the new spec names c, not DONE yet; c is CANCELLED: take it out of its depends_on to have the edit recorded',
      ]);
      expect(ledger.task('h')!.spec.prompt).toBe('v1 h');
    } finally {
      ledger.close();
    }
  });

  it("an edited budget_usd replaces the cap a `retry --budget-usd` gave; an edit that leaves budget_usd alone keeps it", async () => {
    const { ledger, dir } = await ledgerIn({ h: 'NEEDS_HUMAN' });
    try {
      // A person gave it $3 once; that ran out too.
      ledger.grantRetry('h', 3);
      for (const [to, cause] of [['ASSIGNED', 'dispatched'], ['RUNNING', 'started'], ['NEEDS_HUMAN', 'budget']] as const) ledger.transition('h', to, cause);
      ledger.commit();
      const cap = () => taskCap(ledger.task('h')!, ledger.task('h')!.spec);
      sync(ledger, dir, entry('h', 'v2 h'));
      expect(cap()).toBe(3);
      sync(ledger, dir, entry('h', 'v2 h', 'budget_usd = 10'));
      expect(cap()).toBe(10);
    } finally {
      ledger.close();
    }
  });

  it('an edit is not a transition: the task keeps the time of its last one, and a NEEDS_HUMAN task its duration', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { ledger, dir } = await ledgerIn({ h: 'NEEDS_HUMAN' }, () => new Date((now += 1_000)));
    try {
      const before = { updatedAt: ledger.task('h')!.updatedAt, durationMs: runSummaryOf(ledger).tasks[0]!.durationMs };
      now += 3_600_000;
      sync(ledger, dir, entry('h', 'v2 h'));
      expect(ledger.task('h')!.spec.prompt).toBe('v2 h');
      expect({ updatedAt: ledger.task('h')!.updatedAt, durationMs: runSummaryOf(ledger).tasks[0]!.durationMs }).toEqual(before);
    } finally {
      ledger.close();
    }
  });

  it("a RETRYING task's next attempt is told of the failed verifier while the task still has it, and not once an edit has replaced it", async () => {
    const dir = tempDir('overseer-edit-');
    const ledger = await Ledger.open({ stateDir: join(dir, '.overseer'), mode: 'write', create: true });
    try {
      // The check's command holds a secret: verdicts record it redacted, and it still matches.
      const redact = makeRedactor(['s3cret-value']);
      const withCheck = (prompt: string, check: string) => entry('a', prompt, `[[task.verify]]\nrun = "${check}"`);
      sync(ledger, dir, withCheck('v1 a', 'grep -q s3cret-value a.txt'));
      ledger.transition('a', 'READY', 'deps-done');
      ledger.transition('a', 'ASSIGNED', 'dispatched');
      const { id } = ledger.beginAttempt({ task: 'a', kind: 'fresh', agent: 'demo', logPath: () => join(dir, 'a.log') });
      ledger.transition('a', 'RUNNING', 'started');
      ledger.endAttempt(id, { exitCode: 0, failureClass: null, stopReason: null });
      ledger.transition('a', 'VERIFYING', 'agent-exited');
      ledger.recordVerification({ attemptId: id, task: 'a', index: 0, kind: 'run', command: redact('grep -q s3cret-value a.txt'), verdict: 'FAIL', output: '[exit 1]', costUsd: 0, durationMs: 1 });
      ledger.transition('a', 'RETRYING', 'verify-fail');
      ledger.commit();
      const retry = () => attemptPrompt(ledger, 'retry', ledger.task('a')!.spec, ledger.attempts('a'), { cwd: dir, env: {} }, redact);

      sync(ledger, dir, withCheck('v2 a', 'grep -q s3cret-value a.txt'));
      expect(await retry()).toMatch(new RegExp(`^v2 a\\n\\n## ${RETRY_MARKER}\\n\\nVerifier \`run\` failed: grep -q `));
      sync(ledger, dir, withCheck('v3 a', 'test -s a.txt'));
      expect(await retry()).toBe('v3 a');
    } finally {
      ledger.close();
    }
  });

  it('names the ledger tasks the manifest no longer holds that are still to run or wait for a person; not the DONE or CANCELLED ones', async () => {
    const { ledger, dir } = await ledgerIn({ keep: 'DONE', gone: 'PENDING', stuck: 'NEEDS_HUMAN', old: 'DONE', dropped: 'CANCELLED' });
    try {
      expect(sync(ledger, dir, entry('keep', 'v1 keep'))).toEqual([
        `2 tasks in the ledger are not in the manifest (gone, stuck: removed, renamed or submitted): they stay in the fleet and run as recorded; \`overseer --state-dir ${ledger.paths.dir} cancel <task>\` drops one`,
      ]);
    } finally {
      ledger.close();
    }
  });
});
