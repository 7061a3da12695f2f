// The job summary (DESIGN §10), as Markdown from plain data: a headline verdict, a table per task,
// a mermaid DAG coloured by state, and for each task that needs a human the reason and the command
// that continues it. A dry run renders the plan instead. Pure: the action writes it to the job
// summary, `overseer summary` to a file. GitHub refuses a summary over 1 MiB, so a large fleet
// collapses (DONE rows folded, then rows cut) to stay under `maxBytes`.

import { resolveAgent, type Manifest } from './manifest.js';
import { criticalPath, topologicalWaves } from './graph.js';
import { duration, plural, taskArg, usd } from './format.js';
import { escapeText, fence } from './markdown.js';
import { mermaidGraph } from './plan.js';
import { TASK_STATES, type TaskState, type Verdict, type VerifierKind } from './model.js';

export interface SummaryTask {
  readonly name: string;
  readonly state: TaskState;
  /** Why it is in that state (the last transition's cause). */
  readonly cause: string;
  readonly dependsOn: readonly string[];
  readonly attempts: number;
  readonly costUsd: number;
  /** Its own spending cap (`retry --budget-usd`, else its budget_usd); null for none. */
  readonly budgetUsd?: number | null;
  /** First dispatch to now or to its end; null if never dispatched. */
  readonly durationMs: number | null;
  /** The verifiers of the latest verified attempt, in order. */
  readonly verdicts: ReadonlyArray<{ readonly kind: VerifierKind; readonly verdict: Verdict }>;
  /** For a task that needs a human: what failed last (already redacted, may be long). */
  readonly lastFailure?: string;
}

export interface RunSummary {
  readonly mode: 'run';
  readonly runId: string;
  readonly tasks: readonly SummaryTask[];
  readonly durationMs: number | null;
  readonly budgetUsd: number | null;
  /** How a reader runs the CLI, for the commands shown (`overseer`, `npx overseer`…). */
  readonly cli?: string;
  /** Why tasks that could start did not (the run's budget, the quota breaker, a drain): a re-run alone does not help. */
  readonly stalled?: Stall;
}

/** What keeps tasks that could start from starting, and what a person does about it. */
export interface Stall {
  readonly reason: string;
  readonly action: string;
}

export interface PlanSummary {
  readonly mode: 'dry-run';
  readonly tasks: ReadonlyArray<{ readonly name: string; readonly dependsOn: readonly string[]; readonly agent: string; readonly verifiers: number }>;
  readonly waves: readonly (readonly string[])[];
  readonly criticalPath: readonly string[];
}

export type SummaryInput = RunSummary | PlanSummary;

/** GitHub's cap is 1 MiB per step summary; leave room for what else a step writes. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 64 * 1024;
const MERMAID_MAX_TASKS = 150;
const FAILURE_EXCERPT = 1500;
/** Tasks needing a human shown with their failure and commands; the rest are named only. */
const HUMAN_DETAILED = 30;
const bytes = (text: string) => new TextEncoder().encode(text).length;

export interface SummaryTotals {
  readonly verdict: 'pass' | 'fail';
  readonly counts: Record<TaskState, number>;
  readonly costUsd: number;
  readonly tasks: number;
}

export function totals(tasks: readonly Pick<SummaryTask, 'state' | 'costUsd'>[]): SummaryTotals {
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const t of tasks) counts[t.state]++;
  return {
    verdict: tasks.length > 0 && counts.DONE === tasks.length ? 'pass' : 'fail',
    counts,
    costUsd: tasks.reduce((sum, t) => sum + t.costUsd, 0),
    tasks: tasks.length,
  };
}

/** What a dry run shows: the manifest's tasks, waves and critical path. */
export function planSummary(manifest: Manifest): PlanSummary {
  const nodes = manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on }));
  return {
    mode: 'dry-run',
    tasks: manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on, agent: resolveAgent(manifest, t), verifiers: t.verify.length })),
    waves: topologicalWaves(nodes),
    criticalPath: criticalPath(nodes).path,
  };
}

export function renderSummary(input: SummaryInput, maxBytes = SUMMARY_MAX_BYTES): string {
  return input.mode === 'dry-run' ? renderPlan(input, maxBytes) : renderRun(input, maxBytes);
}

// ---- a run ---------------------------------------------------------------------------------

function renderRun(run: RunSummary, maxBytes: number): string {
  const cli = run.cli ?? 'overseer';
  const t = totals(run.tasks);
  const parts: string[] = [headline(t, run), ''];
  if (run.stalled) parts.push(`**Tasks that could start did not:** ${escapeText(run.stalled.reason)}. To run them: ${escapeText(run.stalled.action)}.`, '');

  const human = run.tasks.filter((x) => x.state === 'NEEDS_HUMAN');
  const spend: RunSpend = { budgetUsd: run.budgetUsd, spentUsd: t.costUsd };
  const head = ['Task', 'State', 'Attempts', 'Cost', 'Duration', 'Verifiers'];
  const row = (x: SummaryTask) => [code(x.name), stateCell(x), String(x.attempts), usd(x.costUsd), x.durationMs === null ? '–' : duration(x.durationMs), verdictsCell(x.verdicts)];

  // Small fleets list every task; larger ones list what is not DONE and fold the DONE ones.
  const open = run.tasks.filter((x) => x.state !== 'DONE');
  const done = run.tasks.filter((x) => x.state === 'DONE');
  const sections: string[] = [];
  if (run.tasks.length <= 50) {
    sections.push(table(head, run.tasks.map(row)));
  } else {
    if (open.length > 0) sections.push(`**Not done (${open.length})**\n\n${table(head, open.map(row))}`);
    if (done.length > 0) sections.push(`<details><summary>${done.length} DONE tasks</summary>\n\n${table(head, done.map(row))}\n\n</details>`);
  }

  if (human.length > 0) {
    const blocks = human.slice(0, HUMAN_DETAILED).map((x) => {
      const lines = [`#### ${code(x.name)}: ${escapeText(reasonText(x, spend))}`, ''];
      if (x.lastFailure) lines.push(fence(excerpt(x.lastFailure)), '');
      lines.push('Continue with one of:', '', '```sh', ...nextCommands(cli, x, spend), '```');
      return lines.join('\n');
    });
    if (human.length > HUMAN_DETAILED) blocks.push(`…and ${human.length - HUMAN_DETAILED} more: ${human.slice(HUMAN_DETAILED).map((x) => code(x.name)).join(', ')}`);
    sections.unshift(`### Needs a human (${human.length})\n\n${blocks.join('\n\n')}`);
  }

  if (run.tasks.length <= MERMAID_MAX_TASKS) {
    sections.push(`<details><summary>Dependency graph</summary>\n\n\`\`\`mermaid\n${mermaidGraph(run.tasks, new Map(run.tasks.map((x) => [x.name, x.state])))}\n\`\`\`\n\n</details>`);
  } else {
    sections.push(`_Dependency graph omitted for ${run.tasks.length} tasks: \`${cli} plan\` draws it._`);
  }
  parts.push(...sections.flatMap((s) => [s, '']));
  parts.push(`<sub>run ${code(run.runId)} · \`${cli} status\` for live state · summary.json has the totals</sub>`);
  return fit(parts.join('\n'), maxBytes);
}

function headline(t: SummaryTotals, run: RunSummary): string {
  const spent = `${usd(t.costUsd)}${run.budgetUsd !== null ? ` of ${usd(run.budgetUsd)}` : ''}`;
  const took = run.durationMs !== null ? ` in ${duration(run.durationMs)}` : '';
  const others = TASK_STATES.filter((s) => s !== 'DONE' && t.counts[s] > 0)
    .map((s) => `${t.counts[s]} ${s}`)
    .join(', ');
  if (t.verdict === 'pass') return `## ✅ overseer: all ${t.tasks} tasks DONE\n\nVerified${took}; spent ${spent}.`;
  if (t.tasks === 0) return '## ❌ overseer: no tasks\n\nThe ledger holds no task.';
  return `## ❌ overseer: ${t.counts.DONE} of ${t.tasks} tasks DONE\n\n${others}${took}; spent ${spent}.`;
}

const REASONS: Record<string, string> = {
  'retries-exhausted': 'retries exhausted (every attempt failed: the agent or its verifiers)',
  budget: 'its budget is spent',
  quota: 'the provider quota is exhausted (breaker open)',
  'agent-missing': 'the agent program is not installed',
  config: 'the task is misconfigured',
  'agent-failed': 'the agent kept failing',
};

/** What the rest of the run says about a budget stop: the run's cap, and what the ledger has spent. */
export interface RunSpend {
  readonly budgetUsd: number | null;
  readonly spentUsd: number;
}

/**
 * Whose cap stopped a task: its own when it spent that; the run's when that is spent; else a
 * reviewer's (an `agent` verifier's budget_usd). Without the run's figures (a check written as the
 * task ends) a stop within its own cap could be the run's or a reviewer's.
 */
function capThatStopped(x: SummaryTask, run: RunSpend | undefined): 'task' | 'run' | 'reviewer' | 'run-or-reviewer' {
  if (x.budgetUsd != null && x.costUsd >= x.budgetUsd - 1e-9) return 'task';
  if (run === undefined) return 'run-or-reviewer';
  return run.budgetUsd !== null && run.spentUsd >= run.budgetUsd - 1e-9 ? 'run' : 'reviewer';
}

/** Why a task is where it is, in words (a budget stop says whose cap it was). */
export function reasonText(x: SummaryTask, run?: RunSpend): string {
  if (x.cause !== 'budget') return REASONS[x.cause] ?? x.cause;
  const spent = usd(x.costUsd);
  switch (capThatStopped(x, run)) {
    case 'task':
      return `its budget is spent (${spent} of ${usd(x.budgetUsd!)})`;
    case 'run':
      return `the run's budget is spent (this task spent ${spent})`;
    case 'reviewer':
      return `a reviewer spent its own budget before it answered (this task spent ${spent})`;
    default:
      return `the run's budget, or a reviewer's, is spent (this task spent ${spent})`;
  }
}

/** The commands that continue a task that needs a human, as a reader copies them. */
export function nextCommands(cli: string, x: SummaryTask, run?: RunSpend): string[] {
  const name = taskArg(x.name);
  const logs = `${cli} logs ${name}      # what the last attempt did`;
  const approve = `${cli} approve ${name}   # accept it as DONE`;
  const cap = x.cause === 'budget' ? capThatStopped(x, run) : undefined;
  // A new cap is a total for the task: above what it has spent and what it had, or it cannot help.
  if (cap === 'task') {
    const more = Math.max(1, Math.ceil(Math.max(x.costUsd, x.budgetUsd ?? 0) * 2));
    return [logs, `${cli} retry --budget-usd ${more} ${name}     # another set of attempts, with a larger budget`, approve];
  }
  const retry = `${cli} retry ${name}     # another set of attempts`;
  if (cap === 'run') return [logs, "# raise the run's budget (--budget-usd, or [fleet] budget_usd), then:", retry, approve];
  return [logs, retry, approve];
}

// ---- a dry run -----------------------------------------------------------------------------

function renderPlan(plan: PlanSummary, maxBytes: number): string {
  const waveOf = new Map(plan.waves.flatMap((wave, i) => wave.map((name) => [name, i + 1] as const)));
  const parts = [
    `## 🧪 overseer dry run: ${plural(plan.tasks.length, 'task')} in ${plural(plan.waves.length, 'wave')}`,
    '',
    'Nothing ran: this is the plan. Critical path: ' + (plan.criticalPath.length > 0 ? plan.criticalPath.map(code).join(' → ') : '(none)') + '.',
    '',
    table(
      ['Task', 'Wave', 'Depends on', 'Agent', 'Verifiers'],
      plan.tasks.map((x) => [
        code(x.name),
        String(waveOf.get(x.name) ?? 0),
        x.dependsOn.map(code).join(', ') || '–',
        escapeText(x.agent),
        String(x.verifiers),
      ]),
    ),
    '',
  ];
  if (plan.tasks.length <= MERMAID_MAX_TASKS) parts.push('```mermaid', mermaidGraph(plan.tasks), '```');
  return fit(parts.join('\n'), maxBytes);
}

// ---- markdown helpers ------------------------------------------------------------------------

/** A name as inline code; `|` and HTML are entity-escaped (GitHub tables split on `|` even in code). */
function code(text: string): string {
  return `<code>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/[\r\n]+/g, ' ')}</code>`;
}

function stateCell(x: SummaryTask): string {
  const icon = x.state === 'DONE' ? '✅' : x.state === 'NEEDS_HUMAN' ? '🙋' : x.state === 'CANCELLED' ? '⛔' : '⏳';
  return x.state === 'DONE' ? `${icon} DONE` : `${icon} ${x.state} (${escapeText(x.cause)})`;
}

function verdictsCell(verdicts: SummaryTask['verdicts']): string {
  if (verdicts.length === 0) return '–';
  return verdicts.map((v) => `${v.kind} ${v.verdict === 'PASS' ? '✅' : '❌'}`).join(' · ');
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function excerpt(text: string): string {
  return text.length <= FAILURE_EXCERPT ? text : `${text.slice(0, FAILURE_EXCERPT)}\n… (${text.length - FAILURE_EXCERPT} more characters in the log)`;
}



/** Cut at a line boundary under the cap, saying so. */
function fit(markdown: string, maxBytes: number): string {
  if (bytes(markdown) <= maxBytes) return markdown;
  const note = '\n\n_… summary cut to stay under the size GitHub accepts; summary.json and `overseer status` have every task._\n';
  const budget = maxBytes - bytes(note);
  let cut = markdown.slice(0, budget);
  while (bytes(cut) > budget) cut = cut.slice(0, Math.floor(cut.length * 0.95));
  cut = cut.slice(0, cut.lastIndexOf('\n'));
  // A cut inside an open <details> or fence would swallow the note.
  const opened = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  return `${cut}${opened > 0 ? '\n\n</details>' : ''}${note}`;
}
