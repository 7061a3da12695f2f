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
  return hint(closest(input, candidates));
}

function hint(hit: string | undefined): string {
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}

/** How many different unknown names in one manifest get a "did you mean". */
export const MAX_SUGGESTIONS = 20;

/**
 * didYouMean among `candidates`, for the first MAX_SUGGESTIONS different inputs of a manifest ('' after).
 * Each suggestion reads every candidate, so thousands of unknown names among thousands of known
 * ones (a generated file gone wrong) would take names x candidates: a few are help, that many a
 * hang. A hint only: the name is an error either way. An input seen before gets its answer again.
 */
export function boundedDidYouMean(candidates: readonly string[]): (input: string) => string {
  const answers = new Map<string, string>();
  return (input) => {
    let answer = answers.get(input);
    if (answer === undefined) {
      answer = answers.size < MAX_SUGGESTIONS ? hint(closest(input, candidates)) : '';
      answers.set(input, answer);
    }
    return answer;
  };
}

/** What `word` becomes with 0, 1, ... `edits` characters deleted: one set per count, each string at its fewest. */
function deletions(word: string, edits: number): Array<Set<string>> {
  const levels = [new Set([word])];
  const seen = new Set([word]);
  for (let e = 0; e < edits; e++) {
    const next = new Set<string>();
    for (const w of levels[e]!) {
      for (let i = 0; i < w.length; i++) {
        const shorter = w.slice(0, i) + w.slice(i + 1);
        if (!seen.has(shorter)) next.add(shorter);
        seen.add(shorter);
      }
    }
    levels.push(next);
  }
  return levels;
}

/** Past this length a candidate is compared directly, not indexed: its deletions would be thousands. */
const INDEXED_LENGTH = 64;

/**
 * The candidate nearest an input within `limit(candidate)` edits (the first of the nearest), where a
 * check must be exact (every typo caught) and fast for thousands of inputs and candidates. Two strings
 * d edits apart (an adjacent swap counting one) both become one string after at most d deletions
 * each, so each candidate is indexed by what its deletions leave, and an input looks up only what
 * its own leave, one edit more at a time: the candidates found with up to d deletions a side hold
 * every one within d edits, and are checked with `distance`.
 */
export function nearestWithin(candidates: readonly string[], limit: (candidate: string) => number): (input: string) => string | undefined {
  // Built at the first lookup: most manifests have no label to check. index[k]: what k deletions leave.
  let built: { index: Array<Map<string, number[]>>; long: number[]; most: number } | undefined;
  const build = () => {
    const most = candidates.reduce((m, c) => Math.max(m, limit(c)), 0);
    const index = Array.from({ length: most + 1 }, () => new Map<string, number[]>());
    const long: number[] = [];
    candidates.forEach((c, i) => {
      if (c.length > INDEXED_LENGTH) return void long.push(i);
      deletions(c, limit(c)).forEach((level, k) => {
        for (const d of level) {
          const list = index[k]!.get(d);
          if (list) list.push(i);
          else index[k]!.set(d, [i]);
        }
      });
    });
    return { index, long, most };
  };
  const answers = new Map<string, string | undefined>();
  const nearest = (input: string): string | undefined => {
    const { index, long, most } = (built ??= build());
    // Past this length no indexed candidate is within reach.
    const mine = input.length <= INDEXED_LENGTH + most ? deletions(input, most) : [];
    for (let edits = 0; edits <= most; edits++) {
      const hits = new Set(long);
      for (const level of mine.slice(0, edits + 1)) for (const d of level) for (const k of index.slice(0, edits + 1)) for (const i of k.get(d) ?? []) hits.add(i);
      let answer: number | undefined;
      let best = edits + 1;
      for (const i of hits) {
        const c = candidates[i]!;
        const d = distance(input, c, Math.min(edits, limit(c)));
        if (d <= Math.min(edits, limit(c)) && (d < best || (d === best && i < answer!))) [answer, best] = [i, d];
      }
      if (answer !== undefined) return candidates[answer];
    }
    return undefined;
  };
  return (input) => {
    if (!answers.has(input)) answers.set(input, nearest(input));
    return answers.get(input);
  };
}
