// A task to add to a ledger in a test, as overseer stores one. Apart from ledger.ts: the child
// processes the ledger tests bundle (ledger-child.ts) need it without the events schema check.

import type { NewTask } from '../../src/ledger/ledger.js';
import { StoredSpecSchema, type StoredSpec } from '../../src/ledger/spec.js';

/** A task as the ledger keeps it (its spec parsed, with the manifest's defaults), changed by `fields`. */
export function taskOf(name: string, fields: Partial<StoredSpec> = {}): NewTask {
  return { name, spec: StoredSpecSchema.parse({ name, cwd: '.', prompt: `do ${name}`, ...fields }), specHash: name };
}
