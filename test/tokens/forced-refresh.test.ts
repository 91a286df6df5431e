import { expect, test } from 'vitest';
import { MemoryTokenStore, NetatmoApiError, NetatmoRateLimitError } from '../../src/index.js';
import { clientFor, fakeNetatmo, manualClock } from '../helpers/setup.js';

test.each([
  { status: 403, code: 13, errorClass: NetatmoApiError, name: 'NetatmoApiError' },
  { status: 429, code: 26, errorClass: NetatmoRateLimitError, name: 'NetatmoRateLimitError' },
  { status: 403, code: 26, errorClass: NetatmoRateLimitError, name: 'NetatmoRateLimitError' },
])('$status code $code causes no refresh and throws $name with the code', async ({ status, code, errorClass, name }) => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), retry: 0 });
  fake.failNext('getstationsdata', 1, { status, code, message: 'refused' });

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(errorClass);
  expect((error as Error).name).toBe(name);
  expect((error as NetatmoApiError).code).toBe(code);
  expect((error as NetatmoApiError).status).toBe(status);
  expect((error as NetatmoApiError).endpoint).toBe('getstationsdata');
  expect(fake.count('oauth2/token')).toBe(0);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('403 code 3 (expired) forces one refresh and the request is retried once', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  fake.expireAccessTokens();

  await client.station.getStationsData();

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(2);
});

test('a permanently rejected token causes at most one forced refresh per 30 s, and each request is retried at most once', async () => {
  const clock = manualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), now: clock.now });
  // Whatever token is sent, the API says "invalid access token".
  const rejectAll = () => fake.enqueue('getstationsdata', ...Array.from({ length: 50 }, () => ({ status: 403, body: { error: { code: 2, message: 'Invalid access token' } } })));
  rejectAll();

  for (let call = 0; call < 10; call++) {
    await expect(client.station.getStationsData()).rejects.toMatchObject({ code: 2, status: 403 });
    clock.advance(1_000);
  }
  // 1st call: 403, forced refresh, retry, 403. The next 9 calls: 403, no refresh, no retry.
  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(2 + 9);

  clock.advance(30_000);
  await expect(client.station.getStationsData()).rejects.toMatchObject({ code: 2 });
  expect(fake.count('oauth2/token')).toBe(2);
  expect(fake.count('getstationsdata')).toBe(13);
});

test('a 403 for a token that was replaced meanwhile retries with the new token and does not refresh', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore(fake.issueTokens());
  const client = clientFor(fake, { tokenStore: store });
  await client.station.getStationsData();
  // A slow call with the old token is answered "invalid" after a manual refresh replaced it.
  fake.enqueue('getstationsdata', { status: 403, body: { error: { code: 2, message: 'Invalid access token' } }, delayMs: 150 });
  const slow = client.station.getStationsData();
  await new Promise((resolve) => setTimeout(resolve, 30));
  await client.tokens.refresh();

  await slow;

  expect(fake.count('oauth2/token')).toBe(1);
  expect(fake.count('getstationsdata')).toBe(3);
});
