import fc from 'fast-check';
import { expect, test } from 'vitest';
import { NetatmoRateLimitError, NetatmoValidationError } from '../../src/index.js';
import { MemoryRateLimiter } from '../../src/limits/memory-rate-limiter.js';
import type { RateLimitBucket } from '../../src/limits/rate-limiter.js';

/** A limiter on a clock that only moves when the test or the limiter's sleep moves it. */
function limiterOnManualClock(options: { marginMs?: number } = {}) {
  let now = 0;
  const slept: number[] = [];
  const limiter = new MemoryRateLimiter({
    ...options,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      now += ms;
    },
  });
  return { limiter, slept, advance: (ms: number) => void (now += ms), time: () => now };
}

const user = (perTenSeconds: number, perHour = 500): RateLimitBucket => ({ key: 'user:test', perTenSeconds, perHour });

test('the 11th call in 10 s with perTenSeconds 10 waits until the oldest slot leaves the window, margin included', async () => {
  const { limiter, slept, advance, time } = limiterOnManualClock();
  const waits: number[] = [];
  for (let call = 0; call < 10; call++) {
    await limiter.acquire({ buckets: [user(10)], endpoint: 'getstationsdata' });
    advance(100);
  }

  await limiter.acquire({ buckets: [user(10)], endpoint: 'getstationsdata', onWait: (ms) => void waits.push(ms) });

  // The first two calls share the 200 ms slot [0, 200): it leaves the window at 200 + 10 000 + 250 (margin).
  expect(slept).toEqual([9_450]);
  expect(waits).toEqual([9_450]);
  expect(time()).toBe(10_450);
});

test('without a margin the wait ends exactly one window after the oldest slot', async () => {
  const { limiter, slept } = limiterOnManualClock({ marginMs: 0 });
  for (let call = 0; call < 3; call++) await limiter.acquire({ buckets: [user(3)], endpoint: 'a' });
  await limiter.acquire({ buckets: [user(3)], endpoint: 'a' });
  expect(slept).toEqual([10_200]);
});

test('an exhausted hourly budget fails at once with the time until the next slot', async () => {
  const { limiter, slept, advance } = limiterOnManualClock();
  for (let call = 0; call < 3; call++) {
    await limiter.acquire({ buckets: [user(50, 3)], endpoint: 'homestatus' });
    advance(60_000);
  }

  const error = await limiter.acquire({ buckets: [user(50, 3)], endpoint: 'homestatus' }).catch((caught: unknown) => caught);

  // Hourly slots are 72 s: the calls at 0 and 60 s share slot 0, which leaves the window at 72 s + 1 h + 250 ms.
  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect((error as NetatmoRateLimitError).retryAfterMs).toBe(3_672_250 - 180_000);
  expect((error as NetatmoRateLimitError).status).toBe(429);
  expect((error as Error).message).toBe(
    'Rate limit of 3 requests per hour for user:test is used up; the next request to homestatus can go in 3493 s. Netatmo bans accounts that go over it; raise the limit only if your Netatmo app has a higher one.',
  );
  expect(slept).toEqual([]);
});

test('slots free again once the window has passed', async () => {
  const { limiter, slept, advance } = limiterOnManualClock();
  await limiter.acquire({ buckets: [user(2)], endpoint: 'a' });
  await limiter.acquire({ buckets: [user(2)], endpoint: 'a' });
  advance(10_450);
  await limiter.acquire({ buckets: [user(2)], endpoint: 'a' });
  await limiter.acquire({ buckets: [user(2)], endpoint: 'a' });
  expect(slept).toEqual([]);
});

test('a request takes a slot in every bucket or in none: a full app bucket leaves the user bucket untouched', async () => {
  const { limiter, advance } = limiterOnManualClock();
  const app: RateLimitBucket = { key: 'app:test', perTenSeconds: 1, perHour: 100 };
  await limiter.acquire({ buckets: [app], endpoint: 'a' });
  const controller = new AbortController();
  const waiting = limiter.acquire({ buckets: [user(2), app], endpoint: 'a', signal: controller.signal, onWait: () => controller.abort(new Error('gave up')) });
  await expect(waiting).rejects.toThrow('gave up');

  advance(1);
  await limiter.acquire({ buckets: [user(2)], endpoint: 'a' });
  await limiter.acquire({ buckets: [user(2)], endpoint: 'a' });
  const third = await limiter.acquire({ buckets: [user(2)], endpoint: 'a', onWait: () => {} }).then(() => 'acquired after a wait');
  expect(third).toBe('acquired after a wait');
});

test('an aborted wait rejects with the signal reason and clears its timer', async () => {
  const limiter = new MemoryRateLimiter();
  await limiter.acquire({ buckets: [user(1)], endpoint: 'a' });
  const controller = new AbortController();
  const waits: number[] = [];
  const pending = limiter.acquire({ buckets: [user(1)], endpoint: 'a', signal: controller.signal, onWait: (ms) => void waits.push(ms) });
  controller.abort(new Error('shutting down'));

  await expect(pending).rejects.toThrow('shutting down');
  expect(waits).toHaveLength(1);
  expect(waits[0]).toBeGreaterThan(10_000);
});

test('an already aborted signal rejects before anything is counted', async () => {
  const { limiter, slept } = limiterOnManualClock();
  await expect(limiter.acquire({ buckets: [user(1)], endpoint: 'a', signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
  await limiter.acquire({ buckets: [user(1)], endpoint: 'a' });
  expect(slept).toEqual([]);
});

test('a short pause makes calls wait it out; a long one fails them at once with code 26 and retryAfterMs', async () => {
  const { limiter, slept } = limiterOnManualClock();
  await limiter.pause([user(50)], 3_000);
  await limiter.acquire({ buckets: [user(50)], endpoint: 'a' });
  expect(slept).toEqual([3_000]);

  await limiter.pause([user(50)], 60_000);
  const error = (await limiter.acquire({ buckets: [user(50)], endpoint: 'homestatus' }).catch((caught: unknown) => caught)) as NetatmoRateLimitError;
  expect(error).toBeInstanceOf(NetatmoRateLimitError);
  expect(error.code).toBe(26);
  expect(error.retryAfterMs).toBe(60_000);
  expect(error.message).toBe("Requests for user:test are paused after Netatmo's usage limit (code 26); the next request to homestatus can go in 60 s.");
});

test('a shorter pause never shortens a longer one', async () => {
  const { limiter } = limiterOnManualClock();
  await limiter.pause([user(50)], 60_000);
  await limiter.pause([user(50)], 1_000);
  await expect(limiter.acquire({ buckets: [user(50)], endpoint: 'a' })).rejects.toMatchObject({ retryAfterMs: 60_000 });
});

test('buckets that count nothing any more are forgotten a few per call', async () => {
  const { limiter, advance } = limiterOnManualClock();
  for (let index = 0; index < 100; index++) await limiter.acquire({ buckets: [{ key: `user:${index}`, perTenSeconds: 50, perHour: 500 }], endpoint: 'a' });
  expect(limiter.size).toBe(100);
  advance(3_800_000);
  for (let index = 0; index < 60; index++) await limiter.acquire({ buckets: [{ key: 'user:active', perTenSeconds: 50, perHour: 500 }], endpoint: 'a' });
  expect(limiter.size).toBe(1);
});

test('bad requests and options are refused with what and where, as rejections', async () => {
  const limiter = new MemoryRateLimiter();
  const bad = limiter.acquire({ buckets: [{ key: 'user:x', perTenSeconds: 0, perHour: 500 }], endpoint: 'a' });
  await expect(bad).rejects.toBeInstanceOf(NetatmoValidationError);
  await expect(bad).rejects.toThrow('Invalid MemoryRateLimiter.acquire(request).buckets[0].perTenSeconds: expected a whole number ≥ 1, got 0');
  await expect(limiter.acquire({ buckets: [{ key: '', perTenSeconds: 1, perHour: 1 }], endpoint: 'a' })).rejects.toThrow('buckets[0].key: expected a non-empty string');
  await expect(limiter.pause([user(1)], -1)).rejects.toThrow('Invalid MemoryRateLimiter.pause(buckets, ms): expected ms to be a number of milliseconds ≥ 0, got -1');
  expect(() => new MemoryRateLimiter({ timeScale: 0 })).toThrow('Invalid MemoryRateLimiter.timeScale: expected a number in (0, 1], got 0');
  expect(() => new MemoryRateLimiter({ marginMs: Number.NaN })).toThrow('Invalid MemoryRateLimiter.marginMs');
});

test('property: whatever the arrival times, no 10-second window ever holds more than the limit', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 80 }), async (limit, gaps) => {
      const { limiter, advance, time } = limiterOnManualClock({ marginMs: 0 });
      const admitted: number[] = [];
      for (const gap of gaps) {
        advance(gap);
        await limiter.acquire({ buckets: [user(limit, 10_000)], endpoint: 'a' });
        admitted.push(time());
      }
      for (let index = limit; index < admitted.length; index++) {
        expect(admitted[index]! - admitted[index - limit]!).toBeGreaterThanOrEqual(10_000);
      }
    }),
    { numRuns: 200 },
  );
});

test('a released request counts from when its answer came back, so a stalled request cannot open the window early', async () => {
  const { limiter, slept, advance } = limiterOnManualClock();
  const release = await limiter.acquire({ buckets: [user(1)], endpoint: 'a' });
  advance(3_000); // the request was stalled 3 s on its way; Netatmo saw it at most now
  release();
  release(); // a second call changes nothing

  await limiter.acquire({ buckets: [user(1)], endpoint: 'a' });

  // Slot [3000, 3200) leaves the window at 3200 + 10 000 + 250.
  expect(slept).toEqual([10_450]);
});
