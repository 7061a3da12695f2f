// The manifest checks that need the whole document: duplicate names, dangling, repeated and
// self dependencies, cycles, verifier kinds, and agents that need a program. They read the raw TOML
// leniently, so they run beside the schema and every problem is reported at once.

import { findCycles } from './graph.js';
import type { ManifestIssue, PathSegment } from './manifest.js';
import { boundedDidYouMean, nearestWithin } from './suggest.js';

/**
 * A task name: any text that is not blank and holds no control character (claudectl asks only that
 * it is not blank: "fix flaky test" and "修复-测试" are names). Where a name must be a path, it is
 * encoded (ledger/paths.ts); where a command is shown to copy, it is quoted.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it refuses
export const TASK_NAME_PATTERN = /^(?=[\s\S]*\S)[^\x00-\x1f\x7f]+$/;

/**
 * The parts of a document the cross-field checks read, taken leniently from the raw TOML so they
 * run even when the schema found problems: every problem is reported at once.
 */
interface LooseTask {
  name?: string;
  hasPrompt: boolean;
  hasPromptFile: boolean;
  role?: string;
  agent?: string;
  dependsOn: Array<string | undefined>;
  verify: Array<Record<string, unknown>>;
}

/** A TOML table (not an array, not a date). */
export function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('toISOString' in v);
}

/**
 * Whether a [[task.verify]] table says what it is. One that does not is skipped when empty (as
 * claudectl does) and refused otherwise, so in a checked manifest the verifiers are exactly the
 * tables that have a kind.
 */
export function hasKind(verifier: Readonly<Record<string, unknown>>): boolean {
  return verifier.run !== undefined || verifier.brain !== undefined || verifier.agent !== undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function looseView(doc: unknown) {
  const root = isTable(doc) ? doc : {};
  const tasks: Array<LooseTask | undefined> = (Array.isArray(root.task) ? root.task : []).map((t: unknown) =>
    isTable(t)
      ? {
          name: str(t.name),
          hasPrompt: t.prompt !== undefined,
          hasPromptFile: t.prompt_file !== undefined,
          role: str(t.role),
          agent: str(t.agent),
          dependsOn: Array.isArray(t.depends_on) ? t.depends_on.map(str) : [],
          verify: Array.isArray(t.verify) ? t.verify.filter(isTable) : [],
        }
      : undefined,
  );
  const roles = new Map(
    Object.entries(isTable(root.roles) ? root.roles : {}).flatMap(([name, r]) =>
      isTable(r) ? [[name, { agent: str(r.agent), hasCommand: r.command !== undefined }] as const] : [],
    ),
  );
  const fleetAgent = isTable(root.fleet) ? str(root.fleet.agent) : undefined;
  return { tasks, roles, fleetAgent };
}

export interface CheckOptions {
  /**
   * A submitted task (`overseer submit`): its role is looked up in the manifest of the run that takes
   * it, so whether that role names a program for agent "command" is known only then.
   */
  readonly rolesAtRun?: boolean;
}

/**
 * The table a role label was meant to name: the nearest one edit away (two from a table name of 8
 * letters or more), for a label at least four letters long. A label that is a word of a table's name
 * (`review` beside `[roles.code_review]`) or a short one (`ci` beside `[roles.cli]`) is a label in its
 * own right. Every label is checked (a typo must never pass for a label), through an index: reading
 * every table for each label took 10 s for 4,000 labels among 4,000 tables.
 */
function roleTypos(tables: readonly string[]): (label: string) => string | undefined {
  const near = nearestWithin(tables, (table) => (table.length >= 8 ? 2 : 1));
  return (label) => (label.length < 4 ? undefined : near(label));
}

/** A cycle as `a -> b -> a`; a long one keeps its first and last names, so the message stays a line. */
function walk(cycle: readonly string[]): string {
  if (cycle.length <= 12) return cycle.join(' -> ');
  return [...cycle.slice(0, 6), `... (${cycle.length - 10} more)`, ...cycle.slice(-4)].join(' -> ');
}

/** Checks zod cannot express: they need the whole manifest. */
export function crossFieldIssues(doc: unknown, options: CheckOptions = {}): ManifestIssue[] {
  const { tasks, roles, fleetAgent } = looseView(doc);
  const issues: ManifestIssue[] = [];
  let fleetCommandReported = false;
  const firstIndex = new Map<string, number>();
  tasks.forEach((t, i) => {
    if (t?.name === undefined || !TASK_NAME_PATTERN.test(t.name)) return;
    const seen = firstIndex.get(t.name);
    if (seen === undefined) firstIndex.set(t.name, i);
    else issues.push({ path: ['task', i, 'name'], message: `duplicate task name "${t.name}" (first defined at task[${seen}])` });
  });
  const suggest = boundedDidYouMean([...firstIndex.keys()]);
  const typoOf = roleTypos([...roles.keys()]);

  tasks.forEach((t, i) => {
    if (!t) return;
    if (!t.hasPrompt && !t.hasPromptFile) {
      issues.push({ path: ['task', i, 'prompt'], locateAt: ['task', i], message: 'missing required key "prompt" (or "prompt_file")' });
    }
    if (t.hasPrompt && t.hasPromptFile) {
      issues.push({ path: ['task', i, 'prompt_file'], atKey: true, message: 'set "prompt" or "prompt_file", not both' });
    }
    t.dependsOn.forEach((dep, j) => {
      if (dep === undefined) return;
      const at = ['task', i, 'depends_on', j];
      if (dep === t.name) issues.push({ path: at, message: `task "${t.name}" depends on itself` });
      else if (!firstIndex.has(dep)) issues.push({ path: at, message: `depends on unknown task "${dep}"${suggest(dep)}` });
    });
    t.verify.forEach((v, j) => {
      const kinds = (['run', 'brain', 'agent'] as const).filter((k) => v[k] !== undefined);
      // An empty table is skipped (claudectl does); one with keys but no kind is a mistake to name.
      if (kinds.length === 0 && Object.keys(v).length === 0) return;
      if (kinds.length === 0) {
        issues.push({ path: ['task', i, 'verify', j], message: 'verifier needs one of "run", "brain" or "agent"' });
      } else if (kinds.length > 1) {
        // Point at the second kind: the first one is what the verifier was meant to be.
        const quoted = kinds.map((k) => `"${k}"`);
        issues.push({
          path: ['task', i, 'verify', j, kinds[1]!],
          atKey: true,
          message: `verifier sets ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}: give each its own [[task.verify]]`,
        });
      }
      if (v.run !== undefined) {
        for (const key of ['model', 'budget_usd'] as const) {
          if (v[key] === undefined) continue;
          issues.push({ path: ['task', i, 'verify', j, key], atKey: true, message: `"${key}" applies to brain and agent verifiers, not "run"` });
        }
      }
    });
    const role = t.role === undefined ? undefined : roles.get(t.role);
    // A role with no table is a label (claudectl's roles are). One a typo away from a table's name
    // would run the task with the fleet's agent, model and tools, without a word.
    const typo = t.role !== undefined && !role && !options.rolesAtRun ? typoOf(t.role) : undefined;
    if (typo !== undefined) {
      issues.push({ path: ['task', i, 'role'], message: `no [roles.${t.role}] table: did you mean "${typo}"? (a role with no table is only a label)` });
      return;
    }
    // A task whose agent is `command` needs a role naming the program. A role that is itself
    // missing its command is reported once, at the role.
    const agent = t.agent ?? role?.agent ?? fleetAgent;
    if (agent === 'command' && !role?.hasCommand && role?.agent !== 'command' && !(options.rolesAtRun && t.role !== undefined)) {
      const path: PathSegment[] = t.agent !== undefined ? ['task', i, 'agent'] : t.role !== undefined ? ['task', i, 'role'] : ['fleet', 'agent'];
      // The fleet default is one line: say it once, not once per task that inherits it.
      const repeat = path[0] === 'fleet' && fleetCommandReported;
      if (path[0] === 'fleet') fleetCommandReported = true;
      if (!repeat) {
        issues.push({
          path,
          message: t.role
            ? `agent "command" needs a program: set command = ["./agent.sh"] in [roles.${t.role}]`
            : 'agent "command" needs a program: give the task a role whose [roles.<name>] table sets command = ["./agent.sh"]',
        });
      }
    }
  });

  for (const [name, role] of roles) {
    if (role.agent === 'command' && !role.hasCommand) {
      issues.push({ path: ['roles', name, 'agent'], message: `agent "command" needs a program: set command = ["./agent.sh"] in [roles.${name}]` });
    }
  }

  // Cycles among unique, valid names; dangling and self edges were reported above.
  const nodes = tasks.flatMap((t, i) =>
    t?.name !== undefined && firstIndex.get(t.name) === i
      ? [{ name: t.name, dependsOn: t.dependsOn.filter((d): d is string => d !== undefined && d !== t.name) }]
      : [],
  );
  for (const cycle of findCycles(nodes)) {
    const [from, to] = [cycle[0]!, cycle[1]!];
    const i = firstIndex.get(from)!;
    const j = tasks[i]!.dependsOn.indexOf(to);
    issues.push({ path: ['task', i, 'depends_on', j], message: `dependency cycle: ${walk(cycle)}` });
  }
  return issues;
}
