import { NetatmoAuthError } from '../errors.js';

/** How long a state from `app.authorizeUrl` stays good: Netatmo's codes live about as long. */
export const AUTHORIZATION_STATE_TTL_MS = 10 * 60_000;

const VERSION = 1;
const IV_BYTES = 12;

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
 * - The state is `base64url(version ‖ iv ‖ AES-256-GCM(claims))`, with a key derived (HKDF-SHA-256)
 *   from the client secret: every process holding the secret can open it, nobody else can forge
 *   or alter it (GCM authenticates every byte), and the user id inside is not readable in the
 *   browser's address bar or Netatmo's logs.
 * - It binds the user and the redirect URI, and expires after 10 minutes.
 *
 * Web Crypto only (no `node:crypto`), so the main entry runs in Bun, Deno and workers.
 */
export class AuthorizationStateSealer {
  readonly #key: Promise<CryptoKey>;
  readonly #now: () => number;

  constructor(clientSecret: string, now: () => number) {
    this.#now = now;
    this.#key = deriveKey(clientSecret);
    // An unawaited rejection (no Web Crypto) surfaces on first use instead.
    this.#key.catch(() => {});
  }

  /** A state for `userId` coming back to `redirectUri`. */
  async seal(userId: string, redirectUri: string): Promise<string> {
    const claims: AuthorizationClaims = { userId, redirectUri, expiresAt: this.#now() + AUTHORIZATION_STATE_TTL_MS };
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(
      await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#key, new TextEncoder().encode(JSON.stringify(claims))),
    );
    const out = new Uint8Array(1 + IV_BYTES + sealed.byteLength);
    out[0] = VERSION;
    out.set(iv, 1);
    out.set(sealed, 1 + IV_BYTES);
    return toBase64Url(out);
  }

  /**
   * The claims of a state made by {@link seal} with the same client secret.
   * @throws {@link NetatmoAuthError} when it was forged, altered, cut, made for another app, or expired.
   */
  async open(state: string): Promise<AuthorizationClaims> {
    const bytes = typeof state === 'string' && /^[A-Za-z0-9_-]+$/.test(state) ? fromBase64Url(state) : undefined;
    if (!bytes || bytes.byteLength < 1 + IV_BYTES + 16 || bytes[0] !== VERSION) throw forged();
    let claims: AuthorizationClaims;
    try {
      const plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(1, 1 + IV_BYTES) }, await this.#key, bytes.subarray(1 + IV_BYTES));
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
}

function forged(): NetatmoAuthError {
  return new NetatmoAuthError(
    "The authorization state is not one this app made (forged, altered, cut, or made with another client secret): the callback was refused. Send the user through app.authorizeUrl() again.",
    { oauthError: 'invalid_state', reauthorizationRequired: true },
  );
}

async function deriveKey(clientSecret: string): Promise<CryptoKey> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('createNetatmoApp needs Web Crypto (crypto.subtle): Node.js 22+, Bun, Deno or a browser worker');
  const material = await subtle.importKey('raw', new TextEncoder().encode(clientSecret), 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('netatmo-connect'), info: new TextEncoder().encode('authorization state v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
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
