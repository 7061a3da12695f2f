// "Did you mean" for unknown keys and values: the closest candidate within a small edit distance.

/**
 * Edit distance counting an adjacent swap as one edit (optimal string alignment): "taks" is one
 * typo away from "task", as a person sees it, not two. Past `max` the answer is only "more than
 * max" (max + 1), found without filling the table: a manifest of thousands of names stays fast.
 */
export function distance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, substitute);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
      rowBest = Math.min(rowBest, best);
    }
    // A row's lowest cell is at most one above the row before's, and a swap reaches back one row
    // for one edit more: once a row is all past max, every later one is.
    if (rowBest > max) return max + 1;
    before = prev;
    prev = row;
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** The candidate nearest to `input` (case-insensitive), if it is close enough to be a typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  // Up to a third of the word may be wrong (at least one edit, at most three), but never all of
  // it: "x" is not a typo of "a".
  const limit = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestScore = limit + 1;
  for (const c of candidates) {
    const score = distance(needle, c.toLowerCase(), limit);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (best !== undefined && bestScore < needle.length) return best;
  // A word of the right key on its own ("tools" for "allowed_tools", "timeout" for "timeout_min").
  if (needle.length >= 4) return candidates.find((c) => c.toLowerCase().split('_').includes(needle));
  return undefined;
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const hit = closest(input, candidates);
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}
