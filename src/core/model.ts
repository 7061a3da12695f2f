// The product's vocabulary: task states, transition causes and the records the ledger holds.
// Pure types and constants; every other module speaks in these words.

export const TASK_STATES = [
  'PENDING',
  'READY',
  'ASSIGNED',
  'RUNNING',
  'VERIFYING',
  'DONE',
  'RETRYING',
  'RESUMING',
  'NEEDS_HUMAN',
  'CANCELLED',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** `CREATED` is a bookmark for the insert transition, not a state a task rests in (claudectl's convention). */
export const CREATED = 'CREATED' as const;
export type FromState = TaskState | typeof CREATED;

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['DONE', 'CANCELLED']);

/** Where a run leaves a task until someone acts: done, cancelled, or waiting for a human. */
export const ENDED_STATES: ReadonlySet<TaskState> = new Set(['DONE', 'NEEDS_HUMAN', 'CANCELLED']);

/** States that hold a slot: the concurrency cap counts these. */
export const ACTIVE_STATES: ReadonlySet<TaskState> = new Set(['ASSIGNED', 'RUNNING', 'VERIFYING']);

export function isTaskState(value: string): value is TaskState {
  return (TASK_STATES as readonly string[]).includes(value);
}

export const TRANSITION_CAUSES = [
  'created',
  'deps-done',
  'dependency-cancelled',
  'dispatched',
  'started',
  'agent-exited',
  'result-grace',
  'agent-failed',
  'timeout',
  'idle-timeout',
  'transient',
  'rate-limit',
  'verified',
  'no-verifiers',
  'verify-fail',
  'supervisor-restart',
  'retries-exhausted',
  'resume-cap',
  'budget',
  'quota',
  'loop',
  'agent-missing',
  'config',
  'cancelled',
  'approved',
  'retry-requested',
] as const;
export type TransitionCause = (typeof TRANSITION_CAUSES)[number];

export const ATTEMPT_KINDS = ['fresh', 'retry', 'resume'] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];

export const VERIFIER_KINDS = ['run', 'brain', 'agent'] as const;
export type VerifierKind = (typeof VERIFIER_KINDS)[number];

export type Verdict = 'PASS' | 'FAIL';

export const AGENT_NAMES = ['claude', 'codex', 'command', 'demo'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** A task as the ledger holds it. `spec` is the validated manifest entry. */
export interface TaskRecord {
  name: string;
  state: TaskState;
  stateCause: TransitionCause;
  specHash: string;
  costUsd: number;
  createdAt: string;
  updatedAt: string;
}

export interface TransitionRecord {
  id: number;
  taskId: string;
  from: FromState;
  to: TaskState;
  cause: TransitionCause;
  at: string;
}

export interface AttemptRecord {
  id: number;
  taskId: string;
  attemptNum: number;
  kind: AttemptKind;
  agent: string;
  pid: number | null;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  sessionId: string | null;
  costUsd: number;
  failureClass: string | null;
  logPath: string | null;
  pidStart: string | null;
  stopReason: string | null;
  resultAt: string | null;
  agentReportedSuccess: boolean | null;
  verdict: Verdict | null;
  /** Why a FAIL verdict needs a person, not a retry (`config`, `budget`); null for an ordinary one. */
  verdictFailure: string | null;
}

export interface VerificationRecord {
  id: number;
  attemptId: number;
  taskId: string;
  seq: number;
  kind: VerifierKind;
  command: string;
  verdict: Verdict;
  output: string;
  costUsd: number;
  durationMs: number;
  ranAt: string;
}

/** What a metric name prefix may be (tasks.toml, `--metrics-prefix`, the action's `metrics-prefix`), and the default. */
export const METRIC_PREFIX = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const DEFAULT_METRIC_PREFIX = 'overseer';

/**
 * The longest wait a timer can hold: Node fires a longer one at once (2^31 - 1 ms, 24.8 days). A
 * `timeout_min` past it (the manifest sets no upper limit) waits this long instead of failing at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Where a fleet's manifest and state live unless told otherwise (the CLI and the action). */
export const DEFAULT_MANIFEST = 'tasks.toml';
export const DEFAULT_STATE_DIR = '.overseer';
