import { expect, test } from 'vitest';
import { createNetatmoClient, FileTokenStore, MemoryTokenStore, NetatmoValidationError } from '../src/index.js';
import { lockWaitMs } from '../src/options/client-options.js';
import { defaultRetryPolicy } from '../src/transport/retry-policy.js';
import { clientFor, fakeNetatmo, storeWithTokens } from './helpers/setup.js';

test.each([
  [{ clientSecret: 's' }, 'options.clientId', 'Invalid options.clientId: is required: copy it from your app at dev.netatmo.com → My apps'],
  [{ clientId: 'i', clientSecret: '  ' }, 'options.clientSecret', 'Invalid options.clientSecret: is required: copy it from your app at dev.netatmo.com → My apps'],
  [{ clientId: 'i', clientSecret: 's', baseUrl: 'api.netatmo.com' }, 'options.baseUrl', "Invalid options.baseUrl: must be an absolute URL such as 'https://api.netatmo.com', got 'api.netatmo.com'"],
  [{ clientId: 'i', clientSecret: 's', timeoutMs: 0 }, 'options.timeoutMs', 'Invalid options.timeoutMs: must be a number of milliseconds from 1 to 2147483647, got 0'],
  [{ clientId: 'i', clientSecret: 's', retry: -1 }, 'options.retry', 'Invalid options.retry: must be a whole number from 0 to 10, got -1'],
  [{ clientId: 'i', clientSecret: 's', retry: { minTimeoutMs: 10, maxTimeoutMs: 5 } }, 'options.retry.maxTimeoutMs', 'Invalid options.retry.maxTimeoutMs: (5) must not be below options.retry.minTimeoutMs (10)'],
  [{ clientId: 'i', clientSecret: 's', tokenStore: {} }, 'options.tokenStore', 'Invalid options.tokenStore: must have load() and save() methods (see the TokenStore interface)'],
])('createNetatmoClient refuses bad options and names them: %o', (options, path, message) => {
  const error = (() => {
    try {
      createNetatmoClient(options as never);
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual([path]);
  expect((error as Error).message).toBe(message);
});

test('request() calls any endpoint by name or path, with the same auth', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });

  const byName = (await client.request('getstationsdata', { device_id: '12:34:56:37:11:ca' })) as { devices: unknown[] };
  const byPath = (await client.request('/api/getstationsdata', { get_favorites: true })) as { devices: unknown[] };

  expect(byName.devices).toHaveLength(1);
  expect(byPath.devices.length).toBeGreaterThan(1);
  const [first, second] = fake.requests;
  expect(first?.method).toBe('GET');
  expect(first?.params).toEqual({ device_id: '12:34:56:37:11:ca' });
  expect(second?.params).toEqual({ get_favorites: 'true' });
});

test('request() sends POST parameters as a form body, or as JSON when asked', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });

  await client.request('getstationsdata', { device_id: '12:34:56:37:11:ca', date: new Date(1_700_000_000_000) }, { method: 'POST' });
  await client.request('getstationsdata', { home: { id: 'h' } }, { method: 'POST', encoding: 'json' }).catch(() => undefined);

  expect(fake.requests[0]?.params).toEqual({ device_id: '12:34:56:37:11:ca', date: '1700000000' });
  expect(fake.requests[1]?.json).toEqual({ home: { id: 'h' } });
});

test('request() refuses something that is not a Netatmo method, before any request', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });

  await expect(client.request('https://example.com/steal')).rejects.toThrow(NetatmoValidationError);
  expect(fake.count()).toBe(0);
});

test('an answer that does not fit the schema is a NetatmoValidationError naming the field', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  fake.enqueue('getstationsdata', { body: { status: 'ok', body: { devices: [{ _id: 42, type: 'NAMain' }] } } });

  const error = (await client.station.getStationsData().catch((caught: unknown) => caught)) as NetatmoValidationError;

  expect(error).toBeInstanceOf(NetatmoValidationError);
  // An unusable id fails even in lenient mode (the default): nothing could be matched to the device.
  expect(error.issues).toEqual([
    { path: 'body.devices.0._id', expected: 'string', received: 'number', message: 'expected string, received number: it identifies the device, so the answer cannot be used' },
  ]);
});

test('unknown fields and device types are kept, not stripped', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  fake.enqueue('getstationsdata', {
    body: { status: 'ok', body: { devices: [{ _id: 'x', type: 'NAMain2030', hologram: { on: true }, modules: [{ _id: 'm', type: 'NAModule9', flux: 1 }] }], extra: 1 } },
  });

  const data = await client.station.getStationsData();

  expect(data).toEqual({ devices: [{ _id: 'x', type: 'NAMain2030', hologram: { on: true }, modules: [{ _id: 'm', type: 'NAModule9', flux: 1 }] }], extra: 1 });
});

test('tokens.status() reports state, expiry and fingerprints without refreshing', async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens(['read_station']);
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(issued) });

  const status = await client.tokens.status();

  expect(status).toMatchObject({ state: 'valid', hasAccessToken: true, hasRefreshToken: true, scope: ['read_station'] });
  expect(status.expiresAt?.getTime()).toBe(issued.expiresAt);
  expect(status.refreshTokenFingerprint).toMatch(/^[0-9a-f]{8}$/);
  expect(JSON.stringify(status)).not.toContain(issued.refreshToken);
  expect(fake.count()).toBe(0);
});

test('a store whose lock can expire before the worst-case refresh is refused at creation, with the figures', async () => {
  const fake = await fakeNetatmo();
  const store = Object.assign(new MemoryTokenStore(), { lockTtlMs: 60_000 });

  expect(() => clientFor(fake, { tokenStore: store, timeoutMs: 15_000, retry: 2 })).toThrow(
    "Invalid options.tokenStore.lockTtlMs: the store's lock lives 60000 ms, but a refresh may hold it up to 220000 ms with timeoutMs 15000",
  );
  // Settings whose worst case fits the lock are accepted.
  expect(() => clientFor(fake, { tokenStore: store, timeoutMs: 5_000, retry: { retries: 1, minTimeoutMs: 100, maxTimeoutMs: 5_000 } })).not.toThrow();
});

test.each<[string, Record<string, unknown>, string]>([
  ['a withLock that is not a function', { withLock: 5 }, 'Invalid options.tokenStore.withLock: must be a function when present (see the TokenStore interface), got 5'],
  ['a lockTimeoutMs that is not a duration', { lockTimeoutMs: -1 }, 'Invalid options.tokenStore.lockTimeoutMs: must be a positive number of milliseconds when present, got -1'],
  ['a lockTimeoutMs that is text', { lockTimeoutMs: '60s' }, "Invalid options.tokenStore.lockTimeoutMs: must be a positive number of milliseconds when present, got '60s'"],
  ['a lockTtlMs that is not a number', { lockTtlMs: Number.NaN }, 'Invalid options.tokenStore.lockTtlMs: must be a positive number of milliseconds when present, got NaN'],
])('a store with %s is refused at creation, naming the member', async (_, members, message) => {
  const fake = await fakeNetatmo();
  const store = Object.assign(new MemoryTokenStore(), members);

  expect(() => clientFor(fake, { tokenStore: store })).toThrow(message);
});

test("how long a refresh waits for a store's lock: the store's lockTimeoutMs, else the worst-case refresh, plus timeoutMs", () => {
  const retry = { retries: 2, minTimeoutMs: 500, maxTimeoutMs: 5_000 };
  // Worst-case refresh at timeoutMs 15 000 and 2 retries: 2 × (3 × 15 000 + 2 × 5 000) + 10 000 = 120 000.
  expect(lockWaitMs(new MemoryTokenStore(), 15_000, retry)).toBe(120_000 + 15_000);
  expect(lockWaitMs(new FileTokenStore('/tmp/netatmo-lock-wait.json'), 15_000, retry)).toBe(60_000 + 15_000);
  expect(lockWaitMs(new FileTokenStore('/tmp/netatmo-lock-wait.json', { lockTimeoutMs: 2_000 }), 300, retry)).toBe(2_300);
  // At the defaults (timeoutMs 15 000, 2 retries up to 30 s apart), as the README says: 235 s, and 75 s for the built-in stores.
  expect(lockWaitMs(new MemoryTokenStore(), 15_000, defaultRetryPolicy)).toBe(235_000);
  expect(lockWaitMs(new FileTokenStore('/tmp/netatmo-lock-wait.json'), 15_000, defaultRetryPolicy)).toBe(75_000);
  // Never beyond what a timer can wait.
  expect(lockWaitMs(Object.assign(new MemoryTokenStore(), { lockTimeoutMs: 2 ** 40 }), 15_000, retry)).toBe(2_147_483_647);
});
