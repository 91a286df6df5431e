import { NetatmoAuthError, NetatmoError, isNetatmoError } from '../errors.js';
import type { EventBus, RefreshReason } from '../events.js';
import type { Logger } from '../logger.js';
import type { Transport } from '../transport/transport.js';
import { requestTokens, type ClientCredentials } from './token-endpoint.js';
import { describeTokens, fingerprint, normalizeTokenSet, type TokenSet } from './token-set.js';
import type { TokenStore } from './token-store.js';

/** What the TokenManager is built from; the client resolves every field. */
export interface TokenManagerConfig {
  store: TokenStore;
  credentials: ClientCredentials;
  transport: Transport;
  events: EventBus;
  logger: Logger;
  now: () => number;
  /** Refresh this long before expiry, clamped to half the token's lifetime. */
  refreshBufferMs: number;
  /** Used when the store holds no token (a dev-portal refresh token). */
  bootstrapRefreshToken?: string | undefined;
}

/** A snapshot of the tokens' health, safe to print: tokens appear only as fingerprints. */
export interface TokenStatus {
  /**
   * - `valid`: the access token is good and outside the refresh buffer;
   * - `expiring`: inside the buffer; the next call refreshes first;
   * - `expired`: expired or without expiry; the next call refreshes if there is a refresh token;
   * - `missing`: no token at all: run `netatmo-connect login` or pass `refreshToken`;
   * - `reauthorizationRequired`: the refresh token is dead; a new login is needed.
   */
  state: 'valid' | 'expiring' | 'expired' | 'missing' | 'reauthorizationRequired';
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  /** When the access token expires. */
  expiresAt?: Date;
  /** Milliseconds until then (negative once expired). */
  expiresInMs?: number;
  scope?: string[];
  accessTokenFingerprint?: string;
  refreshTokenFingerprint?: string;
  /** When this manager last refreshed. */
  lastRefreshAt?: Date;
}

/** How long a token rejected right after a forced refresh waits before another forced refresh. */
const FORCED_REFRESH_COOLDOWN_MS = 30_000;

/** What a locked refresh produced; events are emitted from it once the lock is released. */
interface RefreshOutcome {
  tokens: TokenSet;
  /** Set when this manager called `/oauth2/token` (not when it adopted another holder's tokens). */
  refreshed?: { reason: RefreshReason; previousRefreshToken: string | undefined };
}

/**
 * Owns the tokens of one client. Its policy, which the tests prove line by line:
 *
 * 1. **Fresh**: `getAccessToken()` returns the current access token while it is more than
 *    `refreshBufferMs` (default 60 s, clamped to half the token's lifetime) from expiry.
 * 2. **Single flight**: otherwise one refresh runs per manager, however many calls wait; they all
 *    get its result. Inside `store.withLock` (when the store has one) the store is **re-loaded**:
 *    if another client or process already refreshed, its tokens are adopted and no request is made.
 * 3. **The request**: `/oauth2/token` with `grant_type=refresh_token` through the transport, with
 *    no auth hooks; it is retried only where the server surely did not act on it (refused
 *    connection, 429, 503), never after a timeout, since the server may already have rotated.
 * 4. **Expiry** is counted from when the request started; a response without `refresh_token`
 *    keeps the one that was sent.
 * 5. **Save first**: the new set is saved to the store before anything uses it; then the lock is
 *    released; then `tokenRefreshed` and, if the refresh token changed, `refreshTokenRotated` fire.
 * 6. **Failure**: the store is re-read first, and fresh tokens another holder saved meanwhile
 *    (say, while our lock wait timed out) are adopted. Otherwise, with a still-valid token, calls
 *    go on with the old access token and `refreshFailed` fires (`usingStillValidToken: true`). A
 *    failure is never cached: the next call tries again.
 * 7. **`invalid_grant`**: the store is re-loaded once; a newer refresh token there is adopted and
 *    used. Otherwise `reauthorizationRequired` fires once and calls fail fast with a
 *    {@link NetatmoAuthError} (no token request) until `setTokens()`, or until the store holds a
 *    different refresh token (e.g. `netatmo-connect login` rewrote the token file).
 * 8. **403 code 2/3** (see `handleRejected`): refresh only if the rejected token is still the
 *    current one, and let the request be retried once. A token rejected again within 30 s of a
 *    forced refresh gets no further forced refresh, so a permanent 403 cannot become a refresh
 *    storm. Codes 13 (scope) and 26 (rate limit) never cause a refresh.
 *
 * Token rules (design §2.3): a set without `expiresAt` counts as expired; an expired access token
 * is dropped but its refresh token used; a refresh-token-only set refreshes at once; without a
 * refresh token the access token is used until it expires, then `reauthorizationRequired`.
 */
export class TokenManager {
  readonly #config: TokenManagerConfig;
  #current: TokenSet | undefined;
  /** Lifetime of the current access token in ms, known when this manager obtained it. */
  #lifetimeMs: number | undefined;
  #loading: Promise<void> | undefined;
  #loaded = false;
  #inFlight: Promise<TokenSet | undefined> | undefined;
  #dead: { error: NetatmoAuthError; refreshToken: string | undefined } | undefined;
  #lastForcedRefreshAt = Number.NEGATIVE_INFINITY;
  #lastRefreshAt: number | undefined;
  #unsaved = false;
  /** When the latest `/oauth2/token` request started: expiry counts from there. */
  #refreshStartedAt = 0;

  /** @internal Built by `createNetatmoClient`; reach it as `client.tokens`. */
  constructor(config: TokenManagerConfig) {
    this.#config = config;
  }

  /**
   * A usable access token, refreshing first when it is expired or about to expire.
   *
   * @throws {@link NetatmoAuthError} when there is no usable token and none can be obtained
   *   (`reauthorizationRequired` tells whether a new login is needed).
   * @throws {@link NetatmoNetworkError} / {@link NetatmoTimeoutError} / {@link NetatmoApiError}
   *   when the refresh failed and the old token has expired.
   */
  async getAccessToken(): Promise<string> {
    await this.#ensureLoaded();
    await this.#retryUnsavedSave();
    if (this.#dead) await this.#reviveFromStore();

    const current = this.#current;
    if (current?.accessToken && !this.#needsRefresh(current)) return current.accessToken;
    if (this.#dead) {
      // Dead refresh token: a still-valid access token keeps serving until it expires.
      if (current?.accessToken && !this.#isExpired(current)) return current.accessToken;
      throw this.#dead.error;
    }

    const reason: RefreshReason = !current?.accessToken || this.#isExpired(current) ? 'expired' : 'expiring';
    let refreshed: TokenSet | undefined;
    try {
      refreshed = await this.#refreshOnce(reason);
    } catch (error) {
      const fallback = this.#current;
      if (fallback?.accessToken && !this.#isExpired(fallback)) return fallback.accessToken;
      throw error;
    }
    if (refreshed?.accessToken) return refreshed.accessToken;
    // Joined a forced refresh that the 30 s cool-down skipped: the current token is all there is.
    if (this.#current?.accessToken && !this.#isExpired(this.#current)) return this.#current.accessToken;
    throw this.#noTokenError();
  }

  /**
   * Refreshes now, whatever the expiry, and resolves to the new tokens (saved already).
   *
   * @throws {@link NetatmoAuthError} with `reauthorizationRequired` when the refresh token is
   *   dead or missing; the transport's errors when Netatmo could not be reached.
   */
  async refresh(): Promise<TokenSet> {
    await this.#ensureLoaded();
    const tokens = await this.#refreshOnce('manual');
    if (!tokens) throw this.#noTokenError();
    return copyTokens(tokens);
  }

  /**
   * Replaces the tokens (e.g. after a new login): saves them to the store, uses them from the next
   * call on and clears the `reauthorizationRequired` state.
   *
   * @throws TypeError when `tokens` is not a valid {@link TokenSet}.
   */
  async setTokens(tokens: TokenSet): Promise<void> {
    const normalized = normalizeTokenSet(tokens, 'tokens.setTokens()');
    if (!normalized?.accessToken && !normalized?.refreshToken) {
      throw new TypeError('tokens.setTokens() needs an accessToken or a refreshToken');
    }
    await this.#locked(() => this.#config.store.save(normalized));
    this.#adopt(normalized, undefined);
    this.#loaded = true;
    this.#dead = undefined;
    this.#lastForcedRefreshAt = Number.NEGATIVE_INFINITY;
    this.#config.logger.info(`netatmo-connect: tokens replaced (refresh token ${fingerprint(normalized.refreshToken)})`);
  }

  /** The tokens' health, without refreshing. Loads the store on first use. */
  async status(): Promise<TokenStatus> {
    await this.#ensureLoaded();
    const tokens = this.#current;
    const now = this.#config.now();
    const state: TokenStatus['state'] = this.#dead
      ? 'reauthorizationRequired'
      : !tokens?.accessToken && !tokens?.refreshToken
        ? 'missing'
        : !tokens.accessToken || this.#isExpired(tokens)
          ? 'expired'
          : this.#needsRefresh(tokens)
            ? 'expiring'
            : 'valid';
    return {
      state,
      hasAccessToken: Boolean(tokens?.accessToken),
      hasRefreshToken: Boolean(tokens?.refreshToken),
      ...(tokens?.expiresAt !== undefined && { expiresAt: new Date(tokens.expiresAt), expiresInMs: tokens.expiresAt - now }),
      ...(tokens?.scope && { scope: [...tokens.scope] }),
      ...(tokens?.accessToken && { accessTokenFingerprint: fingerprint(tokens.accessToken) }),
      ...(tokens?.refreshToken && { refreshTokenFingerprint: fingerprint(tokens.refreshToken) }),
      ...(this.#lastRefreshAt !== undefined && { lastRefreshAt: new Date(this.#lastRefreshAt) }),
    };
  }

  /**
   * Called by the authorized request when the API answered 403 with code 2 or 3 for `rejected`.
   * Resolves to the token to retry with, or `undefined` when the request must not be retried
   * (cool-down after a forced refresh, or a dead refresh token).
   *
   * @internal
   */
  async handleRejected(rejected: string): Promise<string | undefined> {
    await this.#ensureLoaded();
    const current = this.#current;
    // Someone refreshed since this request went out: retry with the newer token, no refresh.
    if (current?.accessToken && current.accessToken !== rejected && !this.#isExpired(current)) return current.accessToken;
    if (this.#dead) return undefined;
    const tokens = await this.#refreshOnce('rejected', rejected);
    return tokens?.accessToken;
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `TokenManager ${JSON.stringify(this.toJSON())}`;
  }

  /** @internal A printable summary: fingerprints, never tokens. */
  toJSON(): Record<string, unknown> {
    return { ...describeTokens(this.#current), reauthorizationRequired: Boolean(this.#dead) };
  }

  // ── loading ──────────────────────────────────────────────────────────────────────────────

  #ensureLoaded(): Promise<void> {
    if (this.#loaded) return Promise.resolve();
    this.#loading ??= this.#loadStore()
      .then((stored) => {
        const bootstrap = this.#config.bootstrapRefreshToken;
        const tokens = stored ?? (bootstrap ? { refreshToken: bootstrap } : undefined);
        if (tokens) this.#adopt(tokens, undefined);
        this.#loaded = true;
      })
      .finally(() => {
        // A failed load (corrupt file) is not cached: the next call reads the store again.
        this.#loading = undefined;
      });
    return this.#loading;
  }

  async #loadStore(): Promise<TokenSet | undefined> {
    const stored = normalizeTokenSet(await this.#config.store.load(), 'tokenStore.load()');
    return stored?.accessToken || stored?.refreshToken ? stored : undefined;
  }

  #adopt(tokens: TokenSet, lifetimeMs: number | undefined): void {
    this.#current = copyTokens(tokens);
    this.#lifetimeMs = lifetimeMs;
  }

  // ── expiry math ──────────────────────────────────────────────────────────────────────────

  #isExpired(tokens: TokenSet): boolean {
    return tokens.expiresAt === undefined || this.#config.now() >= tokens.expiresAt;
  }

  #needsRefresh(tokens: TokenSet): boolean {
    if (tokens.expiresAt === undefined) return true;
    const buffer = Math.min(this.#config.refreshBufferMs, this.#lifetimeMs === undefined ? Infinity : this.#lifetimeMs / 2);
    return this.#config.now() >= tokens.expiresAt - buffer;
  }

  #isFresh(tokens: TokenSet | undefined): tokens is TokenSet & { accessToken: string } {
    return Boolean(tokens?.accessToken) && !this.#needsRefresh(tokens!);
  }

  // ── refresh ──────────────────────────────────────────────────────────────────────────────

  /** Step 2: one refresh at a time; every caller that arrives meanwhile shares its result. */
  #refreshOnce(reason: RefreshReason, rejected?: string): Promise<TokenSet | undefined> {
    this.#inFlight ??= this.#refreshAndReport(reason, rejected).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #refreshAndReport(reason: RefreshReason, rejected: string | undefined): Promise<TokenSet | undefined> {
    const before = this.#current;
    let outcome: RefreshOutcome | undefined;
    try {
      outcome = await this.#locked(() => this.#refreshInsideLock(reason, rejected));
    } catch (error) {
      // The lock may have timed out behind a slow holder that did refresh: its tokens are as good.
      const adopted = error === this.#dead?.error ? undefined : await this.#adoptFresherFromStore(rejected);
      if (adopted) return adopted;
      const netatmoError = toNetatmoError(error);
      const current = this.#current ?? before;
      const usingStillValidToken = reason !== 'manual' && Boolean(current?.accessToken) && !this.#isExpired(current!);
      this.#config.logger.warn(
        `netatmo-connect: token refresh (${reason}) failed: ${netatmoError.message}${usingStillValidToken ? '; going on with the still-valid access token' : ''}`,
      );
      this.#config.events.emit('refreshFailed', { error: netatmoError, usingStillValidToken });
      const dead = this.#dead;
      if (dead && dead.error === error) this.#config.events.emit('reauthorizationRequired', { error: dead.error });
      throw error;
    }
    if (!outcome) return undefined;
    const { tokens, refreshed } = outcome;
    if (refreshed) {
      const previous = refreshed.previousRefreshToken;
      const rotated = tokens.refreshToken !== previous;
      this.#config.logger.info(
        `netatmo-connect: tokens refreshed (${refreshed.reason}); valid until ${tokens.expiresAt === undefined ? 'unknown' : new Date(tokens.expiresAt).toISOString()}` +
          (rotated ? `; refresh token rotated ${fingerprint(previous)} → ${fingerprint(tokens.refreshToken)}` : ''),
      );
      this.#config.events.emit('tokenRefreshed', { tokens: copyTokens(tokens), reason: refreshed.reason });
      if (rotated) {
        this.#config.events.emit('refreshTokenRotated', { tokens: copyTokens(tokens), previousFingerprint: fingerprint(previous) });
      }
    }
    return tokens;
  }

  /** Re-reads the store outside the lock; adopts a fresh set that is not the one we hold. */
  async #adoptFresherFromStore(rejected: string | undefined): Promise<TokenSet | undefined> {
    const stored = await this.#loadStore().catch(() => undefined);
    if (!this.#isFresh(stored) || stored.accessToken === this.#current?.accessToken || stored.accessToken === rejected) return undefined;
    this.#config.logger.info(`netatmo-connect: the refresh failed, but the store holds fresh tokens from another holder (refresh token ${fingerprint(stored.refreshToken)}); using them`);
    this.#adopt(stored, undefined);
    return stored;
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const { store } = this.#config;
    return store.withLock ? store.withLock(fn) : fn();
  }

  async #refreshInsideLock(reason: RefreshReason, rejected: string | undefined): Promise<RefreshOutcome | undefined> {
    // Another client or process sharing the store may have refreshed while we waited for the lock.
    const stored = await this.#loadStore();
    if (reason !== 'manual' && this.#isFresh(stored) && stored.accessToken !== rejected) {
      if (stored.accessToken !== this.#current?.accessToken) {
        this.#config.logger.debug(`netatmo-connect: adopted tokens refreshed by another holder of the store (refresh token ${fingerprint(stored.refreshToken)})`);
      }
      this.#adopt(stored, stored.accessToken === this.#current?.accessToken ? this.#lifetimeMs : undefined);
      return { tokens: stored };
    }
    if (reason === 'rejected' && this.#config.now() - this.#lastForcedRefreshAt < FORCED_REFRESH_COOLDOWN_MS) {
      this.#config.logger.warn(
        'netatmo-connect: the API rejected a token obtained by a forced refresh less than 30 s ago; not refreshing again',
      );
      return undefined;
    }

    const refreshToken = stored?.refreshToken ?? this.#current?.refreshToken;
    if (!refreshToken) throw this.#die(this.#noTokenError(), undefined);

    let tokens: TokenSet;
    try {
      tokens = await this.#requestRefresh(refreshToken);
    } catch (error) {
      if (!(error instanceof NetatmoAuthError && error.oauthError === 'invalid_grant')) throw error;
      // Step 7: the refresh token may have been rotated by another holder a moment ago.
      const reloaded = await this.#loadStore();
      if (!reloaded?.refreshToken || reloaded.refreshToken === refreshToken) throw this.#die(deadTokenError(error), refreshToken);
      if (this.#isFresh(reloaded)) {
        this.#adopt(reloaded, undefined);
        return { tokens: reloaded };
      }
      try {
        tokens = await this.#requestRefresh(reloaded.refreshToken);
      } catch (retryError) {
        if (retryError instanceof NetatmoAuthError && retryError.oauthError === 'invalid_grant') {
          throw this.#die(deadTokenError(retryError), reloaded.refreshToken);
        }
        throw retryError;
      }
    }

    // Step 5: durable before use. Netatmo has already killed the previous refresh token, so a
    // failed save keeps the new set in memory (and retries the save on the next call) rather
    // than losing it.
    const lifetimeMs = tokens.expiresAt === undefined ? undefined : tokens.expiresAt - this.#refreshStartedAt;
    this.#adopt(tokens, lifetimeMs);
    this.#lastRefreshAt = this.#config.now();
    if (reason === 'rejected') this.#lastForcedRefreshAt = this.#lastRefreshAt;
    try {
      await this.#config.store.save(tokens);
    } catch (error) {
      this.#unsaved = true;
      this.#config.logger.error(
        `netatmo-connect: the refreshed tokens could not be saved (${errorMessage(error)}); they are kept in memory and the save is retried on the next call`,
      );
      throw new NetatmoError(
        `Refreshed tokens could not be saved to the token store: ${errorMessage(error)}. Netatmo has already rotated the refresh token; the new one is kept in memory and saving is retried on the next call.`,
        { cause: error },
      );
    }
    return { tokens, refreshed: { reason, previousRefreshToken: refreshToken } };
  }

  async #requestRefresh(refreshToken: string): Promise<TokenSet> {
    this.#refreshStartedAt = this.#config.now();
    return requestTokens(
      this.#config.transport,
      this.#config.credentials,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      this.#refreshStartedAt,
      refreshToken,
      [this.#current?.accessToken],
    );
  }

  async #retryUnsavedSave(): Promise<void> {
    if (!this.#unsaved || !this.#current) return;
    const tokens = this.#current;
    try {
      await this.#locked(() => this.#config.store.save(tokens));
      this.#unsaved = false;
      this.#config.logger.info('netatmo-connect: the refreshed tokens are saved now');
    } catch (error) {
      this.#config.logger.error(`netatmo-connect: saving the refreshed tokens failed again (${errorMessage(error)})`);
    }
  }

  // ── dead refresh token ───────────────────────────────────────────────────────────────────

  #die(error: NetatmoAuthError, refreshToken: string | undefined): NetatmoAuthError {
    this.#dead = { error, refreshToken };
    return error;
  }

  /** A different refresh token in the store (a new login) brings a dead manager back. */
  async #reviveFromStore(): Promise<void> {
    const stored = await this.#loadStore();
    if (!stored || (stored.refreshToken ?? '') === (this.#dead?.refreshToken ?? '')) return;
    if (!stored.refreshToken && !this.#isFresh(stored)) return;
    this.#config.logger.info(`netatmo-connect: new tokens found in the store (refresh token ${fingerprint(stored.refreshToken)}); resuming`);
    this.#adopt(stored, undefined);
    this.#dead = undefined;
  }

  #noTokenError(): NetatmoAuthError {
    return new NetatmoAuthError(
      'No usable Netatmo token: the store holds no refresh token and no valid access token. Run `netatmo-connect login`, pass the refreshToken option, or call client.tokens.setTokens().',
      { reauthorizationRequired: true },
    );
  }
}

function deadTokenError(cause: NetatmoAuthError): NetatmoAuthError {
  return new NetatmoAuthError(
    'Netatmo rejected the refresh token (invalid_grant): it was used already, revoked, or replaced by a newer one that was not saved. Run `netatmo-connect login` (or call client.tokens.setTokens()) to authorize again.',
    { oauthError: 'invalid_grant', reauthorizationRequired: true, cause },
  );
}

function toNetatmoError(error: unknown): NetatmoError {
  return isNetatmoError(error) ? error : new NetatmoError(`Token refresh failed: ${errorMessage(error)}`, { cause: error });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function copyTokens(tokens: TokenSet): TokenSet {
  return { ...tokens, ...(tokens.scope && { scope: [...tokens.scope] }) };
}
