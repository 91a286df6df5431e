import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  MemoryTokenStore,
  NetatmoValidationError,
  VERSION,
  createNetatmoClient,
  exchangeCode,
  withResponse,
  type HookRequest,
  type HookResponse,
  type HookRetry,
  type NetatmoHooks,
} from '../../src/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

/** The attempt a hook argument is about. */
function requestOf(value: HookRequest | HookResponse | HookRetry): HookRequest {
  return 'request' in value ? value.request : value;
}

/** Hooks that record what they are told, in order. */
function recorder(label = ''): { hooks: Required<NetatmoHooks>; seen: { hook: string; value: HookRequest | HookResponse | HookRetry }[] } {
  const seen: { hook: string; value: HookRequest | HookResponse | HookRetry }[] = [];
  return {
    seen,
    hooks: {
      beforeRequest: (value) => void seen.push({ hook: `${label}beforeRequest`, value }),
      afterResponse: (value) => void seen.push({ hook: `${label}afterResponse`, value }),
      beforeRetry: (value) => void seen.push({ hook: `${label}beforeRetry`, value }),
    },
  };
}

test("the client's hooks see every request, the token refresh included, with the bearer token redacted", async () => {
  const fake = await fakeNetatmo();
  const issued = fake.issueTokens();
  const { hooks, seen } = recorder();
  // Only a refresh token: the first call refreshes, so the hooks see oauth2/token, then the API call.
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: issued.refreshToken }), hooks });
  await client.station.getStationsData({ deviceId: '12:34:56:37:11:ca' });
  await new Promise((resolve) => setTimeout(resolve, 20)); // the token answer's afterResponse comes a turn later

  // The token answer's afterResponse is told after the answer went to be saved, not awaited.
  expect(seen.map(({ hook, value }) => `${hook} ${requestOf(value).endpoint}`).sort()).toEqual([
    'afterResponse getstationsdata',
    'afterResponse oauth2/token',
    'beforeRequest getstationsdata',
    'beforeRequest oauth2/token',
  ]);
  expect(seen[0]!.hook).toBe('beforeRequest');
  const request = seen.find(({ hook, value }) => hook === 'beforeRequest' && requestOf(value).endpoint === 'getstationsdata')!.value;
  expect(request).toEqual({
    endpoint: 'getstationsdata',
    method: 'GET',
    url: `${fake.url}/api/getstationsdata?device_id=12%3A34%3A56%3A37%3A11%3Aca`,
    attempt: 1,
    headers: { accept: 'application/json', 'user-agent': expect.stringMatching(/^netatmo-connect\//), authorization: 'Bearer [redacted]' },
  });
  const response = seen.find(({ hook, value }) => hook === 'afterResponse' && requestOf(value).endpoint === 'getstationsdata')!.value as HookResponse;
  // The very object beforeRequest got: a span started there is found again here.
  expect(response.request).toBe(request);
  expect(response.status).toBe(200);
  expect(response.error).toBeUndefined();
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.durationMs).toBeGreaterThanOrEqual(0);

  // No token and no secret anywhere in what the hooks were given.
  const tokens = await client.tokens.getAccessToken();
  const everything = JSON.stringify(seen.map(({ value }) => ({ ...value, headers: 'headers' in value && value.headers instanceof Headers ? [...value.headers] : requestOf(value).headers })));
  for (const secret of [tokens, issued.refreshToken, fake.clientSecret, issued.accessToken]) expect(everything).not.toContain(secret);
  expect(fake.count('oauth2/token')).toBe(1);
});

test('beforeRequest may add headers, which reach Netatmo; the Authorization header cannot be set', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, {
    tokenStore: storeWithTokens(fake),
    hooks: { beforeRequest: ({ endpoint, attempt }) => ({ 'X-Trace-Id': `${endpoint}-${attempt}` }) },
  });
  await client.station.getStationsData();
  expect(fake.requests.at(-1)!.headers['x-trace-id']).toBe('getstationsdata-1');

  const rogue = clientFor(fake, { tokenStore: storeWithTokens(fake), hooks: { beforeRequest: () => ({ Authorization: 'Bearer mine' }) } });
  fake.clearRequests();
  const error = await rogue.station.getStationsData().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect((error as Error).message).toBe(
    'Invalid hooks.beforeRequest (on getstationsdata): returned an Authorization header; the SDK sets it from the token store',
  );
  expect(fake.count('getstationsdata')).toBe(0);
});

test('afterResponse sees each attempt with its status; beforeRetry sees the failure and the delay', async () => {
  const fake = await fakeNetatmo();
  const { hooks, seen } = recorder();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), hooks });
  fake.failNext('getstationsdata', 1, { status: 503, message: 'maintenance' });
  await client.station.getStationsData();

  expect(seen.map(({ hook, value }) => `${hook} attempt ${requestOf(value).attempt}${'status' in value ? ` → ${value.status}` : ''}`)).toEqual([
    'beforeRequest attempt 1',
    'afterResponse attempt 1 → 503',
    'beforeRetry attempt 1',
    'beforeRequest attempt 2',
    'afterResponse attempt 2 → 200',
  ]);
  const retry = seen[2]!.value as HookRetry;
  expect(retry.request).toBe(seen[0]!.value);
  expect(retry.error.name).toBe('NetatmoApiError');
  expect(retry.error.message).toContain('HTTP 503');
  expect(retry.delayMs).toBeGreaterThanOrEqual(1);
  expect(retry.delayMs).toBeLessThanOrEqual(5);
});

test('an attempt that gets no answer still reaches afterResponse, with status 0 and the error', async () => {
  const fake = await fakeNetatmo();
  const { hooks, seen } = recorder();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), hooks, retry: 1 });
  fake.setDelay('getstationsdata', 500);
  const error = await client.station.getStationsData({}, { timeoutMs: 50 }).catch((caught: unknown) => caught);
  expect((error as Error).name).toBe('NetatmoTimeoutError');
  expect(seen.map(({ hook, value }) => `${hook} attempt ${requestOf(value).attempt}${'status' in value ? ` → ${value.status} ${value.error?.name}` : ''}`)).toEqual([
    'beforeRequest attempt 1',
    'afterResponse attempt 1 → 0 NetatmoTimeoutError',
    'beforeRetry attempt 1',
    'beforeRequest attempt 2',
    'afterResponse attempt 2 → 0 NetatmoTimeoutError',
  ]);
  expect([...(seen[1]!.value as HookResponse).headers]).toEqual([]);
});

test("a call's own hooks run after the client's, for that call only", async () => {
  const fake = await fakeNetatmo();
  const client = recorder('client:');
  const call = recorder('call:');
  const sdk = clientFor(fake, { tokenStore: storeWithTokens(fake), hooks: client.hooks });
  await sdk.station.getStationsData({}, { hooks: call.hooks });
  await sdk.homecoach.getHomeCoachsData();
  const order = [...client.seen, ...call.seen].map(({ hook, value }) => `${hook} ${requestOf(value).endpoint}`);
  expect(order).toEqual([
    'client:beforeRequest getstationsdata',
    'client:afterResponse getstationsdata',
    'client:beforeRequest gethomecoachsdata',
    'client:afterResponse gethomecoachsdata',
    'call:beforeRequest getstationsdata',
    'call:afterResponse getstationsdata',
  ]);
});

test('a hook that throws is logged and the call goes on', async () => {
  const fake = await fakeNetatmo();
  const warnings: string[] = [];
  const client = clientFor(fake, {
    tokenStore: storeWithTokens(fake),
    logger: { debug: () => {}, info: () => {}, warn: (line) => void warnings.push(line), error: () => {} },
    hooks: {
      beforeRequest: () => {
        throw new Error('tracer down');
      },
      afterResponse: () => Promise.reject(new Error('metrics down')),
    },
  });
  const { devices } = await client.station.getStationsData();
  expect(devices).toHaveLength(7);
  expect(warnings).toEqual([
    'netatmo-connect: hooks.beforeRequest failed on getstationsdata (tracer down); the request went on',
    'netatmo-connect: hooks.afterResponse failed on getstationsdata (metrics down); the request went on',
  ]);
});

test('bad hooks are refused with the option named: at creation, and per call by a rejection', async () => {
  const fake = await fakeNetatmo();
  expect(() => createNetatmoClient({ clientId: 'a', clientSecret: 'b', hooks: { afterRequest: () => {} } as NetatmoHooks })).toThrow(
    'Invalid options.hooks.afterRequest: is not a hook; hooks are beforeRequest, afterResponse, beforeRetry',
  );
  expect(() => createNetatmoClient({ clientId: 'a', clientSecret: 'b', hooks: 'log' as unknown as NetatmoHooks })).toThrow(
    "Invalid options.hooks: must be an object of hooks (beforeRequest, afterResponse, beforeRetry), got 'log'",
  );
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const call = client.station.getStationsData({}, { hooks: { beforeRequest: 42 } as unknown as NetatmoHooks });
  await expect(call).rejects.toThrow('Invalid options.hooks.beforeRequest: must be a function, got 42');
  expect(fake.count('getstationsdata')).toBe(0);
});

test('every request carries User-Agent netatmo-connect/<version> (<runtime>/<version>), extendable', async () => {
  const fake = await fakeNetatmo({ autoApprove: true });
  const plain = `netatmo-connect/${VERSION} (node/${process.versions.node})`;
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
  await client.station.getStationsData();
  const extended = clientFor(fake, { tokenStore: storeWithTokens(fake), userAgent: 'my-exporter/1.2' });
  await extended.station.getStationsData();
  expect(fake.requests.map((record) => `${record.endpoint} ${record.userAgent}`)).toEqual([
    `oauth2/token ${plain}`,
    `getstationsdata ${plain}`,
    `getstationsdata ${plain} my-exporter/1.2`,
  ]);

  // The code exchange, outside any client, says who it is too.
  const authorize = await fetch(`${fake.url}/oauth2/authorize?client_id=${fake.clientId}&redirect_uri=http://localhost/cb&scope=read_station&state=${'s'.repeat(32)}&response_type=code`, { redirect: 'manual' });
  const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
  await exchangeCode({ clientId: fake.clientId, clientSecret: fake.clientSecret, code, redirectUri: 'http://localhost/cb', baseUrl: fake.url });
  expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'oauth2/token', userAgent: plain });

  expect(() => createNetatmoClient({ clientId: 'a', clientSecret: 'b', userAgent: 'a\nb' })).toThrow('Invalid options.userAgent: must be a one-line string');
  expect(VERSION).toBe((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
});

test('withResponse hands back the data with its status, headers, duration and attempts', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  fake.failNext('getstationsdata', 1, { status: 503 });
  const { data, response } = await withResponse((hooks) => client.station.getStationsData({}, { hooks }));
  expect(data.devices).toHaveLength(7);
  expect(response.endpoint).toBe('getstationsdata');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.attempts).toBe(2);
  expect(response.durationMs).toBeGreaterThanOrEqual(0);

  const raw = await withResponse((hooks) => client.request('gethomecoachsdata', {}, { hooks }));
  expect(raw.response).toMatchObject({ endpoint: 'gethomecoachsdata', status: 200, attempts: 1 });
});

test('withResponse rejects with the call’s own error, and with a clear one when the hooks were not passed on', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0 });
  fake.failNext('getstationsdata', 1, { status: 400, code: 21, message: 'Invalid device' });
  await expect(withResponse((hooks) => client.station.getStationsData({}, { hooks }))).rejects.toMatchObject({ name: 'NetatmoApiError', status: 400, code: 21 });
  await expect(withResponse(() => client.station.getStationsData())).rejects.toThrow(
    'withResponse(): the call made no request with the hooks it was handed; pass them on as its hooks option',
  );
});

test('an afterResponse hook that never settles, or throws, cannot hold up or lose a rotated token: it hears of the token answer after the save', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken });
  const storedWhenHeard: (string | undefined)[] = [];
  const client = clientFor(fake, {
    tokenStore: store,
    hooks: {
      afterResponse: async ({ request }) => {
        if (request.endpoint !== 'oauth2/token') return;
        storedWhenHeard.push((await store.load())?.refreshToken);
        await new Promise(() => {}); // never settles
      },
    },
  });
  const throwing = clientFor(fake, {
    tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }),
    hooks: { afterResponse: () => { throw new Error('hook boom'); } },
  });

  const data = await client.station.getStationsData();
  await throwing.station.getStationsData();
  await new Promise((resolve) => setTimeout(resolve, 20));

  expect(data.devices.length).toBeGreaterThan(0);
  expect(fake.count('oauth2/token')).toBe(2);
  expect(fake.liveRefreshTokens()).toHaveLength(2);
  // By the time the hook heard of the token answer, the rotated token was already in the store.
  expect(storedWhenHeard).toEqual([(await store.load())?.refreshToken]);
  expect(fake.liveRefreshTokens()).toContain(storedWhenHeard[0]);
});
