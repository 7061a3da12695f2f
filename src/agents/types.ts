// The contract between the process runner and an agent: how to launch it, and what its output
// lines mean. Each adapter parses its tool's real output format into these signals.

import type { AgentName } from '../core/model.js';

export type AgentSignal =
  | { readonly kind: 'session'; readonly id: string }
  /** The attempt's cost so far, in dollars (cumulative, not a delta). */
  | { readonly kind: 'cost'; readonly usd: number }
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

export interface Pricing {
  readonly input_per_mtok: number;
  readonly output_per_mtok: number;
}

export interface AgentAdapter {
  readonly name: AgentName;
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

/** A model's [pricing.<model>] table, if the manifest has one (a model named `constructor` has none). */
export function pricingFor(table: Readonly<Record<string, Pricing>>, model: string | undefined): Pricing | undefined {
  return model !== undefined && Object.hasOwn(table, model) ? table[model] : undefined;
}

/** A count of tokens: a whole number a model could have used (at most a trillion), else undefined. */
export function tokensIn(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 1e12 ? (value as number) : undefined;
}

/** What tokens cost at `pricing` (dollars per million); a count that is not one is none. */
export function tokenCost(pricing: Pricing, inputTokens: unknown, outputTokens: unknown): number {
  return ((tokensIn(inputTokens) ?? 0) * pricing.input_per_mtok + (tokensIn(outputTokens) ?? 0) * pricing.output_per_mtok) / 1e6;
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
