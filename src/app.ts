import { AppEventBus, UserEventBus, type NetatmoAppEventHandler } from './app/app-events.js';
import { AuthorizationStateSealer } from './app/authorization-state.js';
import { ClientCache } from './app/client-cache.js';
import { buildAuthorizeUrl, exchangeCode, type AuthorizeUrl } from './auth/oauth.js';
import type { TokenSet } from './auth/token-set.js';
import type { TokenStore } from './auth/token-store.js';
import { composeClient, type NetatmoClient, type NetatmoClientOptions } from './client.js';
import { invalidOption, NetatmoAuthError } from './errors.js';
import type { NetatmoEventName } from './events.js';
import { MemoryRateLimiter } from './limits/memory-rate-limiter.js';
import { netatmoAppLimits, type WindowLimits } from './limits/netatmo-limits.js';
import type { RateLimitBucket } from './limits/rate-limiter.js';
import { describeValue } from './options/checks.js';
import { checkStoreLock, lockWaitMs, resolveClientOptions, type ResolvedClientOptions } from './options/client-options.js';
import { createTransport } from './transport/transport.js';
import { createRedactor, redactError } from './transport/redact.js';

/** Options of {@link createNetatmoApp}: the client's options, less the one-account ones, plus these. */
export interface NetatmoAppOptions extends Omit<NetatmoClientOptions, 'tokenStore' | 'refreshToken'> {
  /**
   * The token store of one user, e.g. `new RedisTokenStore({ redis, key: \`netatmo:tokens:${userId}\` })`.
   * Called when a user's client is created and when an authorization completes; every store it
   * returns for one user must work on the same storage (a new instance is fine). Give it a
   * `withLock` when several processes serve the same users.
   */
  tokenStoreFor: (userId: string) => TokenStore;
  /**
   * How many users your Netatmo app has: Netatmo's app-wide limit grows with it (200 / 10 s and
   * 2000 / hour below 100 users; 2 × users / 10 s and 20 × users / hour from 100 on). A function
   * is asked on every call, so it can follow a count you keep. Ignored when `appRateLimit` is set.
   * @default fewer than 100 (the smallest app limit, safe whatever the count)
   */
  users?: number | (() => number);
  /**
   * The app-wide budget, when you know it better than the rule (Netatmo raised your app's
   * limits); `false` turns the app-wide budget off. Every process of the app counts against it
   * together when they share a `RedisRateLimiter`.
   * @default Netatmo's rule from `users`
   */
  appRateLimit?: WindowLimits | false;
  /**
   * Users' clients kept in memory at most; the least recently used beyond it are released (a
   * released client still works for whoever holds it, and is rebuilt on the next `forUser`).
   * @default 1000
   */
  maxClients?: number;
  /** A client not asked for during this long is released, in milliseconds. @default 600000 (10 min) */
  clientIdleMs?: number;
}

/** Parameters of {@link NetatmoApp.authorizeUrl}. */
export interface AppAuthorizeUrlParams {
  /** Your id for the user who connects their Netatmo account (any string up to 256 characters). */
  userId: string;
  /** Where Netatmo sends the browser back; it must match a redirect URI of your app exactly. */
  redirectUri: string;
  /** Scopes to ask for, e.g. `['read_station']`. */
  scopes: readonly string[];
}

/** Parameters of {@link NetatmoApp.completeAuthorization}: what came back on the redirect. */
export interface CompleteAuthorizationParams {
  /** The `state` query parameter of the callback. */
  state: string;
  /** The `code` query parameter of the callback. */
  code: string;
  /** The redirect URI the authorize URL was built with. */
  redirectUri: string;
}

/** What {@link NetatmoApp.completeAuthorization} resolves to. */
export interface CompletedAuthorization {
  /** The user the state was made for. */
  userId: string;
  /** The user's new tokens, already saved to their store. */
  tokens: TokenSet;
}

/** Many Netatmo accounts on one Netatmo app; see {@link createNetatmoApp}. */
export interface NetatmoApp {
  /**
   * The client of one user: the same methods, events and errors as `createNetatmoClient`'s,
   * sharing the app's transport and rate limiter. The same instance comes back while it is
   * alive, so one process never refreshes one user's tokens twice at once.
   *
   * @throws {@link NetatmoValidationError} when `userId` is not a non-empty string of up to 256 characters.
   */
  forUser(userId: string): NetatmoClient;
  /**
   * The URL that sends `userId` to Netatmo's consent page, and the state in it. The state is
   * sealed with a key derived from the client secret: it names the user and the redirect URI,
   * expires after 10 minutes, cannot be forged or altered, and any process of the app can check
   * it (no session, no sticky routing).
   */
  authorizeUrl(params: AppAuthorizeUrlParams): AuthorizeUrl;
  /**
   * Checks the callback's state, trades the code for tokens and saves them to the user's store
   * (through the live client of that user, if any) before it resolves.
   *
   * @throws {@link NetatmoAuthError} (`oauthError: 'invalid_state'`) for a forged, altered or
   *   expired state or another redirect URI; Netatmo's own errors as `exchangeCode` throws them.
   */
  completeAuthorization(params: CompleteAuthorizationParams): Promise<CompletedAuthorization>;
  /** Subscribes to an event of every user's client; the payload carries `userId`. Returns the unsubscribe function. */
  on<Name extends NetatmoEventName>(name: Name, handler: NetatmoAppEventHandler<Name>): () => void;
  /** Removes a handler added with {@link NetatmoApp.on}. */
  off<Name extends NetatmoEventName>(name: Name, handler: NetatmoAppEventHandler<Name>): void;
}

const MAX_USER_ID_LENGTH = 256;

/**
 * One Netatmo app serving many users (a dashboard, a "Connect your Netatmo" button): a client per
 * user on one shared transport and one rate limiter, the authorization flow for each user, and
 * every user's events in one place, like Octokit's `App` → `getInstallationOctokit(id)`.
 *
 * Limits: each request counts against its user's budget (`rateLimit`, Netatmo's 50 / 10 s and
 * 500 / hour by default) and the app's (`appRateLimit`, or Netatmo's rule from `users`). Pass a
 * `RedisRateLimiter` so every process of the service shares both; a code 26 answered to one of
 * them then pauses them all.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createNetatmoApp } from 'netatmo-connect';
 * import { RedisRateLimiter, RedisTokenStore } from 'netatmo-connect/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const app = createNetatmoApp({
 *   clientId: process.env.NETATMO_CLIENT_ID!,
 *   clientSecret: process.env.NETATMO_CLIENT_SECRET!,
 *   tokenStoreFor: (userId) => new RedisTokenStore({ redis, key: `netatmo:tokens:${userId}` }),
 *   rateLimiter: new RedisRateLimiter({ redis }),
 *   users: () => userCount,
 * });
 *
 * // "Connect your Netatmo": send the browser to `url`.
 * const { url } = app.authorizeUrl({ userId: 'alice', redirectUri, scopes: ['read_station'] });
 * // On the callback (any process): tokens saved to alice's store.
 * await app.completeAuthorization({ state, code, redirectUri });
 * // Later, anywhere:
 * const { devices } = await app.forUser('alice').station.getStationsData();
 * app.on('reauthorizationRequired', ({ userId }) => notify(userId));
 * ```
 * @throws {@link NetatmoValidationError} when an option is invalid (it names the option).
 */
export function createNetatmoApp(options: NetatmoAppOptions): NetatmoApp {
  if (!options || typeof options !== 'object') {
    throw invalidOption('options', 'createNetatmoApp() needs an options object with clientId, clientSecret and tokenStoreFor');
  }
  const { tokenStoreFor, users, appRateLimit, maxClients = 1000, clientIdleMs = 600_000, ...clientOptions } = options;
  if (typeof tokenStoreFor !== 'function') {
    throw invalidOption('options.tokenStoreFor', `must be a function (userId) => TokenStore, got ${describeValue(tokenStoreFor)}`);
  }
  const base = resolveClientOptions(clientOptions as NetatmoClientOptions);
  checkCount(maxClients, 'options.maxClients');
  checkCount(clientIdleMs, 'options.clientIdleMs');
  const appBucket = resolveAppBucket(base.clientId, users, appRateLimit);
  const limiter = base.rateLimit === false && !appBucket ? undefined : (base.rateLimiter ?? new MemoryRateLimiter({ now: base.now }));
  const transport = createTransport({
    baseUrl: base.baseUrl,
    fetch: base.fetch,
    timeoutMs: base.timeoutMs,
    retry: base.retry,
    limiter,
    log: base.log,
    now: base.now,
    validation: base.validation,
    maxResponseBytes: base.maxResponseBytes,
  });
  const events = new AppEventBus(base.log);
  const clients = new ClientCache<NetatmoClient>({ maxClients, idleMs: clientIdleMs, now: base.now });
  const sealer = new AuthorizationStateSealer(base.clientSecret, base.now);
  let firstStoreChecked = false;

  /** The user's store, checked; the first one also through every client-option check (lock TTL). */
  const storeOf = (userId: string): TokenStore => {
    const store = tokenStoreFor(userId);
    if (!store || typeof store.load !== 'function' || typeof store.save !== 'function') {
      throw invalidOption('options.tokenStoreFor', `returned ${describeValue(store)} for a user; it must return a TokenStore with load() and save()`);
    }
    checkStoreLock(store, `options.tokenStoreFor(${JSON.stringify(userId)})`);
    if (!firstStoreChecked) {
      resolveClientOptions({ ...(clientOptions as NetatmoClientOptions), tokenStore: store });
      firstStoreChecked = true;
    }
    return store;
  };

  const createClient = (userId: string): NetatmoClient => {
    const tokenStore = storeOf(userId);
    const config: ResolvedClientOptions = { ...base, tokenStore, lockWaitMs: lockWaitMs(tokenStore, base.timeoutMs, base.retry), refreshToken: undefined };
    const buckets: RateLimitBucket[] = [];
    if (base.rateLimit !== false) buckets.push({ key: `user:${base.clientId}:${userId}`, ...base.rateLimit });
    if (appBucket) buckets.push(appBucket);
    return composeClient(config, { transport, buckets, events: new UserEventBus(base.log, events, userId) });
  };

  return {
    forUser(userId) {
      checkUserId(userId, 'userId');
      return clients.get(userId, () => createClient(userId));
    },

    authorizeUrl(params) {
      if (!params || typeof params !== 'object') throw invalidOption('params', 'app.authorizeUrl() needs { userId, redirectUri, scopes }');
      checkUserId(params.userId, 'params.userId');
      // Checks redirectUri and scopes before sealing anything.
      buildAuthorizeUrl({ clientId: base.clientId, redirectUri: params.redirectUri, scopes: params.scopes, baseUrl: base.baseUrl });
      const state = sealer.seal(params.userId, params.redirectUri);
      return buildAuthorizeUrl({ clientId: base.clientId, redirectUri: params.redirectUri, scopes: params.scopes, state, baseUrl: base.baseUrl });
    },

    async completeAuthorization(params) {
      if (!params || typeof params !== 'object') throw invalidOption('params', 'app.completeAuthorization() needs { state, code, redirectUri } from the callback');
      const claims = sealer.open(params.state);
      if (claims.redirectUri !== params.redirectUri) {
        throw new NetatmoAuthError(
          `The callback's redirect URI (${String(params.redirectUri)}) is not the one the authorize URL was built with (${claims.redirectUri}): pass the same redirectUri to app.completeAuthorization().`,
          { oauthError: 'invalid_state', reauthorizationRequired: true },
        );
      }
      const tokens = await exchangeCode({
        clientId: base.clientId,
        clientSecret: base.clientSecret,
        code: params.code,
        redirectUri: params.redirectUri,
        baseUrl: base.baseUrl,
        fetch: base.fetch,
        timeoutMs: base.timeoutMs,
      });
      const live = clients.peek(claims.userId);
      if (live) {
        // Through the live client: it saves under the store's lock and forgets a dead token.
        await live.tokens.setTokens(tokens);
      } else {
        const store = storeOf(claims.userId);
        try {
          await (store.withLock ? store.withLock(() => store.save(tokens)) : store.save(tokens));
        } catch (error) {
          // The store's text may quote what it was given; the live client's path redacts the same way.
          throw redactError(error, createRedactor([tokens.accessToken, tokens.refreshToken, base.clientSecret]));
        }
      }
      return { userId: claims.userId, tokens };
    },

    on: (name, handler) => events.on(name, handler),
    off: (name, handler) => events.off(name, handler),
  };
}

function checkUserId(userId: unknown, path: string): asserts userId is string {
  if (typeof userId !== 'string' || userId === '' || userId.length > MAX_USER_ID_LENGTH || hasControlCharacter(userId)) {
    throw invalidOption(path, `must be a non-empty string of up to ${MAX_USER_ID_LENGTH} characters without control characters, got ${describeValue(userId)}`);
  }
}

/** Control characters would end up in Redis keys and log lines. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) < 0x20) return true;
  return false;
}

function checkCount(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidOption(path, `must be a whole number ≥ 1, got ${describeValue(value)}`);
  }
}

/** The app-wide bucket: its limits follow `users` on every call when that is a function. */
function resolveAppBucket(clientId: string, users: NetatmoAppOptions['users'], appRateLimit: NetatmoAppOptions['appRateLimit']): RateLimitBucket | undefined {
  if (appRateLimit === false) return undefined;
  const key = `app:${clientId}`;
  if (appRateLimit !== undefined) {
    if (!appRateLimit || typeof appRateLimit !== 'object') {
      throw invalidOption('options.appRateLimit', `must be { perTenSeconds, perHour } or false, got ${describeValue(appRateLimit)}`);
    }
    for (const name of ['perTenSeconds', 'perHour'] as const) checkCount(appRateLimit[name], `options.appRateLimit.${name}`);
    return { key, perTenSeconds: appRateLimit.perTenSeconds, perHour: appRateLimit.perHour };
  }
  if (users === undefined) return { key, ...netatmoAppLimits(0) };
  if (typeof users === 'number') {
    if (!Number.isInteger(users) || users < 0) throw invalidOption('options.users', `must be a whole number ≥ 0 or a function returning one, got ${describeValue(users)}`);
    return { key, ...netatmoAppLimits(users) };
  }
  if (typeof users !== 'function') throw invalidOption('options.users', `must be a whole number ≥ 0 or a function returning one, got ${describeValue(users)}`);
  return {
    key,
    get perTenSeconds() {
      return netatmoAppLimits(users()).perTenSeconds;
    },
    get perHour() {
      return netatmoAppLimits(users()).perHour;
    },
  };
}
