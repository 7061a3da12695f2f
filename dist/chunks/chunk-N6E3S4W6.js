#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  SpawnError,
  besideBundle,
  launch
} from "./chunk-FW65243S.js";
import {
  shownUrl
} from "./chunk-7WPTRP6A.js";
import {
  processStartTime
} from "./chunk-KTRJTRVU.js";
import {
  ensureDir
} from "./chunk-Y4HUDWBT.js";

// src/agents/types.ts
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
  if (input.budgetUsd !== void 0) args.push("--max-budget-usd", input.budgetUsd.toFixed(4));
  if (input.readOnly) args.push("--permission-mode", "plan");
  else if (input.allowedTools?.length) args.push("--allowedTools", ...input.allowedTools);
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
      if (text) signals.push({ kind: "message", text });
      break;
    }
    case "result": {
      if (typeof session === "string") signals.push({ kind: "session", id: session });
      if (typeof event.total_cost_usd === "number") signals.push({ kind: "cost", usd: event.total_cost_usd });
      const text = typeof event.result === "string" ? event.result : String(event.subtype ?? "");
      const ok = event.is_error !== true && (event.subtype === void 0 || event.subtype === "success");
      if (!ok) signals.push({ kind: "error", text: `${String(event.subtype ?? "error")}: ${text}` });
      signals.push({ kind: "result", ok, text });
      break;
    }
    case "rate_limit_event":
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
var claude = {
  name: "claude",
  launch: (input) => ({ argv: ["claude", ...claudeArgs(input)], stdin: input.prompt }),
  parser: () => parseClaudeLine
};

// src/agents/codex.ts
function codexParser(pricing) {
  let input = 0;
  let output = 0;
  return (line) => {
    const event = parseJsonLine(line);
    if (!event) return [];
    switch (event.type) {
      case "thread.started":
        return typeof event.thread_id === "string" ? [{ kind: "session", id: event.thread_id }] : [];
      case "item.completed": {
        const item = event.item;
        return item?.type === "agent_message" && typeof item.text === "string" ? [{ kind: "message", text: item.text }] : [];
      }
      case "turn.completed": {
        const usage = event.usage ?? {};
        input += typeof usage.input_tokens === "number" ? usage.input_tokens : 0;
        output += typeof usage.output_tokens === "number" ? usage.output_tokens : 0;
        const signals = [{ kind: "result", ok: true, text: "" }];
        if (pricing) signals.unshift({ kind: "cost", usd: (input * pricing.input_per_mtok + output * pricing.output_per_mtok) / 1e6 });
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
    return { argv: ["codex", "exec", ...options, ...resume, input.prompt], stdin: "" };
  },
  parser: codexParser
};

// src/agents/command.ts
function parseCommandLine(line) {
  const event = parseJsonLine(line);
  if (!event || event.overseer !== "result") return [];
  const signals = [];
  if (typeof event.session_id === "string") signals.push({ kind: "session", id: event.session_id });
  if (typeof event.cost_usd === "number") signals.push({ kind: "cost", usd: event.cost_usd });
  signals.push({ kind: "result", ok: event.ok !== false, text: typeof event.message === "string" ? event.message : "" });
  return signals;
}
var command = {
  name: "command",
  launch: (input) => {
    if (!input.command?.length) throw new Error('agent "command" launched without a command (the manifest check should have caught this)');
    return { argv: input.command, stdin: input.prompt, env: { OVERSEER_PROMPT: input.prompt, ...input.readOnly && { OVERSEER_REVIEW: "1" } } };
  },
  parser: () => parseCommandLine
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
  parser: () => parseClaudeLine
};

// src/agents/registry.ts
var AGENTS = { claude, codex, command, demo };
function agentFor(name) {
  return AGENTS[name];
}

// src/core/verdict.ts
function fromJson(text) {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start === -1 || end <= start) return void 0;
  let value;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return void 0;
  }
  if (typeof value !== "object" || value === null) return void 0;
  const { verdict, reasons } = value;
  if (typeof verdict !== "string") return void 0;
  const list = Array.isArray(reasons) ? reasons.map(String) : typeof reasons === "string" ? [reasons] : [];
  const v = verdict.trim().toUpperCase();
  if (v === "PASS" || v === "FAIL") return { verdict: v, reasons: list };
  return { verdict: "FAIL", reasons: [`judge answered verdict ${JSON.stringify(verdict)}, not PASS or FAIL`] };
}
function parseVerdict(answer) {
  const text = answer.trim();
  if (text === "") return { verdict: "FAIL", reasons: ["judge gave an empty answer"] };
  const json = fromJson(text);
  if (json) return json;
  const m = /^[*_`#>\s]*(PASS|FAIL)\b[*_`]*[\s:.,-]*([\s\S]*)$/i.exec(text);
  if (m) {
    const reason = m[2].trim();
    return { verdict: m[1].toUpperCase(), reasons: reason ? [reason] : [] };
  }
  return { verdict: "FAIL", reasons: [`judge answer is neither JSON nor text starting with PASS or FAIL: ${text.slice(0, 200)}`] };
}

// src/runtime/process.ts
import { closeSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
var LOG_CAP_BYTES = 16 * 1024 * 1024;
var LINE_CAP = 1024 * 1024;
var TAIL_CHARS = 8 * 1024;
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
  }
}
function cutOutside(text, at, secrets) {
  let cut = at;
  for (let moved = true; moved; ) {
    moved = false;
    for (const secret of secrets) {
      const i = text.indexOf(secret, Math.max(0, cut - secret.length + 1));
      if (i !== -1 && i < cut) {
        cut = i;
        moved = true;
      }
    }
  }
  return cut > 0 ? cut : at;
}
async function startProcess(spec) {
  const [command2, ...args] = spec.argv;
  if (!command2) throw new SpawnError("empty command", "EINVAL");
  let log;
  let logged = 0;
  if (spec.logPath) {
    ensureDir(dirname(spec.logPath));
    log = openSync(spec.logPath, "a");
  }
  const writeLog = (text) => {
    if (log === void 0 || logged >= LOG_CAP_BYTES) return;
    const bytes = Buffer.from(text);
    if (logged + bytes.length > LOG_CAP_BYTES) {
      writeSync(log, bytes.subarray(0, LOG_CAP_BYTES - logged));
      writeSync(log, `
[overseer: log truncated at ${LOG_CAP_BYTES} bytes]
`);
      logged = LOG_CAP_BYTES;
      return;
    }
    writeSync(log, bytes);
    logged += bytes.length;
  };
  let tail = "";
  let stderrTail = "";
  const keepTail = (text) => {
    tail = (tail + text).slice(-TAIL_CHARS);
  };
  const secrets = spec.redact.secrets ?? [];
  const longest = Math.max(0, ...secrets.map((x) => x.length));
  const lineSplitter = (onComplete) => {
    let pending = "";
    return {
      push(chunk) {
        let from = pending.length;
        pending += chunk;
        let nl;
        while ((nl = pending.indexOf("\n", from)) !== -1) {
          onComplete(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
          from = 0;
        }
        while (pending.length > LINE_CAP + longest) {
          const cut = cutOutside(pending, LINE_CAP, secrets);
          onComplete(pending.slice(0, cut));
          pending = pending.slice(cut);
        }
      },
      end() {
        if (pending) onComplete(pending);
        pending = "";
      }
    };
  };
  const out = lineSplitter((line) => {
    const safe = spec.redact(line);
    writeLog(`${safe}
`);
    keepTail(`${safe}
`);
    spec.onLine?.(line);
  });
  const err = lineSplitter((line) => {
    const safe = spec.redact(line);
    writeLog(`${safe}
`);
    keepTail(`${safe}
`);
    stderrTail = `${stderrTail}${safe}
`.slice(-TAIL_CHARS);
    spec.onStderrLine?.(safe);
  });
  let pid = 0;
  let killTimer;
  let stopping = false;
  let exitedResolve = () => {
  };
  const exited = new Promise((done) => exitedResolve = done);
  const events = {
    onData(fd, text) {
      spec.onOutput?.();
      (fd === 1 ? out : err).push(text);
    },
    onExit(code, signal) {
      if (pid) killGroup(pid, "SIGKILL");
      if (killTimer) clearTimeout(killTimer);
      out.end();
      err.end();
      if (log !== void 0) {
        closeSync(log);
        log = void 0;
      }
      exitedResolve({ code, signal });
    }
  };
  try {
    pid = await launch({ command: command2, args, cwd: spec.cwd, env: spec.env, stdin: spec.stdin }, events);
  } catch (error) {
    if (log !== void 0) closeSync(log);
    throw error;
  }
  return {
    pid,
    startTime: processStartTime(pid),
    exited,
    tail: () => tail,
    stderrTail: () => stderrTail,
    stop(graceMs = 1e4) {
      if (stopping) return;
      stopping = true;
      killGroup(pid, "SIGTERM");
      killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), graceMs);
      killTimer.unref();
    }
  };
}
async function capture(argv, options) {
  const [command2, ...args] = argv;
  if (!command2) throw new SpawnError("empty command", "EINVAL");
  const chunks = [];
  let size = 0;
  let pid = 0;
  let stopped;
  const stop = (why) => {
    stopped ??= why;
    if (pid) killGroup(pid, "SIGKILL");
  };
  const exited = new Promise((resolve, reject) => {
    launch(
      { command: command2, args, cwd: options.cwd, env: options.env },
      {
        onData(fd, text) {
          if (fd !== 1 || stopped) return;
          size += text.length;
          if (size > options.maxChars) stop(`printed more than ${options.maxChars} characters`);
          else chunks.push(text);
        },
        onExit: (code, signal) => resolve({ code, signal })
      }
    ).then((started) => {
      pid = started;
      if (stopped) killGroup(pid, "SIGKILL");
    }, reject);
  });
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      stop(`timed out after ${options.timeoutMs} ms`);
      reject(new Error(`${command2} ${stopped}`));
    }, options.timeoutMs);
  });
  exited.catch(() => {
  });
  deadline.catch(() => {
  });
  try {
    const exit = await Promise.race([exited, deadline]);
    if (stopped) throw new Error(`${command2} ${stopped}`);
    if (exit.code !== 0) throw new Error(`${command2} exited ${exit.code ?? exit.signal}`);
    return chunks.join("");
  } finally {
    clearTimeout(timer);
  }
}

// src/verify/run.ts
var OUTPUT_CAP = 64 * 1024;
function capOutput(text) {
  return text.length <= OUTPUT_CAP ? text : `${text.slice(0, OUTPUT_CAP / 2)}
\u2026 [output cut] \u2026
${text.slice(-OUTPUT_CAP / 2 + 40)}`;
}
async function runCheck(options) {
  const started = Date.now();
  let output = "";
  const collect = (line) => {
    if (output.length < OUTPUT_CAP * 2) output += `${line}
`;
  };
  let proc;
  try {
    proc = await startProcess({
      argv: ["sh", "-c", options.command],
      cwd: options.cwd,
      env: options.env,
      redact: options.redact,
      onLine: collect,
      onStderrLine: collect
    });
  } catch (err) {
    const message = err instanceof SpawnError ? err.message : String(err);
    return { verdict: "FAIL", output: `could not run the verifier: ${message}`, durationMs: Date.now() - started, costUsd: 0 };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.stop(2e3);
  }, options.timeoutMs);
  const onAbort = () => proc.stop(2e3);
  options.signal?.addEventListener("abort", onAbort);
  const exit = await proc.exited;
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  const text = options.redact(output.trimEnd());
  const durationMs = Date.now() - started;
  if (timedOut) {
    return { verdict: "FAIL", output: capOutput(`${text}
[timed out after ${Math.round(options.timeoutMs / 1e3)} s]`), durationMs, costUsd: 0 };
  }
  const verdict = exit.code === 0 ? "PASS" : "FAIL";
  const status = exit.code === null ? `killed by ${exit.signal}` : `exit ${exit.code}`;
  return { verdict, output: capOutput(verdict === "PASS" ? text : `${text}
[${status}]`), durationMs, costUsd: 0 };
}

// src/verify/brain.ts
var RETRIES = 3;
function requestFailure(err, url) {
  const { cause } = err;
  const why = cause?.code ?? cause?.message ?? err.message;
  return why.split(url).join(shownUrl(url));
}
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}
function retryAfterMs(header, fallbackMs) {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1e3 : Date.parse(header) - Date.now();
  return Math.min(Math.max(0, Number.isFinite(ms) ? ms : fallbackMs), 3e4);
}
async function askBrain(options) {
  const started = Date.now();
  const done = (verdict, output) => ({
    verdict,
    output: capOutput(options.redact(output)),
    durationMs: Date.now() - started,
    costUsd: 0
  });
  const model = options.model ?? options.endpoint.model;
  if (!model) return done("FAIL", "no model for the brain verifier: set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL");
  const url = `${options.endpoint.url.replace(/\/+$/, "")}/chat/completions`;
  const deadline = options.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]) : AbortSignal.timeout(options.timeoutMs);
  let last = "";
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        signal: deadline,
        headers: {
          "content-type": "application/json",
          ...options.endpoint.apiKey ? { authorization: `Bearer ${options.endpoint.apiKey}` } : {}
        },
        body: JSON.stringify({ model, temperature: 0, messages: [{ role: "user", content: options.prompt }] })
      });
    } catch (err) {
      if (deadline.aborted) return done("FAIL", `brain verifier timed out after ${Math.round(options.timeoutMs / 1e3)} s (${shownUrl(url)})`);
      last = `cannot reach the brain endpoint ${shownUrl(url)} (${requestFailure(err, url)}): set [brain] url in tasks.toml or OVERSEER_BRAIN_URL`;
      await sleep(500 * attempt, deadline);
      continue;
    }
    const body = await response.text().catch(() => "");
    if (response.status === 429 || response.status >= 500) {
      last = `brain endpoint answered HTTP ${response.status}: ${body.slice(0, 300)}`;
      await sleep(retryAfterMs(response.headers.get("retry-after"), 500 * attempt), deadline);
      if (deadline.aborted) return done("FAIL", `brain verifier timed out after ${Math.round(options.timeoutMs / 1e3)} s (${last})`);
      continue;
    }
    if (!response.ok) return done("FAIL", `brain endpoint answered HTTP ${response.status}: ${body.slice(0, 500)}`);
    let content;
    try {
      content = JSON.parse(body).choices?.[0]?.message?.content;
    } catch {
      return done("FAIL", `brain endpoint answered something that is not JSON: ${body.slice(0, 300)}`);
    }
    if (typeof content !== "string") return done("FAIL", `brain answer has no choices[0].message.content: ${body.slice(0, 300)}`);
    const judgement = parseVerdict(content);
    return done(judgement.verdict, [`${judgement.verdict}`, ...judgement.reasons].join("\n"));
  }
  return done("FAIL", `${last} (after ${RETRIES} tries)`);
}

export {
  agentFor,
  parseVerdict,
  killGroup,
  startProcess,
  capture,
  runCheck,
  requestFailure,
  askBrain
};
