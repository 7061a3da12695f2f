#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  agentFor,
  preflight
} from "./chunk-P2KD4TEM.js";
import {
  withPath
} from "./chunk-A6QA2I6D.js";
import "./chunk-3NXD7FGW.js";
import {
  printJson
} from "./chunk-QBEZOSNL.js";
import {
  loadManifest
} from "./chunk-VOTIOR5A.js";
import {
  formatDiagnostic
} from "./chunk-2RLIGDW4.js";
import {
  Ledger,
  liveHolder
} from "./chunk-T2WGTKV7.js";
import "./chunk-2OEUKV5K.js";
import {
  childEnv,
  secretsFrom
} from "./chunk-HWDXN4IG.js";
import {
  inspect,
  readIfExists
} from "./chunk-YIKUX76P.js";
import {
  makeRedactor,
  requestFailure,
  shownLocation,
  shownUrl
} from "./chunk-ME6OC5CB.js";
import {
  DEFAULTS,
  TASK_STATES,
  brainEndpoint,
  brainKeyEnv,
  ledgerPaths,
  plural,
  resolveAgent,
  roleOf
} from "./chunk-MZRR4JYV.js";
import {
  EXIT,
  SYSTEM_REASONS,
  UserError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/doctor.ts
import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readlinkSync, rmSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
var MIN_NODE = [20, 19];
var BRAIN_TIMEOUT_MS = 5e3;
async function doctorCommand(stateDir, file, options) {
  const env = process.env;
  const checks = [nodeCheck()];
  const loaded = manifestCheck(file, checks);
  if (loaded) checks.push(...agentChecks(loaded, env));
  else checks.push({ name: "agents", status: "skip", detail: "no valid manifest to read them from" });
  checks.push(await brainCheck(loaded?.manifest, env));
  checks.push(stateDirCheck(stateDir));
  const noDir = checks.at(-1).status === "fail" && !isDirectory(stateDir);
  checks.push(
    noDir ? { name: "ledger", status: "skip", detail: `none: there is no directory at ${stateDir} (see state dir)` } : await ledgerCheck(stateDir).catch((err) => ({ name: "ledger", status: "fail", detail: `cannot read it: ${err.message}` }))
  );
  checks.push(gitCheck(), procCheck());
  const redact = makeRedactor(secretsFrom(env, loaded ? [brainKeyEnv(loaded.manifest)] : [DEFAULTS.brainApiKeyEnv]));
  const safe = checks.map((c) => ({ ...c, detail: redact(c.detail), ...c.hint ? { hint: redact(c.hint) } : {} }));
  const failed = safe.filter((c) => c.status === "fail").length;
  if (options.json) printJson({ ok: failed === 0, checks: safe });
  else {
    const width = Math.max(...safe.map((c) => c.name.length));
    for (const c of safe) {
      console.log(`${c.status.toUpperCase().padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
      if (c.hint && (c.status === "fail" || c.status === "warn")) console.log(`${" ".repeat(6 + width)}  -> ${c.hint}`);
    }
    const warned = safe.filter((c) => c.status === "warn").length;
    console.log(`
${failed === 0 ? "ready" : plural(failed, "problem")}${warned ? `, ${plural(warned, "warning")}` : ""}`);
  }
  return failed === 0 ? EXIT.ok : EXIT.infrastructure;
}
function isThere(path) {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
function nodeCheck() {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const min = MIN_NODE.join(".");
  return major > MIN_NODE[0] || major === MIN_NODE[0] && minor >= MIN_NODE[1] ? { name: "node", status: "ok", detail: `v${process.versions.node}` } : { name: "node", status: "fail", detail: `v${process.versions.node}, older than ${min}`, hint: `install Node ${min} or newer` };
}
function manifestCheck(file, checks) {
  if (!existsSync(file)) {
    checks.push({ name: "manifest", status: "warn", detail: `${file}: not found`, hint: "pass the manifest: `overseer doctor path/to/tasks.toml` (or `overseer init` to start one)" });
    return void 0;
  }
  try {
    const loaded = loadManifest(file);
    const problems = preflight(loaded, { env: process.env, budgetUsd: loaded.manifest.fleet.budget_usd });
    if (problems.length > 0) {
      checks.push({ name: "manifest", status: "fail", detail: formatDiagnostic(problems[0]), hint: `\`overseer run\` stops here (exit 2); \`overseer run ${file} --dry-run\` lists ${problems.length === 1 ? "it" : `all ${problems.length}`}` });
      return loaded;
    }
    const verifiers = loaded.manifest.task.reduce((n, t) => n + t.verify.length, 0);
    checks.push({ name: "manifest", status: "ok", detail: `${file}: ${plural(loaded.manifest.task.length, "task")}, ${plural(verifiers, "verifier")}` });
    return loaded;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const first = err.message.split("\n")[0];
    checks.push({ name: "manifest", status: "fail", detail: first, hint: `\`overseer validate ${file}\` lists every problem` });
    return void 0;
  }
}
function agentChecks(loaded, env) {
  const { manifest, dir } = loaded;
  const programs = /* @__PURE__ */ new Map();
  for (const t of manifest.task) {
    const agent = resolveAgent(manifest, t);
    const role = roleOf(manifest, t.role);
    const argv = agentFor(agent).launch({ prompt: "", command: role?.command }).argv;
    const program = agent === "demo" ? argv[1] : argv[0];
    if (!program) continue;
    const key = `${agent}\0${program}`;
    const entry = programs.get(key) ?? { agent, program, cwd: resolve(dir, t.cwd), tasks: [] };
    entry.tasks.push(t.name);
    programs.set(key, entry);
  }
  const path = childEnv(env).PATH ?? "";
  return [...programs.values()].map(({ agent, program, cwd, tasks }) => {
    const name = `agent ${agent}`;
    const used = `used by ${tasks.length === 1 ? `task ${tasks[0]}` : `${tasks.length} tasks: ${tasks.slice(0, 3).join(", ")}${tasks.length > 3 ? ", \u2026" : ""}`}`;
    const found = agent === "demo" ? existsSync(program) ? program : null : findProgram(program, cwd, path);
    if (found) return { name, status: "ok", detail: `${found} (${used})` };
    const hint = agent === "claude" ? "install Claude Code (`npm install -g @anthropic-ai/claude-code`) or pick another agent ([fleet] agent, a role, or --agent)" : agent === "codex" ? "install Codex (`npm install -g @openai/codex`) or pick another agent ([fleet] agent, a role, or --agent)" : agent === "demo" ? "reinstall overseer: the demo agent ships beside the CLI bundle" : `fix the role's command, or put ${program} on PATH`;
    return { name, status: "fail", detail: `${program}: not found${program.includes("/") ? ` from ${cwd}` : " on PATH"} (${used})`, hint };
  });
}
function findProgram(program, cwd, path) {
  const candidates = program.includes("/") ? [isAbsolute(program) ? program : resolve(cwd, program)] : path.split(delimiter).filter(Boolean).map((d) => join(d, program));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
    }
  }
  return null;
}
async function brainCheck(manifest, env) {
  const name = "brain";
  const judged = manifest?.task.filter((t) => t.verify.some((v) => v.brain !== void 0)) ?? [];
  if (!manifest || judged.length === 0) return { name, status: "skip", detail: "no brain verifiers" };
  const endpoint = brainEndpoint(manifest, env);
  const where = shownUrl(endpoint.url);
  const url = withPath(endpoint.url, "models");
  const keyEnv = brainKeyEnv(manifest);
  const { apiKey: key, model } = endpoint;
  const everyVerifierNamesModel = judged.every((t) => t.verify.every((v) => v.brain === void 0 || v.model !== void 0));
  if (!model && !everyVerifierNamesModel) {
    return { name, status: "fail", detail: `no model for the brain verifiers (${plural(judged.length, "task")} ${judged.length === 1 ? "uses" : "use"} one)`, hint: "set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL" };
  }
  let response;
  try {
    response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, redirect: "manual", signal: AbortSignal.timeout(BRAIN_TIMEOUT_MS) });
    await response.body?.cancel();
  } catch (err) {
    const why = err.name === "TimeoutError" ? `no answer in ${BRAIN_TIMEOUT_MS / 1e3} s` : requestFailure(err, url);
    return { name, status: "fail", detail: `${where}: cannot reach it (${why})`, hint: "set [brain] url in tasks.toml or OVERSEER_BRAIN_URL; brain verifiers fail closed without it" };
  }
  const keyNote = key ? `key from ${keyEnv}` : `no key (${keyEnv} is unset)`;
  if (response.status === 401 || response.status === 403) {
    return { name, status: "fail", detail: `${where}: HTTP ${response.status} with ${keyNote}`, hint: `set ${keyEnv} to a key the endpoint accepts` };
  }
  if (response.status >= 300 && response.status < 400) {
    const target = shownLocation(response.headers.get("location"), url);
    return { name, status: "fail", detail: `${where}: HTTP ${response.status}, a redirect to ${target}`, hint: "brain verifiers do not follow redirects: set [brain] url in tasks.toml or OVERSEER_BRAIN_URL to the endpoint itself" };
  }
  if (!response.ok) return { name, status: "warn", detail: `${where}: GET /models answered HTTP ${response.status} (${keyNote})`, hint: "the endpoint may not list models; a brain verifier will tell for sure" };
  return { name, status: "ok", detail: `${where} answers (${keyNote}; model ${model ?? "named per verifier"})` };
}
function stateDirCheck(stateDir) {
  const name = "state dir";
  const fix = "give --state-dir (or OVERSEER_STATE_DIR) a directory this user can write";
  let dir = stateDir;
  while (!isThere(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (!existsSync(dir)) {
    const target = readlinkSync(dir);
    return { name, status: "fail", detail: `${dir} is a symbolic link to ${target}, which does not exist`, hint: `create ${target}, or ${fix}` };
  }
  const where = dir === stateDir ? stateDir : `${dir} (where ${stateDir} would be created)`;
  const probe = join(dir, `.overseer-doctor-${process.pid}-${Date.now()}`);
  try {
    if (!statSync(dir).isDirectory()) return { name, status: "fail", detail: `${where} is a file, not a directory`, hint: fix };
    closeSync(openSync(probe, "wx"));
    rmSync(probe);
  } catch (err) {
    const code = err.code ?? "unknown";
    const hint = `\`overseer run\` cannot keep its ledger there: make ${dir} writable, or ${fix}`;
    return { name, status: "fail", detail: `${where} is not writable: ${SYSTEM_REASONS[code] ?? "cannot create a file"} (${code})`, hint };
  }
  return { name, status: "ok", detail: dir === stateDir ? `${stateDir} is writable` : `${stateDir} does not exist yet; ${dir}, where the first run creates it, is writable` };
}
async function ledgerCheck(stateDir) {
  const name = "ledger";
  const paths = ledgerPaths(stateDir);
  const bytes = readIfExists(paths.db);
  if (!bytes && !existsSync(paths.bak)) return { name, status: "ok", detail: `none yet in ${stateDir} (the first run creates it)` };
  if (bytes) {
    const health = await inspect(bytes, { thorough: true });
    if (health.kind === "ok") health.db.close();
    else {
      const bak = readIfExists(paths.bak);
      const bakHealth = bak ? await inspect(bak, { thorough: true }) : null;
      if (bakHealth?.kind === "ok") bakHealth.db.close();
      const hint = bakHealth?.kind === "ok" ? `\`overseer run\` recovers it from ${paths.bak} (with its journal)` : `no healthy ${paths.bak} to recover from: keep the file for inspection and start a new state directory`;
      return { name, status: "fail", detail: `${paths.db}: ${health.reason}`, hint };
    }
  }
  let ledger;
  try {
    ledger = await Ledger.open({ stateDir, mode: "read" });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { name, status: "fail", detail: err.message };
  }
  try {
    const counts = /* @__PURE__ */ new Map();
    for (const t of ledger.taskStates()) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
    const states = TASK_STATES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(", ") || "no tasks";
    const kib = (p) => existsSync(p) ? Math.round(statSync(p).size / 1024) : 0;
    const holder = liveHolder(paths.lock);
    const use = holder ? `in use by ${holder.role} pid ${holder.pid} on ${holder.host}` : "not in use";
    const inbox = existsSync(paths.inbox) ? readdirSync(paths.inbox).filter((f) => f.endsWith(".json")).length : 0;
    const queued = inbox > 0 ? `; ${plural(inbox, "queued request")}` : "";
    return { name, status: "ok", detail: `${paths.db}: ${states}; ${kib(paths.db)} KiB + journal ${kib(paths.journal)} KiB; ${use}${queued}` };
  } finally {
    ledger.close();
  }
}
function gitCheck() {
  try {
    const version = execFileSync("git", ["--version"], { encoding: "utf8", timeout: 5e3, stdio: ["ignore", "pipe", "ignore"] }).trim();
    return { name: "git", status: "ok", detail: version };
  } catch {
    return { name: "git", status: "warn", detail: "git not found", hint: "without git, resumes cannot tell whether the working tree changed and brain judges see no diff" };
  }
}
function procCheck() {
  try {
    readdirSync("/proc/self");
    return { name: "processes", status: "ok", detail: "/proc is readable: processes that leave their agent's group are still found and stopped" };
  } catch {
    return { name: "processes", status: "warn", detail: "no /proc", hint: "a process an agent starts outside its process group (setsid, a daemon) may outlive the attempt" };
  }
}
export {
  doctorCommand
};
