import { expect, test } from 'vitest';
import { NetatmoValidationError, type CameraEvent } from '../../src/index.js';
import events from '../../src/testing/fixtures/pyatmo/getevents.json' with { type: 'json' };
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const homeId = events.body.home.id;
const captured = events.body.home.events.map((event) => event.id);
/** 70 events newer than the capture, newest first, one a minute. */
const added = Array.from({ length: 70 }, (_, index) => ({ id: `added-${70 - index}`, type: 'movement', time: 1_700_000_000 - index * 60, module_id: '12:34:56:00:f1:62' }));

async function setUp() {
  const fake = await fakeNetatmo();
  fake.addCameraEvents(homeId, added);
  return { fake, client: clientFor(fake, { tokenStore: storeWithTokens(fake) }) };
}

async function collect(iterable: AsyncIterable<CameraEvent>): Promise<string[]> {
  const ids: string[] = [];
  for await (const event of iterable) ids.push(event.id);
  return ids;
}

test('iterateEvents pages back through the whole history, each event once, with the last id of each page', async () => {
  const { fake, client } = await setUp();
  const ids = await collect(client.camera.iterateEvents({ homeId, pageSize: 20 }));
  expect(ids).toEqual([...added.map((event) => event.id), ...captured]);
  // 78 events: 4 pages, then an empty one that ends the history.
  const pages = fake.requests.filter((record) => record.endpoint === 'getevents').map((record) => record.params);
  expect(pages).toEqual([
    { home_id: homeId, size: '20' },
    { home_id: homeId, size: '20', event_id: 'added-51' },
    { home_id: homeId, size: '20', event_id: 'added-31' },
    { home_id: homeId, size: '20', event_id: 'added-11' },
    { home_id: homeId, size: '20', event_id: captured.at(-1) },
  ]);
});

test('it stops where the caller says: at an event already handled, at a date, after a count', async () => {
  const { fake, client } = await setUp();
  expect(await collect(client.camera.iterateEvents({ homeId, stopAtEventId: 'added-65' }))).toEqual(['added-70', 'added-69', 'added-68', 'added-67', 'added-66']);
  expect(fake.count('getevents')).toBe(1);
  expect(await collect(client.camera.iterateEvents({ homeId, since: 1_700_000_000 - 9 * 60, pageSize: 4 }))).toEqual(added.slice(0, 10).map((event) => event.id));
  expect(fake.count('getevents')).toBe(1 + 3);
  expect(await collect(client.camera.iterateEvents({ homeId, limit: 3 }))).toEqual(['added-70', 'added-69', 'added-68']);
});

test('a server that ignores event_id (repeating the same page) ends the iteration instead of looping', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  fake.enqueue('getevents', { body: events }, { body: events }, { body: events });
  expect(await collect(client.camera.iterateEvents({ homeId }))).toEqual(captured);
  expect(fake.count('getevents')).toBe(2);
});

test('invalid parameters reject on the first iteration, before any request', async () => {
  const { fake, client } = await setUp();
  const error = await client.camera.iterateEvents({ homeId: '', pageSize: 0, limit: -1 }).next().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual(['homeId', 'pageSize', 'limit']);
  expect(fake.count()).toBe(0);
});
