import { MemoryTokenStore } from '../auth/memory-token-store.js';
import type { TokenStore } from '../auth/token-store.js';
import type { NetatmoClientOptions } from '../client.js';
import { invalidOption } from '../errors.js';
import { NETATMO_USER_LIMITS } from '../limits/netatmo-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import { resolveLogger, type Log } from '../logger.js';
import type { ValidationMode } from '../transport/answer-validation.js';
import { resolveRetryPolicy, type RetryPolicy } from '../transport/retry-policy.js';
import { userAgent } from '../hooks/user-agent.js';
import type { NetatmoHooks } from '../hooks/hooks.js';
import { checkDurationMs, checkInteger, checkTimeoutMs, checkValidationMode, describeValue } from './checks.js';
import { checkHooks, checkUserAgent } from './hooks.js';
import { DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REFRESH_BUFFER_MS, DEFAULT_TIMEOUT_MS, MAX_TIMER_MS } from './defaults.js';


/** The client's options with every field checked and set; the rest of the code trusts them. */
export interface ResolvedClientOptions {
  clientId: string;
  clientSecret: string;
  tokenStore: TokenStore;
  /**
   * How long a refresh waits for `tokenStore.withLock` to start it before it fails: see
   * {@link lockWaitMs}.
   */
  lockWaitMs: number;
  refreshToken: string | undefined;
  baseUrl: string;
  refreshBufferMs: number;
  timeoutMs: number;
  retry: RetryPolicy;
  /** The per-user budget, or `false` for none. */
  rateLimit: { perTenSeconds: number; perHour: number } | false;
  rateLimiter: RateLimiter | undefined;
  fetch: typeof globalThis.fetch;
  log: Log;
  now: () => number;
  validation: ValidationMode;
  maxResponseBytes: number;
  hooks: NetatmoHooks | undefined;
  /** The whole `User-Agent` header: the SDK's product, the runtime, then the `userAgent` option. */
  userAgent: string;
}

/**
 * Checks every client option once, in one place, and fills the defaults.
 *
 * @throws {@link NetatmoValidationError} naming the first bad option (`options.timeoutMs`).
 */
export function resolveClientOptions(options: NetatmoClientOptions): ResolvedClientOptions {
  if (!options || typeof options !== 'object') {
    throw invalidOption('options', 'createNetatmoClient() needs an options object with clientId and clientSecret');
  }
  for (const key of ['clientId', 'clientSecret'] as const) {
    if (typeof options[key] !== 'string' || options[key].trim() === '') {
      throw invalidOption(`options.${key}`, 'is required: copy it from your app at dev.netatmo.com → My apps');
    }
  }
  if (options.refreshToken !== undefined && (typeof options.refreshToken !== 'string' || options.refreshToken.trim() === '')) {
    throw invalidOption('options.refreshToken', `must be a non-empty string, got ${describeValue(options.refreshToken)}`);
  }
  const fetchFunction = options.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') {
    throw invalidOption('options.fetch', 'no fetch available: pass one, or use Node.js 22 or later');
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw invalidOption('options.now', `must be a function returning epoch milliseconds, got ${describeValue(options.now)}`);
  }
  const store = options.tokenStore ?? new MemoryTokenStore();
  if (!store || typeof store.load !== 'function' || typeof store.save !== 'function') {
    throw invalidOption('options.tokenStore', 'must have load() and save() methods (see the TokenStore interface)');
  }
  checkStoreLock(store);
  const retry = resolveRetryPolicy(options.retry, 'options.retry');
  const timeoutMs = options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkTimeoutMs(options.timeoutMs, 'options.timeoutMs');
  checkLockOutlastsRefresh(store, timeoutMs, retry);
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenStore: store,
    lockWaitMs: lockWaitMs(store, timeoutMs, retry),
    refreshToken: options.refreshToken,
    baseUrl: resolveBaseUrl(options.baseUrl, 'options.baseUrl'),
    refreshBufferMs: options.refreshBufferMs === undefined ? DEFAULT_REFRESH_BUFFER_MS : checkDurationMs(options.refreshBufferMs, 'options.refreshBufferMs'),
    timeoutMs,
    retry,
    rateLimit: resolveRateLimit(options.rateLimit),
    rateLimiter: resolveRateLimiter(options.rateLimiter),
    fetch: fetchFunction,
    log: resolveLogger(options.logger, 'options.logger'),
    now: options.now ?? Date.now,
    validation: options.validation === undefined ? 'lenient' : checkValidationMode(options.validation, 'options.validation'),
    maxResponseBytes:
      options.maxResponseBytes === undefined
        ? DEFAULT_MAX_RESPONSE_BYTES
        : checkInteger(options.maxResponseBytes, 'options.maxResponseBytes', 1024, Number.MAX_SAFE_INTEGER, 'bytes'),
    hooks: options.hooks === undefined ? undefined : checkHooks(options.hooks, 'options.hooks'),
    userAgent: userAgent(options.userAgent === undefined ? undefined : checkUserAgent(options.userAgent, 'options.userAgent')),
  };
}

/** An absolute http(s) URL without a trailing slash; the default is Netatmo's API host. */
export function resolveBaseUrl(value: unknown, path: string): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  let url: URL;
  try {
    if (typeof value !== 'string') throw new TypeError('not a string');
    url = new URL(value);
  } catch {
    throw invalidOption(path, `must be an absolute URL such as '${DEFAULT_BASE_URL}', got ${describeValue(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidOption(path, `must be an http(s) URL, got '${url.protocol}'`);
  }
  return value as string;
}

function resolveRateLimit(value: unknown): ResolvedClientOptions['rateLimit'] {
  if (value === false) return false;
  if (value === undefined) return { ...NETATMO_USER_LIMITS };
  if (value === null || typeof value !== 'object') {
    throw invalidOption('options.rateLimit', `must be { perTenSeconds, perHour } or false, got ${describeValue(value)}`);
  }
  const limits = value as { perTenSeconds?: unknown; perHour?: unknown };
  const perTenSeconds = limits.perTenSeconds ?? NETATMO_USER_LIMITS.perTenSeconds;
  const perHour = limits.perHour ?? NETATMO_USER_LIMITS.perHour;
  const check = (limit: unknown, name: string): number => {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw invalidOption(`options.rateLimit.${name}`, `must be a whole number ≥ 1, got ${describeValue(limit)} (use rateLimit: false to turn the budget off)`);
    }
    return limit;
  };
  return { perTenSeconds: check(perTenSeconds, 'perTenSeconds'), perHour: check(perHour, 'perHour') };
}

function resolveRateLimiter(value: unknown): RateLimiter | undefined {
  if (value === undefined) return undefined;
  const limiter = value as Partial<RateLimiter> | null;
  if (!limiter || typeof limiter.acquire !== 'function' || typeof limiter.pause !== 'function') {
    throw invalidOption('options.rateLimiter', 'must have acquire() and pause() methods (see the RateLimiter interface)');
  }
  return limiter as RateLimiter;
}

/** Store I/O allowance inside the lock on top of the token requests, in ms. */
const STORE_IO_ALLOWANCE_MS = 10_000;

/**
 * The longest a refresh can hold the store's lock at these settings: up to two token requests
 * (the second after an `invalid_grant` explained by a newer token in the store), each with every
 * retry at the full timeout and the longest delay, plus store I/O.
 */
export function worstCaseRefreshMs(timeoutMs: number, retry: RetryPolicy): number {
  const oneRequest = (retry.retries + 1) * timeoutMs + retry.retries * retry.maxTimeoutMs;
  return 2 * oneRequest + STORE_IO_ALLOWANCE_MS;
}

/**
 * The lock members of a store, when present, are what the TokenStore interface says: a store with a
 * `withLock` that cannot be called, or a lock duration that is not a duration, is refused here rather
 * than at the first refresh.
 */
export function checkStoreLock(store: TokenStore, path = 'options.tokenStore'): void {
  const { withLock, lockTtlMs, lockTimeoutMs } = store as { withLock?: unknown; lockTtlMs?: unknown; lockTimeoutMs?: unknown };
  if (withLock !== undefined && typeof withLock !== 'function') {
    throw invalidOption(`${path}.withLock`, `must be a function when present (see the TokenStore interface), got ${describeValue(withLock)}`);
  }
  for (const [name, value] of [
    ['lockTtlMs', lockTtlMs],
    ['lockTimeoutMs', lockTimeoutMs],
  ] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      throw invalidOption(`${path}.${name}`, `must be a positive number of milliseconds when present, got ${describeValue(value)}`);
    }
  }
}

/**
 * How long a refresh waits for `tokenStore.withLock` to start it. A store that declares
 * `lockTimeoutMs` rejects by itself after that long, with its own, more precise error: the client
 * waits `timeoutMs` more. Without it, a lock is held legitimately for at most another holder's
 * refresh: the client waits that long plus `timeoutMs`. Either way a lock that is never granted ends
 * in an error instead of a call that never settles.
 */
export function lockWaitMs(store: TokenStore, timeoutMs: number, retry: RetryPolicy): number {
  const storeGivesUpMs = typeof store.lockTimeoutMs === 'number' ? store.lockTimeoutMs : worstCaseRefreshMs(timeoutMs, retry);
  return Math.min(storeGivesUpMs + timeoutMs, MAX_TIMER_MS);
}

/**
 * A lock that expires while its holder is still refreshing lets a second process refresh with the
 * same refresh token: one of them then gets `invalid_grant`. Such settings are refused up front.
 */
function checkLockOutlastsRefresh(store: TokenStore, timeoutMs: number, retry: RetryPolicy): void {
  const lockTtlMs = (store as { lockTtlMs?: unknown }).lockTtlMs;
  if (typeof lockTtlMs !== 'number') return;
  const worst = worstCaseRefreshMs(timeoutMs, retry);
  if (lockTtlMs < worst) {
    throw invalidOption(
      'options.tokenStore.lockTtlMs',
      `the store's lock lives ${lockTtlMs} ms, but a refresh may hold it up to ${worst} ms with timeoutMs ${timeoutMs} and retry ${JSON.stringify(retry)}; raise the store's lockTtlMs to at least ${worst}, or lower timeoutMs / retry`,
    );
  }
}
