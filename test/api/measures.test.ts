import { describe, expect, test } from 'vitest';
import { NetatmoValidationError } from '../../src/index.js';
import { ok } from '../../src/testing/index.js';
import { SERIES_START } from '../../src/testing/routes/measure-series.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const deviceId = '12:34:56:37:11:ca';
const outdoorModule = '12:34:56:36:fc:de';

async function setUp(nowMs?: number) {
  const now = nowMs === undefined ? undefined : () => nowMs;
  const fake = await fakeNetatmo(now ? { now } : {});
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0, ...(now && { now }) });
  return { fake, client };
}

const asPlain = (points: { time: Date; values: Record<string, number | null> }[]) => points.map((point) => [point.time.getTime() / 1000, point.values]);

describe('getMeasure decodes both wire formats into the same points', () => {
  test('optimize=true: runs of beg_time/step_time/value, a one-point run without step_time, and nulls', async () => {
    const { fake, client } = await setUp();
    fake.enqueue(
      'getmeasure',
      ok(
        [
          { beg_time: 1000, step_time: 300, value: [[20.1, 50], [20.2, null]] },
          { beg_time: 2000, value: [[null, 52]] },
          { beg_time: 3000, step_time: 600, value: [[21, 53], [21.5, 54], [22, 55]] },
        ],
        Date.now(),
      ),
    );
    const result = await client.station.getMeasure({ deviceId, scale: 'max', types: ['Temperature', 'Humidity'] });
    expect(result.types).toEqual(['Temperature', 'Humidity']);
    expect(asPlain(result.points)).toEqual([
      [1000, { Temperature: 20.1, Humidity: 50 }],
      [1300, { Temperature: 20.2, Humidity: null }],
      [2000, { Temperature: null, Humidity: 52 }],
      [3000, { Temperature: 21, Humidity: 53 }],
      [3600, { Temperature: 21.5, Humidity: 54 }],
      [4200, { Temperature: 22, Humidity: 55 }],
    ]);
    expect(result.points[0]!.time).toBeInstanceOf(Date);
  });

  test('optimize=false: an object keyed by epoch seconds, returned oldest first', async () => {
    const { fake, client } = await setUp();
    fake.enqueue('getmeasure', ok({ '1700000600': [19.5, null], '1700000000': [19, 40] }, Date.now()));
    const result = await client.station.getMeasure({ deviceId, scale: 'max', types: ['temperature', 'humidity'], optimize: false });
    expect(asPlain(result.points)).toEqual([
      [1_700_000_000, { temperature: 19, humidity: 40 }],
      [1_700_000_600, { temperature: 19.5, humidity: null }],
    ]);
    expect(fake.requests.at(-1)!.params['optimize']).toBe('false');
  });

  test('the fake answers the same window identically in both formats', async () => {
    const { client } = await setUp();
    const window = { deviceId, moduleId: outdoorModule, scale: '1hour', types: ['Temperature', 'min_temp'], dateBegin: SERIES_START, dateEnd: SERIES_START + 47 * 3600 } as const;
    const compressed = await client.station.getMeasure(window);
    const keyed = await client.station.getMeasure({ ...window, optimize: false });
    // Stamped mid-hour (no realTime): the bucket from SERIES_START + 47 h would be stamped after dateEnd.
    expect(compressed.points).toHaveLength(47);
    expect(keyed.points).toEqual(compressed.points);
  });

  test("dateEnd 'last' asks for the latest point only", async () => {
    const { fake, client } = await setUp();
    const result = await client.station.getMeasure({ deviceId, scale: 'max', types: ['CO2'], dateEnd: 'last' });
    expect(fake.requests.at(-1)!.params['date_end']).toBe('last');
    expect(result.points).toHaveLength(1);
  });

  test('a run of several values without step_time is a validation error, not guessed times', async () => {
    const { fake, client } = await setUp();
    fake.enqueue('getmeasure', ok([{ beg_time: 1000, value: [[1], [2]] }], Date.now()));
    const error = await client.station.getMeasure({ deviceId, scale: 'max', types: ['Noise'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoValidationError);
    expect((error as NetatmoValidationError).issues).toEqual([{ path: 'body.0.step_time', message: 'a run of 2 values has no step_time' }]);
  });
});

describe('iterateMeasures pages through 1024-point windows with no gap and no duplicate', () => {
  const step = 300;
  const first = SERIES_START + 1000 * step;
  const last = first + 2999 * step;

  test('3000 points up to dateEnd: exact count, first/last time, no duplicates, no gaps, 3 requests', async () => {
    const { fake, client } = await setUp((last + 3600) * 1000);
    const times: number[] = [];
    for await (const point of client.station.iterateMeasures({ deviceId, scale: 'max', types: ['Temperature'], dateBegin: new Date(first * 1000), dateEnd: last })) {
      times.push(point.time.getTime() / 1000);
      expect(typeof point.values.Temperature).toBe('number');
    }
    expect(times).toHaveLength(3000);
    expect(times[0]).toBe(first);
    expect(times.at(-1)).toBe(last);
    expect(new Set(times).size).toBe(3000);
    expect(times.every((time, index) => index === 0 || time - times[index - 1]! === step)).toBe(true);
    const pages = fake.requests.filter((record) => record.endpoint === 'getmeasure');
    expect(pages.map((record) => record.params['date_begin'])).toEqual([String(first), String(first + 1023 * step + 1), String(first + 2047 * step + 1)]);
    expect(pages.every((record) => record.params['limit'] === '1024' && record.params['date_end'] === String(last))).toBe(true);
  });

  test('without dateEnd it stops on the first empty page: 3000 points, 4 requests', async () => {
    const { fake, client } = await setUp(last * 1000 + 1000);
    let count = 0;
    for await (const point of client.station.iterateMeasures({ deviceId, scale: 'max', types: ['Pressure'], dateBegin: first })) {
      expect(point.time.getTime() / 1000).toBe(first + count * step);
      count++;
    }
    expect(count).toBe(3000);
    expect(fake.count('getmeasure')).toBe(4);
    expect(fake.requests.at(-1)!.params['date_begin']).toBe(String(last + 1));
  });

  test('a point Netatmo repeats at a page boundary is yielded once', async () => {
    const { fake, client } = await setUp();
    const t = SERIES_START;
    fake.enqueue(
      'getmeasure',
      ok([{ beg_time: t, step_time: 100, value: [[1], [2]] }], Date.now()),
      ok([{ beg_time: t + 100, step_time: 100, value: [[2], [3]] }], Date.now()),
      ok([], Date.now()),
    );
    const seen: [number, number | null][] = [];
    for await (const point of client.station.iterateMeasures({ deviceId, scale: 'max', types: ['Rain'], dateBegin: t, pageSize: 2 })) {
      seen.push([point.time.getTime() / 1000, point.values.Rain]);
    }
    expect(seen).toEqual([[t, 1], [t + 100, 2], [t + 200, 3]]);
    expect(fake.requests.filter((record) => record.endpoint === 'getmeasure').map((record) => record.params['date_begin'])).toEqual([String(t), String(t + 101), String(t + 201)]);
  });
});

test('thermostat.getMeasure keeps energy tariff buckets apart, null where a bucket does not apply', async () => {
  const { client } = await setUp();
  const result = await client.thermostat.getMeasure({
    deviceId: '12:34:56:00:00:a1:4c:00',
    moduleId: '98:76:54:32:10:00:00:69',
    scale: '30min',
    types: ['sum_energy_buy_from_grid', 'sum_energy_buy_from_grid$0', 'sum_energy_buy_from_grid$1', 'sum_energy_buy_from_grid$2'],
  });
  expect(result.points).toHaveLength(39);
  expect(result.points[0]).toEqual({
    time: new Date(1_721_772_900 * 1000),
    values: { sum_energy_buy_from_grid: null, sum_energy_buy_from_grid$0: 20, sum_energy_buy_from_grid$1: null, sum_energy_buy_from_grid$2: null },
  });
});

test('thermostat.getRoomMeasure serves a room history through getroommeasure', async () => {
  const { fake, client } = await setUp();
  const result = await client.thermostat.getRoomMeasure({ homeId: '91763b24c43d3e344f424e8b', roomId: '2746182631', scale: '1day', types: ['temperature', 'date_min_temp'], dateBegin: SERIES_START, dateEnd: SERIES_START + 9 * 86_400 });
  // Days stamped at noon (no realTime): the tenth day's noon is after dateEnd.
  expect(result.points).toHaveLength(9);
  expect(result.points[3]!.time.getTime() / 1000).toBe(SERIES_START + 3 * 86_400 + 43_200);
  // The coldest 5-minute measure of the fourth day, inside it: 03:20 UTC.
  expect(result.points[3]!.values.date_min_temp).toBe(SERIES_START + 3 * 86_400 + 12_000);
  expect(fake.requests.at(-1)!.params).toMatchObject({ home_id: '91763b24c43d3e344f424e8b', room_id: '2746182631', scale: '1day', type: 'temperature,date_min_temp' });
});
