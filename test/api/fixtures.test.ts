import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { NetatmoApiError, type NetatmoClient } from '../../src/index.js';
import { fixture, ok, type FakeResponse } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const fixturesDir = fileURLToPath(new URL('../../src/testing/fixtures/', import.meta.url));
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Record<string, unknown>;
const bodyOf = (file: string): unknown => read(file)['body'];

/** Serves a captured file as Netatmo sent it: its envelope, or its error with a 4xx status. */
function served(file: string, errorStatus = 400): FakeResponse {
  const captured = read(file);
  if (captured['error'] !== undefined) return { status: errorStatus, body: captured };
  if (captured['status'] === 'ok') return fixture(captured, Date.now());
  return ok(captured['body'], Date.now()); // homesdata_empty.json holds a bare { body }
}

interface Row {
  file: string;
  endpoint: string;
  call: (client: NetatmoClient) => Promise<unknown>;
  /** What the result must deep-equal; the whole captured body by default (nothing stripped, nothing coerced). */
  expected?: (file: string) => unknown;
  actual?: (result: unknown) => unknown;
}

const homeId = '91763b24c43d3e344f424e8b';
const stations = (client: NetatmoClient) => client.station.getStationsData();
const coaches = (client: NetatmoClient) => client.homecoach.getHomeCoachsData();
const publicData = (client: NetatmoClient) => client.station.getPublicData({ latNe: 50.3, lonNe: 8.9, latSw: 50.1, lonSw: 8.7 });
const thermostatHomes = (client: NetatmoClient) => client.thermostat.getHomesData();
const cameraHomes = (client: NetatmoClient) => client.camera.getHomesData();
const homeStatus = (client: NetatmoClient) => client.thermostat.getHomeStatus({ homeId });
const legacyHomeData = (client: NetatmoClient) => client.camera.getHomeData();

/** Decoded measures must hold every captured value at its time: beg_time + i × step_time. */
function expectedPoints(file: string): unknown {
  const runs = bodyOf(file) as { beg_time: number; step_time?: number; value: (number | null)[][] }[];
  return runs.flatMap((run) => run.value.map((row, index) => ({ time: (run.beg_time + index * (run.step_time ?? 0)) * 1000, row })));
}
const energyTypes = ['sum_energy_buy_from_grid', 'sum_energy_buy_from_grid$0', 'sum_energy_buy_from_grid$1', 'sum_energy_buy_from_grid$2'] as const;
const pointsAsRows = (types: readonly string[]) => (result: unknown) =>
  (result as { points: { time: Date; values: Record<string, number | null> }[] }).points.map((point) => ({
    time: point.time.getTime(),
    row: types.map((type) => point.values[type]),
  }));

const answers: Row[] = [
  ...['pyatmo/getstationsdata.json', 'pyatmo/archive/weatherstation_data_simple.json', 'pyatmo/archive/weatherstation_data_unreachable_station.json', 'Riges-Netatmo/getstationsdata.json'].map(
    (file): Row => ({ file, endpoint: 'getstationsdata', call: stations }),
  ),
  ...['pyatmo/getpublicdata.json', 'pyatmo/archive/public_data_simple.json'].map((file): Row => ({ file, endpoint: 'getpublicdata', call: publicData })),
  ...['pyatmo/gethomecoachsdata.json', 'pyatmo/archive/home_coach_simple.json', 'pyatmo/archive/home_coach_no_devices.json', 'Riges-Netatmo/gethomecoachsdata.json'].map(
    (file): Row => ({ file, endpoint: 'gethomecoachsdata', call: coaches }),
  ),
  ...[
    'pyatmo/homesdata.json', 'pyatmo/homesdata_multi.json', 'pyatmo/homesdata_emtpy_home.json', 'pyatmo/homesdata_empty.json', 'Riges-Netatmo/homesdata.json',
    'pyatmo/archive/home_data_simple.json', 'pyatmo/archive/home_data_nohomename.json', 'pyatmo/archive/home_data_no_devices.json',
    'pyatmo/archive/home_data_no_homes.json', 'pyatmo/archive/home_data_empty.json',
  ].flatMap((file): Row[] => [
    { file, endpoint: 'homesdata', call: thermostatHomes },
    { file, endpoint: 'homesdata', call: cameraHomes },
  ]),
  ...[
    'pyatmo/homestatus_91763b24c43d3e344f424e8b.json', 'pyatmo/homestatus_91763b24c43d3e344f424e8c.json', 'pyatmo/home_status_simple.json',
    'pyatmo/home_status_error_disconnected.json', 'pyatmo/home_multi_status_error_disconnected.json', 'Riges-Netatmo/homestatus.json',
    'pyatmo/archive/home_status_error_and_data.json', 'pyatmo/archive/home_status_empty.json',
  ].map((file): Row => ({ file, endpoint: 'homestatus', call: homeStatus })),
  { file: 'pyatmo/status_ok.json', endpoint: 'setthermmode', call: (client) => client.thermostat.setThermMode({ homeId, mode: 'away' }) },
  { file: 'pyatmo/archive/camera_set_state_ok.json', endpoint: 'setstate', call: (client) => client.camera.setState({ homeId, modules: [{ id: '12:34:56:00:f1:62', monitoring: 'on' }] }) },
  {
    file: 'pyatmo/archive/camera_set_state_error_already_on.json',
    endpoint: 'setstate',
    call: (client) => client.camera.setState({ homeId, modules: [{ id: '12:34:56:00:f1:62', monitoring: 'on' }] }),
  },
  { file: 'pyatmo/getevents.json', endpoint: 'getevents', call: (client) => client.camera.getEvents({ homeId }) },
  ...['pyatmo/archive/camera_home_data.json', 'pyatmo/archive/camera_home_data_disconnected.json', 'pyatmo/archive/camera_home_data_no_homes.json', 'pyatmo/archive/camera_data_empty.json'].map(
    (file): Row => ({ file, endpoint: 'gethomedata', call: legacyHomeData }),
  ),
  { file: 'pyatmo/archive/camera_data_events_until.json', endpoint: 'geteventsuntil', call: (client) => client.camera.getEventsUntil({ homeId, eventId: 'a1b2c3d4e5f6abcdef123461' }) },
  ...['pyatmo/getmeasure_energy_12_34_56_00_00_a1_4c_da.json', 'pyatmo/getmeasure_energy_98_76_54_32_10_00_00_69.json'].map(
    (file): Row => ({
      file,
      endpoint: 'getmeasure',
      call: (client) => client.thermostat.getMeasure({ deviceId: '12:34:56:00:00:a1:4c:00', moduleId: '12:34:56:00:00:a1:4c:da', scale: '1hour', types: energyTypes }),
      expected: expectedPoints,
      actual: pointsAsRows(energyTypes),
    }),
  ),
  {
    file: 'Riges-Netatmo/getroommeasure_max_temperature.json',
    endpoint: 'getroommeasure',
    call: (client) => client.thermostat.getRoomMeasure({ homeId: '5a327cbdb05a2133678b5d3e', roomId: '2255031728', scale: 'max', types: ['temperature'] }),
    expected: expectedPoints,
    actual: pointsAsRows(['temperature']),
  },
  {
    file: 'pyatmo/archive/weatherstation_measure.json',
    endpoint: 'getmeasure',
    call: (client) => client.station.getMeasure({ deviceId: '12:34:56:37:11:ca', scale: 'max', types: ['Temperature'], optimize: false }),
    expected: (file) => Object.entries(bodyOf(file) as Record<string, number[]>).map(([time, row]) => ({ time: Number(time) * 1000, row })),
    actual: pointsAsRows(['Temperature']),
  },
];

const errors: { file: string; endpoint: string; status?: number; call: (client: NetatmoClient) => Promise<unknown> }[] = [
  { file: 'pyatmo/archive/home_status_error_invalid_id.json', endpoint: 'homestatus', call: homeStatus },
  { file: 'pyatmo/archive/home_status_error_missing_home_id.json', endpoint: 'homestatus', call: homeStatus },
  { file: 'pyatmo/archive/home_status_error_missing_parameters.json', endpoint: 'homestatus', call: homeStatus },
  { file: 'pyatmo/home_status_error_invalid_schedule_id.json', endpoint: 'switchhomeschedule', call: (client) => client.thermostat.switchHomeSchedule({ homeId, scheduleId: 'blahblahblah' }) },
  { file: 'pyatmo/home_status_error_mode_is_missing.json', endpoint: 'setthermmode', call: (client) => client.thermostat.setThermMode({ homeId, mode: 'schedule' }) },
  { file: 'pyatmo/archive/home_status_error_mode_not_authorized.json', endpoint: 'setthermmode', call: (client) => client.thermostat.setThermMode({ homeId, mode: 'hg' }) },
  { file: 'pyatmo/archive/camera_set_state_error.json', endpoint: 'setstate', call: (client) => client.camera.setState({ homeId, modules: [{ id: '12:34:56:00:f1:ff', monitoring: 'on' }] }) },
  { file: 'pyatmo/archive/camera_set_state_error_wrong_parameter.json', endpoint: 'setstate', call: (client) => client.camera.setState({ homeId, modules: [{ id: '12:34:56:00:f1:62', floodlight: 'on' }] }) },
  { file: 'pyatmo/archive/error_scope.json', endpoint: 'getstationsdata', status: 403, call: stations },
  { file: 'pyatmo/archive/public_data_error_mongo.json', endpoint: 'getpublicdata', call: publicData },
];

/**
 * Files that are not an `/api/*` answer of an SDK method (see the fixtures README); the three
 * `/oauth2/token` answers are served through the refresh in test/auth/token-endpoint-fixtures.test.ts.
 */
const notApiAnswers = [
  'README.md', 'pyatmo/ping.json', 'pyatmo/archive/camera_ping.json', 'pyatmo/archive/oauth2_token.json', 'pyatmo/archive/invalid_grant.json',
  'pyatmo/archive/too_many_connections.json', 'pyatmo/archive/thermostat_data_simple.json', 'pyatmo/archive/camera-image-sample.ts',
];
/** Covered by their own tests below: a picture and two request bodies. */
const coveredBelow = ['pyatmo/archive/camera_image_sample.jpg', 'pyatmo/sync_schedule_591b54a2764ff4d50d8b5795.json', 'pyatmo/sync_schedule_b1b54a2f45795764f59d50d8.json'];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(fixturesDir, path)];
  });
}

// Strict: a captured real answer must fit its schema as sent, with nothing repaired.
async function setUp() {
  const fake = await fakeNetatmo();
  return { fake, client: clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0, validation: 'strict' }) };
}

test('every captured file is in the table: an answer, an error, or named as not an /api answer', () => {
  const accounted = new Set([...answers.map((row) => row.file), ...errors.map((row) => row.file), ...notApiAnswers, ...coveredBelow]);
  expect(listFiles(fixturesDir).filter((file) => !accounted.has(file))).toEqual([]);
});

describe('every captured answer parses through the method that answers it, keeping every field', () => {
  test.each(answers.map((row) => [`${row.file} → ${row.endpoint} (${row.call.toString().match(/client\.(\w+\.\w+)/)?.[1]})`, row] as const))('%s', async (_name, row) => {
    const { fake, client } = await setUp();
    fake.enqueue(row.endpoint, served(row.file));
    const result = await row.call(client);
    const actual = row.actual ? row.actual(result) : result;
    expect(actual).toEqual(row.expected ? row.expected(row.file) : bodyOf(row.file));
    expect(fake.count(row.endpoint)).toBe(1);
  });
});

describe("every captured error becomes a NetatmoApiError with Netatmo's code and message", () => {
  test.each(errors.map((row) => [row.file, row] as const))('%s', async (_name, row) => {
    const { fake, client } = await setUp();
    fake.enqueue(row.endpoint, served(row.file, row.status));
    const captured = read(row.file)['error'] as { code: number; message: string };
    const error: unknown = await row.call(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoApiError);
    expect((error as NetatmoApiError).code).toBe(captured.code);
    expect((error as NetatmoApiError).message).toContain(captured.message);
  });
});

test('getCameraPicture returns the captured JPEG bytes and content type', async () => {
  const { client } = await setUp();
  const face = { id: 'd74fad765b9100ef480720a9', key: 'a4a95c24b808a89f8d1730fb69ecdf2bb8b72039d2c69928b029d67fc40cb2d7' };
  const picture = await client.camera.getCameraPicture({ imageId: face.id, key: face.key });
  expect(picture.contentType).toBe('image/jpeg');
  expect(picture.data).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(picture.data).equals(readFileSync(join(fixturesDir, 'pyatmo/archive/camera_image_sample.jpg')))).toBe(true);
});

test.each(['591b54a2764ff4d50d8b5795', 'b1b54a2f45795764f59d50d8'])('syncHomeSchedule sends exactly the JSON body pyatmo captured (sync_schedule_%s.json)', async (scheduleId) => {
  const { fake, client } = await setUp();
  const captured = read(`pyatmo/sync_schedule_${scheduleId}.json`) as {
    away_temp: number;
    hg_temp: number;
    timetable: { zone_id: number; m_offset: number }[];
    zones: { id: number; name: string; type: number; rooms: { id: string; therm_setpoint_temperature: number }[] }[];
  };
  // The schedule ids of the capture belong to pyatmo's home; the fake knows it.
  fake.enqueue('synchomeschedule', ok(undefined, Date.now()));
  await client.thermostat.syncHomeSchedule({
    homeId,
    scheduleId,
    name: 'Winter',
    awayTemp: captured.away_temp,
    hgTemp: captured.hg_temp,
    timetable: captured.timetable.map((entry) => ({ zoneId: entry.zone_id, mOffset: entry.m_offset })),
    zones: captured.zones.map((zone) => ({
      id: zone.id,
      name: zone.name,
      type: zone.type,
      rooms: zone.rooms.map((room) => ({ id: room.id, thermSetpointTemperature: room.therm_setpoint_temperature })),
    })),
  });
  const request = fake.requests.find((record) => record.endpoint === 'synchomeschedule')!;
  expect(request.json).toEqual(captured);
  expect(request.params).toEqual({ home_id: homeId, schedule_id: scheduleId, name: 'Winter' });
});
