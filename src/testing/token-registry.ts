import { randomBytes } from 'node:crypto';

/** An access token the fake has issued. */
interface AccessGrant {
  /** The Netatmo user the token belongs to. */
  user: string;
  refreshToken: string | undefined;
  expiresAt: number;
  scope: string[];
  /** Set by `invalidateAccessTokens()`: the API answers code 2 for it. */
  invalid: boolean;
}

/** An authorization code waiting for `/oauth2/token`. */
interface PendingCode {
  user: string;
  redirectUri: string;
  scope: string[];
  expiresAt: number;
}

/** What the token endpoint hands out. */
export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  scope: string[];
  expires_in?: unknown;
  expire_in?: unknown;
}

/** How long an authorization code lives at Netatmo: about 10 minutes. */
const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * The fake's memory of every token and code, with Netatmo's strict rotation: a refresh token works
 * once, and using it kills it and the access token issued with it.
 */
export class TokenRegistry {
  readonly #access = new Map<string, AccessGrant>();
  /** Live refresh tokens and the access token issued with each. */
  readonly #refresh = new Map<string, { accessToken: string; scope: string[]; user: string }>();
  readonly #codes = new Map<string, PendingCode>();
  /** Every user tokens were issued to; rotation is strict per user (each chain single-use). */
  readonly #users = new Set<string>();
  /** The user of {@link issue} calls that name none: one account, as most tests want. */
  readonly defaultUser = newUserId();
  readonly #now: () => number;
  lifetimeSeconds: number;
  /** What the answers announce as `expires_in` instead of the real lifetime (odd-answer tests). */
  announcedExpiresIn: { value: unknown } | undefined;

  constructor(now: () => number, lifetimeSeconds: number) {
    this.#now = now;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  /** Issues a new pair, as a successful grant does. */
  issue(scope: string[], user = this.defaultUser): IssuedTokens {
    // Netatmo's shape: `<24-hex user id>|<32 hex>`.
    const accessToken = `${user}|${randomBytes(16).toString('hex')}`;
    const refreshToken = `${user}|${randomBytes(16).toString('hex')}`;
    this.#users.add(user);
    this.#access.set(accessToken, {
      user,
      refreshToken,
      expiresAt: this.#now() + this.lifetimeSeconds * 1000,
      scope,
      invalid: false,
    });
    this.#refresh.set(refreshToken, { accessToken, scope, user });
    const announced = this.announcedExpiresIn ? this.announcedExpiresIn.value : this.lifetimeSeconds;
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      scope,
      ...(announced !== undefined && { expires_in: announced, expire_in: announced }),
    };
  }

  /** Uses a refresh token once: the old pair dies, a new pair is issued. Undefined if not live. */
  rotate(refreshToken: string): IssuedTokens | undefined {
    const live = this.#refresh.get(refreshToken);
    if (!live) return undefined;
    this.#refresh.delete(refreshToken);
    this.#access.delete(live.accessToken);
    return this.issue(live.scope, live.user);
  }

  /** Creates an authorization code, as the approval page does. */
  createCode(redirectUri: string, scope: string[], user = newUserId()): string {
    const code = randomBytes(16).toString('hex');
    this.#codes.set(code, { user, redirectUri, scope, expiresAt: this.#now() + CODE_LIFETIME_MS });
    return code;
  }

  /** Redeems a code once. */
  redeemCode(code: string, redirectUri: string): IssuedTokens | 'invalid_grant' | 'redirect_uri_mismatch' {
    const pending = this.#codes.get(code);
    if (!pending || pending.expiresAt <= this.#now()) {
      this.#codes.delete(code);
      return 'invalid_grant';
    }
    if (pending.redirectUri !== redirectUri) return 'redirect_uri_mismatch';
    this.#codes.delete(code);
    return this.issue(pending.scope, pending.user);
  }

  /** How many users tokens were issued to (Netatmo's app limit grows with it). */
  get userCount(): number {
    return this.#users.size;
  }

  /** What the API thinks of a bearer token: its scopes, or the Netatmo error code (2, 3). */
  check(accessToken: string | undefined): { scope: string[]; user: string } | { code: 1 | 2 | 3 } {
    if (!accessToken) return { code: 1 };
    const grant = this.#access.get(accessToken);
    if (!grant || grant.invalid) return { code: 2 };
    if (grant.expiresAt <= this.#now()) return { code: 3 };
    return { scope: grant.scope, user: grant.user };
  }

  expireAccessTokens(): void {
    for (const grant of this.#access.values()) grant.expiresAt = Math.min(grant.expiresAt, this.#now());
  }

  invalidateAccessTokens(): void {
    for (const grant of this.#access.values()) grant.invalid = true;
  }

  revokeRefreshTokens(): void {
    this.#refresh.clear();
  }

  /** Live refresh tokens, for assertions. */
  liveRefreshTokens(): string[] {
    return [...this.#refresh.keys()];
  }
}

/** A Netatmo-style user id: 24 hex digits. */
export function newUserId(): string {
  return randomBytes(12).toString('hex');
}
