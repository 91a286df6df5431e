import { createServer } from 'node:http';
import { expect, expectTypeOf, test } from 'vitest';
import {
  MemoryTokenStore,
  NetatmoAbortError,
  NetatmoApiError,
  NetatmoTimeoutError,
  NetatmoValidationError,
  type NetatmoEvents,
} from '../../src/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const homeId = '91763b24c43d3e344f424e8b';
const roomId = '2746182631';
const newSchedule = {
  homeId,
  name: 'New',
  hgTemp: 7,
  awayTemp: 14,
  zones: [{ id: 0, name: 'Day', type: 0, rooms: [{ id: roomId, thermSetpointTemperature: 20 }] }],
  timetable: [{ zoneId: 0, mOffset: 0 }],
};

// ── 8. calls that are not safe to repeat ──────────────────────────────────────────────────────

test('createHomeSchedule that timed out is sent once, and the error says its outcome is unknown', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), timeoutMs: 400 });
  fake.setDelay('createnewhomeschedule', 3_000);

  const error = await client.thermostat.createHomeSchedule(newSchedule).catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoTimeoutError);
  expect((error as NetatmoTimeoutError).outcomeUnknown).toBe(true);
  expect((error as Error).message).toContain('createnewhomeschedule is not safe to send twice, so it was not retried: it may or may not have taken effect at Netatmo');
  expect(fake.count('createnewhomeschedule')).toBe(1);
});

test('a replay-safe write (setThermMode) that timed out is retried as usual', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), timeoutMs: 400 });
  fake.setDelay('setthermmode', 3_000);

  const error = await client.thermostat.setThermMode({ homeId, mode: 'schedule' }).catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoTimeoutError);
  expect((error as NetatmoTimeoutError).outcomeUnknown).toBe(false);
  expect(fake.count('setthermmode')).toBe(3);
});

test('a not-replay-safe write refused with 503 (Netatmo did not act) is retried', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  fake.failNext('createnewhomeschedule', 1, { status: 503, message: 'Service unavailable' });

  await client.thermostat.createHomeSchedule(newSchedule);

  expect(fake.count('createnewhomeschedule')).toBe(2);
});

test('client.request() POST to an endpoint the SDK does not know is not replayed after a timeout', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), timeoutMs: 400 });
  fake.setDelay('setthermmode', 3_000);

  await expect(client.request('setthermmode', { home_id: homeId, mode: 'away' }, { method: 'POST' })).rejects.toBeInstanceOf(NetatmoTimeoutError);
  await expect(client.request('newwriteendpoint', { x: 1 }, { method: 'POST', timeoutMs: 400 })).rejects.toBeInstanceOf(NetatmoApiError);

  expect(fake.count('setthermmode')).toBe(3);
});

// ── 10. per-call options are checked like client options ──────────────────────────────────────

test.each<[string, Record<string, unknown>, string]>([
  ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'options.timeoutMs'],
  ['timeoutMs -1', { timeoutMs: -1 }, 'options.timeoutMs'],
  ['timeoutMs 1e20', { timeoutMs: 1e20 }, 'options.timeoutMs'],
  ["timeoutMs 'x'", { timeoutMs: 'x' }, 'options.timeoutMs'],
  ['a signal that is not an AbortSignal', { signal: { aborted: false } }, 'options.signal'],
  ['retry -1', { retry: -1 }, 'options.retry'],
  ["retry 'x'", { retry: 'x' }, 'options.retry'],
  ['retry.minTimeoutMs 1.5', { retry: { minTimeoutMs: 1.5 } }, 'options.retry.minTimeoutMs'],
  ['a retry option with a typo (retires)', { retry: { retires: 3 } }, 'options.retry.retires'],
  ["validation 'loose'", { validation: 'loose' }, 'options.validation'],
  ['a typo (timeout)', { timeout: 5 }, 'options.timeout'],
])('a per-call %s is refused with a NetatmoValidationError naming it, before any request', async (_, options, path) => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });

  const pending = client.station.getStationsData({}, options as never);
  const error = await pending.catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual([path]);
  expect(fake.count()).toBe(0);
});

test('per-call options of client.request() go through the same checks', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });

  const error = await client.request('getstationsdata', {}, { timeoutMs: -1 }).catch((caught: unknown) => caught);

  expect((error as NetatmoValidationError).issues).toEqual([{ path: 'options.timeoutMs', message: 'must be a number of milliseconds from 1 to 2147483647, got -1' }]);
  await expect(client.request('getstationsdata', null as never)).rejects.toBeInstanceOf(NetatmoValidationError);
  expect(fake.count()).toBe(0);
});

test('a client retry option with a typo is refused at creation; bad values print on one line', async () => {
  const fake = await fakeNetatmo();
  expect(() => clientFor(fake, { retry: { retries: 1, maxTimeout: 10 } as never })).toThrow(
    'Invalid options.retry.maxTimeout: is not a retry option; they are retries, minTimeoutMs, maxTimeoutMs',
  );
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const error = await client.request('get\nstations').catch((caught: unknown) => caught);
  expect((error as Error).message).toContain("got 'get\\u000astations'");
  expect((error as Error).message).not.toContain('\n');
});

test('a fractional client timeoutMs (2500.5) that passes creation works for every call', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), timeoutMs: 2500.5 });

  const data = await client.station.getStationsData({}, { timeoutMs: 1000.25 });

  expect(data.devices.length).toBeGreaterThan(0);
});

// ── 12. aborts end every wait at once ─────────────────────────────────────────────────────────

/** Aborts `controller` once `count()` reached `target` (polled on the event loop, no timing). */
async function abortWhen(controller: AbortController, ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve));
  controller.abort(new Error('user gave up'));
}

test('an abort during a Retry-After wait ends the call at once with NetatmoAbortError', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 60_000 } });
  fake.failNext('getstationsdata', 1, { status: 429, code: 26, message: 'User usage reached', headers: { 'retry-after': '5' } });
  const retries: NetatmoEvents['retry'][] = [];
  client.on('retry', (event) => retries.push(event));
  const controller = new AbortController();

  const started = performance.now();
  const [error] = await Promise.all([
    client.station.getStationsData({}, { signal: controller.signal }).catch((caught: unknown) => caught),
    abortWhen(controller, () => retries.length === 1),
  ]);

  expect(error).toBeInstanceOf(NetatmoAbortError);
  expect(((error as NetatmoAbortError).cause as Error).message).toBe('user gave up');
  expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(5_000);
  expect(fake.count('getstationsdata')).toBe(1);
  // The 5 s wait did not run out: the call ended long before.
  expect(performance.now() - started).toBeLessThan(4_000);
});

test('an abort during the rate-budget wait ends the call at once', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), rateLimit: { perTenSeconds: 1, perHour: 100 } });
  const limited: NetatmoEvents['rateLimited'][] = [];
  client.on('rateLimited', (event) => limited.push(event));
  await client.station.getStationsData();
  const controller = new AbortController();

  const [error] = await Promise.all([
    client.station.getStationsData({}, { signal: controller.signal }).catch((caught: unknown) => caught),
    abortWhen(controller, () => limited.length === 1),
  ]);

  expect(error).toBeInstanceOf(NetatmoAbortError);
  expect(limited[0]?.retryAfterMs).toBeGreaterThan(9_000);
  expect(fake.count('getstationsdata')).toBe(1);
});

test('an abort while waiting for a token refresh ends that call; the refresh goes on for the others', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store });
  fake.setDelay('oauth2/token', 200);
  const controller = new AbortController();

  const aborted = client.station.getStationsData({}, { signal: controller.signal }).catch((caught: unknown) => caught);
  const other = client.station.getStationsData();
  await abortWhen(controller, () => fake.count('oauth2/token') === 1);

  expect(await aborted).toBeInstanceOf(NetatmoAbortError);
  expect((await other).devices.length).toBeGreaterThan(0);
  expect(fake.count('oauth2/token')).toBe(1);
  expect((await store.load())?.refreshToken).toBe(fake.liveRefreshTokens()[0]);
});

test('an already aborted signal sends nothing', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });

  await expect(client.station.getStationsData({}, { signal: AbortSignal.abort('no') })).rejects.toBeInstanceOf(NetatmoAbortError);
  expect(fake.count()).toBe(0);
  // Also once the client holds a fresh token it could hand over at once.
  await client.station.getStationsData();
  const error = await client.station.getStationsData({}, { signal: AbortSignal.abort('no') }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoAbortError);
  expect((error as Error).message).toBe('Waiting for a Netatmo access token was aborted by its AbortSignal');
  expect(fake.count()).toBe(1);
});

// ── 13. bounded answers ───────────────────────────────────────────────────────────────────────

test('an answer declared larger than maxResponseBytes is refused before it is read', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), maxResponseBytes: 64 * 1024 });
  fake.enqueue('getstationsdata', { body: { status: 'ok', body: { devices: [], padding: 'x'.repeat(1024 * 1024) } } });

  const error = await client.station.getStationsData().catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(NetatmoApiError);
  expect((error as Error).message).toContain('the answer is larger than maxResponseBytes (65536 bytes');
});

test('a streamed answer with no length is cut off once it passes maxResponseBytes, not read whole', async () => {
  const fake = await fakeNetatmo();
  const chunk = 'x'.repeat(64 * 1024);
  const totalChunks = 800; // 50 MB if it were read whole
  let written = 0;
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length
    response.write('{"access_token":"');
    const pump = (): void => {
      while (written < totalChunks) {
        written++;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end('"}');
    };
    response.on('error', () => {});
    request.socket.on('close', () => (written = Math.min(written, totalChunks)));
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const client = clientFor(fake, {
      baseUrl: `http://127.0.0.1:${port}`,
      tokenStore: new MemoryTokenStore({ refreshToken: 'x' }),
      maxResponseBytes: 1024 * 1024,
      retry: 0,
    });

    const error = await client.tokens.refresh().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NetatmoApiError);
    expect((error as Error).message).toContain('the answer is larger than maxResponseBytes (1048576 bytes');
    expect(written).toBeLessThan(totalChunks);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that sends an answer's headers and the start of its body, then nothing more. */
async function stallingServer(): Promise<{ url: string; closed: Promise<void>; headersSent: Promise<void>; stop: () => Promise<void> }> {
  let onClosed!: () => void;
  let onHeaders!: () => void;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const headersSent = new Promise<void>((resolve) => (onHeaders = resolve));
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"status":"ok","body":{"devices":[', () => onHeaders());
    request.socket.on('close', onClosed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    closed,
    headersSent,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test('an answer whose body stalls after its headers times out at timeoutMs, and the connection is closed', async () => {
  const fake = await fakeNetatmo();
  const stalling = await stallingServer();
  try {
    const client = clientFor(fake, { baseUrl: stalling.url, tokenStore: storeWithTokens(fake), timeoutMs: 300, retry: 0 });
    const started = performance.now();

    const error = await client.station.getStationsData().catch((caught: unknown) => caught);

    const elapsedMs = performance.now() - started;
    expect(error).toBeInstanceOf(NetatmoTimeoutError);
    expect((error as Error).message).toBe(`No answer within 300 ms: GET ${stalling.url}/api/getstationsdata`);
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(2_000);
    await stalling.closed;
  } finally {
    await stalling.stop();
  }
});

test('an abort while the body streams ends the call with NetatmoAbortError, and the connection is closed', async () => {
  const fake = await fakeNetatmo();
  const stalling = await stallingServer();
  try {
    const client = clientFor(fake, { baseUrl: stalling.url, tokenStore: storeWithTokens(fake), retry: 0 });
    const controller = new AbortController();
    const reason = new Error('user left the page');
    void stalling.headersSent.then(() => setTimeout(() => controller.abort(reason), 50));

    const error = await client.station.getStationsData({}, { signal: controller.signal }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NetatmoAbortError);
    expect((error as NetatmoAbortError).cause).toBe(reason);
    expect((error as Error).message).toBe('getstationsdata was aborted by its AbortSignal');
    await stalling.closed;
  } finally {
    await stalling.stop();
  }
});

test('maxResponseBytes is checked at creation', async () => {
  const fake = await fakeNetatmo();
  expect(() => clientFor(fake, { maxResponseBytes: 10 })).toThrow('Invalid options.maxResponseBytes: must be a whole number of bytes from 1024');
});

// ── 16. handlers may return anything ──────────────────────────────────────────────────────────

test('an event handler that returns a value type-checks and is called', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const seen: NetatmoEvents['retry'][] = [];

  const unsubscribe = client.on('retry', (event) => seen.push(event));
  fake.failNext('getstationsdata', 1, { status: 500, message: 'oops' });
  await client.station.getStationsData();
  unsubscribe();

  expectTypeOf(unsubscribe).toEqualTypeOf<() => void>();
  expect(seen).toHaveLength(1);
  expect(() => client.on('nope' as never, () => {})).toThrow(NetatmoValidationError);
});

test('an abort while the refresh waits for the store lock (held by another holder) ends the call at once', async () => {
  const fake = await fakeNetatmo();
  const store = new MemoryTokenStore({ ...fake.issueTokens(), expiresAt: Date.now() - 1 });
  const client = clientFor(fake, { tokenStore: store });
  let release!: () => void;
  let held!: () => void;
  const lockHeld = new Promise<void>((resolve) => (held = resolve));
  const holder = store.withLock(() => {
    held();
    return new Promise<void>((resolve) => (release = resolve));
  });
  await lockHeld;
  const controller = new AbortController();

  const call = client.station.getStationsData({}, { signal: controller.signal }).catch((caught: unknown) => caught);
  await new Promise((resolve) => setImmediate(resolve));
  controller.abort(new Error('gave up on the lock'));

  expect(await call).toBeInstanceOf(NetatmoAbortError);
  expect(fake.count()).toBe(0);
  release();
  await holder;
  // The refresh behind the lock still completes for whoever needs it next.
  await client.station.getStationsData();
  expect(fake.count('oauth2/token')).toBe(1);
});
