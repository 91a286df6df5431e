import { expect, test } from 'vitest';
import { startFakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';

/** `count` plain GETs of `/api/<endpoint>` (401 without a token: the fake still logs them). */
async function hit(url: string, endpoint: string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - sent) }, () => fetch(`${url}/api/${endpoint}?n=${sent}`).then((response) => response.arrayBuffer())));
  }
}

test('the request log keeps the latest recordRequests, oldest dropped first, while counts stay exact', async () => {
  const fake = await fakeNetatmo({ recordRequests: 3 });
  await hit(fake.url, 'getstationsdata', 4);
  await hit(fake.url, 'homesdata', 1);

  expect(fake.requests.map((record) => record.endpoint)).toEqual(['getstationsdata', 'getstationsdata', 'homesdata']);
  expect(fake.count()).toBe(5);
  expect(fake.count('getstationsdata')).toBe(4);
  expect(fake.count('homesdata')).toBe(1);
  expect(fake.count('gethomecoachsdata')).toBe(0);

  fake.clearRequests();
  expect([fake.requests.length, fake.count(), fake.count('getstationsdata')]).toEqual([0, 0, 0]);
  await hit(fake.url, 'homesdata', 1);
  expect([fake.requests.length, fake.count(), fake.count('homesdata')]).toEqual([1, 1, 1]);
});

test('by default the log keeps 10,000 requests; recordRequests: 0 keeps none and Infinity all, counting either way', async () => {
  const bounded = await fakeNetatmo();
  await hit(bounded.url, 'getstationsdata', 10_020);
  expect(bounded.requests).toHaveLength(10_000);
  expect(bounded.count()).toBe(10_020);

  const none = await fakeNetatmo({ recordRequests: 0 });
  const all = await fakeNetatmo({ recordRequests: Number.POSITIVE_INFINITY });
  await hit(none.url, 'homesdata', 3);
  await hit(all.url, 'homesdata', 3);
  expect([none.requests.length, none.count('homesdata')]).toEqual([0, 3]);
  expect([all.requests.length, all.count('homesdata')]).toEqual([3, 3]);
}, 60_000);

test('a recordRequests that is not a whole number ≥ 0 is refused, saying what is allowed', async () => {
  for (const [recordRequests, shown] of [[-1, '-1'], [1.5, '1.5'], [Number.NaN, 'NaN'], ['10', "'10'"]] as const) {
    await expect(startFakeNetatmo({ recordRequests: recordRequests as number })).rejects.toThrow(`startFakeNetatmo(): recordRequests must be a whole number ≥ 0 or Infinity, got ${shown}`);
  }
});
