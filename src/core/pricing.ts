// What tokens cost: the manifest's [pricing.<model>] tables, for what reports tokens rather than
// dollars (a Codex agent, a `brain` judge's answer). Claude reports dollars itself.

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
