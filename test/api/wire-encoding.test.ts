import { describe, expect, test } from 'vitest';
import { NetatmoApiError, type NetatmoClient } from '../../src/index.js';
import { SERIES_START } from '../../src/testing/routes/measure-series.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  body: string;
}

/** The real fetch, with a note of what went on the wire (nothing is faked). */
function recordingFetch(): { fetch: typeof globalThis.fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    sent.push({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers.get('content-type'),
      body: await request.clone().text(),
    });
    return globalThis.fetch(request);
  };
  return { fetch, sent };
}

const homeId = '91763b24c43d3e344f424e8b';
const roomId = '2746182631';
const deviceId = '12:34:56:37:11:ca';
const form = 'application/x-www-form-urlencoded;charset=UTF-8';

interface Row {
  name: string;
  call: (client: NetatmoClient) => Promise<unknown>;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

const rows: Row[] = [
  { name: 'getStationsData', call: (c) => c.station.getStationsData({ deviceId, getFavorites: true }), method: 'GET', path: '/api/getstationsdata', query: { device_id: deviceId, get_favorites: 'true' } },
  {
    name: 'getMeasure',
    call: (c) => c.station.getMeasure({ deviceId, moduleId: '12:34:56:36:fc:de', scale: '30min', types: ['Temperature', 'Humidity'], dateBegin: new Date(SERIES_START * 1000), dateEnd: SERIES_START + 3600, limit: 10, optimize: false, realTime: true }),
    method: 'GET',
    path: '/api/getmeasure',
    query: { device_id: deviceId, module_id: '12:34:56:36:fc:de', scale: '30min', type: 'Temperature,Humidity', date_begin: String(SERIES_START), date_end: String(SERIES_START + 3600), limit: '10', optimize: 'false', real_time: 'true' },
  },
  {
    name: 'getPublicData',
    call: (c) => c.station.getPublicData({ latNe: 50.3, lonNe: 8.9, latSw: 50.1, lonSw: 8.7, requiredData: 'rain', filter: false }),
    method: 'GET',
    path: '/api/getpublicdata',
    query: { lat_ne: '50.3', lon_ne: '8.9', lat_sw: '50.1', lon_sw: '8.7', required_data: 'rain', filter: 'false' },
  },
  { name: 'getHomeCoachsData', call: (c) => c.homecoach.getHomeCoachsData({ deviceId: '12:34:56:26:69:0c' }), method: 'GET', path: '/api/gethomecoachsdata', query: { device_id: '12:34:56:26:69:0c' } },
  { name: 'thermostat.getHomesData', call: (c) => c.thermostat.getHomesData({ homeId, gatewayTypes: ['NAPlug', 'NACamera'] }), method: 'GET', path: '/api/homesdata', query: { home_id: homeId, gateway_types: 'NAPlug,NACamera' } },
  { name: 'camera.getHomeStatus', call: (c) => c.camera.getHomeStatus({ homeId, deviceTypes: ['NACamera', 'NOC'] }), method: 'GET', path: '/api/homestatus', query: { home_id: homeId, device_types: 'NACamera,NOC' } },
  {
    name: 'setState',
    call: (c) => c.thermostat.setState({ homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_temperature: 21 }] }),
    method: 'POST',
    path: '/api/setstate',
    json: { home: { id: homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_temperature: 21 }] } },
  },
  {
    name: 'setThermMode',
    call: (c) => c.thermostat.setThermMode({ homeId, mode: 'away', endtime: new Date(1_900_000_000_000) }),
    method: 'POST',
    path: '/api/setthermmode',
    form: { home_id: homeId, mode: 'away', endtime: '1900000000' },
  },
  {
    name: 'setRoomThermpoint',
    call: (c) => c.thermostat.setRoomThermpoint({ homeId, roomId, mode: 'manual', temp: 21.5, endtime: 1_900_000_000 }),
    method: 'POST',
    path: '/api/setroomthermpoint',
    form: { home_id: homeId, room_id: roomId, mode: 'manual', temp: '21.5', endtime: '1900000000' },
  },
  { name: 'switchHomeSchedule', call: (c) => c.thermostat.switchHomeSchedule({ homeId, scheduleId: 'b1b54a2f45795764f59d50d8' }), method: 'POST', path: '/api/switchhomeschedule', form: { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8' } },
  {
    name: 'renameHomeSchedule',
    call: (c) => c.thermostat.renameHomeSchedule({ homeId, scheduleId: 'b1b54a2f45795764f59d50d8', name: 'Winter' }),
    method: 'POST',
    path: '/api/renamehomeschedule',
    form: { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8', name: 'Winter' },
  },
  { name: 'deleteHomeSchedule', call: (c) => c.thermostat.deleteHomeSchedule({ homeId, scheduleId: 'b1b54a2f45795764f59d50d8' }), method: 'POST', path: '/api/deletehomeschedule', form: { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8' } },
  {
    name: 'syncHomeSchedule',
    call: (c) => c.thermostat.syncHomeSchedule({ homeId, scheduleId: 'b1b54a2f45795764f59d50d8', hgTemp: 7, awayTemp: 14, zones: [{ id: 0, type: 0, rooms: [{ id: roomId, thermSetpointTemperature: 20 }] }], timetable: [{ zoneId: 0, mOffset: 0 }] }),
    method: 'POST',
    path: '/api/synchomeschedule',
    query: { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8' },
    json: { hg_temp: 7, away_temp: 14, zones: [{ id: 0, type: 0, rooms: [{ id: roomId, therm_setpoint_temperature: 20 }] }], timetable: [{ zone_id: 0, m_offset: 0 }] },
  },
  {
    name: 'createHomeSchedule',
    call: (c) => c.thermostat.createHomeSchedule({ homeId, name: 'New', hgTemp: 7, awayTemp: 14, zones: [{ id: 0, name: 'Day', type: 0, rooms: [{ id: roomId, thermSetpointTemperature: 20 }] }], timetable: [{ zoneId: 0, mOffset: 0 }] }),
    method: 'POST',
    path: '/api/createnewhomeschedule',
    json: { home_id: homeId, name: 'New', hg_temp: 7, away_temp: 14, zones: [{ id: 0, name: 'Day', type: 0, rooms: [{ id: roomId, therm_setpoint_temperature: 20 }] }], timetable: [{ zone_id: 0, m_offset: 0 }] },
  },
  {
    name: 'getRoomMeasure',
    call: (c) => c.thermostat.getRoomMeasure({ homeId, roomId, scale: '1hour', types: ['temperature', 'sp_temperature'], dateBegin: SERIES_START, limit: 5 }),
    method: 'GET',
    path: '/api/getroommeasure',
    query: { home_id: homeId, room_id: roomId, scale: '1hour', type: 'temperature,sp_temperature', date_begin: String(SERIES_START), limit: '5' },
  },
  {
    name: 'thermostat.getMeasure',
    call: (c) => c.thermostat.getMeasure({ deviceId: '12:34:56:00:fa:d0', moduleId: '12:34:56:00:01:ae', scale: 'max', types: ['Temperature', 'Sp_Temperature'], limit: 3 }),
    method: 'GET',
    path: '/api/getmeasure',
    query: { device_id: '12:34:56:00:fa:d0', module_id: '12:34:56:00:01:ae', scale: 'max', type: 'Temperature,Sp_Temperature', limit: '3' },
  },
  { name: 'getEvents', call: (c) => c.camera.getEvents({ homeId, size: 5 }), method: 'GET', path: '/api/getevents', query: { home_id: homeId, size: '5' } },
  { name: 'setPersonsAway', call: (c) => c.camera.setPersonsAway({ homeId, personId: 'p1' }), method: 'POST', path: '/api/setpersonsaway', form: { home_id: homeId, person_id: 'p1' } },
  { name: 'setPersonsHome', call: (c) => c.camera.setPersonsHome({ homeId, personIds: ['p1', 'p2'] }), method: 'POST', path: '/api/setpersonshome', json: { home_id: homeId, person_ids: ['p1', 'p2'] } },
  {
    name: 'getCameraPicture',
    call: (c) => c.camera.getCameraPicture({ imageId: 'd74fad765b9100ef480720a9', key: 'a4a95c24b808a89f8d1730fb69ecdf2bb8b72039d2c69928b029d67fc40cb2d7' }),
    method: 'GET',
    path: '/api/getcamerapicture',
    query: { image_id: 'd74fad765b9100ef480720a9', key: 'a4a95c24b808a89f8d1730fb69ecdf2bb8b72039d2c69928b029d67fc40cb2d7' },
  },
  { name: 'addWebhook', call: (c) => c.camera.addWebhook({ url: 'https://example.com/hook' }), method: 'POST', path: '/api/addwebhook', form: { url: 'https://example.com/hook' } },
  { name: 'dropWebhook', call: (c) => c.camera.dropWebhook(), method: 'POST', path: '/api/dropwebhook', form: { app_types: 'app_security' } },
  { name: 'getHomeData', call: (c) => c.camera.getHomeData({ homeId, size: 10 }), method: 'GET', path: '/api/gethomedata', query: { home_id: homeId, size: '10' } },
  { name: 'getEventsUntil', call: (c) => c.camera.getEventsUntil({ homeId, eventId: 'a1b2c3d4e5f6abcdef123461' }), method: 'GET', path: '/api/geteventsuntil', query: { home_id: homeId, event_id: 'a1b2c3d4e5f6abcdef123461' } },
  {
    name: 'getLastEventOf',
    call: (c) => c.camera.getLastEventOf({ homeId, personId: '91827374-7e04-5298-83ad-a0cb8372dff1', offset: 3 }),
    method: 'GET',
    path: '/api/getlasteventof',
    query: { home_id: homeId, person_id: '91827374-7e04-5298-83ad-a0cb8372dff1', offset: '3' },
  },
  { name: 'getNextEvents', call: (c) => c.camera.getNextEvents({ homeId, eventId: 'a1b2c3d4e5f6abcdef123461', size: 2 }), method: 'GET', path: '/api/getnextevents', query: { home_id: homeId, event_id: 'a1b2c3d4e5f6abcdef123461', size: '2' } },
];

describe('each method goes on the wire as Netatmo wants it, and the strict fake accepts it', () => {
  test.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const fake = await fakeNetatmo();
    const { fetch, sent } = recordingFetch();
    const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0, fetch });
    await row.call(client);
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(request.method).toBe(row.method);
    expect(request.path).toBe(row.path);
    expect(request.query).toEqual(row.query ?? {});
    if (row.form) {
      expect(request.contentType).toBe(form);
      expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual(row.form);
    } else if (row.json !== undefined) {
      expect(request.contentType).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual(row.json);
    } else {
      expect(request.body).toBe('');
    }
  });
});

describe('the fake is as strict as Netatmo, so a wrong wire name or encoding fails', () => {
  async function rawClient(scope?: string[]) {
    const fake = await fakeNetatmo();
    const client = clientFor(fake, { tokenStore: scope ? storeWithTokens(fake, fake.issueTokens(scope)) : storeWithTokens(fake), retry: 0 });
    return { fake, client };
  }
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as NetatmoApiError);

  test('a missing required parameter is 400 code 10 "Missing <name>"', async () => {
    const { client } = await rawClient();
    const error = await failure(client.request('homestatus', { homeid: homeId }));
    expect(error).toMatchObject({ status: 400, code: 10, message: expect.stringContaining('Missing home_id') });
    expect(await failure(client.request('setroomthermpoint', { home_id: homeId, room_id: roomId, mode: 'manual' }, { method: 'POST' }))).toMatchObject({ code: 10, message: expect.stringContaining('Missing temp') });
  });

  test('an invalid value is 400 code 21', async () => {
    const { client } = await rawClient();
    expect(await failure(client.request('getmeasure', { device_id: deviceId, scale: 'max', type: 'wind' }))).toMatchObject({ status: 400, code: 21 });
    expect(await failure(client.request('getstationsdata', { get_favorites: '1' }))).toMatchObject({ status: 400, code: 21 });
    expect(await failure(client.request('setthermmode', { home_id: homeId, mode: 'off' }, { method: 'POST' }))).toMatchObject({ code: 21, message: expect.stringContaining('mode not authorized') });
    expect(await failure(client.request('getmeasure', { device_id: deviceId, scale: 'max', type: 'Temperature', date_begin: '2026-01-01' }))).toMatchObject({ code: 21 });
  });

  test('like Netatmo, it reads a form, a query string or a JSON body alike (REFERENCE §1.3), and still checks what it reads', async () => {
    const { fake, client } = await rawClient();
    // Netatmo's PHP SDK sends nested values as JSON text in a form: read, and an empty home has nothing to set.
    expect(await failure(client.request('setstate', { home: JSON.stringify({ id: homeId }) }, { method: 'POST' }))).toMatchObject({ status: 400, code: 21, message: expect.stringContaining('Nothing to set') });
    await client.request('setthermmode', { home_id: homeId, mode: 'away' }, { method: 'POST', encoding: 'json' });
    expect(await failure(client.request('setthermmode', { home_id: homeId, mode: 'off' }, { method: 'POST', encoding: 'json' }))).toMatchObject({ status: 400, code: 21, message: expect.stringContaining('mode not authorized') });
    expect(fake.count('setthermmode')).toBe(2);
  });

  test('a write sent as GET is refused', async () => {
    const { client } = await rawClient();
    expect(await failure(client.request('setthermmode', { home_id: homeId, mode: 'away' }))).toBeInstanceOf(NetatmoApiError);
  });

  test('scopes are checked per endpoint: a read_homecoach token cannot read thermostats (403 code 13)', async () => {
    const { fake, client } = await rawClient(['read_homecoach']);
    expect(await failure(client.thermostat.getHomeStatus({ homeId }))).toMatchObject({ status: 403, code: 13 });
    expect(await failure(client.thermostat.setThermMode({ homeId, mode: 'away' }))).toMatchObject({ status: 403, code: 13 });
    await client.homecoach.getHomeCoachsData();
    expect(fake.count('oauth2/token')).toBe(0);
  });
});
