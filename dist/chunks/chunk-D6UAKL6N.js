#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/runtime/env.ts
var DENY = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^GH_ENTERPRISE_TOKEN$/, /^GITHUB_PAT/, /^ACTIONS_/, /^INPUT_/, /^OVERSEER_BRAIN_API_KEY$/];
function childEnv(base, secrets = [], extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === void 0 || DENY.some((re) => re.test(key))) continue;
    if (secrets.includes(value)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
var SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIAL/i;
function secretsFrom(env, extraNames = []) {
  return Object.entries(env).filter(([name, value]) => value !== void 0 && value !== "" && (SECRET_NAME.test(name) || extraNames.includes(name) || /^INPUT_/.test(name))).map(([, value]) => value);
}
function msFromEnv(env, name) {
  const value = env[name];
  const n = Number(value);
  return value !== void 0 && value !== "" && Number.isFinite(n) && n >= 0 ? n : void 0;
}

export {
  childEnv,
  secretsFrom,
  msFromEnv
};
