// What a run says before it starts: a budget over spending overseer cannot see (tokens with no price).

import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/load.js';
import { warnUnpriced } from '../../src/runtime/startup.js';

function warningsFor(toml: string, env: Record<string, string> = {}): string[] {
  const parsed = parseManifest('tasks.toml', Buffer.from(toml));
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const warnings: string[] = [];
  warnUnpriced(parsed.manifest, { env }, (m) => warnings.push(m));
  return warnings;
}

const judged = (name: string, verify: string) => `[[task]]\nname = "${name}"\ncwd = "."\nprompt = "x"\n[[task.verify]]\n${verify}\n`;

describe('a budget over tokens with no price', () => {
  it('names the brain judge models with no [pricing.<model>]: the verifier\'s own model, else [brain] model, else OVERSEER_BRAIN_MODEL', () => {
    const toml = `[fleet]\nagent = "demo"\nbudget_usd = 5\n[brain]\nmodel = "judge-default"\n[pricing.judge-priced]\ninput_per_mtok = 1\noutput_per_mtok = 2\n${judged('a', 'brain = "ok?"')}${judged('b', 'brain = "ok?"\nmodel = "judge-own"')}${judged('c', 'brain = "ok?"\nmodel = "judge-priced"')}`;
    expect(warningsFor(toml)).toEqual([
      'brain judge models "judge-default", "judge-own" have no [pricing.<model>]: under a budget their answers count as $0; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok',
    ]);
    expect(warningsFor(toml, { OVERSEER_BRAIN_MODEL: 'judge-priced' })).toEqual([
      'brain judge model "judge-own" has no [pricing.<model>]: under a budget its answers count as $0; add a [pricing."MODEL"] table with input_per_mtok and output_per_mtok',
    ]);
  });

  it('names a codex task whose reviewer (an agent verifier) runs on a model with no price, though its own has one', () => {
    const toml = `[fleet]\nagent = "codex"\nbudget_usd = 5\n[pricing.gpt-5-codex]\ninput_per_mtok = 1\noutput_per_mtok = 2\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\nmodel = "gpt-5-codex"\n[[task.verify]]\nagent = "review it"\nmodel = "o3"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "x"\nmodel = "gpt-5-codex"\n[[task.verify]]\nagent = "review it"\n`;
    expect(warningsFor(toml)).toEqual([expect.stringMatching(/^1 codex task \(a\) has a budget but no \[pricing\.<model>\] for its model \(or a reviewer's\)/)]);
  });

  it('says nothing without a budget, or when every judge is priced', () => {
    expect(warningsFor(`[fleet]\nagent = "demo"\n${judged('a', 'brain = "ok?"\nmodel = "judge-own"')}`)).toEqual([]);
    expect(warningsFor(`[fleet]\nagent = "demo"\nbudget_usd = 1\n[pricing.judge-own]\ninput_per_mtok = 1\noutput_per_mtok = 2\n${judged('a', 'brain = "ok?"\nmodel = "judge-own"')}`)).toEqual([]);
  });
});
