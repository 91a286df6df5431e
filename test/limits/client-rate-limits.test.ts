import { expect, test } from 'vitest';
import { MemoryRateLimiter, NetatmoRateLimitError, NetatmoValidationError, type RateLimiter, type RateLimitRequest } from '../../src/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

test('invalid budgets are refused with the option name', async () => {
  const fake = await fakeNetatmo();
  expect(() => clientFor(fake, { rateLimit: { perTenSeconds: 0 } })).toThrow(NetatmoValidationError);
  expect(() => clientFor(fake, { rateLimit: { perHour: 1.5 } })).toThrow(
    'Invalid options.rateLimit.perHour: must be a whole number ≥ 1, got 1.5 (use rateLimit: false to turn the budget off)',
  );
});

test('the client-side budget throttles real calls and emits rateLimited', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), rateLimit: { perTenSeconds: 50, perHour: 2 } });
  const limited: string[] = [];
  client.on('rateLimited', ({ endpoint }) => void limited.push(endpoint));

  await client.station.getStationsData();
  await client.station.getStationsData();
  await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoRateLimitError);

  expect(fake.count('getstationsdata')).toBe(2);
  expect(limited).toEqual(['getstationsdata']);
});

test('token requests do not count against the API budget', async () => {
  const fake = await fakeNetatmo();
  const store = storeWithTokens(fake, { expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store, rateLimit: { perTenSeconds: 50, perHour: 1 } });

  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('a code 26 answered to one client pauses every client sharing the limiter, even without Retry-After', async () => {
  const fake = await fakeNetatmo();
  const tokens = fake.issueTokens();
  const pauses: number[] = [];
  const shared = new MemoryRateLimiter();
  const recording: RateLimiter = {
    acquire: (request) => shared.acquire(request),
    pause: (buckets, ms) => (pauses.push(ms), shared.pause(buckets, ms)),
  };
  const [first, second] = [1, 2].map(() => clientFor(fake, { tokenStore: storeWithTokens(fake, tokens), rateLimit: {}, rateLimiter: recording, retry: 0 }));
  fake.failNext('getstationsdata', 1, { status: 429, code: 26, message: 'User usage reached' });

  await expect(first!.station.getStationsData()).rejects.toMatchObject({ name: 'NetatmoRateLimitError', code: 26 });
  const waited: number[] = [];
  second!.on('rateLimited', ({ retryAfterMs }) => void waited.push(retryAfterMs!));
  const controller = new AbortController();
  const call = second!.station.getStationsData({}, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 20));
  controller.abort();

  await expect(call).rejects.toMatchObject({ name: 'NetatmoAbortError' });
  expect(pauses).toEqual([10_000]);
  expect(waited).toHaveLength(1);
  expect(waited[0]).toBeGreaterThan(9_000);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('the transport releases each slot once the answer is in, also after a failure', async () => {
  const fake = await fakeNetatmo();
  const log: string[] = [];
  const limiter: RateLimiter = {
    acquire: async (request: RateLimitRequest) => {
      log.push(`acquire ${request.endpoint}`);
      return () => void log.push(`release ${request.endpoint} after ${fake.count('getstationsdata')} answer(s)`);
    },
    pause: async () => {},
  };
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), rateLimit: {}, rateLimiter: limiter, retry: 0 });
  await client.station.getStationsData();
  fake.failNext('getstationsdata', 1, { status: 500, message: 'boom' });
  await expect(client.station.getStationsData()).rejects.toMatchObject({ status: 500 });

  expect(log).toEqual(['acquire getstationsdata', 'release getstationsdata after 1 answer(s)', 'acquire getstationsdata', 'release getstationsdata after 2 answer(s)']);
});
