#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/core/redact.ts
var REDACTED = "***";
var MIN_SECRET_LENGTH = 6;
var SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API[-_]?KEY|PRIVATE[-_]KEY|CREDENTIAL|(^|_)PASS($|_)|(^|_)PAT($|_)|(^|_)KEY$|(^|_)AUTH($|_)/i;
var DESCRIBES_CREDENTIAL = /(_URL|_URI|_NAME|_TYPE|_PATH|_FILE|_DIR|_HOST|_PORT|_USER|_USERNAME)$/i;
var PLAIN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i;
var jsonEscaped = (text) => JSON.stringify(text).slice(1, -1);
function encodedForms(secret) {
  const forms = [jsonEscaped(secret), jsonEscaped(jsonEscaped(secret)), encodeURIComponent(secret)];
  const bytes = new TextEncoder().encode(secret);
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.set(bytes, shift);
    const b64 = btoa(String.fromCharCode(...padded));
    const fixed = b64.slice(shift > 0 ? 4 : 0, Math.floor(padded.length / 3) * 4);
    forms.push(fixed, fixed.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms.filter((f) => f !== secret && f.length >= 8);
}
function linesOf(secret) {
  if (!/[\r\n]/.test(secret)) return [];
  return secret.split(/\r?\n|\r/).map((line) => line.trim()).filter((line) => line.length >= MIN_SECRET_LENGTH);
}
function fieldsOf(secret) {
  if (!/^\s*[{[]/.test(secret)) return [];
  let parsed;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return [];
  }
  const found = [];
  const walk = (value, key) => {
    if (typeof value === "string") {
      if (SECRET_NAME.test(key) && !DESCRIBES_CREDENTIAL.test(key) && value.length >= 12 && !PLAIN_URL.test(value)) found.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(parsed, "");
  return found;
}
function formsOf(secret) {
  const pieces = [.../* @__PURE__ */ new Set([secret, secret.trim(), ...fieldsOf(secret)])];
  return [.../* @__PURE__ */ new Set([...pieces, ...pieces.flatMap(linesOf), ...pieces.flatMap(encodedForms)])].filter((s) => s.length >= MIN_SECRET_LENGTH);
}
function makeRedactor(secrets) {
  const values = [...new Set([...secrets].filter((s) => typeof s === "string").flatMap(formsOf))].sort((a, b) => b.length - a.length);
  const pattern = values.length > 0 ? new RegExp(values.map(escapeRegExp).join("|"), "g") : null;
  const redact = ((text) => {
    const out = pattern && values.some((v) => text.includes(v)) ? text.replace(pattern, REDACTED) : text;
    return out.includes("://") ? out.replace(URL_PASSWORD, `$1${REDACTED}@`) : out;
  });
  Object.defineProperty(redact, "secrets", { value: values });
  return redact;
}
function looksLikeCredential(value) {
  if (value.length < 12 || /\s/.test(value) || PLAIN_URL.test(value)) return false;
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(value)).length >= 2;
}
function secretPaths(value, secrets, at = []) {
  if (typeof value === "string") return secrets.some((s) => value.includes(s)) ? [[...at]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, secrets, [...at, i]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => secretPaths(v, secrets, [...at, k]));
  return [];
}
var excerpt = (redact, text, max) => redact(text).slice(0, max);
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function shownUrl(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "(a URL that does not parse)";
  }
}
function shownLocation(location, url) {
  if (location === null) return "nowhere";
  return shownUrl(URL.canParse(location, url) ? new URL(location, url).href : location);
}
function secretsOfUrl(url) {
  try {
    return [...urlPasswords(url), ...new URL(url).searchParams.values()];
  } catch {
    return [];
  }
}
var URL_PASSWORD = /(\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/:@]*:)([^\s/@]+)@/gi;
function urlPasswords(text) {
  const found = [];
  for (const m of text.matchAll(URL_PASSWORD)) {
    found.push(m[2]);
    try {
      found.push(decodeURIComponent(m[2]));
    } catch {
    }
  }
  return found;
}
function requestFailure(err, url) {
  const { cause } = err;
  const why = cause?.code ?? cause?.message ?? err.message;
  return why.split(url).join(shownUrl(url));
}

export {
  REDACTED,
  SECRET_NAME,
  DESCRIBES_CREDENTIAL,
  encodedForms,
  formsOf,
  makeRedactor,
  looksLikeCredential,
  secretPaths,
  excerpt,
  shownUrl,
  shownLocation,
  secretsOfUrl,
  urlPasswords,
  requestFailure
};
