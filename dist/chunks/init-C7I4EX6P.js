#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  ensureDir
} from "./chunk-YIKUX76P.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/init.ts
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
var STARTER_MANIFEST = `# overseer fleet. Reference: docs/tasks-toml.md
# Validate with \`overseer validate\`, preview with \`overseer plan\`.

[fleet]
max_concurrent = 4          # tasks running at once
# budget_usd = 20.0         # run-wide spending cap (give each task a budget_usd too, or they run one at a time)
# agent = "claude"          # default agent: claude | codex | command | demo

[[task]]
name = "fix-flaky-test"
cwd = "."
prompt = "Find and fix the flaky test in the test suite. Do not add retries."
max_retries = 2             # attempts = 1 + max_retries
timeout_min = 45

[[task.verify]]             # verifiers decide when a task is done; first FAIL stops the chain
run = "npm test --silent"

[[task]]
name = "update-docs"
cwd = "."
prompt = "Update the README to describe the fix."
depends_on = ["fix-flaky-test"]

[[task.verify]]
run = "test -s README.md"
`;
var STARTER_WORKFLOW = `name: overseer
on:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read
  checks: write
  statuses: write
  pull-requests: write

jobs:
  fleet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false   # agents run in the checkout: leave no token in .git/config
      - uses: actions/setup-node@v4    # the agents: Claude Code is an npm package
        with:
          node-version: 24
      - run: npm install -g @anthropic-ai/claude-code
      # The overseer action: set this to the repository and tag you use.
      - uses: overseer/overseer@v1
        with:
          tasks: tasks.toml
          mode: run
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`;
function initCommand(dir, options) {
  const files = [
    { path: join(dir, "tasks.toml"), text: STARTER_MANIFEST },
    { path: join(dir, ".github", "workflows", "overseer.yml"), text: STARTER_WORKFLOW }
  ];
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length > 0 && !options.force) {
    throw new InputError(`${existing.map((f) => f.path).join(" and ")} already exist${existing.length === 1 ? "s" : ""}; use --force to overwrite`);
  }
  for (const f of files) {
    ensureDir(dirname(f.path));
    writeFileSync(f.path, f.text);
    console.log(`wrote ${f.path}`);
  }
  console.log("next: edit tasks.toml, then `overseer validate` and `overseer plan`");
  return 0;
}
export {
  STARTER_MANIFEST,
  STARTER_WORKFLOW,
  initCommand
};
