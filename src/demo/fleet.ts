// The embedded demo fleet: `overseer demo` and the README's first command run it with the built-in
// demo agent, so it needs no API key and no network. docs/examples/demo/tasks.toml is the same
// text (a test keeps them equal). The `@` lines are the demo agent's directives (docs/demo.md).

export const DEMO_FLEET = `# The overseer demo fleet: six tasks, a dependency graph, verifiers that decide what is done,
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
