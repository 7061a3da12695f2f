// The action's post step (runs even when main failed). Persisting the ledger, saving the cache and
// uploading artifacts arrive with the action issue; until then it has nothing to do.

import * as core from '@actions/core';

core.info('overseer post: nothing to persist in this version (validate and dry-run modes write no ledger)');
