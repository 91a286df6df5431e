import { ApiContext } from './api/api-context.js';
import { CameraApi } from './api/camera/camera-api.js';
import { HomeCoachApi } from './api/homecoach/homecoach-api.js';
import type { RequestOptions } from './api/request-options.js';
import { StationApi } from './api/station/station-api.js';
import { ThermostatApi } from './api/thermostat/thermostat-api.js';
import { createAuthorizedRequest } from './auth/authorized-request.js';
import { TokenManager, type TokenSource } from './auth/token-manager.js';
import type { TokenStore } from './auth/token-store.js';
import { invalidOption } from './errors.js';
import { EventBus, type NetatmoEventHandler, type NetatmoEventName } from './events.js';
import type { NetatmoHooks } from './hooks/hooks.js';
import type { RateLimitBucket, RateLimiter } from './limits/rate-limiter.js';
import type { Log, Logger } from './logger.js';
import { resolveCallOptions } from './options/call-options.js';
import { describeValue } from './options/checks.js';
import { resolveClientOptions, type ResolvedClientOptions } from './options/client-options.js';
import type { ValidationMode } from './transport/answer-validation.js';
import { MemoryRateLimiter } from './limits/memory-rate-limiter.js';
import type { RateLimitOptions } from './limits/netatmo-limits.js';
import type { RetryOptions } from './transport/retry-policy.js';
import { createTransport, type Transport, type TransportObserver } from './transport/transport.js';
import type { WireParams } from './transport/wire-params.js';

/** Options of {@link createNetatmoClient}. Only `clientId` and `clientSecret` are required. */
export interface NetatmoClientOptions {
  /** Your Netatmo app's client id (dev.netatmo.com → My apps). */
  clientId: string;
  /** Your Netatmo app's client secret. Never logged, never put in a URL or an error. */
  clientSecret: string;
  /**
   * Where tokens live. Use {@link FileTokenStore} for scripts and services, `RedisTokenStore`
   * (`netatmo-connect/redis`) for several machines, or your own {@link TokenStore}.
   * @default new MemoryTokenStore()
   */
  tokenStore?: TokenStore;
  /**
   * Bootstrap refresh token, used only while the store holds no token: e.g. one made by the
   * dev portal's "Token generator". The first refresh replaces it, and the store keeps the new one.
   */
  refreshToken?: string;
  /**
   * Host of both `/oauth2/*` and `/api/*`. Point it at `startFakeNetatmo().url` in tests.
   * @default 'https://api.netatmo.com'
   */
  baseUrl?: string;
  /**
   * Refresh this many milliseconds before the access token expires (clamped to half the token's
   * lifetime).
   * @default 60000
   */
  refreshBufferMs?: number;
  /**
   * Timeout of each attempt, in milliseconds (1 … 2147483647; fractions round up). Also how long
   * calls wait for the token store to save refreshed tokens before they go on with them from memory.
   * @default 15000
   */
  timeoutMs?: number;
  /**
   * Retries of network errors, 5xx, 429 and codes 11/26, with exponential backoff and jitter;
   * `Retry-After` is honoured. A number sets `retries`; `0` turns retries off.
   * @default { retries: 2, minTimeoutMs: 500, maxTimeoutMs: 30000 }
   */
  retry?: number | RetryOptions;
  /**
   * Client-side request budget matching Netatmo's per-user limits; `false` turns it off.
   * @default { perTenSeconds: 50, perHour: 500 }
   */
  rateLimit?: RateLimitOptions | false;
  /** A custom fetch (proxies, instrumentation). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /**
   * Receives debug, info, warn and error lines; never a token or a secret. Checked at creation: a
   * method that is not a function is refused, a missing one is a no-op, and a throwing one never
   * breaks a call. @default silent
   */
  logger?: Logger;
  /**
   * The clock, in epoch milliseconds. For tests of expiry behaviour.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Where the request budget is kept. The default keeps it in this process; `RedisRateLimiter`
   * (`netatmo-connect/redis`) shares it between every process on the same account.
   * @default an in-memory limiter with the `rateLimit` budget
   */
  rateLimiter?: RateLimiter;
  /**
   * How answers are checked against their schema: `'lenient'` (harmless oddities are reported by
   * the `unexpectedAnswer` event and never fail a call), `'strict'` (any mismatch is a
   * `NetatmoValidationError`) or `'off'` (the body as sent). Per call too.
   * @default 'lenient'
   */
  validation?: ValidationMode;
  /**
   * Answers larger than this many bytes are refused while streaming (a `NetatmoApiError`), never
   * read whole. Far above Netatmo's largest answer and a camera picture.
   * @default 16777216 (16 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Called around every HTTP request of this client, token refreshes included: `beforeRequest`
   * (may add headers), `afterResponse` (status, headers, timing, attempt) and `beforeRetry`. They
   * never see a token or a secret. Per call too (the `hooks` request option). See {@link NetatmoHooks}.
   * @default none
   */
  hooks?: NetatmoHooks;
  /**
   * Product tokens appended to the `User-Agent` every request carries
   * (`netatmo-connect/0.1.0 (node/22.12.0) my-app/1.2`).
   * @default none: `netatmo-connect/<version> (<runtime>/<version>)`
   */
  userAgent?: string;
}

/** Options of {@link NetatmoClient.request}. */
export interface RawRequestOptions extends RequestOptions {
  /** @default 'GET' */
  method?: 'GET' | 'POST';
  /** How a POST carries `params`: a form body or JSON. @default 'form' */
  encoding?: 'form' | 'json';
}

/** A Netatmo client: endpoint classes, tokens, events and a raw escape hatch. */
export interface NetatmoClient {
  /** Weather stations (`read_station`). */
  readonly station: StationApi;
  /** Thermostats, valves and heating schedules (`read_thermostat`, `write_thermostat`). */
  readonly thermostat: ThermostatApi;
  /** Cameras, doorbell, alarms, persons, events (`read_camera`, `write_camera`, `access_camera`, …). */
  readonly camera: CameraApi;
  /** Home Coach air-quality monitors (`read_homecoach`). */
  readonly homecoach: HomeCoachApi;
  /** The TokenManager: `getAccessToken()`, `refresh()`, `setTokens()`, `status()`. */
  readonly tokens: TokenManager;
  /**
   * Subscribes to an event; returns the unsubscribe function.
   *
   * @example
   * ```ts
   * client.on('refreshTokenRotated', ({ previousFingerprint }) => console.log('rotated', previousFingerprint));
   * ```
   */
  on<Name extends NetatmoEventName>(name: Name, handler: NetatmoEventHandler<Name>): () => void;
  /**
   * Removes a handler added with {@link NetatmoClient.on}.
   *
   * @example
   * ```ts
   * const onRetry = ({ endpoint }: { endpoint: string }) => console.warn('retrying', endpoint);
   * client.on('retry', onRetry);
   * client.off('retry', onRetry);
   * ```
   */
  off<Name extends NetatmoEventName>(name: Name, handler: NetatmoEventHandler<Name>): void;
  /**
   * Calls any `/api/*` endpoint with the same auth, retries, limits and errors as the typed
   * methods, and resolves to the response's `body`, unvalidated. For endpoints not wrapped yet.
   *
   * @param endpoint - `'getstationsdata'` or `'/api/getstationsdata'`.
   * @param params - parameters by their wire names (`device_id`); dates become epoch seconds,
   *   booleans `"true"`/`"false"`, arrays comma-joined.
   * @example
   * ```ts
   * const body = await client.request('homestatus', { home_id: homeId });
   * ```
   * A POST to an endpoint this SDK does not know counts as not safe to repeat: after a timeout it
   * is not retried (see the README's replay table).
   */
  request(endpoint: string, params?: WireParams | Record<string, unknown>, options?: RawRequestOptions): Promise<unknown>;
}

/**
 * Creates a client. Nothing is sent until the first call.
 *
 * @example
 * ```ts
 * import { createNetatmoClient, FileTokenStore } from 'netatmo-connect';
 *
 * const client = createNetatmoClient({
 *   clientId: process.env.NETATMO_CLIENT_ID!,
 *   clientSecret: process.env.NETATMO_CLIENT_SECRET!,
 *   tokenStore: new FileTokenStore('./netatmo-token.json'),
 * });
 * const { devices } = await client.station.getStationsData();
 * ```
 * @throws {@link NetatmoValidationError} when an option is invalid (it names the option).
 */
export function createNetatmoClient(options: NetatmoClientOptions): NetatmoClient {
  const config = resolveClientOptions(options);
  const limiter = config.rateLimit === false ? undefined : (config.rateLimiter ?? new MemoryRateLimiter({ now: config.now }));
  const transport = createTransport({
    baseUrl: config.baseUrl,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    limiter,
    log: config.log,
    now: config.now,
    validation: config.validation,
    maxResponseBytes: config.maxResponseBytes,
    hooks: config.hooks,
    userAgent: config.userAgent,
  });
  const buckets: RateLimitBucket[] = config.rateLimit === false ? [] : [{ key: `user:${config.clientId}`, ...config.rateLimit }];
  return composeClient(config, { transport, buckets, events: new EventBus(config.log) });
}

/** What {@link composeClient} shares between clients (one per user in `createNetatmoApp`). */
export interface ClientParts {
  /** The transport (one per app: connections, limiter and defaults are shared). */
  transport: Transport;
  /** The budgets this client's calls count against (its user's, and the app's). */
  buckets: readonly RateLimitBucket[];
  /** This client's event bus. */
  events: EventBus;
}

/**
 * Builds a client from checked options and its parts: the token manager on the store, the
 * authorized request on the transport, the endpoint classes on top.
 *
 * @internal
 */
export function composeClient(config: ResolvedClientOptions, parts: ClientParts): NetatmoClient {
  const { events } = parts;
  let source: TokenSource | undefined;
  const tokens = new TokenManager(
    {
      store: config.tokenStore,
      credentials: { clientId: config.clientId, clientSecret: config.clientSecret },
      transport: parts.transport,
      events,
      log: config.log,
      now: config.now,
      refreshBufferMs: config.refreshBufferMs,
      bootstrapRefreshToken: config.refreshToken,
      storeWaitMs: config.timeoutMs,
      lockWaitMs: config.lockWaitMs,
    },
    (exposed) => (source = exposed),
  );
  const authorized = createAuthorizedRequest(parts.transport, source!);
  const api = new ApiContext(authorized, { buckets: parts.buckets, observer: observerFor(events, config.log) });
  return new Client(api, tokens, events, config.baseUrl);
}

/** Longest list of answer drifts remembered for the once-per-path warning. */
const MAX_WARNED_DRIFTS = 1_000;

/** Turns the transport's callbacks into the client's events (and one warning per drift). */
function observerFor(events: EventBus, log: Log): TransportObserver {
  let warned: Set<string> | undefined;
  return {
    onRetry: (info) => events.emit('retry', info),
    onRateLimited: (info) => events.emit('rateLimited', info),
    onUnexpectedAnswer: (info) => {
      events.emit('unexpectedAnswer', info);
      for (const issue of info.issues) {
        // Array indices are folded, so one odd field in 20 modules is one warning.
        const key = `${info.endpoint} ${issue.path.replace(/\.\d+(?=\.|$)/g, '.*')}`;
        warned ??= new Set();
        if (warned.has(key) || warned.size >= MAX_WARNED_DRIFTS) continue;
        warned.add(key);
        log.warn(`netatmo-connect: ${info.endpoint} answered something unexpected at ${issue.path} (${issue.message}); the call went on. Please report it.`);
      }
    },
  };
}

class Client implements NetatmoClient {
  readonly station: StationApi;
  readonly thermostat: ThermostatApi;
  readonly camera: CameraApi;
  readonly homecoach: HomeCoachApi;
  readonly tokens: TokenManager;
  readonly #events: EventBus;
  readonly #api: ApiContext;
  readonly #baseUrl: string;

  constructor(api: ApiContext, tokens: TokenManager, events: EventBus, baseUrl: string) {
    this.#api = api;
    this.station = new StationApi(api);
    this.thermostat = new ThermostatApi(api);
    this.camera = new CameraApi(api);
    this.homecoach = new HomeCoachApi(api);
    this.tokens = tokens;
    this.#events = events;
    this.#baseUrl = baseUrl;
  }

  on<Name extends NetatmoEventName>(name: Name, handler: NetatmoEventHandler<Name>): () => void {
    return this.#events.on(name, handler);
  }

  off<Name extends NetatmoEventName>(name: Name, handler: NetatmoEventHandler<Name>): void {
    this.#events.off(name, handler);
  }

  async request(endpoint: string, params: WireParams | Record<string, unknown> = {}, options: RawRequestOptions = {}): Promise<unknown> {
    const name = typeof endpoint === 'string' ? endpoint.replace(/^\/?(api\/)?/, '') : '';
    if (!/^[a-z0-9_]+$/i.test(name)) {
      throw invalidOption('endpoint', `expected a Netatmo method such as 'getstationsdata' or '/api/getstationsdata', got ${describeValue(endpoint)}`);
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw invalidOption('params', `must be an object of parameters by their wire names, got ${describeValue(params)}`);
    }
    const { method = 'GET', encoding = 'form', ...callOptions } = (options ?? {}) as RawRequestOptions;
    if (method !== 'GET' && method !== 'POST') throw invalidOption('options.method', `must be 'GET' or 'POST', got ${describeValue(method)}`);
    if (encoding !== 'form' && encoding !== 'json') throw invalidOption('options.encoding', `must be 'form' or 'json', got ${describeValue(encoding)}`);
    resolveCallOptions(callOptions);
    const json = method === 'POST' && encoding === 'json';
    return this.#api.call({
      endpoint: name,
      method,
      ...(method === 'GET' ? { query: params as WireParams } : json ? { json: params } : { form: params as WireParams }),
      options: callOptions,
    });
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `NetatmoClient { baseUrl: '${this.#baseUrl}', tokens: ${JSON.stringify(this.tokens.toJSON())} }`;
  }

  /** @internal */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#baseUrl, tokens: this.tokens.toJSON() };
  }
}

export type { RateLimitOptions, RetryOptions, TokenStore };
