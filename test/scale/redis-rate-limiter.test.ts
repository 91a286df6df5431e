import { Redis } from 'ioredis';
import { expect, test } from 'vitest';
import { NetatmoError, NetatmoRateLimitError, NetatmoValidationError, type RateLimitBucket } from '../../src/index.js';
import { RedisRateLimiter } from '../../src/redis/index.js';
import { closedPort } from '../helpers/setup.js';
import { useRedisServer } from '../helpers/redis-server.js';

const redis = useRedisServer();
let keyCounter = 0;
const bucket = (perTenSeconds: number, perHour = 500): RateLimitBucket => ({ key: `user:${++keyCounter}`, perTenSeconds, perHour });

/** Acquires; says whether the limiter had to wait. */
async function take(limiter: RedisRateLimiter, buckets: RateLimitBucket[], signal?: AbortSignal): Promise<'at once' | 'after a wait'> {
  let waited = false;
  await limiter.acquire({ buckets, endpoint: 'getstationsdata', ...(signal && { signal }), onWait: () => void (waited = true) });
  return waited ? 'after a wait' : 'at once';
}

test('two limiters on two connections share one budget', async () => {
  const [first, second] = [new RedisRateLimiter({ redis: redis.connect() }), new RedisRateLimiter({ redis: redis.connect() })];
  const shared = bucket(3);
  expect([await take(first, [shared]), await take(second, [shared]), await take(first, [shared])]).toEqual(['at once', 'at once', 'at once']);

  const controller = new AbortController();
  const waits: number[] = [];
  const fourth = second.acquire({ buckets: [shared], endpoint: 'getstationsdata', signal: controller.signal, onWait: (ms) => (waits.push(ms), controller.abort(new Error('enough'))) });
  await expect(fourth).rejects.toThrow('enough');
  expect(waits).toHaveLength(1);
  // One 10-second window plus the slot and the 250 ms margin, at most.
  expect(waits[0]).toBeGreaterThan(9_000);
  expect(waits[0]).toBeLessThanOrEqual(10_000 + 200 + 250);
});

test('200 simultaneous calls from 4 connections take exactly the 25 free slots: no read-modify-write race', async () => {
  const limiters = Array.from({ length: 4 }, () => new RedisRateLimiter({ redis: redis.connect() }));
  const shared = bucket(25);
  const controller = new AbortController();
  let waiting = 0;
  const calls = Array.from({ length: 200 }, (_, index) =>
    limiters[index % 4]!.acquire({ buckets: [shared], endpoint: 'a', signal: controller.signal, onWait: () => void waiting++ }).then(
      () => 'acquired',
      () => 'aborted',
    ),
  );
  while (waiting < 175) await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort(new Error('done'));
  const outcomes = await Promise.all(calls);
  expect(outcomes.filter((outcome) => outcome === 'acquired')).toHaveLength(25);
});

test('a pause set by one process fails calls of another at once with code 26', async () => {
  const [first, second] = [new RedisRateLimiter({ redis: redis.connect() }), new RedisRateLimiter({ redis: redis.connect() })];
  const user = bucket(50);
  await first.pause([user], 120_000);
  const error = (await second.acquire({ buckets: [user], endpoint: 'homestatus' }).catch((caught: unknown) => caught)) as NetatmoRateLimitError;
  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect(error.code).toBe(26);
  expect(error.retryAfterMs).toBeGreaterThan(119_000);
  expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  expect(error.message).toMatch(new RegExp(`^Requests for ${user.key} are paused after Netatmo's usage limit \\(code 26\\); the next request to homestatus can go in 1[12]\\d s\\.$`));
});

test('an hourly window spent in Redis fails at once with retryAfterMs', async () => {
  const limiter = new RedisRateLimiter({ redis: redis.connect() });
  const user = bucket(50, 2);
  await take(limiter, [user]);
  await take(limiter, [user]);
  const error = (await limiter.acquire({ buckets: [user], endpoint: 'homestatus' }).catch((caught: unknown) => caught)) as NetatmoRateLimitError;
  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect(error.retryAfterMs).toBeGreaterThan(3_600_000);
  expect(error.retryAfterMs).toBeLessThanOrEqual(3_600_000 + 72_000 + 250);
});

test('keys are namespaced under the prefix and expire once nothing in them counts', async () => {
  const connection = redis.connect();
  const limiter = new RedisRateLimiter({ redis: connection, prefix: 'tenant-a' });
  await limiter.acquire({ buckets: [{ key: 'user:keys', perTenSeconds: 5, perHour: 50 }, { key: 'app:keys', perTenSeconds: 5, perHour: 50 }], endpoint: 'a' });
  await limiter.pause([{ key: 'user:keys', perTenSeconds: 5, perHour: 50 }], 5_000);

  expect((await connection.keys('tenant-a:*')).sort()).toEqual([
    'tenant-a:app:keys:10s',
    'tenant-a:app:keys:1h',
    'tenant-a:user:keys:10s',
    'tenant-a:user:keys:1h',
    'tenant-a:user:keys:pause',
  ]);
  const ttl = async (key: string): Promise<number> => connection.pttl(`tenant-a:user:keys:${key}`);
  expect(await ttl('10s')).toBeGreaterThan(0);
  expect(await ttl('10s')).toBeLessThanOrEqual(10_000 + 200 + 250);
  expect(await ttl('1h')).toBeGreaterThan(3_600_000);
  expect(await ttl('1h')).toBeLessThanOrEqual(3_600_000 + 72_000 + 250);
  expect(await ttl('pause')).toBeLessThanOrEqual(5_000);
  expect(await connection.hlen('tenant-a:user:keys:1h')).toBe(1);
});

test('a flushed script cache (Redis restart, SCRIPT FLUSH) is reloaded on the next call', async () => {
  const connection = redis.connect();
  const limiter = new RedisRateLimiter({ redis: connection });
  const user = bucket(5);
  await take(limiter, [user]);
  await connection.script('FLUSH');
  expect(await take(limiter, [user])).toBe('at once');
  await connection.script('FLUSH');
  await limiter.pause([user], 60_000);
  await expect(take(limiter, [user])).rejects.toBeInstanceOf(NetatmoRateLimitError);
});

test('Redis failures reject with a NetatmoError naming the prefix; bad options are refused', async () => {
  const down = new Redis({ port: await closedPort(), host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  down.on('error', () => {});
  const limiter = new RedisRateLimiter({ redis: down, prefix: 'svc' });
  const error = await limiter.acquire({ buckets: [bucket(5)], endpoint: 'a' }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoError);
  expect((error as Error).message).toMatch(/^Redis: could not count a request in the rate limits under "svc": /);
  down.disconnect();

  expect(() => new RedisRateLimiter({ redis: undefined as never })).toThrow(NetatmoValidationError);
  expect(() => new RedisRateLimiter({ redis: redis.connect(), prefix: '' })).toThrow('Invalid RedisRateLimiter.prefix: expected a non-empty string');
  await expect(new RedisRateLimiter({ redis: redis.connect() }).pause([bucket(1)], Number.NaN)).rejects.toThrow('Invalid RedisRateLimiter.pause(buckets, ms)');
});

test('the release moves the request to when its answer came back, in every process', async () => {
  const connection = redis.connect();
  const [first, second] = [new RedisRateLimiter({ redis: connection, timeScale: 0.05 }), new RedisRateLimiter({ redis: redis.connect(), timeScale: 0.05 })];
  const one = bucket(1);
  const release = await first.acquire({ buckets: [one], endpoint: 'a' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  release();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the release is not awaited by the call
  const waits: number[] = [];
  const controller = new AbortController();
  await second.acquire({ buckets: [one], endpoint: 'a', signal: controller.signal, onWait: (ms) => (waits.push(ms), controller.abort(new Error('enough'))) }).catch(() => {});
  // A 500 ms window (10 s × 0.05) plus its 10 ms slot and the 250 ms margin, from the release.
  expect(waits[0]).toBeGreaterThan(650);
  expect(waits[0]).toBeLessThanOrEqual(760);
  expect(await connection.hvals(`netatmo-connect:limits:${one.key}:10s`)).toEqual(['1']);
});
