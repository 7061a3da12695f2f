// Replace secret values in text before it reaches a log, an event, a summary or GitHub. One
// redactor for the whole program: callers build it once from the secrets they know.

export const REDACTED = '***';

/** Values shorter than this are not treated as secrets: redacting "1" or "ab" would shred text. */
const MIN_SECRET_LENGTH = 6;

export interface Redactor {
  (text: string): string;
  readonly secrets: readonly string[];
}

/**
 * The forms a secret takes in output besides itself: URL-encoded, and base64 at each of the three
 * alignments it can start at inside longer encoded text (only the characters its own bytes decide).
 */
function encodedForms(secret: string): string[] {
  const forms = [encodeURIComponent(secret)];
  const bytes = new TextEncoder().encode(secret);
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.set(bytes, shift);
    const b64 = btoa(String.fromCharCode(...padded));
    const fixed = b64.slice(shift > 0 ? 4 : 0, Math.floor(padded.length / 3) * 4);
    forms.push(fixed, fixed.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // A short fragment would match ordinary text.
  return forms.filter((f) => f !== secret && f.length >= 8);
}

/**
 * The lines of a multi-line secret (a PEM private key, a JSON credentials file). Output is redacted a
 * line at a time (an agent's log, a verifier's output), where the whole value never appears: each of
 * its lines long enough to be told from ordinary text is a secret of its own.
 */
function linesOf(secret: string): string[] {
  if (!/[\r\n]/.test(secret)) return [];
  return secret
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_SECRET_LENGTH);
}

export function makeRedactor(secrets: Iterable<string | undefined>): Redactor {
  const whole = [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  const given = [...new Set([...whole, ...whole.flatMap(linesOf)])];
  const values = [...new Set([...given, ...given.flatMap(encodedForms)])]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  const pattern = values.length > 0 ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null;
  // A password written into a URL in the text itself (a verifier's command, an agent's argv) is a
  // secret too, though no variable holds it.
  const redact = ((text: string) => {
    const out = pattern ? text.replace(pattern, REDACTED) : text;
    // Looked for only where a URL can be: the scan is linear, but the common line has none.
    return out.includes('://') ? out.replace(URL_PASSWORD, `$1${REDACTED}@`) : out;
  }) as Redactor;
  Object.defineProperty(redact, 'secrets', { value: values });
  return redact;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An endpoint as printed: no user, password or query, where a key may hide. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(a URL that does not parse)';
  }
}

/** `scheme://user:` before a password, and the password, in `scheme://user:password@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/:@]*:)([^\s/@]+)@/gi;

/** The passwords written into URLs in `text` (`scheme://user:password@host`), decoded as sent. */
export function urlPasswords(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(URL_PASSWORD)) {
    found.push(m[2]!);
    try {
      found.push(decodeURIComponent(m[2]!));
    } catch {
      // not percent-encoded
    }
  }
  return found;
}

/** Why a request failed, without the URL as given (fetch's own messages quote it whole). */
export function requestFailure(err: unknown, url: string): string {
  const { cause } = err as { cause?: { code?: string; message?: string } };
  const why = cause?.code ?? cause?.message ?? (err as Error).message;
  return why.split(url).join(shownUrl(url));
}
