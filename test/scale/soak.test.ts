import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { FileTokenStore, type TokenStore } from '../../src/index.js';
import { RedisTokenStore } from '../../src/redis/index.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { runWorkers } from './processes.js';
import { useRedisServer } from '../helpers/redis-server.js';

const redis = useRedisServer();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const LIFETIME_S = 2;
const LIFETIMES = 5;
const PROCESSES = 4;
const CALLS = 200;

interface SoakResult {
  ok: number;
  errors: Record<string, number>;
  events: Record<string, number>;
}

/** 4 processes × 200 calls over 5 token lifetimes on one store; what the fake and the workers saw. */
async function soak(fake: FakeNetatmo, store: TokenStore, env: Record<string, string>): Promise<{ results: SoakResult[]; tokenRequests: number; lifetimes: number }> {
  // Only a refresh token: the first call buys the first lifetime, as after a login.
  await store.save({ refreshToken: fake.issueTokens(['read_station']).refreshToken });
  const results = await runWorkers<SoakResult>(PROCESSES, 'soak-worker.ts', () => ({
    ...env,
    FAKE_URL: fake.url,
    CLIENT_ID: fake.clientId,
    CLIENT_SECRET: fake.clientSecret,
    REFRESH_BUFFER_MS: '100',
    CALLS: String(CALLS),
    DURATION_MS: String(LIFETIME_S * 1000 * LIFETIMES),
  }));
  const calls = fake.requests.filter((record) => record.endpoint === 'getstationsdata').map((record) => record.at);
  // Each refresh buys one lifetime (less the 100 ms buffer): the lifetimes the calls spanned.
  const lifetimes = Math.ceil((Math.max(...calls) - Math.min(...calls)) / (LIFETIME_S * 1000 - 100));
  return { results, tokenRequests: fake.count('oauth2/token'), lifetimes };
}

function expectClean(results: SoakResult[]): void {
  expect(results.map((result) => result.ok)).toEqual(Array.from({ length: PROCESSES }, () => CALLS));
  expect(results.map((result) => result.errors)).toEqual(Array.from({ length: PROCESSES }, () => ({})));
  expect(results.some((result) => result.events['refreshFailed'] || result.events['reauthorizationRequired'])).toBe(false);
}

test('soak on one shared token file: 4 processes × 200 calls over 5 lifetimes make one token request per lifetime (± 1), 0 auth errors', async () => {
  const fake = await fakeNetatmo({ accessTokenLifetimeSeconds: LIFETIME_S });
  const dir = await mkdtemp(join(tmpdir(), 'netatmo-soak-'));
  dirs.push(dir);
  const path = join(dir, 'token.json');

  const { results, tokenRequests, lifetimes } = await soak(fake, new FileTokenStore(path), { STORE: 'file', TOKEN_FILE: path });

  expectClean(results);
  expect(lifetimes).toBeGreaterThanOrEqual(LIFETIMES);
  expect(Math.abs(tokenRequests - lifetimes)).toBeLessThanOrEqual(1);
  expect(fake.liveRefreshTokens()).toHaveLength(1);
  expect((await new FileTokenStore(path).load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
}, 60_000);

test('soak on Redis: 4 processes × 200 calls over 5 lifetimes make one token request per lifetime (± 1), 0 auth errors', async () => {
  const fake = await fakeNetatmo({ accessTokenLifetimeSeconds: LIFETIME_S });
  const store = new RedisTokenStore({ redis: redis.connect(), key: 'soak:tokens' });

  const { results, tokenRequests, lifetimes } = await soak(fake, store, { STORE: 'redis', REDIS_URL: redis.url, REDIS_KEY: 'soak:tokens' });

  expectClean(results);
  expect(lifetimes).toBeGreaterThanOrEqual(LIFETIMES);
  expect(Math.abs(tokenRequests - lifetimes)).toBeLessThanOrEqual(1);
  expect(fake.liveRefreshTokens()).toHaveLength(1);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
}, 60_000);
