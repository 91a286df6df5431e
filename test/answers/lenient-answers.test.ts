import { describe, expect, test } from 'vitest';
import { NetatmoApiError, NetatmoValidationError, type AnswerIssue, type NetatmoClient, type NetatmoClientOptions } from '../../src/index.js';
import { oddAnswers } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';

const homeId = '91763b24c43d3e344f424e8b';

async function setUp(options: Partial<NetatmoClientOptions> = {}) {
  const fake = await fakeNetatmo();
  const warnings: string[] = [];
  const logger = { debug: () => {}, info: () => {}, warn: (message: string) => void warnings.push(message), error: () => {} };
  const client = clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0, logger, ...options });
  const drifts: { endpoint: string; issues: readonly AnswerIssue[] }[] = [];
  client.on('unexpectedAnswer', (payload) => void drifts.push(payload));
  return { fake, client, warnings, drifts };
}

describe('lenient (the default): one odd sensor never blanks the rest', () => {
  test('a null battery in every module of one station: the call resolves, the event names each place, the logger warns once per path', async () => {
    const { fake, client, warnings, drifts } = await setUp();
    const usual = await client.station.getStationsData();
    fake.answerWith('getstationsdata', oddAnswers.nullAt('devices.0.modules.*.battery_percent'));

    const first = await client.station.getStationsData();
    const second = await client.station.getStationsData();

    const modules = usual.devices[0]!.modules!;
    expect(modules.length).toBe(5);
    expect(first).toEqual({
      ...usual,
      devices: [{ ...usual.devices[0], modules: modules.map(({ battery_percent: _dropped, ...rest }) => rest) }, ...usual.devices.slice(1)],
    });
    expect(second).toEqual(first);
    expect(drifts).toHaveLength(2);
    expect(drifts[0]).toEqual({
      endpoint: 'getstationsdata',
      issues: [0, 1, 2, 3, 4].map((index) => ({
        path: `body.devices.0.modules.${index}.battery_percent`,
        expected: 'number',
        received: 'null',
        message: 'expected number, received null: removed: it reads as absent',
      })),
    });
    expect(warnings).toEqual([
      'netatmo-connect: getstationsdata answered something unexpected at body.devices.0.modules.0.battery_percent (expected number, received null: removed: it reads as absent); the call went on. Please report it.',
    ]);
  });

  test('homestatus with no body at all (a captured real answer) resolves to the empty status', async () => {
    const { fake, client, drifts } = await setUp();
    fake.answerWith('homestatus', oddAnswers.noBody);
    await expect(client.thermostat.getHomeStatus({ homeId })).resolves.toEqual({});
    expect(drifts.map((drift) => drift.issues.map((issue) => `${issue.path} ${issue.received}`))).toEqual([['body missing']]);
  });

  test('body {} on getstationsdata resolves to no devices', async () => {
    const { fake, client } = await setUp();
    fake.answerWith('getstationsdata', oddAnswers.emptyBody);
    await expect(client.station.getStationsData()).resolves.toEqual({ devices: [] });
  });

  test('a device whose type is not a string leaves the list; the other devices stay', async () => {
    const { fake, client, drifts } = await setUp();
    const usual = await client.homecoach.getHomeCoachsData();
    fake.answerWith('gethomecoachsdata', oddAnswers.valueAt('devices.1.type', 42));
    const result = await client.homecoach.getHomeCoachsData();
    expect(result.devices.map((device) => device._id)).toEqual(usual.devices.filter((_, index) => index !== 1).map((device) => device._id));
    expect(drifts[0]?.issues.map((issue) => issue.message)).toEqual(['expected string, received number: body.devices.1 was removed from its list']);
  });

  test('a module without its id fails the call with a NetatmoValidationError naming it, and fires no event', async () => {
    const { fake, client, drifts } = await setUp();
    fake.answerWith('getstationsdata', oddAnswers.without('devices.0.modules.1._id'));
    const error: unknown = await client.station.getStationsData().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoValidationError);
    expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual(['body.devices.0.modules.1._id']);
    expect((error as Error).message).toContain('it identifies the module, so the answer cannot be used');
    expect(drifts).toEqual([]);
  });
});

describe("validation: 'strict' and 'off', per client and per call", () => {
  test('strict reports what lenient repairs; a per-call option overrides the client', async () => {
    const { fake, client } = await setUp({ validation: 'strict' });
    fake.answerWith('homestatus', oddAnswers.nullAt('home.rooms.0.therm_measured_temperature'));
    const error: unknown = await client.thermostat.getHomeStatus({ homeId }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoValidationError);
    expect((error as NetatmoValidationError).issues.map((issue) => issue.path)).toEqual(['body.home.rooms.0.therm_measured_temperature']);

    const lenient = await client.thermostat.getHomeStatus({ homeId }, { validation: 'lenient' });
    expect(lenient.home?.rooms?.[0]).not.toHaveProperty('therm_measured_temperature');
    expect(fake.count('homestatus')).toBe(2);
  });

  test('off returns the body as sent, unchecked', async () => {
    const { fake, client, drifts } = await setUp({ validation: 'off' });
    fake.answerWith('getstationsdata', { devices: 'not a list', extra: null });
    await expect(client.station.getStationsData()).resolves.toEqual({ devices: 'not a list', extra: null });
    await expect(client.station.getStationsData({}, { validation: 'strict' })).rejects.toBeInstanceOf(NetatmoValidationError);
    expect(drifts).toEqual([]);
  });
});

describe('through the client, each endpoint: a null field, a removed object, no body and body {} resolve in lenient mode and are reported in strict mode', () => {
  const calls: Record<string, (client: NetatmoClient, options: { validation: 'lenient' | 'strict' }) => Promise<unknown>> = {
    getstationsdata: (client, options) => client.station.getStationsData({}, options),
    gethomecoachsdata: (client, options) => client.homecoach.getHomeCoachsData({}, options),
    getpublicdata: (client, options) => client.station.getPublicData({ latNe: 50.3, lonNe: 8.9, latSw: 50.1, lonSw: 8.7 }, options),
    homestatus: (client, options) => client.thermostat.getHomeStatus({ homeId }, options),
    getevents: (client, options) => client.camera.getEvents({ homeId }, options),
  };
  /** An optional scalar and a required or optional container of each endpoint's served fixture. */
  const odd: Record<string, [string, string]> = {
    getstationsdata: ['devices.0.dashboard_data.Temperature', 'devices'],
    gethomecoachsdata: ['devices.0.wifi_status', 'devices.0.place'],
    getpublicdata: ['0.mark', '0.measures'],
    homestatus: ['home.modules.0.wifi_strength', 'home.rooms'],
    getevents: ['home.events.0.video_status', 'home'],
  };
  const variations = (endpoint: string) => [
    ['null', oddAnswers.nullAt(odd[endpoint]![0])],
    ['removed', oddAnswers.without(odd[endpoint]![1])],
    ['no body', oddAnswers.noBody],
    ['body {}', oddAnswers.emptyBody],
  ] as const;

  test.each(Object.keys(calls))('%s', async (endpoint) => {
    const { fake, client, drifts } = await setUp();
    const call = calls[endpoint]!;
    let strictlyAccepted = 0;
    for (const [name, change] of variations(endpoint)) {
      fake.answerWith(endpoint, change);
      await expect(call(client, { validation: 'lenient' }), `${endpoint} ${name}`).resolves.toBeDefined();
      const strict = await call(client, { validation: 'strict' }).then(
        () => 'accepted',
        (error: unknown) => error,
      );
      if (strict === 'accepted') strictlyAccepted++;
      else expect(strict, `${endpoint} ${name}`).toBeInstanceOf(NetatmoValidationError);
    }
    // Only what the schema itself allows passes strict: homestatus `body: {}` (captured) and removing an optional list.
    expect(strictlyAccepted).toBe({ homestatus: 2, gethomecoachsdata: 1, getpublicdata: 1 }[endpoint] ?? 0);
    expect(drifts.length).toBe(4 - strictlyAccepted);
    expect(fake.count(endpoint)).toBe(8);
  });
});

describe('fake.answerWith', () => {
  test('times: only the next answers are odd, then the usual one returns', async () => {
    const { fake, client } = await setUp();
    fake.answerWith('homestatus', oddAnswers.emptyBody, { times: 1 });
    await expect(client.thermostat.getHomeStatus({ homeId })).resolves.toEqual({});
    const usual = await client.thermostat.getHomeStatus({ homeId });
    expect(usual.home?.id).toBe(homeId);
  });

  test('clearOddAnswers restores the usual answers', async () => {
    const { fake, client } = await setUp();
    fake.answerWith('getstationsdata', oddAnswers.emptyBody);
    fake.clearOddAnswers('getstationsdata');
    expect((await client.station.getStationsData()).devices.length).toBeGreaterThan(0);
  });

  test("a path that matches nothing makes the fake answer 500 naming it, so a typo never passes for a tolerant client", async () => {
    const { fake, client } = await setUp();
    fake.answerWith('getstationsdata', oddAnswers.nullAt('devices.9.module_name'));
    const error: unknown = await client.station.getStationsData().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetatmoApiError);
    expect((error as NetatmoApiError).status).toBe(500);
    expect((error as Error).message).toContain("the path 'devices.9.module_name' matches nothing in the body");
  });

  test('errors and enqueued answers are served untouched', async () => {
    const { fake, client } = await setUp();
    fake.answerWith('homestatus', oddAnswers.emptyBody);
    const captured = { status: 'ok', time_server: 1, body: { home: { id: 'queued' } } };
    fake.enqueue('homestatus', { body: captured });
    await expect(client.thermostat.getHomeStatus({ homeId })).resolves.toEqual({ home: { id: 'queued' } });
    const tokens = fake.issueTokens();
    const response = await fetch(`${fake.url}/api/homestatus`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 10, message: 'Missing home_id' } });
  });

  test('oddAnswers.all applies several changes in order', async () => {
    const { fake, client } = await setUp();
    fake.answerWith('getstationsdata', oddAnswers.all(oddAnswers.without('devices.0.modules'), oddAnswers.valueAt('devices.0.home_name', 'Odd'), oddAnswers.noBody, oddAnswers.emptyBody));
    // noBody ends the chain: nothing after it can bring a body back.
    await expect(client.station.getStationsData()).resolves.toEqual({ devices: [] });
    fake.answerWith('getstationsdata', oddAnswers.all(oddAnswers.without('devices.0.modules'), oddAnswers.valueAt('devices.0.home_name', 'Odd')));
    const [station] = (await client.station.getStationsData()).devices;
    expect(station?.modules).toBeUndefined();
    expect(station?.home_name).toBe('Odd');
  });

  test('a bad times is refused at once', async () => {
    const { fake } = await setUp();
    expect(() => fake.answerWith('homestatus', oddAnswers.noBody, { times: 0 })).toThrow("answerWith('homestatus'): times must be a positive integer, got 0");
  });
});
