#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  DECLARED_FAILURE,
  isDeclarable,
  tokenCost,
  tokensIn
} from "./chunk-3NXD7FGW.js";
import {
  diagnosticsAt,
  missingCwds,
  secretsInManifest
} from "./chunk-VOTIOR5A.js";
import {
  besideBundle
} from "./chunk-2OEUKV5K.js";
import {
  refusableCredentials
} from "./chunk-HWDXN4IG.js";
import {
  brainEndpoint,
  brainKeyEnv,
  brainUrlProblem,
  usd
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";

// src/agents/types.ts
function amountIn(value) {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : void 0;
}
function runningTotal(parse) {
  let most = 0;
  return (line) => parse(line).map((s) => {
    if (s.kind !== "cost") return s;
    most = Math.max(most, s.usd);
    return { kind: "cost", usd: most };
  });
}
function parseJsonLine(line) {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return void 0;
  try {
    const value = JSON.parse(trimmed);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}

// src/agents/claude.ts
function claudeArgs(input) {
  const args = ["-p", "--output-format", "stream-json", "--verbose"];
  if (input.model) args.push("--model", input.model);
  if (input.budgetUsd !== void 0) args.push("--max-budget-usd", Math.max(1e-4, input.budgetUsd).toFixed(4));
  if (input.readOnly) args.push("--permission-mode", "plan");
  else if (input.allowedTools?.length) args.push("--permission-mode", "default", "--allowedTools", ...input.allowedTools);
  else args.push("--permission-mode", "acceptEdits");
  if (input.resumeSession) args.push("--resume", input.resumeSession);
  return args;
}
function parseClaudeLine(line) {
  const event = parseJsonLine(line);
  if (!event) return [];
  const signals = [];
  const session = event.session_id;
  switch (event.type) {
    case "system":
      if (typeof session === "string") signals.push({ kind: "session", id: session });
      break;
    case "assistant": {
      const content = event.message?.content;
      const text = Array.isArray(content) ? content.filter((c) => typeof c === "object" && c !== null && c.type === "text").map((c) => c.text).join("") : "";
      if (typeof event.error === "string") signals.push({ kind: "error", text: `assistant error: ${event.error}` });
      const acts = Array.isArray(content) && content.some((c) => typeof c === "object" && c !== null && c.type === "tool_use");
      if (acts) signals.push({ kind: "message", text: "" });
      else if (text) signals.push({ kind: "message", text });
      break;
    }
    case "result": {
      if (typeof session === "string") signals.push({ kind: "session", id: session });
      const cost = amountIn(event.total_cost_usd);
      if (cost !== void 0) signals.push({ kind: "cost", usd: cost });
      const reasons = Array.isArray(event.errors) ? event.errors.filter((e) => typeof e === "string").join("\n") : "";
      const text = typeof event.result === "string" ? event.result : reasons || String(event.subtype ?? "");
      const ok = event.is_error !== true && (event.subtype === void 0 || event.subtype === "success");
      if (!ok) {
        const status = typeof event.api_error_status === "number" ? `API Error: ${event.api_error_status} ` : "";
        signals.push({ kind: "error", text: `${String(event.subtype ?? "error")}: ${status}${text}` });
      }
      signals.push({ kind: "result", ok, text });
      if (Array.isArray(event.permission_denials) && event.permission_denials.length > 0) {
        const tools = event.permission_denials.map((d) => {
          const { tool_name: name, tool_input: input } = d ?? {};
          const what = typeof input?.command === "string" ? input.command : typeof input?.file_path === "string" ? input.file_path : void 0;
          return `${typeof name === "string" ? name : "a tool"}${what === void 0 ? "" : `(${what.slice(0, 60)})`}`;
        });
        signals.push({ kind: "denied", tools });
      }
      break;
    }
    case "rate_limit_event": {
      const info = event.rate_limit_info ?? {};
      if (info.status === "rejected") signals.push({ kind: "error", text: `rate limit reached (${String(info.rateLimitType ?? "unknown")}): ${JSON.stringify(info)}` });
      break;
    }
    case "error": {
      const message = JSON.stringify(event.error ?? event);
      signals.push({ kind: "error", text: message });
      break;
    }
    default:
      break;
  }
  return signals;
}
function claudeParser(pricing) {
  if (!pricing) return parseClaudeLine;
  const messages = /* @__PURE__ */ new Map();
  let reported = false;
  return (line) => {
    const signals = parseClaudeLine(line);
    if (signals.some((s) => s.kind === "cost")) reported = true;
    const usage = reported ? void 0 : messageUsage(line);
    if (usage) {
      const seen = messages.get(usage.id);
      messages.set(usage.id, { input: Math.max(seen?.input ?? 0, usage.input), output: Math.max(seen?.output ?? 0, usage.output) });
      let usd2 = 0;
      for (const m of messages.values()) usd2 += tokenCost(pricing, m.input, m.output);
      signals.push({ kind: "estimate", usd: usd2 });
    }
    return signals;
  };
}
function messageUsage(line) {
  if (!line.includes('"usage"')) return void 0;
  const event = parseJsonLine(line);
  const message = event?.type === "assistant" ? event.message : void 0;
  if (typeof message?.id !== "string" || typeof message.usage !== "object" || message.usage === null) return void 0;
  const u = message.usage;
  const input = Math.round((tokensIn(u.input_tokens) ?? 0) + 1.25 * (tokensIn(u.cache_creation_input_tokens) ?? 0) + 0.1 * (tokensIn(u.cache_read_input_tokens) ?? 0));
  return { id: message.id, input, output: tokensIn(u.output_tokens) ?? 0 };
}
var claude = {
  name: "claude",
  capsItself: true,
  launch: (input) => ({ argv: ["claude", ...claudeArgs(input)], stdin: input.prompt }),
  parser: (pricing) => runningTotal(claudeParser(pricing))
};

// src/agents/codex.ts
var ACTIONS = /* @__PURE__ */ new Set(["command_execution", "file_change", "mcp_tool_call", "web_search"]);
function codexParser(pricing, priorUsd = 0) {
  return (line) => {
    const event = parseJsonLine(line);
    if (!event) return [];
    switch (event.type) {
      case "thread.started":
        return typeof event.thread_id === "string" ? [{ kind: "session", id: event.thread_id }] : [];
      case "item.completed": {
        const item = event.item;
        if (item?.type === "agent_message" && typeof item.text === "string") return [{ kind: "message", text: item.text }];
        return typeof item?.type === "string" && ACTIONS.has(item.type) ? [{ kind: "message", text: "" }] : [];
      }
      case "turn.completed": {
        const usage = event.usage ?? {};
        const signals = [{ kind: "result", ok: true, text: "" }];
        if (pricing) {
          const total = tokenCost(pricing, usage.input_tokens, usage.output_tokens);
          signals.unshift({ kind: "cost", usd: total >= priorUsd ? total - priorUsd : total });
        }
        return signals;
      }
      case "turn.failed":
      case "error": {
        const error = event.error ?? event.message ?? event;
        const text = typeof error === "string" ? error : JSON.stringify(error);
        return [{ kind: "error", text }, ...event.type === "turn.failed" ? [{ kind: "result", ok: false, text }] : []];
      }
      default:
        return [];
    }
  };
}
var codex = {
  name: "codex",
  launch: (input) => {
    const options = ["--json", "--sandbox", input.readOnly ? "read-only" : "workspace-write", "--skip-git-repo-check"];
    if (input.model) options.push("--model", input.model);
    const resume = input.resumeSession ? ["resume", input.resumeSession] : [];
    return { argv: ["codex", "exec", ...options, ...resume, "-"], stdin: input.prompt };
  },
  parser: (pricing, priorUsd) => runningTotal(codexParser(pricing, priorUsd))
};

// src/agents/command.ts
function parseCommandLine(line) {
  const event = parseJsonLine(line);
  if (!event || event.overseer !== "result") return [];
  const signals = [];
  if (typeof event.session_id === "string") signals.push({ kind: "session", id: event.session_id });
  const cost = amountIn(event.cost_usd);
  if (cost !== void 0) signals.push({ kind: "cost", usd: cost });
  if (event.ok === false && isDeclarable(event.failure)) signals.push({ kind: "error", text: `${DECLARED_FAILURE}${event.failure}` });
  signals.push({ kind: "result", ok: event.ok !== false, text: typeof event.message === "string" ? event.message : "" });
  return signals;
}
var command = {
  name: "command",
  launch: (input) => {
    if (!input.command?.length) throw new InputError('agent "command" needs a program: give the task a role whose [roles.<name>] table sets command = ["./agent.sh"]');
    return { argv: input.command, stdin: input.prompt, env: { OVERSEER_PROMPT: input.prompt, ...input.readOnly && { OVERSEER_REVIEW: "1" } } };
  },
  parser: () => runningTotal(parseCommandLine)
};

// src/agents/demo.ts
import { fileURLToPath } from "node:url";
function demoAgentPath() {
  const override = process.env.OVERSEER_DEMO_AGENT;
  if (override) return override;
  return besideBundle("demo-agent.js") ?? fileURLToPath(new URL("../../dist/demo-agent.js", import.meta.url));
}
var demo = {
  name: "demo",
  // A reviewer (readOnly) changes nothing: it checks the work and answers PASS or FAIL.
  launch: (input) => ({ argv: [process.execPath, demoAgentPath(), ...input.readOnly ? ["--review"] : []], stdin: input.prompt }),
  parser: () => runningTotal(parseClaudeLine)
};

// src/agents/registry.ts
var AGENTS = { claude, codex, command, demo };
function agentFor(name) {
  return AGENTS[name];
}

// src/runtime/preflight.ts
function preflight(loaded, options) {
  const credentials = refusableCredentials(options.env, [brainKeyEnv(loaded.manifest)]);
  const toRun = (name) => !options.ended?.has(name);
  return [...secretsInManifest(loaded, credentials), ...missingCwds(loaded), ...overRunBudget(loaded, options.budgetUsd, toRun), ...judgesUnusable(loaded, options.env, toRun)].sort(
    (a, b) => a.line - b.line || a.col - b.col
  );
}
function overRunBudget(loaded, runBudget, toRun) {
  if (runBudget === void 0) return [];
  const at = diagnosticsAt(loaded);
  return loaded.manifest.task.flatMap((t, i) => {
    if (t.budget_usd === void 0 || t.budget_usd <= runBudget || !toRun(t.name)) return [];
    const message = `budget_usd ${usd(t.budget_usd)} is more than the run's budget (${usd(runBudget)}): the task could never start (raise --budget-usd or [fleet] budget_usd, or lower this)`;
    return [at(["task", i, "budget_usd"], "value", message)];
  });
}
function judgesUnusable(loaded, env, toRun) {
  const judges = loaded.manifest.task.flatMap((t, i) => t.verify.flatMap((v, j) => v.brain === void 0 || !toRun(t.name) ? [] : [{ task: t.name, path: ["task", i, "verify", j, "brain"], model: v.model }]));
  if (judges.length === 0) return [];
  const endpoint = brainEndpoint(loaded.manifest, env);
  const located = diagnosticsAt(loaded);
  const problems = [];
  const at = (judge, message) => located(judge.path, "key", message);
  const modelless = judges.filter((j) => j.model === void 0 && endpoint.model === void 0);
  if (modelless.length > 0) {
    const tasks = [...new Set(modelless.map((j) => j.task))];
    const named = `${tasks.slice(0, 3).join(", ")}${tasks.length > 3 ? `, and ${tasks.length - 3} more` : ""}`;
    problems.push(at(modelless[0], `no model for the brain verifier (${named}): set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL, or model on the verifier`));
  }
  const unusable = brainUrlProblem(endpoint.url);
  if (unusable) {
    const from = env.OVERSEER_BRAIN_URL ? "OVERSEER_BRAIN_URL" : "[brain] url";
    problems.push(at(judges[0], `the brain endpoint's URL (${from}) ${unusable}`));
  }
  return problems;
}

export {
  agentFor,
  preflight
};
