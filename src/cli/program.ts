// The commander program: one subcommand per DESIGN §11 command, each handing off to its module.

import { Command, InvalidArgumentError, Option } from 'commander';
import { METRIC_PREFIX } from '../core/model.js';
import { REDACTED } from '../core/redact.js';
import { DEFAULT_MANIFEST, DEFAULT_STATE_DIR, redacted, stateDirOf, type GlobalOptions } from './settings.js';
import { requester } from '../runtime/requester.js';
import { startSpawnHelper } from '../runtime/helper.js';
import { VERSION } from '../version.js';
import type { SubmitOptions } from './commands/submit.js';
import type { RunOptions } from './commands/run.js';
import type { ControlRequest } from '../runtime/inbox.js';

// Each command's module is loaded when it runs, so `status` does not pay for the manifest schema
// and `validate` does not pay for sql.js: a cold start is most of a short command's time.
const commands = {
  init: () => import('./commands/init.js'),
  validate: () => import('./commands/validate.js'),
  plan: () => import('./commands/plan.js'),
  submit: () => import('./commands/submit.js'),
  run: () => import('./commands/run.js'),
  status: () => import('./commands/status.js'),
  logs: () => import('./commands/logs.js'),
  events: () => import('./commands/events.js'),
  control: () => import('./commands/control.js'),
  demo: () => import('./commands/demo.js'),
  metrics: () => import('./commands/metrics.js'),
  summary: () => import('./commands/summary.js'),
  doctor: () => import('./commands/doctor.js'),
};

async function control(stateDir: string, request: ControlRequest): Promise<number> {
  return (await commands.control()).controlCommand(stateDir, request);
}

// Plain decimal only: Number() reads '' and ' ' as 0 (an unset "$BUDGET" would become a $0 cap)
// and accepts 0x10 and 1e2, which no one means on a command line.
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
}

function amount(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number of dollars >= 0 (e.g. 5 or 2.50), got ${JSON.stringify(value)}`);
  return n;
}

function nonEmpty(what: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new InvalidArgumentError(`expected ${what}, got an empty value`);
    return value;
  };
}

function metricPrefix(value: string): string {
  if (!METRIC_PREFIX.test(value)) throw new InvalidArgumentError('expected a Prometheus name prefix ([a-zA-Z_][a-zA-Z0-9_]*), e.g. overseer or claudectl');
  return value;
}

function httpUrl(value: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new InvalidArgumentError('expected an http(s) URL, e.g. http://127.0.0.1:9091');
  return value;
}

function repeat(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `run` receives the exit code of the command; the caller exits with it. */
export function buildProgram(run: (code: number | Promise<number>) => void): Command {
  const program = new Command('overseer')
    .description('Supervise fleets of AI coding-agent tasks: validate, plan, run, verify, report.')
    .version(VERSION, '-V, --version')
    // No commander default: it would hide OVERSEER_STATE_DIR (stateDirOf falls back to it, then to .overseer).
    .option('--state-dir <dir>', `ledger, events and logs directory (env OVERSEER_STATE_DIR; default ${DEFAULT_STATE_DIR})`, nonEmpty('a directory'))
    .showHelpAfterError('(run with --help for usage)')
    // commander quotes a refused argument as given: a URL mistyped with its password in it
    // (`http:/ci:pw@gw`, no `//` for the redactor to know it by) must not be printed back.
    .configureOutput({ writeErr: (text) => process.stderr.write(redacted(text).replace(/([^\s'"/:@]+:)[^\s'"/@]+@/g, `$1${REDACTED}@`)) })
    // Set before any subcommand is added: subcommands copy these settings when created.
    .exitOverride();
  const stateDir = (check = true) => stateDirOf(program.opts<GlobalOptions>(), check);

  program
    .command('init')
    .description('write a starter tasks.toml and .github/workflows/overseer.yml')
    .option('--force', 'overwrite existing files')
    .option('--dir <dir>', 'where to write', '.')
    .action(async (o: { force?: boolean; dir: string }) => run((await commands.init()).initCommand(o.dir, o)));

  program
    .command('validate')
    .description('check tasks.toml files; every problem as FILE:LINE:COL, exit 2 when any is invalid')
    .argument('[files...]', 'the manifests', [DEFAULT_MANIFEST])
    .option('--json', 'machine-readable result (an array when several files are given)')
    .action(async (files: string[], o: { json?: boolean }) => run((await commands.validate()).validateCommand(files, o)));

  program
    .command('doctor')
    .description('check that this machine can run the fleet: node, manifest, agent programs, brain endpoint, ledger, git; exit 3 on a problem')
    .argument('[file]', 'the manifest', DEFAULT_MANIFEST)
    .option('--json', 'machine-readable result: {ok, checks: [{name, status, detail, hint}]}')
    .action(async (file: string, o: { json?: boolean }) => run((await commands.doctor()).doctorCommand(stateDir(false), file, o)));

  program
    .command('plan')
    .description('show waves, the critical path and a mermaid graph, without running anything')
    .argument('[file]', 'the manifest', DEFAULT_MANIFEST)
    .option('--json', 'machine-readable plan')
    .action(async (file: string, o: { json?: boolean }) => run((await commands.plan()).planCommand(file, o)));

  program
    .command('run')
    .description('run the fleet until every task is DONE or needs a human; exit 0 only if all are DONE')
    .argument('[file]', 'the manifest', DEFAULT_MANIFEST)
    .option('--dry-run', 'validate, plan and print the agent commands; start nothing, write no ledger')
    .option('--max-concurrent <n>', 'tasks running at once (overrides [fleet] max_concurrent)', integer(1))
    .option('--budget-usd <usd>', 'run-wide spending cap (overrides [fleet] budget_usd)', amount)
    .addOption(new Option('--agent <agent>', 'run every task with this agent').choices(['claude', 'codex', 'command', 'demo']))
    .option('--json', 'print every event as NDJSON instead of the readable lines')
    .option('--metrics-prefix <prefix>', 'metric name prefix (overrides [fleet] metrics_prefix; `claudectl` for its dashboards)', metricPrefix)
    .option('--pushgateway-url <url>', 'push metrics here every 15 s and at the end (overrides [fleet] pushgateway_url)', httpUrl)
    .action(async (file: string, o: RunOptions) => {
      if (!o.dryRun) startSpawnHelper();
      return run((await commands.run()).runCommand(stateDir(!o.dryRun), file, o));
    });

  program
    .command('submit')
    .description('add one task to the ledger (queued for the supervisor when one is running)')
    .requiredOption('--name <name>', 'unique task name (any text but blank)')
    .requiredOption('--cwd <dir>', 'working directory of the task')
    .requiredOption('--prompt <text>', 'what the agent should do')
    .option('--role <role>', 'agent profile from [roles]')
    .addOption(new Option('--agent <agent>', 'agent to run').choices(['claude', 'codex', 'command', 'demo']))
    .option('--model <model>', 'model override')
    .option('--depends-on <name>', 'a task that must be DONE first (repeatable; `a,b` lists two unless a task is named `a,b`)', repeat)
    .option('--max-retries <n>', 'retries after the first attempt (default 2)', integer(0))
    .option('--timeout-min <n>', 'minutes per attempt (default 45; 0 for no limit)', integer(0))
    .option('--budget-usd <usd>', 'spending cap for the task', amount)
    .option('--verify <command>', 'a `run` verifier (repeatable; exit 0 = PASS)', repeat)
    .action(async (o: SubmitOptions) => run((await commands.submit()).submitCommand(stateDir(), o)));

  program
    .command('status')
    .description('every task with its state, from the last persisted ledger (no lock needed)')
    .option('--state <state>', 'only tasks in this state (e.g. NEEDS_HUMAN)')
    .option('--json', 'machine-readable status')
    .action(async (o: { state?: string; json?: boolean }) => run((await commands.status()).statusCommand(stateDir(), o)));

  program
    .command('logs')
    .description("print an attempt's log (default: the latest attempt)")
    .argument('<task>', 'task name')
    .option('--attempt <n>', 'attempt number (1 = first)', integer(1))
    .option('--follow', 'keep printing until the attempt ends (Ctrl-C to stop)')
    .action(async (task: string, o: { attempt?: number; follow?: boolean }) => run((await commands.logs()).logsCommand(stateDir(), task, o)));

  program
    .command('events')
    .description('print the event stream (events.ndjson)')
    .option('--follow', 'keep printing new events (Ctrl-C to stop)')
    .option('--json', 'raw NDJSON lines, one event each')
    .action(async (o: { follow?: boolean; json?: boolean }) => run((await commands.events()).eventsCommand(stateDir(), o)));

  program
    .command('cancel')
    .description('cancel a task (and the tasks waiting on it)')
    .argument('<task>', 'task name')
    .action((task: string) => run(control(stateDir(), { request: 'cancel', task_id: task, by: requester() })));

  program
    .command('approve')
    .description('mark a NEEDS_HUMAN task DONE')
    .argument('<task>', 'task name')
    .action((task: string) => run(control(stateDir(), { request: 'approve', task_id: task, by: requester() })));

  program
    .command('retry')
    .description('give a NEEDS_HUMAN task a fresh set of attempts')
    .argument('<task>', 'task name')
    .option('--budget-usd <usd>', 'new spending cap for the task', amount)
    .action((task: string, o: { budgetUsd?: number }) =>
      run(
        control(stateDir(), {
          request: 'retry',
          task_id: task,
          ...(o.budgetUsd !== undefined && { budget_usd: o.budgetUsd }),
          by: requester(),
        }),
      ),
    );

  program
    .command('drain')
    .description('start no new tasks; running work finishes')
    .action(() => run(control(stateDir(), { request: 'drain', by: requester() })));

  program
    .command('undrain')
    .description('resume dispatch after drain')
    .action(() => run(control(stateDir(), { request: 'undrain', by: requester() })));

  program
    .command('demo')
    .description('copy the built-in demo fleet to a temporary directory and run it (no API key needed)')
    .option('--dir <dir>', 'use this new or empty directory instead of a temporary one')
    .action(async (o: { dir?: string }) => {
      startSpawnHelper();
      return run((await commands.demo()).demoCommand(o));
    });

  program
    .command('summary')
    .description('the job summary as Markdown (what the action shows): headline, task table, graph, what needs a human')
    .option('--out <file>', 'write it here (and summary.json beside it) instead of stdout')
    .option('--json', 'print summary.json (verdict, counts, cost, per-task results) instead')
    .option('--plan <manifest>', "render a dry run's plan from a tasks.toml as Markdown (no ledger needed; the plan as JSON is `plan --json`)")
    .action(async (o: { out?: string; json?: boolean; plan?: string }) => run((await commands.summary()).summaryCommand(stateDir(), o)));

  const metrics = program.command('metrics').description('Prometheus metrics from the ledger: serve /metrics, or push to a Pushgateway');
  metrics
    .command('serve')
    .description('serve GET /metrics, read fresh from the ledger file on every scrape (no lock; safe during a run)')
    .option('--bind <host:port>', 'address to listen on', '127.0.0.1:9464')
    .option('--metrics-prefix <prefix>', 'metric name prefix (default: what the last run used, else overseer)', metricPrefix)
    .action(async (o: { bind: string; metricsPrefix?: string }) => run((await commands.metrics()).serveCommand(stateDir(), o)));
  metrics
    .command('push')
    .description('push the ledger\'s metrics once to a Pushgateway (job overseer, grouped by run_id)')
    .requiredOption('--url <url>', 'the Pushgateway, e.g. http://127.0.0.1:9091', httpUrl)
    .option('--job <job>', 'job label', nonEmpty('a job name'), 'overseer')
    .option('--metrics-prefix <prefix>', 'metric name prefix (default: what the last run used, else overseer)', metricPrefix)
    .option('--json', 'print what was pushed where as JSON')
    .action(async (o: { url: string; job: string; metricsPrefix?: string; json?: boolean }) => run((await commands.metrics()).pushCommand(stateDir(), o)));

  return program;
}
