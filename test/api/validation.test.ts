import { expect, test } from 'vitest';
import { NetatmoValidationError, type NetatmoClient, type ValidationIssue } from '../../src/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const homeId = '91763b24c43d3e344f424e8b';
const deviceId = '12:34:56:37:11:ca';

/** Runs `call`, expects a NetatmoValidationError before any request, and returns its issues. */
async function issuesOf(call: (client: NetatmoClient) => Promise<unknown> | AsyncGenerator<unknown>): Promise<readonly ValidationIssue[]> {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  const error = await (async () => {
    const result = call(client);
    if (Symbol.asyncIterator in result) return (result as AsyncGenerator<unknown>).next();
    return result;
  })().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect(fake.count()).toBe(0);
  return (error as NetatmoValidationError).issues;
}

const paths = (issues: readonly ValidationIssue[]) => issues.map((issue) => issue.path);

test("setRoomThermpoint with mode 'manual' and no temp says temp is required, before any request", async () => {
  const issues = await issuesOf((client) => client.thermostat.setRoomThermpoint({ homeId, roomId: '2746182631', mode: 'manual' }));
  expect(issues).toEqual([{ path: 'temp', message: "is required when mode is 'manual': the set point in °C (7–30)" }]);
});

test('setRoomThermpoint refuses a temperature outside 7–30 °C and temp with another mode', async () => {
  expect(await issuesOf((client) => client.thermostat.setRoomThermpoint({ homeId, roomId: '1', mode: 'manual', temp: 35 }))).toEqual([
    { path: 'temp', message: 'must be between 7 and 30 °C, got 35' },
  ]);
  expect(paths(await issuesOf((client) => client.thermostat.setRoomThermpoint({ homeId, roomId: '1', mode: 'home', temp: 20, endtime: 1_900_000_000 })))).toEqual([
    'temp',
    'endtime',
  ]);
});

test('every problem is reported at once, each under its camelCase name', async () => {
  const issues = await issuesOf((client) =>
    // @ts-expect-error: deliberately wrong at compile time too
    client.thermostat.setRoomThermpoint({ homeId: '', mode: 'warm', endtime: Date.now() }),
  );
  expect(paths(issues)).toEqual(['homeId', 'roomId', 'mode', 'endtime']);
  expect(issues[2]!.message).toBe("must be one of 'manual', 'max', 'home', got 'warm'");
  expect(issues[3]!.message).toMatch(/looks like milliseconds/);
});

test('getMeasure refuses limit above 1024, an unknown scale, dateEnd before dateBegin', async () => {
  expect(await issuesOf((client) => client.station.getMeasure({ deviceId, scale: 'max', types: ['Temperature'], limit: 2000 }))).toEqual([
    { path: 'limit', message: 'must be between 1 and 1024, got 2000' },
  ]);
  // @ts-expect-error: '2hours' is not a scale
  const scale = await issuesOf((client) => client.station.getMeasure({ deviceId, scale: '2hours', types: ['Temperature'] }));
  expect(scale).toEqual([{ path: 'scale', message: "must be one of 'max', '30min', '1hour', '3hours', '1day', '1week', '1month', got '2hours'" }]);
  const dates = await issuesOf((client) =>
    client.station.getMeasure({ deviceId, scale: '1day', types: ['sum_rain'], dateBegin: new Date('2026-02-01T00:00:00Z'), dateEnd: new Date('2026-01-01T00:00:00Z') }),
  );
  expect(dates).toEqual([{ path: 'dateEnd', message: 'must not be before dateBegin (2026-01-01T00:00:00.000Z < 2026-02-01T00:00:00.000Z)' }]);
});

test('getMeasure refuses a type the scale does not have, naming the ones it has', async () => {
  // @ts-expect-error: sum_rain needs 30min or more
  const issues = await issuesOf((client) => client.station.getMeasure({ deviceId, scale: 'max', types: ['Temperature', 'sum_rain'] }));
  expect(paths(issues)).toEqual(['types.1']);
  expect(issues[0]!.message).toMatch(/^'sum_rain' is not a measure type at scale 'max'; use one of Temperature, CO2, /);
  expect(paths(await issuesOf((client) => client.station.getMeasure({ deviceId, scale: 'max', types: [] })))).toEqual(['types']);
});

test('getPublicData refuses latNe <= latSw, lonNe <= lonSw and out-of-range coordinates', async () => {
  const issues = await issuesOf((client) => client.station.getPublicData({ latNe: 50.1, lonNe: 8.7, latSw: 50.3, lonSw: 200 }));
  expect(issues).toEqual([
    { path: 'lonSw', message: 'must be between -180 and 180 °, got 200' },
    { path: 'latNe', message: 'must be north of latSw (50.1 <= 50.3): swap the corners' },
  ]);
  expect(paths(await issuesOf((client) => client.station.getPublicData({ latNe: 1, lonNe: 1, latSw: 0, lonSw: 1 })))).toEqual(['lonNe']);
});

test('iterateMeasures needs dateBegin and checks it on the first iteration, before any request', async () => {
  // @ts-expect-error: dateBegin is required
  expect(await issuesOf((client) => client.station.iterateMeasures({ deviceId, scale: 'max', types: ['CO2'] }))).toEqual([
    { path: 'dateBegin', message: 'is required: a Date or epoch seconds' },
  ]);
});

test('setThermMode refuses an unknown mode, endtime with schedule and scheduleId without it', async () => {
  // @ts-expect-error: 'off' is not a home mode
  expect(paths(await issuesOf((client) => client.thermostat.setThermMode({ homeId, mode: 'off' })))).toEqual(['mode']);
  expect(paths(await issuesOf((client) => client.thermostat.setThermMode({ homeId, mode: 'schedule', endtime: 1_900_000_000 })))).toEqual(['endtime']);
  expect(paths(await issuesOf((client) => client.thermostat.setThermMode({ homeId, mode: 'away', scheduleId: 'x' })))).toEqual(['scheduleId']);
});

test('schedules: temperatures, zone references and timetable order are checked', async () => {
  const issues = await issuesOf((client) =>
    client.thermostat.createHomeSchedule({
      homeId,
      name: 'Test',
      hgTemp: 7,
      awayTemp: 40,
      zones: [{ id: 0, type: 0, rooms: [{ id: '2746182631', thermSetpointTemperature: 3 }] }],
      timetable: [{ zoneId: 0, mOffset: 0 }, { zoneId: 2, mOffset: 600 }, { zoneId: 0, mOffset: 300 }],
    }),
  );
  expect(issues).toEqual([
    { path: 'awayTemp', message: 'must be between 5 and 30 °C, got 40' },
    { path: 'zones.0.rooms.0.thermSetpointTemperature', message: 'must be between 7 and 30 °C, got 3' },
    { path: 'timetable.1.zoneId', message: 'zone 2 is not in zones (ids 0)' },
    { path: 'timetable.2.mOffset', message: "must be after the previous entry's (600): keep the timetable in order" },
  ]);
});

test('homes, camera and webhook parameters are checked too', async () => {
  // @ts-expect-error: homeId is required
  expect(paths(await issuesOf((client) => client.camera.getHomeStatus({})))).toEqual(['homeId']);
  expect(paths(await issuesOf((client) => client.camera.setState({ homeId, modules: [{ id: '' }] })))).toEqual(['modules.0.id']);
  expect(paths(await issuesOf((client) => client.thermostat.setState({ homeId })))).toEqual(['rooms']);
  expect(paths(await issuesOf((client) => client.camera.setPersonsHome({ homeId, personIds: [] })))).toEqual(['personIds']);
  expect(paths(await issuesOf((client) => client.camera.addWebhook({ url: 'example.com/hook' })))).toEqual(['url']);
  expect(paths(await issuesOf((client) => client.camera.getCameraPicture({ imageId: 'x', key: '' })))).toEqual(['key']);
  expect(paths(await issuesOf((client) => client.camera.getEvents({ homeId, offset: 3 })))).toEqual(['offset']);
});

test('the error message names the method and each field', async () => {
  const fake = await fakeNetatmo();
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake) });
  await expect(client.thermostat.setRoomThermpoint({ homeId, roomId: 'r', mode: 'manual', temp: 31 })).rejects.toThrow(
    'Invalid parameters for setRoomThermpoint: temp must be between 7 and 30 °C, got 31',
  );
});
