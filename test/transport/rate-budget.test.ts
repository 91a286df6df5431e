import { expect, test } from 'vitest';
import { NetatmoRateLimitError, NetatmoValidationError } from '../../src/index.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

/** A budget on a clock that only moves when the budget sleeps. */
function budgetOnManualClock(options: { perTenSeconds?: number; perHour?: number }) {
  let now = 0;
  const throttled: { endpoint: string; retryAfterMs: number }[] = [];
  const slept: number[] = [];
  const limiter = new RateBudget({
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  const buckets = [{ key: 'user:a', perTenSeconds: options.perTenSeconds ?? 50, perHour: options.perHour ?? 500 }];
  const budget = {
    take: (endpoint: string) =>
      limiter.acquire({ buckets, endpoint, onWait: (retryAfterMs) => void throttled.push({ endpoint, retryAfterMs }) }),
  };
  return { budget, throttled, slept, advance: (ms: number) => void (now += ms), time: () => now };
}

test('the 11th call in 10 s with perTenSeconds 10 waits for the oldest slot to free', async () => {
  const { budget, throttled, slept, advance, time } = budgetOnManualClock({ perTenSeconds: 10 });
  for (let call = 0; call < 10; call++) {
    await budget.take('getstationsdata');
    advance(100);
  }

  await budget.take('getstationsdata');

  expect(slept).toEqual([9_000]);
  expect(throttled).toEqual([{ endpoint: 'getstationsdata', retryAfterMs: 9_000 }]);
  expect(time()).toBe(10_000);
});

test('an exhausted hourly budget fails at once with the time until the next slot', async () => {
  const { budget, slept, advance } = budgetOnManualClock({ perTenSeconds: 50, perHour: 3 });
  for (let call = 0; call < 3; call++) {
    await budget.take('homestatus');
    advance(60_000);
  }

  const error = await budget.take('homestatus').catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect((error as NetatmoRateLimitError).retryAfterMs).toBe(3_600_000 - 180_000);
  expect((error as NetatmoRateLimitError).status).toBe(429);
  expect((error as Error).message).toBe(
    'Client-side rate budget of 3 requests per hour is used up; the next request to homestatus can go in 3420 s. Raise or turn off the rateLimit option if your Netatmo app has a higher limit.',
  );
  expect(slept).toEqual([]);
});

test('slots free again as the window slides', async () => {
  const { budget, slept, advance } = budgetOnManualClock({ perTenSeconds: 2, perHour: 100 });
  await budget.take('a');
  await budget.take('a');
  advance(10_001);
  await budget.take('a');
  await budget.take('a');
  expect(slept).toEqual([]);
});

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
