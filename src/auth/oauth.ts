import { NetatmoAuthError, invalidOption } from '../errors.js';
import { silentLog } from '../logger.js';
import { checkSignal, checkTimeoutMs } from '../options/checks.js';
import { resolveBaseUrl } from '../options/client-options.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from '../options/defaults.js';
import { resolveRetryPolicy } from '../transport/retry-policy.js';
import { createTransport } from '../transport/transport.js';
import { requestTokens } from './token-endpoint.js';
import type { TokenSet } from './token-set.js';

/** How long an issued state (and a Netatmo authorization code) stays usable: 10 minutes. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** 32 random bytes: 256 bits, twice the 128 the login flow needs. */
const STATE_BYTES = 32;

/** A caller-supplied state must carry at least 128 bits: 22 base64url characters. */
const MIN_STATE_LENGTH = 22;

/** Parameters of {@link buildAuthorizeUrl}. */
export interface BuildAuthorizeUrlParams {
  /** Your Netatmo app's client id (dev.netatmo.com → My apps). */
  clientId: string;
  /**
   * Where Netatmo sends the browser back, with `?code=…&state=…`. It must match the redirect URI
   * set for your app exactly (scheme, host, port, path, trailing slash).
   * @example 'http://localhost:8787/callback'
   */
  redirectUri: string;
  /**
   * Scopes to ask for, e.g. `['read_station', 'read_thermostat']`. Netatmo's own default is
   * `read_station`.
   */
  scopes: readonly string[];
  /**
   * The anti-forgery state to send. Leave it out to get a fresh one (256 random bits); a state of
   * your own must be URL-safe and at least 22 characters (128 bits of base64url).
   * @default a new random state
   */
  state?: string;
  /**
   * Host of `/oauth2/authorize`. Point it at `startFakeNetatmo().url` in tests.
   * @default 'https://api.netatmo.com'
   */
  baseUrl?: string;
}

/** What {@link buildAuthorizeUrl} returns. */
export interface AuthorizeUrl {
  /** The URL to open in the browser. It never contains the client secret. */
  url: string;
  /** The state inside `url`: keep it and accept the callback only if it carries the same one. */
  state: string;
}

/** Parameters of {@link exchangeCode}. */
export interface ExchangeCodeParams {
  /** Your Netatmo app's client id. */
  clientId: string;
  /** Your Netatmo app's client secret; sent in the POST body, never in a URL. */
  clientSecret: string;
  /** The `code` from the redirect (`…/callback?code=…&state=…`). Single use, lives ~10 minutes. */
  code: string;
  /** The exact redirect URI used to build the authorize URL. */
  redirectUri: string;
  /** @default 'https://api.netatmo.com' */
  baseUrl?: string;
  /** A custom fetch (proxies, instrumentation). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Timeout of each attempt, in milliseconds. @default 15000 */
  timeoutMs?: number;
  /** Cancels the exchange; it then rejects with a `NetatmoAbortError`. */
  signal?: AbortSignal;
}

/**
 * Builds the URL that sends a user to Netatmo's consent page (`GET /oauth2/authorize`), with a
 * crypto-random `state` unless you pass one. The client secret is never part of it.
 *
 * @example
 * ```ts
 * const { url, state } = buildAuthorizeUrl({
 *   clientId: process.env.NETATMO_CLIENT_ID!,
 *   redirectUri: 'http://localhost:8787/callback',
 *   scopes: ['read_station'],
 * });
 * // Open `url`, then accept the callback only if its `state` equals `state`.
 * ```
 * @throws {@link NetatmoValidationError} when a parameter is missing or malformed (it names it).
 */
export function buildAuthorizeUrl(params: BuildAuthorizeUrlParams): AuthorizeUrl {
  requireText(params?.clientId, 'clientId', 'copy it from your app at dev.netatmo.com → My apps');
  requireAbsoluteUrl(params.redirectUri, 'redirectUri');
  const scopes = normalizeScopes(params.scopes);
  const state = params.state ?? createOAuthState();
  if (typeof state !== 'string' || state.length < MIN_STATE_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(state)) {
    throw invalidOption('state', `must be URL-safe and at least ${MIN_STATE_LENGTH} characters (128 random bits); leave it out to get a random one`);
  }
  const url = new URL('/oauth2/authorize', resolveBaseUrl(params.baseUrl, 'baseUrl'));
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('response_type', 'code');
  return { url: url.toString(), state };
}

/**
 * Trades an authorization code for tokens (`POST /oauth2/token`, `grant_type=authorization_code`,
 * credentials in the form body). Save the result in your token store: it holds the refresh token.
 *
 * @example
 * ```ts
 * const tokens = await exchangeCode({
 *   clientId, clientSecret, code, redirectUri: 'http://localhost:8787/callback',
 * });
 * await new FileTokenStore('./netatmo-token.json').save(tokens);
 * ```
 * @throws {@link NetatmoAuthError} with `oauthError` and a hint in its message:
 *   `invalid_grant` (code used already or older than ~10 minutes), `redirect_uri_mismatch`,
 *   `invalid_client`.
 * @throws {@link NetatmoNetworkError} / {@link NetatmoTimeoutError} when Netatmo was not reached.
 */
export async function exchangeCode(params: ExchangeCodeParams): Promise<TokenSet> {
  if (params === null || typeof params !== 'object') throw invalidOption('params', 'exchangeCode() needs { clientId, clientSecret, code, redirectUri }');
  requireText(params.clientId, 'clientId', 'copy it from your app at dev.netatmo.com → My apps');
  requireText(params.clientSecret, 'clientSecret', 'copy it from your app at dev.netatmo.com → My apps');
  requireText(params.code, 'code', 'take it from the `code` parameter of the redirect');
  requireAbsoluteUrl(params.redirectUri, 'redirectUri');
  const fetchFunction = params.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') throw invalidOption('fetch', 'no fetch available: pass one, or use Node.js 22 or later');
  const signal = params.signal === undefined ? undefined : checkSignal(params.signal, 'signal');
  const transport = createTransport({
    baseUrl: resolveBaseUrl(params.baseUrl, 'baseUrl'),
    fetch: fetchFunction,
    timeoutMs: params.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkTimeoutMs(params.timeoutMs, 'timeoutMs'),
    retry: resolveRetryPolicy(undefined),
    limiter: undefined,
    log: silentLog,
    now: Date.now,
    validation: 'lenient',
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  });
  let issued;
  try {
    issued = await requestTokens(
      { transport, credentials: { clientId: params.clientId, clientSecret: params.clientSecret }, now: Date.now, signal },
      { grant_type: 'authorization_code', code: params.code, redirect_uri: params.redirectUri },
    );
  } catch (error) {
    if (error instanceof NetatmoAuthError && error.oauthError) throw withHint(error, params.redirectUri);
    throw error;
  }
  if (!issued.ok) throw issued.error;
  return issued.tokens;
}

/**
 * A new state value: 32 bytes from the platform's CSPRNG (Web Crypto), base64url-encoded
 * (43 characters, about 256 bits), never starting with `-`.
 */
export function createOAuthState(): string {
  const bytes = new Uint8Array(STATE_BYTES);
  for (;;) {
    globalThis.crypto.getRandomValues(bytes);
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    const state = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    // One state in 64 would start with '-', and a shell command line such as
    // `exchange … --state -Ab…` then reads it as an option. Drawing again keeps the rest uniform.
    if (!state.startsWith('-')) return state;
  }
}

/** Why {@link OAuthStateGuard.consume} refused a state. */
export type StateRejection = 'missing' | 'unknown' | 'expired';

/**
 * Issues login states and accepts each one once, within 10 minutes (Netatmo codes live about as
 * long). Comparison runs in constant time over every pending state, so response timing tells an
 * attacker nothing about how close a forged state came.
 *
 * @example
 * ```ts
 * const guard = new OAuthStateGuard();
 * const { url } = buildAuthorizeUrl({ clientId, redirectUri, scopes, state: guard.issue() });
 * // in the callback handler:
 * const verdict = guard.consume(query.get('state'));
 * if (!verdict.ok) return reply(400, `state ${verdict.reason}`);
 * ```
 */
export class OAuthStateGuard {
  readonly #pending: { state: string; expiresAt: number }[] = [];
  readonly #ttlMs: number;
  readonly #now: () => number;

  /**
   * @param options.ttlMs - how long a state stays valid, in ms. @default 600000 (10 minutes)
   * @param options.now - the clock, in epoch ms. @default Date.now
   */
  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? OAUTH_STATE_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** A new state, valid once for `ttlMs`. */
  issue(): string {
    const state = createOAuthState();
    this.#pending.push({ state, expiresAt: this.#now() + this.#ttlMs });
    return state;
  }

  /**
   * Accepts `state` if it was issued here, is not expired and was not used yet; it is then spent.
   */
  consume(state: string | null | undefined): { ok: true } | { ok: false; reason: StateRejection } {
    if (!state) return { ok: false, reason: 'missing' };
    let match = -1;
    // No early exit: every pending state is compared, whatever matched.
    for (let index = 0; index < this.#pending.length; index++) {
      if (constantTimeEqual(this.#pending[index]!.state, state)) match = index;
    }
    if (match < 0) return { ok: false, reason: 'unknown' };
    const [entry] = this.#pending.splice(match, 1);
    if (entry!.expiresAt <= this.#now()) return { ok: false, reason: 'expired' };
    return { ok: true };
  }
}

/**
 * Compares two strings in time that depends only on their lengths. States have a fixed length, so
 * the length leaks nothing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let difference = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index++) difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}

/**
 * What a person can do about an OAuth error from Netatmo (from `/oauth2/token` or from the
 * redirect's `error` parameter), or `undefined` for an error with no known remedy.
 */
export function oauthErrorHint(oauthError: string, redirectUri?: string): string | undefined {
  switch (oauthError) {
    case 'redirect_uri_mismatch':
      return `The redirect URI${redirectUri ? ` ${redirectUri}` : ''} must match the one set for your app at dev.netatmo.com → My apps exactly, trailing slash included, and be the same for the authorize URL and the code exchange.`;
    case 'invalid_client':
      return 'Netatmo does not know this client id and secret: check both at dev.netatmo.com → My apps (copied whole, without spaces), or the app was deactivated.';
    case 'invalid_grant':
      return 'Authorization codes are single-use and expire within about 10 minutes: run login again and use the new code at once.';
    case 'access_denied':
      return 'The user declined access on the Netatmo page: run login again and accept to grant it.';
    case 'invalid_scope':
      return 'A requested scope is unknown or not allowed for this app: check the scope list (e.g. read_station).';
    case 'invalid_request':
      return 'Netatmo found the request malformed: check the client id, the redirect URI and the code.';
    default:
      return undefined;
  }
}

/**
 * The {@link NetatmoAuthError} for an OAuth redirect that carries `error` instead of `code`
 * (`…/callback?error=access_denied&state=…`).
 */
export function authErrorFromRedirect(oauthError: string, description?: string | null): NetatmoAuthError {
  const hint = oauthErrorHint(oauthError);
  return new NetatmoAuthError(
    `Netatmo did not authorize the app: ${oauthError}${description ? ` (${description})` : ''}.${hint ? ` ${hint}` : ''}`,
    { oauthError, reauthorizationRequired: true },
  );
}

function withHint(error: NetatmoAuthError, redirectUri: string): NetatmoAuthError {
  const hint = oauthErrorHint(error.oauthError!, redirectUri);
  if (!hint) return error;
  return new NetatmoAuthError(`${error.message}. ${hint}`, {
    oauthError: error.oauthError,
    reauthorizationRequired: error.oauthError === 'invalid_grant',
    cause: error,
  });
}

function normalizeScopes(scopes: readonly string[] | undefined): string[] {
  if (!Array.isArray(scopes)) throw invalidOption('scopes', "must be an array of scopes, e.g. ['read_station']");
  const list = scopes.flatMap((scope) => (typeof scope === 'string' ? scope.split(/[\s,]+/) : [scope])).filter((scope) => scope !== '');
  if (list.length === 0) throw invalidOption('scopes', "needs at least one scope, e.g. ['read_station']");
  for (const scope of list) {
    if (typeof scope !== 'string' || !/^[a-z0-9_]+$/.test(scope)) {
      throw invalidOption('scopes', `'${String(scope)}' is not a Netatmo scope (lower-case words joined by '_', e.g. read_station)`);
    }
  }
  return [...new Set(list)];
}

function requireText(value: unknown, name: string, help: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(name, `is required: ${help}`);
}

function requireAbsoluteUrl(value: unknown, name: string): asserts value is string {
  requireText(value, name, "use the redirect URI set for your app, e.g. 'http://localhost:8787/callback'");
  try {
    new URL(value);
  } catch {
    throw invalidOption(name, `must be an absolute URL such as 'http://localhost:8787/callback', got '${value}'`);
  }
}

