import { expect, test } from 'vitest';
import { ok, type FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { openhabPost, pyatmoPost, send, type Answer } from './wire-clients.js';

// Netatmo reads a query string, a form and a JSON body alike (REFERENCE §1.3), and checks only what
// it documents. So does the fake.

const homeId = '91763b24c43d3e344f424e8b';
const persons = ['91827374-7e04-5298-83ad-a0cb8372dff1', '91827375-7e04-5298-83ae-a0cb8372dff2'];

async function setUp(options: Parameters<typeof fakeNetatmo>[0] = {}): Promise<{ fake: FakeNetatmo; token: string }> {
  const fake = await fakeNetatmo(options);
  return { fake, token: fake.issueTokens().accessToken };
}

const outcome = (answer: Answer): [number, string | number] => [answer.status, answer.body.status ?? answer.body.error.code];

test('setpersonshome: pyatmo\'s repeated person_ids[], the PHP SDK\'s JSON text, openHAB\'s JSON body, or no ids at all', async () => {
  const { fake, token } = await setUp();
  expect(outcome(await pyatmoPost(fake, token, '/api/setpersonshome', { home_id: homeId, 'person_ids[]': persons }))).toEqual([200, 'ok']);
  expect(outcome(await pyatmoPost(fake, token, '/api/setpersonshome', { home_id: homeId, person_ids: JSON.stringify(persons) }))).toEqual([200, 'ok']);
  expect(outcome(await openhabPost(fake, token, '/api/setpersonshome', {}, { home_id: homeId, person_ids: persons }))).toEqual([200, 'ok']);
  expect(outcome(await pyatmoPost(fake, token, '/api/setpersonshome', { home_id: homeId }))).toEqual([200, 'ok']);
  // What Netatmo refuses is still refused, in any encoding.
  expect(outcome(await openhabPost(fake, token, '/api/setpersonshome', {}, { person_ids: persons }))).toEqual([400, 10]);
  expect(outcome(await pyatmoPost(fake, token, '/api/setpersonshome', { 'person_ids[]': persons }))).toEqual([400, 10]);
  expect(outcome(await openhabPost(fake, token, '/api/setpersonshome', {}, { home_id: 'ffffffffffffffffffffffff', person_ids: persons }))).toEqual([400, 21]);
});

test('a route sees every value of a list, whatever the encoding (FakeApiRequest.lists)', async () => {
  const { fake, token } = await setUp({
    routes: [{ endpoint: 'echo', methods: ['GET', 'POST'], scopes: [], handle: (request) => ok({ params: request.params, lists: request.lists }, request.now) }],
  });
  const form = await pyatmoPost(fake, token, '/api/echo', { home_id: 'h', 'person_ids[]': persons }, { query: { size: '2' } });
  expect(form.body.body).toEqual({
    params: { size: '2', home_id: 'h', 'person_ids[]': persons[1], person_ids: persons.join(',') },
    lists: { size: ['2'], home_id: ['h'], person_ids: persons },
  });
  // openHAB's old homestatus repeated device_types in the query.
  const repeated = await openhabPost(fake, token, '/api/echo', { device_types: 'NAPlug' }, undefined);
  expect(repeated.body.body.params).toEqual({ device_types: 'NAPlug' });
  const many = await send(`${fake.url}/api/echo?home_id=h&device_types=NAPlug&device_types=NRV&device_types=NATherm1`, { headers: { authorization: `Bearer ${token}` } });
  expect(many.body.body).toEqual({ params: { home_id: 'h', device_types: 'NAPlug,NRV,NATherm1' }, lists: { home_id: ['h'], device_types: ['NAPlug', 'NRV', 'NATherm1'] } });
  const json = await openhabPost(fake, token, '/api/echo', { size: '2' }, { home_id: 'h', person_ids: persons, limit: 3, real_time: true });
  expect(json.body.body).toEqual({
    params: { size: '2', home_id: 'h', person_ids: persons.join(','), limit: '3', real_time: 'true' },
    lists: { size: ['2'], person_ids: persons },
  });
  // The request log keeps the query and form parameters as sent, and the JSON body apart.
  expect(fake.requests.map((record) => [record.params, record.json])).toEqual([
    [{ size: '2', home_id: 'h', 'person_ids[]': persons[1] }, undefined],
    [{ device_types: 'NAPlug' }, undefined],
    [{ home_id: 'h', device_types: 'NATherm1' }, undefined],
    [{ size: '2' }, { home_id: 'h', person_ids: persons, limit: 3, real_time: true }],
  ]);
});

test('flat endpoints take a form, a query string, both merged, or a JSON body', async () => {
  const { fake, token } = await setUp();
  expect(outcome(await pyatmoPost(fake, token, '/api/setthermmode', { home_id: homeId, mode: 'away' }))).toEqual([200, 'ok']);
  expect(outcome(await openhabPost(fake, token, '/api/setthermmode', { home_id: homeId, mode: 'away' }))).toEqual([200, 'ok']);
  expect(outcome(await pyatmoPost(fake, token, '/api/setthermmode', { mode: 'away' }, { query: { home_id: homeId } }))).toEqual([200, 'ok']);
  // Riges posts its energy writes and reads as JSON.
  expect(outcome(await openhabPost(fake, token, '/api/setthermmode', {}, { home_id: homeId, mode: 'hg', endtime: 1_767_273_000 }))).toEqual([200, 'ok']);
  expect(outcome(await openhabPost(fake, token, '/api/homestatus', {}, { home_id: homeId, device_types: ['NATherm1', 'NRV'] }))).toEqual([200, 'ok']);
  expect(outcome(await openhabPost(fake, token, '/api/getstationsdata', {}, { device_id: '12:34:56:37:11:ca' }))).toEqual([200, 'ok']);
  // The checks still apply to what is read.
  expect(outcome(await openhabPost(fake, token, '/api/setthermmode', {}, { home_id: homeId, mode: 'off' }))).toEqual([400, 21]);
  expect(outcome(await openhabPost(fake, token, '/api/setthermmode', {}, { home_id: homeId }))).toEqual([400, 10]);
  const merged = fake.requests[2]!;
  expect(merged.params).toEqual({ home_id: homeId, mode: 'away' });
});

test('setstate: a JSON body, or the home as JSON text in a form; a body that is not an object or not JSON is code 21', async () => {
  const { fake, token } = await setUp();
  const home = { id: homeId, modules: [{ id: '12:34:56:00:f1:62', monitoring: 'on' }] };
  expect(outcome(await pyatmoPost(fake, token, '/api/setstate', {}, { json: { home } }))).toEqual([200, 'ok']);
  expect(outcome(await pyatmoPost(fake, token, '/api/setstate', { home: JSON.stringify(home) }))).toEqual([200, 'ok']);
  expect(outcome(await pyatmoPost(fake, token, '/api/setstate', {}, { json: [home] }))).toEqual([400, 21]);
  const broken = await send(`${fake.url}/api/setstate`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"home":' });
  expect(outcome(broken)).toEqual([400, 21]);
  expect(outcome(await pyatmoPost(fake, token, '/api/setstate', {}, { json: {} }))).toEqual([400, 10]);
});

test('synchomeschedule takes any schedule type the home has; only setthermmode checks for therm, as Netatmo documents', async () => {
  const { fake, token } = await setUp();
  const zones = [{ id: 0, name: 'Comfort', type: 0, rooms: [{ id: '2746182631', therm_setpoint_temperature: 21 }] }, { id: 1, name: 'Night', type: 1, rooms: [{ id: '2746182631', therm_setpoint_temperature: 17 }] }];
  // Riges: everything in the JSON body, the timetable's zone under `id`.
  const riges = { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8', name: 'Week', hg_temp: 7, away_temp: 14, zones, timetable: [{ id: 1, m_offset: 0 }, { id: 0, m_offset: 420 }] };
  expect(outcome(await openhabPost(fake, token, '/api/synchomeschedule', {}, riges))).toEqual([200, 'ok']);
  // The home's cooling schedule, pyatmo's way (ids in the query).
  const cooling = { hg_temp: 7, away_temp: 14, zones, timetable: [{ zone_id: 1, m_offset: 0 }, { zone_id: 0, m_offset: 420 }] };
  expect(outcome(await pyatmoPost(fake, token, '/api/synchomeschedule', {}, { query: { home_id: homeId, schedule_id: '591b54a2764ff4d50d8b5795' }, json: cooling }))).toEqual([200, 'ok']);
  // An electricity schedule: tariff zones, no temperatures.
  const electricity = { zones: [{ id: 0, price: 0.27, price_type: 'peak' }, { id: 1, price: 0.2068, price_type: 'off_peak' }], timetable: [{ zone_id: 1, m_offset: 0 }, { zone_id: 0, m_offset: 360 }] };
  expect(outcome(await pyatmoPost(fake, token, '/api/synchomeschedule', {}, { query: { home_id: 'aaaaaaaaaaabbbbbbbbbbccc', schedule_id: '60ce3d057a24d640444c4f1c' }, json: electricity }))).toEqual([200, 'ok']);
  // Refused: a heating schedule without its temperatures, a timetable pointing nowhere, a schedule the home lacks.
  const { hg_temp: _dropped, ...noFrostGuard } = cooling;
  expect(outcome(await pyatmoPost(fake, token, '/api/synchomeschedule', {}, { query: { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8' }, json: noFrostGuard }))).toEqual([400, 10]);
  expect(outcome(await pyatmoPost(fake, token, '/api/synchomeschedule', {}, { query: { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8' }, json: { ...cooling, timetable: [{ zone_id: 9, m_offset: 0 }] } }))).toEqual([400, 21]);
  expect(outcome(await pyatmoPost(fake, token, '/api/synchomeschedule', {}, { query: { home_id: homeId, schedule_id: '60ce3d057a24d640444c4f1c' }, json: cooling }))).toEqual([400, 21]);
  // setthermmode with a non-therm schedule: Netatmo's documented error (home_status_error_invalid_schedule_id.json).
  const thermMode = await pyatmoPost(fake, token, '/api/setthermmode', { home_id: homeId, mode: 'schedule', schedule_id: '591b54a2764ff4d50d8b5795' });
  expect([thermMode.status, thermMode.body.error]).toEqual([400, { code: 21, message: 'schedule <591b54a2764ff4d50d8b5795> is not therm schedule' }]);
  // Switching to it is fine.
  expect(outcome(await pyatmoPost(fake, token, '/api/switchhomeschedule', { home_id: homeId, schedule_id: '591b54a2764ff4d50d8b5795' }))).toEqual([200, 'ok']);
});

test('dropwebhook with pyatmo\'s app_types, the PHP SDK\'s app_type, or nothing (openHAB)', async () => {
  const { fake, token } = await setUp();
  expect(outcome(await pyatmoPost(fake, token, '/api/dropwebhook', { app_types: 'app_security' }))).toEqual([200, 'ok']);
  expect(outcome(await pyatmoPost(fake, token, '/api/dropwebhook', { app_type: 'app_camera' }))).toEqual([200, 'ok']);
  expect(outcome(await openhabPost(fake, token, '/api/dropwebhook'))).toEqual([200, 'ok']);
});
