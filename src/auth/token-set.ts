/**
 * The tokens of one Netatmo account, as the SDK keeps them and as every {@link TokenStore} saves
 * them.
 *
 * Netatmo rotates the refresh token on every refresh and kills the previous one at once, so a
 * store must save every new set before anything uses it.
 */
export interface TokenSet {
  /** Bearer token for `/api/*` calls; lives 3 hours at Netatmo. */
  accessToken?: string;
  /** Single-use token that buys the next access token (and a new refresh token). */
  refreshToken?: string;
  /** When the access token expires, in epoch milliseconds. A set without it counts as expired. */
  expiresAt?: number;
  /**
   * When the access token was issued (when its refresh request started), in epoch milliseconds.
   * With `expiresAt` it tells every holder of a shared store the token's lifetime, so the refresh
   * buffer can be clamped to half of it. Stores should keep it; without it, Netatmo's usual 3 hours
   * is assumed.
   */
  issuedAt?: number;
  /** Scopes granted, e.g. `['read_station']`. */
  scope?: string[];
}

/**
 * A short, stable, non-reversible label for a token (8 hex digits of FNV-1a), for logs and
 * `status()`: enough to tell two tokens apart, useless to an attacker.
 *
 * @example
 * ```ts
 * fingerprint('91763b24c43d3e344f424e8b|87ff…') // → 'a1b2c3d4'
 * ```
 */
export function fingerprint(token: string | undefined): string {
  if (!token) return 'none';
  // FNV-1a over UTF-16 code units: synchronous and dependency-free, which keeps util.inspect
  // and error messages free of async crypto.
  let hash = 0x811c9dc5;
  for (let index = 0; index < token.length; index++) {
    hash ^= token.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A copy of a token set that is safe to print: tokens replaced by their fingerprints. */
export function describeTokens(tokens: TokenSet | null | undefined): Record<string, unknown> {
  if (!tokens) return { tokens: 'none' };
  return {
    accessToken: tokens.accessToken ? `<fingerprint ${fingerprint(tokens.accessToken)}>` : undefined,
    refreshToken: tokens.refreshToken ? `<fingerprint ${fingerprint(tokens.refreshToken)}>` : undefined,
    expiresAt: tokens.expiresAt === undefined ? undefined : new Date(tokens.expiresAt).toISOString(),
    scope: tokens.scope,
  };
}

/**
 * A copy of `tokens` for event payloads: `accessToken` and `refreshToken` read as usual, but
 * `JSON.stringify`, `util.inspect`, `console.log` and `String()` show fingerprints only, so a
 * handler that logs its payload prints no secret.
 */
export function printSafeTokens(tokens: TokenSet): TokenSet {
  const copy: TokenSet = { ...tokens, ...(tokens.scope && { scope: [...tokens.scope] }) };
  const describe = (): Record<string, unknown> => describeTokens(tokens);
  Object.defineProperties(copy, {
    toJSON: { value: describe, enumerable: false },
    toString: { value: () => `TokenSet ${JSON.stringify(describe())}`, enumerable: false },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => `TokenSet ${JSON.stringify(describe())}`, enumerable: false },
  });
  return copy;
}

/** Checks a value read from a store, so a custom store's mistake surfaces with a clear message. */
export function normalizeTokenSet(value: unknown, where: string): TokenSet | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') {
    throw new TypeError(`${where}: expected a TokenSet object, got ${typeof value}`);
  }
  // A list (or a Map, a Date…) has none of the fields and would read as "no tokens": say what came.
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (Array.isArray(value) || tag !== 'Object') {
    throw new TypeError(`${where}: expected a TokenSet object, got ${Array.isArray(value) ? 'an array' : `a ${tag}`}`);
  }
  const input = value as Record<string, unknown>;
  const tokens: TokenSet = {};
  for (const key of ['accessToken', 'refreshToken'] as const) {
    const field = input[key];
    if (field === undefined || field === null || field === '') continue;
    if (typeof field !== 'string') throw new TypeError(`${where}: ${key} must be a string`);
    tokens[key] = field;
  }
  if (input['expiresAt'] !== undefined && input['expiresAt'] !== null) {
    const expiresAt = input['expiresAt'];
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError(`${where}: expiresAt must be epoch milliseconds (a finite number)`);
    }
    tokens.expiresAt = expiresAt;
  }
  if (input['issuedAt'] !== undefined && input['issuedAt'] !== null) {
    const issuedAt = input['issuedAt'];
    if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) {
      throw new TypeError(`${where}: issuedAt must be epoch milliseconds (a finite number)`);
    }
    tokens.issuedAt = issuedAt;
  }
  if (input['scope'] !== undefined && input['scope'] !== null) {
    const scope = input['scope'];
    if (!Array.isArray(scope) || !scope.every((item) => typeof item === 'string')) {
      throw new TypeError(`${where}: scope must be an array of strings`);
    }
    tokens.scope = [...scope];
  }
  return tokens;
}
