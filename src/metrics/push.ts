// Push a registry to a Prometheus Pushgateway: PUT /metrics/job/<job>/<label>/<value>… replaces the
// group with this snapshot. A value holding `/` (a repo owner/name, a workflow path) or `%`, an empty
// value, `.` or `..` goes in the gateway's `<label>@base64/<base64url>` form: Pushgateway 1.5 answers 400 to `%2F`.

import { EXIT, UserError } from '../core/errors.js';
import { excerpt, makeRedactor, requestFailure, secretsOfUrl, shownUrl } from '../core/redact.js';
import { withPath } from '../core/url.js';

export interface PushTarget {
  readonly url: string;
  readonly job: string;
  readonly grouping: Readonly<Record<string, string>>;
}

function segment(label: string, value: string): string {
  // `.` and `..` would be read as path steps, and a `%` decoded by a proxy: base64 too.
  if (value === '' || value === '.' || value === '..' || /[/%]/.test(value)) return `${label}@base64/${Buffer.from(value).toString('base64url') || '='}`;
  return `${label}/${encodeURIComponent(value)}`;
}

/**
 * A gateway behind basic auth is given as `http://user:password@host`: fetch refuses a URL that
 * holds credentials, so they travel as an Authorization header, and the URL is the one without.
 */
function withoutCredentials(url: string): { base: string; authorization?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { base: url };
  }
  if (!u.username && !u.password) return { base: url };
  // As typed: a raw `%` that is no escape is part of the password.
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const authorization = `Basic ${Buffer.from(`${decode(u.username)}:${decode(u.password)}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return { base: u.toString(), authorization };
}

/** Where a push goes, without the credentials; print it with shownUrl, as its query may hold a key. */
export function pushUrl(target: PushTarget): string {
  const base = withoutCredentials(target.url).base;
  const path = ['metrics', segment('job', target.job), ...Object.entries(target.grouping).map(([k, v]) => segment(k, v))].join('/');
  return withPath(base, path);
}

/** Send the exposition text; throws UserError naming the gateway's answer when it is not 2xx. */
export async function pushMetrics(target: PushTarget, body: string, contentType: string, timeoutMs = 10_000): Promise<void> {
  const url = pushUrl(target);
  const { authorization } = withoutCredentials(target.url);
  const gateway = shownUrl(target.url);
  let response: Response;
  try {
    response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': contentType, ...(authorization && { authorization }) }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new UserError(`cannot reach the Pushgateway at ${gateway} (${requestFailure(err, url)})`, EXIT.infrastructure);
  }
  if (!response.ok) {
    const text = excerpt(makeRedactor(secretsOfUrl(target.url)), (await response.text()).trim(), 300);
    throw new UserError(`the Pushgateway at ${gateway} answered ${response.status}${text ? `: ${text}` : ''}`, EXIT.infrastructure);
  }
}
