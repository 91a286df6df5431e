import { describe, expect, test } from 'vitest';
import { roomMeasureTypes, thermostatMeasureTypes, weatherMeasureTypes } from '../../src/api/shared/measure-types.js';
import type { FakeNetatmo } from '../../src/testing/index.js';
import { fakeNetatmo } from '../helpers/setup.js';
import { openhabGet, type Answer } from './wire-clients.js';

// getmeasure and getroommeasure as Netatmo documents them (REFERENCE §2.1.2, §2.3.9): values
// inside the asked window at the asked scale, `limit`, both formats, `real_time`; plausible and
// deterministic values seeded by device, type and time.

const now = Date.UTC(2026, 0, 1, 12, 7);
const station = '12:34:56:37:11:ca';
const outdoor = '12:34:56:36:fc:de';
const indoor = '12:34:56:07:bb:3e';
const rain = '12:34:56:05:51:20';
const wind = '12:34:56:03:1b:e5';
const dec31 = Date.UTC(2025, 11, 31) / 1000;

async function setUp(): Promise<{ fake: FakeNetatmo; get: (query: Record<string, string>, endpoint?: string) => Promise<Answer> }> {
  const fake = await fakeNetatmo({ now: () => now });
  const token = fake.issueTokens().accessToken;
  return { fake, get: (query, endpoint = 'getmeasure') => openhabGet(fake, token, `/api/${endpoint}`, query) };
}

/** `[time, values]` of an optimize=true body. */
function points(body: { beg_time: number; step_time?: number; value: (number | null)[][] }[]): [number, (number | null)[]][] {
  return body.flatMap((run) => run.value.map((values, index) => [run.beg_time + index * (run.step_time ?? 0), values] as [number, (number | null)[]]));
}

describe('the window, the scale and the format', () => {
  test('30min over three hours: six buckets stamped mid-bucket, all inside the window, one run', async () => {
    const { get } = await setUp();
    const answer = await get({ device_id: station, module_id: outdoor, scale: '30min', type: 'Temperature,Humidity', date_begin: String(dec31), date_end: String(dec31 + 3 * 3600) });
    expect(answer.status).toBe(200);
    expect(answer.body.body).toEqual([
      { beg_time: dec31 + 900, step_time: 1800, value: [[-2, 86], [-2.4, 87], [-2.8, 88], [-3.1, 89], [-3.2, 89], [-3.2, 89]] },
    ]);
  });

  test('real_time=true stamps each bucket at its start, and the bucket starting at date_end is in', async () => {
    const { get } = await setUp();
    const answer = await get({ device_id: station, module_id: outdoor, scale: '30min', type: 'Temperature', date_begin: String(dec31), date_end: String(dec31 + 3 * 3600), real_time: 'true' });
    const times = points(answer.body.body).map(([time]) => time - dec31);
    expect(times).toEqual([0, 1800, 3600, 5400, 7200, 9000, 10_800]);
  });

  test('every scale steps by its own length; scale max every 5 minutes', async () => {
    const { get } = await setUp();
    const steps: Record<string, number> = { max: 300, '30min': 1800, '1hour': 3600, '3hours': 10_800, '1day': 86_400, '1week': 604_800, '1month': 2_592_000 };
    for (const [scale, step] of Object.entries(steps)) {
      const body = (await get({ device_id: station, scale, type: 'Temperature', date_begin: String(Date.UTC(2024, 0, 1) / 1000), limit: '3', real_time: 'true' })).body.body;
      expect({ scale, body: body.map((run: { beg_time: number; step_time?: number }) => [run.beg_time, run.step_time]) }).toEqual({ scale, body: [[Date.UTC(2024, 0, 1) / 1000, step]] });
    }
  });

  test('limit caps the points (1024 at most and by default); over 1024 is code 21', async () => {
    const { get } = await setUp();
    const begin = String(Date.UTC(2025, 0, 1) / 1000);
    expect(points((await get({ device_id: station, scale: 'max', type: 'CO2', date_begin: begin, limit: '5' })).body.body)).toHaveLength(5);
    expect(points((await get({ device_id: station, scale: 'max', type: 'CO2', date_begin: begin })).body.body)).toHaveLength(1024);
    expect(points((await get({ device_id: station, scale: 'max', type: 'CO2', date_begin: begin, limit: '1024' })).body.body)).toHaveLength(1024);
    const over = await get({ device_id: station, scale: 'max', type: 'CO2', date_begin: begin, limit: '1025' });
    expect({ status: over.status, code: over.body.error.code }).toEqual({ status: 400, code: 21 });
  });

  test('without date_begin: the latest `limit` points up to date_end; date_end=last: the latest one', async () => {
    const { get } = await setUp();
    const latest = points((await get({ device_id: station, scale: '1hour', type: 'Noise', limit: '4' })).body.body).map(([time]) => time);
    const hour = Date.UTC(2026, 0, 1, 11, 30) / 1000; // 11:00–12:00 is stamped 11:30, the last before 12:07
    expect(latest).toEqual([hour - 3 * 3600, hour - 2 * 3600, hour - 3600, hour]);
    const last = (await get({ device_id: station, scale: '1hour', type: 'Noise', date_end: 'last' })).body.body;
    expect(last).toEqual([{ beg_time: hour, value: [[expect.any(Number)]] }]);
  });

  test('optimize=false: the same points keyed by epoch seconds', async () => {
    const { get } = await setUp();
    const query = { device_id: station, module_id: indoor, scale: '3hours', type: 'Temperature,CO2,min_temp,max_temp', date_begin: String(dec31), date_end: String(dec31 + 86_400) };
    const compressed = points((await get(query)).body.body);
    const keyed = (await get({ ...query, optimize: 'false' })).body.body as Record<string, (number | null)[]>;
    expect(compressed).toHaveLength(8);
    expect(Object.entries(keyed).map(([time, values]) => [Number(time), values])).toEqual(compressed);
  });

  test('a window before the history or after the clock is empty, and date_end before date_begin is code 21', async () => {
    const { get } = await setUp();
    expect((await get({ device_id: station, scale: '1day', type: 'Pressure', date_begin: '1600000000', date_end: '1600086400' })).body.body).toEqual([]);
    expect((await get({ device_id: station, scale: '1day', type: 'Pressure', date_begin: String(now / 1000 + 86_400) })).body.body).toEqual([]);
    const reversed = await get({ device_id: station, scale: '1day', type: 'Pressure', date_begin: String(dec31), date_end: String(dec31 - 1) });
    expect({ status: reversed.status, code: reversed.body.error.code }).toEqual({ status: 400, code: 21 });
  });
});

describe('values: plausible per type, consistent within a bucket, deterministic per device', () => {
  test('a day of station readings stays within what sensors report', async () => {
    const { get } = await setUp();
    const window = { date_begin: String(dec31), date_end: String(dec31 + 86_400), scale: 'max' };
    const base = points((await get({ device_id: station, type: 'Temperature,Humidity,CO2,Pressure,Noise', ...window })).body.body);
    expect(base).toHaveLength(289);
    for (const [, [temperature, humidity, co2, pressure, noise]] of base) {
      expect(temperature).toBeGreaterThan(15);
      expect(temperature).toBeLessThan(26);
      expect(humidity).toBeGreaterThanOrEqual(20);
      expect(humidity).toBeLessThanOrEqual(80);
      expect(co2).toBeGreaterThanOrEqual(400);
      expect(co2).toBeLessThan(2000);
      expect(pressure).toBeGreaterThan(990);
      expect(pressure).toBeLessThan(1040);
      expect(noise).toBeGreaterThanOrEqual(30);
      expect(noise).toBeLessThan(90);
    }
    const winds = points((await get({ device_id: station, module_id: wind, type: 'WindStrength,WindAngle,GustStrength,GustAngle', ...window })).body.body);
    for (const [, [strength, angle, gust, gustAngle]] of winds) {
      expect(strength).toBeGreaterThanOrEqual(0);
      expect(gust).toBeGreaterThanOrEqual(strength!);
      for (const value of [angle, gustAngle]) expect(value! >= 0 && value! < 360).toBe(true);
    }
    const rains = points((await get({ device_id: station, module_id: rain, type: 'Rain', ...window })).body.body);
    expect(rains.every(([, [mm]]) => mm! >= 0 && mm! < 5)).toBe(true);
  });

  test('daily aggregates agree: min ≤ average ≤ max, their dates inside the day, rain sums', async () => {
    const { get } = await setUp();
    const week = { date_begin: String(dec31 - 6 * 86_400), date_end: String(dec31 + 86_400), scale: '1day', real_time: 'true' };
    const days = points((await get({ device_id: station, module_id: outdoor, type: 'min_temp,Temperature,max_temp,date_min_temp,date_max_temp', ...week })).body.body);
    expect(days).toHaveLength(8);
    for (const [start, [min, average, max, dateMin, dateMax]] of days) {
      expect(min! <= average! && average! <= max!).toBe(true);
      for (const date of [dateMin!, dateMax!]) expect(date >= start && date < start + 86_400).toBe(true);
    }
    const rainDays = points((await get({ device_id: station, module_id: rain, type: 'sum_rain', ...week })).body.body);
    const fiveMinutes = points((await get({ device_id: station, module_id: rain, type: 'Rain', scale: 'max', date_begin: String(dec31 - 6 * 86_400), limit: '288' })).body.body);
    expect(rainDays.some(([, [mm]]) => mm! > 0)).toBe(true);
    expect(rainDays[0]![1][0]).toBeCloseTo(fiveMinutes.reduce((sum, [, [mm]]) => sum + mm!, 0), 0);
  });

  test('the same request answers the same values; another device, another series', async () => {
    const { get } = await setUp();
    const query = { device_id: station, scale: '1hour', type: 'Temperature,Humidity', date_begin: String(dec31), limit: '3' };
    const first = (await get({ ...query, module_id: indoor })).body.body;
    expect((await get({ ...query, module_id: indoor })).body.body).toEqual(first);
    expect(first).toEqual([{ beg_time: dec31 + 1800, step_time: 3600, value: [[20, 51], [19.9, 52], [19.8, 53]] }]);
    expect((await get({ ...query, module_id: '12:34:56:07:bb:0e' })).body.body).not.toEqual(first);
  });

  test('a thermostat: the set point follows the schedule, the boiler runs a whole bucket on and off', async () => {
    const { get } = await setUp();
    const day = { date_begin: String(dec31), date_end: String(dec31 + 86_399), scale: '1hour', real_time: 'true' };
    const hours = points((await get({ device_id: '12:34:56:00:fa:d0', module_id: '12:34:56:00:01:ae', type: 'sp_temperature,sum_boiler_on,sum_boiler_off,temperature', ...day })).body.body);
    expect(hours).toHaveLength(24);
    expect(hours.map(([, [setpoint]]) => setpoint)).toEqual([...Array(6).fill(16), ...Array(16).fill(19), 16, 16]);
    expect(hours.every(([, [, on, off]]) => on! + off! === 3600 && on! >= 0)).toBe(true);
    // It runs in the morning, when the room is furthest below 19 °C + its margin, and not at night.
    expect(hours.map(([, [, on]]) => on)).toEqual([0, 0, 0, 0, 0, 0, 1969, 1701, 1378, 1061, 721, 319, 95, 41, 19, 0, 9, 114, 335, 565, 1010, 1288, 0, 0]);
  });

  test('getroommeasure: the same window rules for a room, seeded by home and room', async () => {
    const { get } = await setUp();
    const query = { home_id: '91763b24c43d3e344f424e8b', room_id: '2746182631', scale: '1day', type: 'temperature,min_temp,max_temp,date_min_temp', date_begin: String(dec31 - 86_400), date_end: String(dec31 + 86_400) };
    const room = (await get(query, 'getroommeasure')).body.body;
    expect(points(room).map(([time]) => time)).toEqual([dec31 - 43_200, dec31 + 43_200]);
    expect(points(room)[0]![1]).toEqual([20.2, 19.3, 21.1, dec31 - 86_400 + 13_200]); // coldest at 03:40 UTC
    const other = (await get({ ...query, room_id: '3688132631' }, 'getroommeasure')).body.body;
    expect(other).not.toEqual(room);
  });

  test("the captured Legrand meter answers inside its captured window; outside it, the synthetic series", async () => {
    const { get } = await setUp();
    const meter = { device_id: '12:34:56:00:00:a1:4c:00', module_id: '98:76:54:32:10:00:00:69', scale: '30min', type: 'sum_energy_buy_from_grid$0' };
    // pyatmo's capture: 39 half-hours from 1721772900; ask for the first three.
    const captured = (await get({ ...meter, date_begin: '1721772900', date_end: String(1_721_772_900 + 3600) })).body.body;
    expect(captured).toEqual([{ beg_time: 1_721_772_900, step_time: 1800, value: [[20], [19], [16]] }]);
    const later = points((await get({ ...meter, date_begin: String(dec31), date_end: String(dec31 + 3600) })).body.body);
    expect(later.map(([time]) => time)).toEqual([dec31 + 900, dec31 + 2700]);
    expect(later.every(([, [wattHours]]) => Number.isInteger(wattHours) && wattHours! > 0)).toBe(true);
  });
});

test('every type Netatmo documents has a value at every scale it is documented for', async () => {
  const { get } = await setUp();
  const families = [
    { endpoint: 'getmeasure', ids: { device_id: station, module_id: outdoor }, lists: weatherMeasureTypes },
    { endpoint: 'getmeasure', ids: { device_id: '12:34:56:00:fa:d0', module_id: '12:34:56:00:01:ae' }, lists: thermostatMeasureTypes },
    { endpoint: 'getroommeasure', ids: { home_id: '91763b24c43d3e344f424e8b', room_id: '2746182631' }, lists: roomMeasureTypes },
  ];
  for (const { endpoint, ids, lists } of families) {
    for (const [scale, types] of Object.entries(lists)) {
      const answer = await get({ ...ids, scale, type: types.join(','), date_begin: String(Date.UTC(2024, 0, 1) / 1000), limit: '2' }, endpoint);
      const rows = points(answer.body.body);
      expect({ endpoint, scale, rows: rows.length, nulls: rows.flatMap(([, values]) => values.flatMap((value, index) => (value === null ? [types[index]] : []))) }).toEqual({ endpoint, scale, rows: 2, nulls: [] });
    }
  }
});
