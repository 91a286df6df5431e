import { abortableSleep } from '../abort.js';
import { checkPause, checkRateLimitRequest, resolveLimitWindows, type LimitWindowOptions, type LimitWindows } from './limit-windows.js';
import { hourlyLimitError, pausedError } from './rate-limit-errors.js';
import type { RateLimitBucket, RateLimiter, RateLimitRelease, RateLimitRequest } from './rate-limiter.js';
import { SlotWindow } from './slot-window.js';

/** Options of {@link MemoryRateLimiter}. */
export interface MemoryRateLimiterOptions extends LimitWindowOptions {
  /** The clock, in epoch milliseconds; for tests. @default Date.now */
  now?: () => number;
  /**
   * How the limiter waits for a slot; for tests on a manual clock. It must reject with the
   * signal's reason when the signal fires.
   * @default a timer, cleared on abort
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** One bucket's windows and pause. */
interface BucketState {
  short: SlotWindow;
  long: SlotWindow;
  /** Epoch ms until which Netatmo asked us to hold off (code 26); 0 when not paused. */
  pausedUntil: number;
}

/** How many idle buckets each call looks at, so forgotten users do not pile up. */
const SWEEP_PER_CALL = 2;

/**
 * The default {@link RateLimiter}: keeps every bucket's budget in this process. Share one instance
 * between clients in one process (`createNetatmoApp` does); use `RedisRateLimiter` from
 * `netatmo-connect/redis` when several processes call Netatmo for the same account or app.
 *
 * - A full 10-second window makes `acquire` wait (abortably) until a slot frees; `onWait` says how long.
 * - A spent hourly window, or a pause longer than the 10-second window, rejects at once with a
 *   `NetatmoRateLimitError` whose `retryAfterMs` says when the next slot frees.
 * - A request counts from its acquire until the release it resolves to is called (the answer
 *   came back), then from that moment: however long it was stalled on the way, Netatmo saw it no
 *   later than that.
 * - Each call costs O(1) amortised at any limit: windows are counted in 50 fixed slots each, not
 *   as one timestamp per request, and idle buckets are swept a few per call.
 *
 * @example
 * ```ts
 * import { createNetatmoClient, MemoryRateLimiter } from 'netatmo-connect';
 *
 * const rateLimiter = new MemoryRateLimiter();
 * const home = createNetatmoClient({ clientId, clientSecret, tokenStore: homeStore, rateLimiter });
 * const office = createNetatmoClient({ clientId, clientSecret, tokenStore: officeStore, rateLimiter });
 * ```
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows: LimitWindows;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #buckets = new Map<string, BucketState>();
  #sweep: Iterator<[string, BucketState]> | undefined;

  /** @throws `NetatmoValidationError` when an option is invalid. */
  constructor(options: MemoryRateLimiterOptions = {}) {
    this.#windows = resolveLimitWindows(options, 'MemoryRateLimiter');
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? abortableSleep;
  }

  /** How many buckets hold state (counted requests or a pause); for memory checks. */
  get size(): number {
    return this.#buckets.size;
  }

  async acquire(request: RateLimitRequest): Promise<RateLimitRelease> {
    const invalid = checkRateLimitRequest(request, 'MemoryRateLimiter');
    if (invalid) throw invalid;
    const { buckets, endpoint, signal, onWait } = request;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#now();
      this.#sweepIdle(now);
      let waitMs = 0;
      for (const bucket of buckets) {
        const state = this.#state(bucket.key);
        const pausedMs = state.pausedUntil - now;
        if (pausedMs > this.#windows.shortMs) throw pausedError(bucket, endpoint, pausedMs);
        const hourMs = state.long.waitMs(now, bucket.perHour);
        if (hourMs > 0) throw hourlyLimitError(bucket, endpoint, hourMs);
        waitMs = Math.max(waitMs, pausedMs, state.short.waitMs(now, bucket.perTenSeconds));
      }
      if (waitMs <= 0) {
        // Synchronous from the checks to here: the slot is taken in every bucket, or in none.
        for (const bucket of buckets) {
          const state = this.#state(bucket.key);
          state.short.add(now);
          state.long.add(now);
        }
        return this.#releaser(buckets, now);
      }
      try {
        onWait?.(waitMs);
      } catch {
        // A throwing listener must not lose the caller its slot.
      }
      await this.#sleep(waitMs, signal);
    }
  }

  /** Moves the request's slots from `admittedAt` to when its answer came back (once). */
  #releaser(buckets: readonly RateLimitBucket[], admittedAt: number): RateLimitRelease {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = this.#now();
      if (now <= admittedAt) return;
      for (const bucket of buckets) {
        const state = this.#state(bucket.key);
        state.short.move(admittedAt, now);
        state.long.move(admittedAt, now);
      }
    };
  }

  async pause(buckets: readonly RateLimitBucket[], ms: number): Promise<void> {
    const invalid = checkPause(ms, 'MemoryRateLimiter');
    if (invalid) throw invalid;
    const until = this.#now() + ms;
    for (const bucket of buckets) {
      const state = this.#state(bucket.key);
      state.pausedUntil = Math.max(state.pausedUntil, until);
    }
  }

  #state(key: string): BucketState {
    let state = this.#buckets.get(key);
    if (!state) {
      const { shortSlotMs, shortMs, longSlotMs, longMs, marginMs } = this.#windows;
      state = { short: new SlotWindow(shortSlotMs, shortMs, marginMs), long: new SlotWindow(longSlotMs, longMs, marginMs), pausedUntil: 0 };
      this.#buckets.set(key, state);
    }
    return state;
  }

  /** Forgets a few buckets that count nothing any more, continuing where the last call stopped. */
  #sweepIdle(now: number): void {
    for (let step = 0; step < SWEEP_PER_CALL; step++) {
      this.#sweep ??= this.#buckets.entries();
      const next = this.#sweep.next();
      if (next.done) {
        this.#sweep = undefined;
        return;
      }
      const [key, state] = next.value;
      if (state.pausedUntil <= now && state.long.isEmpty(now) && state.short.isEmpty(now)) this.#buckets.delete(key);
    }
  }
}
