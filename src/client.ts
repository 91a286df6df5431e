import { ApiContext } from './api/api-context.js';
import type { RequestOptions } from './api/request-options.js';
import { CameraApi } from './api/camera/camera-api.js';
import { HomeCoachApi } from './api/homecoach/homecoach-api.js';
import { StationApi } from './api/station/station-api.js';
import { ThermostatApi } from './api/thermostat/thermostat-api.js';
import { createAuthorizedRequest, type AuthorizedRequest } from './auth/authorized-request.js';
import { MemoryTokenStore } from './auth/memory-token-store.js';
import { TokenManager } from './auth/token-manager.js';
import type { TokenStore } from './auth/token-store.js';
import { invalidOption } from './errors.js';
import { EventBus, type NetatmoEventHandler, type NetatmoEventName } from './events.js';
import { silentLogger, type Logger } from './logger.js';
import type { RateLimitOptions } from './transport/rate-budget.js';
import { resolveRetryPolicy, type RetryOptions } from './transport/retry-policy.js';
import { Transport } from './transport/transport.js';
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
  /** Timeout of each attempt, in milliseconds. @default 15000 */
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
  /** Receives debug, info, warn and error lines; never a token or a secret. @default silent */
  logger?: Logger;
  /**
   * The clock, in epoch milliseconds. For tests of expiry behaviour.
   * @default Date.now
   */
  now?: () => number;
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
  /** Removes a handler added with {@link NetatmoClient.on}. */
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
  const config = resolveOptions(options);
  const events = new EventBus(config.logger);
  const transport = new Transport({
    baseUrl: config.baseUrl,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    rateLimit: config.rateLimit,
    logger: config.logger,
    events,
    now: config.now,
  });
  const tokens = new TokenManager({
    store: config.tokenStore,
    credentials: { clientId: config.clientId, clientSecret: config.clientSecret },
    transport,
    events,
    logger: config.logger,
    now: config.now,
    refreshBufferMs: config.refreshBufferMs,
    bootstrapRefreshToken: config.refreshToken,
  });
  const authorized = createAuthorizedRequest(transport, tokens);
  return new Client(authorized, tokens, events, config.baseUrl);
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

  constructor(authorized: AuthorizedRequest, tokens: TokenManager, events: EventBus, baseUrl: string) {
    this.#api = new ApiContext(authorized);
    this.station = new StationApi(this.#api);
    this.thermostat = new ThermostatApi(this.#api);
    this.camera = new CameraApi(this.#api);
    this.homecoach = new HomeCoachApi(this.#api);
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

  request(endpoint: string, params: WireParams | Record<string, unknown> = {}, options: RawRequestOptions = {}): Promise<unknown> {
    const name = endpoint.replace(/^\/?(api\/)?/, '');
    if (!/^[a-z0-9_]+$/i.test(name)) {
      throw invalidOption('endpoint', `expected a Netatmo method such as 'getstationsdata' or '/api/getstationsdata', got '${endpoint}'`);
    }
    const method = options.method ?? 'GET';
    const json = method === 'POST' && options.encoding === 'json';
    return this.#api.call({
      endpoint: name,
      method,
      ...(method === 'GET' ? { query: params as WireParams } : json ? { json: params } : { form: params as WireParams }),
      options,
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

interface ResolvedOptions {
  clientId: string;
  clientSecret: string;
  tokenStore: TokenStore;
  refreshToken: string | undefined;
  baseUrl: string;
  refreshBufferMs: number;
  timeoutMs: number;
  retry: ReturnType<typeof resolveRetryPolicy>;
  rateLimit: RateLimitOptions | false;
  fetch: typeof globalThis.fetch;
  logger: Logger;
  now: () => number;
}

function resolveOptions(options: NetatmoClientOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') {
    throw invalidOption('options', 'createNetatmoClient() needs an options object with clientId and clientSecret');
  }
  for (const key of ['clientId', 'clientSecret'] as const) {
    if (typeof options[key] !== 'string' || options[key].trim() === '') {
      throw invalidOption(`options.${key}`, 'is required: copy it from your app at dev.netatmo.com → My apps');
    }
  }
  const baseUrl = options.baseUrl ?? 'https://api.netatmo.com';
  try {
    new URL(baseUrl);
  } catch {
    throw invalidOption('options.baseUrl', `must be an absolute URL such as 'https://api.netatmo.com', got '${baseUrl}'`);
  }
  const numberOption = (key: 'refreshBufferMs' | 'timeoutMs', fallback: number, min: number): number => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw invalidOption(`options.${key}`, `must be a number of milliseconds ≥ ${min}, got ${String(value)}`);
    }
    return value;
  };
  const fetchFunction = options.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') {
    throw invalidOption('options.fetch', 'no fetch available: pass one, or use Node.js 22 or later');
  }
  const store = options.tokenStore ?? new MemoryTokenStore();
  if (typeof store.load !== 'function' || typeof store.save !== 'function') {
    throw invalidOption('options.tokenStore', 'must have load() and save() methods (see the TokenStore interface)');
  }
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenStore: store,
    refreshToken: options.refreshToken,
    baseUrl,
    refreshBufferMs: numberOption('refreshBufferMs', 60_000, 0),
    timeoutMs: numberOption('timeoutMs', 15_000, 1),
    retry: resolveRetryPolicy(options.retry, 'options.retry'),
    rateLimit: options.rateLimit ?? {},
    fetch: fetchFunction,
    logger: options.logger ?? silentLogger,
    now: options.now ?? Date.now,
  };
}
