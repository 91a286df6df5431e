import type { Cluster, Redis } from 'ioredis';
import { storableTokens } from '../auth/storable-tokens.js';
import { describeTokens, normalizeTokenSet, type TokenSet } from '../auth/token-set.js';
import type { TokenStore } from '../auth/token-store.js';
import { NetatmoError, invalidOption } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** A connected ioredis client (or cluster). The store never closes it. */
  redis: Redis | Cluster;
  /**
   * The key holding the token set as JSON; the lock lives at `<key>:lock`. Use one key per
   * Netatmo account.
   * @default 'netatmo-connect:tokens'
   */
  key?: string;
  /**
   * How long the lock lives if its holder dies without releasing it, in milliseconds. Keep it
   * above the longest refresh (the client's `timeoutMs` times its attempts): a holder slower than
   * this loses the lock to the next waiter.
   * @default 300000 (5 minutes: above the worst-case refresh at the client's default timeout and retries, 220 s)
   */
  lockTtlMs?: number;
  /**
   * How long `withLock` waits for another holder, in milliseconds, before it throws.
   * @default 60000
   */
  lockTimeoutMs?: number;
  /** Receives a warning when a holder outlived its lock. Never receives a token. @default silent */
  logger?: Logger;
}

/** Deletes the lock only if it still holds our owner token: a lock that expired and was taken by another holder stays. */
const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 500;
/** The least time a Redis command may take, even when it starts at the deadline. */
const STEP_GRACE_MS = 1_000;

/**
 * Keeps tokens in Redis, for services that run on several machines: every instance shares one
 * token set and one lock, so they refresh once between them and adopt each other's rotated
 * refresh token.
 *
 * - The set is stored as JSON (`{"accessToken","refreshToken","expiresAt","scope"}`) at `key`.
 *   `save()` resolves once Redis acknowledged the write; how durable that is depends on the
 *   server's persistence (AOF with `appendfsync always` or `everysec` is advised).
 * - `withLock` takes `<key>:lock` with `SET NX PX lockTtlMs` and a random owner token, polls with
 *   a growing backoff while another holder has it, and gives up after `lockTimeoutMs` with an error
 *   naming the lock key. Release is a Lua compare-and-delete, so a holder whose lock expired
 *   never deletes the next holder's lock.
 *
 * ioredis is an optional peer dependency: install it yourself (`npm install ioredis`). Only this
 * entry (`netatmo-connect/redis`) refers to it.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createNetatmoClient } from 'netatmo-connect';
 * import { RedisTokenStore } from 'netatmo-connect/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const client = createNetatmoClient({
 *   clientId: process.env.NETATMO_CLIENT_ID!,
 *   clientSecret: process.env.NETATMO_CLIENT_SECRET!,
 *   tokenStore: new RedisTokenStore({ redis, key: 'netatmo:home' }),
 *   refreshToken: process.env.NETATMO_REFRESH_TOKEN, // first run only: the store is empty
 * });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  /** The key holding the tokens. */
  readonly key: string;
  /** The key of the lock. */
  readonly lockKey: string;
  /**
   * How long the lock can be held before others may take it, in milliseconds: the `PX` of the
   * lock key. A client on this store refuses to start when its worst-case refresh (`timeoutMs`
   * and `retry`) could outlast it.
   */
  readonly lockTtlMs: number;
  /** How long `withLock` waits for the lock before it rejects (the `lockTimeoutMs` option). */
  readonly lockTimeoutMs: number;
  readonly #redis: Redis | Cluster;
  readonly #logger: Logger;
  /** The last set read or written, for fingerprints in `util.inspect`. */
  #last: TokenSet | undefined;

  /** @throws `NetatmoValidationError` when `redis` is missing or an option is invalid. */
  constructor(options: RedisTokenStoreOptions) {
    if (!options?.redis || typeof options.redis.set !== 'function') {
      throw invalidOption('redis', 'expected an ioredis client, e.g. new Redis(process.env.REDIS_URL)');
    }
    const key = options.key ?? 'netatmo-connect:tokens';
    if (typeof key !== 'string' || key === '') throw invalidOption('key', 'expected a non-empty string');
    this.#redis = options.redis;
    this.key = key;
    this.lockKey = `${key}:lock`;
    this.lockTtlMs = positive(options.lockTtlMs, 300_000, 'lockTtlMs');
    this.lockTimeoutMs = positive(options.lockTimeoutMs, 60_000, 'lockTimeoutMs');
    this.#logger = options.logger ?? silentLogger;
  }

  /**
   * @returns the saved tokens, or `undefined` when the key does not exist.
   * @throws `NetatmoError` naming the key when Redis fails or the value is not a token set.
   */
  async load(): Promise<TokenSet | undefined> {
    const text = await this.#call('read', this.key, () => this.#redis.get(this.key));
    if (text === null) {
      this.#last = undefined;
      return undefined;
    }
    let tokens: TokenSet | undefined;
    try {
      tokens = normalizeTokenSet(JSON.parse(text), `Redis key "${this.key}"`);
    } catch (error) {
      // JSON.parse quotes the value, which may hold a token: only a TypeError of ours is passed on.
      const why = error instanceof TypeError ? error.message : `Redis key "${this.key}": not valid JSON`;
      throw new NetatmoError(`${why}. The value was left unchanged: fix or delete the key, then log in again.`);
    }
    this.#last = tokens;
    return tokens;
  }

  /**
   * Writes the tokens and resolves once Redis acknowledged them.
   *
   * @throws `TypeError` or `NetatmoValidationError` when `tokens` is not a set every bundled store
   *   can keep (e.g. `expiresAt` past year 9999); nothing is written then.
   */
  async save(tokens: TokenSet): Promise<void> {
    const normalized = storableTokens(tokens, 'RedisTokenStore.save()');
    await this.#call('write', this.key, () => this.#redis.set(this.key, JSON.stringify(normalized)));
    this.#last = normalized;
  }

  /** Deletes the key. */
  async clear(): Promise<void> {
    await this.#call('delete', this.key, () => this.#redis.del(this.key));
    this.#last = undefined;
  }

  /**
   * Runs `fn` while holding `<key>:lock`, exclusive across every process and machine using this
   * key. `fn` should finish within `lockTtlMs`.
   *
   * @throws `NetatmoError` naming the lock key after `lockTimeoutMs` without the lock, including
   *   when Redis does not answer.
   */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError(`RedisTokenStore.withLock(fn): expected a function, got ${typeof fn}`);
    const owner = globalThis.crypto.randomUUID();
    await this.#acquire(owner);
    try {
      return await fn();
    } finally {
      await this.#release(owner);
    }
  }

  /** Never throws: `fn`'s outcome (tokens already saved) matters more, and the lock expires by itself. */
  async #release(owner: string): Promise<void> {
    let deleted: unknown;
    try {
      deleted = await this.#call('release', this.lockKey, () => this.#redis.eval(COMPARE_AND_DELETE, 1, this.lockKey, owner));
    } catch (error) {
      this.#logger.warn(`netatmo-connect: ${(error as Error).message}; it expires by itself within ${this.lockTtlMs} ms`);
      return;
    }
    if (deleted !== 1) {
      this.#logger.warn(
        `netatmo-connect: the Redis lock "${this.lockKey}" expired before its holder finished (lockTtlMs ${this.lockTtlMs} ms is too short); left the next holder's lock alone`,
      );
    }
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RedisTokenStore ${JSON.stringify(this.toJSON())}`;
  }

  /** @internal The key and fingerprints, never a token. */
  toJSON(): Record<string, unknown> {
    return { type: 'RedisTokenStore', key: this.key, ...describeTokens(this.#last) };
  }

  async #acquire(owner: string): Promise<void> {
    const deadline = Date.now() + this.lockTimeoutMs;
    let delay = FIRST_POLL_MS;
    for (;;) {
      const taking = this.#call('take', this.lockKey, () => this.#redis.set(this.lockKey, owner, 'PX', this.lockTtlMs, 'NX'));
      const taken = await this.#bounded(taking, deadline, () => {
        // Should the SET still go through after we gave up, the lock is ours: release it now
        // rather than leave it for lockTtlMs.
        taking.then((late) => (late === 'OK' ? this.#release(owner) : undefined)).catch(() => {});
      });
      if (taken === 'OK') return;
      const left = deadline - Date.now();
      if (left <= 0) {
        const ttl = await this.#bounded(
          this.#call('read', this.lockKey, () => this.#redis.pttl(this.lockKey)),
          Date.now(),
          () => {},
        ).catch(() => -2);
        throw new NetatmoError(
          `Timed out after ${this.lockTimeoutMs} ms waiting for the Redis lock "${this.lockKey}"` +
            (ttl > 0 ? ` (it expires by itself in ${ttl} ms)` : '') +
            '. Another process is refreshing the tokens, or died holding the lock.',
        );
      }
      // Jitter keeps several waiters from polling in step.
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay * (0.75 + Math.random() / 2), left)));
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  }

  /**
   * Waits for a Redis command until the deadline (at least STEP_GRACE_MS): a server that does not
   * answer (down, with ioredis queueing commands until it is back) cannot hold a waiter past
   * lockTimeoutMs.
   */
  #bounded<T>(command: Promise<T>, deadline: number, onGiveUp: () => void): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          onGiveUp();
          reject(
            new NetatmoError(
              `Timed out after ${this.lockTimeoutMs} ms waiting for the Redis lock "${this.lockKey}": Redis did not answer. Check that the server is reachable.`,
            ),
          );
        },
        Math.max(deadline - Date.now(), Math.min(this.lockTimeoutMs, STEP_GRACE_MS)),
      );
    });
    return Promise.race([command, late]).finally(() => clearTimeout(timer));
  }

  /** Runs a Redis command; its errors become NetatmoErrors naming the key, without the command's arguments (they may hold a token). */
  async #call<T>(verb: string, key: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new NetatmoError(`Redis: could not ${verb} the key "${key}": ${message}`);
    }
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidOption(name, `expected a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
