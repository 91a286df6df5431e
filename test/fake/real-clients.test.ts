import { describe, expect, test } from 'vitest';
import syncScheduleRequest from '../../src/testing/fixtures/pyatmo/sync_schedule_591b54a2764ff4d50d8b5795.json' with { type: 'json' };
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { openhabGet, openhabPost, pyatmoGetImage, pyatmoPost, urlsIn, type Answer } from './wire-clients.js';

// The fake as other clients see it: plain HTTP shaped as pyatmo (Home Assistant) and openHAB send
// it (REFERENCE §1.3, §2), no SDK involved.

const homeId = '91763b24c43d3e344f424e8b';
const roomId = '2746182631';
const now = Date.UTC(2026, 0, 1, 12, 7);

async function setUp(): Promise<{ fake: FakeNetatmo; token: string; answers: Answer[] }> {
  const fake = await fakeNetatmo({ now: () => now });
  return { fake, token: fake.issueTokens().accessToken, answers: [] };
}

/** Asserts a 200 with Netatmo's ok envelope, keeps the answer for the URL check, returns its body. */
function okBody(answers: Answer[], answer: Answer): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field
  expect({ status: answer.status, envelope: answer.body?.status, error: answer.body?.error }).toEqual({ status: 200, envelope: 'ok', error: undefined });
  answers.push(answer);
  return answer.body.body;
}

/** No answer holds an address off the fake: a client following any URL reaches the fake. */
function expectOnlyFakeUrls(fake: FakeNetatmo, answers: Answer[]): void {
  const urls = answers.flatMap((answer) => urlsIn(answer.body));
  expect(urls.filter((url) => !url.startsWith(`${fake.url}/`))).toEqual([]);
}

describe('pyatmo: every call its client makes behaves as against Netatmo', () => {
  test('topology, status, events, weather, air care, public data and energy history, all as form POSTs', async () => {
    const { fake, token, answers } = await setUp();
    const homes = okBody(answers, await pyatmoPost(fake, token, '/api/homesdata'));
    expect(homes.homes.map((home: { id: string }) => home.id)).toEqual([homeId, '91763b24c43d3e344f424e8c']);
    for (const home of homes.homes as { id: string }[]) okBody(answers, await pyatmoPost(fake, token, '/api/homestatus', { home_id: home.id }));
    expect(okBody(answers, await pyatmoPost(fake, token, '/api/getevents', { home_id: homeId })).home.events).toHaveLength(8);
    expect(okBody(answers, await pyatmoPost(fake, token, '/api/getstationsdata', { get_favorites: 'true' })).devices).toHaveLength(7);
    expect(okBody(answers, await pyatmoPost(fake, token, '/api/gethomecoachsdata')).devices).toHaveLength(5);
    // pyatmo sends `filtering`, not the documented `filter`: Netatmo ignores it.
    const area = { lat_ne: '52.52', lon_ne: '13.41', lat_sw: '52.50', lon_sw: '13.38', filtering: 'false' };
    expect(okBody(answers, await pyatmoPost(fake, token, '/api/getpublicdata', area))).toHaveLength(8);

    // EnergyHistoryMixin: one call per tariff type, device_id = the module's bridge, the last 7 days hourly.
    const window = { date_begin: String(now / 1000 - 7 * 86_400), date_end: String(now / 1000) };
    const energy = okBody(answers, await pyatmoPost(fake, token, '/api/getmeasure', {
      device_id: '12:34:56:80:60:40', module_id: '12:34:56:80:00:12:ac:f2', scale: '1hour', type: 'sum_energy_buy_from_grid$0', ...window,
    }));
    expect(energy).toHaveLength(1);
    expect(energy[0].step_time).toBe(3600);
    // Whole hours from 13:00 seven days ago (the first after date_begin) to 11:00 today (stamped 11:30, before 12:07).
    expect(energy[0].value).toHaveLength(167);
    expect(energy[0].beg_time).toBe(Number(window.date_begin) - 420 + 3600 + 1800);
    expect(energy[0].value.slice(0, 4)).toEqual([[235], [268], [494], [691]]); // Wh per hour
    // The legacy camera calls (camera.py) and the room history constant, as form POSTs too.
    expect(okBody(answers, await pyatmoPost(fake, token, '/api/gethomedata', { size: '30' })).homes).toHaveLength(3);
    expect(okBody(answers, await pyatmoPost(fake, token, '/api/geteventsuntil', { home_id: homeId, event_id: 'a1b2c3d4e5f6abcdef123461' })).events_list).toHaveLength(5);
    const roomWindow = { date_begin: String(now / 1000 - 86_400), date_end: String(now / 1000) };
    const room = okBody(answers, await pyatmoPost(fake, token, '/api/getroommeasure', { home_id: homeId, room_id: roomId, scale: '1hour', type: 'temperature,sp_temperature', ...roomWindow }));
    expect(room[0].value).toHaveLength(23); // 13:00 yesterday to 11:00 today, stamped mid-hour
    expect(fake.requests.map((record) => record.endpoint)).toEqual([
      'homesdata', 'homestatus', 'homestatus', 'getevents', 'getstationsdata', 'gethomecoachsdata', 'getpublicdata', 'getmeasure',
      'gethomedata', 'geteventsuntil', 'getroommeasure',
    ]);
    expectOnlyFakeUrls(fake, answers);
  });

  test('the camera: homestatus hands out vpn_urls on the fake; ping, ping the LAN address, snapshot, all with the bearer token', async () => {
    const { fake, token, answers } = await setUp();
    const status = okBody(answers, await pyatmoPost(fake, token, '/api/homestatus', { home_id: homeId }));
    const cameras = (status.home.modules as { id: string; type: string; vpn_url?: string; is_local?: boolean }[]).filter((module) => module.vpn_url !== undefined);
    expect(cameras.map((camera) => camera.type)).toEqual(['NACamera', 'NPC', 'NDB', 'NOC']);
    expect(new Set(cameras.map((camera) => camera.vpn_url)).size).toBe(4);
    const camera = cameras[0]!;
    expect(camera.vpn_url).toMatch(new RegExp(`^${fake.url}/camera/vpn/restricted/10\\.255\\.123\\.45/[0-9a-f]{32}/[\\w-]+,,$`));

    // CameraMixin.async_update_camera_urls: POST {vpn_url}/command/ping, then the local_url it names.
    const ping = await pyatmoPost(fake, token, `${camera.vpn_url!}/command/ping`);
    expect(ping.status).toBe(200);
    expect(ping.body).toEqual({ local_url: expect.stringMatching(new RegExp(`^${fake.url}/camera/local/[0-9a-f]{32}$`)), product_name: 'Welcome Netatmo' });
    const localUrl = ping.body.local_url as string;
    const again = await pyatmoPost(fake, token, `${localUrl}/command/ping`);
    expect(again.body).toEqual({ local_url: localUrl, product_name: 'Welcome Netatmo' });
    // Each camera has its own LAN address.
    const other = await pyatmoPost(fake, token, `${cameras[1]!.vpn_url!}/command/ping`);
    expect(other.body.local_url).not.toBe(localUrl);

    // async_get_live_snapshot: GET {local_url or vpn_url}/live/snapshot_720.jpg; pyatmo wants exactly image/jpeg.
    for (const base of [localUrl, camera.vpn_url!]) {
      const snapshot = await pyatmoGetImage(fake, token, `${base}/live/snapshot_720.jpg`);
      expect({ status: snapshot.status, contentType: snapshot.contentType, size: snapshot.bytes.length, jpeg: [...snapshot.bytes.slice(0, 3)] }).toEqual({
        status: 200, contentType: 'image/jpeg', size: 671, jpeg: [0xff, 0xd8, 0xff],
      });
    }
    const cameraCalls = fake.requests.filter((record) => record.endpoint.startsWith('camera/'));
    expect(cameraCalls.map((record) => record.endpoint)).toEqual(['camera/command/ping', 'camera/command/ping', 'camera/command/ping', 'camera/live/snapshot_720.jpg', 'camera/live/snapshot_720.jpg']);
    expect(cameraCalls.every((record) => record.accessToken === token)).toBe(true);
    expectOnlyFakeUrls(fake, [...answers, ping, again, other]);
  });

  test('writes: setstate (JSON), setthermmode, setroomthermpoint, switchhomeschedule, persons (form), synchomeschedule (query + JSON), webhooks', async () => {
    const { fake, token, answers } = await setUp();
    // home.py async_set_state: {"json": …} becomes a JSON body.
    okBody(answers, await pyatmoPost(fake, token, '/api/setstate', {}, { json: { home: { id: homeId, modules: [{ id: '12:34:56:10:b9:0e', floodlight: 'auto' }] } } }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setstate', {}, { json: { home: { id: homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_temperature: 21, therm_setpoint_end_time: 1_767_273_000 }] } } }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setthermmode', { home_id: homeId, mode: 'away', endtime: '1767273000' }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setthermmode', { home_id: homeId, mode: 'schedule', schedule_id: 'b1b54a2f45795764f59d50d8' }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setroomthermpoint', { home_id: homeId, room_id: roomId, mode: 'manual', temp: '21.5', endtime: '1767273000' }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setroomthermpoint', { home_id: homeId, room_id: roomId, mode: 'home' }));
    okBody(answers, await pyatmoPost(fake, token, '/api/switchhomeschedule', { home_id: homeId, schedule_id: '591b54a2764ff4d50d8b5795' }));
    // person_ids[] repeated, as aiohttp encodes a list; and with no ids (everyone home).
    okBody(answers, await pyatmoPost(fake, token, '/api/setpersonshome', { home_id: homeId, 'person_ids[]': ['91827374-7e04-5298-83ad-a0cb8372dff1', '91827375-7e04-5298-83ae-a0cb8372dff2'] }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setpersonshome', { home_id: homeId }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setpersonsaway', { home_id: homeId, person_id: '91827374-7e04-5298-83ad-a0cb8372dff1' }));
    okBody(answers, await pyatmoPost(fake, token, '/api/setpersonsaway', { home_id: homeId }));
    // home.py async_sync_schedule, with pyatmo's own captured request body, on the home's cooling schedule.
    okBody(answers, await pyatmoPost(fake, token, '/api/synchomeschedule', {}, { query: { home_id: homeId, schedule_id: '591b54a2764ff4d50d8b5795', name: 'Default' }, json: syncScheduleRequest }));
    okBody(answers, await pyatmoPost(fake, token, '/api/addwebhook', { url: 'https://example.com/netatmo-hook' }));
    okBody(answers, await pyatmoPost(fake, token, '/api/dropwebhook', { app_types: 'app_security' }));
    expect(fake.count()).toBe(14);
    const personsHome = fake.requests.find((record) => record.endpoint === 'setpersonshome')!;
    expect(personsHome.params).toEqual({ home_id: homeId, 'person_ids[]': '91827375-7e04-5298-83ae-a0cb8372dff2' });
  });

  test('a legacy camera picture: getcamerapicture as a GET with a form body', async () => {
    const { fake, token } = await setUp();
    const picture = await pyatmoGetImage(fake, token, '/api/getcamerapicture', { image_id: 'd74fad765b9100ef480720a9', key: 'a4a95c24b808a89f8d1730fb69ecdf2bb8b72039d2c69928b029d67fc40cb2d7' });
    expect({ status: picture.status, contentType: picture.contentType, size: picture.bytes.length }).toEqual({ status: 200, contentType: 'image/jpeg', size: 671 });
  });
});

describe('openHAB: reads as GET with a query string, writes as query-string POSTs or JSON payloads', () => {
  test('homes, status, stations, air care and events, filtered as openHAB filters them', async () => {
    const { fake, token, answers } = await setUp();
    const homes = okBody(answers, await openhabGet(fake, token, '/api/homesdata', { home_id: homeId, gateway_types: 'NACamera' }));
    expect(homes.homes).toHaveLength(1);
    okBody(answers, await openhabGet(fake, token, '/api/homestatus', { home_id: homeId }));
    expect(okBody(answers, await openhabGet(fake, token, '/api/getstationsdata', { device_id: '12:34:56:37:11:ca', get_favorites: 'true' })).devices).toHaveLength(1);
    expect(okBody(answers, await openhabGet(fake, token, '/api/gethomecoachsdata', { device_id: '12:34:56:26:69:0c' })).devices).toHaveLength(1);
    okBody(answers, await openhabGet(fake, token, '/api/getevents', { home_id: homeId }));
    okBody(answers, await openhabGet(fake, token, '/api/getevents', { home_id: homeId, person_id: '91827374-7e04-5298-83ad-a0cb8372dff1', offset: '1' }));
    okBody(answers, await openhabGet(fake, token, '/api/getevents', { home_id: homeId, device_id: '12:34:56:10:b9:0e', device_types: 'NOC' }));
    expect(fake.count()).toBe(7);
    expectOnlyFakeUrls(fake, answers);
  });

  test('getmeasure the openHAB way: lower-case types, date_end=last, real_time=true, one exact value', async () => {
    const { fake, token, answers } = await setUp();
    const query = { device_id: '12:34:56:37:11:ca', real_time: 'true', date_end: 'last', optimize: 'true', module_id: '12:34:56:36:fc:de' };
    const latest = okBody(answers, await openhabGet(fake, token, '/api/getmeasure', { ...query, type: 'temperature', scale: 'max' }));
    // The latest 5-minute measure before 12:07 UTC on a January day, outdoors: one point, no step_time.
    expect(latest).toEqual([{ beg_time: now / 1000 - 420 + 300, value: [[5.5]] }]);
    const again = okBody(answers, await openhabGet(fake, token, '/api/getmeasure', { ...query, type: 'temperature', scale: 'max' }));
    expect(again).toEqual(latest);
    const dailyMax = okBody(answers, await openhabGet(fake, token, '/api/getmeasure', { ...query, type: 'max_temp', scale: '1day' }));
    // real_time=true: the day is stamped at its start; the current day counts.
    expect(dailyMax).toEqual([{ beg_time: Date.UTC(2026, 0, 1) / 1000, value: [[6.9]] }]);
    const when = okBody(answers, await openhabGet(fake, token, '/api/getmeasure', { ...query, type: 'date_max_temp', scale: '1day' }));
    // The warmest 5-minute measure of the day: 15:10 UTC.
    expect(when).toEqual([{ beg_time: Date.UTC(2026, 0, 1) / 1000, value: [[Date.UTC(2026, 0, 1, 15, 10) / 1000]] }]);
  });

  test('writes: energy writes on the query string with an empty body, persons and setstate as JSON, webhooks', async () => {
    const { fake, token, answers } = await setUp();
    okBody(answers, await openhabPost(fake, token, '/api/setthermmode', { home_id: homeId, mode: 'hg' }));
    okBody(answers, await openhabPost(fake, token, '/api/setroomthermpoint', { home_id: homeId, room_id: roomId, mode: 'manual', endtime: '1767273000', temp: '21.5' }));
    okBody(answers, await openhabPost(fake, token, '/api/setroomthermpoint', { home_id: homeId, room_id: roomId, mode: 'home' }));
    // openHAB posts home_id + schedule_id to the legacy path.
    okBody(answers, await openhabPost(fake, token, '/api/switchschedule', { home_id: homeId, schedule_id: 'b1b54a2f45795764f59d50d8' }));
    okBody(answers, await openhabPost(fake, token, '/api/setpersonsaway', {}, { home_id: homeId, person_id: '91827374-7e04-5298-83ad-a0cb8372dff1' }));
    okBody(answers, await openhabPost(fake, token, '/api/setpersonshome', {}, { home_id: homeId, person_ids: ['91827374-7e04-5298-83ad-a0cb8372dff1'] }));
    okBody(answers, await openhabPost(fake, token, '/api/setstate', {}, { home: { id: homeId, modules: [{ id: '12:34:56:10:b9:0e', floodlight: 'on' }] } }));
    okBody(answers, await openhabPost(fake, token, '/api/setstate', {}, { home: { id: homeId, modules: [{ id: '12:34:56:10:b9:0e', siren_status: 'sound' }] } }));
    okBody(answers, await openhabPost(fake, token, '/api/addwebhook', { url: 'https://openhab.example/netatmo/webhook' }));
    okBody(answers, await openhabPost(fake, token, '/api/dropwebhook'));
    expect(fake.count()).toBe(10);
    expect(fake.requests.filter((record) => record.json !== undefined).map((record) => record.endpoint)).toEqual(['setpersonsaway', 'setpersonshome', 'setstate', 'setstate']);
  });

  test('the camera ping as a GET on the vpn_url', async () => {
    const { fake, token } = await setUp();
    const status = await openhabGet(fake, token, '/api/homestatus', { home_id: homeId });
    const vpnUrl = (status.body.body.home.modules as { vpn_url?: string }[]).find((module) => module.vpn_url)!.vpn_url!;
    const ping = await openhabGet(fake, token, `${vpnUrl}/command/ping`);
    expect({ status: ping.status, product: ping.body.product_name, local: (ping.body.local_url as string).startsWith(`${fake.url}/camera/local/`) }).toEqual({ status: 200, product: 'Welcome Netatmo', local: true });
  });
});
