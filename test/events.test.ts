import { expect, test } from 'vitest';
import { MemoryTokenStore } from '../src/index.js';
import { clientFor, fakeNetatmo } from './helpers/setup.js';

test('a listener that throws and one that rejects break neither the refresh nor the call, and cause no unhandled rejection', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const logged: string[] = [];
  const logger = { debug() {}, info() {}, warn() {}, error: (line: string) => void logged.push(line) };
  const client = clientFor(fake, { tokenStore: store, logger });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const calls: string[] = [];
  client.on('tokenRefreshed', () => {
    calls.push('throwing');
    throw new Error('listener bug');
  });
  client.on('tokenRefreshed', async () => {
    calls.push('rejecting');
    throw new Error('async listener bug');
  });
  client.on('refreshTokenRotated', () => void calls.push('rotated'));

  try {
    const data = await client.station.getStationsData();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(data.devices.length).toBeGreaterThan(0);
    expect(calls).toEqual(['throwing', 'rejecting', 'rotated']);
    expect(unhandled).toEqual([]);
    expect(logged).toEqual([
      "netatmo-connect: a 'tokenRefreshed' event handler failed: listener bug",
      "netatmo-connect: a 'tokenRefreshed' event handler failed: async listener bug",
    ]);
    expect((await store.load())?.refreshToken).not.toBeUndefined();
    expect(fake.count('oauth2/token')).toBe(1);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('on() returns an unsubscribe function and off() removes a handler', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
  const seen: string[] = [];
  const unsubscribe = client.on('tokenRefreshed', () => void seen.push('a'));
  const handler = () => void seen.push('b');
  client.on('tokenRefreshed', handler);

  await client.tokens.refresh();
  unsubscribe();
  client.off('tokenRefreshed', handler);
  await client.tokens.refresh();

  expect(seen).toEqual(['a', 'b']);
});

test('retry and rateLimited events report each retry of a throttled call', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  const events: string[] = [];
  client.on('retry', ({ endpoint, attempt, error }) => void events.push(`retry ${endpoint} #${attempt} ${error.name}`));
  client.on('rateLimited', ({ endpoint, retryAfterMs }) => void events.push(`rateLimited ${endpoint} ${retryAfterMs}`));
  fake.failNext('getstationsdata', 2, { status: 429, code: 26, message: 'Maximum api usage reached', headers: { 'retry-after': '0' } });

  await client.station.getStationsData();

  expect(events).toEqual([
    'rateLimited getstationsdata 0',
    'retry getstationsdata #1 NetatmoRateLimitError',
    'rateLimited getstationsdata 0',
    'retry getstationsdata #2 NetatmoRateLimitError',
  ]);
  expect(fake.count('getstationsdata')).toBe(3);
});
