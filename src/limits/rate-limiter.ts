/**
 * One budget that requests count against: Netatmo limits each user (50 requests / 10 s, 500 / hour)
 * and each app (200 / 10 s and 2000 / hour below 100 users). A request usually counts against two
 * buckets: its user's and its app's.
 */
export interface RateLimitBucket {
  /**
   * Identifies the budget among everything that shares the limiter, e.g. `user:<fingerprint>` or
   * `app:<clientId>`. Limiters namespace it further (a Redis key prefix).
   */
  key: string;
  /** Requests allowed in any 10-second window. */
  perTenSeconds: number;
  /** Requests allowed in any hour. */
  perHour: number;
}

/** What {@link RateLimiter.acquire} is asked for. */
export interface RateLimitRequest {
  /** Every bucket the request counts against; a slot is taken in each, or in none. */
  buckets: readonly RateLimitBucket[];
  /** The endpoint, for messages and the `rateLimited` event. */
  endpoint: string;
  /** Ends the wait for a slot at once; `acquire` then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called before the limiter waits for a slot, with how long it expects to wait. */
  onWait?: ((waitMs: number) => void) | undefined;
}

/**
 * What {@link RateLimiter.acquire} may resolve to: call it once the request was answered (or
 * failed), and the request counts from that moment instead of from the acquire. Netatmo counts a
 * request when it arrives, somewhere between the two; counting from the answer keeps every window
 * here from opening before Netatmo's, however long the request was stalled (a busy event loop, a
 * slow network). It never throws and may be called once; a limiter that returns nothing counts
 * from the acquire.
 */
export type RateLimitRelease = () => void;

/**
 * Where the request budget is kept. `MemoryRateLimiter` keeps it in the process; `RedisRateLimiter`
 * (`netatmo-connect/redis`) shares it between every process that points at the same Redis, so
 * replicas on one account stay within Netatmo's limits together.
 *
 * Write your own against any store that can count atomically, and check it with
 * `runRateLimiterConformance` from `netatmo-connect/testing`.
 */
export interface RateLimiter {
  /**
   * Takes one slot in every bucket of `request`. Waits (abortably) while a 10-second window is
   * full; rejects at once with a `NetatmoRateLimitError` carrying `retryAfterMs` when an hourly
   * window is spent or a pause is in force for longer than a short wait. Never throws synchronously.
   * May resolve to a {@link RateLimitRelease}, which the caller calls once the request was answered.
   */
  acquire(request: RateLimitRequest): Promise<RateLimitRelease | void>;
  /**
   * Netatmo answered 429 or code 26: every process sharing these buckets holds off for `ms`.
   */
  pause(buckets: readonly RateLimitBucket[], ms: number): Promise<void>;
}
