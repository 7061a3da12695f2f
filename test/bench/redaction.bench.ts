// Redaction figures: every line an agent or verifier prints is redacted before it is logged. Here,
// 1 MB of ordinary output, a line at a time, with the secrets a CI job holds (tokens, and a cloud
// service-account key: a JSON credential with a 2048-bit PEM inside), beside the same lines passed
// through no redactor, and beside one regular expression over every form (how redaction ran before
// its search-first step). Target: <= 30 ms per MB with the key.

import { generateKeyPairSync } from 'node:crypto';
import { makeRedactor } from '../../src/core/redact.js';
import { printTable, timeIt } from './measure.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const serviceAccount = JSON.stringify(
  { type: 'service_account', project_id: 'p-123', private_key_id: 'a1b2c3d4e5f6a7b8c9d0e1f2', private_key: pem, client_email: 'ci@p-123.iam.gserviceaccount.com', token_uri: 'https://oauth2.googleapis.com/token' },
  null,
  2,
);
const tokens = ['ghp_abcdefABCDEF1234567890abcdef123456', 'sk-ant-api03-xyzXYZ0123456789abcdef', 'npm_0123456789abcdefABCDEF0123456789ab'];
const line = 'npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory. {"type":"assistant","message":"ok"} 2026-11-26T12:00:00Z';
const lines = Array.from({ length: Math.ceil(1_000_000 / line.length) }, (_, i) => `${line} #${i}`);

const run = (redact: (s: string) => string) => timeIt(5, () => lines.forEach(redact));
const none = run((s) => s);
const withTokens = makeRedactor(tokens);
const withKey = makeRedactor([...tokens, serviceAccount]);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneRegex = new RegExp(withKey.secrets.map(escape).join('|'), 'g');
const regexOnly = run((s) => s.replace(oneRegex, '***'));
const keyMs = run(withKey);

printTable(`Redaction: 1 MB of ordinary output, ${lines.length} lines, a line at a time (median of 5)`, [
  { name: '3 tokens', value: run(withTokens), unit: 'ms', baselineName: 'no redaction', baseline: none },
  { name: `3 tokens and a service-account key (${withKey.secrets.length} forms)`, value: keyMs, unit: 'ms', baselineName: 'no redaction', baseline: none, target: '<= 30 ms', ok: keyMs <= 30 },
  { name: '  the same, one regular expression only', value: regexOnly, unit: 'ms', baselineName: 'search first (overseer)', baseline: keyMs },
]);
