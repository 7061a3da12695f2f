// Push a registry to a Prometheus Pushgateway: PUT /metrics/job/<job>/<label>/<value>… replaces the
// group with this snapshot. A value holding `/` (a repo owner/name, a workflow path) or an empty value
// goes in the gateway's `<label>@base64/<base64url>` form: Pushgateway 1.5 answers 400 to `%2F`.

import { EXIT, UserError } from '../core/errors.js';

export interface PushTarget {
  readonly url: string;
  readonly job: string;
  readonly grouping: Readonly<Record<string, string>>;
}

function segment(label: string, value: string): string {
  if (value === '' || value.includes('/')) return `${label}@base64/${Buffer.from(value).toString('base64url') || '='}`;
  return `${label}/${encodeURIComponent(value)}`;
}

export function pushUrl(target: PushTarget): string {
  const base = target.url.replace(/\/+$/, '');
  return [`${base}/metrics`, segment('job', target.job), ...Object.entries(target.grouping).map(([k, v]) => segment(k, v))].join('/');
}

/** Send the exposition text; throws UserError naming the gateway's answer when it is not 2xx. */
export async function pushMetrics(target: PushTarget, body: string, contentType: string, timeoutMs = 10_000): Promise<void> {
  const url = pushUrl(target);
  let response: Response;
  try {
    response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': contentType }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new UserError(`cannot reach the Pushgateway at ${target.url} (${cause})`, EXIT.infrastructure);
  }
  if (!response.ok) {
    const text = (await response.text()).trim().slice(0, 300);
    throw new UserError(`the Pushgateway at ${target.url} answered ${response.status}${text ? `: ${text}` : ''}`, EXIT.infrastructure);
  }
}
