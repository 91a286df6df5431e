/**
 * Redaction of secrets in text a server sent back (error messages, descriptions).
 *
 * A token endpoint that echoes the request can send a secret back in many encodings: Netatmo
 * refresh tokens contain `|`, which a form body carries as `%7C`. Every encoding a server could
 * plausibly echo is covered: raw, JSON-escaped, `encodeURIComponent`, form encoding (`+` for a
 * space), percent-encoding with lower-case hex, and base64/base64url, also where the secret sits at
 * any byte offset inside a longer base64 text.
 */

/** What replaces a secret. */
export const REDACTED = '[redacted]';

/** Shortest base64 run worth matching: shorter runs would redact innocent text. */
const MIN_BASE64_RUN = 8;

/** Builds a function that replaces every encoding of every secret in a text. */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const patterns: RegExp[] = [];
  for (const secret of new Set(secrets)) {
    if (!secret) continue;
    const literal = new Set<string>([secret, JSON.stringify(secret).slice(1, -1)]);
    for (const middle of base64Middles(secret)) {
      literal.add(middle);
      literal.add(middle.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    for (const text of literal) patterns.push(new RegExp(escapeRegExp(text), 'g'));
    // Percent-encodings: hex digits may come back in either case.
    for (const encoded of new Set([encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      if (encoded !== secret) patterns.push(new RegExp(escapeRegExp(encoded).replace(/%([0-9A-F]{2})/g, (_, hex: string) => `%(?:${hex}|${hex.toLowerCase()})`), 'g'));
    }
  }
  // Longest first, so a secret's encoding is not half-replaced by a shorter one.
  patterns.sort((a, b) => b.source.length - a.source.length);
  if (patterns.length === 0) return (text) => text;
  return (text) => {
    let clean = text;
    for (const pattern of patterns) clean = clean.replace(pattern, REDACTED);
    return clean;
  };
}

/**
 * The base64 characters that depend on the secret alone, for the secret placed at byte offset 0,
 * 1 and 2 of a longer text: whatever surrounds it, these runs appear verbatim in its base64.
 */
function base64Middles(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const middles: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = toBase64(padded);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const middle = encoded.slice(start, end);
    if (middle.length >= MIN_BASE64_RUN) middles.push(middle);
  }
  // The whole secret as its own base64, padding included.
  middles.push(toBase64(bytes), toBase64(bytes).replace(/=+$/, ''));
  return middles.filter((middle) => middle.length >= MIN_BASE64_RUN);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `error` with `redact` applied to its text: its message and stack, and those of its causes. An
 * error with no secret in it is returned as it is (its class, fields and cause intact); one with a
 * secret becomes a plain `Error` of the same (redacted) name, `code` and text, since its other
 * fields may hold the secret too. A thrown string is redacted; any other value is returned as it
 * is. It never throws: an error it cannot read becomes `Error('an unprintable error')`.
 *
 * For errors the SDK passes on from code it does not own (a token store), whose text may quote a
 * token it was given.
 */
export function redactError(error: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof error === 'string') return redact(error);
  // Everything read up front, in one guard: a hostile error (a throwing getter, a Proxy) must not
  // make the SDK's error handling throw in turn.
  let fields: { message: string; stack: string | undefined; cause: unknown; name: string; code: unknown };
  try {
    if (!(error instanceof Error)) return error;
    const stack = error.stack;
    fields = { message: String(error.message), stack: typeof stack === 'string' ? stack : undefined, cause: error.cause, name: String(error.name), code: (error as { code?: unknown }).code };
  } catch {
    return new Error('an unprintable error');
  }
  const { message, stack, cause, name, code } = fields;
  const clean = { message: redact(message), stack: stack === undefined ? undefined : redact(stack), name: redact(name), code: typeof code === 'string' ? redact(code) : code };
  // Past the depth limit a cause is dropped: it could not be checked.
  const cleanCause = cause === undefined || depth >= MAX_CAUSE_DEPTH ? undefined : redactError(cause, redact, depth + 1);
  if (clean.message === message && clean.stack === stack && clean.name === name && clean.code === code && cleanCause === cause) return error;
  const copy = new Error(clean.message, cleanCause === undefined ? undefined : { cause: cleanCause });
  copy.name = clean.name;
  if (typeof clean.code === 'string' || typeof clean.code === 'number') Object.assign(copy, { code: clean.code });
  if (clean.stack !== undefined) copy.stack = clean.stack;
  return copy;
}

/** How deep a cause chain is followed: a cycle or a very long chain stops there. */
const MAX_CAUSE_DEPTH = 4;
