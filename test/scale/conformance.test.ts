import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { FileTokenStore, MemoryRateLimiter, MemoryTokenStore, type RateLimiter, type TokenStore } from '../../src/index.js';
import { RedisRateLimiter, RedisTokenStore } from '../../src/redis/index.js';
import { runRateLimiterConformance, runTokenStoreConformance, type ConformanceReport } from '../../src/testing/index.js';
import { useRedisServer } from '../helpers/redis-server.js';

const redis = useRedisServer();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every check passed, or the failing ones are listed with their reasons. */
function expectAllPassed(report: ConformanceReport, skipped: string[] = []): void {
  expect(report.failed, report.summary).toEqual([]);
  expect(report.skipped.map((check) => check.name)).toEqual(skipped);
  expect(report.ok).toBe(true);
}

test('MemoryTokenStore passes the TokenStore conformance suite', async () => {
  const store = new MemoryTokenStore();
  const report = await runTokenStoreConformance(() => store);
  expectAllPassed(report, ['corrupt data: load() rejects with an error that does not quote the data']);
  expect(report.passed).toHaveLength(8);
});

test('FileTokenStore passes the TokenStore conformance suite, corrupt file included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'netatmo-conformance-'));
  dirs.push(dir);
  const path = join(dir, 'token.json');
  const report = await runTokenStoreConformance(() => new FileTokenStore(path), { corrupt: () => writeFile(path, '{"access_token": "conformance-access-cut') });
  expectAllPassed(report);
  expect(report.passed).toHaveLength(9);
});

test('RedisTokenStore passes the TokenStore conformance suite, corrupt value included', async () => {
  const connection = redis.connect();
  const report = await runTokenStoreConformance(() => new RedisTokenStore({ redis: redis.connect(), key: 'conformance:tokens' }), {
    corrupt: async () => void (await connection.set('conformance:tokens', '{"accessToken":"conformance-access-cut')),
  });
  expectAllPassed(report);
  expect(report.passed).toHaveLength(9);
});

test('MemoryRateLimiter passes the RateLimiter conformance suite', async () => {
  const report = await runRateLimiterConformance(({ timeScale, marginMs }) => new MemoryRateLimiter({ timeScale, marginMs }));
  expectAllPassed(report);
  expect(report.passed).toHaveLength(10);
});

test('RedisRateLimiter passes the RateLimiter conformance suite, each check on a fresh connection', async () => {
  const report = await runRateLimiterConformance(({ timeScale, marginMs }) => new RedisRateLimiter({ redis: redis.connect(), timeScale, marginMs, prefix: 'conformance' }));
  expectAllPassed(report);
  expect(report.passed).toHaveLength(10);
});

test('a broken limiter gets a report that names each failed check and why, without throwing', async () => {
  const lax: RateLimiter = { acquire: async () => {}, pause: async () => {} };
  const report = await runRateLimiterConformance(() => lax);
  expect(report.ok).toBe(false);
  expect(report.passed.map((check) => check.name)).toEqual(['separate keys do not share slots', 'reset: slots free again once the window has passed']);
  expect(report.skipped.map((check) => check.name)).toEqual(['release: a request counts from when its answer came back, not from the acquire']);
  expect(report.failed.find((check) => check.name.startsWith('concurrency'))?.reason).toBe(
    '20 of 20 concurrent calls got a slot in a window of 5 (a read-modify-write race lets too many through)',
  );
  expect(report.summary.split('\n')).toHaveLength(10);
});

test('a store that forgets fields and prints tokens fails those checks with reasons', async () => {
  let saved: unknown;
  const leaky: TokenStore & { toJSON(): unknown } = {
    load: async () => saved as never,
    save: async (tokens) => void (saved = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
    toJSON: () => saved,
  };
  const report = await runTokenStoreConformance(() => leaky);
  expect(report.failed.map((check) => check.name)).toEqual([
    'round trip: load() returns every field save() stored',
    'shared storage: a second instance reads what the first saved',
    'concurrent saves from two instances leave one whole set, never a mix',
    'no token in JSON.stringify or util.inspect of the store',
  ]);
  expect(report.failed[0]!.reason).toMatch(/^saved a set with expiresAt \d+ but load\(\) returned a set with expiresAt undefined/);
});

test('a store whose withLock runs fn twice, or whose lock duration is not a number, fails that check with the reason', async () => {
  /** A real lock around a function run twice. */
  class Doubling extends MemoryTokenStore {
    override withLock<T>(fn: () => Promise<T>): Promise<T> {
      return super.withLock(async () => {
        await fn();
        return fn();
      });
    }
  }
  const doubled = new Doubling();
  const report = await runTokenStoreConformance(() => doubled);
  expect(report.failed.map((failed) => [failed.name, failed.reason])).toEqual([
    ['withLock runs fn exactly once per call, and lockTtlMs / lockTimeoutMs, when present, are positive numbers', 'withLock ran fn 2 times for one call; it must run it exactly once'],
  ]);

  const mistyped = Object.assign(new MemoryTokenStore(), { lockTimeoutMs: '60s' });
  const second = await runTokenStoreConformance(() => mistyped as unknown as TokenStore);
  expect(second.failed.map((failed) => [failed.name, failed.reason])).toEqual([
    [
      'withLock runs fn exactly once per call, and lockTtlMs / lockTimeoutMs, when present, are positive numbers',
      'lockTimeoutMs is 60s: leave it out, or give a positive number of milliseconds (the client refuses the store otherwise)',
    ],
  ]);
});
