#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  usd
} from "./chunk-MZRR4JYV.js";

// src/core/pricing.ts
function pricingFor(table, model) {
  return model !== void 0 && Object.hasOwn(table, model) ? table[model] : void 0;
}
function tokensIn(value) {
  return Number.isSafeInteger(value) && value >= 0 && value <= 1e12 ? value : void 0;
}
function tokenCost(pricing, inputTokens, outputTokens) {
  return ((tokensIn(inputTokens) ?? 0) * pricing.input_per_mtok + (tokensIn(outputTokens) ?? 0) * pricing.output_per_mtok) / 1e6;
}
var roundUsd = (usd2) => Math.round(usd2 * 1e9) / 1e9;
function unreportedCharge(seen, interrupted = false) {
  if (seen.estimateUsd !== void 0) return { usd: seen.estimateUsd, basis: "estimate" };
  if (seen.capUsd !== void 0 && !interrupted) return { usd: seen.capUsd, basis: "cap" };
  return void 0;
}
function unreportedWarning(ended, charge, cap, priced = false) {
  const how = charge.basis === "estimate" ? "estimated from its tokens" : priced ? `${cap}, the most it could spend (it reported no tokens to estimate from)` : `${cap}, the most it could spend (a [pricing."MODEL"] table for its model charges an estimate from its tokens instead)`;
  return `${ended} before Claude reported its cost: charged ${usd(charge.usd)}, ${how}`;
}
function estimatedTokens(text) {
  return Math.ceil(new TextEncoder().encode(text).length / 3);
}

// src/core/failure.ts
var FAILURE_CLASSES = [
  "transient",
  "rate-limit",
  "quota",
  "timeout",
  "idle-timeout",
  "budget",
  "verify-fail",
  "agent-failed",
  "agent-missing",
  "config"
];
function isFailureClass(value) {
  return FAILURE_CLASSES.includes(value);
}
var QUOTA = /credit balance is too low|insufficient[_ ]quota|exceeded your current quota|quota (?:exceeded|exhausted)|usage limit reached|out of credits|billing (?:hard )?limit/i;
var RATE_LIMIT = /\b429\b|rate[_ -]?limit(?:ed|_error|_exceeded| exceeded| reached| hit)|too many requests/i;
var TRANSIENT = /\b(?:api error|http(?:\/[\d.]+)?|status(?: code)?|error)[: ]+5\d\d\b|\b5\d\d (?:internal server error|bad gateway|service unavailable|gateway timeout)\b|overloaded|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network error|service unavailable|internal server error|no conversation found with session ID/i;
var TOOL_QUOTA = /you(?:'|\u2019)?ve hit your (?:usage )?limit|you have hit your (?:usage )?limit|hit your spend cap|reached your specified API usage limits|with your ChatGPT plan, upgrade to|assistant error: billing_error/i;
var TOOL_RATE_LIMIT = /assistant error: rate_limit\b/;
var TOOL_TRANSIENT = /unable to connect to API|ENOTFOUND|stream disconnected before completion|connection failed: error sending request|request timed out|model is at capacity|experiencing high demand|assistant error: (?:server_error|overloaded)/i;
var OWN_BUDGET_STOP = /\berror_max_budget_usd\b/;
function classifyError(errors, stderr = "") {
  const both = `${errors}
${stderr}`;
  if (OWN_BUDGET_STOP.test(errors)) return "budget";
  if (QUOTA.test(both) || TOOL_QUOTA.test(errors)) return "quota";
  if (RATE_LIMIT.test(both) || TOOL_RATE_LIMIT.test(errors)) return "rate-limit";
  if (TRANSIENT.test(both) || TOOL_TRANSIENT.test(errors)) return "transient";
  return "agent-failed";
}
var DECLARED_FAILURE = "the agent reports a service failure: ";
var DECLARABLE = /* @__PURE__ */ new Set(["transient", "rate-limit", "quota"]);
function isDeclarable(value) {
  return typeof value === "string" && DECLARABLE.has(value);
}
function attemptOutcome(end) {
  const { stopReason, result } = end;
  if (stopReason === "orphaned" || stopReason === "cancelled") return null;
  if (stopReason === "timeout" || stopReason === "idle-timeout" || stopReason === "budget") return stopReason;
  const text = [...end.errors, result && !result.ok ? result.text : ""].join("\n");
  const ownWords = end.agent === "command";
  const declared = end.errors.find((e) => e.startsWith(DECLARED_FAILURE))?.slice(DECLARED_FAILURE.length);
  const own = () => isDeclarable(declared) ? declared : "agent-failed";
  if (stopReason === "result-grace") return result?.ok ? null : ownWords ? own() : classifyError(text);
  if (end.lost) return result?.ok ? null : "transient";
  if (end.code === 0 && (result === null || result.ok)) return null;
  if (ownWords) return own();
  return classifyError(text, end.stderrTail());
}
function isBackoffClass(failure) {
  return failure === "transient" || failure === "rate-limit";
}

export {
  pricingFor,
  tokensIn,
  tokenCost,
  roundUsd,
  unreportedCharge,
  unreportedWarning,
  estimatedTokens,
  isFailureClass,
  classifyError,
  DECLARED_FAILURE,
  isDeclarable,
  attemptOutcome,
  isBackoffClass
};
