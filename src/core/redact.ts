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
 * A variable whose name says it holds a credential. Its value is redacted everywhere; inside a JSON
 * credential, a field so named is a secret of its own (below).
 */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API[-_]?KEY|PRIVATE[-_]KEY|CREDENTIAL|(^|_)PASS($|_)|(^|_)PAT($|_)|(^|_)KEY$|(^|_)AUTH($|_)/i;

/**
 * A name for what describes a credential rather than holds one: `token_type: "Bearer"`,
 * `DB_SECRET_NAME`, `AUTH_URL`, `token_uri`.
 */
export const DESCRIBES_CREDENTIAL = /(_URL|_URI|_NAME|_TYPE|_PATH|_FILE|_DIR|_HOST|_PORT|_USER|_USERNAME)$/i;

/** An address with no password in it (`http://localhost:3000`): no credential, whatever its variable is called. */
const PLAIN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i;

/** As it stands inside a JSON string, and inside a JSON string in a JSON string (a tool result in stream-json). */
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * The forms a secret takes in output besides itself: JSON-escaped (a password with a `"` or a `\`
 * in an agent's stream-json), URL-encoded, and base64 at each of the three alignments it can start
 * at inside longer encoded text (only the characters its own bytes decide).
 */
export function encodedForms(secret: string): string[] {
  const forms = [jsonEscaped(secret), jsonEscaped(jsonEscaped(secret)), encodeURIComponent(secret)];
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

/**
 * The credential-named fields of a JSON credential (a cloud service-account key): a program that
 * reads one field (`jq -r .private_key`) prints it unescaped, where neither the whole value nor its
 * escaped lines appear. Other fields (a project id) are not secrets, nor is an endpoint named after
 * one (`token_uri`, `auth_uri`): redacting those would shred ordinary output.
 */
function fieldsOf(secret: string): string[] {
  if (!/^\s*[{[]/.test(secret)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (SECRET_NAME.test(key) && !DESCRIBES_CREDENTIAL.test(key) && value.length >= 12 && !PLAIN_URL.test(value)) found.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(parsed, '');
  return found;
}

/**
 * What to look for of each secret given: itself and without the blanks around it (`echo $TOKEN`
 * drops a trailing space), its credential-named JSON fields (a session token URL-encoded in a
 * presigned URL, a client secret in a Basic header), each of these encoded, and their lines as
 * they are. The lines of a PEM key are not encoded one by one: that made a key hundreds of
 * patterns, and redaction 10x slower, for a shape no tool prints.
 */
export function formsOf(secret: string): string[] {
  const pieces = [...new Set([secret, secret.trim(), ...fieldsOf(secret)])];
  return [...new Set([...pieces, ...pieces.flatMap(linesOf), ...pieces.flatMap(encodedForms)])].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

export function makeRedactor(secrets: Iterable<string | undefined>): Redactor {
  const values = [...new Set([...secrets].filter((s): s is string => typeof s === 'string').flatMap(formsOf))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  const pattern = values.length > 0 ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null;
  // A password written into a URL in the text itself (a verifier's command, an agent's argv) is a
  // secret too, though no variable holds it.
  const redact = ((text: string) => {
    // A search for each value first: one regular expression of many long alternatives (a PEM key's
    // lines, its encodings) is slow to run over ordinary text, where nothing matches.
    const out = pattern && values.some((v) => text.includes(v)) ? text.replace(pattern, REDACTED) : text;
    // Looked for only where a URL can be: the scan is linear, but the common line has none.
    return out.includes('://') ? out.replace(URL_PASSWORD, `$1${REDACTED}@`) : out;
  }) as Redactor;
  Object.defineProperty(redact, 'secrets', { value: values });
  return redact;
}

/**
 * A value that is a real credential, not a word a test setup uses as one (`POSTGRES_PASSWORD=postgres`,
 * `JWT_SECRET=changeme`) nor an address (`AUTH_URL=http://localhost:3000`): 12 characters or more
 * with no blank, mixing at least two of lower case, upper case, digits and symbols, and no URL
 * without a password. Only such a value in a manifest is refused: a word would refuse every
 * prompt that mentions postgres.
 */
export function looksLikeCredential(value: string): boolean {
  if (value.length < 12 || /\s/.test(value) || PLAIN_URL.test(value)) return false;
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(value)).length >= 2;
}

/**
 * Where in a structure (a task's spec) a string holds one of `secrets`, as key paths. Text that
 * overseer stores as it is given (the ledger keeps each task's spec, and a workflow uploads the
 * ledger) is checked with it, for the forms of the environment's credentials.
 */
export function secretPaths(value: unknown, secrets: readonly string[], at: ReadonlyArray<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return secrets.some((s) => value.includes(s)) ? [[...at]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, secrets, [...at, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => secretPaths(v, secrets, [...at, k]));
  return [];
}

/**
 * At most `max` characters of `text`, redacted before the cut: a cut through a secret leaves a part
 * no redactor recognises.
 */
export const excerpt = (redact: (text: string) => string, text: string, max: number): string => redact(text).slice(0, max);

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

/** Where a redirect (its `location`, relative to `url`) pointed, as printed; 'nowhere' without one. */
export function shownLocation(location: string | null, url: string): string {
  if (location === null) return 'nowhere';
  return shownUrl(URL.canParse(location, url) ? new URL(location, url).href : location);
}

/**
 * What an endpoint's URL holds that must not be printed, even when its answer echoes it (a proxy
 * quoting the request): its password and the values of its query (an API key, `?key=...`).
 */
export function secretsOfUrl(url: string): string[] {
  try {
    return [...urlPasswords(url), ...new URL(url).searchParams.values()];
  } catch {
    return [];
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
