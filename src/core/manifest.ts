// The tasks.toml schema (DESIGN §2): the single source of the manifest's types, its defaults and
// the cross-field checks (duplicate names, dangling and self dependencies, cycles, verifier kinds).
// Pure: it takes the parsed TOML value and returns a typed manifest or every problem at once.

import * as z from 'zod';
import { AGENT_NAMES, DEFAULT_METRIC_PREFIX, METRIC_PREFIX, type AgentName } from './model.js';
import { crossFieldIssues, hasKind, isTable, TASK_NAME_PATTERN, type CheckOptions } from './manifest-rules.js';
import { didYouMean } from './suggest.js';

export { TASK_NAME_PATTERN };

export type PathSegment = string | number;

/** One problem in a manifest, addressed by its key path (`task[2].depends_on[0]`). */
export interface ManifestIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Where to point in the file when the key itself is absent (a missing key points at its table). */
  readonly locateAt?: readonly PathSegment[];
  /** Point at the key (unknown keys, duplicates) rather than at its value (wrong values). */
  readonly atKey?: boolean;
}

export const DEFAULTS = {
  maxConcurrent: 4,
  maxRetries: 2,
  timeoutMin: 45,
  verifierTimeoutMin: 15,
  idleTimeoutMin: 10,
  resultGraceSec: 30,
  agent: 'claude' as AgentName,
  metricsPrefix: DEFAULT_METRIC_PREFIX,
  brainUrl: 'http://127.0.0.1:11434/v1',
  brainApiKeyEnv: 'OVERSEER_BRAIN_API_KEY',
} as const;

const TASK_NAME_RULE = 'must not be blank or hold a control character (a newline, a tab)';

const positiveInt = z.int().min(1);
const budget = z.number().min(0);
// Not blank, but kept as written: `.trim()` would rewrite the value (a prompt's last newline).
const nonEmpty = z.string().refine((s) => s.trim() !== '', { params: { blank: true } });
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const agentName = z.enum(AGENT_NAMES);

const FleetSchema = z.strictObject({
  max_concurrent: positiveInt.default(DEFAULTS.maxConcurrent),
  budget_usd: budget.optional(),
  agent: agentName.optional(),
  metrics_prefix: z.string().regex(METRIC_PREFIX, { error: 'must be a Prometheus metric name prefix ([a-zA-Z_][a-zA-Z0-9_]*)' }).default(DEFAULTS.metricsPrefix),
  idle_timeout_min: positiveInt.default(DEFAULTS.idleTimeoutMin),
  result_grace_sec: positiveInt.default(DEFAULTS.resultGraceSec),
  pushgateway_url: httpUrl.optional(),
});

const BrainSchema = z.strictObject({
  url: httpUrl.optional(),
  model: nonEmpty.optional(),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be the name of an environment variable' })
    .optional(),
});

const RoleSchema = z.strictObject({
  agent: agentName.optional(),
  model: nonEmpty.optional(),
  allowed_tools: z.array(nonEmpty).optional(),
  command: z
    .array(z.string())
    .min(1, { error: 'must name a program: ["./my-agent.sh"]' })
    .refine((argv) => argv[0]!.trim() !== '', { error: 'must name a program: ["./my-agent.sh"], not an empty string' })
    .optional(),
});

const PricingSchema = z.strictObject({
  input_per_mtok: budget,
  output_per_mtok: budget,
});

const VerifierSchema = z.strictObject({
  run: nonEmpty.optional(),
  brain: nonEmpty.optional(),
  agent: nonEmpty.optional(),
  model: nonEmpty.optional(),
  budget_usd: budget.optional(),
  timeout_min: positiveInt.default(DEFAULTS.verifierTimeoutMin),
});

export const TaskSchema = z.strictObject({
  name: z.string().regex(TASK_NAME_PATTERN, { error: `task name ${TASK_NAME_RULE}` }),
  cwd: nonEmpty,
  prompt: nonEmpty.optional(),
  prompt_file: nonEmpty.optional(),
  role: nonEmpty.optional(),
  agent: agentName.optional(),
  model: nonEmpty.optional(),
  budget_usd: budget.optional(),
  max_retries: z.int().min(0).default(DEFAULTS.maxRetries),
  // 0: no wall-clock limit (claudectl stores the key and enforces none); the idle watchdog still applies.
  timeout_min: z.int().min(0).default(DEFAULTS.timeoutMin),
  // claudectl takes a name listed twice, and an empty [[task.verify]] table: so does overseer (once;
  // skipped). Both shift the indices after them: writtenPath maps them back to the file.
  depends_on: z
    .array(z.string())
    .default([])
    .transform((deps) => [...new Set(deps)]),
  verify: z.array(VerifierSchema).default([]).transform((verifiers) => verifiers.filter(hasKind)),
});

export const ManifestSchema = z.strictObject({
  fleet: FleetSchema.prefault({}),
  brain: BrainSchema.optional(),
  roles: z.record(z.string(), RoleSchema).default({}),
  pricing: z.record(z.string(), PricingSchema).default({}),
  task: z.array(TaskSchema).min(1),
});

export type Manifest = z.output<typeof ManifestSchema>;
export type TaskSpec = Manifest['task'][number];
export type VerifierSpec = TaskSpec['verify'][number];
export type RoleSpec = z.output<typeof RoleSchema>;

export type Verifier =
  | { kind: 'run'; command: string; timeoutMin: number }
  | { kind: 'brain'; question: string; model?: string; budgetUsd?: number; timeoutMin: number }
  | { kind: 'agent'; prompt: string; model?: string; budgetUsd?: number; timeoutMin: number };

/** A verifier spec as a tagged union. Only valid after checkManifest: exactly one kind is set. */
export function verifierOf(spec: VerifierSpec): Verifier {
  const { model, budget_usd: budgetUsd, timeout_min: timeoutMin } = spec;
  if (spec.run !== undefined) return { kind: 'run', command: spec.run, timeoutMin };
  if (spec.brain !== undefined) return { kind: 'brain', question: spec.brain, model, budgetUsd, timeoutMin };
  if (spec.agent !== undefined) return { kind: 'agent', prompt: spec.agent, model, budgetUsd, timeoutMin };
  throw new Error('verifier has no kind; checkManifest should have rejected it');
}

/** What a verification is recorded under (its `command`): a check's command, a judge's question, a reviewer's prompt. */
export function verifierText(v: Verifier): string {
  return v.kind === 'run' ? v.command : v.kind === 'brain' ? v.question : v.prompt;
}

/** A task's `[roles.<name>]` table; none for a role that is only a label (a name like `constructor` included). */
export function roleOf(manifest: Pick<Manifest, 'roles'>, name: string | undefined): RoleSpec | undefined {
  return name !== undefined && Object.hasOwn(manifest.roles, name) ? manifest.roles[name] : undefined;
}

/** The model a task's agent runs: the task's own, else its role's (none: the agent's default). */
export function modelOf(manifest: Pick<Manifest, 'roles'>, task: Pick<TaskSpec, 'model' | 'role'>): string | undefined {
  return task.model ?? roleOf(manifest, task.role)?.model;
}

/** The agent a task runs with: task override, then its role's, then the fleet default. */
export function resolveAgent(manifest: Manifest, task: Pick<TaskSpec, 'agent' | 'role'>): AgentName {
  return task.agent ?? roleOf(manifest, task.role)?.agent ?? manifest.fleet.agent ?? DEFAULTS.agent;
}

/**
 * Why every task cannot run with `agent` (`run --agent`), or undefined when they can: agent "command"
 * runs the program of each task's role, and the manifest check held only for the agents it names.
 */
export function agentOverrideProblem(manifest: Manifest, agent: AgentName): string | undefined {
  if (agent !== 'command') return undefined;
  const without = manifest.task.filter((t) => !roleOf(manifest, t.role)?.command).map((t) => t.name);
  if (without.length === 0) return undefined;
  const names = without.length > 5 ? `${without.slice(0, 5).join(', ')} and ${without.length - 5} more` : without.join(', ');
  return `--agent command runs the program of each task's role, and ${without.length === 1 ? 'task' : 'tasks'} ${names} ${without.length === 1 ? 'has' : 'have'} no role that sets command = ["./agent.sh"]`;
}

/** The variable that holds the brain's API key: a secret wherever it is read. */
export function brainKeyEnv(manifest: Manifest): string {
  return manifest.brain?.api_key_env ?? DEFAULTS.brainApiKeyEnv;
}

/** Where brain verifiers ask: [brain], under the OVERSEER_BRAIN_URL / OVERSEER_BRAIN_MODEL overrides. */
export function brainEndpoint(manifest: Manifest, env: Readonly<Record<string, string | undefined>>): { url: string; model: string | undefined; apiKey: string | undefined } {
  return {
    // An empty variable (a workflow's `${{ vars.X }}` that is not set) is unset, not an override.
    url: env.OVERSEER_BRAIN_URL || manifest.brain?.url || DEFAULTS.brainUrl,
    model: env.OVERSEER_BRAIN_MODEL || manifest.brain?.model,
    apiKey: env[brainKeyEnv(manifest)],
  };
}

/** Why a brain endpoint URL can never be asked (no retry changes it), or undefined. */
export function brainUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'does not parse';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `is not http(s) (${u.protocol})`;
  // fetch refuses a URL with credentials in it.
  if (u.username || u.password) return 'holds a user or password: give the key in the variable [brain] api_key_env names';
  return undefined;
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(ManifestSchema.shape),
  fleet: Object.keys(FleetSchema.shape),
  brain: Object.keys(BrainSchema.shape),
  roles: Object.keys(RoleSchema.shape),
  pricing: Object.keys(PricingSchema.shape),
  task: Object.keys(TaskSchema.shape),
  verify: Object.keys(VerifierSchema.shape),
};

const TABLE_LABEL: Record<string, string> = {
  '': 'the top level',
  fleet: '[fleet]',
  brain: '[brain]',
  roles: '[roles.<name>]',
  pricing: '[pricing.<model>]',
  task: '[[task]]',
  verify: '[[task.verify]]',
};

/** Which schema table a path addresses. */
function tableOf(path: readonly PathSegment[]): string {
  if (path[0] === 'task' && path[2] === 'verify' && path.length >= 4) return 'verify';
  const head = path[0];
  return typeof head === 'string' && head in KNOWN_KEYS ? head : '';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  // TOML spells the non-finite floats nan, inf and -inf.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null && 'toISOString' in value) return 'a date';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'bigint':
      return `the integer ${value}`;
    case 'object':
      return 'a table';
    default:
      return typeof value;
  }
}

/** Keys whose numbers must be whole: zod reports a wrong type there as "expected number". */
const INTEGER_KEYS = new Set(['max_concurrent', 'idle_timeout_min', 'result_grace_sec', 'max_retries', 'timeout_min']);

const EXPECTED: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  array: 'an array',
  object: 'a table',
  record: 'a table',
  boolean: 'a boolean',
};

function keyName(path: readonly PathSegment[]): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : 'value';
}

/** Keys that hold a list of strings: a lone string there is a common slip with an obvious fix. */
const STRING_LIST_KEYS = new Set(['depends_on', 'allowed_tools', 'command']);

/** A number in quotes that claudectl reads as one (every numeric key here is >= 0). */
const QUOTED_NUMBER: Record<string, RegExp> = {
  'an integer': /^\+?\d{1,15}$/,
  'a number': /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/,
};

/** A wrong type, with the fix when the mistake is a familiar one. */
function wrongType(path: readonly PathSegment[], expected: string, input: unknown): string {
  const key = keyName(path);
  if (typeof input === 'number' && !Number.isFinite(input) && expected !== 'an integer') return `must be a finite number, got ${describe(input)}`;
  if (isTable(input) && path.length === 1 && path[0] === 'task') {
    return Object.keys(input).every((k) => k === 'verify')
      ? '[[task.verify]] comes before any [[task]]: put each verifier after the task it checks'
      : 'expected an array of tables, got a table: write [[task]] (two brackets) above each task';
  }
  if (isTable(input) && key === 'verify') {
    return 'expected an array of tables, got a table: write [[task.verify]] (two brackets) above each verifier';
  }
  if (typeof input === 'string' && expected === 'an array' && STRING_LIST_KEYS.has(key)) {
    return `expected an array, got ${describe(input)}: write ${key} = [${JSON.stringify(input)}]`;
  }
  // claudectl strips the quotes from any value, so `max_retries = "3"` works there: say how to write it here.
  const quoted = typeof input === 'string' && QUOTED_NUMBER[expected]?.test(input) ? Number(input) : NaN;
  if (Number.isFinite(quoted)) return `expected ${expected}, got ${describe(input)}: write ${key} = ${quoted} (no quotes)`;
  return `expected ${expected}, got ${describe(input)}`;
}

/** Turn one zod issue into manifest issues with messages a person can act on. */
function fromZod(issue: z.core.$ZodIssue): ManifestIssue[] {
  const path = issue.path as PathSegment[];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const table = tableOf(path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}" in ${TABLE_LABEL[table]}${didYouMean(key, KNOWN_KEYS[table] ?? [])}`,
      }));
    }
    case 'invalid_type': {
      if (input === undefined) {
        if (path.length === 1 && path[0] === 'task') {
          return [{ path, locateAt: [], message: 'no [[task]] tables: a manifest needs at least one task' }];
        }
        return [{ path, locateAt: path.slice(0, -1), message: `missing required key "${keyName(path)}"` }];
      }
      const integer = issue.expected === 'number' && INTEGER_KEYS.has(keyName(path));
      const expected = integer ? 'an integer' : (EXPECTED[issue.expected] ?? issue.expected);
      return [{ path, message: wrongType(path, expected, input) }];
    }
    case 'too_small': {
      if (path.length === 1 && path[0] === 'task') {
        return [{ path, message: 'no [[task]] tables: a manifest needs at least one task' }];
      }
      if (issue.origin === 'string') return [{ path, message: `"${keyName(path)}" must not be empty` }];
      if (issue.origin === 'array') return [{ path, message: issue.message }];
      return [{ path, message: `must be >= ${issue.minimum}, got ${describe(input)}` }];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const hint = typeof input === 'string' ? didYouMean(input, options) : '';
      return [{ path, message: `must be one of ${options.map((v) => `"${v}"`).join(', ')}, got ${describe(input)}${hint}` }];
    }
    case 'invalid_format':
      if (input === '') return [{ path, message: `"${keyName(path)}" must not be empty` }];
      return [{ path, message: issue.message.startsWith('Invalid') ? `invalid ${issue.format}: got ${describe(input)}` : `${issue.message}, got ${describe(input)}` }];
    case 'custom':
      if (issue.params?.blank) return [{ path, message: `"${keyName(path)}" must not be empty` }];
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; issues: ManifestIssue[] };

/** Validate a parsed TOML document. Never throws for bad input: every problem comes back at once. */
export function checkManifest(doc: unknown, options: CheckOptions = {}): ManifestResult {
  const parsed = ManifestSchema.safeParse(doc, { reportInput: true });
  const issues = [...(parsed.success ? [] : parsed.error.issues.flatMap(fromZod)), ...crossFieldIssues(doc, options)];
  return parsed.success && issues.length === 0 ? { ok: true, manifest: parsed.data } : { ok: false, issues };
}

/**
 * The path in the document as written (`doc`, the TOML `checkManifest` accepted) of a key of the
 * checked manifest. The schema skips empty [[task.verify]] tables and a dependency listed again, so
 * past one of those the manifest's indices run behind the file's, and a problem found in the
 * manifest (a judge with no model, a credential in a command) would name the wrong place.
 */
export function writtenPath(doc: unknown, path: readonly PathSegment[]): PathSegment[] {
  const [top, i, list, j, ...rest] = path;
  if (top !== 'task' || typeof i !== 'number' || typeof j !== 'number' || (list !== 'verify' && list !== 'depends_on')) return [...path];
  const tasks = isTable(doc) && Array.isArray(doc.task) ? doc.task : [];
  const task: unknown = tasks[i];
  const written: unknown[] = isTable(task) && Array.isArray(task[list]) ? task[list] : [];
  const listed = new Set<unknown>();
  let n = -1;
  for (let at = 0; at < written.length; at++) {
    const v = written[at];
    // The schema's rules: a verifier that has a kind, a dependency where it is first listed.
    const kept = list === 'verify' ? isTable(v) && hasKind(v) : !listed.has(v);
    listed.add(v);
    if (kept && ++n === j) return [top, i, list, at, ...rest];
  }
  return [...path];
}

/** `task[2].depends_on[0]`: the key path as a user reads it. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += (out ? '.' : '') + (/^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p));
  }
  return out;
}
