// What each attempt of a task is asked (DESIGN §5): a fresh attempt the task's prompt; a retry the
// prompt with the last failure that says something about the work; a resume what the interrupted
// attempt was asked, with its log tail, the verifier history and whether the tree changed since.

import { readFileSync } from 'node:fs';
import { isBackoffClass, isFailureClass } from '../core/failure.js';
import { verifierOf, verifierText } from '../core/manifest.js';
import type { AttemptKind } from '../core/model.js';
import { failedChecks, recoveryPrompt, retryPrompt } from '../core/prompts.js';
import type { Redactor } from '../core/redact.js';
import type { Ledger } from '../ledger/ledger.js';
import type { StoredSpec } from '../ledger/spec.js';
import { treeHash } from './tree.js';

type Attempts = ReturnType<Ledger['attempts']>;

/** The prompt for a new attempt of kind `kind`, given the task's attempts before it. */
export async function attemptPrompt(
  ledger: Ledger,
  kind: AttemptKind,
  spec: StoredSpec,
  previous: Attempts,
  where: { cwd: string; env: NodeJS.ProcessEnv },
  redact: Redactor,
): Promise<string> {
  const last = previous.at(-1);
  if (kind === 'fresh' || !last) return spec.prompt;
  if (kind === 'retry') return feedbackAfter(ledger, spec, previous, redact);
  // A resume continues what the interrupted attempt was asked: when that was a retry (resumed or
  // not since), the failures it was to fix, or the feedback dies with the supervisor.
  let origin = previous.length - 1;
  while (origin > 0 && previous[origin]!.kind === 'resume') origin--;
  const asked = previous[origin]!.kind === 'retry' ? feedbackAfter(ledger, spec, previous.slice(0, origin), redact) : spec.prompt;
  const history = ledger.verifications(spec.name).map((v) => ({
    attempt: ledger.attempt(v.attemptId)?.attemptNum ?? 0,
    kind: v.kind,
    verdict: v.verdict,
    command: v.command,
  }));
  const before = ledger.treeHash(last.id);
  const now = await treeHash(where.cwd, where.env);
  return recoveryPrompt(asked, { logTail: logTail(last.logPath), history, treeChanged: before !== null && now !== null && before !== now }, redact);
}

/**
 * What a retry after `attempts` is asked: the original prompt with the last failure that says
 * something about the work. A service failure (overloaded, rate-limited) or an interrupted
 * attempt does not: the retry after one is asked again what that attempt was asked.
 */
function feedbackAfter(ledger: Ledger, spec: StoredSpec, attempts: Attempts, redact: Redactor): string {
  const failed = attempts.findLast((a) => a.stopReason !== 'orphaned' && !(a.failureClass !== null && isFailureClass(a.failureClass) && isBackoffClass(a.failureClass)));
  if (!failed) return spec.prompt;
  const checks = failedChecks(failed, ledger.verifications(spec.name), () => logTail(failed.logPath));
  // A manifest edit since (startup.ts) may have changed or dropped the verifier that failed: the
  // agent must not be asked to satisfy a check the task no longer has. Verdicts record it redacted.
  const current = new Set(spec.verify.map((v) => verifierOf(v)).map((v) => `${v.kind}:${redact(verifierText(v))}`));
  const still = checks.filter((c) => c.kind === 'agent-exit' || current.has(`${c.kind}:${c.command}`));
  if (checks.length > 0 && still.length === 0) return spec.prompt;
  return retryPrompt(spec.prompt, still, redact);
}

function logTail(path: string | null): string {
  if (!path) return '';
  try {
    return readFileSync(path, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
