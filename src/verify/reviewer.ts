// An `agent` verifier's process: the task's agent started read-only with the reviewer prompt, its
// last message kept as its answer and its cost counted. A reviewer that fails to start, or exits
// non-zero with nothing said, gives an error instead of an answer: the verifier then fails closed.

import type { AgentSignal, Launch } from '../agents/types.js';
import type { Redactor } from '../core/redact.js';
import { startProcess } from '../runtime/process.js';
import { lostWithHelper } from '../runtime/helper.js';
import { VerifierLost } from './run.js';

export interface Review {
  readonly message: string;
  readonly costUsd: number;
  readonly error?: string;
}

export async function runReviewer(input: {
  readonly launch: Launch;
  readonly parse: (line: string) => AgentSignal[];
  readonly cwd: string;
  /** The environment every agent starts from; the launch's own variables go on top. */
  readonly env: NodeJS.ProcessEnv;
  readonly logPath: string;
  readonly redact: Redactor;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly signal: AbortSignal;
}): Promise<Review> {
  let message = '';
  let costUsd = 0;
  try {
    const proc = await startProcess({
      argv: input.launch.argv,
      cwd: input.cwd,
      env: { ...input.env, ...input.launch.env },
      stdin: input.launch.stdin,
      logPath: input.logPath,
      redact: input.redact,
      onLine: (line) => {
        for (const s of input.parse(line)) {
          if (s.kind === 'message' || (s.kind === 'result' && s.text)) message = s.text;
          if (s.kind === 'cost') costUsd = s.usd;
        }
      },
    });
    const stop = () => proc.stop(input.killGraceMs);
    const timer = setTimeout(stop, input.timeoutMs);
    input.signal.addEventListener('abort', stop);
    if (input.signal.aborted) stop();
    const exit = await proc.exited;
    clearTimeout(timer);
    input.signal.removeEventListener('abort', stop);
    if (exit.lost && !input.signal.aborted) throw new VerifierLost('reviewer agent');
    if (exit.code !== 0 && !message) return { message, costUsd, error: `reviewer agent exited ${exit.code ?? exit.signal}: ${proc.tail().slice(-500)}` };
    return { message, costUsd };
  } catch (err) {
    if (err instanceof VerifierLost) throw err;
    if (lostWithHelper(err)) throw new VerifierLost('reviewer agent');
    return { message: '', costUsd, error: `reviewer agent could not start: ${(err as Error).message}` };
  }
}
