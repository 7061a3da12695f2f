// A judge's answer (a `brain` or `agent` verifier) as PASS or FAIL. Fail closed: anything that is
// not a clear PASS is a FAIL, with the reason saying why. A clear PASS is a JSON object that opens
// the answer with "verdict": "PASS", or a first line that is the word PASS alone (or followed by
// ":", ".", "-" or a dash and its reason); and in neither case the word FAIL anywhere after it. So
// "PASS? no, FAIL", "PASS or FAIL: FAIL", "Pass/fail: fail" and "FAIL. ({"verdict":"PASS"} if...)"
// are all FAIL: a false FAIL costs a retry, a false PASS ships broken work.

import type { Verdict } from './model.js';

export interface Judgement {
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
}

/** The verdict word opening the first line, after optional markdown (`**PASS**`, `> FAIL`). */
const VERDICT_WORD = /^[*_`#>\s]*(PASS|FAIL)([\s\S]*)$/i;
/**
 * What may follow it on that line: nothing (`PASS`, `PASS.`, `**PASS:**`, `PASS!`), or its reason
 * after a separator (`PASS: ...`, `**PASS:** ...`, `PASS - ...`), after closing emphasis (`**PASS** ...`)
 * or in parentheses (`PASS (...)`). Not a comma or a bare word: `PASS, but...`, `PASS criteria are not met`.
 */
const REASON_AFTER = [/^[*_`]*\s*[.:!]?[*_`]*\s*()$/, /^[*_`]*\s*[.:!\-–—][*_`]*\s+(.*)$/, /^[*_`]+\s+(.*)$/, /^\s*\((.*)\)\s*\.?$/];
/**
 * A FAIL said after a PASS: the judge changed its mind, or was never sure. The word in capitals, or
 * a verdict, answer, conclusion or decision given as fail in any case, the fail ending its line or
 * followed by its reason ("my verdict would be fail.", "**Verdict:** fail — the test is skipped",
 * "I change my verdict to fail because...", `{"verdict": "fail"}`); not a lowercase
 * "failing" or "failed" in a reason ("the failing test now passes", "conclusion: no tests failed",
 * "the answer failed validation before; the patch fixes it").
 */
const LATER_FAIL = [
  /\bFAIL(?:ED|S|ING)?\b/,
  /\b(?:verdict|answer|conclusion|decision)\b[*_`"'\s]*(?:(?:is|was|would be|should be|(?:changed?\s+)?to)\b)?[*_`"'\s]*[:=\-–—]?[*_`"'\s]*fail(?:s|ed)?\b(?:[*_`"'.!\s]*(?:$|[,;)}])|\s*[:\-–—(]|\s+(?:because|since|as|due)\b)/im,
];

/** The answer without a code fence around all of it. */
function unfenced(text: string): string {
  const m = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return m ? m[1]!.trim() : text;
}

/** A JSON object that opens the answer (in a code fence or not), and what follows it; undefined when the answer does not open with one. */
function leadingJson(text: string): { value: unknown; rest: string } | undefined {
  const fenced = /^```[a-zA-Z]*\s*\n(\{[\s\S]*?\})\s*\n?```([\s\S]*)$/.exec(text);
  if (fenced) {
    try {
      return { value: JSON.parse(fenced[1]!), rest: fenced[2]! };
    } catch {
      return undefined;
    }
  }
  if (!text.startsWith('{')) return undefined;
  for (let end = text.indexOf('}'); end !== -1; end = text.indexOf('}', end + 1)) {
    try {
      return { value: JSON.parse(text.slice(0, end + 1)), rest: text.slice(end + 1) };
    } catch {
      // not closed yet: try the next brace
    }
  }
  return undefined;
}

function fromJson(value: unknown): Judgement {
  const { verdict, reasons } = (typeof value === 'object' && value !== null ? value : {}) as { verdict?: unknown; reasons?: unknown };
  const list = Array.isArray(reasons) ? reasons.map(String) : typeof reasons === 'string' ? [reasons] : [];
  const v = typeof verdict === 'string' ? verdict.trim().toUpperCase() : undefined;
  if (v === 'PASS' || v === 'FAIL') return { verdict: v, reasons: list };
  return { verdict: 'FAIL', reasons: [`judge answered verdict ${JSON.stringify(verdict ?? null)}, not PASS or FAIL`] };
}

export function parseVerdict(answer: string): Judgement {
  const text = unfenced(answer.trim());
  if (text === '') return { verdict: 'FAIL', reasons: ['judge gave an empty answer'] };
  const json = leadingJson(text);
  let judgement: Judgement;
  let after: string;
  if (json) {
    judgement = fromJson(json.value);
    // Its own reasons count as what it said after the verdict ({"verdict":"PASS","reasons":["FAIL: ..."]}).
    after = [...judgement.reasons, json.rest].join('\n');
    // Two verdicts in one object: JSON.parse keeps the last; the judge said both.
    if ((text.slice(0, text.length - json.rest.length).match(/"verdict"\s*:/g) ?? []).length > 1) {
      return { verdict: 'FAIL', reasons: [`judge gave more than one verdict: ${text.slice(0, 200)}`] };
    }
  } else {
    const [first = '', ...more] = text.split('\n');
    const word = VERDICT_WORD.exec(first.trim());
    const onLine = word && REASON_AFTER.map((re) => re.exec(word[2]!)).find(Boolean);
    if (!word || !onLine) {
      return { verdict: 'FAIL', reasons: [`judge answer does not open with PASS or FAIL (alone on its first line, or JSON): ${text.slice(0, 200)}`] };
    }
    const reason = [onLine[1] ?? '', ...more].join('\n').trim();
    judgement = { verdict: word[1]!.toUpperCase() as Verdict, reasons: reason ? [reason] : [] };
    after = reason;
  }
  if (judgement.verdict === 'PASS' && LATER_FAIL.some((re) => re.test(after))) {
    return { verdict: 'FAIL', reasons: [`judge said PASS and then FAIL: ${text.slice(0, 200)}`] };
  }
  return judgement;
}
