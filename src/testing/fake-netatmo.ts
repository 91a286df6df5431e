import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HandedOutCameraUrls, withFakeCameraUrls } from './camera-urls.js';
import { apiError, type FakeApiRoute, type FakeResponse } from './fake-response.js';
import { handleAuthorize, handleToken, type OAuthContext } from './oauth-routes.js';
import { FakeLimits, type FakeLimitsOptions, type FakeLimitViolations } from './limits.js';
import { checkFakeOptions } from './fake-options.js';
import { isParseFailure, parseRequest, type ParsedRequest } from './request-body.js';
import { cameraEndpoint, handleCameraPath } from './routes/camera-local.js';
import { OddAnswerRegistry, type AnswerWithOptions } from './odd-answers.js';
import { allRoutes } from './routes/index.js';
import { TokenRegistry } from './token-registry.js';
import { CameraEventLog, type FakeCameraEvent } from './camera-event-log.js';
import { ReadingUploads } from './reading-uploads.js';
import { WebhookDelivery, type DeliverWebhookOptions, type FakeWebhookUrl, type WebhookDeliveryRecord } from './webhook-delivery.js';

/** Options of {@link startFakeNetatmo}. */
export interface FakeNetatmoOptions {
  /** The app credentials the fake accepts. @default 'fake-client-id' */
  clientId?: string;
  /** @default 'fake-client-secret' */
  clientSecret?: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** `0` picks a free port. @default 0 */
  port?: number;
  /** Lifetime of issued access tokens, in seconds (Netatmo: 10800). @default 10800 */
  accessTokenLifetimeSeconds?: number;
  /** Approve `/oauth2/authorize` at once, with no page to click. @default false */
  autoApprove?: boolean;
  /** Redirect URIs registered for the app; others are refused. @default any */
  redirectUris?: string[];
  /** Scopes granted by {@link FakeNetatmo.issueTokens} when none are given. @default all product scopes */
  defaultScopes?: string[];
  /** The fake's clock, in epoch ms; share it with the client to test expiry. @default Date.now */
  now?: () => number;
  /** Extra or replacement `/api/*` routes. */
  routes?: FakeApiRoute[];
  /**
   * Enforce Netatmo's rate limits per user and per app (429, code 26), scaled down by
   * `timeScale` for tests; `true` for Netatmo's own numbers. @default off
   */
  limits?: FakeLimitsOptions | boolean;
  /** A webhook receiver that has not answered after this long has failed, in ms. @default 5000 */
  webhookTimeoutMs?: number;
  /**
   * How many of the latest requests {@link FakeNetatmo.requests} keeps: older ones are dropped,
   * so a long soak or benchmark does not grow the fake without bound. {@link FakeNetatmo.count}
   * stays exact whatever this is. `Infinity` keeps every request. @default 10000
   */
  recordRequests?: number;
}

/** One request the fake received. Unlike the SDK, the fake keeps tokens in clear: it is a test tool. */
export interface FakeRequestRecord {
  /**
   * `oauth2/token`, `oauth2/authorize`, the API method name (e.g. `getstationsdata`), or a camera
   * path: `camera/command/ping`, `camera/live/snapshot_720.jpg`, `camera/vod`, `camera/media`.
   */
  endpoint: string;
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** Query-string and form parameters, as sent (a repeated name keeps its last value; JSON bodies are in `json`). */
  params: Record<string, string>;
  /** The JSON body, when the request sent one. */
  json: unknown;
  /** The bearer token sent, if any. */
  accessToken: string | undefined;
  /** The `User-Agent` header, if any. */
  userAgent: string | undefined;
  /** Every request header, lower-case names (as Node's server gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The fake's clock when it arrived. */
  at: number;
}

/** A queued answer for {@link FakeNetatmo.enqueue}. */
export type QueuedResponse = FakeResponse;

/** Token set as the SDK's stores hold it (camelCase, `expiresAt` in ms). */
export interface FakeTokens {
  /** The access token. */
  accessToken: string;
  /** The refresh token (single use, as on Netatmo). */
  refreshToken: string;
  /** When the access token expires, epoch ms. */
  expiresAt: number;
  /** The scopes granted. */
  scope: string[];
}

/** A running fake Netatmo server and its controls. */
export interface FakeNetatmo {
  /** Base URL, e.g. `http://127.0.0.1:43121`: pass it as the client's `baseUrl`. */
  readonly url: string;
  /** The client id the fake accepts. */
  readonly clientId: string;
  /** The client secret the fake accepts. */
  readonly clientSecret: string;
  /** The requests received, oldest first: the latest `recordRequests` of them (10,000 by default). */
  readonly requests: readonly FakeRequestRecord[];
  /**
   * How many requests reached `endpoint` (`'oauth2/token'`, `'getstationsdata'`, …), or all of them,
   * since the start or the last {@link FakeNetatmo.clearRequests}; exact also past `recordRequests`.
   *
   * @example
   * ```ts
   * expect(fake.count('oauth2/token')).toBe(1); // exactly one refresh
   * ```
   */
  count(endpoint?: string): number;
  /**
   * Forgets the request log and its counts.
   *
   * @example
   * ```ts
   * fake.clearRequests(); // count only what the next step does
   * ```
   */
  clearRequests(): void;
  /**
   * Issues a fresh token pair directly, as a finished login would, to `user` (a Netatmo user id;
   * by default one account shared by every call without one).
   *
   * @example
   * ```ts
   * const client = createNetatmoClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, tokenStore: new MemoryTokenStore(fake.issueTokens(['read_station'])) });
   * ```
   */
  issueTokens(scope?: string[], user?: string): FakeTokens;
  /**
   * The Netatmo user a token belongs to (the part before `|`), for per-user assertions.
   *
   * @example
   * ```ts
   * expect(fake.userOf(fake.requests.at(-1)!.accessToken!)).toBe('alice');
   * ```
   */
  userOf(token: string): string;
  /**
   * Requests refused for going over a limit (only with `limits`).
   *
   * @example
   * ```ts
   * expect(fake.limitViolations()).toEqual({ user: 0, app: 0, byUser: {} });
   * ```
   */
  limitViolations(): FakeLimitViolations;
  /**
   * Every access token issued so far expires now: the API answers 403 code 3.
   *
   * @example
   * ```ts
   * fake.expireAccessTokens(); // the next call gets 403 code 3, refreshes and retries once
   * ```
   */
  expireAccessTokens(): void;
  /**
   * Every access token issued so far becomes invalid: the API answers 403 code 2.
   *
   * @example
   * ```ts
   * fake.invalidateAccessTokens(); // the next call gets 403 code 2
   * ```
   */
  invalidateAccessTokens(): void;
  /**
   * Every live refresh token dies: the token endpoint answers `invalid_grant`.
   *
   * @example
   * ```ts
   * fake.revokeRefreshTokens(); fake.expireAccessTokens(); // the next call ends in reauthorizationRequired
   * ```
   */
  revokeRefreshTokens(): void;
  /**
   * Refresh tokens that would still work, for assertions on rotation.
   *
   * @example
   * ```ts
   * expect(fake.liveRefreshTokens()).not.toContain(oldRefreshToken); // rotated, the old one is dead
   * ```
   */
  liveRefreshTokens(): string[];
  /**
   * Answers the next calls to `endpoint` with these responses, in order, before any check, sent
   * exactly as given (URLs included). Camera paths have endpoints too: `camera/command/ping`,
   * `camera/live/snapshot_720.jpg`, `camera/vod`, `camera/media`.
   *
   * @example
   * ```ts
   * fake.enqueue('getstationsdata', { status: 200, body: { status: 'ok', body: { devices: [] } } });
   * ```
   */
  enqueue(endpoint: string, ...responses: QueuedResponse[]): void;
  /**
   * Answers the next `times` calls to `endpoint` with a Netatmo error body.
   *
   * @example
   * ```ts
   * fake.failNext('getstationsdata', 2, { status: 503 }); // two failures, then the fixture: the client retries
   * ```
   */
  failNext(endpoint: string, times: number, error: { status: number; code?: number; message?: string; headers?: Record<string, string> }): void;
  /**
   * Delays every answer to `endpoint` (`'*'` for all) by `ms`.
   *
   * @example
   * ```ts
   * fake.setDelay('*', 200); // a slow network for every endpoint
   * ```
   */
  setDelay(endpoint: string, ms: number): void;
  /**
   * Serves odd answers on `endpoint`: every successful answer's `body` goes through `change` (see
   * `oddAnswers` for ready-made ones), or is replaced by `change` when it is not a function. Errors
   * the fake would answer (bad token, missing parameter) are left alone, and so are `enqueue`d answers.
   *
   * @example
   * ```ts
   * fake.answerWith('getstationsdata', oddAnswers.nullAt('devices.0.modules.*.battery_percent'));
   * ```
   */
  answerWith(endpoint: string, change: unknown, options?: AnswerWithOptions): void;
  /**
   * Answers `endpoint` (or every endpoint) as usual again.
   *
   * @example
   * ```ts
   * fake.clearOddAnswers('getstationsdata');
   * ```
   */
  clearOddAnswers(endpoint?: string): void;
  /**
   * Changes the lifetime of access tokens issued from now on, in seconds.
   *
   * @example
   * ```ts
   * fake.setAccessTokenLifetime(120); // tokens issued from now on live 2 minutes
   * ```
   */
  setAccessTokenLifetime(seconds: number): void;
  /**
   * Makes token answers announce `value` as `expires_in` (and `expire_in`) whatever the real
   * lifetime: `0`, `-5`, `'abc'`, `null`, `1e13`, or `undefined` to leave the field out. Call with
   * no argument to go back to the truth. For testing how a client copes with odd answers.
   *
   * @example
   * ```ts
   * fake.announceExpiresIn('abc'); // the next token answers say expires_in: 'abc'
   * ```
   */
  announceExpiresIn(...value: [unknown?]): void;
  /**
   * Stops the server and closes open connections.
   *
   * @example
   * ```ts
   * afterEach(() => fake.close());
   * ```
   */
  close(): Promise<void>;

  // Push and polling: webhooks, uploads, event history (webhook-delivery.ts, reading-uploads.ts, camera-event-log.ts).
  /**
   * Signs `event` with the client secret (`X-Netatmo-Secret`) and POSTs it to every URL registered
   * with `addwebhook` (or only `options.userId`'s); resolves to one record per URL. A URL that failed
   * 5 times within an hour is not called for 24 hours (its record says `suspended`).
   *
   * @example
   * ```ts
   * const [record] = await fake.deliverWebhook({ push_type: 'NACamera-person', home_id: homeId, event_type: 'person' });
   * ```
   */
  deliverWebhook(event: unknown, options?: DeliverWebhookOptions): Promise<WebhookDeliveryRecord[]>;
  /** Every webhook call made or held back, oldest first (activations included). */
  readonly webhookDeliveries: readonly WebhookDeliveryRecord[];
  /**
   * The registered webhook URLs, per user.
   *
   * @example
   * ```ts
   * expect(fake.webhookUrls().map(({ url }) => url)).toEqual(['https://example.com/netatmo/webhook']);
   * ```
   */
  webhookUrls(): FakeWebhookUrl[];
  /**
   * Resolves once every webhook call in flight (e.g. the activation after `addwebhook`) has its answer.
   *
   * @example
   * ```ts
   * await client.camera.addWebhook({ url }); await fake.webhooksIdle(); // the activation call has its answer
   * ```
   */
  webhooksIdle(): Promise<void>;
  /**
   * Every reachable station, module and Home Coach uploads a new reading now; returns its `time_utc` (epoch s).
   *
   * @example
   * ```ts
   * const time = fake.uploadReadings(); // the next getstationsdata shows readings from `time`
   * ```
   */
  uploadReadings(): number;
  /**
   * Uploads readings every `intervalMs` of the fake's clock (`now` option) from now on; `false` stops.
   *
   * @example
   * ```ts
   * fake.uploadReadingsEvery(600_000); // every 10 minutes of the fake's clock, as real stations
   * ```
   */
  uploadReadingsEvery(intervalMs: number | false): void;
  /**
   * How many uploads happened so far.
   *
   * @example
   * ```ts
   * expect(fake.readingUploads()).toBe(3);
   * ```
   */
  readingUploads(): number;
  /**
   * Adds events to a home's `getevents` history, newer than what is there; newest first.
   *
   * @example
   * ```ts
   * fake.addCameraEvents(homeId, [{ id: 'e1', type: 'person', time: Math.floor(Date.now() / 1000) }]);
   * ```
   */
  addCameraEvents(homeId: string, events: readonly FakeCameraEvent[]): void;
}

const allScopes = [
  'read_station', 'read_thermostat', 'write_thermostat', 'read_camera', 'write_camera', 'access_camera',
  'read_presence', 'write_presence', 'access_presence', 'read_doorbell', 'access_doorbell',
  'read_smokedetector', 'read_carbonmonoxidedetector', 'read_homecoach',
];

/**
 * Starts a fake Netatmo on loopback that speaks the real protocol: `/oauth2/authorize` (an
 * approval page, or auto-approve), `/oauth2/token` with strict refresh-token rotation and
 * Netatmo's OAuth errors, and `/api/*` serving captured responses with Netatmo's checks and error
 * bodies, reading query strings, forms and JSON bodies alike. Camera and image URLs in its
 * answers point at the fake, which answers them as a camera does (`/command/ping`,
 * `/live/snapshot_720.jpg`). Point a client's `baseUrl` at `url`: this SDK, pyatmo, openHAB or
 * plain `fetch`.
 *
 * @example
 * ```ts
 * import { startFakeNetatmo } from 'netatmo-connect/testing';
 *
 * const fake = await startFakeNetatmo();
 * const client = createNetatmoClient({
 *   clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url,
 *   tokenStore: new MemoryTokenStore(fake.issueTokens()),
 * });
 * await client.station.getStationsData();
 * await fake.close();
 * ```
 */
export async function startFakeNetatmo(given?: FakeNetatmoOptions): Promise<FakeNetatmo> {
  const options = checkFakeOptions(given);
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'fake-client-id';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const registry = new TokenRegistry(now, options.accessTokenLifetimeSeconds ?? 10_800);
  const webhooks = new WebhookDelivery(clientSecret, now, options.webhookTimeoutMs ?? 5000);
  const uploads = new ReadingUploads(now);
  const eventLog = new CameraEventLog();
  const routes = new Map<string, FakeApiRoute>();
  for (const route of [...allRoutes, ...uploads.routes, eventLog.route, ...(options.routes ?? [])]) routes.set(route.endpoint, route);
  const requests: FakeRequestRecord[] = [];
  const recordLimit = options.recordRequests ?? 10_000;
  /** Requests per endpoint since the last clearRequests(), kept apart from the bounded log. */
  const counts = new Map<string, number>();
  let counted = 0;
  const queues = new Map<string, QueuedResponse[]>();
  const delays = new Map<string, number>();
  const limits = options.limits ? new FakeLimits(options.limits === true ? {} : options.limits) : undefined;
  const cameraUrls = new HandedOutCameraUrls();
  const oddAnswers = new OddAnswerRegistry();
  const oauth: OAuthContext = {
    clientId,
    clientSecret,
    registry,
    autoApprove: options.autoApprove ?? false,
    redirectUris: options.redirectUris,
    now,
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, { status: 500, body: { error: { code: 0, message: `fake Netatmo failed: ${String(error)}` } } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const parsed = parseRequest(url, request.headers['content-type'] ?? '', await readBody(request));
    if (isParseFailure(parsed)) return send(response, parsed);
    const { params, json } = parsed;
    const endpoint = cameraEndpoint(url.pathname) ?? url.pathname.replace(/^\/+/, '').replace(/^api\//, '');
    const accessToken = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    counted++;
    if (recordLimit > 0) {
      requests.push({ endpoint, method: request.method ?? 'GET', params, json, accessToken, userAgent: request.headers['user-agent'], headers: { ...request.headers }, at: now() });
      if (requests.length > recordLimit) requests.shift();
    }

    const delay = delays.get(endpoint) ?? delays.get('*') ?? 0;
    const queued = queues.get(endpoint)?.shift();
    if (queued) return send(response, { ...queued, delayMs: (queued.delayMs ?? 0) + delay });

    // Captured answers hold Netatmo's camera and image URLs: they go out pointing at the fake.
    const answer = oddAnswers.apply(endpoint, withFakeCameraUrls(await route(endpoint, url, request.method ?? 'GET', parsed, accessToken), fake.url, cameraUrls));
    webhooks.afterAnswer(endpoint, params, accessToken, answer);
    return send(response, { ...answer, delayMs: (answer.delayMs ?? 0) + delay });
  }

  async function route(
    endpoint: string,
    url: URL,
    method: string,
    { params, fields, lists, json }: ParsedRequest,
    accessToken: string | undefined,
  ): Promise<FakeResponse> {
    if (url.pathname === '/oauth2/token') return handleToken(oauth, method, params);
    if (url.pathname === '/oauth2/authorize') return handleAuthorize(oauth, method, params);
    const camera = handleCameraPath(url.pathname, method, cameraUrls);
    if (camera) return camera;
    const api = url.pathname.startsWith('/api/') ? routes.get(endpoint) : undefined;
    if (!api) return apiError(404, 31, `Method ${url.pathname} not found`);
    if (!(api.methods as readonly string[]).includes(method)) return apiError(405, 21, `${method} is not allowed on ${url.pathname}`);
    const check = registry.check(accessToken);
    if ('code' in check) {
      const messages = { 1: 'Access token is missing', 2: 'Invalid access token', 3: 'Access token expired' } as const;
      return apiError(check.code === 1 ? 401 : 403, check.code, messages[check.code]);
    }
    if (api.scopes.length > 0 && !api.scopes.some((scope) => check.scope.includes(scope))) {
      return apiError(403, 13, 'Application does not have the good scope rights');
    }
    const limited = limits?.check(check.user, now(), registry.userCount);
    if (limited) return limited;
    return api.handle({ method, params: fields, lists, json, scope: check.scope, now: now() });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const fake: FakeNetatmo = {
    url: `http://${host}:${address.port}`,
    clientId,
    clientSecret,
    requests,
    count: (endpoint) => (endpoint === undefined ? counted : (counts.get(endpoint) ?? 0)),
    clearRequests: () => {
      requests.splice(0);
      counts.clear();
      counted = 0;
    },
    issueTokens(scope = options.defaultScopes ?? allScopes, user = registry.defaultUser) {
      const issued = registry.issue(scope, user);
      return { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: now() + registry.lifetimeSeconds * 1000, scope };
    },
    userOf: (token) => token.split('|')[0] ?? '',
    limitViolations: () => limits?.violations() ?? { user: 0, app: 0, byUser: {} },
    expireAccessTokens: () => registry.expireAccessTokens(),
    invalidateAccessTokens: () => registry.invalidateAccessTokens(),
    revokeRefreshTokens: () => registry.revokeRefreshTokens(),
    liveRefreshTokens: () => registry.liveRefreshTokens(),
    enqueue(endpoint, ...responses) {
      const queue = queues.get(endpoint) ?? [];
      queue.push(...responses);
      queues.set(endpoint, queue);
    },
    failNext(endpoint, times, error) {
      const body =
        endpoint === 'oauth2/token'
          ? { error: error.message ?? 'server_error' }
          : { error: { code: error.code ?? 0, message: error.message ?? 'Internal error' } };
      fake.enqueue(endpoint, ...Array.from({ length: times }, () => ({ status: error.status, body, ...(error.headers && { headers: error.headers }) })));
    },
    setDelay: (endpoint, ms) => void delays.set(endpoint, ms),
    answerWith: (endpoint, change, answerOptions) => oddAnswers.set(endpoint, change, answerOptions),
    clearOddAnswers: (endpoint) => oddAnswers.clear(endpoint),
    setAccessTokenLifetime(seconds) {
      registry.lifetimeSeconds = seconds;
    },
    announceExpiresIn(...value) {
      registry.announcedExpiresIn = value.length === 0 ? undefined : { value: value[0] };
    },
    deliverWebhook: (event, deliverOptions) => webhooks.deliver(event, deliverOptions),
    webhookDeliveries: webhooks.records,
    webhookUrls: () => webhooks.urls(),
    webhooksIdle: () => webhooks.idle(),
    uploadReadings: () => uploads.upload(),
    uploadReadingsEvery: (intervalMs) => uploads.every(intervalMs),
    readingUploads: () => uploads.count,
    addCameraEvents: (homeId, events) => eventLog.add(homeId, events),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: FakeResponse): void {
  // The payload is fixed now, even when the answer is delayed: a later change to the fake's live
  // data (an upload, say) must not leak into an answer already given.
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | Uint8Array = '';
  if (answer.bytes) {
    payload = answer.bytes;
    headers['content-type'] ??= 'image/jpeg';
  } else if (typeof answer.body === 'string') {
    payload = answer.body;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  const write = (): void => {
    if (response.destroyed) return;
    response.writeHead(answer.status ?? 200, headers);
    response.end(payload);
  };
  if (answer.delayMs) setTimeout(write, answer.delayMs).unref();
  else write();
}
