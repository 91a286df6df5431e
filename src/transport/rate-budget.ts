import { NetatmoRateLimitError } from '../errors.js';
import type { RateLimitBucket, RateLimiter, RateLimitRequest } from '../limits/rate-limiter.js';
import { abortableSleep } from './abortable-sleep.js';

/** The client-side request budget. Netatmo allows 50 requests per 10 s and 500 per hour per user. */
export interface RateLimitOptions {
  /** Requests allowed in any 10-second window. @default 50 */
  perTenSeconds?: number;
  /** Requests allowed in any hour. @default 500 */
  perHour?: number;
}

const TEN_SECONDS = 10_000;
const ONE_HOUR = 3_600_000;

/**
 * A sliding-window budget per bucket, in this process. A call that would break the 10 s window
 * waits for a free slot; one that would break the hourly window fails at once with a
 * {@link NetatmoRateLimitError} that says when the next slot frees.
 */
export class RateBudget implements RateLimiter {
  readonly #sent = new Map<string, number[]>();
  readonly #pausedUntil = new Map<string, number>();
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  /** @param clock - the clock and the wait, for tests that must not sleep. */
  constructor(clock: { now?: () => number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}) {
    this.#now = clock.now ?? Date.now;
    this.#sleep = clock.sleep ?? abortableSleep;
  }

  async acquire(request: RateLimitRequest): Promise<void> {
    for (;;) {
      const now = this.#now();
      let waitMs = 0;
      for (const bucket of request.buckets) {
        const sent = this.#prune(bucket.key, now);
        const paused = (this.#pausedUntil.get(bucket.key) ?? 0) - now;
        if (paused > 0) waitMs = Math.max(waitMs, paused);
        const hourFreeIn = freeIn(sent, bucket.perHour, ONE_HOUR, now);
        if (hourFreeIn > 0) throw hourlyError(request.endpoint, bucket, hourFreeIn);
        waitMs = Math.max(waitMs, freeIn(sent, bucket.perTenSeconds, TEN_SECONDS, now));
      }
      if (waitMs === 0) {
        for (const bucket of request.buckets) this.#sent.get(bucket.key)!.push(now);
        return;
      }
      request.onWait?.(waitMs);
      await this.#sleep(waitMs, request.signal);
    }
  }

  async pause(buckets: readonly RateLimitBucket[], ms: number): Promise<void> {
    const until = this.#now() + ms;
    for (const bucket of buckets) this.#pausedUntil.set(bucket.key, Math.max(until, this.#pausedUntil.get(bucket.key) ?? 0));
  }

  #prune(key: string, now: number): number[] {
    let sent = this.#sent.get(key);
    if (!sent) this.#sent.set(key, (sent = []));
    let stale = 0;
    while (stale < sent.length && sent[stale]! <= now - ONE_HOUR) stale++;
    if (stale > 0) sent.splice(0, stale);
    return sent;
  }
}

/** Milliseconds until a slot frees in a window of `lengthMs` holding at most `max` (0: free now). */
function freeIn(sent: readonly number[], max: number, lengthMs: number, now: number): number {
  if (sent.length < max) return 0;
  const oldestCounted = sent[sent.length - max]!;
  return Math.max(0, oldestCounted + lengthMs - now);
}

function hourlyError(endpoint: string, bucket: RateLimitBucket, retryAfterMs: number): NetatmoRateLimitError {
  return new NetatmoRateLimitError(
    `Client-side rate budget of ${bucket.perHour} requests per hour is used up; the next request to ${endpoint} can go in ${Math.ceil(retryAfterMs / 1000)} s. Raise or turn off the rateLimit option if your Netatmo app has a higher limit.`,
    { status: 429, endpoint, retryAfterMs },
  );
}
