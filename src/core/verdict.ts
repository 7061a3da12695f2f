// A judge's answer (a `brain` or `agent` verifier) as PASS or FAIL. Fail closed: anything that is
// not a clear PASS is a FAIL, with the reason saying why.

import type { Verdict } from './model.js';

export interface Judgement {
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
}

function fromJson(text: string): Judgement | undefined {
  // Models often wrap JSON in a fenced block; take the outermost object.
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { verdict, reasons } = value as { verdict?: unknown; reasons?: unknown };
  if (typeof verdict !== 'string') return undefined;
  const list = Array.isArray(reasons) ? reasons.map(String) : typeof reasons === 'string' ? [reasons] : [];
  const v = verdict.trim().toUpperCase();
  if (v === 'PASS' || v === 'FAIL') return { verdict: v, reasons: list };
  return { verdict: 'FAIL', reasons: [`judge answered verdict ${JSON.stringify(verdict)}, not PASS or FAIL`] };
}

export function parseVerdict(answer: string): Judgement {
  const text = answer.trim();
  if (text === '') return { verdict: 'FAIL', reasons: ['judge gave an empty answer'] };
  const json = fromJson(text);
  if (json) return json;
  // Text must begin with the verdict word (after optional markdown emphasis).
  const m = /^[*_`#>\s]*(PASS|FAIL)\b[*_`]*[\s:.,-]*([\s\S]*)$/i.exec(text);
  if (m) {
    const reason = m[2]!.trim();
    return { verdict: m[1]!.toUpperCase() as Verdict, reasons: reason ? [reason] : [] };
  }
  return { verdict: 'FAIL', reasons: [`judge answer is neither JSON nor text starting with PASS or FAIL: ${text.slice(0, 200)}`] };
}
