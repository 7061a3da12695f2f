// How overseer writes money and time for people: the CLI's lines and tables and the job summary.

/** Dollars to the cent; a cost under a cent keeps four places rather than reading $0.00. */
export function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 4 : 2)}`;
}

/** A duration as short as it stays clear: 850 ms, 12.3 s, 2m05s, 1h02m. */
export function duration(ms: number): string {
  // Each unit's boundary is where rounding would carry into the next one (no "1000 ms", "1m60s").
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** An argument as a shell reads it back: quoted only when it needs to be (a task named "fix flaky test"). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A task name as the last argument of a printed command: quoted, and after `--` when it starts with
 * a dash (`retry -- -x`), or the CLI would read it as an option. Options go before it.
 */
export function taskArg(name: string): string {
  return name.startsWith('-') ? `-- ${shellQuote(name)}` : shellQuote(name);
}

/** `1 task`, `2 tasks`: a count and its noun, agreeing. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `text` cut to at most `maxBytes` bytes of UTF-8, never inside a character: some of GitHub's limits
 * count bytes (a check run's summary), and a character of non-ASCII text takes up to 4 of them.
 */
export function cutToBytes(text: string, maxBytes: number): string {
  const encoded = new TextEncoder().encode(text);
  if (encoded.length <= maxBytes) return text;
  // Back to the start of the character the cap falls in: UTF-8's continuation bytes are 10xxxxxx.
  let end = maxBytes;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(encoded.subarray(0, end));
}

/**
 * `text` cut to at most `max` UTF-16 units, never between the two halves of a character outside the
 * BMP (an emoji): half of one is no character, and cannot be sent as UTF-8. For limits in characters
 * (a commit status's description).
 */
export function cutToChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
