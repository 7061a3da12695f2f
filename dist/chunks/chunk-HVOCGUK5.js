#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  external_exports,
  findCycles
} from "./chunk-N4WNTXQT.js";
import {
  AGENT_NAMES,
  DEFAULT_METRIC_PREFIX,
  METRIC_PREFIX
} from "./chunk-IEJXYGDK.js";

// src/core/suggest.ts
function distance(a, b) {
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(prev[j] + 1, row[j - 1] + 1, substitute);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2] + 1);
      row.push(best);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}
function closest(input, candidates) {
  const needle = input.toLowerCase();
  let best;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = distance(needle, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  if (bestScore <= limit && bestScore < needle.length) return best;
  if (needle.length >= 4) return candidates.find((c) => c.toLowerCase().split("_").includes(needle));
  return void 0;
}
function didYouMean(input, candidates) {
  const hit = closest(input, candidates);
  return hit === void 0 ? "" : ` (did you mean "${hit}"?)`;
}

// src/core/manifest-rules.ts
var TASK_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
function isTable(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !("toISOString" in v);
}
var str = (v) => typeof v === "string" ? v : void 0;
function looseView(doc) {
  const root = isTable(doc) ? doc : {};
  const tasks = (Array.isArray(root.task) ? root.task : []).map(
    (t) => isTable(t) ? {
      name: str(t.name),
      hasPrompt: t.prompt !== void 0,
      hasPromptFile: t.prompt_file !== void 0,
      role: str(t.role),
      agent: str(t.agent),
      dependsOn: Array.isArray(t.depends_on) ? t.depends_on.map(str) : [],
      verify: Array.isArray(t.verify) ? t.verify.filter(isTable) : []
    } : void 0
  );
  const roles = new Map(
    Object.entries(isTable(root.roles) ? root.roles : {}).flatMap(
      ([name, r]) => isTable(r) ? [[name, { agent: str(r.agent), hasCommand: r.command !== void 0 }]] : []
    )
  );
  const fleetAgent = isTable(root.fleet) ? str(root.fleet.agent) : void 0;
  return { tasks, roles, fleetAgent };
}
function crossFieldIssues(doc) {
  const { tasks, roles, fleetAgent } = looseView(doc);
  const issues = [];
  let fleetCommandReported = false;
  const firstIndex = /* @__PURE__ */ new Map();
  tasks.forEach((t, i) => {
    if (t?.name === void 0 || !TASK_NAME_PATTERN.test(t.name)) return;
    const seen = firstIndex.get(t.name);
    if (seen === void 0) firstIndex.set(t.name, i);
    else issues.push({ path: ["task", i, "name"], message: `duplicate task name "${t.name}" (first defined at task[${seen}])` });
  });
  const names = [...firstIndex.keys()];
  tasks.forEach((t, i) => {
    if (!t) return;
    if (!t.hasPrompt && !t.hasPromptFile) {
      issues.push({ path: ["task", i, "prompt"], locateAt: ["task", i], message: 'missing required key "prompt" (or "prompt_file")' });
    }
    if (t.hasPrompt && t.hasPromptFile) {
      issues.push({ path: ["task", i, "prompt_file"], atKey: true, message: 'set "prompt" or "prompt_file", not both' });
    }
    const seenDeps = /* @__PURE__ */ new Set();
    t.dependsOn.forEach((dep, j) => {
      if (dep === void 0) return;
      const at = ["task", i, "depends_on", j];
      if (dep === t.name) issues.push({ path: at, message: `task "${t.name}" depends on itself` });
      else if (!firstIndex.has(dep)) issues.push({ path: at, message: `depends on unknown task "${dep}"${didYouMean(dep, names)}` });
      else if (seenDeps.has(dep)) issues.push({ path: at, message: `"${dep}" is listed twice in depends_on` });
      seenDeps.add(dep);
    });
    t.verify.forEach((v, j) => {
      const kinds = ["run", "brain", "agent"].filter((k) => v[k] !== void 0);
      if (kinds.length === 0) {
        issues.push({ path: ["task", i, "verify", j], message: 'verifier needs one of "run", "brain" or "agent"' });
      } else if (kinds.length > 1) {
        const quoted = kinds.map((k) => `"${k}"`);
        issues.push({
          path: ["task", i, "verify", j, kinds[1]],
          atKey: true,
          message: `verifier sets ${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}: give each its own [[task.verify]]`
        });
      }
      if (v.run !== void 0) {
        for (const key of ["model", "budget_usd"]) {
          if (v[key] === void 0) continue;
          issues.push({ path: ["task", i, "verify", j, key], atKey: true, message: `"${key}" applies to brain and agent verifiers, not "run"` });
        }
      }
    });
    const role = t.role === void 0 ? void 0 : roles.get(t.role);
    const agent = t.agent ?? role?.agent ?? fleetAgent;
    if (agent === "command" && !role?.hasCommand && role?.agent !== "command") {
      const path = t.agent !== void 0 ? ["task", i, "agent"] : t.role !== void 0 ? ["task", i, "role"] : ["fleet", "agent"];
      const repeat = path[0] === "fleet" && fleetCommandReported;
      if (path[0] === "fleet") fleetCommandReported = true;
      if (!repeat) {
        issues.push({
          path,
          message: t.role ? `agent "command" needs a program: set command = ["./agent.sh"] in [roles.${t.role}]` : 'agent "command" needs a program: give the task a role whose [roles.<name>] table sets command = ["./agent.sh"]'
        });
      }
    }
  });
  for (const [name, role] of roles) {
    if (role.agent === "command" && !role.hasCommand) {
      issues.push({ path: ["roles", name, "agent"], message: `agent "command" needs a program: set command = ["./agent.sh"] in [roles.${name}]` });
    }
  }
  const nodes = tasks.flatMap(
    (t, i) => t?.name !== void 0 && firstIndex.get(t.name) === i ? [{ name: t.name, dependsOn: t.dependsOn.filter((d) => d !== void 0 && d !== t.name) }] : []
  );
  for (const cycle of findCycles(nodes)) {
    const [from, to] = [cycle[0], cycle[1]];
    const i = firstIndex.get(from);
    const j = tasks[i].dependsOn.indexOf(to);
    issues.push({ path: ["task", i, "depends_on", j], message: `dependency cycle: ${cycle.join(" -> ")}` });
  }
  return issues;
}

// src/core/manifest.ts
var DEFAULTS = {
  maxConcurrent: 4,
  maxRetries: 2,
  timeoutMin: 45,
  verifierTimeoutMin: 15,
  idleTimeoutMin: 10,
  resultGraceSec: 30,
  agent: "claude",
  metricsPrefix: DEFAULT_METRIC_PREFIX,
  brainUrl: "http://127.0.0.1:11434/v1",
  brainApiKeyEnv: "OVERSEER_BRAIN_API_KEY"
};
var TASK_NAME_RULE = 'may use only letters, digits, ".", "_" and "-"';
var positiveInt = external_exports.int().min(1);
var budget = external_exports.number().min(0);
var nonEmpty = external_exports.string().refine((s) => s.trim() !== "", { params: { blank: true } });
var httpUrl = external_exports.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
var agentName = external_exports.enum(AGENT_NAMES);
var FleetSchema = external_exports.strictObject({
  max_concurrent: positiveInt.default(DEFAULTS.maxConcurrent),
  budget_usd: budget.optional(),
  agent: agentName.optional(),
  metrics_prefix: external_exports.string().regex(METRIC_PREFIX, { error: "must be a Prometheus metric name prefix ([a-zA-Z_][a-zA-Z0-9_]*)" }).default(DEFAULTS.metricsPrefix),
  idle_timeout_min: positiveInt.default(DEFAULTS.idleTimeoutMin),
  result_grace_sec: positiveInt.default(DEFAULTS.resultGraceSec),
  pushgateway_url: httpUrl.optional()
});
var BrainSchema = external_exports.strictObject({
  url: httpUrl.optional(),
  model: nonEmpty.optional(),
  api_key_env: external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "must be the name of an environment variable" }).optional()
});
var RoleSchema = external_exports.strictObject({
  agent: agentName.optional(),
  model: nonEmpty.optional(),
  allowed_tools: external_exports.array(nonEmpty).optional(),
  command: external_exports.array(external_exports.string()).min(1, { error: 'must name a program: ["./my-agent.sh"]' }).optional()
});
var PricingSchema = external_exports.strictObject({
  input_per_mtok: budget,
  output_per_mtok: budget
});
var VerifierSchema = external_exports.strictObject({
  run: nonEmpty.optional(),
  brain: nonEmpty.optional(),
  agent: nonEmpty.optional(),
  model: nonEmpty.optional(),
  budget_usd: budget.optional(),
  timeout_min: positiveInt.default(DEFAULTS.verifierTimeoutMin)
});
var TaskSchema = external_exports.strictObject({
  name: external_exports.string().regex(TASK_NAME_PATTERN, { error: `task name ${TASK_NAME_RULE}` }),
  cwd: nonEmpty,
  prompt: nonEmpty.optional(),
  prompt_file: nonEmpty.optional(),
  role: nonEmpty.optional(),
  agent: agentName.optional(),
  model: nonEmpty.optional(),
  budget_usd: budget.optional(),
  max_retries: external_exports.int().min(0).default(DEFAULTS.maxRetries),
  timeout_min: positiveInt.default(DEFAULTS.timeoutMin),
  depends_on: external_exports.array(external_exports.string()).default([]),
  verify: external_exports.array(VerifierSchema).default([])
});
var ManifestSchema = external_exports.strictObject({
  fleet: FleetSchema.prefault({}),
  brain: BrainSchema.optional(),
  roles: external_exports.record(external_exports.string(), RoleSchema).default({}),
  pricing: external_exports.record(external_exports.string(), PricingSchema).default({}),
  task: external_exports.array(TaskSchema).min(1)
});
function verifierOf(spec) {
  const { model, budget_usd: budgetUsd, timeout_min: timeoutMin } = spec;
  if (spec.run !== void 0) return { kind: "run", command: spec.run, timeoutMin };
  if (spec.brain !== void 0) return { kind: "brain", question: spec.brain, model, budgetUsd, timeoutMin };
  if (spec.agent !== void 0) return { kind: "agent", prompt: spec.agent, model, budgetUsd, timeoutMin };
  throw new Error("verifier has no kind; checkManifest should have rejected it");
}
function resolveAgent(manifest, task) {
  return task.agent ?? (task.role ? manifest.roles[task.role]?.agent : void 0) ?? manifest.fleet.agent ?? DEFAULTS.agent;
}
function brainKeyEnv(manifest) {
  return manifest.brain?.api_key_env ?? DEFAULTS.brainApiKeyEnv;
}
function brainEndpoint(manifest, env) {
  return {
    url: env.OVERSEER_BRAIN_URL ?? manifest.brain?.url ?? DEFAULTS.brainUrl,
    model: env.OVERSEER_BRAIN_MODEL ?? manifest.brain?.model,
    apiKey: env[brainKeyEnv(manifest)]
  };
}
var KNOWN_KEYS = {
  "": Object.keys(ManifestSchema.shape),
  fleet: Object.keys(FleetSchema.shape),
  brain: Object.keys(BrainSchema.shape),
  roles: Object.keys(RoleSchema.shape),
  pricing: Object.keys(PricingSchema.shape),
  task: Object.keys(TaskSchema.shape),
  verify: Object.keys(VerifierSchema.shape)
};
var TABLE_LABEL = {
  "": "the top level",
  fleet: "[fleet]",
  brain: "[brain]",
  roles: "[roles.<name>]",
  pricing: "[pricing.<model>]",
  task: "[[task]]",
  verify: "[[task.verify]]"
};
function tableOf(path) {
  if (path[0] === "task" && path[2] === "verify" && path.length >= 4) return "verify";
  const head = path[0];
  return typeof head === "string" && head in KNOWN_KEYS ? head : "";
}
function describe(value) {
  if (value === void 0) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null && "toISOString" in value) return "a date";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value)}`;
    case "number":
      return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
    case "boolean":
      return `the boolean ${value}`;
    case "bigint":
      return `the integer ${value}`;
    case "object":
      return "a table";
    default:
      return typeof value;
  }
}
var INTEGER_KEYS = /* @__PURE__ */ new Set(["max_concurrent", "idle_timeout_min", "result_grace_sec", "max_retries", "timeout_min"]);
var EXPECTED = {
  int: "an integer",
  number: "a number",
  string: "a string",
  array: "an array",
  object: "a table",
  record: "a table",
  boolean: "a boolean"
};
function keyName(path) {
  const last = path[path.length - 1];
  return typeof last === "string" ? last : "value";
}
var STRING_LIST_KEYS = /* @__PURE__ */ new Set(["depends_on", "allowed_tools", "command"]);
function wrongType(path, expected, input) {
  const key = keyName(path);
  if (typeof input === "number" && !Number.isFinite(input) && expected !== "an integer") return `must be a finite number, got ${describe(input)}`;
  if (isTable(input) && path.length === 1 && path[0] === "task") {
    return Object.keys(input).every((k) => k === "verify") ? "[[task.verify]] comes before any [[task]]: put each verifier after the task it checks" : "expected an array of tables, got a table: write [[task]] (two brackets) above each task";
  }
  if (isTable(input) && key === "verify") {
    return "expected an array of tables, got a table: write [[task.verify]] (two brackets) above each verifier";
  }
  if (typeof input === "string" && expected === "an array" && STRING_LIST_KEYS.has(key)) {
    return `expected an array, got ${describe(input)}: write ${key} = [${JSON.stringify(input)}]`;
  }
  return `expected ${expected}, got ${describe(input)}`;
}
function fromZod(issue) {
  const path = issue.path;
  const input = issue.input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const table = tableOf(path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}" in ${TABLE_LABEL[table]}${didYouMean(key, KNOWN_KEYS[table] ?? [])}`
      }));
    }
    case "invalid_type": {
      if (input === void 0) {
        if (path.length === 1 && path[0] === "task") {
          return [{ path, locateAt: [], message: "no [[task]] tables: a manifest needs at least one task" }];
        }
        return [{ path, locateAt: path.slice(0, -1), message: `missing required key "${keyName(path)}"` }];
      }
      const integer = issue.expected === "number" && INTEGER_KEYS.has(keyName(path));
      const expected = integer ? "an integer" : EXPECTED[issue.expected] ?? issue.expected;
      return [{ path, message: wrongType(path, expected, input) }];
    }
    case "too_small": {
      if (path.length === 1 && path[0] === "task") {
        return [{ path, message: "no [[task]] tables: a manifest needs at least one task" }];
      }
      if (issue.origin === "string") return [{ path, message: `"${keyName(path)}" must not be empty` }];
      if (issue.origin === "array") return [{ path, message: issue.message }];
      return [{ path, message: `must be >= ${issue.minimum}, got ${describe(input)}` }];
    }
    case "invalid_value": {
      const options = issue.values.map(String);
      const hint = typeof input === "string" ? didYouMean(input, options) : "";
      return [{ path, message: `must be one of ${options.map((v) => `"${v}"`).join(", ")}, got ${describe(input)}${hint}` }];
    }
    case "invalid_format":
      if (input === "") return [{ path, message: `"${keyName(path)}" must not be empty` }];
      return [{ path, message: issue.message.startsWith("Invalid") ? `invalid ${issue.format}: got ${describe(input)}` : `${issue.message}, got ${describe(input)}` }];
    case "custom":
      if (issue.params?.blank) return [{ path, message: `"${keyName(path)}" must not be empty` }];
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}
function checkManifest(doc) {
  const parsed = ManifestSchema.safeParse(doc, { reportInput: true });
  const issues = [...parsed.success ? [] : parsed.error.issues.flatMap(fromZod), ...crossFieldIssues(doc)];
  return parsed.success && issues.length === 0 ? { ok: true, manifest: parsed.data } : { ok: false, issues };
}
function formatPath(path) {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += (out ? "." : "") + (/^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p));
  }
  return out;
}

export {
  DEFAULTS,
  verifierOf,
  resolveAgent,
  brainKeyEnv,
  brainEndpoint,
  checkManifest,
  formatPath
};
