import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { describe, expect, test } from 'vitest';
import { createNetatmoClient, FileTokenStore, fingerprint, MemoryTokenStore, NetatmoError, NetatmoValidationError, type TokenSet, type TokenStore } from '../../src/index.js';
import { RedisTokenStore } from '../../src/redis/index.js';
import { useRedisServer } from '../helpers/redis-server.js';
import { clientFor, closedPort, fakeNetatmo } from '../helpers/setup.js';
import { recordingLogger, sleep } from './helpers.js';
import { expectBadExpiriesRefused, expectEveryExpiryRoundTrips, expectHostileCallsReject } from './store-contract.js';

const ACCESS = 'redis-access|0123456789abcdef0123456789abcdef';
const REFRESH = 'redis-refresh|fedcba9876543210fedcba9876543210';
const TOKENS: TokenSet = { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.UTC(2026, 0, 1), scope: ['read_station'] };

let keyCounter = 0;
const redisServer = useRedisServer();

function connect(): Redis {
  return redisServer.connect();
}

/** A key no other test uses. */
function freshKey(): string {
  return `netatmo-connect-test:${process.pid}:${++keyCounter}`;
}

describe('RedisTokenStore', () => {
  test('save then load round-trips the set as JSON at the key; clear deletes it', async () => {
    const redis = connect();
    const key = freshKey();
    const store = new RedisTokenStore({ redis, key });
    expect(await store.load()).toBeUndefined();
    await store.save(TOKENS);
    expect(JSON.parse((await redis.get(key))!)).toStrictEqual(TOKENS);
    expect(await new RedisTokenStore({ redis: connect(), key }).load()).toEqual(TOKENS);
    await store.clear();
    expect(await redis.exists(key)).toBe(0);
    expect(await store.load()).toBeUndefined();
  });

  test("the default key is 'netatmo-connect:tokens' and the lock lives at '<key>:lock'", () => {
    const store = new RedisTokenStore({ redis: connect() });
    expect(store.key).toBe('netatmo-connect:tokens');
    expect(store.lockKey).toBe('netatmo-connect:tokens:lock');
  });

  test.each([
    ['not JSON', `{"accessToken":"${ACCESS}"`, 'not valid JSON'],
    ['the wrong shape', '{"accessToken": 7}', 'accessToken must be a string'],
  ])('a value that is %s → a NetatmoError naming the key, with no token in it; the value stays', async (_label, value, problem) => {
    const redis = connect();
    const key = freshKey();
    await redis.set(key, value);
    const error = await new RedisTokenStore({ redis, key }).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoError);
    expect((error as Error).message).toContain(`Redis key "${key}"`);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).not.toContain(ACCESS);
    expect(await redis.get(key)).toBe(value);
  });

  test('two stores on one key never run their critical sections at the same time', async () => {
    const key = freshKey();
    const [a, b] = [new RedisTokenStore({ redis: connect(), key }), new RedisTokenStore({ redis: connect(), key })];
    let inside = 0;
    let most = 0;
    const log: string[] = [];
    const section = (name: string) => async () => {
      inside++;
      most = Math.max(most, inside);
      log.push(name);
      await sleep(40);
      inside--;
      return name;
    };
    const results = await Promise.all([a.withLock(section('a1')), b.withLock(section('b1')), a.withLock(section('a2')), b.withLock(section('b2'))]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(log.sort()).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(most).toBe(1);
    expect(await connect().exists(`${key}:lock`)).toBe(0);
  });

  test('the lock is SET with the TTL and an owner token while held', async () => {
    const redis = connect();
    const key = freshKey();
    const seen = await new RedisTokenStore({ redis, key, lockTtlMs: 5_000 }).withLock(async () => ({
      owner: await redis.get(`${key}:lock`),
      ttl: await redis.pttl(`${key}:lock`),
    }));
    expect(seen.owner).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.ttl).toBeGreaterThan(4_000);
    expect(seen.ttl).toBeLessThanOrEqual(5_000);
  });

  test('compare-and-delete: a holder whose lock expired and was retaken does not delete the new holder’s lock', async () => {
    const key = freshKey();
    const logger = recordingLogger();
    const slow = new RedisTokenStore({ redis: connect(), key, lockTtlMs: 100, logger });
    const next = new RedisTokenStore({ redis: connect(), key, lockTtlMs: 10_000 });
    const observer = connect();
    let nextOwner: string | null = null;
    let releaseNext!: () => void;
    const nextHolds = new Promise<void>((resolve) => (releaseNext = resolve));
    let nextEntered!: () => void;
    const entered = new Promise<void>((resolve) => (nextEntered = resolve));

    const slowRun = slow.withLock(async () => {
      await sleep(30); // let `next` start waiting
      await entered; // `next` takes the lock once ours expired (after 100 ms)
    });
    const nextRun = sleep(10).then(() =>
      next.withLock(async () => {
        nextOwner = await observer.get(`${key}:lock`);
        nextEntered();
        await nextHolds;
      }),
    );
    await slowRun;
    // The slow holder released after its lock expired: the next holder's lock must still be there.
    expect(await observer.get(`${key}:lock`)).toBe(nextOwner);
    expect(nextOwner).not.toBeNull();
    expect(logger.lines.warn).toEqual([
      `netatmo-connect: the Redis lock "${key}:lock" expired before its holder finished (lockTtlMs 100 ms is too short); left the next holder's lock alone`,
    ]);
    releaseNext();
    await nextRun;
    expect(await observer.exists(`${key}:lock`)).toBe(0);
  });

  test('a waiter gives up after lockTimeoutMs with an error naming the lock key and when it expires', async () => {
    const redis = connect();
    const key = freshKey();
    await redis.set(`${key}:lock`, 'someone-else', 'PX', 10_000);
    const started = Date.now();
    const error = await new RedisTokenStore({ redis, key, lockTimeoutMs: 250 })
      .withLock(async () => 'never')
      .catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
    expect(error).toBeInstanceOf(NetatmoError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Timed out after 250 ms waiting for the Redis lock "${key}:lock" \\(it expires by itself in \\d+ ms\\)\\. Another process is refreshing the tokens, or died holding the lock\\.$`),
    );
    expect(await redis.get(`${key}:lock`)).toBe('someone-else');
  });

  test('Redis failures become NetatmoErrors naming the key, without the command’s arguments', async () => {
    const offline = new Redis({ port: await closedPort(), host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    offline.on('error', () => {});
    const logger = recordingLogger();
    const store = new RedisTokenStore({ redis: offline, key: 'k', logger });
    for (const call of [() => store.save(TOKENS), () => store.load(), () => store.clear(), () => store.withLock(async () => {})]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetatmoError);
      expect((error as Error).message).toMatch(/^Redis: could not (write|read|delete|take) the key "k(:lock)?": /);
      expect((error as Error).message).not.toContain(ACCESS);
      expect((error as Error).cause).toBeUndefined();
    }
    offline.disconnect();
  });

  test('util.inspect and JSON.stringify show the key and fingerprints, never a token', async () => {
    const key = freshKey();
    const store = new RedisTokenStore({ redis: connect(), key });
    await store.save(TOKENS);
    for (const printed of [inspect(store), JSON.stringify(store)]) {
      expect(printed).toContain(key);
      expect(printed).toContain(fingerprint(ACCESS));
      expect(printed).not.toContain(ACCESS);
      expect(printed).not.toContain(REFRESH);
    }
  });

  test.each([
    ['redis', {}],
    ['key', { key: '' }],
    ['lockTtlMs', { lockTtlMs: -5 }],
    ['lockTimeoutMs', { lockTimeoutMs: Number.POSITIVE_INFINITY }],
  ])('an invalid %s is a NetatmoValidationError naming it', (name, options) => {
    const redis = name === 'redis' ? undefined : connect();
    expect(() => new RedisTokenStore({ redis, ...options } as never)).toThrow(NetatmoValidationError);
    expect(() => new RedisTokenStore({ redis, ...options } as never)).toThrow(`Invalid ${name}`);
  });

  test('two clients with two RedisTokenStores on one key make 1 token request between them at expiry', async () => {
    const fake = await fakeNetatmo();
    const issued = fake.issueTokens();
    fake.expireAccessTokens();
    fake.setDelay('oauth2/token', 150);
    const key = freshKey();
    await new RedisTokenStore({ redis: connect(), key }).save({ ...issued, expiresAt: Date.now() - 1_000 });
    const clients = [0, 1].map(() => clientFor(fake, { tokenStore: new RedisTokenStore({ redis: connect(), key }) }));
    const events: string[] = [];
    for (const client of clients) {
      client.on('tokenRefreshed', () => void events.push('tokenRefreshed'));
      client.on('reauthorizationRequired', () => void events.push('reauthorizationRequired'));
    }
    await Promise.all(clients.flatMap((client) => [client.station.getStationsData(), client.station.getStationsData()]));
    expect(fake.count('oauth2/token')).toBe(1);
    expect(fake.count('getstationsdata')).toBe(4);
    expect(events).toEqual(['tokenRefreshed']);
    const live = fake.liveRefreshTokens();
    expect(live).toHaveLength(1);
    for (const client of clients) expect((await client.tokens.status()).refreshTokenFingerprint).toBe(fingerprint(live[0]));
    expect((await new RedisTokenStore({ redis: connect(), key }).load())?.refreshToken).toBe(live[0]);
  });
});

describe('RedisTokenStore keeps the contract of every bundled store', () => {
  test('every expiresAt from now to a year and a day ahead (100 generated, and the edges) saves and loads exactly', async () => {
    await expectEveryExpiryRoundTrips(new RedisTokenStore({ redis: connect(), key: freshKey() }), 100);
  });

  test('a non-finite, out-of-range or non-number expiresAt is refused before the key is written', async () => {
    const redis = connect();
    const key = freshKey();
    await expectBadExpiriesRefused(new RedisTokenStore({ redis, key }), () => redis.get(key));
  });

  test('hostile calls (bad sets, no function, no this) reject, none throws synchronously; the lock is free afterwards', async () => {
    const redis = connect();
    const key = freshKey();
    await expectHostileCallsReject(new RedisTokenStore({ redis, key }));
    expect(await redis.exists(`${key}:lock`)).toBe(0);
  });

  test('lockTtlMs: the lock lifetime is readable on the store (the TokenStore field clients check); stores whose lock lasts as long as its holder have none', () => {
    const redis = connect();
    expect(new RedisTokenStore({ redis }).lockTtlMs).toBe(300_000);
    expect(new RedisTokenStore({ redis, lockTtlMs: 5_000 }).lockTtlMs).toBe(5_000);
    const stores: TokenStore[] = [new MemoryTokenStore(), new FileTokenStore('token.json')];
    expect(stores.map((store) => store.lockTtlMs)).toEqual([undefined, undefined]);
    // The default lock outlives the worst-case refresh at the client's default settings.
    expect(() => createNetatmoClient({ clientId: 'i', clientSecret: 's', tokenStore: new RedisTokenStore({ redis }) })).not.toThrow();
    expect(() => createNetatmoClient({ clientId: 'i', clientSecret: 's', tokenStore: new RedisTokenStore({ redis, lockTtlMs: 5_000 }) })).toThrow(
      'Invalid options.tokenStore.lockTtlMs',
    );
  });

  test('a Redis server that does not answer (ioredis queues the commands) ends the lock wait at lockTimeoutMs, with an error naming the lock key', async () => {
    // Nothing listens on this port; with these settings ioredis queues commands and never fails them.
    const redis = new Redis({ port: await closedPort(), host: '127.0.0.1', maxRetriesPerRequest: null, retryStrategy: () => 50 });
    redis.on('error', () => {});
    try {
      const key = freshKey();
      await expect(new RedisTokenStore({ redis, key, lockTimeoutMs: 300 }).withLock(async () => 'never')).rejects.toThrow(
        new NetatmoError(`Timed out after 300 ms waiting for the Redis lock "${key}:lock": Redis did not answer. Check that the server is reachable.`),
      );
    } finally {
      redis.disconnect();
    }
  });
});

