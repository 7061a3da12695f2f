#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  DESCRIBES_CREDENTIAL,
  SECRET_NAME,
  encodedForms,
  formsOf,
  looksLikeCredential,
  urlPasswords
} from "./chunk-ME6OC5CB.js";

// src/runtime/env.ts
var DENY = [/^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^GH_ENTERPRISE_TOKEN$/, /^GITHUB_PAT/, /^GH_PAT/, /^ACTIONS_/, /^INPUT_/, /^OVERSEER_BRAIN_API_KEY$/];
var denied = (name) => DENY.some((re) => re.test(name));
function childEnv(base, deny = []) {
  const withheld = (name) => denied(name) || deny.includes(name);
  const credentials = Object.entries(base).filter(([name, value]) => value !== void 0 && value.length >= 6 && withheld(name) && isCredentialName(name, deny)).flatMap(([, value]) => [value, ...encodedForms(value)]);
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === void 0 || withheld(key) || credentials.some((c) => value.includes(c))) continue;
    env[key] = value;
  }
  return env;
}
function secretsFrom(env, extraNames = []) {
  return Object.entries(env).flatMap(([name, value]) => !value ? [] : isCredentialName(name, extraNames) ? [value] : urlPasswords(value));
}
var isCredentialName = (name, extraNames) => SECRET_NAME.test(name) || extraNames.includes(name);
function refusableCredentials(env, extraNames = []) {
  return credentialsIn(env, extraNames).filter((c) => !DESCRIBES_CREDENTIAL.test(c.name)).map((c) => ({ name: c.name, forms: formsOf(c.value).filter(looksLikeCredential) })).filter((c) => c.forms.length > 0);
}
function credentialsIn(env, extraNames = []) {
  return Object.entries(env).flatMap(([name, value]) => value && isCredentialName(name, extraNames) ? [{ name, value }] : []);
}
function msFromEnv(env, name) {
  const value = env[name];
  const n = Number(value);
  return value !== void 0 && value !== "" && Number.isFinite(n) && n >= 0 ? n : void 0;
}

export {
  childEnv,
  secretsFrom,
  refusableCredentials,
  msFromEnv
};
