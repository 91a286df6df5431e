import { expect, test } from 'vitest';
import { CameraApi, HomesApi, ThermostatApi } from '../../src/index.js';
import { fixture } from '../../src/testing/index.js';
import { clientFor, fakeNetatmo, storeWithTokens } from '../helpers/setup.js';
import alreadyOn from '../../src/testing/fixtures/pyatmo/archive/camera_set_state_error_already_on.json' with { type: 'json' };

async function setUp() {
  const fake = await fakeNetatmo();
  return { fake, client: clientFor(fake, { tokenStore: storeWithTokens(fake), retry: 0 }) };
}

test('homesdata, homestatus and setstate are one implementation shared by thermostat and camera', async () => {
  const { client } = await setUp();
  expect(client.thermostat).toBeInstanceOf(ThermostatApi);
  expect(client.camera).toBeInstanceOf(CameraApi);
  for (const method of ['getHomesData', 'getHomeStatus', 'setState'] as const) {
    expect(client.thermostat[method]).toBe(HomesApi.prototype[method]);
    expect(client.camera[method]).toBe(HomesApi.prototype[method]);
  }
  expect(await client.camera.getHomeStatus({ homeId: '91763b24c43d3e344f424e8b' })).toEqual(await client.thermostat.getHomeStatus({ homeId: '91763b24c43d3e344f424e8b' }));
});

test('homestatus with HTTP 200 and body.errors[] (unreachable gateway) resolves with the errors in the result', async () => {
  const { client } = await setUp();
  const status = await client.thermostat.getHomeStatus({ homeId: 'aaaaaaaaaaabbbbbbbbbbccc' });
  expect(status).toEqual({ errors: [{ code: 6, id: 'aa:aa:aa:aa:aa:aa' }], home: { id: 'aaaaaaaaaaabbbbbbbbbbccc' } });
});

test('setstate with HTTP 200 and a refused command keeps the error (code 23 "Already on") in the result', async () => {
  const { fake, client } = await setUp();
  fake.enqueue('setstate', fixture(alreadyOn, Date.now()));
  const result = await client.camera.setState({ homeId: '91763b24c43d3e344f424e8b', modules: [{ id: '12:34:56:00:f1:62', monitoring: 'on' }] });
  expect(result?.errors).toEqual([{ code: 23, message: 'Already on', id: '12:34:56:00:f1:62', command: 'command/changestatus' }]);
});

test('setstate with no body (everything applied) resolves to undefined', async () => {
  const { fake, client } = await setUp();
  const result = await client.thermostat.setState({ homeId: '91763b24c43d3e344f424e8b', rooms: [{ id: '2746182631', therm_setpoint_mode: 'home' }] });
  expect(result).toBeUndefined();
  expect(fake.requests.at(-1)!.json).toEqual({ home: { id: '91763b24c43d3e344f424e8b', rooms: [{ id: '2746182631', therm_setpoint_mode: 'home' }] } });
});

test('unknown device types and unknown fields are kept, never stripped', async () => {
  const { fake, client } = await setUp();
  fake.enqueue(
    'homestatus',
    fixture({ status: 'ok', body: { home: { id: 'h', modules: [{ id: 'x', type: 'NEW_DEVICE_2030', brand_new_field: { nested: [1, 2] } }], future: true } } }, Date.now()),
  );
  const status = await client.thermostat.getHomeStatus({ homeId: 'h' });
  expect(status.home?.modules?.[0]).toEqual({ id: 'x', type: 'NEW_DEVICE_2030', brand_new_field: { nested: [1, 2] } });
  expect(status.home?.['future']).toBe(true);
});
