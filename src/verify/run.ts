// A `run` verifier: `sh -c CMD` in the task's cwd, in its own process group. Exit 0 is PASS;
// anything else, a timeout included, is FAIL. Output is capped and redacted.

import type { VerdictFailure } from '../core/failure.js';
import { startProcess, SpawnError } from '../runtime/process.js';
import { lostWithHelper } from '../runtime/helper.js';

export const OUTPUT_CAP = 64 * 1024;

/**
 * A verifier's process was killed with the spawn helper that started it (or could not start because
 * the helper was lost): the machine failed, and the check says nothing about the work. Thrown, not
 * a FAIL: the supervisor runs the verification again.
 */
export class VerifierLost extends Error {
  constructor(what: string) {
    super(`${what} was lost with the spawn helper`);
    this.name = 'VerifierLost';
  }
}

export interface CheckResult {
  readonly verdict: 'PASS' | 'FAIL';
  readonly output: string;
  readonly durationMs: number;
  readonly costUsd: number;
  /**
   * Set on a FAIL that says nothing about the work: the verifier cannot be asked as configured (a
   * judge's endpoint refused the request: config), or a reviewer spent its budget before it
   * answered (budget). The task goes to a person instead of a retry.
   */
  readonly failure?: VerdictFailure;
}

/**
 * What the ledger keeps of a check that passed: its output is rarely read, and a verifier that
 * prints a lot on every attempt (a test runner) would grow the ledger, and every persist of it.
 */
export const PASS_OUTPUT_CAP = 4 * 1024;

/** SIGTERM to SIGKILL for a verifier timed out or aborted: its output no longer counts, so no agent's grace. */
export const ABORT_GRACE_MS = 2_000;

export function capOutput(text: string, cap = OUTPUT_CAP): string {
  return text.length <= cap ? text : `${text.slice(0, cap / 2)}\n… [output cut] …\n${text.slice(-cap / 2 + 40)}`;
}

/**
 * A command's output, line by line: its first `cap` characters and its last, whatever it prints
 * between them. A test runner's summary (what failed, the retry's best clue) is at its end.
 */
export class HeadAndTail {
  private head = '';
  private tail = '';
  private cut = 0;

  constructor(private readonly cap: number) {}

  add(line: string): void {
    if (this.head.length < this.cap) {
      this.head += `${line}\n`;
      return;
    }
    this.tail += `${line}\n`;
    // Trimmed in batches (twice the cap), at a line's start: amortised linear in what is printed.
    // Never into the last line, however long (the line cap bounds it): the tail is never empty.
    if (this.tail.length > 2 * this.cap) {
      const last = this.tail.lastIndexOf('\n', this.tail.length - 2) + 1;
      const from = Math.min(this.tail.indexOf('\n', this.tail.length - this.cap) + 1 || last, last);
      this.cut += from;
      this.tail = this.tail.slice(from);
    }
  }

  text(): string {
    return this.cut > 0 ? `${this.head}… [${this.cut} characters cut] …\n${this.tail}` : this.head + this.tail;
  }
}

export async function runCheck(options: {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  redact: (s: string) => string;
  signal?: AbortSignal;
}): Promise<CheckResult> {
  const started = Date.now();
  const output = new HeadAndTail(OUTPUT_CAP);
  const collect = (line: string) => output.add(line);
  let proc;
  try {
    proc = await startProcess({
      argv: ['sh', '-c', options.command],
      cwd: options.cwd,
      env: options.env,
      redact: options.redact,
      onLine: collect,
      onStderrLine: collect,
    });
  } catch (err) {
    if (lostWithHelper(err)) throw new VerifierLost(`verifier \`${options.command}\``);
    const message = err instanceof SpawnError ? err.message : String(err);
    return { verdict: 'FAIL', output: `could not run the verifier: ${message}`, durationMs: Date.now() - started, costUsd: 0 };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.stop(ABORT_GRACE_MS);
  }, options.timeoutMs);
  const onAbort = () => proc.stop(ABORT_GRACE_MS);
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();
  const exit = await proc.exited;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  if (exit.lost && !timedOut && !options.signal?.aborted) throw new VerifierLost(`verifier \`${options.command}\``);
  const text = options.redact(output.text().trimEnd());
  const durationMs = Date.now() - started;
  if (timedOut) {
    return { verdict: 'FAIL', output: capOutput(`${text}\n[timed out after ${Math.round(options.timeoutMs / 1000)} s]`), durationMs, costUsd: 0 };
  }
  const verdict = exit.code === 0 ? 'PASS' : 'FAIL';
  const status = exit.code === null ? `killed by ${exit.signal}` : `exit ${exit.code}`;
  return { verdict, output: verdict === 'PASS' ? capOutput(text, PASS_OUTPUT_CAP) : capOutput(`${text}\n[${status}]`), durationMs, costUsd: 0 };
}
