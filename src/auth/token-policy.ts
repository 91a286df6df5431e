import type { TokenSet } from './token-set.js';

/**
 * The token policy as pure functions of a token set and the clock: what state the tokens are in and
 * when they must be refreshed. The TokenManager acts on it; `netatmo-connect token status` prints it.
 *
 * - **valid**: an access token more than the refresh buffer from expiry;
 * - **expiring**: inside the buffer: the next call refreshes first, the token still works meanwhile;
 * - **expired**: no access token, no expiry, or past it: the next call refreshes, if it can;
 * - **missing**: neither an access token nor a refresh token;
 * - **reauthorizationRequired**: the refresh token is dead (`invalid_grant`), or the access token
 *   expired with no refresh token: only a new login helps (a still-valid access token keeps
 *   serving until it expires).
 *
 * The refresh buffer is clamped to half the token's lifetime, so short-lived tokens are not
 * refreshed on every call: at most one refresh per half lifetime.
 */
export type TokenState = 'valid' | 'expiring' | 'expired' | 'missing' | 'reauthorizationRequired';

/** What the policy needs besides the tokens. */
export interface PolicyClock {
  /** Now, in epoch ms. */
  now: number;
  /** The configured refresh buffer, in ms (`refreshBufferMs`). */
  bufferMs: number;
  /** The access token's lifetime in ms, or the best estimate of it; `undefined` when unknown. */
  lifetimeMs?: number | undefined;
}

/** Netatmo's access tokens live 3 hours: the lifetime assumed when an answer says nothing usable. */
export const DEFAULT_TOKEN_LIFETIME_S = 10_800;
/**
 * Shortest lifetime accepted from an answer, in seconds. Netatmo's is 3 hours; short lifetimes
 * come from test servers (the fake's scaled-down tokens), and the half-lifetime clamp keeps even
 * those to one refresh per half lifetime.
 */
export const MIN_TOKEN_LIFETIME_S = 2;
/** Longest lifetime accepted: keeps `expiresAt` a date every store can write. */
export const MAX_TOKEN_LIFETIME_S = 365 * 24 * 3600;

/**
 * An `expires_in` from a token answer as seconds the SDK can trust: absent, non-numeric, zero or
 * negative → Netatmo's usual 10 800; otherwise clamped to 2 s … 1 year (so `expiresAt` is always a
 * date every store can write).
 */
export function sanitizeExpiresIn(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_TOKEN_LIFETIME_S;
  return Math.min(MAX_TOKEN_LIFETIME_S, Math.max(MIN_TOKEN_LIFETIME_S, Math.round(seconds)));
}

/** True when the access token is absent, has no expiry, or is past it. */
export function isExpired(tokens: TokenSet | undefined, now: number): boolean {
  return !tokens?.accessToken || tokens.expiresAt === undefined || now >= tokens.expiresAt;
}

/** The buffer in force: `bufferMs`, at most half the lifetime when it is known. */
export function effectiveBufferMs(clock: PolicyClock): number {
  return clock.lifetimeMs === undefined ? clock.bufferMs : Math.min(clock.bufferMs, clock.lifetimeMs / 2);
}

/** True when the access token is usable and outside the refresh buffer. */
export function isFresh(tokens: TokenSet | undefined, clock: PolicyClock): tokens is TokenSet & { accessToken: string; expiresAt: number } {
  return !isExpired(tokens, clock.now) && clock.now < tokens!.expiresAt! - effectiveBufferMs(clock);
}

/** The state of `tokens` now; `dead` says the refresh token was refused with `invalid_grant`. */
export function tokenState(tokens: TokenSet | undefined, clock: PolicyClock, dead = false): TokenState {
  if (dead) return 'reauthorizationRequired';
  if (!tokens?.accessToken && !tokens?.refreshToken) return 'missing';
  if (isExpired(tokens, clock.now)) return tokens.refreshToken ? 'expired' : 'reauthorizationRequired';
  return isFresh(tokens, clock) ? 'valid' : 'expiring';
}
