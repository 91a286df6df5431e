import stationsData from '../fixtures/pyatmo/getstationsdata.json' with { type: 'json' };
import publicData from '../fixtures/pyatmo/getpublicdata.json' with { type: 'json' };
import energyMeasureA from '../fixtures/pyatmo/getmeasure_energy_12_34_56_00_00_a1_4c_da.json' with { type: 'json' };
import energyMeasureB from '../fixtures/pyatmo/getmeasure_energy_98_76_54_32_10_00_00_69.json' with { type: 'json' };
import homeCoachsData from '../fixtures/pyatmo/gethomecoachsdata.json' with { type: 'json' };
import { fixture, invalidArg, missingParams, type FakeApiRoute } from '../fake-response.js';
import { capturedHomes } from './homes-routes.js';
import { capturedMeasures, syntheticMeasures, type CapturedSeries } from './measure-series.js';
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

/** Legrand meters whose captured history (pyatmo, `sum_energy_buy_from_grid` and its tariffs) the fake serves, by module id. */
const energyType = ['sum_energy_buy_from_grid', 'sum_energy_buy_from_grid$0', 'sum_energy_buy_from_grid$1', 'sum_energy_buy_from_grid$2'];
const capturedEnergy: Record<string, CapturedSeries> = {
  '12:34:56:00:00:a1:4c:da': { scale: '1hour', types: energyType, body: energyMeasureA.body },
  '98:76:54:32:10:00:00:69': { scale: '30min', types: energyType, body: energyMeasureB.body },
};

/** Weather devices: station MACs → their modules and type, Home Coaches with none. */
const weatherDevices = new Map<string, ReadonlyMap<string, string>>([
  ...stationsData.body.devices.map((device) => [device._id, new Map((device.modules ?? []).map((module) => [module._id, module.type]))] as const),
  ...homeCoachsData.body.devices.map((device) => [device._id, new Map<string, string>()] as const),
]);

/** Every module of the captured homes, by id: thermostats, gateways and Legrand meters have a history. */
const homeModules = new Map([...capturedHomes.values()].flatMap((home) => (home.modules ?? []).map((module) => [module.id, home.id] as const)));

/**
 * `/api/getmeasure`: a synthetic series seeded by device and module for the captured stations,
 * their modules and Home Coaches (outdoor modules swing with the weather), and for the modules of
 * the captured homes (thermostats, Legrand meters: pyatmo asks with `device_id` = the bridge);
 * the captured meter answers where the request matches them (see {@link capturedMeasures}).
 */
export const getMeasureRoute: FakeApiRoute = {
  endpoint: 'getmeasure',
  methods: ['GET', 'POST'],
  scopes: ['read_station', 'read_homecoach', 'read_thermostat', 'read_magellan'],
  handle(request) {
    const { params } = request;
    const missing = missingParams(params, ['device_id', 'scale', 'type']);
    if (missing) return missing;
    const deviceId = params['device_id']!;
    const moduleId = params['module_id'];
    const seed = `${deviceId}/${moduleId ?? ''}`;
    const modules = weatherDevices.get(deviceId);
    if (modules) {
      if (moduleId !== undefined && !modules.has(moduleId)) return invalidArg('Invalid module_id');
      return syntheticMeasures(request, 'weather', { seed, profile: moduleId !== undefined && modules.get(moduleId) === 'NAModule1' ? 'outdoor' : 'indoor' });
    }
    const home = homeModules.get(deviceId);
    if (home === undefined && !(moduleId !== undefined && Object.hasOwn(capturedEnergy, moduleId))) return invalidArg('Invalid device_id');
    if (moduleId !== undefined && Object.hasOwn(capturedEnergy, moduleId)) {
      const served = capturedMeasures(request, 'thermostat', capturedEnergy[moduleId]!);
      if (served) return served;
    } else if (moduleId !== undefined && homeModules.get(moduleId) !== home) {
      return invalidArg('Invalid module_id');
    }
    return syntheticMeasures(request, 'thermostat', { seed, profile: 'indoor' });
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
