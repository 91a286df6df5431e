import { expect, test } from 'vitest';
import { run as cameraEvents } from '../examples/camera-events.js';
import { run as historyExport } from '../examples/history-export.js';
import { run as homecoachAirQuality } from '../examples/homecoach-air-quality.js';
import { run as stationReadings } from '../examples/station-readings.js';
import { run as thermostatSetpoint } from '../examples/thermostat-setpoint.js';
import { SERIES_START } from '../src/testing/routes/measure-series.js';
import { clientFor, fakeNetatmo, storeWithTokens } from './helpers/setup.js';

async function setUp() {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const lines: string[] = [];
  return { fake, client, lines, log: (line: string) => void lines.push(line) };
}

test('station-readings logs every station and module, and says which are unreachable', async () => {
  const { fake, client, lines, log } = await setUp();
  await stationReadings(client, log);
  expect(lines).toHaveLength(24);
  expect(lines.slice(0, 6)).toEqual([
    'MyStation / NetatmoIndoor: 24.6 °C, 36 %, 749 ppm CO2, 37 dB, 1017.3 mbar',
    '  NetatmoOutdoor (NAModule1): 28.6 °C, 24 %',
    '  Kitchen (NAModule4): 28 °C, 26 %, 503 ppm CO2',
    '  Livingroom (NAModule4): 26.4 °C, 31 %, 451 ppm CO2',
    '  Garden (NAModule2): wind 4 km/h (gusts 9)',
    '  Yard (NAModule3): rain 0 mm (24 h: 0 mm)',
  ]);
  expect(lines).toContain('  Module (NAModule1): no data (unreachable)');
  expect(fake.count('getstationsdata')).toBe(1);
});

test('history-export writes a CSV of 3000 points fetched in 3 pages by iterateMeasures', async () => {
  const { fake, client, lines, log } = await setUp();
  await historyExport(client, log, { from: new Date(SERIES_START * 1000), to: new Date((SERIES_START + 2999 * 300) * 1000) });
  expect(lines[0]).toBe('time,temperature_c,humidity_pct');
  expect(lines).toHaveLength(3002);
  expect(lines[1]).toBe('2024-01-01T00:00:00.000Z,-1.8,85');
  expect(lines[3000]).toMatch(/^2024-01-11T09:55:00\.000Z,-?[\d.]+,\d+$/);
  expect(lines.at(-1)).toBe('# 3000 points from 12:34:56:37:11:ca / 12:34:56:36:fc:de');
  expect(fake.count('getmeasure')).toBe(3);
});

test('thermostat-setpoint boosts a room to 21 °C, then returns it to the schedule', async () => {
  const { fake, client, lines, log } = await setUp();
  await thermostatSetpoint(client, log);
  expect(lines[0]).toBe('Livingroom: 19.8 °C measured, set point 12 °C (away)');
  expect(lines[1]).toMatch(/^Livingroom: 21 °C until \d\d:\d\d UTC$/);
  expect(lines[2]).toBe('Livingroom: back to the schedule');
  const writes = fake.requests.filter((record) => record.endpoint === 'setroomthermpoint').map((record) => record.params);
  expect(writes).toEqual([
    { home_id: '91763b24c43d3e344f424e8b', room_id: '2746182631', mode: 'manual', temp: '21', endtime: expect.stringMatching(/^\d{10}$/) },
    { home_id: '91763b24c43d3e344f424e8b', room_id: '2746182631', mode: 'home' },
  ]);
});

test('camera-events lists the recent events of each home with a camera', async () => {
  const { client, lines, log } = await setUp();
  await cameraEvents(client, log);
  expect(lines).toEqual([
    'MYHOME: 8 recent events',
    '  2022-02-25T13:11:49.000Z outdoor [human+vehicle+human+human]',
    '  2022-02-25T10:26:39.000Z connection: Front verbunden',
    '  2022-02-25T10:26:15.000Z boot: Front gestartet',
    '  2022-02-25T07:23:26.000Z disconnection: Front getrennt',
    '  2022-02-24T14:27:06.000Z outdoor [human]',
    '  2022-02-26T19:00:00.000Z person_home: Home Assistant Cloud definiert John Doe und Jane Doe als "Zu Hause"',
    '  2022-02-26T18:47:46.000Z person: John Doe gesehen',
    '  2022-02-26T17:47:18.000Z tag_open: Window Hall: immer noch offen',
  ]);
});

test('homecoach-air-quality reports the health index, and Home Coaches without a reading', async () => {
  const { client, lines, log } = await setUp();
  await homecoachAirQuality(client, log);
  expect(lines).toEqual([
    'Bedroom: no reading (unreachable)',
    'Kitchen: no reading (reachable, no data yet)',
    'Livingroom: no reading (reachable, no data yet)',
    'Parents Bedroom: fine (CO2 494 ppm, humidity 63 %, noise 42 dB, 20.3 °C)',
    'Baby Bedroom: fine (CO2 1053 ppm, humidity 66 %, noise 45 dB, 21.6 °C)',
  ]);
});

test('custom-token-store keeps rotated tokens in a key-value backend', async () => {
  const { KeyValueTokenStore, memoryKeyValue, run } = await import('../examples/custom-token-store.js');
  const fake = await fakeNetatmo();
  const kv = memoryKeyValue();
  const store = new KeyValueTokenStore(kv);
  await store.save(fake.issueTokens());
  const client = clientFor(fake, { tokenStore: store });
  const lines: string[] = [];

  await run(client, (line) => void lines.push(line));

  const saved = JSON.parse(kv.data.get('netatmo-tokens')!) as { refreshToken: string };
  expect(fake.liveRefreshTokens()).toEqual([saved.refreshToken]);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^refresh token rotated \(was [0-9a-f]{8}\) and saved to the store$/);
  expect(lines[1]).toMatch(/^7 stations; token valid, refresh token [0-9a-f]{8}$/);
});

test('error-handling turns each failure into a line a person can act on', async () => {
  const { run } = await import('../examples/error-handling.js');
  const { fake, client, lines, log } = await setUp();

  await run(client, log, fake);

  expect(lines).toEqual([
    'missing scope: the token lacks a scope: log in with it',
    'rate limited: slow down, retry in 120 s',
    'unknown station: Netatmo said no (HTTP 400, code 21)',
    'dead refresh token: log in again (netatmo-connect login): Netatmo rejected the refresh token (invalid_grant): it was used already, revoked, or replaced by a newer one that was not saved. Run `netatmo-connect login` (or call client.tokens.setTokens()) to authorize again.',
  ]);
});

test('webhook-receiver registers itself, then turns each signed call into a line; a forged one is refused', async () => {
  const { startReceiver } = await import('../examples/webhook-receiver.js');
  const { payloads } = await import('./webhooks/webhook-payloads.js');
  const { fake, client, lines, log } = await setUp();
  const receiver = await startReceiver(client, { clientSecret: fake.clientSecret, port: 0, log });
  await fake.webhooksIdle();
  for (const payload of [payloads.person, payloads.doorbell, payloads.smoke, payloads.setpoint, payloads.unknown]) await fake.deliverWebhook(payload);
  await fake.deliverWebhook(payloads.person, { signature: '0'.repeat(64) });
  await receiver.close();
  expect(fake.webhookUrls()).toEqual([]);
  expect(lines).toEqual([
    'webhook active',
    'MYHOME: 91827374-7e04-5298-83ad-a0cb8372dff1 seen',
    'MYHOME: doorbell incoming call',
    'MYHOME: SMOKE ALARM smoke (1)',
    '91763b24c43d3e344f424e8b: room 2746182631 set point home 0',
    '91763b24c43d3e344f424e8b: NLJ-garage_door_opened (not known to this version)',
    'refused a call (HTTP 403): X-Netatmo-Secret does not match the body: wrong client secret, or not from Netatmo',
  ]);
});

test('watch-stations logs each upload’s temperatures, one poll per upload', async () => {
  const { run } = await import('../examples/watch-stations.js');
  const { createVirtualClock } = await import('../src/testing/index.js');
  const clock = createVirtualClock();
  const fake = await fakeNetatmo({ now: clock.now });
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), now: clock.now });
  const lines: string[] = [];
  fake.uploadReadingsEvery(600_000);
  await run(client, (line) => void lines.push(line), { clock, updates: 4 });
  const headers = lines.filter((line) => !line.startsWith('  '));
  expect(headers).toHaveLength(4);
  expect(headers[0]).toMatch(/^23 changed, newest reading 2022-04-05T/);
  expect(headers.slice(1)).toEqual(['2026-01-01T00:10:00.000Z', '2026-01-01T00:20:00.000Z', '2026-01-01T00:30:00.000Z'].map((time) => `21 changed, newest reading ${time}`));
  expect(lines).toContain('  NetatmoIndoor: 24.7 °C');
  expect(fake.readingUploads()).toBe(3);
  // The first poll, 3 quick retries while the captured readings are stale, then one poll per upload.
  expect(fake.count('getstationsdata')).toBe(1 + 3 + 3);
});
