// startProcess: an agent's output as real child processes print it, line by line to the parser.

import { describe, expect, it } from 'vitest';
import { startProcess } from '../../src/runtime/process.js';

describe('startProcess', () => {
  it("hands the parser a stdout line of several MiB whole (Claude's result line with a denied Write's content), not in pieces", async () => {
    const lines: string[] = [];
    const script = `process.stdout.write(JSON.stringify({ type: 'result', total_cost_usd: 3.5, content: 'x'.repeat(3 * 1024 * 1024) }) + '\\nafter\\n')`;
    const proc = await startProcess({ argv: [process.execPath, '-e', script], cwd: '/', env: process.env, redact: (s) => s, onLine: (line) => lines.push(line) });
    expect((await proc.exited).code).toBe(0);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'result', total_cost_usd: 3.5 });
    expect(lines[1]).toBe('after');
  });

  it('cuts a flood with no newline at all, so memory stays bounded, and still reads what follows it', async () => {
    const lines: string[] = [];
    const script = `for (let i = 0; i < 40; i++) process.stdout.write('y'.repeat(1024 * 1024)); process.stdout.write('\\nafter\\n')`;
    const proc = await startProcess({ argv: [process.execPath, '-e', script], cwd: '/', env: process.env, redact: (s) => s, onLine: (line) => lines.push(line) });
    expect((await proc.exited).code).toBe(0);
    expect(lines.length).toBeGreaterThan(2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(4 * 1024 * 1024 + 1024);
    expect(lines.at(-1)).toBe('after');
  });
});
