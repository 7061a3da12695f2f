// Verifying an attempt's work for the supervisor (DESIGN §7): the task's verifiers in order, in its
// cwd with the agents' environment, each result recorded as it comes and the verdict at the end. A
// stopped verification (a cancel, Ctrl-C) gives no verdict; one cut short by a lost spawn helper
// says nothing about the work either, so it runs again, a few times at most, and then fails closed.

import { join, resolve } from 'node:path';
import { agentFor } from '../agents/registry.js';
import { pricingFor } from '../core/pricing.js';
import { brainEndpoint, modelOf, resolveAgent, roleOf, type Manifest } from '../core/manifest.js';
import type { Ledger } from '../ledger/ledger.js';
import { taskLogDir, untrackedAtStart } from '../ledger/paths.js';
import type { StoredSpec } from '../ledger/spec.js';
import { verify } from '../verify/index.js';
import { runReviewer } from '../verify/reviewer.js';
import { VerifierLost } from '../verify/run.js';
import { budgetLeft, lowest } from './snapshot.js';
import type { RunSettings } from './supervisor.js';

/** How often one attempt's verification is run again after its processes were lost with the spawn helper. */
const MAX_LOST_VERIFICATIONS = 3;

export interface VerificationContext {
  readonly ledger: Ledger;
  readonly manifest: Manifest;
  readonly manifestDir: string;
  readonly settings: Pick<RunSettings, 'agent' | 'redact' | 'env' | 'warn'>;
  /** What every agent and verifier starts from (no GitHub credentials). */
  readonly agentEnv: NodeJS.ProcessEnv;
  readonly minuteMs: number;
  readonly killGraceMs: number;
  /** What the run's cap leaves (undefined with none). */
  readonly runLeft: () => number | undefined;
  /** Wake the supervisor's loop: a verdict is in. */
  readonly poke: () => void;
}

/** What the supervisor keeps of a task's attempt that verification reads and sets. */
export interface Verifiable {
  /** The agent's last message, for the judges. */
  readonly message: string;
  /** Set here: aborting it stops the verification without a verdict. */
  abort?: AbortController;
}

export class Verifications {
  private readonly inFlight = new Set<Promise<void>>();
  /** Verifications cut short by a lost spawn helper, per attempt. */
  private readonly lost = new Map<number, number>();

  constructor(private readonly ctx: VerificationContext) {}

  /** Verify `attemptId`: the verdict lands in the ledger (not when aborted), then the loop is poked. */
  start(task: string, attemptId: number, run: Verifiable): void {
    const { ledger, settings, manifest } = this.ctx;
    const spec = ledger.task(task)!.spec;
    const abort = new AbortController();
    run.abort = abort;
    const cwd = resolve(this.ctx.manifestDir, spec.cwd);
    const done: Promise<void> = verify({
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
      record: (o) =>
        ledger.recordVerification({ attemptId, task, index: o.index, kind: o.kind, command: o.command, verdict: o.verdict, output: o.output, costUsd: o.costUsd, durationMs: o.durationMs }),
      // A ledger closed already (a reviewer that outlived the run's wait for it) keeps nothing more.
      spent: (costUsd) => {
        if (ledger.isOpen) ledger.chargeTask(task, costUsd);
      },
      signal: abort.signal,
      budgetLeft: () => lowest(budgetLeft(ledger.task(task)!, spec), this.ctx.runLeft()),
    })
      // Stopped (a cancel, Ctrl-C): no verdict. An interrupted verification runs again on resume;
      // a FAIL here would count as a failed attempt that never was.
      .then(({ verdict, failure }) => {
        if (!abort.signal.aborted) ledger.setVerdict(attemptId, verdict, failure);
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        // Killed with the spawn helper: no verdict on the work. Verified again, a few times at most
        // (a file system that keeps sticking helpers must not loop for ever): then it fails closed.
        const lost = (this.lost.get(attemptId) ?? 0) + 1;
        if (err instanceof VerifierLost && lost <= MAX_LOST_VERIFICATIONS) {
          this.lost.set(attemptId, lost);
          settings.warn(`${task}: ${err.message}; verifying again`);
          this.start(task, attemptId, run);
          return;
        }
        settings.warn(`${task}: verifiers failed to run: ${(err as Error).message}`);
        ledger.setVerdict(attemptId, 'FAIL');
      })
      .finally(() => {
        this.inFlight.delete(done);
        this.ctx.poke();
      });
    this.inFlight.add(done);
  }

  /** Wait for the verifications in flight (those aborted end within a kill grace). */
  async settle(): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, this.ctx.killGraceMs + 1_000)))]);
    clearTimeout(timer);
  }

  /** An `agent` verifier: the task's agent, read-only, with the reviewer prompt. */
  private async review(r: { task: string; attemptId: number; index: number; spec: StoredSpec; cwd: string; prompt: string; model: string | undefined; timeoutMs: number; budgetUsd: number | undefined; signal: AbortSignal }) {
    const { ledger, settings, manifest } = this.ctx;
    const agentName = settings.agent ?? resolveAgent(manifest, r.spec);
    const adapter = agentFor(agentName);
    const role = roleOf(manifest, r.spec.role);
    // The verifier's own cap, within what the task and the run have left (a reviewer's cost is the task's).
    const own = lowest(r.budgetUsd, budgetLeft(ledger.task(r.task)!, r.spec));
    const cap = lowest(own, this.ctx.runLeft());
    const model = r.model ?? modelOf(manifest, r.spec);
    // Stopped while its diff was taken (a cancel, Ctrl-C): no reviewer is started to be killed at once.
    if (r.signal.aborted) return { message: '', costUsd: 0, error: 'stopped before it started' };
    const launch = adapter.launch({ prompt: r.prompt, model, readOnly: true, command: role?.command, budgetUsd: cap });
    const pricing = pricingFor(manifest.pricing, model);
    const parse = adapter.parser(pricing);
    // One log per attempt and verifier, beside the attempt's own (`<attempt>.log`).
    const num = ledger.attempts(r.task).find((a) => a.id === r.attemptId)?.attemptNum ?? 0;
    const logPath = join(taskLogDir(ledger.paths, r.task), `${num}.review-${r.index + 1}.log`);
    const warn = (message: string) => settings.warn(`${r.task}: reviewer: ${message}`);
    // Stopped before it reports its cost, it is charged the cap it enforced, as an attempt is: only one
    // from a budget of its own (never the run's remainder alone).
    const capUsd = adapter.capsItself && own !== undefined ? cap : undefined;
    return runReviewer({ launch, parse, cwd: r.cwd, env: this.ctx.agentEnv, logPath, redact: settings.redact, timeoutMs: r.timeoutMs, budgetUsd: cap, capUsd, priced: pricing !== undefined, killGraceMs: this.ctx.killGraceMs, signal: r.signal, warn });
  }
}
