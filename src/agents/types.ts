// The contract between the process runner and an agent: how to launch it, and what its output
// lines mean. Each adapter parses its tool's real output format into these signals.

import type { AgentName } from '../core/model.js';
import type { Pricing } from '../core/pricing.js';

export type AgentSignal =
  | { readonly kind: 'session'; readonly id: string }
  /** The attempt's cost so far, in dollars (cumulative, not a delta). */
  | { readonly kind: 'cost'; readonly usd: number }
  /**
   * What the attempt has cost so far by its token counts, when the agent reports dollars only at the
   * end (Claude): charged only if that report never comes, never a reason to stop it.
   */
  | { readonly kind: 'estimate'; readonly usd: number }
  /**
   * Assistant text; the last one is the agent's final message. Empty when the agent acted (a tool
   * call) after it last spoke: what it said before acting was no final word.
   */
  | { readonly kind: 'message'; readonly text: string }
  /** The agent's own final word. `ok` is what it claims; verifiers decide. */
  | { readonly kind: 'result'; readonly ok: boolean; readonly text: string }
  /** An error the tool reported (API error, rate limit), for classifying the failure. */
  | { readonly kind: 'error'; readonly text: string }
  /** Tool calls the agent was not allowed to make (Claude's permission_denials), for a person to see. */
  | { readonly kind: 'denied'; readonly tools: readonly string[] };

export interface LaunchInput {
  readonly prompt: string;
  readonly model?: string;
  readonly allowedTools?: readonly string[];
  /** What the attempt may still spend, passed to agents that enforce it themselves. */
  readonly budgetUsd?: number;
  /** A native session to resume (claude --resume, codex exec resume). */
  readonly resumeSession?: string;
  /** The role's argv, for the `command` agent. */
  readonly command?: readonly string[];
  /** Read-only review (the `agent` verifier). */
  readonly readOnly?: boolean;
}

export interface Launch {
  readonly argv: readonly string[];
  /** Written to the agent's stdin, then stdin is closed. */
  readonly stdin: string;
  /** Extra environment for this agent (on top of the sanitised environment). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface AgentAdapter {
  readonly name: AgentName;
  /**
   * It stops itself at the budget it is launched with (Claude's --max-budget-usd): stopped before it
   * reported its cost, it spent that at most (see unreportedCharge).
   */
  readonly capsItself?: boolean;
  launch(input: LaunchInput): Launch;
  /**
   * A parser for one attempt's stdout lines. `priorUsd`: what earlier attempts on the session it
   * resumes were charged (codex reports a resumed thread's total, not the attempt's).
   */
  parser(pricing?: Pricing, priorUsd?: number): (line: string) => AgentSignal[];
}

/**
 * A cost or a token count an agent reported: a finite number >= 0, else undefined. JSON's 1e999 parses
 * to Infinity, which SQLite stores and the ledger's journal cannot write; a negative cost would hand
 * budget back.
 */
export function amountIn(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * A parser whose `cost` never goes down. Every agent reports its attempt's running total (Claude's
 * total_cost_usd is the process's, Codex's usage the thread's, a command's cost_usd its own): a
 * later report that is lower (a second result, a wrapper that reports each step) must not hand back
 * what was spent.
 */
export function runningTotal(parse: (line: string) => AgentSignal[]): (line: string) => AgentSignal[] {
  let most = 0;
  return (line) =>
    parse(line).map((s) => {
      if (s.kind !== 'cost') return s;
      most = Math.max(most, s.usd);
      return { kind: 'cost', usd: most };
    });
}

export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
