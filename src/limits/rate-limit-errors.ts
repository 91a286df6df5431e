import { NetatmoRateLimitError } from '../errors.js';
import type { RateLimitBucket } from './rate-limiter.js';

/** The hourly window of `bucket` is spent: the call fails at once rather than wait for up to an hour. */
export function hourlyLimitError(bucket: RateLimitBucket, endpoint: string, retryAfterMs: number): NetatmoRateLimitError {
  return new NetatmoRateLimitError(
    `Rate limit of ${bucket.perHour} requests per hour for ${bucket.key} is used up; the next request to ${endpoint} can go in ${Math.ceil(retryAfterMs / 1000)} s. Netatmo bans accounts that go over it; raise the limit only if your Netatmo app has a higher one.`,
    { status: 429, endpoint, retryAfterMs },
  );
}

/** A pause (after Netatmo's code 26) outlasts a short wait: the call fails at once. */
export function pausedError(bucket: RateLimitBucket, endpoint: string, retryAfterMs: number): NetatmoRateLimitError {
  return new NetatmoRateLimitError(
    `Requests for ${bucket.key} are paused after Netatmo's usage limit (code 26); the next request to ${endpoint} can go in ${Math.ceil(retryAfterMs / 1000)} s.`,
    { status: 429, code: 26, endpoint, retryAfterMs },
  );
}
