// The environment an agent or verifier gets: ours, minus every GitHub and Actions credential.
// Agents run untrusted prompts; they never see the token that could push or comment.

const DENY = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^GH_ENTERPRISE_TOKEN$/, /^GITHUB_PAT/, /^ACTIONS_/, /^INPUT_/, /^OVERSEER_BRAIN_API_KEY$/];

export function childEnv(base: NodeJS.ProcessEnv, secrets: readonly string[] = [], extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || DENY.some((re) => re.test(key))) continue;
    // A variable holding a secret under another name (a token copied into FOO) goes too.
    if (secrets.includes(value)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIAL/i;

/** Values in the environment that must never be printed: every credential-looking variable. */
export function secretsFrom(env: NodeJS.ProcessEnv, extraNames: readonly string[] = []): string[] {
  return Object.entries(env)
    .filter(([name, value]) => value !== undefined && value !== '' && (SECRET_NAME.test(name) || extraNames.includes(name) || /^INPUT_/.test(name)))
    .map(([, value]) => value!);
}

/** A duration knob from the environment (milliseconds >= 0), or undefined when unset or not a number. */
export function msFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
