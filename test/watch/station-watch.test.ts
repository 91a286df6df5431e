import { expect, test } from 'vitest';
import { NetatmoAuthError, NetatmoValidationError, type StationsSnapshot, type StationWatchOptions } from '../../src/index.js';
import { createVirtualClock, type VirtualClock } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

/** A fake, a client and a watcher options set sharing one virtual clock: seconds are scaled down to test size. */
async function setUp(clock: VirtualClock = createVirtualClock(), clientOptions: Parameters<typeof clientFor>[1] = {}) {
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), now: clock.now, ...clientOptions });
  const stop = new AbortController();
  const options: StationWatchOptions = { clock, signal: stop.signal, uploadIntervalMs: 1000, marginMs: 100, retryIntervalMs: 100, retries: 3, minIntervalMs: 50 };
  return { clock, fake, client, stop, options };
}

/** Gaps between the requests the fake got for `endpoint`, by its (virtual) clock. */
function gaps(fake: Awaited<ReturnType<typeof setUp>>['fake'], endpoint = 'getstationsdata'): number[] {
  const times = fake.requests.filter((record) => record.endpoint === endpoint).map((record) => record.at);
  return times.slice(1).map((time, index) => time - times[index]!);
}

test('figure: with the fake uploading every second, 60 uploads cost at most 1.2 polls each and each is yielded exactly once', async () => {
  const { fake, client, stop, options } = await setUp();
  fake.uploadReadingsEvery(1000);
  const yielded: number[] = [];
  for await (const snapshot of client.station.watch(options)) {
    yielded.push(snapshot.newestReadingAt!.getTime() / 1000);
    if (fake.readingUploads() >= 60 && yielded.length > 60) stop.abort();
  }
  const uploads = fake.readingUploads();
  const polls = fake.count('getstationsdata');
  // The first yield is the state before any upload; then one per upload, in order, none twice.
  const uploadTimes = yielded.slice(1);
  expect(uploadTimes).toHaveLength(60);
  expect(new Set(uploadTimes).size).toBe(60);
  expect(uploadTimes.map((time, index) => time - uploadTimes[0]! - index)).toEqual(Array.from({ length: 60 }, () => 0));
  expect(uploads).toBe(60);
  expect(polls).toBeLessThanOrEqual(1.2 * uploads);
  console.log(`station.watch figure: ${polls} polls for ${uploads} uploads (${(polls / uploads).toFixed(2)} per upload), ${uploadTimes.length} yielded`);
});

test('each yield names the stations and modules with new readings; unreachable ones never change', async () => {
  const { fake, client, stop, options } = await setUp();
  const snapshots: StationsSnapshot[] = [];
  for await (const snapshot of client.station.watch(options)) {
    snapshots.push(snapshot);
    if (snapshots.length === 1) fake.uploadReadings();
    else stop.abort();
  }
  const [first, second] = snapshots as [StationsSnapshot, StationsSnapshot];
  // Every station and module of pyatmo's capture is listed on the first yield.
  expect(first.changed.sort()).toEqual([...new Set(first.data.devices.flatMap((station) => [station._id, ...(station.modules ?? []).map((module) => module._id)]))].sort());
  expect(first.polls).toBe(1);
  const withReadings = first.data.devices.flatMap((station) => [station, ...(station.modules ?? [])]).filter((unit) => unit.dashboard_data && unit.reachable !== false);
  expect(second.changed.sort()).toEqual(withReadings.map((unit) => unit._id).sort());
  expect(second.changed).not.toContain('12 :34: 56:36:e6:c0');
  const indoor = second.data.devices.find((station) => station._id === '12:34:56:37:11:ca')!;
  expect(indoor.dashboard_data?.Temperature).toBe(24.7);
  expect(indoor.dashboard_data?.time_utc).toBe(second.newestReadingAt!.getTime() / 1000);
});

test('when nothing new comes, it retries at the short interval, then falls back to the upload interval; never below the floor', async () => {
  const { fake, client, stop, options } = await setUp();
  let polls = 0;
  const watch = client.station.watch({ ...options, onError: () => undefined });
  const first = await watch.next();
  expect(first.done).toBe(false);
  // No upload: the captured readings are years old, so no poll can be planned from them.
  const iteration = watch.next();
  while ((polls = fake.count('getstationsdata')) < 7) await new Promise((resolve) => setImmediate(resolve));
  stop.abort();
  expect(await iteration).toEqual({ done: true, value: undefined });
  expect(polls).toBeGreaterThanOrEqual(7);
  expect(gaps(fake).slice(0, 6)).toEqual([100, 100, 100, 1000, 1000, 1000]);

  const floored = await setUp();
  const slow = floored.client.station.watch({ ...floored.options, minIntervalMs: 400 });
  await slow.next();
  const next = slow.next();
  while (floored.fake.count('getstationsdata') < 5) await new Promise((resolve) => setImmediate(resolve));
  floored.stop.abort();
  await next;
  expect(gaps(floored.fake).slice(0, 4)).toEqual([400, 400, 400, 1000]);
});

test('the next poll is planned from the newest time_utc plus the interval and margin', async () => {
  const { clock, fake, client, stop, options } = await setUp();
  const uploadedAt = fake.uploadReadings() * 1000;
  const watch = client.station.watch(options);
  await watch.next();
  const next = watch.next();
  fake.uploadReadingsEvery(1000);
  const snapshot = await next;
  stop.abort();
  expect(snapshot.done).toBe(false);
  const times = fake.requests.filter((record) => record.endpoint === 'getstationsdata').map((record) => record.at);
  // The reading is from the clock's start: the second poll comes 1000 + 100 ms after it.
  expect(times[1]).toBe(uploadedAt + 1000 + 100);
  expect(clock.now()).toBe(times[1]);
});

test('transient failures are waited out with backoff and reported to onError; the watch goes on', async () => {
  const { fake, client, stop, options } = await setUp(createVirtualClock(), { retry: 0 });
  fake.failNext('getstationsdata', 2, { status: 503, code: 0, message: 'Service unavailable' });
  fake.failNext('getstationsdata', 1, { status: 429, code: 26, message: 'User usage reached' });
  const errors: unknown[] = [];
  const watch = client.station.watch({ ...options, onError: (error) => void errors.push(error) });
  const first = await watch.next();
  stop.abort();
  expect(first.done).toBe(false);
  expect((first.value as StationsSnapshot).polls).toBe(4);
  expect(errors.map((error) => (error as { name: string }).name)).toEqual(['NetatmoApiError', 'NetatmoApiError', 'NetatmoRateLimitError']);
  // Backoff from retryIntervalMs (100), doubling, jittered into [50 %, 100 %), floored at 50.
  const [a, b, c] = gaps(fake);
  expect(a).toBeGreaterThanOrEqual(50);
  expect(a).toBeLessThan(100);
  expect(b).toBeGreaterThanOrEqual(100);
  expect(b).toBeLessThan(200);
  expect(c).toBeGreaterThanOrEqual(200);
  expect(c).toBeLessThan(400);
});

test('a dead refresh token ends the watch with the NetatmoAuthError; an expired access token is refreshed on the way', async () => {
  const { clock, fake, client, options } = await setUp();
  const watch = client.station.watch(options);
  await watch.next();
  fake.expireAccessTokens();
  fake.uploadReadings();
  expect((await watch.next()).done).toBe(false);
  expect(fake.count('oauth2/token')).toBe(1);

  // The access token runs out on the client's clock too, and the refresh token is dead.
  clock.advance(4 * 3_600_000);
  fake.revokeRefreshTokens();
  const error = await watch.next().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoAuthError);
  expect((error as NetatmoAuthError).reauthorizationRequired).toBe(true);
  expect(await watch.next()).toEqual({ done: true, value: undefined });
});

test('the signal ends a wait and a request in flight at once; the iteration just finishes', async () => {
  const clock = createVirtualClock({ autoAdvance: false });
  const { fake, client, stop, options } = await setUp(clock);
  const watch = client.station.watch(options);
  await watch.next();
  const waiting = watch.next();
  while (clock.sleeping === 0) await new Promise((resolve) => setImmediate(resolve));
  stop.abort();
  expect(await waiting).toEqual({ done: true, value: undefined });
  expect(fake.count('getstationsdata')).toBe(1);

  const second = await setUp(createVirtualClock({ autoAdvance: false }));
  second.fake.setDelay('getstationsdata', 60_000);
  const hanging = second.client.station.watch(second.options).next();
  while (second.fake.count('getstationsdata') === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  second.stop.abort();
  expect(await hanging).toEqual({ done: true, value: undefined });
});

test('invalid options reject on the first iteration, before any request', async () => {
  const { fake, client } = await setUp();
  const error = await client.station
    .watch({ uploadIntervalMs: -1, retries: 1.5, clock: {} as never })
    .next()
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual(['uploadIntervalMs', 'retries', 'clock']);
  expect(fake.count()).toBe(0);
});

test('deviceId watches one station', async () => {
  const { fake, client, stop, options } = await setUp();
  for await (const snapshot of client.station.watch({ ...options, deviceId: '12:34:56:1c:68:2e' })) {
    expect(snapshot.data.devices.map((station) => station._id)).toEqual(['12:34:56:1c:68:2e']);
    stop.abort();
  }
  expect(fake.requests[0]!.params['device_id']).toBe('12:34:56:1c:68:2e');
});

test('the watcher spends the client’s own rate budget: a spent hour is waited out, never exceeded', async () => {
  const clock = createVirtualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), now: clock.now, retry: 0, rateLimit: { perTenSeconds: 50, perHour: 4 } });
  // The app's own calls count against the same budget as the watcher's.
  await client.station.getStationsData();
  await client.station.getStationsData();
  fake.uploadReadingsEvery(600_000);
  const errors: unknown[] = [];
  const stop = new AbortController();
  const started = clock.now();
  let yields = 0;
  for await (const _snapshot of client.station.watch({ clock, signal: stop.signal, onError: (error) => void errors.push(error) })) {
    yields += 1;
    if (clock.now() - started > 3 * 3_600_000) stop.abort();
  }
  const times = fake.requests.filter((record) => record.endpoint === 'getstationsdata').map((record) => record.at);
  const busiestHour = Math.max(...times.map((time) => times.filter((other) => other >= time && other < time + 3_600_000).length));
  expect(busiestHour).toBe(4);
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.every((error) => (error as { name: string }).name === 'NetatmoRateLimitError')).toBe(true);
  // It kept watching: a yield in each hour the budget allowed.
  expect(yields).toBeGreaterThanOrEqual(4);
});
