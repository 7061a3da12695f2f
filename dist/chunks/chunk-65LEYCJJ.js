#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

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

export {
  fence,
  escapeText,
  failedChecks,
  retryPrompt,
  recoveryPrompt,
  judgePrompt
};
