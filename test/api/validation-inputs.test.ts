import { describe, expect, test } from 'vitest';
import { NetatmoValidationError, type NetatmoClient, type ValidationIssue } from '../../src/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const homeId = '91763b24c43d3e344f424e8b';
const roomId = '2746182631';
const deviceId = '12:34:56:37:11:ca';
const scheduleId = 'b1b54a2f45795764f59d50d8';
const schedule = { hgTemp: 7, awayTemp: 14, zones: [{ id: 0, type: 0, rooms: [{ id: roomId, thermSetpointTemperature: 20 }] }], timetable: [{ zoneId: 0, mOffset: 0 }] };

type Call = (client: NetatmoClient, params: unknown) => unknown;

/** Every public endpoint method, with `params` as the caller passes it (any value). */
const methods: Record<string, Call> = {
  'station.getStationsData': (c, p) => c.station.getStationsData(p as never),
  'station.getMeasure': (c, p) => c.station.getMeasure(p as never),
  'station.iterateMeasures': (c, p) => c.station.iterateMeasures(p as never),
  'station.getPublicData': (c, p) => c.station.getPublicData(p as never),
  'homecoach.getHomeCoachsData': (c, p) => c.homecoach.getHomeCoachsData(p as never),
  'thermostat.getHomesData': (c, p) => c.thermostat.getHomesData(p as never),
  'thermostat.getHomeStatus': (c, p) => c.thermostat.getHomeStatus(p as never),
  'thermostat.setState': (c, p) => c.thermostat.setState(p as never),
  'thermostat.setThermMode': (c, p) => c.thermostat.setThermMode(p as never),
  'thermostat.setRoomThermpoint': (c, p) => c.thermostat.setRoomThermpoint(p as never),
  'thermostat.switchHomeSchedule': (c, p) => c.thermostat.switchHomeSchedule(p as never),
  'thermostat.syncHomeSchedule': (c, p) => c.thermostat.syncHomeSchedule(p as never),
  'thermostat.createHomeSchedule': (c, p) => c.thermostat.createHomeSchedule(p as never),
  'thermostat.renameHomeSchedule': (c, p) => c.thermostat.renameHomeSchedule(p as never),
  'thermostat.deleteHomeSchedule': (c, p) => c.thermostat.deleteHomeSchedule(p as never),
  'thermostat.getRoomMeasure': (c, p) => c.thermostat.getRoomMeasure(p as never),
  'thermostat.getMeasure': (c, p) => c.thermostat.getMeasure(p as never),
  'camera.getHomesData': (c, p) => c.camera.getHomesData(p as never),
  'camera.getHomeStatus': (c, p) => c.camera.getHomeStatus(p as never),
  'camera.setState': (c, p) => c.camera.setState(p as never),
  'camera.getEvents': (c, p) => c.camera.getEvents(p as never),
  'camera.setPersonsAway': (c, p) => c.camera.setPersonsAway(p as never),
  'camera.setPersonsHome': (c, p) => c.camera.setPersonsHome(p as never),
  'camera.getCameraPicture': (c, p) => c.camera.getCameraPicture(p as never),
  'camera.addWebhook': (c, p) => c.camera.addWebhook(p as never),
  'camera.dropWebhook': (c, p) => c.camera.dropWebhook(p as never),
  'camera.getHomeData': (c, p) => c.camera.getHomeData(p as never),
  'camera.getEventsUntil': (c, p) => c.camera.getEventsUntil(p as never),
  'camera.getLastEventOf': (c, p) => c.camera.getLastEventOf(p as never),
  'camera.getNextEvents': (c, p) => c.camera.getNextEvents(p as never),
};

/**
 * Calls `call` and settles it without ever letting it throw synchronously: a promise is awaited,
 * an async iterator is asked for its first item. Returns what it rejected with.
 */
async function rejection(result: unknown): Promise<unknown> {
  if (result instanceof Promise) return result.then(() => undefined, (error: unknown) => error);
  expect(typeof (result as AsyncGenerator)[Symbol.asyncIterator]).toBe('function');
  return (result as AsyncGenerator).next().then(() => undefined, (error: unknown) => error);
}

async function setUp() {
  const fake = await fakeNetatmo();
  return { fake, client: clientFor(fake, { tokenStore: storeWithTokens(fake) }) };
}

/** Runs `call`, expects a NetatmoValidationError before any request, and returns its issues. */
async function issuesOf(call: (client: NetatmoClient) => unknown): Promise<readonly ValidationIssue[]> {
  const { fake, client } = await setUp();
  const error = await rejection(call(client));
  expect(error).toBeInstanceOf(NetatmoValidationError);
  expect(fake.count()).toBe(0);
  return (error as NetatmoValidationError).issues;
}

const paths = (issues: readonly ValidationIssue[]) => issues.map((issue) => issue.path);

describe('every endpoint method rejects, never throws, when params is not an object', () => {
  test('the inventory lists every public method of the endpoint classes', async () => {
    const { client } = await setUp();
    const own = (object: object): string[] => Object.getOwnPropertyNames(Object.getPrototypeOf(object)).filter((name) => name !== 'constructor');
    const inherited = (object: object): string[] => Object.getOwnPropertyNames(Object.getPrototypeOf(Object.getPrototypeOf(object))).filter((name) => name !== 'constructor');
    const found = [
      ...own(client.station).map((name) => `station.${name}`),
      ...own(client.homecoach).map((name) => `homecoach.${name}`),
      ...[...own(client.thermostat), ...inherited(client.thermostat)].map((name) => `thermostat.${name}`),
      ...[...own(client.camera), ...inherited(client.camera)].map((name) => `camera.${name}`),
    ];
    // Watchers and event paging (push's async iterables) take options, not params: their own tests cover them.
    expect(found.filter((name) => !/\.(watch\w*|iterateEvents)$/.test(name)).sort()).toEqual(Object.keys(methods).sort());
  });

  const bad: [string, unknown, string][] = [
    ['null', null, 'null'],
    ['a string', 'homeId', "'homeId'"],
    ['a number', 42, '42'],
    ['an array', [{ homeId }], 'an array of 1'],
  ];
  test.each(bad)('params %s: NetatmoValidationError naming params, 0 requests, for each of the 30 methods', async (_what, params, shown) => {
    const { fake, client } = await setUp();
    for (const [name, call] of Object.entries(methods)) {
      let result: unknown;
      expect(() => (result = call(client, params)), name).not.toThrow();
      const error = await rejection(result);
      expect(error, name).toBeInstanceOf(NetatmoValidationError);
      const method = name.split('.')[1]!;
      expect((error as NetatmoValidationError).issues, name).toEqual([{ path: 'params', message: `expected an object of parameters, got ${shown}` }]);
      expect((error as Error).message).toBe(`Invalid parameters for ${method}: params expected an object of parameters, got ${shown}`);
    }
    expect(fake.count()).toBe(0);
  });

  test('a getter that throws is reported as unreadable params, not thrown', async () => {
    const params = Object.defineProperty({}, 'homeId', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(await issuesOf((client) => client.thermostat.getHomeStatus(params as never))).toEqual([
      { path: 'params', message: 'could not be read (a getter or proxy threw): pass a plain object' },
    ]);
  });
});

describe('unknown parameter names are refused, with the likely name', () => {
  test("Netatmo's snake_case name suggests the camelCase one", async () => {
    // @ts-expect-error: home_id is Netatmo's wire name, not a parameter
    const issues = await issuesOf((client) => client.thermostat.getHomeStatus({ home_id: homeId }));
    expect(issues).toEqual([
      { path: 'home_id', message: "is not a parameter of getHomeStatus (did you mean 'homeId'? parameters are camelCase); known: homeId, deviceTypes" },
      { path: 'homeId', message: 'is required: the home id from getHomesData()' },
    ]);
  });

  test('a typo such as endTime is refused rather than dropped (the home would stay away)', async () => {
    // @ts-expect-error: the parameter is endtime
    const issues = await issuesOf((client) => client.thermostat.setThermMode({ homeId, mode: 'away', endTime: 1_900_000_000 }));
    expect(issues).toEqual([{ path: 'endTime', message: "is not a parameter of setThermMode (did you mean 'endtime'? parameters are camelCase); known: homeId, mode, endtime, scheduleId" }]);
  });

  test('unknown fields inside schedule zones and rooms are refused too; undefined ones are ignored', async () => {
    const issues = await issuesOf((client) =>
      client.thermostat.createHomeSchedule({
        homeId,
        name: 'Test',
        ...schedule,
        // @ts-expect-error: the field is thermSetpointTemperature
        zones: [{ id: 0, type: 0, rooms: [{ id: roomId, thermSetpointTemp: 20 }], colour: undefined }],
      }),
    );
    expect(paths(issues)).toEqual(['zones.0.rooms.0.thermSetpointTemp', 'zones.0.rooms.0.thermSetpointTemperature']);
  });
});

describe('dates outside what Netatmo accepts are refused before sending, naming the parameter', () => {
  const range = 'between 2012-01-01 and 9999-12-31 (epoch seconds 1325376000…253402300799)';
  const cases: [string, unknown, string][] = [
    ['negative seconds', -1, `must be ${range}, got -1`],
    ['before 2012', 1_325_375_999, `must be ${range}, got 1325375999 (epoch seconds count from 1970: for a duration, add it to Date.now() / 1000)`],
    ['a duration by mistake', 3600, `must be ${range}, got 3600 (epoch seconds count from 1970: for a duration, add it to Date.now() / 1000)`],
    ['past year 9999', 253_402_300_800, `must be ${range}, got 253402300800`],
    ['milliseconds by mistake', 1_900_000_000_000, 'looks like milliseconds (1900000000000): pass epoch seconds (Math.floor(1900000000000 / 1000)) or a Date'],
    ['a fraction', 1_900_000_000.5, 'must be whole epoch seconds, got 1900000000.5: round it down (Math.floor) or pass a Date'],
    ['NaN', Number.NaN, 'must be a Date or whole epoch seconds, got NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'must be a Date or whole epoch seconds, got Infinity'],
    ['a date string', '2026-01-01', "must be a Date or whole epoch seconds, got '2026-01-01'"],
    ['an Invalid Date', new Date('not a date'), 'is an invalid Date (its input could not be parsed): pass a valid Date or epoch seconds'],
    ['a Date before 2012', new Date('2011-12-31T23:59:59Z'), `must be ${range}, got 2011-12-31T23:59:59.000Z`],
    ['a Date before 1970', new Date(-1000), `must be ${range}, got 1969-12-31T23:59:59.000Z`],
    ['a Date past 9999', new Date('+010000-01-01T00:00:00Z'), `must be ${range}, got +010000-01-01T00:00:00.000Z`],
  ];

  test.each(cases)('%s', async (_what, value, message) => {
    expect(await issuesOf((client) => client.thermostat.setThermMode({ homeId, mode: 'away', endtime: value as number }))).toEqual([{ path: 'endtime', message }]);
    expect(await issuesOf((client) => client.station.getMeasure({ deviceId, scale: 'max', types: ['Temperature'], dateBegin: value as number }))).toEqual([{ path: 'dateBegin', message }]);
    expect(await issuesOf((client) => client.station.iterateMeasures({ deviceId, scale: 'max', types: ['Temperature'], dateBegin: 1_900_000_000, dateEnd: value as number }))).toEqual([
      { path: 'dateEnd', message },
    ]);
    expect(await issuesOf((client) => client.camera.setState({ homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_end_time: value }] }))).toEqual([
      { path: 'rooms.0.therm_setpoint_end_time', message },
    ]);
  });

  test('the first and last accepted seconds reach Netatmo as epoch seconds', async () => {
    const { fake, client } = await setUp();
    await client.thermostat.setThermMode({ homeId, mode: 'away', endtime: new Date('2012-01-01T00:00:00.999Z') });
    await client.thermostat.setThermMode({ homeId, mode: 'hg', endtime: 253_402_300_799 });
    await client.camera.setState({ homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_end_time: new Date('2030-01-01T00:00:00Z') }] });
    expect(fake.requests.map((record) => record.params['endtime'] ?? record.json)).toEqual([
      '1325376000',
      '253402300799',
      { home: { id: homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_end_time: 1_893_456_000 }] } },
    ]);
  });
});

describe('ids and every string parameter with control characters are refused', () => {
  const controls: [string, string][] = [
    ['\\n', 'a\nb'],
    ['\\r', 'a\rb'],
    ['\\u0000', 'a\u0000b'],
    ['\\u001b', 'a\u001bb'],
    ['\\t', 'a\tb'],
    ['\\u007f', 'a\u007fb'],
  ];

  test.each(controls)('%s: in ids, names, list items, setState entries and the webhook URL', async (shown, bad) => {
    const message = `contains a control character (${shown} at index 1), got 'a${shown}b': ids and names are single-line text, remove it`;
    expect(await issuesOf((client) => client.thermostat.getHomeStatus({ homeId: bad }))).toEqual([{ path: 'homeId', message }]);
    expect(await issuesOf((client) => client.station.getStationsData({ deviceId: bad }))).toEqual([{ path: 'deviceId', message }]);
    expect(await issuesOf((client) => client.thermostat.renameHomeSchedule({ homeId, scheduleId, name: bad }))).toEqual([{ path: 'name', message }]);
    expect(await issuesOf((client) => client.camera.setPersonsHome({ homeId, personIds: ['p1', bad] }))).toEqual([{ path: 'personIds.1', message }]);
    expect(await issuesOf((client) => client.camera.getHomesData({ gatewayTypes: [bad] }))).toEqual([{ path: 'gatewayTypes.0', message }]);
    expect(await issuesOf((client) => client.thermostat.createHomeSchedule({ homeId, name: 'Winter', ...schedule, zones: [{ ...schedule.zones[0]!, name: bad }] }))).toEqual([
      { path: 'zones.0.name', message },
    ]);
    expect(await issuesOf((client) => client.camera.setState({ homeId, modules: [{ id: bad, monitoring: 'on' }] }))).toEqual([{ path: 'modules.0.id', message }]);
    expect(await issuesOf((client) => client.camera.setState({ homeId, modules: [{ id: 'm', monitoring: bad }] }))).toEqual([{ path: 'modules.0.monitoring', message }]);
    expect(paths(await issuesOf((client) => client.camera.addWebhook({ url: `https://example.com/${bad}` })))).toEqual(['url']);
  });

  test('lone surrogates (not encodable as UTF-8) and overlong strings are refused', async () => {
    expect(await issuesOf((client) => client.camera.getEventsUntil({ homeId, eventId: 'x\ud800' }))).toEqual([
      { path: 'eventId', message: "is not well-formed Unicode (a lone surrogate \\ud800 at index 1), got 'x\\ud800'" },
    ]);
    expect(await issuesOf((client) => client.camera.getEventsUntil({ homeId, eventId: 'e'.repeat(257) }))).toEqual([{ path: 'eventId', message: 'must be at most 256 characters, got 257' }]);
  });

  test('a name with unicode and emoji is sent as written', async () => {
    const { fake, client } = await setUp();
    await client.thermostat.renameHomeSchedule({ homeId, scheduleId, name: 'Hiver ❄️ été 😀 日本' });
    expect(fake.requests[0]!.params['name']).toBe('Hiver ❄️ été 😀 日本');
  });
});

describe('setState entries must be JSON data', () => {
  test('functions, bigints, NaN, class instances, undefined array items and cycles are refused, each at its path', async () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle['self'] = cycle;
    const issues = await issuesOf((client) =>
      client.thermostat.setState({
        homeId,
        rooms: [{ id: roomId, a: () => 1, b: 10n, c: Number.NaN, d: new Map(), e: [1, undefined], f: cycle, g: Symbol('x') }],
      }),
    );
    expect(issues).toEqual([
      { path: 'rooms.0.a', message: 'must be JSON data (string, number, boolean, null, array or object), got a function' },
      { path: 'rooms.0.b', message: 'must be JSON data (string, number, boolean, null, array or object), got 10n (a bigint)' },
      { path: 'rooms.0.c', message: 'must be a number, got NaN' },
      { path: 'rooms.0.d', message: 'must be a plain object, got a Map' },
      { path: 'rooms.0.e.1', message: 'must be JSON data, got undefined' },
      { path: 'rooms.0.f.self', message: 'refers to itself (a circular structure cannot be sent)' },
      { path: 'rooms.0.g', message: 'must be JSON data (string, number, boolean, null, array or object), got a symbol' },
    ]);
  });
});

describe('what is checked is what is sent', () => {
  test('changing the arrays passed after the call does not change the request', async () => {
    const { fake, client } = await setUp();
    const gatewayTypes = ['NAPlug'];
    const rooms = [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_temperature: 21 }];
    const calls = [client.thermostat.getHomesData({ homeId, gatewayTypes }), client.thermostat.setState({ homeId, rooms })];
    gatewayTypes.push('bad\nvalue');
    rooms[0]!.therm_setpoint_temperature = 99;
    rooms.push({ id: 'x\r\n', therm_setpoint_mode: 'max', therm_setpoint_temperature: 0 });
    await Promise.all(calls);
    expect(fake.requests.map((record) => record.params['gateway_types'] ?? record.json)).toEqual([
      'NAPlug',
      { home: { id: homeId, rooms: [{ id: roomId, therm_setpoint_mode: 'manual', therm_setpoint_temperature: 21 }] } },
    ]);
  });

  test('the webhook URL is sent in its normalised form', async () => {
    const { fake, client } = await setUp();
    await client.camera.addWebhook({ url: 'HTTPS://Example.COM:443/hook?a=1' });
    expect(fake.requests[0]!.params['url']).toBe('https://example.com/hook?a=1');
    expect(paths(await issuesOf((c) => c.camera.addWebhook({ url: 'https://user:pass@example.com/hook' })))).toEqual(['url']);
    expect(paths(await issuesOf((c) => c.camera.addWebhook({ url: 'ftp://example.com/hook' })))).toEqual(['url']);
  });
});

describe('per-call options are checked before anything is sent, naming the option', () => {
  const timer = 'must be a number of milliseconds from 1 to 2147483647';
  const cases: [string, unknown, { path: string; message: string }][] = [
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, { path: 'options.timeoutMs', message: `${timer}, got NaN` }],
    ['timeoutMs -1', { timeoutMs: -1 }, { path: 'options.timeoutMs', message: `${timer}, got -1` }],
    ['timeoutMs 1e20', { timeoutMs: 1e20 }, { path: 'options.timeoutMs', message: `${timer}, got 100000000000000000000` }],
    ['timeoutMs a string', { timeoutMs: 'x' }, { path: 'options.timeoutMs', message: `${timer}, got 'x'` }],
    ['a signal that is not an AbortSignal', { signal: { aborted: false } }, { path: 'options.signal', message: 'must be an AbortSignal (e.g. AbortSignal.timeout(5000) or controller.signal), got object' }],
    ['retry -1', { retry: -1 }, { path: 'options.retry', message: 'must be a whole number from 0 to 10, got -1' }],
    ['retry a string', { retry: 'x' }, { path: 'options.retry', message: "must be a number of retries or { retries, minTimeoutMs, maxTimeoutMs }, got 'x'" }],
    ['validation unknown', { validation: 'loose' }, { path: 'options.validation', message: "must be 'lenient', 'strict' or 'off', got 'loose'" }],
    ['a key that is not an option', { timeout: 5000 }, { path: 'options.timeout', message: 'is not an option; per-call options are signal, timeoutMs, retry, validation' }],
  ];

  test.each(cases)('%s', async (_what, options, issue) => {
    expect(await issuesOf((client) => client.thermostat.setThermMode({ homeId, mode: 'away' }, options as never))).toEqual([issue]);
    expect(await issuesOf((client) => client.station.iterateMeasures({ deviceId, scale: 'max', types: ['Temperature'], dateBegin: 1_900_000_000 }, options as never))).toEqual([issue]);
  });

  test('bad parameters are reported before bad options', async () => {
    expect(paths(await issuesOf((client) => client.thermostat.getHomeStatus({ homeId: '' }, { timeoutMs: -1 })))).toEqual(['homeId']);
  });

  test('a fractional timeout that passes the check works (rounded up to whole milliseconds)', async () => {
    const { fake, client } = await setUp();
    await client.thermostat.getHomeStatus({ homeId }, { timeoutMs: 2500.5, retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 5 }, validation: 'strict', signal: new AbortController().signal });
    expect(fake.count('homestatus')).toBe(1);
  });
});
