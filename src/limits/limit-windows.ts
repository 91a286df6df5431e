import type { NetatmoValidationError } from '../errors.js';
import { invalidOption } from '../errors.js';
import type { RateLimitBucket, RateLimitRequest } from './rate-limiter.js';

/** Netatmo's short window: 10 seconds. */
export const SHORT_WINDOW_MS = 10_000;
/** Netatmo's long window: one hour. */
export const LONG_WINDOW_MS = 3_600_000;
/**
 * Each window is counted in this many fixed slots, so a call costs O(1) whatever the limit, and a
 * bucket holds at most this many counters per window instead of one timestamp per request.
 */
export const SLOTS_PER_WINDOW = 50;

/** Options every limiter of this package shares. */
export interface LimitWindowOptions {
  /**
   * Netatmo counts a request when it arrives, which can be later than when it left here: every
   * window is widened by this margin so a slow request never makes the next window look fuller
   * at Netatmo than here. Costs about `marginMs / 10 s` of the short window's rate.
   * @default 250
   */
  marginMs?: number;
  /**
   * Shrinks both windows (10 s and 1 h) by this factor, to run against a fake Netatmo whose
   * limits are scaled down the same way (`startFakeNetatmo({ limits: { timeScale } })`). Leave it
   * at 1 against the real Netatmo.
   * @default 1
   */
  timeScale?: number;
}

/** Window lengths, slot sizes and margin, every field resolved. */
export interface LimitWindows {
  shortMs: number;
  longMs: number;
  shortSlotMs: number;
  longSlotMs: number;
  marginMs: number;
}

/** Resolves {@link LimitWindowOptions}; throws a `NetatmoValidationError` naming the bad option. */
export function resolveLimitWindows(options: LimitWindowOptions, owner: string): LimitWindows {
  const timeScale = options.timeScale ?? 1;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0 || timeScale > 1) {
    throw invalidOption(`${owner}.timeScale`, `expected a number in (0, 1], got ${String(timeScale)} (1 matches Netatmo; smaller values only match a scaled-down fake)`);
  }
  const marginMs = options.marginMs ?? 250;
  if (typeof marginMs !== 'number' || !Number.isFinite(marginMs) || marginMs < 0) {
    throw invalidOption(`${owner}.marginMs`, `expected a number of milliseconds ≥ 0, got ${String(marginMs)}`);
  }
  const shortMs = Math.max(SLOTS_PER_WINDOW, Math.round(SHORT_WINDOW_MS * timeScale));
  const longMs = Math.max(SLOTS_PER_WINDOW, Math.round(LONG_WINDOW_MS * timeScale));
  return {
    shortMs,
    longMs,
    shortSlotMs: Math.ceil(shortMs / SLOTS_PER_WINDOW),
    longSlotMs: Math.ceil(longMs / SLOTS_PER_WINDOW),
    marginMs,
  };
}

/** Checks a request before any counting; the message says what is wrong and where. */
export function checkRateLimitRequest(request: RateLimitRequest, owner: string): NetatmoValidationError | undefined {
  if (!request || typeof request !== 'object') return invalidOption(`${owner}.acquire(request)`, 'expected { buckets, endpoint }');
  if (!Array.isArray(request.buckets)) return invalidOption(`${owner}.acquire(request).buckets`, 'expected an array of { key, perTenSeconds, perHour }');
  return checkBuckets(request.buckets, `${owner}.acquire(request).buckets`);
}

/** Checks every bucket's key and limits. */
export function checkBuckets(buckets: readonly RateLimitBucket[], path: string): NetatmoValidationError | undefined {
  if (!Array.isArray(buckets)) return invalidOption(path, 'expected an array of { key, perTenSeconds, perHour }');
  for (const [index, bucket] of buckets.entries()) {
    if (!bucket || typeof bucket.key !== 'string' || bucket.key === '') {
      return invalidOption(`${path}[${index}].key`, 'expected a non-empty string such as "user:<fingerprint>"');
    }
    for (const name of ['perTenSeconds', 'perHour'] as const) {
      const value = bucket[name];
      if (!Number.isInteger(value) || value < 1) {
        return invalidOption(`${path}[${index}].${name}`, `expected a whole number ≥ 1, got ${String(value)}`);
      }
    }
  }
  return undefined;
}

/** Checks a pause length. */
export function checkPause(ms: number, owner: string): NetatmoValidationError | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    return invalidOption(`${owner}.pause(buckets, ms)`, `expected ms to be a number of milliseconds ≥ 0, got ${String(ms)}`);
  }
  return undefined;
}
