import { NetatmoAuthError, NetatmoError, invalidOption, isNetatmoError } from '../errors.js';
import type { EventBus, RefreshReason } from '../events.js';
import type { Log } from '../logger.js';
import { abortable } from '../abort.js';
import type { Transport } from '../transport/transport.js';
import { requestTokens, type ClientCredentials, type IssuedTokens } from './token-endpoint.js';
import { DEFAULT_TOKEN_LIFETIME_S, isExpired, isFresh, tokenState, type PolicyClock, type TokenState } from './token-policy.js';
import { describeTokens, fingerprint, normalizeTokenSet, printSafeTokens, type TokenSet } from './token-set.js';
import type { TokenStore } from './token-store.js';
import { unrefTimer } from '../runtime/unref-timer.js';
import { createRedactor, redactError } from '../transport/redact.js';

/** What the TokenManager is built from; the client resolves every field. */
export interface TokenManagerConfig {
  store: TokenStore;
  credentials: ClientCredentials;
  transport: Transport;
  events: EventBus;
  log: Log;
  now: () => number;
  /** Refresh this long before expiry, clamped to half the token's lifetime. */
  refreshBufferMs: number;
  /** Used when the store holds no token (a dev-portal refresh token). */
  bootstrapRefreshToken?: string | undefined;
  /**
   * How long anything waits for the store. For `store.save()`: after that the new tokens are used
   * from memory and the save is owed. For `store.load()`: after that the calls that needed it fail.
   * The client passes its `timeoutMs`.
   */
  storeWaitMs: number;
  /**
   * How long a refresh waits for `store.withLock` to start it; after that the refresh fails (and
   * does nothing should the store start it later). The client passes the store's `lockTimeoutMs`
   * (else its worst-case refresh) plus `timeoutMs`.
   */
  lockWaitMs: number;
}

/**
 * What the authorized request sees of the manager: a token to send, and what to do when the API
 * rejected one. Nothing else of the manager is reachable from the request path.
 */
export interface TokenSource {
  /**
   * The access token when one is usable right now with nothing to wait for (loaded, fresh, saved,
   * the refresh token alive); `undefined` otherwise, and then {@link TokenSource.accessToken}.
   */
  usableNow(): string | undefined;
  /** A usable access token; the wait (not the refresh other calls share) ends when `signal` fires. */
  accessToken(signal?: AbortSignal): Promise<string>;
  /**
   * The API answered 403 code 2 or 3 for `token`. Resolves to the token to retry with once, or
   * `undefined` when the request must not be retried (the API error stands); rejects with a
   * {@link NetatmoAuthError} when the refresh token is dead.
   */
  rejected(token: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** A snapshot of the tokens' health, safe to print: tokens appear only as fingerprints. */
export interface TokenStatus {
  /**
   * - `valid`: the access token is good and outside the refresh buffer;
   * - `expiring`: inside the buffer; the next call refreshes first;
   * - `expired`: expired or without expiry; the next call refreshes with the refresh token;
   * - `missing`: no token at all: run `netatmo-connect login` or pass `refreshToken`;
   * - `reauthorizationRequired`: the refresh token is dead, or there is none and the access token
   *   expired: a new login is needed.
   */
  state: TokenState;
  /** Whether an access token is held. */
  hasAccessToken: boolean;
  /** Whether a refresh token is held. */
  hasRefreshToken: boolean;
  /** When the access token expires. */
  expiresAt?: Date;
  /** Milliseconds until then (negative once expired). */
  expiresInMs?: number;
  /** Scopes granted. */
  scope?: string[];
  /** 8 hex digits that tell access tokens apart (never the token). */
  accessTokenFingerprint?: string;
  /** 8 hex digits that tell refresh tokens apart (never the token). */
  refreshTokenFingerprint?: string;
  /** When this manager last refreshed. */
  lastRefreshAt?: Date;
  /** True while refreshed tokens are held in memory only because the store could not save them. */
  unsaved: boolean;
}

/** How long a token rejected right after a forced refresh waits before another forced refresh. */
const FORCED_REFRESH_COOLDOWN_MS = 30_000;

/** What one locked refresh step did. Events are emitted from it once the lock is released. */
type RefreshResult =
  /** This manager called `/oauth2/token`; `saveError` is set when the store refused the new set. */
  | { kind: 'refreshed'; tokens: TokenSet; reason: RefreshReason; previousRefreshToken: string; saveError?: NetatmoError }
  /** Another holder of the store had refreshed already: its tokens are used, no request made. */
  | { kind: 'adopted'; tokens: TokenSet }
  /** A forced refresh inside the 30 s cool-down: nothing done. */
  | { kind: 'skipped' };

/** What the locked step can also end in: the refresh token is dead (or there is none). */
type LockedOutcome = RefreshResult | { kind: 'dead'; error: NetatmoAuthError; refreshToken: string | undefined };

/**
 * Owns the tokens of one client. Its policy, which the tests prove line by line:
 *
 * 1. **Fresh**: `getAccessToken()` returns the current access token while it is more than
 *    `refreshBufferMs` (default 60 s) from expiry. The buffer is clamped to half the token's
 *    lifetime: the one Netatmo gave when this manager refreshed, or for tokens adopted from the
 *    store `expiresAt − issuedAt` (every set this SDK saves carries `issuedAt`), or else Netatmo's
 *    usual 3 hours. So short-lived tokens are refreshed at most once per half lifetime, however
 *    many processes share them.
 * 2. **Single flight**: otherwise one refresh runs per manager, however many calls wait; they all
 *    get its result. Inside `store.withLock` (when the store has one) the store is **re-loaded**:
 *    if another client or process already refreshed, its tokens are adopted and no request is made.
 *    A lock not granted within the store's `lockTimeoutMs` (else the worst-case refresh) plus
 *    `timeoutMs` fails the refresh, and a refresh the store starts later does nothing.
 * 3. **The request**: `/oauth2/token` with `grant_type=refresh_token` through the transport, with
 *    no auth hooks and no budget; retried only where the server surely did not act on it (refused
 *    connection, 429, 503), never after a timeout, since the server may already have rotated.
 * 4. **The answer**: expiry counts from when the request started; `expires_in` is sanitised
 *    (absent or invalid → 10 800 s; clamped to 2 s … 1 year); a response without `refresh_token`
 *    keeps the one that was sent. Nothing that can throw, and no user code (logger, handler), runs
 *    between the answer and the save.
 * 5. **Save first**: the new set is saved to the store before anything uses it; then the lock is
 *    released (waited for at most `timeoutMs`; a failed release is logged, the refresh stands);
 *    then `tokenRefreshed` and, if the refresh token changed, `refreshTokenRotated` fire.
 *    If the save fails, Netatmo has already killed the old refresh token: the new set stays in
 *    memory (memory is then never replaced by the older set in the store), the save is retried on
 *    every call, `refreshFailed` fires with the save error, and `refresh()` rejects saying so.
 *    Automatic refreshes go on serving the new access token meanwhile. A save that has not
 *    settled after `timeoutMs` counts as failed for the callers (they go on with the new token
 *    from memory) while it may still land: at most one save is outstanding at a time, so a late
 *    save never lands after a newer set's. If it lands and no newer set came, the owed events
 *    fire then; if one came, it is saved right after.
 * 6. **Failure**: the store is re-read first, and fresh tokens another holder saved meanwhile
 *    (say, while our lock wait timed out) are adopted. Otherwise, with a still-valid token, calls
 *    go on with the old access token and `refreshFailed` fires (`usingStillValidToken: true`). A
 *    failure is never cached: the next call tries again.
 * 7. **`invalid_grant`**: the store is re-loaded once; a newer refresh token there is adopted and
 *    used. Otherwise `reauthorizationRequired` fires once and the refresh token counts as dead:
 *    calls fail fast with a {@link NetatmoAuthError} (`reauthorizationRequired: true`, no token
 *    request) once the access token has expired or the API rejected it, until `setTokens()`, or
 *    until the store holds a different refresh token (e.g. `netatmo-connect login` rewrote the file).
 * 8. **403 code 2/3**: refresh only if the rejected token is still the current one, and let the
 *    request be retried once. A token rejected again within 30 s of a forced refresh gets no
 *    further forced refresh, so a permanent 403 cannot become a refresh storm. Codes 13 (scope) and
 *    26 (rate limit) never cause a refresh. With a dead refresh token, a rejected access token is
 *    dropped and the call fails with the `NetatmoAuthError`.
 * 9. **Aborts**: a caller's `AbortSignal` ends its own wait at once; the refresh it was waiting for
 *    goes on for the other callers and for the store.
 *
 * Token rules (design §2.3): a set without `expiresAt` counts as expired; an expired access token
 * is dropped but its refresh token used; a refresh-token-only set refreshes at once; without a
 * refresh token the access token is used until it expires, then `reauthorizationRequired`.
 */
export class TokenManager {
  readonly #config: TokenManagerConfig;
  #current: TokenSet | undefined;
  /** The set `#current` replaced: a store's error may still quote it (see {@link TokenManager.#storeError}). */
  #previous: TokenSet | undefined;
  /** Lifetime of the current access token: known (we refreshed it) or estimated at first sight. */
  #lifetime: { accessToken: string; ms: number } | undefined;
  #loading: Promise<void> | undefined;
  #loaded = false;
  #inFlight: Promise<RefreshResult> | undefined;
  #dead: { error: NetatmoAuthError; refreshToken: string | undefined } | undefined;
  #lastForcedRefreshAt = Number.NEGATIVE_INFINITY;
  #lastRefreshAt: number | undefined;
  /** Set while the newest tokens live in memory only; holds the events owed once they are saved. */
  #unsaved: { reason: RefreshReason; previousRefreshToken: string } | undefined;
  /** Settles when the store's outstanding save does; set while one has not (see {@link TokenManager.#save}). */
  #pendingSave: Promise<void> | undefined;

  /** @internal Built by `createNetatmoClient`; reach it as `client.tokens`. */
  constructor(config: TokenManagerConfig, expose?: (source: TokenSource) => void) {
    this.#config = config;
    expose?.({
      usableNow: () => this.#usableNow(),
      accessToken: (signal) => abortable(this.#accessToken(), signal, 'Waiting for a Netatmo access token'),
      rejected: (token, signal) => abortable(this.#rejected(token), signal, 'Waiting for a token refresh'),
    });
  }

  /**
   * A usable access token, refreshing first when it is expired or about to expire.
   *
   * @example
   * ```ts
   * const accessToken = await client.tokens.getAccessToken();
   * ```
   * @throws {@link NetatmoAuthError} when there is no usable token and none can be obtained
   *   (`reauthorizationRequired` tells whether a new login is needed).
   * @throws {@link NetatmoNetworkError} / {@link NetatmoTimeoutError} / {@link NetatmoApiError}
   *   when the refresh failed and the old token has expired.
   */
  getAccessToken(): Promise<string> {
    return this.#accessToken();
  }

  /**
   * Refreshes now, whatever the expiry, and resolves to the new tokens, saved already.
   *
   * @example
   * ```ts
   * const { expiresAt } = await client.tokens.refresh();
   * ```
   * @throws {@link NetatmoAuthError} with `reauthorizationRequired` when the refresh token is
   *   dead or missing; the transport's errors when Netatmo could not be reached; a
   *   {@link NetatmoError} when Netatmo answered but the store could not save the new tokens, or
   *   had not finished within `timeoutMs` (they are kept in memory, used, and saved on a later call
   *   or when the store answers).
   */
  async refresh(): Promise<TokenSet> {
    await this.#ensureLoaded();
    const result = await this.#refreshOnce('manual');
    if (result.kind === 'skipped') throw this.#noTokenError();
    if (result.kind === 'refreshed' && result.saveError) throw result.saveError;
    return copyTokens(result.tokens);
  }

  /**
   * Replaces the tokens (e.g. after a new login): saves them to the store, uses them from the next
   * call on and clears the `reauthorizationRequired` state.
   *
   * @example
   * ```ts
   * await client.tokens.setTokens(await exchangeCode({ clientId, clientSecret, code, redirectUri }));
   * ```
   * @throws {@link NetatmoValidationError} when `tokens` is not a valid {@link TokenSet}.
   * @throws the store's own error when it could not save them; a {@link NetatmoError} when it had
   *   not finished within `timeoutMs` (nor an earlier save it was still busy with). Either way the
   *   tokens in use stay as they were; a save that lands late puts them in the store, where the
   *   client finds them at its next refresh (at once, if it was waiting for a new login).
   */
  async setTokens(tokens: TokenSet): Promise<void> {
    let normalized: TokenSet | undefined;
    try {
      normalized = normalizeTokenSet(tokens, 'tokens');
    } catch (error) {
      throw invalidOption('tokens', errorMessage(error));
    }
    if (!normalized?.accessToken && !normalized?.refreshToken) {
      throw invalidOption('tokens', 'tokens.setTokens() needs an accessToken or a refreshToken');
    }
    // Durable before use, as for a refresh; one save outstanding at a time, so an older set never
    // lands after this one; and a store that never answers cannot hold the caller forever.
    const outcome = await this.#save(normalized, true);
    if (outcome.kind === 'failed') throw outcome.error;
    if (outcome.kind !== 'saved') {
      throw new NetatmoError(
        `tokens.setTokens(): the token store has not finished saving after ${this.#config.storeWaitMs} ms${outcome.kind === 'behind' ? ' (an earlier save is still outstanding, so this one was not started)' : ''}. The tokens in use are unchanged; ${outcome.kind === 'behind' ? 'call setTokens() again once the store answers' : 'should the save still land, the client picks the new tokens up from the store at its next refresh'}.`,
      );
    }
    this.#adopt(normalized, undefined);
    this.#loaded = true;
    this.#dead = undefined;
    this.#unsaved = undefined;
    this.#lastForcedRefreshAt = Number.NEGATIVE_INFINITY;
    this.#config.log.info(`netatmo-connect: tokens replaced (refresh token ${fingerprint(normalized.refreshToken)})`);
  }

  /**
   * The tokens' health, without refreshing. Loads the store on first use.
   *
   * @example
   * ```ts
   * const { state, expiresInMs } = await client.tokens.status();
   * if (state === 'reauthorizationRequired') console.log('run `netatmo-connect login`');
   * ```
   */
  async status(): Promise<TokenStatus> {
    await this.#ensureLoaded();
    const tokens = this.#current;
    const now = this.#config.now();
    return {
      state: tokenState(tokens, this.#clock(tokens), Boolean(this.#dead)),
      hasAccessToken: Boolean(tokens?.accessToken),
      hasRefreshToken: Boolean(tokens?.refreshToken),
      ...(tokens?.expiresAt !== undefined && { expiresAt: new Date(tokens.expiresAt), expiresInMs: tokens.expiresAt - now }),
      ...(tokens?.scope && { scope: [...tokens.scope] }),
      ...(tokens?.accessToken && { accessTokenFingerprint: fingerprint(tokens.accessToken) }),
      ...(tokens?.refreshToken && { refreshTokenFingerprint: fingerprint(tokens.refreshToken) }),
      ...(this.#lastRefreshAt !== undefined && { lastRefreshAt: new Date(this.#lastRefreshAt) }),
      unsaved: Boolean(this.#unsaved),
    };
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `TokenManager ${JSON.stringify(this.toJSON())}`;
  }

  /** @internal A printable summary: fingerprints, never tokens. */
  toJSON(): Record<string, unknown> {
    return { ...describeTokens(this.#current), reauthorizationRequired: Boolean(this.#dead) };
  }

  // ── the request path ─────────────────────────────────────────────────────────────────────

  /** What {@link TokenManager.#accessToken} returns without awaiting anything, or `undefined`. */
  #usableNow(): string | undefined {
    if (!this.#loaded || this.#unsaved || this.#dead) return undefined;
    const current = this.#current;
    return isFresh(current, this.#clock(current)) ? current.accessToken : undefined;
  }

  async #accessToken(): Promise<string> {
    // The hot path: a loaded, fresh token costs no extra turn of the event loop.
    if (!this.#loaded) await this.#ensureLoaded();
    if (this.#unsaved) await this.#retryUnsavedSave();
    if (this.#dead) await this.#reviveFromStore();

    const current = this.#current;
    if (isFresh(current, this.#clock(current))) return current.accessToken;
    if (this.#dead) {
      // Dead refresh token: a still-valid access token keeps serving until it expires.
      if (current?.accessToken && !isExpired(current, this.#config.now())) return current.accessToken;
      throw this.#dead.error;
    }
    const reason: RefreshReason = isExpired(current, this.#config.now()) ? 'expired' : 'expiring';
    let result: RefreshResult;
    try {
      result = await this.#refreshOnce(reason);
    } catch (error) {
      const fallback = this.#current;
      // A failed refresh (even one that found the refresh token dead) leaves a still-valid token usable.
      if (fallback?.accessToken && !isExpired(fallback, this.#config.now())) return fallback.accessToken;
      throw this.#deadError() ?? error;
    }
    if (result.kind !== 'skipped' && result.tokens.accessToken) return result.tokens.accessToken;
    // Joined a forced refresh that the 30 s cool-down skipped: the current token is all there is.
    const latest = this.#current;
    if (latest?.accessToken && !isExpired(latest, this.#config.now())) return latest.accessToken;
    throw this.#noTokenError();
  }

  async #rejected(rejected: string): Promise<string | undefined> {
    await this.#ensureLoaded();
    const current = this.#current;
    // Someone refreshed since this request went out: retry with the newer token, no refresh.
    if (current?.accessToken && current.accessToken !== rejected && !isExpired(current, this.#config.now())) return current.accessToken;
    if (this.#dead) throw this.#dropRejected(rejected);
    let result: RefreshResult;
    try {
      result = await this.#refreshOnce('rejected', rejected);
    } catch (error) {
      if (this.#dead) throw this.#dropRejected(rejected);
      throw error;
    }
    return result.kind === 'skipped' ? undefined : result.tokens.accessToken;
  }

  /** The API refused an access token and the refresh token is dead: nothing usable is left. */
  #dropRejected(rejected: string): NetatmoAuthError {
    if (this.#current?.accessToken === rejected) {
      const { accessToken: _dropped, ...rest } = this.#current;
      this.#current = rest;
    }
    return this.#dead!.error;
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

  /**
   * Reads the store, waiting at most `storeWaitMs` (the client's `timeoutMs`): a store that never
   * answers (a database that hangs, a network file system) fails the call that needs it with an
   * error that says so, instead of holding it and every call behind it forever.
   */
  async #loadStore(): Promise<TokenSet | undefined> {
    const waitMs = this.#config.storeWaitMs;
    let load: Promise<unknown>;
    try {
      load = Promise.resolve(this.#config.store.load());
    } catch (error) {
      load = Promise.reject(error as Error);
    }
    const loaded = await within(
      load.catch((error: unknown) => {
        throw this.#storeError(error);
      }),
      waitMs,
      () => new StoreLoadTimeout(waitMs),
    );
    const stored = normalizeTokenSet(loaded, 'tokenStore.load()');
    return stored?.accessToken || stored?.refreshToken ? stored : undefined;
  }

  /**
   * Makes (a copy of) `tokens` current and returns that copy, which is what `#current` holds;
   * `lifetimeMs` is known when this manager obtained them.
   */
  #adopt(tokens: TokenSet, lifetimeMs: number | undefined): TokenSet {
    const current = copyTokens(tokens);
    if (this.#current && (this.#current.accessToken !== current.accessToken || this.#current.refreshToken !== current.refreshToken)) this.#previous = this.#current;
    this.#current = current;
    const { accessToken } = tokens;
    if (!accessToken) this.#lifetime = undefined;
    else if (lifetimeMs !== undefined) this.#lifetime = { accessToken, ms: lifetimeMs };
    return current;
  }

  /**
   * The policy's view of `tokens` now. Their lifetime: known when this manager refreshed them; else
   * what the store holds (`expiresAt − issuedAt`); else Netatmo's usual 3 hours.
   */
  #clock(tokens: TokenSet | undefined): PolicyClock {
    let lifetimeMs: number | undefined;
    if (tokens?.accessToken !== undefined) {
      if (this.#lifetime?.accessToken === tokens.accessToken) lifetimeMs = this.#lifetime.ms;
      else if (tokens.issuedAt !== undefined && tokens.expiresAt !== undefined && tokens.expiresAt > tokens.issuedAt) {
        lifetimeMs = tokens.expiresAt - tokens.issuedAt;
      } else lifetimeMs = DEFAULT_TOKEN_LIFETIME_S * 1000;
    }
    return { now: this.#config.now(), bufferMs: this.#config.refreshBufferMs, lifetimeMs };
  }

  // ── refresh ──────────────────────────────────────────────────────────────────────────────

  /** One refresh at a time; every caller that arrives meanwhile shares its result. */
  #refreshOnce(reason: RefreshReason, rejected?: string): Promise<RefreshResult> {
    this.#inFlight ??= this.#refreshAndReport(reason, rejected).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #refreshAndReport(reason: RefreshReason, rejected: string | undefined): Promise<RefreshResult> {
    let outcome: LockedOutcome;
    try {
      outcome = await this.#locked(() => this.#refreshLocked(reason, rejected));
    } catch (error) {
      // Step 6. The lock may have timed out behind a slow holder that did refresh: its tokens are as
      // good. A store that did not answer a read just now is not asked again.
      const reread = !this.#unsaved && reason !== 'manual' && !(error instanceof StoreLoadTimeout);
      const adopted = reread ? await this.#adoptFresherFromStore(rejected) : undefined;
      if (adopted) return { kind: 'adopted', tokens: adopted };
      this.#reportFailure(toNetatmoError(error), reason);
      throw error;
    }
    if (outcome.kind === 'dead') {
      // Step 7: nothing more to try.
      this.#dead = { error: outcome.error, refreshToken: outcome.refreshToken };
      this.#reportFailure(outcome.error, reason);
      this.#config.events.emit('reauthorizationRequired', { error: outcome.error });
      throw outcome.error;
    }
    if (outcome.kind === 'refreshed') this.#reportRefreshed(outcome);
    return outcome;
  }

  /** Logs and emits a failed refresh. */
  #reportFailure(error: NetatmoError, reason: RefreshReason): void {
    const current = this.#current;
    const usingStillValidToken = reason !== 'manual' && Boolean(current?.accessToken) && !isExpired(current, this.#config.now());
    this.#config.log.warn(
      `netatmo-connect: token refresh (${reason}) failed: ${error.message}${usingStillValidToken ? '; going on with the still-valid access token' : ''}`,
    );
    this.#config.events.emit('refreshFailed', { error, usingStillValidToken });
  }

  #reportRefreshed(result: Extract<RefreshResult, { kind: 'refreshed' }>): void {
    const { tokens, reason, previousRefreshToken, saveError } = result;
    if (saveError) {
      this.#config.log.error(`netatmo-connect: ${saveError.message}`);
      this.#config.events.emit('refreshFailed', { error: saveError, usingStillValidToken: true });
      return;
    }
    this.#emitRefreshed(tokens, reason, previousRefreshToken);
  }

  #emitRefreshed(tokens: TokenSet, reason: RefreshReason, previousRefreshToken: string): void {
    const rotated = tokens.refreshToken !== previousRefreshToken;
    this.#config.log.info(
      `netatmo-connect: tokens refreshed (${reason}); valid until ${tokens.expiresAt === undefined ? 'unknown' : new Date(tokens.expiresAt).toISOString()}` +
        (rotated ? `; refresh token rotated ${fingerprint(previousRefreshToken)} → ${fingerprint(tokens.refreshToken)}` : ''),
    );
    this.#config.events.emit('tokenRefreshed', { tokens: printSafeTokens(tokens), reason });
    if (rotated) {
      this.#config.events.emit('refreshTokenRotated', { tokens: printSafeTokens(tokens), previousFingerprint: fingerprint(previousRefreshToken) });
    }
  }

  /** Re-reads the store outside the lock; adopts a fresh set that is not the one we hold. */
  async #adoptFresherFromStore(rejected: string | undefined): Promise<TokenSet | undefined> {
    const stored = await this.#loadStore().catch(() => undefined);
    if (!stored?.accessToken || stored.accessToken === this.#current?.accessToken || stored.accessToken === rejected) return undefined;
    if (!isFresh(stored, this.#clock(stored))) return undefined;
    this.#config.log.info(`netatmo-connect: the refresh failed, but the store holds fresh tokens from another holder (refresh token ${fingerprint(stored.refreshToken)}); using them`);
    this.#adopt(stored, undefined);
    return stored;
  }

  /**
   * Runs `fn` under the store's lock when the store has one, and settles as `fn` did: the store only
   * decides when `fn` starts.
   * - A lock not granted within `lockWaitMs` fails with {@link StoreLockTimeout}; should the store
   *   start `fn` later, `fn` does nothing (it rejects at once, so the store lets the lock go).
   * - A `withLock` that settles without starting `fn` (a lock it could not take) fails with its own
   *   error.
   * - Once `fn` has settled, the release is waited for at most `storeWaitMs`; a release that fails
   *   or hangs is logged, not reported as a failed refresh: the tokens are saved by then.
   * So a store whose lock never answers cannot hold every call forever.
   */
  async #locked<T>(fn: () => Promise<T>): Promise<T> {
    const { store, lockWaitMs, storeWaitMs, log } = this.#config;
    if (!store.withLock) return fn();
    let ran: Promise<T> | undefined;
    let abandoned = false;
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const guarded = (): Promise<T> => {
      if (ran !== undefined || abandoned) {
        return Promise.reject(new NetatmoError(abandoned ? `not run: the client stopped waiting for this lock after ${lockWaitMs} ms` : 'not run: withLock() called its function twice'));
      }
      try {
        ran = Promise.resolve(fn());
      } catch (error) {
        ran = Promise.reject(error as Error);
      }
      markStarted();
      return ran;
    };
    // Asked now, not a microtask later (a save behind the lock starts at once). A `withLock` that
    // throws instead of rejecting, or returns no promise, is handled too.
    let lock: Promise<unknown>;
    try {
      lock = Promise.resolve(store.withLock(guarded));
    } catch (error) {
      lock = Promise.reject(error as Error);
    }
    lock.catch(() => {}); // read below when it matters; never an unhandled rejection
    const answered = await settlesWithin(Promise.race([started, lock]), lockWaitMs);
    // `fn` may have started in the same turn as the timer fired: then it is waited for.
    if (ran === undefined) {
      if (!answered) {
        abandoned = true;
        throw new StoreLockTimeout(lockWaitMs);
      }
      await lock.catch((error: unknown) => {
        throw this.#storeError(error);
      });
      throw new NetatmoError('tokenStore.withLock() resolved without running the refresh: a withLock must run its function (see the TokenStore interface). Nothing was sent to Netatmo.');
    }
    const outcome = await ran.then(
      () => 'fulfilled' as const,
      () => 'rejected' as const,
    );
    if (!(await settlesWithin(lock, storeWaitMs))) {
      log.warn(`netatmo-connect: tokenStore.withLock() has not released its lock ${storeWaitMs} ms after the refresh ended; going on without waiting for it`);
    } else if (outcome === 'fulfilled') {
      const releaseError = await lock.then(
        () => undefined,
        (error: unknown) => error,
      );
      if (releaseError !== undefined) {
        log.warn(`netatmo-connect: tokenStore.withLock() failed after the refresh ended (${errorMessage(this.#storeError(releaseError))}); the refreshed tokens are kept`);
      }
    }
    return ran;
  }

  /** Steps 2–5 and 7, inside the store's lock. Returns what it did; throws what failed. */
  async #refreshLocked(reason: RefreshReason, rejected: string | undefined): Promise<LockedOutcome> {
    // While the newest tokens live only in memory, the store holds an older, dead set: skip it.
    const stored = this.#unsaved ? undefined : await this.#loadStore();
    if (reason !== 'manual' && stored?.accessToken !== rejected && isFresh(stored, this.#clock(stored))) {
      if (stored.accessToken !== this.#current?.accessToken) {
        this.#config.log.debug(() => `netatmo-connect: adopted tokens refreshed by another holder of the store (refresh token ${fingerprint(stored.refreshToken)})`);
      }
      this.#adopt(stored, undefined);
      return { kind: 'adopted', tokens: stored };
    }
    if (reason === 'rejected' && this.#config.now() - this.#lastForcedRefreshAt < FORCED_REFRESH_COOLDOWN_MS) {
      this.#config.log.warn('netatmo-connect: the API rejected a token obtained by a forced refresh less than 30 s ago; not refreshing again');
      return { kind: 'skipped' };
    }

    const refreshToken = stored?.refreshToken ?? this.#current?.refreshToken;
    if (!refreshToken) return { kind: 'dead', error: this.#noTokenError(), refreshToken: undefined };

    let sent = refreshToken;
    let issued = await this.#request(sent);
    if (issued === 'invalid_grant') {
      // Step 7: the refresh token may have been rotated by another holder a moment ago.
      const reloaded = this.#unsaved ? undefined : await this.#loadStore();
      if (!reloaded?.refreshToken || reloaded.refreshToken === sent) return { kind: 'dead', error: deadTokenError(), refreshToken: sent };
      if (isFresh(reloaded, this.#clock(reloaded))) {
        this.#adopt(reloaded, undefined);
        return { kind: 'adopted', tokens: reloaded };
      }
      sent = reloaded.refreshToken;
      issued = await this.#request(sent);
      if (issued === 'invalid_grant') return { kind: 'dead', error: deadTokenError(), refreshToken: sent };
    }
    if (!issued.ok) {
      // No access token came, but perhaps a rotated refresh token did: it must not be lost.
      if (issued.rotated) await this.#keep({ ...issued.rotated }, undefined, reason, sent);
      throw issued.error;
    }

    // Step 5: durable before use.
    const saveError = await this.#keep(issued.tokens, issued.lifetimeMs, reason, sent);
    this.#lastRefreshAt = this.#config.now();
    if (reason === 'rejected') this.#lastForcedRefreshAt = this.#lastRefreshAt;
    return { kind: 'refreshed', tokens: issued.tokens, reason, previousRefreshToken: sent, ...(saveError && { saveError }) };
  }

  /** Sends the refresh grant; `'invalid_grant'` when Netatmo refused the refresh token itself. */
  async #request(refreshToken: string): Promise<IssuedTokens | 'invalid_grant'> {
    try {
      return await requestTokens(
        {
          transport: this.#config.transport,
          credentials: this.#config.credentials,
          now: this.#config.now,
          alsoSecret: [this.#current?.accessToken],
        },
        { grant_type: 'refresh_token', refresh_token: refreshToken },
      );
    } catch (error) {
      if (error instanceof NetatmoAuthError && error.oauthError === 'invalid_grant') return 'invalid_grant';
      throw error;
    }
  }

  /**
   * Makes a newly issued set current and saves it. Memory first: Netatmo has already killed the
   * previous refresh token, so a failed save must not lose the new one. Resolves to the save's
   * error, if any (never rejects: no error may get between the answer and keeping the tokens).
   */
  async #keep(tokens: TokenSet, lifetimeMs: number | undefined, reason: RefreshReason, previousRefreshToken: string): Promise<NetatmoError | undefined> {
    // The copy that is current: a late save settles the owed events only while it still is.
    const current = this.#adopt(tokens, lifetimeMs);
    const outcome = await this.#save(current, false);
    if (outcome.kind === 'saved') {
      this.#unsaved = undefined;
      return undefined;
    }
    // Owe the refresh events until the save succeeds (the first owed refresh is the one reported).
    this.#unsaved ??= { reason, previousRefreshToken };
    if (outcome.kind === 'failed') {
      return new NetatmoError(
        `Refreshed tokens could not be saved to the token store (${errorMessage(outcome.error)}). Netatmo has already rotated the refresh token: the new one is kept in memory and used, and saving is retried on every call; fix the store before this process stops, or a new login will be needed.`,
        { cause: outcome.error },
      );
    }
    return new NetatmoError(
      `The token store has not finished saving the refreshed tokens after ${this.#config.storeWaitMs} ms${outcome.kind === 'behind' ? ' (an earlier save is still outstanding)' : ''}. Netatmo has already rotated the refresh token: the new one is kept in memory and used meanwhile, and saved once the store answers; if this process stops first, a new login will be needed.`,
    );
  }

  /**
   * Saves `tokens`, waiting at most `storeWaitMs`. One save is outstanding at a time: while an
   * earlier one has not settled, none is started (`behind`), so an older set can never land after
   * a newer one. A save that outlives the wait goes on (`late`); should it land while `tokens` are
   * still the newest and owed, the owed events fire then. `locked` takes the store's lock first.
   */
  async #save(tokens: TokenSet, locked: boolean): Promise<{ kind: 'saved' | 'late' | 'behind' } | { kind: 'failed'; error: unknown }> {
    const waitMs = this.#config.storeWaitMs;
    if (this.#pendingSave && !(await settlesWithin(this.#pendingSave, waitMs))) return { kind: 'behind' };
    const write = (): Promise<void> => this.#config.store.save(copyTokens(tokens));
    // Started now, not a microtask later: no other code runs between the answer and the save. A
    // store (or lock) that throws instead of rejecting, or returns no promise, is handled too.
    let started: Promise<void>;
    try {
      started = Promise.resolve(locked ? this.#locked(write) : write());
    } catch (error) {
      started = Promise.reject(error);
    }
    const save = started.then(
      () => ({ kind: 'saved' as const }),
      (error: unknown) => ({ kind: 'failed' as const, error: this.#storeError(error, tokens) }),
    );
    const settled = save.then((outcome) => {
      if (this.#pendingSave !== settled) return;
      this.#pendingSave = undefined;
      // A newer set came while this save was outstanding and could not be saved behind it: save it
      // now rather than on the next call, which an idle process may never make.
      if (outcome.kind === 'saved' && this.#unsaved && this.#current !== tokens) void this.#retryUnsavedSave();
    });
    this.#pendingSave = settled;
    if (await settlesWithin(save, waitMs)) return save;
    void save.then((late) => {
      if (late.kind !== 'saved' || this.#current !== tokens || !this.#unsaved) return;
      this.#settleOwed(tokens, 'the refreshed tokens are saved now, after the store answered late');
    });
    return { kind: 'late' };
  }

  /**
   * A token store's error with every token it may quote taken out of its text (see
   * `redactError`): the sets this manager holds, held last and is saving, and the client secret.
   * Such an error ends up in log lines, in `refreshFailed` and in the calls' rejections, and a
   * store's message may quote what it was given (`could not write {"refreshToken":…}`).
   */
  #storeError(error: unknown, saving?: TokenSet): unknown {
    const sets = [this.#current, this.#previous, saving];
    const secrets = [this.#config.credentials.clientSecret, this.#config.bootstrapRefreshToken];
    for (const set of sets) secrets.push(set?.accessToken, set?.refreshToken);
    return redactError(error, createRedactor(secrets));
  }

  async #retryUnsavedSave(): Promise<void> {
    const tokens = this.#current;
    // Behind an outstanding save, calls go on at once: the save is tried again once it settled.
    if (!this.#unsaved || !tokens || this.#pendingSave) return;
    const outcome = await this.#save(tokens, true);
    if (outcome.kind === 'failed') {
      this.#config.log.error(`netatmo-connect: saving the refreshed tokens failed again (${errorMessage(outcome.error)}); they live in memory only`);
      return;
    }
    if (outcome.kind !== 'saved') {
      this.#config.log.error(`netatmo-connect: the token store has not answered a save for ${this.#config.storeWaitMs} ms; the refreshed tokens live in memory only`);
      return;
    }
    if (this.#current !== tokens) return;
    this.#settleOwed(tokens, 'the refreshed tokens are saved now');
  }

  /** The owed save landed: the tokens are durable, and the refresh events owed since fire. */
  #settleOwed(tokens: TokenSet, message: string): void {
    const owed = this.#unsaved;
    if (!owed) return;
    this.#unsaved = undefined;
    this.#config.log.info(`netatmo-connect: ${message}`);
    this.#emitRefreshed(tokens, owed.reason, owed.previousRefreshToken);
  }

  // ── dead refresh token ───────────────────────────────────────────────────────────────────


  /** A different refresh token in the store (a new login) brings a dead manager back. */
  async #reviveFromStore(): Promise<void> {
    const stored = await this.#loadStore();
    if (!stored || (stored.refreshToken ?? '') === (this.#dead?.refreshToken ?? '')) return;
    if (!stored.refreshToken && !isFresh(stored, this.#clock(stored))) return;
    this.#config.log.info(`netatmo-connect: new tokens found in the store (refresh token ${fingerprint(stored.refreshToken)}); resuming`);
    this.#adopt(stored, undefined);
    this.#dead = undefined;
  }

  /** Read through a method: the compiler would otherwise keep a narrowing across awaits. */
  #deadError(): NetatmoAuthError | undefined {
    return this.#dead?.error;
  }

  #noTokenError(): NetatmoAuthError {
    return new NetatmoAuthError(
      'No usable Netatmo token: the store holds no refresh token and no valid access token. Run `netatmo-connect login`, pass the refreshToken option, or call client.tokens.setTokens().',
      { reauthorizationRequired: true },
    );
  }
}

function deadTokenError(): NetatmoAuthError {
  return new NetatmoAuthError(
    'Netatmo rejected the refresh token (invalid_grant): it was used already, revoked, or replaced by a newer one that was not saved. Run `netatmo-connect login` (or call client.tokens.setTokens()) to authorize again.',
    { oauthError: 'invalid_grant', reauthorizationRequired: true },
  );
}

function toNetatmoError(error: unknown): NetatmoError {
  return isNetatmoError(error) ? error : new NetatmoError(`Token refresh failed: ${errorMessage(error)}`, { cause: error });
}

function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
}

/** `store.withLock` has neither started the refresh nor rejected within `lockWaitMs`. */
class StoreLockTimeout extends NetatmoError {
  constructor(waitMs: number) {
    super(
      `tokenStore.withLock() has not started the refresh within ${waitMs} ms: its lock may be held by a holder that is stuck or gone, or the store does not answer. Nothing was sent to Netatmo; the next call tries again.`,
    );
  }
}

/** `tokenStore.load()` did not answer within the client's `timeoutMs`. */
class StoreLoadTimeout extends NetatmoError {
  constructor(waitMs: number) {
    super(
      `tokenStore.load() has not answered within ${waitMs} ms (the client's timeoutMs), so no token could be read: check that the store is reachable (a Redis server, a database, a network file system). The next call reads it again.`,
    );
  }
}

/** What `promise` settles to, or a rejection with `timeout()` once `ms` pass first (a late rejection is absorbed). */
async function within<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  if (!(await settlesWithin(promise, ms))) throw timeout();
  return promise;
}

/** Whether `promise` settles within `ms`; the timer is cleared either way and never holds the process. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    unrefTimer(timer);
    void promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

function copyTokens(tokens: TokenSet): TokenSet {
  return { ...tokens, ...(tokens.scope && { scope: [...tokens.scope] }) };
}
