import { expect, test } from 'vitest';
import { NetatmoValidationError, type HomeStatusSnapshot } from '../../src/index.js';
import { createVirtualClock } from '../../src/testing/index.js';
import homeStatus from '../../src/testing/fixtures/pyatmo/homestatus_91763b24c43d3e344f424e8b.json' with { type: 'json' };
import { createWebhookHandler } from '../../src/webhooks/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';
import { receiver } from '../webhooks/helpers.js';
import { homeId, payloads } from '../webhooks/webhook-payloads.js';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** homestatus with the first room's measured temperature changed. */
/** The answer `served` with its first room `by` degrees warmer (camera URLs stay as the fake serves them). */
function warmer(served: HomeStatusSnapshot, by: number): unknown {
  const body = structuredClone(served.data) as unknown as { home: { rooms: { therm_measured_temperature?: number }[] } };
  body.home.rooms[0]!.therm_measured_temperature! += by;
  return { status: 'ok', time_server: 1_700_000_000, body };
}

async function setUp() {
  const clock = createVirtualClock({ autoAdvance: false });
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), now: clock.now });
  const handler = createWebhookHandler({ clientSecret: fake.clientSecret, onEvent: () => undefined });
  await client.camera.addWebhook({ url: await receiver(handler) });
  await fake.webhooksIdle();
  const stop = new AbortController();
  return { clock, fake, client, handler, stop };
}

async function sleeping(clock: ReturnType<typeof createVirtualClock>): Promise<void> {
  while (clock.sleeping === 0) await settle();
}

test('an energy webhook for the home makes the watch poll at once, without waiting for the interval', async () => {
  const { clock, fake, client, handler, stop } = await setUp();
  const watch = client.thermostat.watchHomeStatus({ homeId, webhooks: handler, clock, signal: stop.signal });
  const iterator = watch[Symbol.asyncIterator]();
  const first = (await iterator.next()).value as HomeStatusSnapshot;
  expect(first.trigger).toBe('start');
  expect(first.changedRooms).toEqual(homeStatus.body.home.rooms.map((room) => room.id));
  expect(first.changedModules).toHaveLength(homeStatus.body.home.modules.length);

  const next = iterator.next();
  await sleeping(clock);
  const startedAt = clock.now();
  fake.enqueue('homestatus', { body: warmer(first, 1) });
  await fake.deliverWebhook(payloads.setpoint);
  const second = (await next).value as HomeStatusSnapshot;
  expect(second.trigger).toBe('webhook');
  expect(second.changed).toEqual([homeStatus.body.home.rooms[0]!.id]);
  expect(second.changedModules).toEqual([]);
  // At once: the clock has not moved, two polls in all.
  expect(clock.now()).toBe(startedAt);
  expect(fake.count('homestatus')).toBe(2);
  stop.abort();
  await handler.idle();
});

test('security webhooks and energy webhooks of another home do not poll; the interval does, and unchanged polls yield nothing', async () => {
  const { clock, fake, client, handler, stop } = await setUp();
  const watch = client.thermostat.watchHomeStatus({ homeId, webhooks: handler, clock, signal: stop.signal });
  const iterator = watch[Symbol.asyncIterator]();
  const first = (await iterator.next()).value as HomeStatusSnapshot;
  const next = iterator.next();
  await sleeping(clock);
  await fake.deliverWebhook(payloads.person);
  await fake.deliverWebhook({ ...payloads.thermMode, home_id: 'another-home' });
  expect(watch.onWebhook({ ...payloads.schedule, home_id: 'another-home' })).toBe(false);
  await handler.idle();
  await settle();
  expect(fake.count('homestatus')).toBe(1);

  // The default interval is 150 s: nothing at 149.999 s, a poll at 150 s; unchanged, so no yield.
  clock.advance(149_999);
  await settle();
  expect(fake.count('homestatus')).toBe(1);
  clock.advance(1);
  while (fake.count('homestatus') < 2) await settle();
  await sleeping(clock);
  fake.enqueue('homestatus', { body: warmer(first, 2) });
  clock.advance(150_000);
  const snapshot = (await next).value as HomeStatusSnapshot;
  expect(snapshot.trigger).toBe('interval');
  expect(snapshot.changedRooms).toEqual([homeStatus.body.home.rooms[0]!.id]);
  expect(fake.count('homestatus')).toBe(3);
  stop.abort();
});

test('onWebhook takes raw payloads too, and a webhook during a poll makes one more poll right after', async () => {
  const { clock, fake, client, stop } = await setUp();
  const watch = client.thermostat.watchHomeStatus({ homeId, intervalMs: 60_000, clock, signal: stop.signal });
  const iterator = watch[Symbol.asyncIterator]();
  const first = (await iterator.next()).value as HomeStatusSnapshot;
  // While the caller holds the first snapshot, a webhook arrives.
  expect(watch.onWebhook(payloads.setpoint)).toBe(true);
  expect(watch.onWebhook({ not: 'an energy event' })).toBe(false);
  fake.enqueue('homestatus', { body: warmer(first, 1) });
  const second = (await iterator.next()).value as HomeStatusSnapshot;
  expect(second.trigger).toBe('webhook');
  expect(fake.count('homestatus')).toBe(2);
  expect(clock.now()).toBe(fake.requests.find((record) => record.endpoint === 'homestatus')!.at);
  stop.abort();
  expect(await iterator.next()).toEqual({ done: true, value: undefined });
});

test('invalid parameters reject on the first iteration, before any request', async () => {
  const { fake, client } = await setUp();
  const requests = fake.count();
  const watch = client.thermostat.watchHomeStatus({ homeId: '', intervalMs: 10, webhooks: {} as never });
  const error = await watch[Symbol.asyncIterator]().next().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual(['homeId', 'intervalMs', 'webhooks']);
  expect(fake.count()).toBe(requests);
});
