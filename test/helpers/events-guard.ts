// Loaded before every test file (vitest setupFiles): after the file's tests, every events file in
// every directory a test made with tempDir() must match the published schema.

import { afterAll } from 'vitest';
import { assertEventsUnder } from './events.js';
import { createdDirs } from './ledger.js';

afterAll(() => {
  for (const dir of createdDirs) assertEventsUnder(dir);
});
