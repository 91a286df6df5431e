import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { invalidOption, NetatmoError } from '../errors.js';
import { abortableSleep } from '../abort.js';
import { checkBuckets, checkPause, checkRateLimitRequest, resolveLimitWindows, type LimitWindowOptions, type LimitWindows } from '../limits/limit-windows.js';
import { hourlyLimitError, pausedError } from '../limits/rate-limit-errors.js';
import type { RateLimitBucket, RateLimiter, RateLimitRelease, RateLimitRequest } from '../limits/rate-limiter.js';
import { ACQUIRE_SCRIPT, PAUSE_SCRIPT, RELEASE_SCRIPT } from './rate-limit-script.js';

/** Options of {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions extends LimitWindowOptions {
  /** A connected ioredis client. The limiter never closes it. */
  redis: Redis | Cluster;
  /**
   * Prefix of every key the limiter writes (`<prefix>:<bucket key>:10s`, `:1h`, `:pause`). Give
   * each Netatmo app its own prefix only if they must not share budgets; processes of one app
   * must use the same one. On Redis Cluster, wrap it in a hash tag (`{netatmo}`) so one script's
   * keys live in one slot.
   * @default 'netatmo-connect:limits'
   */
  prefix?: string;
}

type ScriptAnswer = [0, number] | [1, number] | [2, number, number, 'hour' | 'pause'];

/** Spreads waiters that wake for the same freed slot, so they do not hit Redis in lockstep. */
const WAKE_JITTER_MS = 5;

/**
 * A {@link RateLimiter} kept in Redis: every process and machine pointing at the same Redis and
 * `prefix` shares each user's and the app's budget, so replicas together stay within Netatmo's
 * limits (50 / 10 s and 500 / h per user; the app's limit from its number of users), and a code 26
 * answered to one process pauses them all.
 *
 * - One Lua script per `acquire`, run atomically by Redis on its own clock: it checks every
 *   bucket and counts the request in all of them or in none. Waiting (a full 10-second window)
 *   happens here, abortably, then the script runs again. When the answer comes back, the release
 *   moves the count to that moment (one more small script, not awaited by the call).
 * - Keys are `<prefix>:<bucket key>:10s|1h|pause`, hashes of at most ~51 slot counters, and
 *   expire once nothing in them counts any more: nothing grows with time or traffic.
 * - A spent hourly window or a long pause rejects at once with `NetatmoRateLimitError`
 *   (`retryAfterMs`); Redis failures reject with a `NetatmoError` naming the prefix.
 *
 * ioredis is an optional peer dependency; only `netatmo-connect/redis` refers to it.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createNetatmoClient } from 'netatmo-connect';
 * import { RedisRateLimiter, RedisTokenStore } from 'netatmo-connect/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const client = createNetatmoClient({
 *   clientId: process.env.NETATMO_CLIENT_ID!,
 *   clientSecret: process.env.NETATMO_CLIENT_SECRET!,
 *   tokenStore: new RedisTokenStore({ redis, key: 'netatmo:home' }),
 *   rateLimiter: new RedisRateLimiter({ redis }),
 * });
 * ```
 */
export class RedisRateLimiter implements RateLimiter {
  /** The key prefix. */
  readonly prefix: string;
  readonly #redis: Redis | Cluster;
  readonly #windows: LimitWindows;
  readonly #shortArgs: readonly string[];
  readonly #acquireSha = sha1(ACQUIRE_SCRIPT);
  readonly #pauseSha = sha1(PAUSE_SCRIPT);
  readonly #releaseSha = sha1(RELEASE_SCRIPT);
  /** The first release goes as EVAL: an EVALSHA that failed NOSCRIPT would be retried behind the next acquire. */
  #releaseLoaded = false;

  /** @throws `NetatmoValidationError` when `redis` is missing or an option is invalid. */
  constructor(options: RedisRateLimiterOptions) {
    if (!options?.redis || typeof options.redis.evalsha !== 'function') {
      throw invalidOption('RedisRateLimiter.redis', 'expected an ioredis client, e.g. new Redis(process.env.REDIS_URL)');
    }
    const prefix = options.prefix ?? 'netatmo-connect:limits';
    if (typeof prefix !== 'string' || prefix === '') throw invalidOption('RedisRateLimiter.prefix', 'expected a non-empty string');
    this.prefix = prefix;
    this.#redis = options.redis;
    this.#windows = resolveLimitWindows(options, 'RedisRateLimiter');
    const { shortMs, longMs, shortSlotMs, longSlotMs, marginMs } = this.#windows;
    this.#shortArgs = [shortMs, longMs, shortSlotMs, longSlotMs, marginMs].map(String);
  }

  async acquire(request: RateLimitRequest): Promise<RateLimitRelease> {
    const invalid = checkRateLimitRequest(request, 'RedisRateLimiter');
    if (invalid) throw invalid;
    const { buckets, endpoint, signal, onWait } = request;
    const keys = buckets.flatMap((bucket) => this.#keys(bucket));
    const args = [String(buckets.length), ...this.#shortArgs, ...buckets.flatMap((bucket) => [String(bucket.perTenSeconds), String(bucket.perHour)])];
    for (;;) {
      signal?.throwIfAborted();
      const answer = (await this.#run(this.#acquireSha, ACQUIRE_SCRIPT, keys, args, 'count a request in')) as ScriptAnswer;
      if (answer[0] === 0) return this.#releaser(buckets, answer[1]);
      if (answer[0] === 2) {
        const bucket = buckets[answer[2]]!;
        throw answer[3] === 'pause' ? pausedError(bucket, endpoint, answer[1]) : hourlyLimitError(bucket, endpoint, answer[1]);
      }
      try {
        onWait?.(answer[1]);
      } catch {
        // A throwing listener must not lose the caller its slot.
      }
      await abortableSleep(answer[1] + Math.random() * WAKE_JITTER_MS, signal);
    }
  }

  /**
   * Moves the request's counts to when its answer came back (once). Fire and forget: if Redis
   * fails here the request simply stays counted from its acquire, with the margin as protection.
   */
  #releaser(buckets: readonly RateLimitBucket[], admittedAt: number): RateLimitRelease {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const keys = buckets.flatMap((bucket) => this.#keys(bucket).slice(0, 2));
      const args = [String(admittedAt), ...this.#shortArgs];
      const sent = this.#releaseLoaded
        ? this.#run(this.#releaseSha, RELEASE_SCRIPT, keys, args, 'release a request in')
        : this.#redis.eval(RELEASE_SCRIPT, keys.length, ...keys, ...args).then(() => void (this.#releaseLoaded = true));
      sent.catch(() => {});
    };
  }

  async pause(buckets: readonly RateLimitBucket[], ms: number): Promise<void> {
    const invalid = checkPause(ms, 'RedisRateLimiter') ?? checkBuckets(buckets, 'RedisRateLimiter.pause(buckets)');
    if (invalid) throw invalid;
    if (buckets.length === 0 || ms === 0) return;
    await this.#run(this.#pauseSha, PAUSE_SCRIPT, buckets.map((bucket) => this.#keys(bucket)[2]!), [String(Math.ceil(ms))], 'pause');
  }

  /** @internal */
  toJSON(): Record<string, unknown> {
    return { type: 'RedisRateLimiter', prefix: this.prefix };
  }

  #keys(bucket: RateLimitBucket): [string, string, string] {
    const base = `${this.prefix}:${bucket.key}`;
    return [`${base}:10s`, `${base}:1h`, `${base}:pause`];
  }

  /** EVALSHA, loading the script on NOSCRIPT (first call, or after a Redis restart or SCRIPT FLUSH). */
  async #run(sha: string, script: string, keys: readonly string[], args: readonly string[], verb: string): Promise<unknown> {
    try {
      try {
        return await this.#redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await this.#redis.eval(script, keys.length, ...keys, ...args);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new NetatmoError(`Redis: could not ${verb} the rate limits under "${this.prefix}": ${message}`);
    }
  }
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
