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
