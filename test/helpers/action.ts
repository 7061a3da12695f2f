// Run the built action as GitHub's runner does: dist/action.js with INPUT_* and the GITHUB_* files a
// step gets, then dist/post.js with the state main saved. Returns what each wrote.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// From this file under vitest; from OVERSEER_REPO in a bundled reliability scenario.
const DIST = join(process.env.OVERSEER_REPO ?? join(import.meta.dirname, '..', '..'), 'dist');

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ActionRun {
  main: StepResult;
  post: StepResult;
  outputs: Record<string, string>;
  summary: string;
}

/** name<<DELIM\nvalue\nDELIM lines of GITHUB_OUTPUT / GITHUB_STATE. */
export function parseCommandFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

function step(script: string, env: NodeJS.ProcessEnv, cwd: string, started?: (child: ChildProcess) => void): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DIST, script)], { cwd, env });
    started?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ActionSetup {
  /** The workspace: the action's cwd. */
  workspace: string;
  inputs: Record<string, string>;
  /** The event payload written to GITHUB_EVENT_PATH. */
  event: { name: string; payload: unknown };
  apiUrl: string;
  env?: NodeJS.ProcessEnv;
  /** Given main's process as it starts (the chaos scenario kills it). A main killed by a signal gets no post step, as when the runner dies... */
  onMain?: (child: ChildProcess) => void;
  /** ...unless the runner cancelled the job: then post runs after a killed main too. */
  cancelled?: boolean;
}

/**
 * The inputs action.yml gives a default, as the runner sets them for every step (`INPUT_` and the
 * name in capitals, hyphens kept), before the workflow's own `with:`. The token's default is an
 * expression the runner evaluates: a test passes its token itself.
 */
function defaultInputs(): Record<string, string> {
  const defaults: Record<string, string> = {};
  const yml = readFileSync(join(DIST, '..', 'action.yml'), 'utf8');
  const block = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  let name = '';
  for (const line of block.split('\n')) {
    const input = /^ {2}([a-z-]+):$/.exec(line);
    if (input) name = input[1]!;
    const value = /^ {4}default: (.*)$/.exec(line)?.[1];
    if (value !== undefined && !value.startsWith('${{')) defaults[name] = value.replace(/^"(.*)"$/, '$1');
  }
  return defaults;
}

export async function runAction(setup: ActionSetup): Promise<ActionRun> {
  const { workspace } = setup;
  const files = {
    event: join(workspace, '.gh-event.json'),
    output: join(workspace, '.gh-output'),
    state: join(workspace, '.gh-state'),
    summary: join(workspace, '.gh-summary.md'),
  };
  writeFileSync(files.event, JSON.stringify(setup.event.payload));
  for (const f of [files.output, files.state, files.summary]) writeFileSync(f, '');
  const inputs = Object.fromEntries(Object.entries({ ...defaultInputs(), ...setup.inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  // What GitHub gives every step (no cache or artifact service here: ACTIONS_* are unset).
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo/fleet',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'agents',
    GITHUB_WORKFLOW: 'overseer',
    GITHUB_EVENT_NAME: setup.event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_API_URL: setup.apiUrl,
    GITHUB_SERVER_URL: 'https://github.example',
    OVERSEER_GITHUB_BACKOFF_MS: '20',
    ...inputs,
    ...setup.env,
  };
  const main = await step('action.js', base, workspace, setup.onMain);
  if (main.code === null && !setup.cancelled) return { main, post: { code: null, stdout: '', stderr: '' }, outputs: parseCommandFile(files.output), summary: readFileSync(files.summary, 'utf8') };
  const saved = Object.fromEntries(Object.entries(parseCommandFile(files.state)).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await step('post.js', { ...base, ...saved }, workspace);
  return { main, post, outputs: parseCommandFile(files.output), summary: readFileSync(files.summary, 'utf8') };
}
