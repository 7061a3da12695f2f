// Markdown that overseer writes for people and for models alike: the job summary, check runs, and
// the prompts that quote an agent's output to the agent or to a judge.

/**
 * A fenced block that no line of `text` can close early: its fence is longer than any run of
 * backticks inside (a quoted log may hold fences of its own, or try to end ours).
 */
export function fence(text: string, info = 'text'): string {
  let longest = 2;
  for (const run of text.matchAll(/`{3,}/g)) longest = Math.max(longest, run[0].length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text}\n${ticks}`;
}

/** Text safe inside a table cell and outside code: no HTML, no cell breaks, no line breaks. */
export function escapeText(text: string): string {
  return text
    .replace(/([\\`*_[\]#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\r\n]+/g, ' ');
}
