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
import {
  DEFAULT_POLICY,
  failedChecks,
  judgePrompt,
  recoveryPrompt,
  retryPrompt,
  stallOf,
  tick
} from "./chunk-TP7KT2PG.js";
import {
  attemptOutcome,
  classifyError,
  estimatedTokens,
  isBackoffClass,
  isFailureClass,
  pricingFor,
  roundUsd,
  tokenCost,
  tokensIn,
  unreportedCharge,
  unreportedWarning
} from "./chunk-3NXD7FGW.js";
import {
  VERSION
} from "./chunk-3KHDYX54.js";
import {
  buildPlan
} from "./chunk-V6JPE4YA.js";
import {
  onOutputClosed,
  table
} from "./chunk-QBEZOSNL.js";
import {
  cwdProblem,
  loadManifest
} from "./chunk-VOTIOR5A.js";
import {
  ManifestError,
  formatDiagnostic
} from "./chunk-2RLIGDW4.js";
import {
  applyRequest,
  capture,
  killGroup,
  readInbox,
  remove,
  startProcess
} from "./chunk-XC4VD2P4.js";
import {
  EVENTS_VERSION,
  Ledger,
  isSameProcess
} from "./chunk-T2WGTKV7.js";
import {
  lostWithHelper
} from "./chunk-K3LD2QA5.js";
import {
  warn
} from "./chunk-EFIRAADO.js";
import {
  childEnv,
  msFromEnv,
  secretsFrom
} from "./chunk-HWDXN4IG.js";
import {
  SpawnError,
  TAG_VARIABLE,
  killTagged,
  tagOf,
  taggedProcesses,
  under
} from "./chunk-CKLKCHFF.js";
import {
  ensureDir,
  sqlEngine
} from "./chunk-YIKUX76P.js";
import {
  excerpt,
  makeRedactor,
  requestFailure,
  secretsOfUrl,
  shownLocation,
  shownUrl
} from "./chunk-ME6OC5CB.js";
import {
  ACTIVE_STATES,
  ENDED_STATES,
  MAX_TIMER_MS,
  STATE_FILES,
  TASK_STATES,
  TERMINAL_STATES,
  agentOverrideProblem,
  blocker,
  brainEndpoint,
  brainKeyEnv,
  brainUrlProblem,
  cliFor,
  duration,
  ledgerPaths,
  modelOf,
  newTask,
  plural,
  resolveAgent,
  roleOf,
  sha256,
  shellQuote,
  taskArg,
  taskCap,
  taskLogDir,
  untrackedAtStart,
  usd,
  verifierOf,
  verifierText
} from "./chunk-MZRR4JYV.js";
import {
  EXIT,
  InputError,
  UserError
} from "./chunk-SEJOQJNG.js";

// src/cli/commands/run.ts
import { randomUUID } from "node:crypto";
import { resolve as resolve4 } from "node:path";

// src/runtime/snapshot.ts
var ms = (iso) => iso === null ? null : Date.parse(iso);
function budgetLeft(row, spec) {
  const cap = taskCap(row, spec);
  return cap === null ? void 0 : Math.max(0, cap - row.costUsd);
}
function lowest(...caps) {
  const set = caps.filter((c) => c !== void 0);
  return set.length > 0 ? Math.min(...set) : void 0;
}
function attemptView(a, live) {
  const mine = live?.attemptId === a.id ? live : void 0;
  const failure = a.failureClass !== null && isFailureClass(a.failureClass) ? a.failureClass : null;
  return {
    id: a.id,
    num: a.attemptNum,
    kind: a.kind,
    startedAtMs: ms(a.startedAt) ?? 0,
    endedAtMs: ms(a.endedAt),
    failure,
    stopReason: a.stopReason ?? mine?.stopReason ?? null,
    resultAtMs: mine?.resultAtMs ?? ms(a.resultAt),
    resultOk: a.agentReportedSuccess === true,
    lastOutputAtMs: mine?.lastOutputAtMs ?? null,
    verdict: a.verdict,
    verdictFailure: a.verdictFailure === "config" || a.verdictFailure === "budget" ? a.verdictFailure : null,
    stopping: mine?.stopping ?? false
  };
}
function taskView(t, attempts, live, specs, minuteMs = 6e4) {
  let spec = specs?.get(t.specHash);
  if (!spec) {
    spec = t.spec;
    specs?.set(t.specHash, spec);
  }
  return {
    name: t.name,
    state: t.state,
    dependsOn: spec.depends_on,
    maxRetries: spec.max_retries,
    timeoutMs: spec.timeout_min === 0 ? Infinity : spec.timeout_min * minuteMs,
    budgetUsd: taskCap(t, spec),
    hasVerifiers: spec.verify.length > 0,
    costUsd: t.costUsd,
    attemptsBase: t.attemptsBase,
    attempts: attempts.map((a) => attemptView(a, live)),
    sinceMs: Date.parse(t.updatedAt),
    live: live !== void 0
  };
}
var SnapshotCache = class {
  specs = /* @__PURE__ */ new Map();
  views = /* @__PURE__ */ new WeakMap();
};
var NO_ATTEMPTS = [];
function buildSnapshot(ledger, live, cache = new SnapshotCache(), minuteMs = 6e4) {
  const byTask = ledger.attemptsByTask();
  let spentUsd = 0;
  const tasks = ledger.tasks().map((t) => {
    spentUsd += t.costUsd;
    const attempts = byTask.get(t.name) ?? NO_ATTEMPTS;
    const mine = live.get(t.name);
    if (mine) return taskView(t, attempts, mine, cache.specs, minuteMs);
    const known = cache.views.get(t);
    if (known && known.attempts === attempts) return known.view;
    const view = taskView(t, attempts, void 0, cache.specs, minuteMs);
    cache.views.set(t, { attempts, view });
    return view;
  });
  return {
    tasks,
    drained: ledger.control("drain") === "1",
    breakerOpen: (ledger.control("breaker") ?? "") !== "",
    spentUsd: roundUsd(spentUsd)
  };
}

// src/runtime/supervisor.ts
import { existsSync as existsSync3, watch } from "node:fs";
import { basename } from "node:path";

// src/runtime/attempts.ts
import { join as join3, resolve as resolve2 } from "node:path";

// src/verify/diff.ts
import { copyFileSync, existsSync as existsSync2, lstatSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname as dirname2, isAbsolute, join as join2, relative, resolve } from "node:path";

// src/runtime/tree.ts
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
var inRepo = /* @__PURE__ */ new Map();
function insideGitRepo(cwd) {
  let known = inRepo.get(cwd);
  if (known === void 0) {
    known = false;
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, ".git"))) {
        known = true;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    inRepo.set(cwd, known);
  }
  return known;
}
function git(cwd, env, args, options = {}) {
  return capture(["git", "-c", "core.quotePath=false", "-c", "core.splitIndex=false", ...args], {
    cwd,
    env: { ...env, GIT_OPTIONAL_LOCKS: "0", ...options.index && { GIT_INDEX_FILE: options.index } },
    timeoutMs: 1e4,
    maxChars: options.maxChars ?? 16 * 1024 * 1024,
    cut: options.cut
  });
}
async function treeHash(cwd, env = childEnv(process.env)) {
  if (!insideGitRepo(cwd)) return null;
  try {
    return createHash("sha256").update(await git(cwd, env, ["status", "--porcelain=v2", "--branch"])).digest("hex");
  } catch {
    return null;
  }
}
async function headCommit(cwd, env = childEnv(process.env)) {
  if (!insideGitRepo(cwd)) return null;
  const rev = async (args) => (await git(cwd, env, args)).trim() || null;
  try {
    return await rev(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  } catch {
    return rev(["hash-object", "-t", "tree", "/dev/null"]).catch(() => null);
  }
}

// src/verify/diff.ts
var DIFF_CAP = 256 * 1024;
var NEW_FILE_CAP = 256 * 1024;
var NEW_FILES_SHOWN = 200;
var NAMES_LISTED = 500;
var CREDENTIAL_PATH = new RegExp(
  [
    // directories: ~/.ssh-like copies, secrets/, credentials/
    "(?:^|/)(?:\\.ssh|\\.aws|\\.azure|\\.gcloud|\\.docker|\\.kube|\\.gnupg|secrets?|credentials?)/",
    // env files: .env, .env.local, prod.env, .envrc (not env.ts)
    "(?:^|/)\\.env(?:\\.[^/]*)?$",
    "(?:^|/)[^/]+\\.env$",
    "(?:^|/)\\.envrc$",
    // key material and keystores
    "\\.(?:pem|key|p8|p12|pfx|jks|keystore|kdbx|keytab|ppk|asc|gpg)$",
    "(?:^|/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:\\.pub)?$",
    "(?:^|/)[^/]*(?:deploy|private|signing)[-_]?key[^/]*$",
    // data files named for what they hold (secrets.yaml, db-password.txt, service-account.json;
    // not code such as token.ts or password-reset.tsx)
    "(?:^|/)[^/.]*(?:credential|secret|token|password|passwd|service[-_]?account)[^/.]*(?:\\.(?:json|ya?ml|txt|ini|cfg|conf|toml|xml|properties|csv))?$",
    "(?:^|/)[^/]*key[^/]*\\.json$",
    "(?:^|/)(?:gha-creds-|client_secret)[^/]*\\.json$",
    // tools' own credential files
    "(?:^|/)(?:\\.netrc|\\.npmrc|\\.yarnrc\\.yml|\\.pypirc|\\.pgpass|\\.my\\.cnf|\\.htpasswd|\\.s3cfg|\\.dockercfg|\\.git-credentials|kubeconfig|settings\\.xml|gradle\\.properties)$",
    // infrastructure state and variables
    "\\.(?:tfvars|tfstate)(?:\\.backup)?$"
  ].join("|"),
  "i"
);
async function diffOf(cwd, env = childEnv(process.env), options = {}) {
  if (!insideGitRepo(cwd)) return "";
  const git2 = (args, o = {}) => git(cwd, env, args, { ...o, ...o.cut && { maxChars: DIFF_CAP } });
  try {
    const top = (await git2(["rev-parse", "--show-toplevel"])).trim();
    const against = await startingPoint(git2, options.base ?? null);
    const leave = leftOut(top, options.stateDir);
    const changed = (await git2(["diff", "--name-only", "-z", against, "--", ":/", ...leave])).split("\0").filter(Boolean);
    const before = readList(options.untrackedAtStart);
    const preexisting = changed.filter((path) => before?.has(path) && !CREDENTIAL_PATH.test(path));
    const withheld = changed.filter((path) => CREDENTIAL_PATH.test(path));
    const tracked = ["--", ":/", ...leave, ...[...withheld, ...preexisting].map((path) => `:(top,exclude,literal)${path}`)];
    const stat = await git2(["diff", "--stat", against, ...tracked], { cut: true });
    const patch = await git2(["diff", "--patch", against, ...tracked], { cut: true });
    const fresh = await newFiles(git2, top, cwd, leave, options.since, before).catch(
      (err) => ({ overview: `[new files not shown: ${err.message}]
`, patch: "" })
    );
    const notes = [
      withheld.length > 0 ? `[changed, not shown, as they may hold credentials: ${names(withheld)}]
` : "",
      preexisting.length > 0 ? `[added, not shown, as they were untracked before the task began: ${names(preexisting)}]
` : ""
    ].join("");
    return `${stat}${notes}${fresh.overview}${patch}${fresh.patch}`;
  } catch (err) {
    return `[the change could not be read: ${err.message}]`;
  }
}
async function startingPoint(git2, base) {
  for (const rev of base ? [base, "HEAD"] : ["HEAD"]) {
    try {
      return (await git2(["rev-parse", "--verify", "--quiet", `${rev}^{tree}`])).trim();
    } catch {
    }
  }
  return (await git2(["hash-object", "-t", "tree", "/dev/null"])).trim();
}
function leftOut(top, stateDir) {
  if (!stateDir || !existsSync2(stateDir)) return [];
  const inside = relative(realpathSync(top), realpathSync(stateDir));
  if (inside.startsWith("..") || isAbsolute(inside)) return [];
  if (inside === "") return STATE_FILES.map((f) => `:(top,exclude,glob)${f}`);
  return [`:(top,exclude,literal)${inside}`];
}
function names(paths) {
  const listed = paths.slice(0, NAMES_LISTED).join(", ");
  return paths.length > NAMES_LISTED ? `${listed} and ${paths.length - NAMES_LISTED} more` : listed;
}
var UNTRACKED = ["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", ":/"];
var LIST_END = "#end";
var TOO_LONG = "#too-long";
async function recordUntracked(cwd, env, file) {
  if (!insideGitRepo(cwd) || existsSync2(file)) return;
  let list;
  try {
    list = `${await git(cwd, env, UNTRACKED, { maxChars: 1024 * 1024 })}${LIST_END}\0`;
  } catch {
    list = `${TOO_LONG}\0`;
  }
  try {
    ensureDir(dirname2(file));
    writeFileSync(`${file}.tmp`, list);
    renameSync(`${file}.tmp`, file);
  } catch {
  }
}
function readList(file) {
  if (!file) return void 0;
  try {
    const entries = readFileSync(file, "utf8").split("\0").filter(Boolean);
    return entries.at(-1) === LIST_END ? new Set(entries.slice(0, -1)) : void 0;
  } catch {
    return void 0;
  }
}
async function newFiles(git2, top, cwd, leave, since, before) {
  const untracked = (await git2([...UNTRACKED, ...leave])).split("\0").filter(Boolean);
  const written = [];
  const other = [];
  const touched = [];
  const older = [];
  for (const path of untracked) {
    let stat2;
    try {
      stat2 = lstatSync(join2(top, path));
    } catch {
      continue;
    }
    const recent = since === void 0 || stat2.mtimeMs >= since - 1e3;
    if (before?.has(path)) {
      if (recent && since !== void 0) touched.push(path);
      continue;
    }
    if (!recent) {
      if (before) older.push(path);
      continue;
    }
    if (stat2.isFile() || stat2.isSymbolicLink()) written.push({ path, size: stat2.size });
    else other.push(path);
  }
  if (written.length === 0 && other.length === 0 && touched.length === 0 && older.length === 0) return { overview: "", patch: "" };
  const secret = written.filter((f) => CREDENTIAL_PATH.test(f.path));
  const large = written.filter((f) => !CREDENTIAL_PATH.test(f.path) && f.size > NEW_FILE_CAP);
  const small = written.filter((f) => !CREDENTIAL_PATH.test(f.path) && f.size <= NEW_FILE_CAP);
  const shown = small.slice(0, NEW_FILES_SHOWN);
  const notes = [
    secret.length > 0 ? `not shown, as they may hold credentials: ${names(secret.map((f) => f.path))}` : "",
    large.length > 0 ? `not shown, over ${NEW_FILE_CAP / 1024} KiB: ${names(large.map((f) => `${f.path} (${Math.round(f.size / 1024)} KiB)`))}` : "",
    small.length > shown.length ? `not shown, past the first ${NEW_FILES_SHOWN}: ${names(small.slice(NEW_FILES_SHOWN).map((f) => f.path))}` : "",
    other.length > 0 ? `not shown, repositories of their own: ${names(other)}` : "",
    touched.length > 0 ? `not shown, untracked before the task began and changed since: ${names(touched)}` : "",
    older.length > 0 ? `not shown, older than the task though not untracked when it began (moved, copied, or ignored before): ${names(older)}` : ""
  ].filter(Boolean);
  let stat = "";
  let patch = "";
  if (shown.length > 0) {
    const paths = ["--", ...shown.map((f) => `:(top,literal)${f.path}`)];
    const scratch = mkdtempSync(join2(tmpdir(), "overseer-index-"));
    try {
      const index = join2(scratch, "index");
      const own = resolve(cwd, (await git2(["rev-parse", "--git-path", "index"])).trim());
      if (existsSync2(own)) copyFileSync(own, index);
      await git2(["-c", "core.sparseCheckout=false", "add", "--intent-to-add", ...paths], { index });
      stat = await git2(["diff", "--stat", ...paths], { index, cut: true });
      patch = await git2(["diff", "--patch", ...paths], { index, cut: true });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return { overview: `New files, not yet tracked by git (written since the task began):
${stat}${notes.map((n) => `[${n}]
`).join("")}`, patch };
}

// src/runtime/orphans.ts
var WATCH_MS = 100;
var Orphans = class {
  constructor(killGraceMs) {
    this.killGraceMs = killGraceMs;
  }
  killGraceMs;
  /** Each orphan being stopped, by attempt: its SIGKILL, paid at the latest when the run ends. */
  stopping = /* @__PURE__ */ new Map();
  has(attemptId) {
    return this.stopping.has(attemptId);
  }
  /** Stop `pid` (known by its start time, so a reused pid is never hit); `gone` runs once it is. */
  stop(attemptId, pid, pidStart, gone) {
    const tag = tagOf(pid);
    killGroup(pid, "SIGTERM");
    const since = Date.now();
    const kill = () => {
      killGroup(pid, "SIGKILL");
      if (tag) killTagged([tag]);
    };
    const watch2 = setInterval(() => {
      if (Date.now() - since >= this.killGraceMs) kill();
      if (isSameProcess(pid, pidStart)) return;
      clearInterval(watch2);
      this.stopping.delete(attemptId);
      if (tag) killTagged([tag]);
      gone();
    }, WATCH_MS);
    this.stopping.set(attemptId, () => {
      clearInterval(watch2);
      this.stopping.delete(attemptId);
      kill();
    });
  }
  /** SIGKILL every orphan still being stopped: the run is ending. */
  killAll() {
    for (const kill of [...this.stopping.values()]) kill();
  }
};

// src/runtime/prompting.ts
import { readFileSync as readFileSync2 } from "node:fs";
async function attemptPrompt(ledger, kind, spec, previous, where, redact) {
  const last = previous.at(-1);
  if (kind === "fresh" || !last) return spec.prompt;
  if (kind === "retry") return feedbackAfter(ledger, spec, previous, redact);
  let origin = previous.length - 1;
  while (origin > 0 && previous[origin].kind === "resume") origin--;
  const asked = previous[origin].kind === "retry" ? feedbackAfter(ledger, spec, previous.slice(0, origin), redact) : spec.prompt;
  const history = ledger.verifications(spec.name).map((v) => ({
    attempt: ledger.attempt(v.attemptId)?.attemptNum ?? 0,
    kind: v.kind,
    verdict: v.verdict,
    command: v.command
  }));
  const before = ledger.treeHash(last.id);
  const now = await treeHash(where.cwd, where.env);
  return recoveryPrompt(asked, { logTail: logTail(last.logPath), history, treeChanged: before !== null && now !== null && before !== now }, redact);
}
function feedbackAfter(ledger, spec, attempts, redact) {
  const failed = attempts.findLast((a) => a.stopReason !== "orphaned" && !(a.failureClass !== null && isFailureClass(a.failureClass) && isBackoffClass(a.failureClass)));
  if (!failed) return spec.prompt;
  const checks = failedChecks(failed, ledger.verifications(spec.name), () => logTail(failed.logPath));
  const current = new Set(spec.verify.map((v) => verifierOf(v)).map((v) => `${v.kind}:${redact(verifierText(v))}`));
  const still = checks.filter((c) => c.kind === "agent-exit" || current.has(`${c.kind}:${c.command}`));
  if (checks.length > 0 && still.length === 0) return spec.prompt;
  return retryPrompt(spec.prompt, still, redact);
}
function logTail(path) {
  if (!path) return "";
  try {
    return readFileSync2(path, "utf8").slice(-4e3);
  } catch {
    return "";
  }
}

// src/runtime/attempts.ts
var UNRUNNABLE = /* @__PURE__ */ new Set(["EACCES", "ENOEXEC", "EISDIR", "ENOTDIR", "ELOOP", "ENAMETOOLONG", "EPERM", "EINVAL", "E2BIG"]);
function startFailure(err) {
  if (err instanceof SpawnError && err.code === "ENOENT") return "agent-missing";
  if (err instanceof SpawnError && UNRUNNABLE.has(err.code)) return "config";
  return "transient";
}
var Attempts = class {
  constructor(ctx) {
    this.ctx = ctx;
    this.orphans = new Orphans(ctx.killGraceMs);
  }
  ctx;
  /** The tasks this supervisor is working on, as the reconciler sees them. */
  live = /* @__PURE__ */ new Map();
  /** Their processes and what their agents said. */
  running = /* @__PURE__ */ new Map();
  /** Processes a dead supervisor left, being stopped. */
  orphans;
  /** The run failed: what its agents do from now on is not recorded (see abandon). */
  abandoned = false;
  /** The task's work is over (DONE, cancelled, escalated): nothing more is kept for it. */
  forget(task) {
    this.live.delete(task);
    this.running.delete(task);
  }
  /** Start a new attempt's agent. Settles once it runs or has failed to start (recorded either way). */
  async start(task, kind) {
    const { ledger, manifest, settings, agentEnv, poke } = this.ctx;
    const row = ledger.task(task);
    const spec = row.spec;
    const agentName = settings.agent ?? resolveAgent(manifest, spec);
    const role = roleOf(manifest, spec.role);
    const cwd = resolve2(this.ctx.manifestDir, spec.cwd);
    const previous = ledger.attempts(task);
    const last = previous[previous.length - 1];
    const attempt = ledger.beginAttempt({ task, kind, agent: agentName, logPath: (n) => join3(taskLogDir(ledger.paths, task), `${n}.log`) });
    const state = { attemptId: attempt.id, phase: "spawning", stopping: false, stopReason: null, resultAtMs: null, lastOutputAtMs: null };
    this.live.set(task, state);
    const fail = (failure, message) => {
      settings.warn(`${task}: ${message}`);
      ledger.endAttempt(attempt.id, { exitCode: null, failureClass: failure, stopReason: null });
      ledger.transition(task, failure === "transient" ? "RETRYING" : "NEEDS_HUMAN", failure);
      if (failure !== "transient") ledger.emit("task.escalated", { task_id: task, reason: failure, addressed_to: spec.role ?? "human" });
      this.live.delete(task);
      poke();
    };
    const problem = cwdProblem(cwd);
    if (problem) {
      fail("config", `cwd ${cwd} ${problem}`);
      return;
    }
    const judged = spec.verify.some((v) => verifierOf(v).kind !== "run");
    const untracked = judged ? recordUntracked(cwd, agentEnv, untrackedAtStart(ledger.paths, task)) : void 0;
    const prompt = await attemptPrompt(ledger, kind, spec, previous, { cwd, env: agentEnv }, settings.redact);
    const base = await headCommit(cwd, agentEnv);
    await untracked;
    const adapter = agentFor(agentName);
    const model = modelOf(manifest, spec);
    const resumeSession = kind === "resume" ? last?.sessionId ?? void 0 : void 0;
    let launch;
    const taskLeft = budgetLeft(row, spec);
    const budgetUsd = lowest(taskLeft, this.ctx.runLeft());
    try {
      launch = adapter.launch({
        prompt,
        model,
        allowedTools: role?.allowed_tools,
        budgetUsd,
        resumeSession,
        command: role?.command
      });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      fail("config", err.message);
      return;
    }
    const priorUsd = resumeSession ? previous.filter((a) => a.sessionId === resumeSession).reduce((sum, a) => sum + a.costUsd, 0) : 0;
    const pricing = pricingFor(manifest.pricing, model);
    const parse = adapter.parser(pricing, priorUsd);
    const capUsd = adapter.capsItself && taskLeft !== void 0 ? budgetUsd : void 0;
    const run = { message: "", errors: [], result: null, priced: pricing !== void 0, ...capUsd !== void 0 ? { capUsd } : {} };
    this.running.set(task, run);
    const onSignal = (signal) => this.signalled(task, state, run, signal);
    let proc;
    try {
      proc = await startProcess({
        argv: launch.argv,
        cwd,
        env: { ...agentEnv, ...launch.env },
        stdin: launch.stdin,
        logPath: join3(taskLogDir(ledger.paths, task), `${attempt.num}.log`),
        redact: settings.redact,
        onLine: (line) => parse(line).forEach(onSignal),
        onOutput: () => {
          state.lastOutputAtMs = Date.now();
        },
        warn: (message) => settings.warn(`${task}: ${message}`)
      });
    } catch (err) {
      fail(startFailure(err), err.message);
      return;
    }
    run.proc = proc;
    state.phase = "running";
    state.lastOutputAtMs = Date.now();
    ledger.tx(() => {
      ledger.attemptStarted(attempt.id, proc.pid, proc.startTime);
      if (base) ledger.setBaseCommit(attempt.id, base);
      ledger.transition(task, "RUNNING", "started");
    });
    poke();
    void treeHash(cwd, agentEnv).then((hash) => {
      if (!hash || !ledger.isOpen || this.abandoned || this.live.get(task)?.attemptId !== attempt.id) return;
      ledger.setTreeHash(attempt.id, hash);
      poke();
    });
    void proc.exited.then((exit) => this.exited(task, agentName, state, run, exit));
  }
  /** What the agent said as it ran: recorded, kept for the verifiers and the failure, or warned about. */
  signalled(task, state, run, signal) {
    const { ledger, settings, poke } = this.ctx;
    const { attemptId } = state;
    if (!ledger.isOpen || this.abandoned) return;
    switch (signal.kind) {
      case "session":
        if (settings.redact(signal.id) !== signal.id) return;
        ledger.attemptProgress(attemptId, { sessionId: signal.id });
        poke();
        return;
      case "cost":
        run.costSeen = true;
        ledger.attemptProgress(attemptId, { costUsd: signal.usd });
        poke();
        return;
      case "estimate":
        run.estimateUsd = signal.usd;
        return;
      case "message":
        run.message = signal.text;
        return;
      case "result":
        run.result = { ok: signal.ok, text: signal.text };
        if (signal.text) run.message = signal.text;
        state.resultAtMs = Date.now();
        ledger.attemptProgress(attemptId, { resultAt: new Date(state.resultAtMs).toISOString(), agentOk: signal.ok });
        poke();
        return;
      case "error":
        run.errors.push(signal.text);
        return;
      case "denied":
        settings.warn(
          `${task}: the agent was denied ${plural(signal.tools.length, "tool call")} it had no permission for (${signal.tools.slice(0, 3).join(", ")}${signal.tools.length > 3 ? ", ..." : ""}): name what it may run in its role's allowed_tools`
        );
        return;
      default: {
        const never = signal;
        throw new Error(`unhandled agent signal ${JSON.stringify(never)}`);
      }
    }
  }
  /** The agent's process has ended: the attempt ends, with how it failed if it did. */
  exited(task, agent, state, run, exit) {
    const { ledger, poke } = this.ctx;
    const { attemptId } = state;
    if (!ledger.isOpen || this.abandoned) return;
    const failure = attemptOutcome({
      agent,
      stopReason: state.stopReason,
      code: exit.code,
      lost: exit.lost,
      errors: run.errors,
      result: run.result,
      stderrTail: () => run.proc?.stderrTail() ?? ""
    });
    this.chargeUnreported(task, state, run, exit);
    ledger.endAttempt(attemptId, { exitCode: exit.code, failureClass: failure, stopReason: state.stopReason });
    state.phase = "exited";
    state.stopping = false;
    if (!ACTIVE_STATES.has(ledger.task(task)?.state ?? "DONE")) this.forget(task);
    poke();
  }
  /**
   * An agent that ended before it said what it cost is charged what unreportedCharge says. Stopped
   * for its time (a timeout, the idle watchdog): its tokens' estimate, else its task's cap. Ended on
   * its own (a crash), lost with the spawn helper, or stopped by a cancel or the run's budget: its
   * estimate only, as it may have spent little. Its session is never resumed (a cancelled task runs
   * no more; a retry starts afresh), so what it used is spent. One stopped by Ctrl-C (`orphaned`) is
   * not charged: the next run resumes its session.
   */
  chargeUnreported(task, state, run, exit) {
    if (run.costSeen || run.result !== null || state.stopReason === "orphaned") return;
    const timedOut = state.stopReason === "timeout" || state.stopReason === "idle-timeout";
    const charge = unreportedCharge(run, !timedOut);
    if (!charge) return;
    this.ctx.ledger.attemptProgress(state.attemptId, { costUsd: charge.usd });
    const ended = state.stopReason !== null ? `stopped (${state.stopReason})` : exit.lost ? "lost with the spawn helper" : exit.code === null ? `killed by ${exit.signal ?? "a signal"}` : `exited ${exit.code}`;
    this.ctx.settings.warn(`${task}: ${unreportedWarning(ended, charge, "its task's cap", run.priced)}`);
  }
  /** Take a task up for its verifiers: after a restart it is not live here yet. */
  verifying(task, attemptId) {
    let state = this.live.get(task);
    if (!state) {
      state = { attemptId, phase: "verifying", stopping: false, stopReason: null, resultAtMs: null, lastOutputAtMs: null };
      this.live.set(task, state);
    }
    state.phase = "verifying";
    let run = this.running.get(task);
    if (!run) {
      run = { message: "", errors: [], result: null };
      this.running.set(task, run);
    }
    return run;
  }
  /** Stop an attempt's agent; its exit ends the attempt. */
  stop(task, attemptId, reason) {
    const { ledger, killGraceMs, poke } = this.ctx;
    const state = this.live.get(task);
    const run = this.running.get(task);
    if (state?.attemptId === attemptId && run?.proc) {
      state.stopping = true;
      state.stopReason = reason;
      run.proc.stop(killGraceMs);
      return;
    }
    const a = ledger.attempt(attemptId);
    if (!a || a.endedAt !== null || this.orphans.has(attemptId)) return;
    const stopReason = reason === "result-grace" ? "result-grace" : "orphaned";
    if (!a.pid || !isSameProcess(a.pid, a.pidStart)) {
      ledger.endAttempt(attemptId, { exitCode: null, failureClass: null, stopReason });
      return;
    }
    this.live.set(task, { attemptId, phase: "stopping", stopping: true, stopReason, resultAtMs: null, lastOutputAtMs: null });
    this.orphans.stop(attemptId, a.pid, a.pidStart, () => {
      if (!ledger.isOpen || this.abandoned) return;
      ledger.endAttempt(attemptId, { exitCode: null, failureClass: null, stopReason });
      this.live.delete(task);
      poke();
    });
  }
  /** Stop what runs for tasks that were cancelled (by a control request). */
  stopCancelled() {
    for (const [task, run] of this.running) {
      if (this.ctx.ledger.task(task)?.state !== "CANCELLED") continue;
      run.abort?.abort();
      const state = this.live.get(task);
      if (state?.phase === "running") {
        if (!state.stopping) {
          state.stopping = true;
          state.stopReason = "cancelled";
        }
        run.proc?.stop(this.ctx.killGraceMs);
      } else this.forget(task);
    }
  }
  /**
   * Ctrl-C: stop every running agent and verification, as a crash would (not the agent's failure,
   * not a counted attempt: the resume cap bounds these), sooner than a stop already under way.
   * Settles once the agents are gone, or after their grace.
   */
  async interrupt(graceMs) {
    const exits = [];
    for (const [task, run] of this.running) {
      run.abort?.abort();
      const state = this.live.get(task);
      if (run.proc && state?.phase === "running") {
        if (!state.stopping) {
          state.stopping = true;
          state.stopReason = state.resultAtMs !== null && run.result?.ok === true ? "result-grace" : "orphaned";
        }
        run.proc.stop(graceMs);
        exits.push(run.proc.exited);
      }
    }
    let timer;
    await Promise.race([Promise.all(exits), new Promise((r) => timer = setTimeout(r, graceMs + 1e3))]);
    clearTimeout(timer);
  }
  /**
   * The run failed: stop every agent as Ctrl-C does, but record nothing of their ends (the ledger
   * may be what failed). Their attempts stay open, and the next run takes them up.
   */
  async abandon(graceMs) {
    this.abandoned = true;
    await this.interrupt(graceMs);
  }
  /** The run is ending: SIGKILL the orphans still being stopped, abort every verification. */
  close() {
    this.orphans.killAll();
    for (const run of this.running.values()) run.abort?.abort();
  }
};

// src/runtime/pusher.ts
function startPusher(ledger, settings, everyMs) {
  const url = settings.metrics?.pushUrl ?? settings.loaded.manifest.fleet.pushgateway_url;
  if (!url) return void 0;
  let lastProblem = "";
  let inFlight = Promise.resolve();
  let busy = false;
  const once = (runActive) => {
    busy = true;
    inFlight = inFlight.then(async () => {
      try {
        const { push } = await import("./metrics-MASLZJT5.js");
        await push(ledger, { url, job: "overseer", env: settings.env, prefix: settings.metrics?.prefix, runActive });
        lastProblem = "";
      } catch (err) {
        const problem = settings.redact(err.message);
        if (problem !== lastProblem) settings.warn(`metrics push failed (the run goes on): ${problem}`);
        lastProblem = problem;
      } finally {
        busy = false;
      }
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    if (!busy) void once(true);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await once(false);
    },
    cancel: () => clearInterval(timer)
  };
}

// src/runtime/verification.ts
import { join as join4, resolve as resolve3 } from "node:path";

// src/core/verdict.ts
var VERDICT_WORD = /^[*_`#>\s]*(PASS|FAIL)([\s\S]*)$/i;
var REASON_AFTER = [/^[*_`]*\s*[.:!]?[*_`]*\s*()$/, /^[*_`]*\s*[.:!\-–—][*_`]*\s+(.*)$/, /^[*_`]+\s+(.*)$/, /^\s*\((.*)\)\s*\.?$/];
var LATER_FAIL = [
  /\bFAIL(?:ED|S|ING)?\b/,
  /\b(?:verdict|answer|conclusion|decision)\b[*_`"'\s]*(?:(?:is|was|would be|should be|(?:changed?\s+)?to)\b)?[*_`"'\s]*[:=\-–—]?[*_`"'\s]*fail(?:s|ed)?\b(?:[*_`"'.!\s]*(?:$|[,;)}])|\s*[:\-–—(]|\s+(?:because|since|as|due)\b)/im
];
function unfenced(text) {
  const m = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return m ? m[1].trim() : text;
}
function leadingJson(text) {
  const fenced = /^```[a-zA-Z]*\s*\n(\{[\s\S]*?\})\s*\n?```([\s\S]*)$/.exec(text);
  if (fenced) {
    try {
      return { value: JSON.parse(fenced[1]), rest: fenced[2] };
    } catch {
      return void 0;
    }
  }
  if (!text.startsWith("{")) return void 0;
  for (let end = text.indexOf("}"); end !== -1; end = text.indexOf("}", end + 1)) {
    try {
      return { value: JSON.parse(text.slice(0, end + 1)), rest: text.slice(end + 1) };
    } catch {
    }
  }
  return void 0;
}
function fromJson(value) {
  const { verdict, reasons } = typeof value === "object" && value !== null ? value : {};
  const list = Array.isArray(reasons) ? reasons.map(String) : typeof reasons === "string" ? [reasons] : [];
  const v = typeof verdict === "string" ? verdict.trim().toUpperCase() : void 0;
  if (v === "PASS" || v === "FAIL") return { verdict: v, reasons: list };
  return { verdict: "FAIL", reasons: [`judge answered verdict ${JSON.stringify(verdict ?? null)}, not PASS or FAIL`] };
}
function parseVerdict(answer) {
  const text = unfenced(answer.trim());
  if (text === "") return { verdict: "FAIL", reasons: ["judge gave an empty answer"] };
  const json = leadingJson(text);
  let judgement;
  let after;
  if (json) {
    judgement = fromJson(json.value);
    after = [...judgement.reasons, json.rest].join("\n");
    if ((text.slice(0, text.length - json.rest.length).match(/"verdict"\s*:/g) ?? []).length > 1) {
      return { verdict: "FAIL", reasons: [`judge gave more than one verdict: ${text.slice(0, 200)}`] };
    }
  } else {
    const [first = "", ...more] = text.split("\n");
    const word = VERDICT_WORD.exec(first.trim());
    const onLine = word && REASON_AFTER.map((re) => re.exec(word[2])).find(Boolean);
    if (!word || !onLine) {
      return { verdict: "FAIL", reasons: [`judge answer does not open with PASS or FAIL (alone on its first line, or JSON): ${text.slice(0, 200)}`] };
    }
    const reason = [onLine[1] ?? "", ...more].join("\n").trim();
    judgement = { verdict: word[1].toUpperCase(), reasons: reason ? [reason] : [] };
    after = reason;
  }
  if (judgement.verdict === "PASS" && LATER_FAIL.some((re) => re.test(after))) {
    return { verdict: "FAIL", reasons: [`judge said PASS and then FAIL: ${text.slice(0, 200)}`] };
  }
  return judgement;
}

// src/verify/brain.ts
var RETRIES = 3;
var CUT = /* @__PURE__ */ new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);
var causeCode = (err) => err.cause?.code;
function sleep(ms2, signal) {
  return new Promise((resolve5) => {
    const t = setTimeout(resolve5, ms2);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve5();
    });
  });
}
function retryAfterMs(header, fallbackMs) {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  const ms2 = Number.isFinite(seconds) ? seconds * 1e3 : Date.parse(header) - Date.now();
  return Math.min(Math.max(0, Number.isFinite(ms2) ? ms2 : fallbackMs), 3e4);
}
var isConfigStatus = (status) => status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
function answerText(content) {
  const text = Array.isArray(content) ? content.filter((p) => typeof p === "object" && p !== null && p.type === "text" && typeof p.text === "string").map((p) => p.text).join("") : content;
  return typeof text === "string" ? text.replace(/^\s*<think>[\s\S]*?<\/think>/, "") : void 0;
}
var FINISHED = /* @__PURE__ */ new Set(["stop", "end_turn", "eos", "eos_token", "stop_sequence"]);
function outputTokens(usage) {
  const completion = tokensIn(usage.completion_tokens) ?? 0;
  const total = tokensIn(usage.total_tokens);
  const prompt = tokensIn(usage.prompt_tokens) ?? 0;
  return total === void 0 ? completion : Math.max(completion, total - prompt);
}
var MAX_ANSWER_BYTES = 8 * 1024 * 1024;
var TooLarge = class extends Error {
};
async function textUpTo(response, max) {
  if (!response.body) return "";
  const chunks = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > max) {
      await response.body.cancel().catch(() => {
      });
      throw new TooLarge();
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
async function askBrain(options) {
  const started = Date.now();
  const ownSecrets = makeRedactor(secretsOfUrl(options.endpoint.url));
  const redact = (text) => ownSecrets(options.redact(text));
  let costUsd = 0;
  const done = (verdict, output, failure) => ({
    verdict,
    // Capped where every verifier's output is, in verify().
    output: redact(output),
    durationMs: Date.now() - started,
    costUsd,
    ...failure ? { failure } : {}
  });
  const unusable = brainUrlProblem(options.endpoint.url);
  if (unusable) return done("FAIL", `the brain endpoint's URL ${unusable}: set [brain] url in tasks.toml or OVERSEER_BRAIN_URL`, "config");
  const model = options.model ?? options.endpoint.model;
  const price = options.pricing && pricingFor(options.pricing, model);
  if (!model) return done("FAIL", "no model for the brain verifier: set [brain] model in tasks.toml or OVERSEER_BRAIN_MODEL", "config");
  const unanswered = () => {
    if (price) costUsd += tokenCost(price, estimatedTokens(options.prompt), 0);
  };
  const url = withPath(options.endpoint.url, "chat/completions");
  const timer = new AbortController();
  const clock = setTimeout(() => timer.abort(new DOMException("the brain verifier timed out", "TimeoutError")), options.timeoutMs);
  const deadline = options.signal ? AbortSignal.any([timer.signal, options.signal]) : timer.signal;
  const ask = async () => {
    const timedOut = (what) => done("FAIL", `brain verifier timed out after ${Math.round(options.timeoutMs / 1e3)} s (${what})`);
    let last = "";
    for (let attempt = 1; attempt <= RETRIES; attempt++) {
      const pause = (ms2) => attempt < RETRIES ? sleep(ms2, deadline) : Promise.resolve();
      if (deadline.aborted) return timedOut(shownUrl(url));
      let response;
      try {
        response = await fetch(url, {
          method: "POST",
          signal: deadline,
          // Not followed: a 301 or 302 turns the POST into a GET that carries no question (whatever
          // answers it never saw the work), and a 307 sends the task's diff to a host nobody named.
          redirect: "manual",
          headers: {
            "content-type": "application/json",
            ...options.endpoint.apiKey ? { authorization: `Bearer ${options.endpoint.apiKey}` } : {}
          },
          // No temperature: reasoning models (OpenAI's o-series and gpt-5) refuse any but their default.
          body: JSON.stringify({ model, messages: [{ role: "user", content: options.prompt }] })
        });
      } catch (err) {
        if (deadline.aborted || CUT.has(causeCode(err) ?? "")) unanswered();
        if (deadline.aborted) return timedOut(shownUrl(url));
        last = `cannot reach the brain endpoint ${shownUrl(url)} (${requestFailure(err, url)}): set [brain] url in tasks.toml or OVERSEER_BRAIN_URL`;
        await pause(500 * attempt);
        continue;
      }
      let body;
      try {
        body = await textUpTo(response, MAX_ANSWER_BYTES);
      } catch (err) {
        if (err instanceof TooLarge) return done("FAIL", `the brain endpoint ${shownUrl(url)} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB: no verdict in it was read`);
        if (response.ok) unanswered();
        if (deadline.aborted) return timedOut(`${shownUrl(url)} stopped sending its answer`);
        last = `the brain endpoint ${shownUrl(url)} dropped the connection while answering`;
        await pause(500 * attempt);
        continue;
      }
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        last = `brain endpoint answered HTTP ${response.status}: ${excerpt(redact, body, 300)}`;
        await pause(retryAfterMs(response.headers.get("retry-after"), 500 * attempt));
        if (deadline.aborted) return timedOut(last);
        continue;
      }
      if (response.status >= 300 && response.status < 400) {
        const where = shownLocation(response.headers.get("location"), url);
        return done("FAIL", `brain endpoint ${shownUrl(url)} answered HTTP ${response.status}, a redirect to ${where}: set [brain] url in tasks.toml (or OVERSEER_BRAIN_URL) to the endpoint itself`, "config");
      }
      if (!response.ok) {
        const failure = isConfigStatus(response.status) ? "config" : void 0;
        return done("FAIL", `brain endpoint answered HTTP ${response.status}: ${excerpt(redact, body, 500)}`, failure);
      }
      let completion;
      try {
        completion = JSON.parse(body);
      } catch {
        return done("FAIL", `brain endpoint answered something that is not JSON: ${excerpt(redact, body, 300)}`);
      }
      const usage = completion?.usage;
      if (price && typeof usage === "object" && usage !== null) costUsd += tokenCost(price, usage.prompt_tokens, outputTokens(usage));
      const choice = completion?.choices?.[0];
      if (choice?.error !== void 0 && choice.error !== null) return done("FAIL", `brain answer carries an error: ${excerpt(redact, JSON.stringify(choice.error), 300)}`);
      const content = answerText(choice?.message?.content);
      if (content === void 0) return done("FAIL", `brain answer has no choices[0].message.content: ${excerpt(redact, body, 300)}`);
      const finish = choice?.finish_reason;
      if (finish !== void 0 && finish !== null && !FINISHED.has(String(finish).toLowerCase())) {
        return done("FAIL", `brain answer did not finish (finish_reason ${JSON.stringify(finish)}): ${excerpt(redact, content, 300)}`);
      }
      const judgement = parseVerdict(redact(content));
      return done(judgement.verdict, [`${judgement.verdict}`, ...judgement.reasons].join("\n"));
    }
    return done("FAIL", `${last} (after ${RETRIES} tries)`);
  };
  try {
    return await ask();
  } finally {
    clearTimeout(clock);
  }
}

// src/verify/run.ts
var OUTPUT_CAP = 64 * 1024;
var VerifierLost = class extends Error {
  constructor(what) {
    super(`${what} was lost with the spawn helper`);
    this.name = "VerifierLost";
  }
};
var PASS_OUTPUT_CAP = 4 * 1024;
var ABORT_GRACE_MS = 2e3;
function capOutput(text, cap = OUTPUT_CAP) {
  return text.length <= cap ? text : `${text.slice(0, cap / 2)}
\u2026 [output cut] \u2026
${text.slice(-cap / 2 + 40)}`;
}
var HeadAndTail = class {
  constructor(cap) {
    this.cap = cap;
  }
  cap;
  head = "";
  tail = "";
  cut = 0;
  add(line) {
    if (this.head.length < this.cap) {
      this.head += `${line}
`;
      return;
    }
    this.tail += `${line}
`;
    if (this.tail.length > 2 * this.cap) {
      const last = this.tail.lastIndexOf("\n", this.tail.length - 2) + 1;
      const from = Math.min(this.tail.indexOf("\n", this.tail.length - this.cap) + 1 || last, last);
      this.cut += from;
      this.tail = this.tail.slice(from);
    }
  }
  text() {
    return this.cut > 0 ? `${this.head}\u2026 [${this.cut} characters cut] \u2026
${this.tail}` : this.head + this.tail;
  }
};
async function runCheck(options) {
  const started = Date.now();
  const output = new HeadAndTail(OUTPUT_CAP);
  const collect = (line) => output.add(line);
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
    if (lostWithHelper(err)) throw new VerifierLost(`verifier \`${options.command}\``);
    const message = err instanceof SpawnError ? err.message : String(err);
    return { verdict: "FAIL", output: `could not run the verifier: ${message}`, durationMs: Date.now() - started, costUsd: 0 };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.stop(ABORT_GRACE_MS);
  }, options.timeoutMs);
  const onAbort = () => proc.stop(ABORT_GRACE_MS);
  options.signal?.addEventListener("abort", onAbort);
  if (options.signal?.aborted) onAbort();
  const exit = await proc.exited;
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  if (exit.lost && !timedOut && !options.signal?.aborted) throw new VerifierLost(`verifier \`${options.command}\``);
  const text = options.redact(output.text().trimEnd());
  const durationMs = Date.now() - started;
  if (timedOut) {
    return { verdict: "FAIL", output: capOutput(`${text}
[timed out after ${Math.round(options.timeoutMs / 1e3)} s]`), durationMs, costUsd: 0 };
  }
  const verdict = exit.code === 0 ? "PASS" : "FAIL";
  const status = exit.code === null ? `killed by ${exit.signal}` : `exit ${exit.code}`;
  return { verdict, output: verdict === "PASS" ? capOutput(text, PASS_OUTPUT_CAP) : capOutput(`${text}
[${status}]`), durationMs, costUsd: 0 };
}

// src/verify/index.ts
async function verify(ctx) {
  let diff;
  const change = async () => diff ??= await diffOf(ctx.cwd, ctx.env, { base: ctx.start?.base, since: ctx.start?.since ?? void 0, stateDir: ctx.stateDir, untrackedAtStart: ctx.untrackedAtStart });
  for (const [index, spec] of ctx.verifiers.entries()) {
    if (ctx.signal?.aborted) return { verdict: "FAIL" };
    const v = verifierOf(spec);
    const command = verifierText(v);
    const left = v.kind === "run" ? void 0 : ctx.budgetLeft?.();
    const result = left !== void 0 && left <= 0 ? { verdict: "FAIL", output: `not asked: the task's or the run's budget is spent, and a ${v.kind === "brain" ? "judge" : "reviewer"} is paid for`, durationMs: 0, costUsd: 0, failure: "budget" } : await check(ctx, v, index, change);
    if (ctx.signal?.aborted) {
      if (result.costUsd > 0) ctx.spent?.(result.costUsd);
      return { verdict: "FAIL" };
    }
    const output = capOutput(result.output, result.verdict === "PASS" ? PASS_OUTPUT_CAP : OUTPUT_CAP);
    ctx.record({ ...result, output, index, kind: v.kind, command: ctx.redact(command) });
    if (result.verdict === "FAIL") return { verdict: "FAIL", ...result.failure ? { failure: result.failure } : {} };
  }
  return { verdict: "PASS" };
}
async function check(ctx, v, index, change) {
  const timeoutMs = Math.min(v.timeoutMin * (ctx.minuteMs ?? 6e4), MAX_TIMER_MS);
  switch (v.kind) {
    case "run":
      return runCheck({ command: v.command, cwd: ctx.cwd, env: ctx.env, timeoutMs, redact: ctx.redact, signal: ctx.signal });
    case "brain": {
      const prompt = judgePrompt({ question: v.question, taskPrompt: ctx.taskPrompt, agentMessage: ctx.agentMessage, diff: await change() }, ctx.redact);
      return askBrain({ endpoint: ctx.brain, prompt, model: v.model, timeoutMs, redact: ctx.redact, signal: ctx.signal, pricing: ctx.pricing });
    }
    case "agent": {
      const prompt = judgePrompt({ question: v.prompt, taskPrompt: ctx.taskPrompt, agentMessage: ctx.agentMessage, diff: await change() }, ctx.redact);
      const started = Date.now();
      const review = await ctx.review({ prompt, model: v.model, timeoutMs, budgetUsd: v.budgetUsd, index });
      const judgement = review.error ? { verdict: "FAIL", reasons: [review.error] } : parseVerdict(ctx.redact(review.message));
      return {
        verdict: judgement.verdict,
        output: ctx.redact([judgement.verdict, ...judgement.reasons].join("\n")),
        durationMs: Date.now() - started,
        costUsd: review.costUsd,
        ...review.error && review.failure ? { failure: review.failure } : {}
      };
    }
    default: {
      const never = v;
      throw new Error(`unknown verifier ${JSON.stringify(never)}`);
    }
  }
}

// src/verify/reviewer.ts
async function runReviewer(input) {
  let message = "";
  let costUsd = 0;
  let costSeen = false;
  let estimateUsd;
  let result;
  let overBudget = false;
  const errors = [];
  let stop = () => {
  };
  try {
    const proc = await startProcess({
      argv: input.launch.argv,
      cwd: input.cwd,
      env: { ...input.env, ...input.launch.env },
      stdin: input.launch.stdin,
      logPath: input.logPath,
      redact: input.redact,
      warn: input.warn,
      onLine: (line) => {
        for (const s of input.parse(line)) {
          if (s.kind === "message") message = s.text;
          if (s.kind === "result") result = { ok: s.ok, text: s.text };
          if (s.kind === "cost") {
            costUsd = s.usd;
            costSeen = true;
          }
          if (s.kind === "estimate") estimateUsd = s.usd;
          if (s.kind === "error") errors.push(s.text);
        }
        if (input.budgetUsd !== void 0 && costUsd > input.budgetUsd && !overBudget) {
          overBudget = true;
          if (result === void 0) stop();
        }
      }
    });
    stop = () => proc.stop(input.killGraceMs);
    if (overBudget && result === void 0) stop();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, input.timeoutMs);
    const abort = () => proc.stop(Math.min(input.killGraceMs, ABORT_GRACE_MS));
    input.signal.addEventListener("abort", abort);
    if (input.signal.aborted) abort();
    const exit = await proc.exited;
    clearTimeout(timer);
    input.signal.removeEventListener("abort", abort);
    if (exit.lost && !input.signal.aborted) throw new VerifierLost("reviewer agent");
    if (!costSeen && result === void 0) {
      const charge = unreportedCharge({ estimateUsd, capUsd: input.capUsd }, !timedOut);
      if (charge) {
        costUsd = charge.usd;
        const ended = timedOut ? "stopped (timeout)" : input.signal.aborted ? "stopped (interrupted)" : `exited ${exit.code ?? exit.signal}`;
        input.warn?.(unreportedWarning(ended, charge, "the cap it was given", input.priced));
      }
    }
    const answer = result?.text || message;
    if (overBudget && result === void 0) {
      return { message: answer, costUsd, failure: "budget", error: `reviewer agent spent ${usd(costUsd)}, past its budget of ${usd(input.budgetUsd)}, before it gave its verdict` };
    }
    if (classifyError(errors.join("\n")) === "budget") return { message: answer, costUsd, failure: "budget", error: `reviewer agent stopped at its budget (${usd(costUsd)} spent) before it gave its verdict` };
    if (overBudget) input.warn?.(`spent ${usd(costUsd)} for its verdict, past its budget of ${usd(input.budgetUsd)}`);
    if (timedOut) return { message: answer, costUsd, error: `reviewer agent timed out after ${Math.round(input.timeoutMs / 1e3)} s, before it gave its verdict` };
    if (exit.code !== 0) return { message: answer, costUsd, error: `reviewer agent exited ${exit.code ?? exit.signal}: ${proc.tail().slice(-500)}` };
    if (result && !result.ok) return { message: answer, costUsd, error: `reviewer agent reported an error: ${excerpt(input.redact, result.text, 500) || proc.tail().slice(-500)}` };
    return { message: answer, costUsd };
  } catch (err) {
    if (err instanceof VerifierLost) throw err;
    if (lostWithHelper(err)) throw new VerifierLost("reviewer agent");
    return { message: "", costUsd, error: `reviewer agent could not start: ${err.message}` };
  }
}

// src/runtime/verification.ts
var MAX_LOST_VERIFICATIONS = 3;
var Verifications = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  inFlight = /* @__PURE__ */ new Set();
  /** Verifications cut short by a lost spawn helper, per attempt. */
  lost = /* @__PURE__ */ new Map();
  /** Verify `attemptId`: the verdict lands in the ledger (not when aborted), then the loop is poked. */
  start(task, attemptId, run) {
    const { ledger, settings, manifest } = this.ctx;
    const spec = ledger.task(task).spec;
    const abort = new AbortController();
    run.abort = abort;
    const cwd = resolve3(this.ctx.manifestDir, spec.cwd);
    const done = verify({
      verifiers: spec.verify,
      minuteMs: this.ctx.minuteMs,
      cwd,
      start: ledger.taskStart(task),
      untrackedAtStart: untrackedAtStart(ledger.paths, task),
      stateDir: ledger.paths.dir,
      env: this.ctx.agentEnv,
      redact: settings.redact,
      taskPrompt: spec.prompt,
      agentMessage: run.message,
      brain: brainEndpoint(manifest, settings.env),
      pricing: manifest.pricing,
      review: (request) => this.review({ ...request, task, attemptId, spec, cwd, signal: abort.signal }),
      record: (o) => ledger.recordVerification({ attemptId, task, index: o.index, kind: o.kind, command: o.command, verdict: o.verdict, output: o.output, costUsd: o.costUsd, durationMs: o.durationMs }),
      // A ledger closed already (a reviewer that outlived the run's wait for it) keeps nothing more.
      spent: (costUsd) => {
        if (ledger.isOpen) ledger.chargeTask(task, costUsd);
      },
      signal: abort.signal,
      budgetLeft: () => lowest(budgetLeft(ledger.task(task), spec), this.ctx.runLeft())
    }).then(({ verdict, failure }) => {
      if (!abort.signal.aborted) ledger.setVerdict(attemptId, verdict, failure);
    }).catch((err) => {
      if (abort.signal.aborted) return;
      const lost = (this.lost.get(attemptId) ?? 0) + 1;
      if (err instanceof VerifierLost && lost <= MAX_LOST_VERIFICATIONS) {
        this.lost.set(attemptId, lost);
        settings.warn(`${task}: ${err.message}; verifying again`);
        this.start(task, attemptId, run);
        return;
      }
      settings.warn(`${task}: verifiers failed to run: ${err.message}`);
      ledger.setVerdict(attemptId, "FAIL");
    }).finally(() => {
      this.inFlight.delete(done);
      this.ctx.poke();
    });
    this.inFlight.add(done);
  }
  /** Wait for the verifications in flight (those aborted end within a kill grace). */
  async settle() {
    if (this.inFlight.size === 0) return;
    let timer;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => timer = setTimeout(r, this.ctx.killGraceMs + 1e3))]);
    clearTimeout(timer);
  }
  /** An `agent` verifier: the task's agent, read-only, with the reviewer prompt. */
  async review(r) {
    const { ledger, settings, manifest } = this.ctx;
    const agentName = settings.agent ?? resolveAgent(manifest, r.spec);
    const adapter = agentFor(agentName);
    const role = roleOf(manifest, r.spec.role);
    const own = lowest(r.budgetUsd, budgetLeft(ledger.task(r.task), r.spec));
    const cap = lowest(own, this.ctx.runLeft());
    const model = r.model ?? modelOf(manifest, r.spec);
    if (r.signal.aborted) return { message: "", costUsd: 0, error: "stopped before it started" };
    const launch = adapter.launch({ prompt: r.prompt, model, readOnly: true, command: role?.command, budgetUsd: cap });
    const pricing = pricingFor(manifest.pricing, model);
    const parse = adapter.parser(pricing);
    const num = ledger.attempts(r.task).find((a) => a.id === r.attemptId)?.attemptNum ?? 0;
    const logPath = join4(taskLogDir(ledger.paths, r.task), `${num}.review-${r.index + 1}.log`);
    const warn2 = (message) => settings.warn(`${r.task}: reviewer: ${message}`);
    const capUsd = adapter.capsItself && own !== void 0 ? cap : void 0;
    return runReviewer({ launch, parse, cwd: r.cwd, env: this.ctx.agentEnv, logPath, redact: settings.redact, timeoutMs: r.timeoutMs, budgetUsd: cap, capUsd, priced: pricing !== void 0, killGraceMs: this.ctx.killGraceMs, signal: r.signal, warn: warn2 });
  }
};

// src/runtime/startup.ts
import { realpathSync as realpathSync2 } from "node:fs";
function durationWeights(ledger) {
  const byTask = /* @__PURE__ */ new Map();
  for (const a of ledger.attempts()) {
    if (!a.startedAt || !a.endedAt || a.failureClass !== null) continue;
    const ms2 = Date.parse(a.endedAt) - Date.parse(a.startedAt);
    const list = byTask.get(a.taskId);
    if (list) list.push(ms2);
    else byTask.set(a.taskId, [ms2]);
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  const weights = new Map([...byTask].map(([task, xs]) => [task, Math.max(1, median(xs))]));
  const fallback = weights.size > 0 ? median([...weights.values()]) : 1;
  return (task) => weights.get(task) ?? fallback;
}
function ledgerMark(ledger) {
  let where = ledger.paths.dir;
  try {
    where = realpathSync2(where);
  } catch {
  }
  return `ledger-${ledger.runId || "unknown"}-${sha256(where).slice(0, 12)}`;
}
function stopUnrecorded(ledger, mark, warn2) {
  const recorded = ledger.attempts().filter((a) => a.endedAt === null && a.pid !== null && isSameProcess(a.pid, a.pidStart)).map((a) => a.pid);
  const ours = taggedProcesses((tag) => tag.split("/").includes(mark));
  const kept = ours.filter((p) => recorded.includes(p.pid)).map((p) => p.tag);
  const strays = ours.filter((p) => !kept.some((tag) => under(p.tag, tag))).map((p) => p.pid);
  for (const pid of strays) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
    }
  }
  if (strays.length > 0) warn2(`stopped ${strays.length} process(es) a killed supervisor left outside any running attempt: started but not recorded, or left by an agent that has ended (pid ${strays.join(", ")})`);
}
var TAKES_EDITS = /* @__PURE__ */ new Set(["PENDING", "READY", "RETRYING", "NEEDS_HUMAN"]);
function syncManifest(ledger, settings) {
  const { manifest, prompts } = settings.loaded;
  const tasks = manifest.task.map((t, i) => newTask(t, prompts[i]));
  const known = new Map(ledger.tasks().map((t) => [t.name, t]));
  for (const t of tasks) {
    const existing = known.get(t.name);
    if (!existing || existing.specHash === t.specHash) continue;
    if (!TAKES_EDITS.has(existing.state)) {
      const why = TERMINAL_STATES.has(existing.state) ? `it is ${existing.state} and is not run again` : `its attempt under way (${existing.state}) goes on with it`;
      settings.warn(`task ${t.name} changed in the manifest since it was recorded; the ledger keeps the recorded spec: ${why}`);
      continue;
    }
    const waitsOn = existing.state === "PENDING" ? [] : t.spec.depends_on.filter((d) => ledger.task(d)?.state !== "DONE");
    if (waitsOn.length > 0) {
      const cancelled = waitsOn.filter((d) => ledger.task(d)?.state === "CANCELLED");
      const until = cancelled.length > 0 ? `${cancelled.join(", ")} ${cancelled.length === 1 ? "is" : "are"} CANCELLED: take ${cancelled.length === 1 ? "it" : "them"} out of its depends_on to have the edit recorded` : `the first run after ${waitsOn.length === 1 ? "it is" : "they are"} DONE records it`;
      settings.warn(`task ${t.name} changed in the manifest, but the ledger keeps the recorded spec: it is ${existing.state}, past waiting for its dependencies, and the new spec names ${waitsOn.join(", ")}, not DONE yet; ${until}`);
      continue;
    }
    ledger.replaceSpec(t);
    const next = existing.state === "NEEDS_HUMAN" ? `it still needs a human: \`${cliFor(settings.stateDir)} retry ${taskArg(t.name)}\` runs it with the new spec` : `it runs with the new spec (${existing.state})`;
    settings.warn(`task ${t.name} changed in the manifest: ${next}`);
  }
  ledger.addTasks(tasks);
  const named = new Set(tasks.map((t) => t.name));
  const unnamed = [...known.values()].filter((t) => !named.has(t.name) && !TERMINAL_STATES.has(t.state));
  if (unnamed.length > 0) {
    const names2 = unnamed.slice(0, 5).map((t) => t.name).join(", ") + (unnamed.length > 5 ? ", ..." : "");
    settings.warn(`${plural(unnamed.length, "task")} in the ledger ${unnamed.length === 1 ? "is" : "are"} not in the manifest (${names2}: removed, renamed or submitted): ${unnamed.length === 1 ? "it stays" : "they stay"} in the fleet and run${unnamed.length === 1 ? "s" : ""} as recorded; \`${cliFor(settings.stateDir)} cancel <task>\` drops one`);
  }
}
function warnUncapped(ledger, policy, warn2) {
  if (policy.budgetUsd === null || policy.maxConcurrent < 2) return;
  const uncapped = ledger.tasks().filter((t) => !TERMINAL_STATES.has(t.state) && taskCap(t, t.spec) === null);
  if (uncapped.length > 1) {
    warn2(`${uncapped.length} tasks have no budget_usd of their own: under the run's cap (${policy.budgetUsd} USD) each may spend all that is left, so they run one at a time; give them budgets to run them side by side`);
  }
}
function warnUnpriced(manifest, settings, warn2) {
  const fleetBudget = settings.budgetUsd ?? manifest.fleet.budget_usd;
  const budgeted = manifest.task.filter((t) => t.budget_usd !== void 0 || fleetBudget !== void 0);
  const unpriced = budgeted.filter((t) => {
    if ((settings.agent ?? resolveAgent(manifest, t)) !== "codex") return false;
    const model = modelOf(manifest, t);
    const models = [model, ...t.verify.filter((v) => v.agent !== void 0).map((v) => v.model ?? model)];
    return models.some((m) => pricingFor(manifest.pricing, m) === void 0);
  });
  if (unpriced.length > 0) {
    const names2 = unpriced.slice(0, 5).map((t) => t.name).join(", ") + (unpriced.length > 5 ? ", ..." : "");
    warn2(`${plural(unpriced.length, "codex task")} (${names2}) ${unpriced.length === 1 ? "has" : "have"} a budget but no [pricing.<model>] for ${unpriced.length === 1 ? "its" : "their"} model (or a reviewer's): codex reports tokens, so that cost counts as $0 and no budget stops it; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok`);
  }
  const judgeDefault = brainEndpoint(manifest, settings.env).model;
  const judges = new Set(budgeted.flatMap((t) => t.verify.filter((v) => v.brain !== void 0).map((v) => v.model ?? judgeDefault)));
  const unpricedJudges = [...judges].filter((model) => model !== void 0 && pricingFor(manifest.pricing, model) === void 0);
  if (unpricedJudges.length > 0) {
    warn2(`brain judge model${unpricedJudges.length === 1 ? "" : "s"} ${unpricedJudges.map((m) => `"${m}"`).join(", ")} ${unpricedJudges.length === 1 ? "has" : "have"} no [pricing.<model>]: under a budget ${unpricedJudges.length === 1 ? "its answers count" : "their answers count"} as $0; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok`);
  }
}

// src/runtime/supervisor.ts
function knobs(env) {
  return {
    killGraceMs: msFromEnv(env, "OVERSEER_KILL_GRACE_MS") ?? 1e4,
    backoffBaseMs: msFromEnv(env, "OVERSEER_BACKOFF_BASE_MS") ?? DEFAULT_POLICY.backoff.baseMs,
    minuteMs: msFromEnv(env, "OVERSEER_MINUTE_MS") ?? 6e4,
    pushEveryMs: msFromEnv(env, "OVERSEER_PUSH_EVERY_MS") ?? 15e3
  };
}
var BOOKKEEPING = /* @__PURE__ */ new Set(["transition", "escalate", "open-breaker", "schedule"]);
function checkBeforeStart(settings, ledger) {
  const ended = new Set(ledger?.tasks().flatMap((t) => ENDED_STATES.has(t.state) ? [t.name] : []));
  const problems = preflight(settings.loaded, { env: settings.env, budgetUsd: settings.budgetUsd ?? settings.loaded.manifest.fleet.budget_usd, ended });
  if (problems.length > 0) throw new ManifestError(problems);
}
async function runFleet(settings) {
  const started = Date.now();
  const { manifest, dir: manifestDir } = settings.loaded;
  const resumed = existsSync3(ledgerPaths(settings.stateDir).db);
  if (!resumed) checkBeforeStart(settings);
  const ledger = await Ledger.open({ stateDir: settings.stateDir, mode: "write", create: true, role: "supervisor", warn: settings.warn });
  if (resumed) {
    try {
      checkBeforeStart(settings, ledger);
    } catch (err) {
      ledger.close();
      throw err;
    }
  }
  if (settings.onEvents) ledger.onEvents(settings.onEvents);
  const snapshots = new SnapshotCache();
  const mark = ledgerMark(ledger);
  const owner = [settings.env[TAG_VARIABLE], mark].filter(Boolean).join("/");
  const agentEnv = { ...childEnv(settings.env, [brainKeyEnv(manifest)]), [TAG_VARIABLE]: owner };
  const { killGraceMs, minuteMs, backoffBaseMs, pushEveryMs } = knobs(settings.env);
  const runLeft = () => policy.budgetUsd === null ? void 0 : Math.max(0, policy.budgetUsd - ledger.spentUsd());
  const attempts = new Attempts({ ledger, manifest, manifestDir, settings, agentEnv, killGraceMs, runLeft, poke: () => poke() });
  const verifications = new Verifications({ ledger, manifest, manifestDir, settings, agentEnv, minuteMs, killGraceMs, runLeft, poke: () => poke() });
  const policy = {
    ...DEFAULT_POLICY,
    backoff: { ...DEFAULT_POLICY.backoff, baseMs: backoffBaseMs },
    maxConcurrent: settings.maxConcurrent ?? manifest.fleet.max_concurrent,
    budgetUsd: settings.budgetUsd ?? manifest.fleet.budget_usd ?? null,
    idleTimeoutMs: manifest.fleet.idle_timeout_min * minuteMs,
    resultGraceMs: manifest.fleet.result_grace_sec * 1e3,
    jitter: (task, streak) => parseInt(sha256(`${task}:${streak}`).slice(0, 8), 16) / 2 ** 32,
    weight: durationWeights(ledger)
  };
  let wake;
  let woken = false;
  const poke = () => {
    woken = true;
    wake?.();
  };
  let timer;
  let inboxWatcher;
  let watchTimer;
  const unwatchInbox = () => {
    inboxWatcher?.close();
    inboxWatcher = void 0;
  };
  const watchLater = () => {
    clearTimeout(watchTimer);
    watchTimer = setTimeout(() => {
      watchTimer = void 0;
      poke();
    }, 1e3).unref();
  };
  const watchInbox = () => {
    if (inboxWatcher || watchTimer) return;
    try {
      ensureDir(ledger.paths.inbox);
      inboxWatcher = watch(ledger.paths.inbox, (_event, name) => {
        if (name === basename(ledger.paths.inbox)) unwatchInbox();
        poke();
      }).on("error", () => {
        unwatchInbox();
        watchLater();
      });
    } catch {
      watchLater();
    }
  };
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    poke();
  };
  const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  settings.stop?.addEventListener("abort", onSignal);
  if (settings.stop?.aborted) interrupted = true;
  let pusher;
  const taken = /* @__PURE__ */ new Set();
  let ended = false;
  try {
    syncManifest(ledger, settings);
    warnUncapped(ledger, policy, settings.warn);
    warnUnpriced(manifest, settings, settings.warn);
    stopUnrecorded(ledger, mark, settings.warn);
    ledger.tx(() => {
      ledger.setMeta("fleet_budget_usd", policy.budgetUsd === null ? "" : String(policy.budgetUsd));
      ledger.setMeta("metrics_prefix", settings.metrics?.prefix ?? manifest.fleet.metrics_prefix);
      for (const [key, value] of Object.entries(settings.meta ?? {})) ledger.setMeta(key, value);
    });
    ledger.emit("run.started", {
      manifest: settings.loaded.file,
      manifest_sha256: sha256(settings.loaded.source),
      task_count: ledger.tasks().length,
      max_concurrent: policy.maxConcurrent,
      budget_usd: policy.budgetUsd,
      mode: "run",
      version: VERSION
    });
    ledger.commit();
    pusher = startPusher(ledger, settings, pushEveryMs);
    const inbox = settings.inbox !== false;
    for (; ; ) {
      if (inbox) {
        watchInbox();
        ingestInbox(ledger, attempts, settings.warn, taken);
      }
      if (interrupted) break;
      const now = Date.now();
      const snapshot = buildSnapshot(ledger, attempts.live, snapshots, minuteMs);
      const actions = tick(snapshot, policy, now);
      await applyAll(actions);
      ledger.commit();
      const nextAt = actions.flatMap((a) => a.type === "schedule" ? [a.atMs] : [])[0];
      const changed = actions.some((a) => a.type !== "schedule");
      if (!changed && attempts.live.size === 0 && nextAt === void 0 && !(inbox && readInbox(ledger.paths.inbox).some((e) => !taken.has(e.path)))) break;
      if (!changed && !woken) {
        await new Promise((done) => {
          wake = done;
          if (nextAt !== void 0) timer = setTimeout(done, Math.min(Math.max(0, nextAt - Date.now()) + 5, MAX_TIMER_MS));
        });
      }
      wake = void 0;
      woken = false;
      if (timer) clearTimeout(timer);
      await new Promise((r) => setImmediate(r));
    }
    if (interrupted) await shutdown();
    await verifications.settle();
    if (!inbox) {
      const ignored = readInbox(ledger.paths.inbox).length;
      if (ignored > 0) settings.warn(`${ignored} control request(s) in ${ledger.paths.inbox} were ignored: this run takes none (only its agents could have written them)`);
    }
    const outcome = finish();
    await pusher?.stop();
    if (inbox) {
      try {
        ledger.stopTakingRequests();
      } catch (err) {
        settings.warn(`${err.message}; a control request sent from now until this run exits waits for the next run`);
      }
      ingestInbox(ledger, attempts, settings.warn, taken);
    }
    ended = true;
    return outcome;
  } finally {
    if (!ended) await attempts.abandon(Math.min(killGraceMs, 5e3));
    attempts.close();
    await verifications.settle();
    pusher?.cancel();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    settings.stop?.removeEventListener("abort", onSignal);
    inboxWatcher?.close();
    clearTimeout(watchTimer);
    if (timer) clearTimeout(timer);
    ledger.close();
  }
  async function applyAll(actions) {
    const launches = [];
    for (let i = 0; i < actions.length; ) {
      let j = i;
      while (j < actions.length && BOOKKEEPING.has(actions[j].type)) j++;
      if (j > i) {
        const batch = actions.slice(i, j);
        ledger.tx(() => {
          for (const a of batch) if (a.type !== "start-attempt") apply(a);
        });
        i = j;
      } else {
        const action = actions[i++];
        if (action.type === "start-attempt") launches.push(attempts.start(action.task, action.kind));
        else apply(action);
      }
    }
    const failed = (await Promise.allSettled(launches)).find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }
  function apply(action) {
    switch (action.type) {
      case "transition": {
        const state = ledger.task(action.task)?.state;
        if (state === void 0) return;
        ledger.transition(action.task, action.to, action.cause);
        if (!ACTIVE_STATES.has(action.to)) attempts.forget(action.task);
        return;
      }
      case "run-verifiers":
        verifications.start(action.task, action.attemptId, attempts.verifying(action.task, action.attemptId));
        return;
      case "stop-attempt":
        attempts.stop(action.task, action.attemptId, action.reason);
        return;
      case "escalate": {
        const spec = ledger.task(action.task)?.spec;
        ledger.emit("task.escalated", { task_id: action.task, reason: action.reason, addressed_to: spec?.role ?? "human" });
        return;
      }
      case "open-breaker":
        ledger.tx(() => {
          ledger.setControl("breaker", action.failure);
          ledger.emit("breaker.opened", { failure_class: action.failure, task_id: action.task });
        });
        return;
      case "schedule":
        return;
      default: {
        const never = action;
        throw new Error(`unhandled action ${JSON.stringify(never)}`);
      }
    }
  }
  async function shutdown() {
    settings.warn("interrupted: stopping running agents; the next `overseer run` resumes them");
    await attempts.interrupt(Math.min(killGraceMs, 5e3));
    ledger.commit();
  }
  function finish() {
    const tasks = ledger.tasks();
    const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0]));
    for (const t of tasks) counts[t.state]++;
    const costUsd = tasks.reduce((sum, t) => sum + t.costUsd, 0);
    const byName = new Map(tasks.map((t) => [t.name, { name: t.name, state: t.state, dependsOn: t.spec.depends_on }]));
    const blocked = tasks.filter((t) => t.state === "PENDING").map((t) => ({ task: t.name, by: blocker(t.name, byName) })).filter((b) => b.by !== void 0);
    const exitCode = interrupted ? 130 : counts.DONE === tasks.length ? EXIT.ok : EXIT.notDone;
    const durationMs = Date.now() - started;
    ledger.emit("run.finished", { counts, cost_usd: costUsd, duration_ms: durationMs, exit_code: exitCode });
    ledger.commit();
    return { exitCode, counts, costUsd, durationMs, blocked, persist: { ...ledger.persistStats } };
  }
}
function ingestInbox(ledger, attempts, warn2, seen) {
  const taken = [];
  for (const entry of readInbox(ledger.paths.inbox)) {
    if (seen.has(entry.path)) continue;
    seen.add(entry.path);
    if (!entry.request) {
      warn2(`ignoring unreadable control request ${entry.path}: ${entry.problem}`);
      remove(entry.path);
      continue;
    }
    try {
      applyRequest(ledger, entry.request);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      warn2(`control request ${entry.request.request} not applied: ${err.message}`);
    }
    taken.push(entry.path);
  }
  if (taken.length === 0) return;
  ledger.commit();
  for (const path of taken) remove(path);
  attempts.stopCancelled();
}

// src/cli/commands/run.ts
function describeEvent(line) {
  const e = JSON.parse(line);
  const time = String(e.at).slice(11, 19);
  if (e.type === "task.transition") return `${time}  ${String(e.task_id)}  ${String(e.from)} -> ${String(e.to)}  (${String(e.cause)})`;
  if (e.type === "task.verification") return `${time}  ${String(e.task_id)}  verifier ${Number(e.index) + 1} (${String(e.kind)}) ${String(e.verdict)}`;
  if (e.type === "task.escalated") return `${time}  ${String(e.task_id)}  needs a human: ${String(e.reason)}`;
  if (e.type === "breaker.opened") return `${time}  quota breaker opened by ${String(e.task_id)}: no new tasks start`;
  return null;
}
async function runCommand(stateDir, file, options) {
  if (!options.dryRun) void sqlEngine();
  const loaded = loadManifest(file);
  const problem = options.agent && agentOverrideProblem(loaded.manifest, options.agent);
  if (problem) throw new InputError(problem);
  const redact = makeRedactor(secretsFrom(process.env, [brainKeyEnv(loaded.manifest)]));
  if (options.dryRun) return dryRun(loaded, options, redact);
  const stop = new AbortController();
  const unlisten = onOutputClosed(() => {
    warn("the reader of this output has gone (a closed pipe): stopping as on Ctrl-C");
    stop.abort();
  });
  let outcome;
  try {
    outcome = await runFleet({
      loaded,
      stop: stop.signal,
      stateDir,
      maxConcurrent: options.maxConcurrent,
      budgetUsd: options.budgetUsd,
      agent: options.agent,
      redact,
      env: process.env,
      warn,
      metrics: { prefix: options.metricsPrefix, pushUrl: options.pushgatewayUrl },
      onEvents: (lines) => {
        for (const line of lines) {
          if (options.json) process.stdout.write(`${line}
`);
          else {
            const text = describeEvent(line);
            if (text) console.log(text);
          }
        }
      }
    });
  } finally {
    unlisten();
  }
  if (process.env.OVERSEER_STATS) {
    const p = outcome.persist;
    process.stderr.write(
      `overseer: stats: ${p.commits} persists, ${p.totalMs.toFixed(0)} ms in total, ${(p.totalMs / Math.max(1, p.commits)).toFixed(2)} ms mean, ${p.maxMs.toFixed(1)} ms worst, ledger ${(p.bytes / 1024).toFixed(0)} KiB
`
    );
  }
  if (options.json) return outcome.exitCode;
  const cli = cliFor(stateDir);
  const ledger = await Ledger.open({ stateDir, mode: "read", warn });
  let waiting;
  try {
    const attempts = ledger.attemptsByTask();
    const verdictsOf = /* @__PURE__ */ new Map();
    for (const v of ledger.verifications()) {
      const list = verdictsOf.get(v.attemptId) ?? [];
      list.push(`${v.kind}:${v.verdict}`);
      verdictsOf.set(v.attemptId, list);
    }
    const rows = ledger.tasks().map((t) => {
      const mine = attempts.get(t.name) ?? [];
      const ms2 = mine.reduce((sum, a) => sum + (a.startedAt && a.endedAt ? Date.parse(a.endedAt) - Date.parse(a.startedAt) : 0), 0);
      const lastId = mine[mine.length - 1]?.id;
      const verdicts = (lastId === void 0 ? void 0 : verdictsOf.get(lastId))?.join(" ");
      return [t.name, t.state, String(mine.length), usd(t.costUsd), duration(ms2), verdicts || "-"];
    });
    console.log(`
${table(["task", "state", "attempts", "cost", "duration", "verdicts"], rows)}`);
    waiting = whyWaiting(ledger, outcome.counts.READY + outcome.counts.RETRYING + outcome.counts.RESUMING, cli);
  } finally {
    ledger.close();
  }
  const summary = TASK_STATES.filter((s) => outcome.counts[s] > 0).map((s) => `${outcome.counts[s]} ${s}`).join(", ");
  console.log(`
${summary}; spent ${usd(outcome.costUsd)} in ${duration(outcome.durationMs)}`);
  for (const b of outcome.blocked) console.log(`${b.task}: blocked by ${b.by}`);
  if (waiting) console.log(waiting);
  if (outcome.counts.NEEDS_HUMAN > 0) {
    console.log(`next: \`${cli} status --state NEEDS_HUMAN\`, then \`${cli} logs <task>\`, and \`${cli} retry <task>\` or \`${cli} approve <task>\``);
  }
  return outcome.exitCode;
}
function whyWaiting(ledger, waiting, cli) {
  if (waiting === 0) return void 0;
  const n = `${plural(waiting, "task")} could start but did not`;
  const stall = stallOf(ledger, cli);
  return stall ? `${n}: ${stall.reason} (${stall.action})` : n;
}
function dryRun(loaded, options, redact) {
  const { manifest, prompts, dir } = loaded;
  const runBudget = options.budgetUsd ?? manifest.fleet.budget_usd;
  for (const d of preflight(loaded, { env: process.env, budgetUsd: runBudget })) warn(`${formatDiagnostic(d)}: a run stops here (exit 2)`);
  const plan = buildPlan(manifest.task.map((t) => ({ name: t.name, dependsOn: t.depends_on })));
  const commands = manifest.task.map((t, i) => {
    const agent = options.agent ?? resolveAgent(manifest, t);
    const role = roleOf(manifest, t.role);
    const launch = agentFor(agent).launch({ prompt: prompts[i], model: modelOf(manifest, t), allowedTools: role?.allowed_tools, budgetUsd: lowest(t.budget_usd, runBudget), command: role?.command });
    return { task: t.name, agent, cwd: resolve4(dir, t.cwd), argv: launch.argv.map((a) => redact(a)), verifiers: t.verify.length, stdin: Boolean(launch.stdin) };
  });
  if (options.json) {
    const event = {
      v: EVENTS_VERSION,
      seq: 1,
      type: "run.started",
      at: (/* @__PURE__ */ new Date()).toISOString(),
      run_id: randomUUID(),
      manifest: loaded.file,
      manifest_sha256: sha256(loaded.source),
      task_count: manifest.task.length,
      max_concurrent: options.maxConcurrent ?? manifest.fleet.max_concurrent,
      budget_usd: options.budgetUsd ?? manifest.fleet.budget_usd ?? null,
      mode: "dry-run",
      version: VERSION,
      plan: { waves: plan.waves, critical_path: plan.criticalPath.path, commands }
    };
    process.stdout.write(`${JSON.stringify(event)}
`);
    return 0;
  }
  console.log(`dry run: ${plural(manifest.task.length, "task")} in ${plural(plan.waves.length, "wave")}; nothing is started and no ledger is written
`);
  for (const [w, wave] of plan.waves.entries()) console.log(`wave ${w + 1}: ${wave.join(", ")}`);
  console.log(`critical path: ${plan.criticalPath.path.join(" -> ")}
`);
  for (const c of commands) {
    console.log(`${c.task}  (agent ${c.agent}, cwd ${c.cwd}, ${plural(c.verifiers, "verifier")})`);
    console.log(`  ${c.argv.map(shellQuote).join(" ")}${c.stdin ? "   # prompt on stdin" : ""}`);
  }
  return 0;
}

export {
  runCommand
};
