// follow(), behind `events --follow` and `logs --follow`: a read that ends inside a multi-byte
// character (a writer's append caught halfway) must not print U+FFFD for either half; a file
// rotated away or not there yet loses no line.

import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { follow } from '../../src/cli/follow.js';
import { tempDir } from '../helpers/ledger.js';

/** What follow() prints of `path`; `step(n)` runs at its n-th check for the end (the writer's turn), and true ends it. */
async function followed(path: string, step: (reads: number) => boolean): Promise<string> {
  let text = '';
  let reads = 0;
  await follow(path, { from: 0, onText: (t) => (text += t), done: async () => step(++reads) });
  return text;
}

describe('follow', () => {
  it('a character split across two appends comes out whole', async () => {
    const path = join(tempDir(), 'attempt.log');
    const line = Buffer.from('{"command":"grep -q \'café ✓\' menu.txt"}\n');
    const split = line.indexOf(Buffer.from('é')) + 1; // after the first of é's two bytes
    writeFileSync(path, line.subarray(0, split));
    const text = await followed(path, (reads) => {
      // After the first read: the rest of the line arrives.
      if (reads === 1) appendFileSync(path, line.subarray(split));
      return reads > 1;
    });
    expect(text).toBe(line.toString('utf8'));
    expect(text).not.toContain('\uFFFD');
  });

  it('a file rotated away is read to its end, then the new one from its start: no line is lost', async () => {
    // (Not named events.ndjson: the suite checks every such file against the events schema.)
    const path = join(tempDir(), 'rotated.log');
    writeFileSync(path, 'one\n');
    const text = await followed(path, (reads) => {
      // The writer appends to the old file, renames it away, and starts a new one longer than what was read.
      if (reads === 1) {
        appendFileSync(path, 'two\n');
        renameSync(path, `${path}.1`);
        writeFileSync(path, 'three\nfour\nfive\n');
      }
      if (reads === 2) appendFileSync(path, 'six\n');
      return reads > 2;
    });
    expect(text).toBe('one\ntwo\nthree\nfour\nfive\nsix\n');
  });

  it('a file not there yet is waited for', async () => {
    const path = join(tempDir(), 'attempt.log');
    const text = await followed(path, (reads) => {
      if (reads === 2) writeFileSync(path, 'hello\n');
      return reads > 3;
    });
    expect(text).toBe('hello\n');
  });
});
