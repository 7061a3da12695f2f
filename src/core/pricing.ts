// What tokens cost: the manifest's [pricing.<model>] tables, for what reports tokens rather than
// dollars (a Codex agent, a `brain` judge's answer), and what an agent or a judge stopped before it
// said what it spent is charged. Claude reports dollars itself, at its end.

import { usd } from './format.js';
import type { Manifest } from './manifest.js';

export type Pricing = Manifest['pricing'][string];

/** A model's [pricing.<model>] table, if the manifest has one (a model named `constructor` has none). */
export function pricingFor(table: Manifest['pricing'], model: string | undefined): Pricing | undefined {
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

/**
 * Dollars to the nano-dollar: sums of costs in floating point drift ($0.10 + $0.20 is
 * 0.30000000000000004), and a cap met exactly must not read as passed.
 */
export const roundUsd = (usd: number): number => Math.round(usd * 1e9) / 1e9;

/** How an agent stopped before it reported its cost was charged: its tokens' estimate, or its cap. */
export interface UnreportedCharge {
  readonly usd: number;
  readonly basis: 'estimate' | 'cap';
}

/**
 * What an agent stopped for its time (a timeout, the idle watchdog) before it said what it cost
 * (Claude reports dollars only in its final `result`) is charged, be it a task's attempt or an
 * `agent` reviewer: not $0, or a retry would be handed the whole budget again and the caps would
 * never see it. Its token estimate when a price gives one; else (no price, or no usage reported
 * yet) `capUsd`, the cap it enforced itself from a budget of its own (Claude's --max-budget-usd):
 * the most it could have spent. Undefined: nothing tells (the run's remainder alone is never
 * charged so: one timeout would stop the fleet). One that did not run out its time (`interrupted`:
 * a crash, a cancel, Ctrl-C, the run's budget) is charged its estimate only: it may have spent
 * little, and the cap, a guess at the worst, would spend the budget the next try needs.
 */
export function unreportedCharge(seen: { readonly estimateUsd?: number; readonly capUsd?: number }, interrupted = false): UnreportedCharge | undefined {
  if (seen.estimateUsd !== undefined) return { usd: seen.estimateUsd, basis: 'estimate' };
  if (seen.capUsd !== undefined && !interrupted) return { usd: seen.capUsd, basis: 'cap' };
  return undefined;
}

/**
 * The warning that says what was charged and why (`ended`: how the agent ended, "stopped (timeout)",
 * "exited 1"; `cap`: what the cap was, "its task's cap"; `priced`: a [pricing] table covers its
 * model, but it reported no usage before it ended).
 */
export function unreportedWarning(ended: string, charge: UnreportedCharge, cap: string, priced = false): string {
  const how =
    charge.basis === 'estimate'
      ? 'estimated from its tokens'
      : priced
        ? `${cap}, the most it could spend (it reported no tokens to estimate from)`
        : `${cap}, the most it could spend (a [pricing."MODEL"] table for its model charges an estimate from its tokens instead)`;
  return `${ended} before Claude reported its cost: charged ${usd(charge.usd)}, ${how}`;
}

/**
 * The tokens a text is at most, near enough: one per 3 bytes of UTF-8. Tokenizers average about 4
 * characters of English and 3 of code a token, so a charge from it errs high, as a budget should.
 */
export function estimatedTokens(text: string): number {
  return Math.ceil(new TextEncoder().encode(text).length / 3);
}
