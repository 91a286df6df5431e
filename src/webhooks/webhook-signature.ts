import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Netatmo signs every webhook call with. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-netatmo-secret';

/**
 * The signature Netatmo puts in `X-Netatmo-Secret`: the hex HMAC-SHA256 of the raw body, keyed
 * with the app's client secret. Use it to sign calls in your own tests (the fake Netatmo does).
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ push_type: 'webhook_activation' });
 * await fetch(url, { method: 'POST', body, headers: { 'x-netatmo-secret': signWebhookBody(body, clientSecret) } });
 * ```
 */
export function signWebhookBody(rawBody: string | Uint8Array, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(rawBody).digest('hex');
}

/**
 * True when `signature` (the `X-Netatmo-Secret` header) is the HMAC-SHA256 of exactly these
 * bytes keyed with `clientSecret`. Compares in constant time; a missing, malformed or wrong-length
 * signature is `false`, never an exception. Pass the body as received, before any JSON parsing:
 * re-serialised JSON does not match.
 *
 * @param rawBody - the request body as received, as a string (UTF-8) or bytes.
 * @param signature - the `X-Netatmo-Secret` header (hex, either case), or `undefined` when absent.
 * @param clientSecret - your Netatmo app's client secret.
 * @example
 * ```ts
 * if (!verifyWebhookSignature(rawBody, req.headers['x-netatmo-secret'], process.env.NETATMO_CLIENT_SECRET!)) {
 *   res.writeHead(403).end();
 * }
 * ```
 */
export function verifyWebhookSignature(rawBody: string | Uint8Array, signature: string | readonly string[] | null | undefined, clientSecret: string): boolean {
  if (typeof clientSecret !== 'string' || clientSecret === '') return false;
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) return false;
  const given = Array.isArray(signature) ? signature[0] : signature;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/i.test(given.trim())) return false;
  const expected = createHmac('sha256', clientSecret).update(rawBody).digest();
  // Both sides are 32 bytes here, so timingSafeEqual never throws and leaks nothing by length.
  return timingSafeEqual(expected, Buffer.from(given.trim(), 'hex'));
}
