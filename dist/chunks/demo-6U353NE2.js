#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-ECWFS6G4.js";
import "./chunk-P2KD4TEM.js";
import "./chunk-A6QA2I6D.js";
import "./chunk-TP7KT2PG.js";
import "./chunk-3NXD7FGW.js";
import "./chunk-3KHDYX54.js";
import "./chunk-V6JPE4YA.js";
import "./chunk-QBEZOSNL.js";
import "./chunk-VOTIOR5A.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-XC4VD2P4.js";
import "./chunk-T2WGTKV7.js";
import "./chunk-K3LD2QA5.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-EFIRAADO.js";
import "./chunk-HWDXN4IG.js";
import "./chunk-CKLKCHFF.js";
import {
  ensureDir
} from "./chunk-YIKUX76P.js";
import "./chunk-ME6OC5CB.js";
import {
  cliFor
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";

// src/cli/commands/demo.ts
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/demo/fleet.ts
var DEMO_FLEET = `# The overseer demo fleet: six tasks, a dependency graph, verifiers that decide what is done,
# and one task that fails verification once and passes on the retry with the feedback it was given.
# Runs with the built-in demo agent: no API key, no network.

[fleet]
agent = "demo"
max_concurrent = 3

[[task]]
name = "schema"
cwd = "."
prompt = """
Create the database schema.
@sleep 0.4
@write schema.sql CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
"""
[[task.verify]]
run = "grep -q 'CREATE TABLE users' schema.sql"

[[task]]
name = "api"
cwd = "."
prompt = """
Write the users API against the schema.
@sleep 0.6
@write api.txt GET /users -> SELECT id, email FROM users
"""
depends_on = ["schema"]
[[task.verify]]
run = "grep -q 'GET /users' api.txt"

[[task]]
name = "docs"
cwd = "."
prompt = """
Document the API. The first draft forgets the endpoint; the verifier catches it.
@sleep 0.3
@fail-first docs.md Users API (draft, endpoint missing)
@write docs.md Users API: GET /users lists every user.
"""
depends_on = ["api"]
[[task.verify]]
run = "grep -q 'GET /users' docs.md"

[[task]]
name = "tests"
cwd = "."
prompt = """
Write tests for the API.
@sleep 0.5
@write tests.txt test: GET /users returns 200
"""
depends_on = ["api"]
[[task.verify]]
run = "test -s tests.txt"

[[task]]
name = "lint"
cwd = "."
prompt = """
Lint the schema.
@sleep 0.2
@write lint.txt schema.sql: 0 problems
"""
depends_on = ["schema"]
[[task.verify]]
run = "grep -q '0 problems' lint.txt"

[[task]]
name = "release-notes"
cwd = "."
prompt = """
Write release notes once docs and tests are in.
@sleep 0.3
@write RELEASE.md Users API: list users. Documented and tested.
"""
depends_on = ["docs", "tests", "lint"]
[[task.verify]]
run = "test -s RELEASE.md"
`;

// src/cli/commands/demo.ts
async function demoCommand(options) {
  if (options.dir !== void 0 && existsSync(options.dir) && (!statSync(options.dir).isDirectory() || readdirSync(options.dir).length > 0)) {
    throw new InputError(`${options.dir} is not an empty directory: the demo writes its tasks.toml, its agents' files and a ledger there; give a new or empty one`);
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "overseer-demo-"));
  ensureDir(dir);
  const file = join(dir, "tasks.toml");
  writeFileSync(file, DEMO_FLEET);
  console.log(`demo fleet written to ${file}; ledger, events and logs go to ${join(dir, ".overseer")}
`);
  const code = await runCommand(join(dir, ".overseer"), file, {});
  console.log(`
look around: ${cliFor(join(dir, ".overseer"))} events   (or: logs docs --attempt 2)`);
  return code;
}
export {
  demoCommand
};
