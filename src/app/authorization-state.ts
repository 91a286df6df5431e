import { NetatmoAuthError } from '../errors.js';
import { equalBytes, hmacSha256 } from './sha256.js';

/** How long a state from `app.authorizeUrl` stays good: Netatmo's codes live about as long. */
export const AUTHORIZATION_STATE_TTL_MS = 10 * 60_000;

const VERSION = 2;
const NONCE_BYTES = 16;
const TAG_BYTES = 32;

/** What a state carries, sealed: the user, the redirect URI and when it expires. */
export interface AuthorizationClaims {
  userId: string;
  redirectUri: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Seals and opens the OAuth `state` of `createNetatmoApp` without any server-side storage, so the
 * callback may land on any process of the service (no sticky sessions):
 *
 * - The state is `base64url(version ‖ nonce ‖ ciphertext ‖ tag)`: the claims are encrypted with a
 *   keystream of HMAC-SHA-256(encryption key, nonce ‖ counter) and authenticated with
 *   HMAC-SHA-256(MAC key, version ‖ nonce ‖ ciphertext) (encrypt-then-MAC). Both keys are derived
 *   from the client secret: every process holding the secret can open it, nobody else can forge
 *   or alter it, and the user id inside is not readable in the browser's address bar or Netatmo's
 *   logs.
 * - It binds the user and the redirect URI, and expires after 10 minutes.
 *
 * Synchronous and built on SHA-256 alone (no `node:crypto`, no async Web Crypto), so
 * `app.authorizeUrl()` answers at once and the main entry runs in Bun, Deno and workers.
 */
export class AuthorizationStateSealer {
  readonly #encryptionKey: Uint8Array;
  readonly #macKey: Uint8Array;
  readonly #now: () => number;

  constructor(clientSecret: string, now: () => number) {
    this.#now = now;
    const secret = new TextEncoder().encode(clientSecret);
    this.#encryptionKey = hmacSha256(secret, new TextEncoder().encode('netatmo-connect authorization state v2: encryption'));
    this.#macKey = hmacSha256(secret, new TextEncoder().encode('netatmo-connect authorization state v2: authentication'));
  }

  /** A state for `userId` coming back to `redirectUri`. */
  seal(userId: string, redirectUri: string): string {
    const claims: AuthorizationClaims = { userId, redirectUri, expiresAt: this.#now() + AUTHORIZATION_STATE_TTL_MS };
    const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const ciphertext = this.#xorKeystream(nonce, new TextEncoder().encode(JSON.stringify(claims)));
    const head = new Uint8Array(1 + NONCE_BYTES + ciphertext.length);
    head[0] = VERSION;
    head.set(nonce, 1);
    head.set(ciphertext, 1 + NONCE_BYTES);
    const out = new Uint8Array(head.length + TAG_BYTES);
    out.set(head);
    out.set(hmacSha256(this.#macKey, head), head.length);
    return toBase64Url(out);
  }

  /**
   * The claims of a state made by {@link seal} with the same client secret.
   * @throws {@link NetatmoAuthError} when it was forged, altered, cut, made for another app, or expired.
   */
  open(state: string): AuthorizationClaims {
    const bytes = typeof state === 'string' && /^[A-Za-z0-9_-]+$/.test(state) ? fromBase64Url(state) : undefined;
    if (!bytes || bytes.byteLength < 1 + NONCE_BYTES + 1 + TAG_BYTES || bytes[0] !== VERSION) throw forged();
    const head = bytes.subarray(0, bytes.length - TAG_BYTES);
    if (!equalBytes(hmacSha256(this.#macKey, head), bytes.subarray(bytes.length - TAG_BYTES))) throw forged();
    let claims: AuthorizationClaims;
    try {
      const plain = this.#xorKeystream(head.subarray(1, 1 + NONCE_BYTES), head.subarray(1 + NONCE_BYTES));
      claims = JSON.parse(new TextDecoder().decode(plain)) as AuthorizationClaims;
    } catch {
      throw forged();
    }
    if (!(claims.expiresAt > this.#now())) {
      throw new NetatmoAuthError(
        'The authorization state expired: the login took longer than 10 minutes. Send the user through app.authorizeUrl() again.',
        { oauthError: 'invalid_state', reauthorizationRequired: true },
      );
    }
    return claims;
  }

  /** `data` XOR the keystream of `nonce`: encrypts and decrypts alike. */
  #xorKeystream(nonce: Uint8Array, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    const input = new Uint8Array(nonce.length + 4);
    input.set(nonce);
    const counter = new DataView(input.buffer, nonce.length, 4);
    for (let offset = 0, block = 0; offset < data.length; offset += 32, block++) {
      counter.setUint32(0, block);
      const stream = hmacSha256(this.#encryptionKey, input);
      for (let index = 0; index < 32 && offset + index < data.length; index++) out[offset + index] = data[offset + index]! ^ stream[index]!;
    }
    return out;
  }
}

function forged(): NetatmoAuthError {
  return new NetatmoAuthError(
    "The authorization state is not one this app made (forged, altered, cut, or made with another client secret): the callback was refused. Send the user through app.authorizeUrl() again.",
    { oauthError: 'invalid_state', reauthorizationRequired: true },
  );
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
