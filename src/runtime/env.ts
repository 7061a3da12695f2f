// The environment an agent or verifier gets: ours, minus GitHub's and the runner's credentials and
// the brain key. Agents run untrusted prompts; they never see the token that could push or
// comment. They do get the rest, their own API keys among them (ANTHROPIC_API_KEY, OPENAI_API_KEY):
// without those they cannot work. Everything credential-looking is still redacted from what overseer
// writes (secretsFrom below).

import { DESCRIBES_CREDENTIAL, encodedForms, formsOf, looksLikeCredential, SECRET_NAME, urlPasswords } from '../core/redact.js';

const DENY = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^GH_ENTERPRISE_TOKEN$/, /^GITHUB_PAT/, /^GH_PAT/, /^ACTIONS_/, /^INPUT_/, /^OVERSEER_BRAIN_API_KEY$/];
const denied = (name: string) => DENY.some((re) => re.test(name));

/**
 * `deny`: more names to withhold (the manifest's `[brain] api_key_env`). A variable that holds a
 * withheld credential, whole or inside a longer value, in any form (a token copied into MY_TOKEN, a
 * remote URL with the token in it, git's `GIT_CONFIG_VALUE_0=AUTHORIZATION: basic <base64 of
 * x-access-token:TOKEN>`), goes too; a plain input (INPUT_MODE=run) is no credential.
 */
export function childEnv(base: NodeJS.ProcessEnv, deny: readonly string[] = []): NodeJS.ProcessEnv {
  const withheld = (name: string) => denied(name) || deny.includes(name);
  const credentials = Object.entries(base)
    .filter(([name, value]) => value !== undefined && value.length >= 6 && withheld(name) && isCredentialName(name, deny))
    .flatMap(([, value]) => [value!, ...encodedForms(value!)]);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || withheld(key) || credentials.some((c) => value.includes(c))) continue;
    env[key] = value;
  }
  return env;
}

/**
 * Values in the environment that must never be printed: every credential-looking variable (an
 * action's secret inputs among them: INPUT_GITHUB-TOKEN, INPUT_BRAIN-API-KEY), and any password
 * written into a URL. Not every input: the runner sets them all, and `tasks.toml` or `overseer`
 * redacted everywhere would shred the output and refuse tasks named after them.
 */
export function secretsFrom(env: NodeJS.ProcessEnv, extraNames: readonly string[] = []): string[] {
  return Object.entries(env).flatMap(([name, value]) => (!value ? [] : isCredentialName(name, extraNames) ? [value] : urlPasswords(value)));
}

/** A variable holding a credential: by its name, or named by the manifest (`[brain] api_key_env`). */
const isCredentialName = (name: string, extraNames: readonly string[]) => SECRET_NAME.test(name) || extraNames.includes(name);

/**
 * The credentials a manifest or a submit must not hold, by variable: each form of a credential
 * variable's value (trimmed, its lines, its JSON fields, their encodings) that looks like a real
 * credential. A variable named for what describes a credential (`DB_SECRET_NAME`, `AUTH_URL`) holds
 * none.
 */
export function refusableCredentials(env: NodeJS.ProcessEnv, extraNames: readonly string[] = []): Array<{ name: string; forms: string[] }> {
  return credentialsIn(env, extraNames)
    .filter((c) => !DESCRIBES_CREDENTIAL.test(c.name))
    .map((c) => ({ name: c.name, forms: formsOf(c.value).filter(looksLikeCredential) }))
    .filter((c) => c.forms.length > 0);
}

/** The credential-looking variables of an environment, by name: what secretsFrom redacts, less URL passwords. */
export function credentialsIn(env: NodeJS.ProcessEnv, extraNames: readonly string[] = []): Array<{ name: string; value: string }> {
  return Object.entries(env).flatMap(([name, value]) => (value && isCredentialName(name, extraNames) ? [{ name, value }] : []));
}

/** A duration knob from the environment (milliseconds >= 0), or undefined when unset or not a number. */
export function msFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
