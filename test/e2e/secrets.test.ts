// No secret anywhere, end to end: one run of the fleet in test/helpers/secrets-fleet.ts, which
// prints planted secrets from an agent (stdout, stderr, messages, session id, across a 1 MiB line
// cut), a failing `run` verifier, a brain answer and an `agent` verifier's answer; then every file
// under the state directory, summary.md/summary.json, /metrics, the CLI's output, the brain request
// and the agents' prompts are scanned. `npm run reliability -- secrets` runs the same fleet twice.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createdDirs } from '../helpers/ledger.js';
import { runSecretsFleet } from '../helpers/secrets-fleet.js';

describe('secrets', () => {
  it('appear nowhere the supervisor writes, serves or sends; agents and verifiers get no GitHub or Actions credential', async () => {
    const o = await runSecretsFleet({ repo: join(import.meta.dirname, '..', '..'), keep: true });
    createdDirs.push(o.root); // its events file is checked against the schema after the file's tests
    expect(o.setupProblems).toEqual([]);
    expect(o.envProblems).toEqual([]);
    expect(o.places.length).toBeGreaterThanOrEqual(20);
    expect(o.checks.filter((c) => c.count > 0).map((c) => `${c.secret} ${c.count}x in ${c.place}`)).toEqual([]);
  });
});
