#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  isBackoffClass,
  roundUsd
} from "./chunk-3NXD7FGW.js";
import {
  mermaidGraph
} from "./chunk-V6JPE4YA.js";
import {
  ACTIVE_STATES,
  ENDED_STATES,
  TASK_STATES,
  criticalPath,
  duration,
  plural,
  remainingChain,
  resolveAgent,
  taskArg,
  taskCap,
  topologicalWaves,
  usd
} from "./chunk-MZRR4JYV.js";

// src/core/markdown.ts
function fence(text, info = "text") {
  let longest = 2;
  for (const run of text.matchAll(/`{3,}/g)) longest = Math.max(longest, run[0].length);
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${info}
${text}
${ticks}`;
}
function escapeText(text) {
  return text.replace(/([\\`*_[\]#])/g, "\\$1").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;").replace(/[\r\n]+/g, " ");
}

// src/core/summary.ts
var SUMMARY_MAX_BYTES = 1024 * 1024 - 64 * 1024;
var MERMAID_MAX_TASKS = 150;
var FAILURE_EXCERPT = 1500;
var HUMAN_DETAILED = 30;
var bytes = (text) => new TextEncoder().encode(text).length;
function totals(tasks) {
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0]));
  for (const t of tasks) counts[t.state]++;
  return {
    verdict: tasks.length > 0 && counts.DONE === tasks.length ? "pass" : "fail",
    counts,
    costUsd: tasks.reduce((sum, t) => sum + t.costUsd, 0),
    tasks: tasks.length
  };
}
function planSummary(manifest) {
  const nodes = manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on }));
  return {
    mode: "dry-run",
    tasks: manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on, agent: resolveAgent(manifest, t), verifiers: t.verify.length })),
    waves: topologicalWaves(nodes),
    criticalPath: criticalPath(nodes).path
  };
}
function renderSummary(input, maxBytes = SUMMARY_MAX_BYTES) {
  return input.mode === "dry-run" ? renderPlan(input, maxBytes) : renderRun(input, maxBytes);
}
function renderRun(run, maxBytes) {
  const cli = run.cli ?? "overseer";
  const t = totals(run.tasks);
  const parts = [headline(t, run), ""];
  if (run.stalled) parts.push(`**Tasks that could start did not:** ${escapeText(run.stalled.reason)}. To run them: ${escapeText(run.stalled.action)}.`, "");
  const human = run.tasks.filter((x) => x.state === "NEEDS_HUMAN");
  const spend = { budgetUsd: run.budgetUsd, spentUsd: t.costUsd };
  const head = ["Task", "State", "Attempts", "Cost", "Duration", "Verifiers"];
  const row = (x) => [code(x.name), stateCell(x), String(x.attempts), usd(x.costUsd), x.durationMs === null ? "\u2013" : duration(x.durationMs), verdictsCell(x.verdicts)];
  const open = run.tasks.filter((x) => x.state !== "DONE");
  const done = run.tasks.filter((x) => x.state === "DONE");
  const sections = [];
  if (run.tasks.length <= 50) {
    sections.push(table(head, run.tasks.map(row)));
  } else {
    if (open.length > 0) sections.push(`**Not done (${open.length})**

${table(head, open.map(row))}`);
    if (done.length > 0) sections.push(`<details><summary>${done.length} DONE tasks</summary>

${table(head, done.map(row))}

</details>`);
  }
  if (human.length > 0) {
    const blocks = human.slice(0, HUMAN_DETAILED).map((x) => {
      const lines = [`#### ${code(x.name)}: ${escapeText(reasonText(x, spend))}`, ""];
      if (x.lastFailure) lines.push(fence(excerpt(x.lastFailure)), "");
      lines.push("Continue with one of:", "", "```sh", ...nextCommands(cli, x, spend), "```");
      return lines.join("\n");
    });
    if (human.length > HUMAN_DETAILED) blocks.push(`\u2026and ${human.length - HUMAN_DETAILED} more: ${human.slice(HUMAN_DETAILED).map((x) => code(x.name)).join(", ")}`);
    sections.unshift(`### Needs a human (${human.length})

${blocks.join("\n\n")}`);
  }
  if (run.tasks.length <= MERMAID_MAX_TASKS) {
    sections.push(`<details><summary>Dependency graph</summary>

\`\`\`mermaid
${mermaidGraph(run.tasks, new Map(run.tasks.map((x) => [x.name, x.state])))}
\`\`\`

</details>`);
  } else {
    sections.push(`_Dependency graph omitted for ${run.tasks.length} tasks: \`${cli} plan\` draws it._`);
  }
  parts.push(...sections.flatMap((s) => [s, ""]));
  parts.push(`<sub>run ${code(run.runId)} \xB7 \`${cli} status\` for live state \xB7 summary.json has the totals</sub>`);
  return fit(parts.join("\n"), maxBytes);
}
function headline(t, run) {
  const spent = `${usd(t.costUsd)}${run.budgetUsd !== null ? ` of ${usd(run.budgetUsd)}` : ""}`;
  const took = run.durationMs !== null ? ` in ${duration(run.durationMs)}` : "";
  const others = TASK_STATES.filter((s) => s !== "DONE" && t.counts[s] > 0).map((s) => `${t.counts[s]} ${s}`).join(", ");
  if (t.verdict === "pass") return `## \u2705 overseer: all ${t.tasks} tasks DONE

Verified${took}; spent ${spent}.`;
  if (t.tasks === 0) return "## \u274C overseer: no tasks\n\nThe ledger holds no task.";
  return `## \u274C overseer: ${t.counts.DONE} of ${t.tasks} tasks DONE

${others}${took}; spent ${spent}.`;
}
var REASONS = {
  "retries-exhausted": "retries exhausted (every attempt failed: the agent or its verifiers)",
  budget: "its budget is spent",
  quota: "the provider quota is exhausted (breaker open)",
  "agent-missing": "the agent program is not installed",
  config: "the task is misconfigured",
  "agent-failed": "the agent kept failing"
};
function capThatStopped(x, run) {
  if (x.budgetUsd != null && x.costUsd >= x.budgetUsd - 1e-9) return "task";
  if (run === void 0) return "run-or-reviewer";
  return run.budgetUsd !== null && run.spentUsd >= run.budgetUsd - 1e-9 ? "run" : "reviewer";
}
function reasonText(x, run) {
  if (x.cause !== "budget") return REASONS[x.cause] ?? x.cause;
  const spent = usd(x.costUsd);
  switch (capThatStopped(x, run)) {
    case "task":
      return `its budget is spent (${spent} of ${usd(x.budgetUsd)})`;
    case "run":
      return `the run's budget is spent (this task spent ${spent})`;
    case "reviewer":
      return `a reviewer spent its own budget before it answered (this task spent ${spent})`;
    default:
      return `the run's budget, or a reviewer's, is spent (this task spent ${spent})`;
  }
}
function nextCommands(cli, x, run) {
  const name = taskArg(x.name);
  const logs = `${cli} logs ${name}      # what the last attempt did`;
  const approve = `${cli} approve ${name}   # accept it as DONE`;
  const cap = x.cause === "budget" ? capThatStopped(x, run) : void 0;
  if (cap === "task") {
    const more = Math.max(1, Math.ceil(Math.max(x.costUsd, x.budgetUsd ?? 0) * 2));
    return [logs, `${cli} retry --budget-usd ${more} ${name}     # another set of attempts, with a larger budget`, approve];
  }
  const retry = `${cli} retry ${name}     # another set of attempts`;
  if (cap === "run") return [logs, "# raise the run's budget (--budget-usd, or [fleet] budget_usd), then:", retry, approve];
  return [logs, retry, approve];
}
function renderPlan(plan, maxBytes) {
  const waveOf = new Map(plan.waves.flatMap((wave, i) => wave.map((name) => [name, i + 1])));
  const parts = [
    `## \u{1F9EA} overseer dry run: ${plural(plan.tasks.length, "task")} in ${plural(plan.waves.length, "wave")}`,
    "",
    "Nothing ran: this is the plan. Critical path: " + (plan.criticalPath.length > 0 ? plan.criticalPath.map(code).join(" \u2192 ") : "(none)") + ".",
    "",
    table(
      ["Task", "Wave", "Depends on", "Agent", "Verifiers"],
      plan.tasks.map((x) => [
        code(x.name),
        String(waveOf.get(x.name) ?? 0),
        x.dependsOn.map(code).join(", ") || "\u2013",
        escapeText(x.agent),
        String(x.verifiers)
      ])
    ),
    ""
  ];
  if (plan.tasks.length <= MERMAID_MAX_TASKS) parts.push("```mermaid", mermaidGraph(plan.tasks), "```");
  return fit(parts.join("\n"), maxBytes);
}
function code(text) {
  return `<code>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;").replace(/[\r\n]+/g, " ")}</code>`;
}
function stateCell(x) {
  const icon = x.state === "DONE" ? "\u2705" : x.state === "NEEDS_HUMAN" ? "\u{1F64B}" : x.state === "CANCELLED" ? "\u26D4" : "\u23F3";
  return x.state === "DONE" ? `${icon} DONE` : `${icon} ${x.state} (${escapeText(x.cause)})`;
}
function verdictsCell(verdicts) {
  if (verdicts.length === 0) return "\u2013";
  return verdicts.map((v) => `${v.kind} ${v.verdict === "PASS" ? "\u2705" : "\u274C"}`).join(" \xB7 ");
}
function table(head, rows) {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
function excerpt(text) {
  return text.length <= FAILURE_EXCERPT ? text : `${text.slice(0, FAILURE_EXCERPT)}
\u2026 (${text.length - FAILURE_EXCERPT} more characters in the log)`;
}
function fit(markdown, maxBytes) {
  if (bytes(markdown) <= maxBytes) return markdown;
  const note = "\n\n_\u2026 summary cut to stay under the size GitHub accepts; summary.json and `overseer status` have every task._\n";
  const budget = maxBytes - bytes(note);
  let cut = markdown.slice(0, budget);
  while (bytes(cut) > budget) cut = cut.slice(0, Math.floor(cut.length * 0.95));
  cut = cut.slice(0, cut.lastIndexOf("\n"));
  const opened = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  return `${cut}${opened > 0 ? "\n\n</details>" : ""}${note}`;
}

// src/core/reconcile.ts
var DEFAULT_POLICY = {
  claimTimeoutMs: 5 * 6e4,
  backoff: { baseMs: 2e3, maxMs: 6e4, tries: 3 }
};
var DISPATCHABLE = /* @__PURE__ */ new Set(["READY", "RETRYING", "RESUMING"]);
function tally(t, tries) {
  let counted = 0;
  let resumes = 0;
  let streak = 0;
  for (const a of t.attempts) {
    if (a.num <= t.attemptsBase) continue;
    if (a.kind === "resume") resumes++;
    if (a.stopReason === "orphaned") continue;
    if (a.failure !== null && isBackoffClass(a.failure)) {
      streak++;
      if (streak > tries) counted++;
    } else {
      streak = 0;
      if (a.endedAtMs !== null || a.verdict !== null) counted++;
    }
  }
  return { counted, resumes, streak };
}
function latest(t) {
  return t.attempts[t.attempts.length - 1];
}
function notBefore(t, streak, policy) {
  const last = latest(t);
  if (!last || last.failure === null || !isBackoffClass(last.failure) || last.endedAtMs === null) return 0;
  const { baseMs, maxMs } = policy.backoff;
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, streak - 1));
  const jitter = policy.jitter ? policy.jitter(t.name, streak) : 0.5;
  return last.endedAtMs + Math.round(delay * (0.75 + 0.5 * jitter));
}
function budgetSpent(t) {
  return t.budgetUsd !== null && t.costUsd >= t.budgetUsd;
}
function dispatchReserve(task, runCapped) {
  if (task.budgetUsd === null) return runCapped ? Infinity : 0;
  return Math.max(0, roundUsd(task.budgetUsd - task.costUsd));
}
var chains = /* @__PURE__ */ new WeakMap();
function chainsFor(tasks, policy) {
  const known = chains.get(policy);
  if (known && sameGraph(known.graph, tasks)) return known.chain;
  const graph = tasks.map((t) => ({ name: t.name, dependsOn: t.dependsOn }));
  const chain = remainingChain(graph, policy.weight);
  chains.set(policy, { graph, chain });
  return chain;
}
function sameGraph(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name) return false;
    if (x.dependsOn !== y.dependsOn && (x.dependsOn.length !== y.dependsOn.length || x.dependsOn.some((d, k) => d !== y.dependsOn[k]))) return false;
  }
  return true;
}
function tick(snapshot, policy, now) {
  const plan = new Plan(snapshot, policy, now);
  plan.inFlight();
  plan.release();
  plan.settleWaiting();
  plan.dispatch();
  return plan.done();
}
var Plan = class {
  constructor(snapshot, policy, now) {
    this.snapshot = snapshot;
    this.policy = policy;
    this.now = now;
    this.next = new Map(snapshot.tasks.map((t) => [t.name, t.state]));
    this.breakerOpen = snapshot.breakerOpen;
    this.overRunBudget = policy.budgetUsd !== null && snapshot.spentUsd > policy.budgetUsd;
  }
  snapshot;
  policy;
  now;
  actions = [];
  /** The state each task will be in once this tick's transitions apply. */
  next;
  deadlines = [];
  breakerOpen;
  overRunBudget;
  // ---- what a tick can do to a task --------------------------------------------------------
  move(t, to, cause) {
    this.actions.push({ type: "transition", task: t.name, to, cause });
    this.next.set(t.name, to);
  }
  escalate(t, cause) {
    this.move(t, "NEEDS_HUMAN", cause);
    this.actions.push({ type: "escalate", task: t.name, reason: cause });
  }
  /** After a failed attempt: another try, or a human when attempts or budget are spent. */
  retryOrEscalate(t, cause, counted) {
    if (counted >= 1 + t.maxRetries) this.escalate(t, "retries-exhausted");
    else if (budgetSpent(t)) this.escalate(t, "budget");
    else this.move(t, "RETRYING", cause);
  }
  stop(t, a, reason) {
    if (!a.stopping) this.actions.push({ type: "stop-attempt", task: t.name, attemptId: a.id, reason });
  }
  /** Past its own cap or the run's: its attempt is stopped, or, had it ended first, not verified. */
  overBudget(t) {
    return this.overRunBudget || t.budgetUsd !== null && t.costUsd > t.budgetUsd;
  }
  // ---- 1. Work in flight: orphans, outcomes, deadlines -------------------------------------
  inFlight() {
    for (const t of this.snapshot.tasks) {
      if (ACTIVE_STATES.has(t.state)) this.decideInFlight(t);
      else this.stopLeftOpen(t);
    }
  }
  /**
   * A task that ended (a cancel applied while no supervisor ran) with an attempt a dead supervisor
   * left open: its process may still run, editing the tree and spending. It is stopped, and its
   * attempt ended once it is gone; the task's state stays as it is.
   */
  stopLeftOpen(t) {
    const a = latest(t);
    if (!t.live && a !== void 0 && a.endedAtMs === null) this.stop(t, a, "orphaned");
  }
  decideInFlight(t) {
    const a = latest(t);
    const { counted, resumes, streak } = tally(t, this.policy.backoff.tries);
    if (!t.live && this.leftBehind(t, a, resumes)) return;
    if (t.state === "ASSIGNED") {
      if (this.now - t.sinceMs >= this.policy.claimTimeoutMs) this.move(t, "RETRYING", "transient");
      else this.deadlines.push(t.sinceMs + this.policy.claimTimeoutMs);
      return;
    }
    if (!a) throw new Error(`task ${t.name} is ${t.state} with no attempt`);
    if (t.state === "VERIFYING") this.verdict(t, a, counted);
    else if (a.endedAtMs !== null) this.ended(t, a, counted, streak);
    else this.watch(t, a);
  }
  /**
   * A task in flight that no supervisor is working on: left by one that died. True when decided
   * here; false when its attempt ended with an outcome of its own, acted on as if it were live.
   */
  leftBehind(t, a, resumes) {
    if (t.state === "VERIFYING" && a && a.endedAtMs !== null && a.failure === null && a.verdict === null) {
      this.actions.push({ type: "run-verifiers", task: t.name, attemptId: a.id });
      return true;
    }
    if (a && a.endedAtMs === null) {
      this.stop(t, a, a.resultAtMs !== null && a.resultOk ? "result-grace" : "orphaned");
      return true;
    }
    if (a !== void 0 && a.endedAtMs !== null && a.stopReason !== "orphaned" && t.state !== "ASSIGNED") return false;
    if (resumes >= 1 + t.maxRetries) this.escalate(t, "resume-cap");
    else this.move(t, "RESUMING", "supervisor-restart");
    return true;
  }
  verdict(t, a, counted) {
    if (a.verdict === "PASS") this.move(t, "DONE", t.hasVerifiers ? "verified" : "no-verifiers");
    else if (a.verdict === "FAIL" && a.verdictFailure !== null) this.escalate(t, a.verdictFailure);
    else if (a.verdict === "FAIL") this.retryOrEscalate(t, "verify-fail", counted);
  }
  /** The agent of a RUNNING task has ended: verify its work, or act on how it failed. */
  ended(t, a, counted, streak) {
    const failure = a.failure;
    if (failure === null && this.overBudget(t)) {
      this.escalate(t, "budget");
      return;
    }
    if (failure === null) {
      this.move(t, "VERIFYING", a.stopReason === "result-grace" ? "result-grace" : "agent-exited");
      this.actions.push({ type: "run-verifiers", task: t.name, attemptId: a.id });
      return;
    }
    switch (failure) {
      case "quota":
        this.escalate(t, "quota");
        if (!this.breakerOpen) this.actions.push({ type: "open-breaker", task: t.name, failure });
        this.breakerOpen = true;
        return;
      case "budget":
      case "agent-missing":
      case "config":
        this.escalate(t, failure);
        return;
      case "transient":
      case "rate-limit":
        if (streak <= this.policy.backoff.tries) this.move(t, "RETRYING", failure);
        else this.retryOrEscalate(t, "transient", counted);
        return;
      case "timeout":
      case "idle-timeout":
        this.retryOrEscalate(t, failure, counted);
        return;
      // An attempt's own failure is never verify-fail (that is a verdict's), but a ledger may say so.
      case "agent-failed":
      case "verify-fail":
        this.retryOrEscalate(t, "agent-failed", counted);
        return;
      default: {
        const never = failure;
        throw new Error(`unhandled failure class ${JSON.stringify(never)}`);
      }
    }
  }
  /** A running agent: stopped when over budget or past a deadline; otherwise its deadlines are due later. */
  watch(t, a) {
    if (a.stopping) return;
    if (this.overBudget(t)) {
      this.stop(t, a, "budget");
      return;
    }
    const checks = [
      [a.startedAtMs + t.timeoutMs, "timeout"],
      [(a.lastOutputAtMs ?? a.startedAtMs) + this.policy.idleTimeoutMs, "idle-timeout"]
    ];
    if (a.resultAtMs !== null) checks.push([a.resultAtMs + this.policy.resultGraceMs, "result-grace"]);
    const due = checks.filter(([at]) => at <= this.now).sort((x, y) => x[0] - y[0])[0];
    if (due) this.stop(t, a, due[1]);
    else this.deadlines.push(...checks.map(([at]) => at));
  }
  // ---- 2. Dependencies: only DONE releases a dependent; a CANCELLED dependency cancels it ---
  release() {
    for (const t of this.snapshot.tasks) {
      if (t.state !== "PENDING") continue;
      const deps = t.dependsOn.map((d) => this.next.get(d));
      if (deps.some((s) => s === "CANCELLED")) this.move(t, "CANCELLED", "dependency-cancelled");
      else if (deps.every((s) => s === "DONE")) this.move(t, "READY", "deps-done");
    }
  }
  // ---- 3. Waiting for another attempt that cannot come -------------------------------------
  /**
   * Spent budget or attempts, or the quota breaker is open. A READY task whose budget is spent
   * already (a cap of 0, a retry granted no new budget) would be stopped as soon as it started: a
   * person must give it budget first. A task the runtime sent back to RETRYING itself (its launch
   * failed) has its attempts counted here.
   */
  settleWaiting() {
    for (const t of this.snapshot.tasks) {
      const state = this.next.get(t.name);
      if (state === "READY" && budgetSpent(t)) this.escalate(t, "budget");
      if (state !== "RETRYING" && state !== "RESUMING") continue;
      if (budgetSpent(t)) this.escalate(t, "budget");
      else if (this.breakerOpen) this.escalate(t, "quota");
      else if (state === "RETRYING" && tally(t, this.policy.backoff.tries).counted >= 1 + t.maxRetries) this.escalate(t, "retries-exhausted");
    }
  }
  // ---- 4. Dispatch: longest remaining chain first, ties in manifest order, within every limit
  dispatch() {
    const { snapshot, policy, next } = this;
    if (snapshot.drained || this.breakerOpen) return;
    const inFlight = snapshot.tasks.filter((t) => ACTIVE_STATES.has(next.get(t.name)));
    const holding = (t) => t.live && !ACTIVE_STATES.has(next.get(t.name)) && (!ACTIVE_STATES.has(t.state) || latest(t)?.endedAtMs === null);
    let active = inFlight.length + snapshot.tasks.filter(holding).length;
    const reserveOf = (t) => dispatchReserve(t, policy.budgetUsd !== null);
    let reserved = inFlight.reduce((sum, t) => sum + reserveOf(t), 0);
    const runLeft = policy.budgetUsd === null ? Infinity : roundUsd(policy.budgetUsd - snapshot.spentUsd);
    const chain = chainsFor(snapshot.tasks, policy);
    const ready = snapshot.tasks.map((t, ord) => ({ t, ord })).filter(({ t }) => DISPATCHABLE.has(next.get(t.name))).sort((x, y) => chain.get(y.t.name) - chain.get(x.t.name) || x.ord - y.ord);
    for (const { t } of ready) {
      if (active >= policy.maxConcurrent) break;
      const state = next.get(t.name);
      if (state === "RETRYING") {
        const at = notBefore(t, tally(t, policy.backoff.tries).streak, policy);
        if (at > this.now) {
          this.deadlines.push(at);
          continue;
        }
      }
      const need = reserveOf(t);
      if (runLeft <= 0 || (need === Infinity ? reserved > 0 : roundUsd(reserved + need) > runLeft)) continue;
      this.move(t, "ASSIGNED", "dispatched");
      this.actions.push({ type: "start-attempt", task: t.name, kind: state === "RESUMING" ? "resume" : state === "RETRYING" ? "retry" : "fresh" });
      active++;
      reserved += need;
    }
  }
  /** The actions, with the earliest deadline still ahead as a `schedule`. */
  done() {
    const upcoming = this.deadlines.filter((at) => at > this.now && Number.isFinite(at));
    if (upcoming.length > 0) this.actions.push({ type: "schedule", atMs: Math.min(...upcoming) });
    return this.actions;
  }
};

// src/core/prompts.ts
var RETRY_MARKER = "Previous attempt failed verification";
var FEEDBACK_LIMIT = 4e3;
function bounded(text, limit = FEEDBACK_LIMIT) {
  if (text.length <= limit) return text;
  const half = Math.floor((limit - 40) / 2);
  return `${text.slice(0, half)}
\u2026 [${text.length - 2 * half} characters cut] \u2026
${text.slice(-half)}`;
}
function quoted(text, redact, limit = FEEDBACK_LIMIT) {
  return fence(bounded(redact(text), limit));
}
function failedChecks(attempt, verifications, agentOutput) {
  const failed = verifications.filter((v) => v.attemptId === attempt.id && v.verdict === "FAIL").map((v) => ({ kind: v.kind, command: v.command, output: v.output }));
  if (failed.length === 0 && attempt.failureClass) {
    failed.push({ kind: "agent-exit", command: `${attempt.agent} (${attempt.failureClass}, exit ${attempt.exitCode ?? "none"})`, output: agentOutput() });
  }
  return failed;
}
function retryPrompt(original, failures, redact) {
  const parts = [original.trimEnd(), "", `## ${RETRY_MARKER}`, ""];
  if (failures.length === 0) parts.push("The previous attempt did not finish successfully. Try again.");
  for (const f of failures) {
    const what = f.kind === "agent-exit" ? "The agent itself failed" : `Verifier \`${f.kind}\` failed`;
    parts.push(`${what}: ${redact(f.command)}`, "", quoted(f.output.trimEnd() || "(no output)", redact), "");
  }
  parts.push("Fix the cause of these failures. The task is done only when every verifier passes.");
  return parts.join("\n");
}
function recoveryPrompt(original, ctx, redact) {
  const parts = [original.trimEnd(), "", "## Resuming an interrupted attempt", ""];
  parts.push("The supervisor stopped while a previous attempt at this task was running. Continue from where it left off.");
  if (ctx.treeChanged) {
    parts.push("", "Warning: the working tree changed since that attempt began (git HEAD or `git status` differ). Check what is already done before changing more.");
  }
  if (ctx.history.length > 0) {
    parts.push("", "Verifier results so far:");
    for (const h of ctx.history) parts.push(`- attempt ${h.attempt}: ${h.kind} ${h.verdict}: ${redact(h.command)}`);
  }
  if (ctx.logTail.trim() !== "") {
    parts.push("", "The end of the interrupted attempt's log:", "", quoted(ctx.logTail.trimEnd(), redact));
  }
  return parts.join("\n");
}
function judgePrompt(input, redact) {
  return [
    "You are a strict reviewer deciding whether a coding task is done.",
    'Answer with JSON {"verdict": "PASS" | "FAIL", "reasons": ["..."]}, or with PASS or FAIL alone on the first line and your reasons below it.',
    "When in doubt, answer FAIL.",
    "",
    `Question: ${input.question}`,
    "",
    "The task:",
    quoted(input.taskPrompt, redact),
    "",
    "The agent's final message:",
    quoted(input.agentMessage || "(none)", redact),
    "",
    "The change (diff):",
    quoted(input.diff || "(no diff)", redact, 16e3)
  ].join("\n");
}

// src/ledger/report.ts
function runSummaryOf(ledger, options = {}) {
  const now = options.now ?? Date.now();
  let runFirst = null;
  let runLast = null;
  const tasks = ledger.tasks().map((t) => {
    const first = t.firstDispatchedAt === null ? null : Date.parse(t.firstDispatchedAt);
    const last = Date.parse(t.updatedAt);
    if (first !== null) runFirst = Math.min(runFirst ?? Infinity, first);
    runLast = Math.max(runLast ?? -Infinity, last);
    const lastFailure = t.state === "NEEDS_HUMAN" ? failureOf(ledger, t.name) : void 0;
    return {
      name: t.name,
      state: t.state,
      cause: t.stateCause,
      dependsOn: t.spec.depends_on,
      attempts: t.attemptCount,
      costUsd: t.costUsd,
      budgetUsd: taskCap(t, t.spec),
      durationMs: first === null ? null : (ENDED_STATES.has(t.state) ? last : now) - first,
      verdicts: t.verdicts,
      ...lastFailure !== void 0 && { lastFailure }
    };
  });
  const cli = options.cli ?? "overseer";
  const stalled = tasks.some((t) => WAITING.has(t.state)) ? stallOf(ledger, cli) : void 0;
  return {
    mode: "run",
    runId: ledger.runId,
    tasks,
    durationMs: runFirst !== null && runLast !== null ? runLast - runFirst : null,
    budgetUsd: ledger.fleetBudgetUsd,
    ...options.cli !== void 0 && { cli: options.cli },
    ...stalled && { stalled }
  };
}
var WAITING = /* @__PURE__ */ new Set(["READY", "RETRYING", "RESUMING"]);
function stallOf(ledger, cli) {
  if (ledger.control("drain") === "1") return { reason: "the ledger is drained", action: `\`${cli} undrain\`, then \`${cli} run\`` };
  if ((ledger.control("breaker") ?? "") !== "") return { reason: "the quota breaker is open", action: `a provider quota ran out; \`${cli} retry\` a task once it is restored` };
  const budget = ledger.fleetBudgetUsd;
  if (budget === null) return void 0;
  const left = roundUsd(budget - ledger.spentUsd());
  const waiting = ledger.tasks().filter((t) => WAITING.has(t.state));
  const couldStart = (need) => need === Infinity || need <= left;
  if (left > 0 && waiting.some((t) => couldStart(dispatchReserve({ budgetUsd: taskCap(t, t.spec), costUsd: t.costUsd }, true)))) return void 0;
  const action = "raise --budget-usd or [fleet] budget_usd";
  if (left <= 0) return { reason: `the run's budget (${usd(budget)}) is spent`, action };
  return { reason: `what is left of the run's budget (${usd(left)} of ${usd(budget)}) does not cover their budgets`, action };
}
function failureOf(ledger, task) {
  const verifications = ledger.verifications(task);
  for (const attempt of ledger.attempts(task).reverse()) {
    const [first] = failedChecks(attempt, verifications, () => "");
    if (!first) continue;
    return first.kind === "agent-exit" ? `attempt ${attempt.attemptNum} ended: ${first.command}` : `${first.kind} verifier: ${first.command}
${first.output}`;
  }
  return void 0;
}
function summaryJson(summary) {
  const totals2 = totals(summary.tasks);
  return {
    version: 1,
    run_id: summary.runId,
    verdict: totals2.verdict,
    counts: totals2.counts,
    cost_usd: totals2.costUsd,
    budget_usd: summary.budgetUsd,
    duration_ms: summary.durationMs,
    tasks: summary.tasks.map((t) => ({
      name: t.name,
      state: t.state,
      cause: t.cause,
      attempts: t.attempts,
      cost_usd: t.costUsd,
      duration_ms: t.durationMs,
      verdicts: t.verdicts
    }))
  };
}

export {
  planSummary,
  renderSummary,
  DEFAULT_POLICY,
  tick,
  failedChecks,
  retryPrompt,
  recoveryPrompt,
  judgePrompt,
  runSummaryOf,
  stallOf,
  summaryJson
};
