import stationsData from '../fixtures/pyatmo/getstationsdata.json' with { type: 'json' };
import publicData from '../fixtures/pyatmo/getpublicdata.json' with { type: 'json' };
import energyMeasureA from '../fixtures/pyatmo/getmeasure_energy_12_34_56_00_00_a1_4c_da.json' with { type: 'json' };
import energyMeasureB from '../fixtures/pyatmo/getmeasure_energy_98_76_54_32_10_00_00_69.json' with { type: 'json' };
import homeCoachsData from '../fixtures/pyatmo/gethomecoachsdata.json' with { type: 'json' };
import homesData from '../fixtures/pyatmo/homesdata.json' with { type: 'json' };
import { isKnownMeasureType, measureScales, type MeasureScale } from '../../api/shared/measure-types.js';
import { fixture, invalidArg, missingParams, type FakeApiRoute } from '../fake-response.js';
import { syntheticMeasures } from './measure-series.js';
import { checkBoolean, checkEnum, checkNumber, firstFailure } from './route-checks.js';

/** `/api/getstationsdata`, served from pyatmo's captured answer. */
export const getStationsDataRoute: FakeApiRoute = {
  endpoint: 'getstationsdata',
  methods: ['GET', 'POST'],
  scopes: ['read_station'],
  handle({ params, now }) {
    const invalid = checkBoolean(params, 'get_favorites');
    if (invalid) return invalid;
    const deviceId = params['device_id'];
    if (deviceId === undefined) return fixture(stationsData, now);
    const devices = stationsData.body.devices.filter((device) => device._id === deviceId);
    if (devices.length === 0) return invalidArg('device id is invalid');
    return fixture({ ...stationsData, body: { ...stationsData.body, devices } }, now);
  },
};

/** Energy meters whose captured history the fake serves, by module id. */
const energyFixtures: Record<string, unknown> = {
  '12:34:56:00:00:a1:4c:da': energyMeasureA,
  '98:76:54:32:10:00:00:69': energyMeasureB,
};

/** Weather devices and their modules: station MACs → module MACs, Home Coaches with none. */
const weatherDevices = new Map<string, readonly string[]>([
  ...stationsData.body.devices.map((device) => [device._id, (device.modules ?? []).map((module) => module._id)] as const),
  ...homeCoachsData.body.devices.map((device) => [device._id, []] as const),
]);

/** Thermostats and energy gateways of the captured homes. */
const energyDevices = new Set(
  homesData.body.homes.flatMap((home) => (home.modules ?? []).filter((module) => /^(NAPlug|NATherm1|NLG|NLE|NLPC|OTH|OTM|BNS)/.test(module.type)).map((module) => module.id)),
);

/**
 * `/api/getmeasure`: captured energy-meter answers for their module ids, a synthetic gap-free
 * series for the captured stations, modules, Home Coaches and thermostats.
 */
export const getMeasureRoute: FakeApiRoute = {
  endpoint: 'getmeasure',
  methods: ['GET', 'POST'],
  scopes: ['read_station', 'read_homecoach', 'read_thermostat', 'read_magellan'],
  handle(request) {
    const { params, now } = request;
    const missing = missingParams(params, ['device_id', 'scale', 'type']);
    if (missing) return missing;
    const deviceId = params['device_id']!;
    const moduleId = params['module_id'];
    const captured = moduleId === undefined ? undefined : (Object.hasOwn(energyFixtures, moduleId) ? energyFixtures[moduleId] : undefined);
    if (captured) {
      if (!measureScales.includes(params['scale'] as MeasureScale)) return invalidArg(`Invalid scale: ${params['scale']!}`);
      const unknown = params['type']!.split(',').find((type) => !isKnownMeasureType('thermostat', params['scale'] as MeasureScale, type));
      return unknown === undefined ? fixture(captured, now) : invalidArg(`Invalid type: ${unknown}`);
    }
    const modules = weatherDevices.get(deviceId);
    if (modules) {
      if (moduleId !== undefined && !modules.includes(moduleId)) return invalidArg('Invalid module_id');
      return syntheticMeasures(request, 'weather');
    }
    if (energyDevices.has(deviceId)) return syntheticMeasures(request, 'thermostat');
    return invalidArg('Invalid device_id');
  },
};

/** `/api/getpublicdata`: pyatmo's captured answer for any valid rectangle. */
export const getPublicDataRoute: FakeApiRoute = {
  endpoint: 'getpublicdata',
  methods: ['GET', 'POST'],
  scopes: [],
  handle({ params, now }) {
    const invalid = firstFailure(
      missingParams(params, ['lat_ne', 'lon_ne', 'lat_sw', 'lon_sw']),
      checkNumber(params, 'lat_ne', -85, 85),
      checkNumber(params, 'lat_sw', -85, 85),
      checkNumber(params, 'lon_ne', -180, 180),
      checkNumber(params, 'lon_sw', -180, 180),
      checkEnum(params, 'required_data', ['temperature', 'humidity', 'pressure', 'wind', 'rain']),
      checkBoolean(params, 'filter'),
    );
    if (invalid) return invalid;
    if (Number(params['lat_ne']) <= Number(params['lat_sw']) || Number(params['lon_ne']) <= Number(params['lon_sw'])) {
      return invalidArg('Invalid coordinates: lat_ne/lon_ne must be north-east of lat_sw/lon_sw');
    }
    return fixture(publicData, now);
  },
};

export const stationRoutes: readonly FakeApiRoute[] = [getStationsDataRoute, getMeasureRoute, getPublicDataRoute];
