#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/demo/agent.ts
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { randomUUID } from "node:crypto";
var RETRY_MARKER = "Previous attempt failed verification";
function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}
`);
}
function sleep(seconds) {
  return new Promise((r) => setTimeout(r, Math.max(0, seconds) * 1e3));
}
function write(path, text, append) {
  const target = resolve(process.cwd(), path);
  mkdirSync(dirname(target), { recursive: true });
  const body = `${text.replace(/\\n/g, "\n")}
`;
  if (append) appendFileSync(target, body);
  else writeFileSync(target, body);
}
function review(directives) {
  const expected = /* @__PURE__ */ new Map();
  for (const line of directives) {
    const [verb = "", path = ""] = line.slice(1).split(/\s+/);
    const text = line.slice(1 + verb.length).trim().slice(path.length).trim().replace(/\\n/g, "\n");
    if (verb === "write") expected.set(path, [text]);
    else if (verb === "append") expected.set(path, [...expected.get(path) ?? [], text]);
  }
  const problems = [];
  for (const [path, texts] of expected) {
    let body;
    try {
      body = readFileSync(resolve(process.cwd(), path), "utf8");
    } catch {
      problems.push(`${path} is missing`);
      continue;
    }
    for (const text of texts) if (!body.includes(text)) problems.push(`${path} does not say ${JSON.stringify(text)}`);
  }
  const reasons = problems.length > 0 ? problems : [expected.size > 0 ? `${[...expected.keys()].join(", ")} as asked` : "nothing to check"];
  return JSON.stringify({ verdict: problems.length > 0 ? "FAIL" : "PASS", reasons });
}
async function main() {
  const prompt = readFileSync(0, "utf8");
  const sessionId = randomUUID();
  const started = Date.now();
  if (process.argv.includes("--review")) {
    const verdict = review(prompt.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("@")));
    emit({ type: "system", subtype: "init", session_id: sessionId, model: "overseer-demo", tools: [] });
    emit({ type: "result", subtype: "success", is_error: false, duration_ms: Date.now() - started, num_turns: 1, result: verdict, session_id: sessionId, total_cost_usd: 0.01 });
    return 0;
  }
  const isRetry = prompt.includes(RETRY_MARKER);
  emit({ type: "system", subtype: "init", session_id: sessionId, model: "overseer-demo", tools: [] });
  emit({ type: "system", subtype: "prompt", session_id: sessionId, prompt });
  const directives = prompt.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("@"));
  let cost = 0.01;
  let exitCode = 0;
  const did = [];
  if (directives.length === 0) await sleep(0.2);
  for (const line of directives) {
    const [verb = "", arg = "", ...rest] = line.slice(1).split(/\s+/);
    const text2 = line.slice(1 + verb.length).trim().slice(arg.length).trim();
    if (verb === "sleep") await sleep(Number(arg) || 0);
    else if (verb === "write" || verb === "append") {
      write(arg, text2, verb === "append");
      did.push(`${verb === "write" ? "wrote" : "appended to"} ${arg}`);
    } else if (verb === "fail-first") {
      if (isRetry) continue;
      write(arg, text2, false);
      did.push(`wrote a first draft of ${arg}`);
      break;
    } else if (verb === "exit") {
      exitCode = Number(arg) || 1;
      break;
    } else if (verb === "cost") cost = Number(arg) || 0;
    else did.push(`ignored unknown directive @${verb}${rest.length ? " \u2026" : ""}`);
  }
  const summary = did.length > 0 ? did.join("; ") : "nothing to change";
  const text = `${isRetry ? "Retry after feedback. " : ""}${summary}.`;
  emit({ type: "assistant", session_id: sessionId, message: { role: "assistant", content: [{ type: "text", text }] } });
  emit({
    type: "result",
    subtype: exitCode === 0 ? "success" : "error_during_execution",
    is_error: exitCode !== 0,
    duration_ms: Date.now() - started,
    num_turns: 1,
    result: text,
    session_id: sessionId,
    total_cost_usd: cost
  });
  return exitCode;
}
process.exitCode = await main();
