import { expect, test } from 'vitest';
import {
  MemoryTokenStore,
  NetatmoAbortError,
  NetatmoApiError,
  NetatmoNetworkError,
  NetatmoTimeoutError,
  type NetatmoEvents,
} from '../../src/index.js';
import { clientFor, closedPort, fakeNetatmo } from '../helpers/setup.js';


test('5xx answers are retried with backoff until one succeeds', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  fake.failNext('getstationsdata', 2, { status: 500, code: 0, message: 'Internal error' });

  await client.station.getStationsData();

  expect(fake.count('getstationsdata')).toBe(3);
});

test('retries stop after the configured number and the last error is thrown', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 2 } });
  fake.failNext('getstationsdata', 5, { status: 503, message: 'unavailable' });

  await expect(client.station.getStationsData()).rejects.toMatchObject({ name: 'NetatmoApiError', status: 503 });
  expect(fake.count('getstationsdata')).toBe(2);
});

test('retry: 0 turns retries off', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), retry: 0 });
  fake.failNext('getstationsdata', 1, { status: 502 });

  await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoApiError);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('per-call options override the client retry policy', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), retry: 0 });
  fake.failNext('getstationsdata', 1, { status: 502 });

  await client.station.getStationsData({}, { retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 } });
  expect(fake.count('getstationsdata')).toBe(2);
});

test('a non-JSON error body (an HTML 502 page) becomes a clean NetatmoApiError', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), retry: 0 });
  fake.enqueue('getstationsdata', { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });

  const error = (await client.station.getStationsData().catch((caught: unknown) => caught)) as NetatmoApiError;

  expect(error).toBeInstanceOf(NetatmoApiError);
  expect(error.status).toBe(502);
  expect(error.code).toBeUndefined();
  expect(error.endpoint).toBe('getstationsdata');
  expect(error.message).toBe(
    'Netatmo API error on getstationsdata: HTTP 502 (Bad Gateway; the body was not JSON (text/html; charset=utf-8, 50 bytes))',
  );
  expect(error.cause).toBeUndefined();
});

test('Retry-After is honoured: the retry waits the time the server asked for', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2_000 } });
  const retries: NetatmoEvents['retry'][] = [];
  client.on('retry', (event) => void retries.push(event));
  fake.failNext('getstationsdata', 1, { status: 429, code: 26, message: 'Maximum api usage reached', headers: { 'retry-after': '1' } });

  await client.station.getStationsData();

  expect(retries.map((event) => event.delayMs)).toEqual([1000]);
  const [first, second] = fake.requests.filter((r) => r.endpoint === 'getstationsdata');
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
});

test('a Retry-After longer than maxTimeoutMs is not waited for: the rate-limit error says when to come back', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  fake.failNext('getstationsdata', 1, { status: 429, code: 26, message: 'Maximum api usage reached', headers: { 'retry-after': '3600' } });

  await expect(client.station.getStationsData()).rejects.toMatchObject({ name: 'NetatmoRateLimitError', retryAfterMs: 3_600_000 });
  expect(fake.count('getstationsdata')).toBe(1);
});

test('code 11 (concurrency limit) is retried as a rate limit', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  fake.failNext('getstationsdata', 1, { status: 429, code: 11, message: 'Failed to enter concurrency limited section' });

  await client.station.getStationsData();
  expect(fake.count('getstationsdata')).toBe(2);
});

test('a refused connection is retried and then reported as NetatmoNetworkError with the address', async () => {
  const port = await closedPort();
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { baseUrl: `http://127.0.0.1:${port}`, tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  const retries: number[] = [];
  client.on('retry', ({ attempt }) => void retries.push(attempt));

  const error = (await client.station.getStationsData().catch((caught: unknown) => caught)) as NetatmoNetworkError;

  expect(error).toBeInstanceOf(NetatmoNetworkError);
  expect(error.message).toBe(`Could not reach Netatmo: GET http://127.0.0.1:${port}/api/getstationsdata (connect ECONNREFUSED 127.0.0.1:${port})`);
  expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  expect(retries).toEqual([1, 2]);
});

test('an attempt that exceeds timeoutMs is a NetatmoTimeoutError, retried like a network error', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()), timeoutMs: 400, retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 } });
  fake.setDelay('getstationsdata', 3_000);

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoTimeoutError);
  expect((error as Error).message).toBe(`No answer within 400 ms: GET ${fake.url}/api/getstationsdata`);
  expect(fake.count('getstationsdata')).toBe(2);
});

test('an aborted signal cancels the call with a NetatmoAbortError carrying its reason, and is not retried', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore(fake.issueTokens()) });
  fake.setDelay('getstationsdata', 1_000);
  const controller = new AbortController();
  const reason = new Error('user cancelled');

  const call = client.station.getStationsData({}, { signal: controller.signal });
  setTimeout(() => controller.abort(reason), 30);

  const error = await call.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoAbortError);
  expect((error as NetatmoAbortError).cause).toBe(reason);
  expect((error as Error).message).toBe('getstationsdata was aborted by its AbortSignal');
  expect(fake.count('getstationsdata')).toBe(1);
});

test('the token request is not replayed after a timeout: the server may already have rotated', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }), timeoutMs: 400 });
  const failures: NetatmoEvents['refreshFailed'][] = [];
  client.on('refreshFailed', (event) => void failures.push(event));
  fake.setDelay('oauth2/token', 3_000);

  await expect(client.station.getStationsData()).rejects.toBeInstanceOf(NetatmoTimeoutError);

  expect(fake.count('oauth2/token')).toBe(1);
  expect(failures).toHaveLength(1);
  expect(failures[0]?.usingStillValidToken).toBe(false);
});

test('the token request is retried after a 503 or a 429, where the server surely did not rotate', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
  fake.failNext('oauth2/token', 1, { status: 503, message: 'temporarily_unavailable' });
  fake.failNext('oauth2/token', 1, { status: 429, message: 'too_many_requests' });

  await client.station.getStationsData();
  expect(fake.count('oauth2/token')).toBe(3);
});

test('the token request is not retried after a 500', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: new MemoryTokenStore({ refreshToken: fake.issueTokens().refreshToken }) });
  fake.failNext('oauth2/token', 1, { status: 500, message: 'server_error' });

  await expect(client.station.getStationsData()).rejects.toMatchObject({ status: 500, endpoint: 'oauth2/token' });
  expect(fake.count('oauth2/token')).toBe(1);
});
