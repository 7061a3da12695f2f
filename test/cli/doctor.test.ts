// `overseer doctor`: each check against the real thing it checks (programs on PATH, an HTTP server on
// 127.0.0.1 for the brain, ledger files on disk), and the exit code a script can rely on.

import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/ledger.js';
import { freePort } from '../helpers/prometheus.js';

const BIN = join(import.meta.dirname, '..', 'helpers', 'bin');

interface Report {
  ok: boolean;
  checks: Array<{ name: string; status: string; detail: string; hint?: string }>;
}

function setup(toml: string): { dir: string; file: string; state: string } {
  const dir = tempDir('overseer-doctor-');
  writeFileSync(join(dir, 'tasks.toml'), toml);
  return { dir, file: join(dir, 'tasks.toml'), state: join(dir, '.overseer') };
}

const check = (r: Report, name: string) => r.checks.find((c) => c.name === name)!;

describe('overseer doctor', () => {
  // A brain endpoint: /models answers by key.
  let server: Server;
  let url = '';
  const seen: Array<string | undefined> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === '/moved/v1/models') return void res.writeHead(301, { location: '/v1/models' }).end();
      if (req.url !== '/v1/models') return void res.writeHead(404).end();
      if (req.headers.authorization !== 'Bearer good-key-4c1d') return void res.writeHead(401).end('{"error":"bad key"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"id":"judge"}]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a demo fleet with no ledger yet is ready: exit 0, and --json says which checks ran', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    const r = cli(['--state-dir', f.state, 'doctor', f.file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['node', 'ok'],
      ['manifest', 'ok'],
      ['agent demo', 'ok'],
      ['brain', 'skip'],
      ['state dir', 'ok'],
      ['ledger', 'ok'],
      ['git', 'ok'],
      ['processes', 'ok'],
    ]);
    expect(check(report, 'manifest').detail).toContain('1 task, 0 verifiers');
    expect(check(report, 'agent demo').detail).toMatch(/demo-agent\.js \(used by task a\)$/);
    expect(check(report, 'ledger').detail).toContain('none yet');
    expect(check(report, 'state dir').detail).toBe(`${f.state} does not exist yet; ${f.dir}, where the first run creates it, is writable`);
  });

  it('an agent program missing from PATH fails (exit 3) with how to fix it; on PATH it passes', () => {
    const f = setup('[fleet]\nagent = "claude"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n[[task]]\nname = "b"\ncwd = "."\nprompt = "x"\nagent = "codex"\n');
    const bare = cli(['--state-dir', f.state, 'doctor', f.file], { env: { PATH: '/usr/bin:/bin' } });
    expect(bare.code).toBe(3);
    expect(bare.stdout).toMatch(/FAIL\s+agent claude\s+claude: not found on PATH \(used by task a\)/);
    expect(bare.stdout).toContain('install Claude Code');
    expect(bare.stdout).toMatch(/FAIL\s+agent codex\s+codex: not found on PATH \(used by task b\)/);
    expect(bare.stdout).toMatch(/\n2 problems\n/);
    const found = cli(['--state-dir', f.state, 'doctor', f.file, '--json'], { env: { PATH: `${BIN}:/usr/bin:/bin` } });
    expect(found.code, found.stdout).toBe(0);
    expect(check(JSON.parse(found.stdout) as Report, 'agent claude').detail).toBe(`${join(BIN, 'claude')} (used by task a)`);
  });

  it('a role command is found relative to the task cwd, and must be executable', () => {
    const f = setup('[roles.sh]\nagent = "command"\ncommand = ["./bin/agent.sh"]\n[[task]]\nname = "a"\ncwd = "work"\nrole = "sh"\nprompt = "x"\n');
    mkdirSync(join(f.dir, 'work', 'bin'), { recursive: true });
    writeFileSync(join(f.dir, 'work', 'bin', 'agent.sh'), '#!/bin/sh\nexit 0\n');
    const notExecutable = cli(['--state-dir', f.state, 'doctor', f.file]);
    expect(notExecutable.code).toBe(3);
    expect(notExecutable.stdout).toContain(`./bin/agent.sh: not found from ${join(f.dir, 'work')}`);
    chmodSync(join(f.dir, 'work', 'bin', 'agent.sh'), 0o755);
    expect(cli(['--state-dir', f.state, 'doctor', f.file]).code).toBe(0);
  });

  it('the brain endpoint is asked for /models with the key: accepted, refused, unreachable; the key is never printed', async () => {
    const f = setup(`[brain]\nurl = "${url}"\nmodel = "judge"\n[[task]]\nname = "a"\ncwd = "."\nagent = "demo"\nprompt = "x"\n[[task.verify]]\nbrain = "is it done?"\n`);
    const good = await cliAsync(['--state-dir', f.state, 'doctor', f.file, '--json'], { env: { OVERSEER_BRAIN_API_KEY: 'good-key-4c1d' } });
    expect(good.code, good.stdout).toBe(0);
    expect(check(JSON.parse(good.stdout) as Report, 'brain')).toMatchObject({ status: 'ok', detail: `${url} answers (key from OVERSEER_BRAIN_API_KEY; model judge)` });
    expect(good.stdout + good.stderr).not.toContain('good-key-4c1d');
    const refused = await cliAsync(['--state-dir', f.state, 'doctor', f.file], { env: { OVERSEER_BRAIN_API_KEY: 'wrong-key-9f2e' } });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/FAIL\s+brain\s+.*HTTP 401 with key from OVERSEER_BRAIN_API_KEY/);
    expect(refused.stdout + refused.stderr).not.toContain('wrong-key-9f2e');
    expect(seen).toContain('Bearer wrong-key-9f2e');
    // A port nothing listens on.
    const port = await freePort();
    const down = await cliAsync(['--state-dir', f.state, 'doctor', f.file], { env: { OVERSEER_BRAIN_URL: `http://127.0.0.1:${port}/v1` } });
    expect(down.code).toBe(3);
    expect(down.stdout).toContain(`http://127.0.0.1:${port}/v1: cannot reach it (ECONNREFUSED)`);
    // A key in the URL itself (query or user info) is not printed either.
    const inUrl = await cliAsync(['--state-dir', f.state, 'doctor', f.file], { env: { OVERSEER_BRAIN_URL: `http://user:sekret-pass-31@127.0.0.1:${port}/v1?key=sekret-query-31` } });
    expect(inUrl.code).toBe(3);
    expect(inUrl.stdout).toContain(`FAIL  brain`);
    expect(inUrl.stdout + inUrl.stderr).not.toMatch(/sekret-(pass|query)-31/);
    const noModel = setup(`[brain]\nurl = "${url}"\n[[task]]\nname = "a"\ncwd = "."\nagent = "demo"\nprompt = "x"\n[[task.verify]]\nbrain = "is it done?"\n`);
    const r = await cliAsync(['--state-dir', noModel.state, 'doctor', noModel.file], { env: { OVERSEER_BRAIN_MODEL: '' } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('no model for the brain verifiers');
  });

  it('a brain endpoint that redirects fails, as the brain verifier would (it follows no redirect)', async () => {
    const f = setup(`[brain]\nurl = "${url.replace('/v1', '/moved/v1')}"\nmodel = "judge"\n[[task]]\nname = "a"\ncwd = "."\nagent = "demo"\nprompt = "x"\n[[task.verify]]\nbrain = "is it done?"\n`);
    const r = await cliAsync(['--state-dir', f.state, 'doctor', f.file, '--json'], { env: { OVERSEER_BRAIN_API_KEY: 'good-key-4c1d' } });
    expect(r.code).toBe(3);
    expect(check(JSON.parse(r.stdout) as Report, 'brain')).toMatchObject({ status: 'fail', detail: `${url.replace('/v1', '/moved/v1')}: HTTP 301, a redirect to ${url}/models` });
  });

  it('a ledger is reported with its states; a damaged one fails naming the file and whether .bak can recover it', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    expect(cli(['--state-dir', f.state, 'run', f.file]).code).toBe(0);
    const healthy = cli(['--state-dir', f.state, 'doctor', f.file, '--json']);
    expect(check(JSON.parse(healthy.stdout) as Report, 'ledger').detail).toMatch(/coord\.db: 1 DONE; \d+ KiB \+ journal 0 KiB; not in use$/);
    writeFileSync(join(f.state, 'coord.db'), 'not a database at all, but long enough to have a header of sorts.......................................');
    const damaged = cli(['--state-dir', f.state, 'doctor', f.file]);
    expect(damaged.code).toBe(3);
    expect(damaged.stdout).toMatch(/FAIL\s+ledger\s+.*coord\.db: it is not a SQLite database \(bad header\)/);
    expect(damaged.stdout).toContain(`\`overseer run\` recovers it from ${join(f.state, 'coord.db.bak')}`);
    rmSync(join(f.state, 'coord.db.bak'));
    const lost = cli(['--state-dir', f.state, 'doctor', f.file]);
    expect(lost.code).toBe(3);
    expect(lost.stdout).toMatch(/no healthy .*coord\.db\.bak to recover from/);
  });

  it('a state directory that exists is probed with a real file, and left as it was', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    mkdirSync(f.state);
    const r = cli(['--state-dir', f.state, 'doctor', f.file, '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(check(JSON.parse(r.stdout) as Report, 'state dir')).toEqual({ name: 'state dir', status: 'ok', detail: `${f.state} is writable` });
    expect(readdirSync(f.state)).toEqual([]);
  });

  it('a state directory that is a link to nothing fails (exit 3), naming the link and its target: run cannot create it through the link', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    const state = join(f.dir, 'state-link');
    symlinkSync(join(f.dir, 'gone', 'x'), state);
    const r = cli(['--state-dir', state, 'doctor', f.file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^FAIL {2}state dir +\S+ is a symbolic link to \S+, which does not exist$/m);
    expect(r.stdout).toContain(`${state} is a symbolic link to ${join(f.dir, 'gone', 'x')}, which does not exist`);
  });

  it('a state directory that cannot be created under a file fails (exit 3) and says what to do', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    const state = join(f.file, 'state');
    const r = cli(['--state-dir', state, 'doctor', f.file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^FAIL {2}state dir +(.+) \(where \1\/state would be created\) is a file, not a directory$/m);
    expect(r.stdout).toContain(`${f.file} (where ${state} would be created)`);
    expect(r.stdout).toContain('-> give --state-dir (or OVERSEER_STATE_DIR');
    // No raw ENOTDIR from the ledger's line: there is none to read, and the line above says why.
    expect(r.stdout).toMatch(/^SKIP {2}ledger +none: there is no directory at .+ \(see state dir\)$/m);
    expect(r.stdout).not.toContain('ENOTDIR');
  });

  // chmod stops no write by root (tests may run as root): sysfs refuses a new file to every user.
  it.runIf(existsSync('/sys/kernel'))('a state directory in a read-only directory fails (exit 3), naming the directory and the reason', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "x"\n');
    const state = join('/sys', `overseer-state-${process.pid}`);
    const r = cli(['--state-dir', state, 'doctor', f.file, '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(check(report, 'state dir')).toEqual({
      name: 'state dir',
      status: 'fail',
      detail: expect.stringMatching(new RegExp(`^/sys \\(where ${state} would be created\\) is not writable: .+ \\((EACCES|EROFS|EPERM)\\)$`)),
      hint: expect.stringMatching(/^`overseer run` cannot keep its ledger there: make \/sys writable, or give --state-dir/),
    });
  });

  it('an invalid manifest fails and points at validate; a missing one is a warning (exit 0)', () => {
    const f = setup('[[task]]\nname = "a"\n');
    const bad = cli(['--state-dir', f.state, 'doctor', f.file]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/FAIL\s+manifest\s+.*tasks\.toml:\d+:\d+/);
    expect(bad.stdout).toContain(`\`overseer validate ${f.file}\``);
    const none = cli(['--state-dir', f.state, 'doctor', join(f.dir, 'nope.toml'), '--json']);
    expect(none.code).toBe(0);
    expect(check(JSON.parse(none.stdout) as Report, 'manifest').status).toBe('warn');
  });

  it('fails where `run` would stop on this machine: a missing cwd, a credential of the environment in a spec', () => {
    const f = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "nodir"\nprompt = "x"\n');
    const r = cli(['--state-dir', f.state, 'doctor', f.file, '--json']);
    expect(r.code).toBe(3);
    expect(check(JSON.parse(r.stdout) as Report, 'manifest')).toMatchObject({ status: 'fail', detail: expect.stringContaining(`${f.file}:5:7: cwd "nodir" does not exist`), hint: `\`overseer run\` stops here (exit 2); \`overseer run ${f.file} --dry-run\` lists it` });
    const g = setup('[fleet]\nagent = "demo"\n[[task]]\nname = "a"\ncwd = "."\nprompt = "use planted-pw-20931"\n');
    const leak = cli(['--state-dir', g.state, 'doctor', g.file], { env: { DB_PASSWORD: 'planted-pw-20931' } });
    expect(leak.code).toBe(3);
    expect(leak.stdout).toContain(`${g.file}:6:10: this value holds the value of $DB_PASSWORD; the ledger keeps it as written`);
    expect(leak.stdout).not.toContain('planted-pw');
  });
});
