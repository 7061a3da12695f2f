// Every events.ndjson line the suite sees is checked against the published JSON Schema
// (docs/events.v1.schema.json) with a real JSON Schema validator: the helpers that read events
// call this, and an afterAll hook (events-guard.ts) sweeps every state directory a test created,
// so no test can forget.

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// From this file under vitest; from OVERSEER_REPO in a bundled reliability scenario.
const repo = process.env.OVERSEER_REPO ?? join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(repo, 'docs', 'events.v1.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

/** Throws, naming the line and every schema error, unless `line` is a valid v1 event. */
export function assertEventLine(line: string, where = 'event line'): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`${where}: not JSON: ${line.slice(0, 200)}`);
  }
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new Error(`${where}: does not match docs/events.v1.schema.json: ${errors}\n  ${line.slice(0, 500)}`);
  }
}

export function assertEventsFile(path: string): number {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  lines.forEach((line, i) => assertEventLine(line, `${path}:${i + 1}`));
  return lines.length;
}

/** Stdout of `run --json` / `events --json`: every line that is an event envelope. */
export function assertEventLinesIn(stdout: string, where: string): void {
  for (const line of stdout.split('\n')) {
    if (line.startsWith('{"v":')) assertEventLine(line, where);
  }
}

/** Every events.ndjson under `dir` (two levels deep: state dirs live in test dirs). */
export function assertEventsUnder(dir: string, depth = 3): number {
  if (!existsSync(dir) || depth < 0) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir) n += assertEventsUnder(path, depth - 1);
    else if (name.endsWith('.ndjson')) n += assertEventsFile(path);
  }
  return n;
}
