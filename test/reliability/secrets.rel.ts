// Secrets (issue: reliability): distinct secret values planted in the environment and printed by
// an agent (stdout, stderr, its messages, its session id, across a 1 MiB line cut), by a failing
// `run` verifier, by a brain verifier's answer (a loopback OpenAI-compatible endpoint) and by an
// `agent` verifier's answer; then every file under the state directory (events.ndjson, logs,
// coord.db bytes), summary.md and summary.json, a /metrics scrape, the CLI's output, what was sent
// to the brain and the prompts agents received are scanned for each secret: 0 occurrences. The
// environments agents and verifiers got hold no GITHUB_TOKEN, GH_TOKEN, ACTIONS_* or INPUT_*.
// Run twice: agents forked by the spawn helper, and forked by the supervisor (OVERSEER_SPAWNER=0).
// See test/helpers/secrets-fleet.ts for the fleet and the places.

import { runSecretsFleet } from '../helpers/secrets-fleet.js';
import { report } from './report.js';

const repo = process.env.OVERSEER_REPO ?? process.cwd();

for (const [label, env] of [
  ['spawn helper', {}],
  ['direct fork', { OVERSEER_SPAWNER: '0' }],
] as const) {
  const o = await runSecretsFleet({ repo, env });
  const found = o.checks.filter((c) => c.count > 0);
  const occurrences = found.reduce((sum, c) => sum + c.count, 0);
  for (const f of found) console.error(`secrets (${label}): ${f.secret} found ${f.count}x in ${f.place}`);
  for (const p of [...o.envProblems, ...o.setupProblems]) console.error(`secrets (${label}): ${p}`);
  if (found.length || o.envProblems.length || o.setupProblems.length) console.error(`secrets (${label}): kept ${o.root}`);
  const leakedPairs = [...new Set(found.map((f) => `${f.secret} in ${f.place}`))];
  console.log(`secrets (${label}): scanned ${o.places.join(', ')}`);
  report({
    scenario: `secrets: ${o.secrets} secrets x ${o.places.length} places (${label})`,
    trials: o.checks.length,
    failures: occurrences + o.envProblems.length + o.setupProblems.length,
    lost: 0,
    details: [
      `run ${(o.runMs / 1000).toFixed(2)} s, all ${(o.totalMs / 1000).toFixed(2)} s`,
      `${occurrences} occurrences`,
      `${o.envProblems.length} GitHub, runner or brain credentials in agent/verifier environments (their own keys reach them)`,
      ...(leakedPairs.length ? [`LEAKED ${leakedPairs.slice(0, 6).join(', ')}${leakedPairs.length > 6 ? ', …' : ''}`] : []),
      ...o.envProblems.slice(0, 3),
      ...o.setupProblems.slice(0, 3).map((p) => `SETUP ${p}`),
    ].join('; '),
    reproduce: 'npm run reliability -- secrets',
  });
}
