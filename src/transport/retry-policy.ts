import { checkInteger, describeValue } from '../options/checks.js';
import { MAX_TIMER_MS } from '../options/defaults.js';
import {
  NetatmoApiError,
  NetatmoNetworkError,
  NetatmoRateLimitError,
  NetatmoTimeoutError,
  invalidOption,
} from '../errors.js';

/** How failed calls are retried (network errors, 5xx, 429 and codes 11/26). */
export interface RetryOptions {
  /** Retries after the first attempt; `0` turns retries off. @default 2 */
  retries?: number;
  /** Delay before the first retry, in ms; later ones double, with jitter (×1 to ×2). @default 500 */
  minTimeoutMs?: number;
  /** Longest delay between two attempts, in ms; a `Retry-After` beyond it is not waited for. @default 30000 */
  maxTimeoutMs?: number;
}

/** {@link RetryOptions} with every field set. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** The defaults, frozen: the rest of the code never checks for `undefined`. */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({ retries: 2, minTimeoutMs: 500, maxTimeoutMs: 30_000 });

const retryKeys = ['retries', 'minTimeoutMs', 'maxTimeoutMs'] as const;

/** Most retries a policy may ask for: beyond this a failing call would hammer Netatmo. */
export const MAX_RETRIES = 10;

/** Turns the public shorthand (`retry: 3`, `retry: { retries: 1 }`) into a full policy. */
export function resolveRetryPolicy(option: unknown, where = 'retry'): RetryPolicy {
  if (option !== undefined && typeof option !== 'number' && (option === null || typeof option !== 'object' || Array.isArray(option))) {
    throw invalidOption(where, `must be a number of retries or { retries, minTimeoutMs, maxTimeoutMs }, got ${describeValue(option)}`);
  }
  const options = typeof option === 'number' ? { retries: option } : ((option ?? {}) as RetryOptions);
  // A typo (`retires`, `maxTimeout`) would otherwise be dropped in silence, as at the top level.
  for (const key of Object.keys(options)) {
    if (!(retryKeys as readonly string[]).includes(key)) {
      throw invalidOption(`${where}.${key}`, `is not a retry option; they are ${retryKeys.join(', ')}`);
    }
  }
  const policy = { ...defaultRetryPolicy, ...definedOnly(options) };
  for (const key of ['retries', 'minTimeoutMs', 'maxTimeoutMs'] as const) {
    const path = key === 'retries' && typeof option === 'number' ? where : `${where}.${key}`;
    checkInteger(policy[key], path, 0, key === 'retries' ? MAX_RETRIES : MAX_TIMER_MS, key === 'retries' ? '' : 'milliseconds');
  }
  if (policy.maxTimeoutMs < policy.minTimeoutMs) {
    throw invalidOption(`${where}.maxTimeoutMs`, `(${policy.maxTimeoutMs}) must not be below ${where}.minTimeoutMs (${policy.minTimeoutMs})`);
  }
  return Object.freeze(policy);
}

function definedOnly(value: RetryOptions): Partial<RetryOptions> {
  const defined: Partial<Record<keyof RetryOptions, number>> = {};
  for (const key of ['retries', 'minTimeoutMs', 'maxTimeoutMs'] as const) {
    if (value[key] !== undefined) defined[key] = value[key];
  }
  return defined;
}

/** Connection failures that happen before the request reaches the server: always safe to repeat. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * Whether a failed attempt may be repeated.
 *
 * `replaySafe: false` (the token request) repeats only what the server surely did not act on:
 * a connection that never opened, a 429, a 503. After a timeout or another 5xx the server may
 * already have rotated the refresh token, so the refresh is reported as failed instead.
 */
export function isRetryable(error: unknown, replaySafe: boolean): boolean {
  if (error instanceof NetatmoRateLimitError) return true;
  if (error instanceof NetatmoNetworkError) return replaySafe || notSentBeforeFailure(error.cause);
  if (error instanceof NetatmoTimeoutError) return replaySafe;
  if (error instanceof NetatmoApiError) return error.status >= 500 && (replaySafe || error.status === 503);
  return false;
}

/** True when a network failure surely happened before the request reached the server. */
export function notSentBeforeFailure(cause: unknown): boolean {
  return notSentCodes.has(errorCode(cause) ?? '');
}

function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
